"""Entities, engagements, estimates and reports through the API."""

from __future__ import annotations

import json

from tests.api.conftest import add_document, propose


def _accepted_counts(client, people):
    doc = add_document(client, people["ana"], published="2024-03")
    qatar = propose(doc, "about 1,200 North Korean laborers", country="QA", count=1200)
    client.post(f"/api/claims/{qatar}/accept", headers=people["ana"].auth)
    body = {"kind": "employer", "values": {"country": "QA", "name": "Example Construction Co", "role": "employer"},
            "publisher": "Example Gazette", "date": "2023-05", "url": "https://example.org/e"}
    assert client.post("/api/claims", headers=people["ana"].auth, json=body).status_code == 201
    body2 = {**body, "values": {**body["values"], "name": "Example Construction Company"},
             "url": "https://example.org/e2"}
    assert client.post("/api/claims", headers=people["ana"].auth, json=body2).status_code == 201
    return doc, qatar


def test_entities_and_merges(client, people):
    _accepted_counts(client, people)
    auth = people["ana"].auth
    entities = client.get("/api/entities", headers=auth).json()
    assert entities["total"] == 2
    ids = [e["id"] for e in entities["items"]]
    merged = client.post("/api/entities/merge", headers=auth,
                         json={"kept": ids[0], "merged": ids[1], "reason": "the same company"})
    assert merged.status_code == 201 and merged.json()["merged_by"] == "ana"
    after = client.get("/api/entities", headers=auth).json()
    assert after["total"] == 1 and after["items"][0]["merged"] == [ids[1]]
    again = client.post("/api/entities/merge", headers=auth, json={"kept": ids[0], "merged": ids[1], "reason": "x"})
    assert again.status_code == 409
    assert client.post("/api/entities/merge", headers=auth, json={"kept": ids[0], "merged": ids[1]}).status_code == 422
    assert client.post("/api/entities/merge", headers=people["vic"].auth,
                       json={"kept": ids[0], "merged": ids[1], "reason": "x"}).status_code == 403
    merges = client.get("/api/entities/merges", headers=auth).json()
    assert merges["total"] == 1
    undone = client.post(f"/api/entities/merges/{merges['items'][0]['id']}/undo", headers=auth)
    assert undone.status_code == 200 and undone.json()["undone_by"] == "ana"
    assert client.post("/api/entities/merges/999/undo", headers=auth).status_code == 404
    assert client.get("/api/entities", headers=people["vic"].auth).json()["total"] == 2


def test_engagements(client, people):
    auth = people["ana"].auth
    body = {"country": "QA", "kind": "demarche", "date": "2024-02-01", "summary": "Asked about visas",
            "commitment": "No new visas"}
    assert client.post("/api/engagements", headers=auth, json=body).status_code == 201
    assert client.post("/api/engagements", headers=auth, json=body).status_code == 200  # recorded once
    bad = client.post("/api/engagements", headers=auth, json={**body, "kind": "dinner"})
    assert bad.status_code == 422 and "--kind must be one of" in bad.json()["error"]["message"]
    secret = {**body, "summary": "Quiet talk", "restricted": True}
    assert client.post("/api/engagements", headers=auth, json=secret).status_code == 403
    assert client.post("/api/engagements", headers=people["ines"].auth, json=secret).status_code == 201
    assert client.get("/api/engagements", headers=people["vic"].auth).json()["total"] == 1
    assert client.get("/api/engagements", headers=people["ines"].auth, params={"country": "qa"}).json()["total"] == 2
    assert client.post("/api/engagements", headers=people["vic"].auth, json=body).status_code == 403


def test_estimates(client, people):
    _accepted_counts(client, people)
    rows = client.get("/api/estimates", headers=people["vic"].auth).json()
    assert rows["total"] == 1
    qatar = rows["items"][0]
    assert qatar["country"] == "QA" and qatar["low"] == 1200 and qatar["high"] == 1200
    one = client.get("/api/estimates/qa", headers=people["vic"].auth).json()
    assert one["estimate"]["text"] == "1,200"
    assert any(n["quote"] == "about 1,200 North Korean laborers" for n in one["footnotes"])
    assert client.get("/api/estimates/FR", headers=people["vic"].auth).status_code == 404


def test_reports_build_block_and_download(client, people):
    doc, _ = _accepted_counts(client, people)
    pending = propose(doc, "some 300 of them", country="KW", count=300)
    auth = people["ana"].auth
    blocked = client.post("/api/reports", headers=auth, json={"edition": "public", "formats": ["json"]})
    assert blocked.status_code == 409 and pending in blocked.json()["error"]["message"]
    draft = client.post("/api/reports", headers=auth, json={"edition": "public", "draft": True,
                                                            "formats": ["json", "md", "html"]})
    assert draft.status_code == 201, draft.text
    built = draft.json()
    assert built["draft"] and built["pending_review"] == 1 and set(built["downloads"]) == {"json", "md", "html"}
    data = client.get(built["downloads"]["json"], headers=people["vic"].auth)
    assert data.status_code == 200 and json.loads(data.content)["draft"] is True
    html = client.get(built["downloads"]["html"], headers=people["vic"].auth)
    assert html.headers["content-type"].startswith("text/html") and "attachment" in html.headers["content-disposition"]
    assert client.get(f"/api/reports/{built['id']}/pdf", headers=auth).status_code == 404
    assert client.get("/api/reports/../../etc/json", headers=auth).status_code == 404
    assert client.get("/api/reports", headers=people["vic"].auth).json()["total"] == 1
    assert client.post("/api/reports", headers=people["vic"].auth, json={"draft": True}).status_code == 403
    assert client.post("/api/reports", headers=auth, json={"edition": "restricted"}).status_code == 403
    assert client.post("/api/reports", headers=auth, json={"formats": ["docx"]}).status_code == 422
    inside = client.post("/api/reports", headers=people["ines"].auth,
                         json={"edition": "restricted", "draft": True, "formats": ["md"]}).json()
    assert client.get(inside["downloads"]["md"], headers=auth).status_code == 404
    assert client.get(inside["downloads"]["md"], headers=people["ines"].auth).status_code == 200
    assert client.get("/api/reports", headers=auth).json()["total"] == 1
    log = client.get("/api/audit", headers=people["ada"].auth, params={"action": "report.download"}).json()
    assert log["total"] == 1 and log["items"][0]["actor"] == "ines"
