"""Claims through the API: filters, visibility by role and restriction, accept, reject, skip, edit, add."""

from __future__ import annotations

from sqlalchemy import select

from laborwatch.store import open_store
from laborwatch.store.models import AuditEntry, Claim
from tests.api.conftest import add_document, propose


def _setup(client, people):
    doc = add_document(client, people["ana"])
    qatar = propose(doc, "about 1,200 North Korean laborers", country="QA", count=1200)
    kuwait = propose(doc, "some 300 of them", country="KW", count=300)
    return doc, qatar, kuwait


def test_list_filters_and_viewers_see_only_accepted(client, people):
    doc, qatar, kuwait = _setup(client, people)
    auth = people["ana"].auth
    everything = client.get("/api/claims", headers=auth).json()
    assert everything["total"] == 2 and [c["id"] for c in everything["items"]] == [qatar, kuwait]
    assert client.get("/api/claims", headers=auth, params={"country": "QA"}).json()["total"] == 1
    assert client.get("/api/claims", headers=auth, params={"document": doc[:8]}).json()["total"] == 2
    assert client.get("/api/claims", headers=auth, params={"limit": 1, "offset": 1}).json()["items"][0]["id"] == kuwait
    bad = client.get("/api/claims", headers=auth, params={"status": "maybe"})
    assert bad.status_code == 422 and "status must be one of" in bad.json()["error"]["message"]
    assert client.get("/api/claims", headers=auth, params={"country": "Atlantis"}).status_code == 422
    assert client.get("/api/claims", headers=people["vic"].auth).json()["total"] == 0
    assert client.get(f"/api/claims/{qatar}", headers=people["vic"].auth).status_code == 404
    client.post(f"/api/claims/{qatar}/accept", headers=auth)
    assert [c["id"] for c in client.get("/api/claims", headers=people["vic"].auth).json()["items"]] == [qatar]


def test_claim_detail_has_context_and_history(client, people):
    _, qatar, _ = _setup(client, people)
    detail = client.get(f"/api/claims/{qatar[:8]}", headers=people["ana"].auth).json()
    assert detail["quote"] == "about 1,200 North Korean laborers" and detail["quote_matches"]
    assert detail["before"].endswith("estimate that ") and detail["after"].startswith(" work on building sites")
    assert detail["summary"].startswith("QA") and "1,200" in detail["summary"]


def test_accept_reject_skip(client, people):
    _, qatar, kuwait = _setup(client, people)
    auth = people["ana"].auth
    accepted = client.post(f"/api/claims/{qatar}/accept", headers=auth, json={"note": "checked"})
    assert accepted.status_code == 200 and accepted.json()["claim"]["status"] == "accepted"
    assert accepted.json()["claim"]["reviewer"] == "ana"
    no_reason = client.post(f"/api/claims/{kuwait}/reject", headers=auth, json={"reason": " "})
    assert no_reason.status_code == 422 and "needs a reason" in no_reason.json()["error"]["message"]
    missing_body = client.post(f"/api/claims/{kuwait}/reject", headers=auth)
    assert missing_body.status_code == 422
    skipped = client.post(f"/api/claims/{kuwait}/skip", headers=auth)
    assert skipped.status_code == 200 and skipped.json()["claim"]["status"] == "proposed"
    rejected = client.post(f"/api/claims/{kuwait}/reject", headers=auth, json={"reason": "a flow, not a stock"})
    assert rejected.json()["claim"]["status"] == "rejected"
    conflict = client.post(f"/api/claims/{kuwait}/accept", headers=auth)
    assert conflict.status_code == 409
    assert conflict.json()["error"]["record_id"] == kuwait and conflict.json()["error"]["current_status"] == "rejected"
    assert client.post(f"/api/claims/{qatar}/accept", headers=people["vic"].auth).status_code == 403
    assert client.post("/api/claims/ffffffffff/accept", headers=auth).status_code == 404
    with open_store().transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == kuwait)
                                  .order_by(AuditEntry.id)).all()
    assert actions == ["claim.skip", "claim.reject"]


