"""The server-rendered pages: what they show each role, and that their forms work with the CSRF token."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import add_document, login, propose


def test_dashboard_document_and_review_from_the_page(client, people):
    doc = add_document(client, people["ana"], published="2024-03")
    qatar = propose(doc, "about 1,200 North Korean laborers", country="QA", count=1200)
    kuwait = propose(doc, "some 300 of them", country="KW", count=300)
    csrf = login(client, "ana")
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and "2</span><span>claims waiting for review" in dashboard.text
    assert "<svg" in dashboard.text  # the map
    page = client.get(f"/documents/{doc}")
    marks = re.findall(r'<mark class="claim status-(\w+)"[^>]*data-claim="(\w+)"[^>]*>([^<]*)</mark>', page.text)
    assert [(m[1], m[2]) for m in marks] == [(qatar, "about 1,200 North Korean laborers"), (kuwait, "some 300 of them")]
    panel = client.get(f"/claims/{qatar}/panel", headers={"HX-Request": "true"})
    assert "<html" not in panel.text and 'value="accept"' in panel.text
    refused = client.post(f"/claims/{qatar}/decide", data={"action": "accept"})
    assert refused.status_code == 403
    accepted = client.post(f"/claims/{qatar}/decide", data={"action": "accept", "csrf_token": csrf},
                           headers={"HX-Request": "true"})
    assert accepted.status_code == 200 and "Accepted." in accepted.text and accepted.headers["hx-trigger"]
    reject = client.post(f"/claims/{kuwait}/decide", data={"action": "reject", "csrf_token": csrf},
                         headers={"HX-Request": "true"})
    assert "Not saved: a rejection needs a reason" in reject.text
    queue = client.get("/review")
    assert kuwait in queue.text and "1 claim waiting" in queue.text
    edit = client.post(f"/claims/{kuwait}/decide", data={"action": "edit", "csrf_token": csrf, "field_count": "320",
                                                         "field_country": "KW", "expected_status": "proposed"},
                       headers={"HX-Request": "true"})
    assert "Saved as version 2" in edit.text
    assert "Nothing waits for review" in client.get("/review").text
    country = client.get("/countries/QA")
    assert country.status_code == 200 and "about 1,200 North Korean laborers" in country.text
    assert client.get("/countries/FR").status_code == 404


def test_viewer_pages(client, people):
    doc = add_document(client, people["ana"])
    propose(doc, "about 1,200 North Korean laborers", country="QA", count=1200)
    login(client, "vic")
    assert "Review</a>" not in client.get("/").text
    page = client.get(f"/documents/{doc}")
    assert "<mark" not in page.text  # proposed claims are not shown to viewers
    assert client.get("/review").status_code == 403
    assert client.get("/screening", follow_redirects=False).status_code == 403
    report = client.get("/report")
    assert report.status_code == 200 and "Build report" not in report.text


def test_upload_form_and_its_errors(client, people):
    csrf = login(client, "ana")
    response = client.post("/documents", data={"csrf_token": csrf, "publisher": "Desk"},
                           files={"file": ("notes.txt", b"Some 50 workers were seen in Laos.")},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/documents/")
    assert "Some 50 workers" in client.get(response.headers["location"]).text
    bad = client.post("/documents", data={"csrf_token": csrf}, files={"file": ("notes.exe", b"MZ")})
    assert bad.status_code == 422 and "notes.exe: unsupported file type" in bad.text
    forged = client.post("/documents", files={"file": ("n.txt", b"x workers")})
    assert forged.status_code == 403


def test_screening_and_report_pages(client, people):
    client.post("/api/lists", headers=people["ada"].auth, data={"format": "csv"},
                files={"files": ("demo.csv", b"id,name,aliases,schema,country,program\n"
                                             b"x-1,EXAMPLE GENERAL TRADING CORPORATION,,Organization,kp,DPRK3\n")})
    csrf = login(client, "ana")
    assert "demo (1 entries" in client.get("/screening").text
    results = client.get("/screening/results", params={"name": "Example General Trading Corp"})
    assert "EXAMPLE GENERAL TRADING CORPORATION" in results.text and 'class="score"' in results.text
    job = client.post("/screening/batch", data={"csrf_token": csrf, "threshold": "0.5"},
                      files={"file": ("names.csv", b"id,name\n1,Example General Trading\n")})
    assert job.status_code == 200 and "names.csv" in job.text and "<progress" in job.text
    report = client.post("/report", data={"csrf_token": csrf, "edition": "public", "draft": "on"})
    assert report.status_code == 200 and "Built the public edition (draft)" in report.text
    links = re.findall(r'href="(/api/reports/[^"]+)"', report.text)
    assert {link.rsplit("/", 1)[1] for link in links} >= {"html", "pdf", "md", "json"}
    assert client.get(next(link for link in links if link.endswith("/pdf"))).content.startswith(b"%PDF")


def test_upload_with_extraction_then_review_in_the_document(client, people):
    pytest.importorskip("laborwatch.extract.pipeline", reason="the extraction stage is not in this checkout")
    csrf = login(client, "ana")
    text = ("Doha, 2016-05-02. Yonhap estimates that there are 2,000 North Korean laborers in Qatar, "
            "most of them on construction sites.\n")
    response = client.post("/documents", data={"csrf_token": csrf, "extract": "true", "published": "2016-05-02"},
                           files={"file": ("doha.txt", text.encode())})
    assert response.status_code == 200 and "<mark" in response.text
    claim = re.search(r'data-claim="(\w+)"', response.text).group(1)
    api = client.get(f"/api/claims/{claim}").json()
    assert api["claim"]["country"] == "QA" and api["claim"]["count"] == 2000 and api["claim"]["status"] == "proposed"
    doc = api["claim"]["document_sha256"]
    again = client.post(f"/api/documents/{doc}/extract", headers={"X-CSRF-Token": csrf}).json()
    assert again["already_extracted"] and again["claims"] == 0
