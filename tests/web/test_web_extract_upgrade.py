"""Extraction from the API and the document page after an extractor upgrade: the same library function and the
same summary as ``laborwatch extract``; withdrawn claims stay out of listings, the review queue and the page."""

from __future__ import annotations

import re

from laborwatch.extract import EXTRACTOR, ExtractedClaim, extract_text
from laborwatch.extract.pipeline import claim_id, extract_pending
from laborwatch.store import open_store
from tests.api.conftest import add_document, login

OLDER = "rules@0.0.1"
TEXT = ("Harbor notes, May 2019.\n"
        "The Coastal Ledger estimates that about 1,700 North Korean laborers work on building sites in Qatar.\n"
        "Kuwait has stopped issuing new visas to North Korean workers, officials said in April.\n"
        "Around 800 North Korean workers are employed on farms in Oman, according to the Desert Courier.\n")
QUOTE = "Around 800 North Korean workers"


def _older_version(text: str, published: str | None) -> list[ExtractedClaim]:
    """What an older version read: every claim the rules read but the first, and one the rules do not make."""
    start = text.index(QUOTE)
    wrong = ExtractedClaim("worker_count", "KW", QUOTE, start, start + len(QUOTE), None, None, OLDER, 0.5,
                           {"count": 800, "qualifier": "about", "category": "all"})
    return [*extract_text(text, published)[1:], wrong]


def test_api_and_page_extract_with_the_upgrade_summary(client, people):
    ana = people["ana"]
    doc = add_document(client, ana, text=TEXT, published="2019-05")
    # Whatever the current rules read here, the older version read all of it but the first claim.
    current = extract_text(TEXT, "2019-05")
    assert current, "the notes state figures"
    extract_pending(open_store(), "ana", extractor=OLDER, read=_older_version)
    start = TEXT.index(QUOTE)
    withdrawn = claim_id(ExtractedClaim("worker_count", "KW", QUOTE, start, start + len(QUOTE), None, None, OLDER,
                                        0.5, {"count": 800, "qualifier": "about", "category": "all"}), doc)

    body = client.post(f"/api/documents/{doc}/extract", headers=ana.auth).json()

    assert (body["extractor"], body["claims"], body["already_extracted"]) == (EXTRACTOR, 1, False)
    assert body["new"] == {current[0].kind: 1} and body["withdrawn"] == {"worker_count": 1}
    assert sum(body["unchanged"].values()) == len(current) - 1
    assert body["summary"][0] == f"{EXTRACTOR}: 1 document(s) extracted, 0 already done"
    assert body["summary"][2] == "  withdrawn: 1 undecided earlier proposal(s) no longer found (1 worker_count)"

    listed = client.get("/api/claims", params={"document": doc}, headers=ana.auth).json()
    assert listed["total"] == len(current) and withdrawn not in {c["id"] for c in listed["items"]}
    only = client.get("/api/claims", params={"status": "withdrawn"}, headers=ana.auth).json()
    assert [(c["id"], c["status"], c["reviewer"]) for c in only["items"]] == [(withdrawn, "withdrawn", EXTRACTOR)]
    assert client.get(f"/api/documents/{doc}", headers=ana.auth).json()["claims"] == len(current)

    csrf = login(client, "ana")
    page = client.get(f"/documents/{doc}").text
    assert "Last extraction" in page and withdrawn not in page
    for line in body["summary"][1:]:
        assert f"<li>{line.strip()}</li>" in page
    assert len(re.findall(r"<mark class=\"claim status-proposed\"", page)) == len(current)
    assert withdrawn not in client.get("/review").text
    panel = client.get(f"/claims/{withdrawn}/panel", headers={"HX-Request": "true"}).text
    assert "status-withdrawn" in panel and "no longer finds this claim" in panel and 'value="accept"' not in panel

    again = client.post(f"/documents/{doc}/extract", data={"csrf_token": csrf})
    assert again.status_code == 200 and "Last extraction" in again.text
    repeat = client.post(f"/api/documents/{doc}/extract", headers=ana.auth).json()
    assert repeat["already_extracted"] and repeat["claims"] == 0 and repeat["withdrawn"] == {}
    assert repeat["summary"][0] == f"{EXTRACTOR}: 0 document(s) extracted, 1 already done"