def test_edit_makes_a_new_version(client, people):
    _, qatar, _ = _setup(client, people)
    auth = people["ana"].auth
    edited = client.post(f"/api/claims/{qatar}/edit", headers=auth,
                         json={"changes": {"count": "1,250", "attributed_to": "officials"}, "reason": "typo"})
    assert edited.status_code == 201, edited.text
    new = edited.json()["claim"]
    assert new["id"] != qatar and new["supersedes"] == qatar and new["count"] == 1250 and new["version"] == 2
    assert edited.json()["versions"] == [qatar, new["id"]]
    stale = client.post(f"/api/claims/{qatar}/edit", headers=auth, json={"changes": {"count": 1300}})
    assert stale.status_code == 409
    bad = client.post(f"/api/claims/{new['id']}/edit", headers=auth, json={"changes": {"count": "many"}})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("count:")
    provenance = client.post(f"/api/claims/{new['id']}/edit", headers=auth, json={"changes": {"quote": "x"}})
    assert provenance.status_code == 422
    listing = client.get("/api/claims", headers=auth, params={"country": "QA"}).json()
    assert [c["id"] for c in listing["items"]] == [new["id"]]


def test_add_by_hand(client, people):
    body = {"kind": "worker_count", "values": {"country": "AE", "count": 2000, "category": "all"},
            "publisher": "Example Gazette", "date": "2017-03", "url": "https://example.org/a", "page": 4}
    made = client.post("/api/claims", headers=people["ana"].auth, json=body)
    assert made.status_code == 201, made.text
    claim = made.json()["claim"]
    assert claim["status"] == "accepted" and claim["dataset"] == "manual" and claim["citation_url"].endswith("/a")
    again = client.post("/api/claims", headers=people["ana"].auth, json=body)
    assert again.status_code == 422 and "already recorded" in again.json()["error"]["message"]
    no_url = client.post("/api/claims", headers=people["ana"].auth, json={**body, "url": ""})
    assert no_url.status_code == 422
    assert client.post("/api/claims", headers=people["vic"].auth, json=body).status_code == 403
    restricted = client.post("/api/claims", headers=people["ana"].auth, json={**body, "restricted": True})
    assert restricted.status_code == 403


def test_restricted_claims_are_invisible_without_access_and_logged_with_it(client, people):
    secret = add_document(client, people["ines"], text="A witness counted 40 workers at the Laos site.",
                          name="witness.txt", restricted="true")
    claim = propose(secret, "40 workers", country="LA", count=40)
    flagged_doc = add_document(client, people["ana"])
    flagged = propose(flagged_doc, "some 300 of them", country="KW", count=300, restricted=True)
    for account in ("ana", "vic"):
        listing = client.get("/api/claims", headers=people[account].auth).json()
        assert {claim, flagged}.isdisjoint(c["id"] for c in listing["items"])
        assert client.get(f"/api/claims/{claim}", headers=people[account].auth).status_code == 404
    assert client.post(f"/api/claims/{claim}/accept", headers=people["ana"].auth).status_code == 404
    assert client.get("/api/claims", headers=people["ana"].auth, params={"document": secret}).json()["total"] == 0
    insider = client.get("/api/claims", headers=people["ines"].auth).json()
    assert {claim, flagged} <= {c["id"] for c in insider["items"]}
    assert client.post(f"/api/claims/{claim}/accept", headers=people["ines"].auth).status_code == 200
    with open_store().transaction() as session:
        logged = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail).where(
            AuditEntry.action.in_(["claim.list", "claim.view"]))).all()
        assert session.get(Claim, claim).reviewer == "ines"
    assert any(a == "ines" and act == "claim.list" and claim in d["claims"] for a, act, d in logged)
    assert any(a == "ines" and act == "claim.view" for a, act, _ in logged)
