"""The formal-arrangement flag from upload to country page: a document through the API, extracted, its labour
agreement accepted, then shown on the country page (value, evidence and quote) and in /api/estimates."""

from __future__ import annotations

from tests.api.conftest import add_document, login

# Written for this test; the outlet is invented.
TEXT = ("Field notes from Vientiane, June 2018.\n\n"
        "Laos and the DPRK signed a memorandum of understanding on labour cooperation in March 2018, the Mekong "
        "Ledger reported.\n")
QUOTE = ("Laos and the DPRK signed a memorandum of understanding on labour cooperation in March 2018, the Mekong "
         "Ledger reported.")


def test_an_accepted_labour_agreement_shows_on_the_country_page(client, people):
    auth = people["ana"].auth
    doc = add_document(client, people["ana"], text=TEXT, name="vientiane.txt", published="2018-06")
    extracted = client.post(f"/api/documents/{doc}/extract", headers=auth)
    assert extracted.status_code == 200, extracted.text
    claims = client.get("/api/claims", headers=auth, params={"document": doc, "kind": "policy_action"}).json()
    [claim] = claims["items"]
    assert (claim["action"], claim["country"], claim["event_date"], claim["quote"]) == (
        "labor_agreement", "LA", "2018-03", QUOTE)
    login(client, "vic")
    assert client.get("/countries/LA").status_code == 404  # a proposed claim is not shown
    assert client.post(f"/api/claims/{claim['id']}/accept", headers=auth).status_code == 200

    rows = client.get("/api/estimates", headers=people["vic"].auth).json()["items"]
    assert {r["country"]: r["formal_arrangement"] for r in rows} == {"LA": "yes"}
    page = client.get("/countries/LA")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert ("Formal arrangement with the DPRK: <strong>yes</strong> <span class=\"muted\">(government-to-government "
            "arrangement recorded (labor agreement, 2018-03))</span>") in text
    assert f"“{QUOTE}”" in text and f'href="/documents/{doc}"' in text
