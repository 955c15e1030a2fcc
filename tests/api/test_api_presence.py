"""Presence claims and places through the API: listing by kind, the rule and place of a claim, edits, manual
entries, estimates, and the restricted cable's claim kept from users without restricted access."""

from __future__ import annotations

from pathlib import Path

from laborwatch.store import open_store
from tests.presence_documents import add_and_extract


def test_presence_claims_rule_and_place(client, people, tmp_path: Path):
    ids = add_and_extract(open_store(), tmp_path / "docs")
    ana, ines = people["ana"].auth, people["ines"].auth
    listed = client.get("/api/claims", headers=ana, params={"kind": "presence"}).json()
    assert {c["country"] for c in listed["items"]} == {"LA", "KH", "NP"}  # the cable is restricted
    assert {c["country"] for c in client.get("/api/claims", headers=ines, params={"kind": "presence"})
            .json()["items"]} == {"LA", "KH", "NP", "GQ"}
    bad = client.get("/api/claims", headers=ana, params={"kind": "presense"})
    assert bad.status_code == 422 and "kind must be one of" in bad.json()["error"]["message"]

    detail = client.get(f"/api/claims/{ids['laos']}", headers=ana).json()
    assert detail["claim"]["place"] == "Vientiane" and detail["claim"]["kind"] == "presence"
    assert detail["rule"].startswith("vague quantity 'Thousands'")
    assert detail["summary"] == "LA present, no figure in Vientiane"
    dandong = client.get(f"/api/claims/{ids['dandong']}", headers=ana).json()
    assert dandong["claim"]["place"] == "Dandong" and "worker noun" in dandong["rule"]

    edited = client.post(f"/api/claims/{ids['cambodia']}/edit", headers=ana,
                         json={"changes": {"place": "Phnom Penh"}, "reason": "named in the source"})
    assert edited.status_code == 201, edited.text
    assert edited.json()["claim"]["place"] == "Phnom Penh" and edited.json()["rule"] == \
        client.get(f"/api/claims/{ids['cambodia']}", headers=ana).json()["rule"]
    figure = client.post(f"/api/claims/{ids['nepal']}/edit", headers=ana, json={"changes": {"count": 40}})
    assert figure.status_code == 422 and "a presence claim has no figure" in figure.json()["error"]["message"]

    manual = client.post("/api/claims", headers=ana, json={
        "kind": "presence", "values": {"country": "MY", "place": "Sarawak"}, "publisher": "Borneo Notes",
        "date": "2017-03", "url": "https://example.org/sarawak"})
    assert manual.status_code == 201, manual.text
    assert manual.json()["claim"]["place"] == "Sarawak" and manual.json()["rule"] is None

    assert client.post(f"/api/claims/{ids['laos']}/accept", headers=ana).status_code == 200
    rows = {r["country"]: r for r in client.get("/api/estimates", headers=people["vic"].auth).json()["items"]}
    assert set(rows) == {"KH", "LA", "MY"}  # the edited Cambodia claim was accepted by its editor
    assert rows["LA"]["presence_only"] and rows["LA"]["text"] == "present, no figure"
    assert rows["LA"]["high"] is None and rows["LA"]["places"] == ["Vientiane"]
    country = client.get("/api/estimates/LA", headers=people["vic"].auth).json()
    assert [p["claim_id"] for p in country["presence"]] == [ids["laos"]]
    assert [n["claim_id"] for n in country["footnotes"]] == [ids["laos"]]
    assert country["footnotes"][0]["quote"].startswith("Thousands of North Korean workers remain in Vientiane")


def test_openapi_describes_rule_and_place(client, people):
    spec = client.get("/api/openapi.json", headers=people["vic"].auth).json()
    detail = spec["components"]["schemas"]["ClaimDetail"]["properties"]
    assert "rule" in detail and "place" in detail["claim"]["description"]
    kind = next(p for p in spec["paths"]["/api/claims"]["get"]["parameters"] if p["name"] == "kind")
    assert "presence" in kind["description"]
