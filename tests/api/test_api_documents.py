"""Documents through the API: upload (good, duplicate, malformed, too large), list, get, text, original."""

from __future__ import annotations

from sqlalchemy import func, select

from laborwatch.api.app import create_app
from laborwatch.store import open_store
from laborwatch.store.models import AuditEntry, Document
from tests.api.conftest import GULF_TEXT, TestClient, add_document
from tests.conftest import SAMPLES


def _count_documents() -> int:
    with open_store().transaction() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_upload_then_read_back(client, people):
    ana = people["ana"]
    with (SAMPLES / "mongolia-quota-bulletin.pdf").open("rb") as handle:
        response = client.post("/api/documents", headers=ana.auth,
                               files={"file": ("mongolia-quota-bulletin.pdf", handle, "application/pdf")},
                               data={"publisher": "Test Desk", "published": "2019-05"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "added"
    doc = body["document"]
    assert doc["publisher"] == "Test Desk" and doc["published"] == "2019-05" and doc["media_type"] == "application/pdf"
    assert doc["added_by"] == "ana" and doc["pages"] >= 1
    text = client.get(f"/api/documents/{doc['id'][:10]}/text", headers=people["vic"].auth).json()
    assert text["id"] == doc["id"] and "Mongolia" in text["text"]
    original = client.get(f"/api/documents/{doc['id']}/original", headers=ana.auth)
    assert original.content == (SAMPLES / "mongolia-quota-bulletin.pdf").read_bytes()
    assert original.headers["content-type"] == "application/pdf"
    assert 'filename="mongolia-quota-bulletin.pdf"' in original.headers["content-disposition"]
    got = client.get(f"/api/documents/{doc['id']}", headers=ana.auth).json()
    assert got["title"] == doc["title"] and got["claims"] == 0


def test_duplicate_upload_is_a_no_op(client, people):
    first = add_document(client, people["ana"])
    again = client.post("/api/documents", headers=people["ana"].auth,
                        files={"file": ("copy.txt", GULF_TEXT.encode())})
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate" and again.json()["document"]["id"] == first
    assert "already stored" in again.json()["message"]
    assert _count_documents() == 1


def test_malformed_uploads_are_refused_with_the_file_named(client, people):
    auth = people["ana"].auth
    cases = [
        (("virus.exe", b"MZ\x90\x00"), "virus.exe: unsupported file type"),
        (("empty.txt", b""), "empty.txt: the file is empty"),
        (("latin.txt", "caf\xe9".encode("latin-1")), "latin.txt: "),
        (("broken.pdf", b"%PDF-1.4 not really"), "broken.pdf: "),
    ]
    for (name, data), message in cases:
        response = client.post("/api/documents", headers=auth, files={"file": (name, data)})
        assert response.status_code == 422, (name, response.text)
        assert response.json()["error"]["message"].startswith(message), response.json()
        assert "/tmp" not in response.json()["error"]["message"]
    missing = client.post("/api/documents", headers=auth, data={"title": "no file"})
    assert missing.status_code == 422 and "file" in missing.json()["error"]["message"]
    bad_date = client.post("/api/documents", headers=auth, files={"file": ("ok.txt", b"Workers in Laos.")},
                           data={"published": "last spring"})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["message"].startswith("published:")
    assert _count_documents() == 0


def test_too_large_upload_is_413(home, people, monkeypatch, password_hash):
    monkeypatch.setenv("LABORWATCH_MAX_DOCUMENT_MB", "0.001")  # about 1 KB
    with TestClient(create_app()) as small:
        response = small.post("/api/documents", headers=people["ana"].auth,
                              files={"file": ("big.txt", b"Workers abroad. " * 200)})
    assert response.status_code == 413
    assert response.json()["error"]["message"].startswith("big.txt: over the")
    assert _count_documents() == 0


def test_list_is_paginated_and_hides_restricted_documents(client, people):
    for i in range(3):
        add_document(client, people["ana"], text=f"Report {i}: 100 workers in Laos.", name=f"r{i}.txt")
    secret = add_document(client, people["ines"], text="A witness saw 40 workers in Laos.", name="witness.txt",
                          restricted="true")
    page = client.get("/api/documents", headers=people["ana"].auth, params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["next_offset"] == 2
    rest = client.get("/api/documents", headers=people["ana"].auth, params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    assert secret not in {d["id"] for d in page["items"] + rest["items"]}
    assert client.get(f"/api/documents/{secret}", headers=people["ana"].auth).status_code == 404
    assert client.get(f"/api/documents/{secret}/text", headers=people["vic"].auth).status_code == 404
    assert client.get(f"/api/documents/{secret}/original", headers=people["ana"].auth).status_code == 404
    insider = client.get("/api/documents", headers=people["ines"].auth).json()
    assert insider["total"] == 4
    assert client.get(f"/api/documents/{secret}/text", headers=people["ines"].auth).status_code == 200
    assert client.get(f"/api/documents/{secret}/original", headers=people["ada"].auth).status_code == 200
    with open_store().transaction() as session:
        seen = session.execute(select(AuditEntry.actor, AuditEntry.action).where(
            AuditEntry.object_id == secret, AuditEntry.action.like("document.%"))).all()
    assert ("ines", "document.view_text") in seen and ("ada", "document.download") in seen
    assert ("ines", "document.list") in seen and not any(actor == "ana" for actor, _ in seen)
    bad = client.get("/api/documents", headers=people["ana"].auth, params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("limit:")


def test_restricted_upload_needs_restricted_access(client, people):
    response = client.post("/api/documents", headers=people["ana"].auth, data={"restricted": "true"},
                           files={"file": ("witness.txt", b"A witness saw 40 workers.")})
    assert response.status_code == 403 and "restricted access" in response.json()["error"]["message"]
    assert _count_documents() == 0


def test_unknown_document_ids(client, people):
    auth = people["vic"].auth
    short = client.get("/api/documents/abc", headers=auth)
    assert short.status_code == 404 and "too short" in short.json()["error"]["message"]
    assert client.get("/api/documents/" + "0" * 64, headers=auth).status_code == 404
