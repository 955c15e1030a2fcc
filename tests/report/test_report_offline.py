"""The HTML report opens in a real Chromium with zero network requests; the PDF renders Hangul with a CJK font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from laborwatch.report.collect import ReportOptions
from laborwatch.report.publish import write_report
from laborwatch.store import Store

CHROMIUM = Path("/usr/bin/chromium")
HANGUL = "북한 노동자"  # "North Korean workers"


def _sample(add_claim: Callable[..., str], add_document: Callable[..., str]) -> None:
    text = f"쿠웨이트에 {HANGUL} 약 3,000명이 일하고 있다고 정부가 밝혔다."
    sha = add_document(text, publisher="한국 방송", url="https://example.org/ko", published="2017-09", language="ko")
    add_claim(country="KW", count=3000, qualifier="about", as_of="2017-09", document_sha256=sha, start=0,
              end=len(text), quote=text, attributed_to="정부")
    add_claim(country="RU", count=30000, qualifier="about", as_of="2019", citation_publisher="Wire",
              citation_url="https://example.org/ru")
    add_claim(kind="employer", country="RU", name="Example Trading", role="dispatcher",
              citation_publisher="Wire", citation_url="https://example.org/ru-2")


@pytest.mark.browser
def test_html_report_makes_no_network_request(store: Store, add_claim: Callable[..., str],
                                              add_document: Callable[..., str], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is needed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    _sample(add_claim, add_document)
    out = tmp_path / "report.html"
    write_report(store, out, options=ReportOptions(draft=True))
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(out.as_uri(), wait_until="networkidle")
            assert page.locator("svg.map path").count() > 100  # the shipped shapes drew
            assert page.locator("svg.chart circle").count() >= 1
            assert page.locator("#fn-1 a").first.get_attribute("href")  # the note links its source
            first = page.locator("sup a").first
            target = first.get_attribute("href")
            first.click()
            assert target and page.url.endswith(target)
        finally:
            browser.close()
    assert requests == [out.as_uri()], requests  # the file itself, and nothing else


def test_pdf_renders_hangul_with_an_embedded_cjk_font(store: Store, add_claim: Callable[..., str],
                                                      add_document: Callable[..., str], tmp_path: Path) -> None:
    _sample(add_claim, add_document)
    out = tmp_path / "report.pdf"
    write_report(store, out, options=ReportOptions(draft=True))
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert HANGUL in text
    fonts: set[str] = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("CJK" in name for name in fonts), fonts
    # DRAFT on every page.
    assert all("DRAFT" in page.extract_text() for page in reader.pages)
