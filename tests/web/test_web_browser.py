"""The pages in real Chromium against a real server: log in, add a document, review a claim in the document
view, screen a name and a batch file, build and download a report. Every request the pages make is recorded
and must go to this server; screenshots land in test-artifacts/web/."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laborwatch.api import accounts
from laborwatch.screen.lists import load_list
from laborwatch.store import open_store
from tests.conftest import ROOT
from tests.presence_documents import add_and_extract

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PASSWORD = "a browser test password"
# A made-up list for the test (plain CSV format), not from a real list.
TEST_LIST = ("id,name,aliases,schema,country,program\n"
             "b-1,EASTERN HORIZON OVERSEAS CONSTRUCTION COMPANY,Eastern Horizon Construction,Organization,kp,DPRK3\n"
             "b-2,\"RI, Chol Man\",Lee Cheol Man,Person,kp,DPRK3\n")
DOCUMENT = ("Doha, 2016-05-02. Yonhap estimates that there are 2,000 North Korean laborers in Qatar, most of them "
            "on construction sites run by Eastern Horizon.\n\nA diplomat said the government would stop issuing "
            "new visas.\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(home: Path, tmp_path: Path) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    store = open_store()
    accounts.add_user(store, "ana", PASSWORD, role="analyst", actor="setup")
    listed = tmp_path / "browser-list.csv"
    listed.write_text(TEST_LIST, encoding="utf-8")
    load_list(store, listed, "csv", name="browser-test", actor="setup")
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "laborwatch", "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--log-level", "warning"], env=dict(os.environ), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail("the server exited: " + (tmp_path / "server.log").read_text())
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_the_whole_flow_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    pytest.importorskip("laborwatch.extract.pipeline", reason="the extraction stage is not in this checkout")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    document = tmp_path / "doha-notes.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    batch = tmp_path / "suppliers.csv"
    batch.write_text("id,name\ns1,Eastern Horizon Overseas Construction Co\ns2,Lee Chul Man\ns3,Sunny Bakery\n",
                     encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 860}, accept_downloads=True)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))

        page.goto(server + "/")
        expect(page).to_have_url(server + "/login?next=%2F")
        page.fill("input[name=name]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")

        # Add a document (with extraction) and review its claim in the document view, by keyboard.
        page.click("nav >> text=Documents")
        page.click("summary")
        page.set_input_files("input[type=file]", str(document))
        page.fill("input[name=published]", "2016-05-02")
        page.click("button:has-text('Add document')")
        mark = page.locator("mark.claim").first
        expect(mark).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)
        mark.focus()
        page.keyboard.press("Enter")  # the keyboard opens a passage's claim as a click does
        panel = page.locator(".claim-panel")
        expect(panel).to_contain_text("Yonhap")
        document_url = page.url
        claim_id = panel.get_attribute("data-claim")
        page.keyboard.press("a")
        expect(panel.locator(".notice")).to_have_text("Accepted.")
        expect(panel.locator(".badge.status-accepted")).to_be_visible()
        assert page.url == document_url  # the decision swapped the panel in place; no full-page post
        page.goto(document_url)
        expect(page.locator(f"mark.claim[data-claim='{claim_id}']")).to_have_class(re.compile("status-accepted"))
        page.screenshot(path=str(ARTIFACTS / "document-reviewed.png"), full_page=True)

        # Screen one name, then a batch file with its progress and download.
        page.click("nav >> text=Screening")
        page.fill("#screen-name", "Eastern Horizon Overseas Construction Co")
        page.click("button:has-text('Screen')")
        expect(page.locator("#results table")).to_contain_text("EASTERN HORIZON OVERSEAS CONSTRUCTION COMPANY")
        page.set_input_files("input[name=file]", str(batch))
        page.click("button:has-text('Screen file')")
        download_link = page.locator("#job a.download")
        expect(download_link).to_be_visible(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "screening.png"), full_page=True)
        with page.expect_download() as info:
            download_link.click()
        hits = Path(info.value.path()).read_text(encoding="utf-8")
        assert hits.startswith("query_id,rank,score") and "b-1" in hits

        # Build a draft report and download it.
        page.click("nav >> text=Report")
        page.check("input[name=draft]")
        page.click("button:has-text('Build report')")
        expect(page.locator("#built")).to_contain_text("Built the public edition (draft)")
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        with page.expect_download() as info:
            page.locator("#built a.download", has_text="HTML").click()
        assert "North Korean" in Path(info.value.path()).read_text(encoding="utf-8")

        # The country page and the dashboard with the accepted figure; the API reference.
        page.goto(server + "/countries/QA")
        expect(page.locator("h1")).to_have_text("Qatar")
        page.goto(server + "/")
        expect(page.locator("table")).to_contain_text("Qatar")
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        page.goto(server + "/api/docs")
        expect(page.locator("h1.api-title")).to_contain_text("LaborWatch")
        expect(page.locator("section.api-op").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"))

        # A phone-sized screen: the menu folds away and the page still reads.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
        mobile = phone.new_page()
        mobile.on("request", lambda r: requests.append(r.url))
        mobile.goto(server + "/")
        expect(mobile.locator("nav.nav")).to_be_hidden()
        mobile.click("label.nav-button")
        expect(mobile.locator("nav.nav")).to_be_visible()
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        mobile.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)
        browser.close()

    outside = [url for url in requests if not url.startswith(server + "/")]
    assert not outside, f"pages requested outside the server: {outside}"
    assert len(requests) > 20


def test_a_presence_claim_in_chromium(server: str, tmp_path: Path) -> None:
    """Review a presence claim by keyboard (its rule and place shown), then find it on the country page."""
    from playwright.sync_api import expect, sync_playwright

    ids = add_and_extract(open_store(), tmp_path / "docs")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 860}).new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server + "/login")
        page.fill("input[name=name]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")

        page.goto(server + "/review")
        page.select_option("select[name=kind]", "presence")
        page.fill("input[name=country]", "LA")
        page.click("button:has-text('Filter')")
        panel = page.locator(".claim-panel")
        expect(panel).to_have_attribute("data-claim", ids["laos"])
        expect(panel.locator(".claim-place")).to_have_text("Vientiane")
        expect(panel.locator(".claim-rule")).to_contain_text("vague quantity 'Thousands'")
        expect(panel.locator("h2")).to_have_text("LA present, no figure in Vientiane")
        page.screenshot(path=str(ARTIFACTS / "review-presence.png"), full_page=True)
        page.keyboard.press("a")
        expect(panel.locator(".notice")).to_have_text("Accepted.")

        page.goto(server + "/countries/LA")
        expect(page.locator("h1")).to_have_text("Laos")
        expect(page.locator(".stat .num").first).to_have_text("present, no figure")
        expect(page.locator("p.places")).to_contain_text("Vientiane")
        expect(page.locator("section.presence blockquote")).to_contain_text(
            "Thousands of North Korean workers remain in Vientiane")
        page.screenshot(path=str(ARTIFACTS / "country-presence.png"), full_page=True)
        page.goto(server + "/")
        expect(page.locator("table tr", has_text="Laos")).to_contain_text("present, no figure")
        browser.close()

    outside = [url for url in requests if not url.startswith(server + "/")]
    assert not outside, f"pages requested outside the server: {outside}"
