"""Presence claims and places on the pages: the review queue filtered by kind, the claim's rule and place in its
panel, the place edited from the form, and country pages that show presence evidence and places."""

from __future__ import annotations

import re
from pathlib import Path

from laborwatch.store import open_store
from tests.api.conftest import login
from tests.presence_documents import RESTRICTED_MARKER, add_and_extract


def _flat(html: str) -> str:
    return " ".join(html.split())


def test_review_queue_filters_presence_and_edits_the_place(client, people, tmp_path: Path):
    ids = add_and_extract(open_store(), tmp_path / "docs")
    csrf = login(client, "ana")
    queue = client.get("/review", params={"kind": "presence", "country": "KH"})
    assert queue.status_code == 200 and "<option selected>presence</option>" in queue.text
    text = _flat(queue.text)
    assert ids["cambodia"] in text and "1 claim waiting" in text
    assert "<dt>Rule</dt><dd class=\"claim-rule\">vague quantity &#39;Hundreds&#39;" in text
    assert 'name="field_place"' in text and 'name="field_count"' not in text  # no figure to edit on presence
    assert "Nothing waits for review" in client.get("/review", params={"kind": "wage"}).text

    saved = client.post(f"/claims/{ids['cambodia']}/decide", headers={"HX-Request": "true"}, data={
        "action": "edit", "csrf_token": csrf, "field_place": "Phnom Penh", "field_country": "KH",
        "field_qualifier": "about", "field_category": "all", "field_attributed_to": "a tour operator",
        "expected_status": "proposed"})
    assert "Saved as version 2 and accepted." in saved.text
    assert '<dd class="claim-place">Phnom Penh</dd>' in saved.text and "vague quantity" in saved.text
    panel = client.get(f"/claims/{ids['dandong']}/panel")  # the claim's own page, without htmx
    assert "<html" in panel.text and '<dd class="claim-place">Dandong</dd>' in panel.text
    assert 'name="field_place" value="Dandong"' in panel.text
    assert re.search(r'<dd class="claim-rule">worker noun[^<]*Dandong', panel.text)


def test_country_pages_show_presence_and_places(client, people, tmp_path: Path):
    ids = add_and_extract(open_store(), tmp_path / "docs")
    for claim in ("laos", "dandong", "hunchun"):
        assert client.post(f"/api/claims/{ids[claim]}/accept", headers=people["ana"].auth).status_code == 200
    assert client.post(f"/api/claims/{ids['guinea']}/accept", headers=people["ines"].auth).status_code == 200
    login(client, "vic")
    laos = _flat(client.get("/countries/LA").text)
    assert '<span class="num">present, no figure</span>' in laos
    assert "Places named in accepted claims: Vientiane" in laos
    assert "Evidence of North Korean laborers without a figure" in laos
    assert "“Thousands of North Korean workers remain in Vientiane, according to a regional labour researcher.”" \
        in laos
    assert "Figures over time" not in laos  # nothing to chart, no number shown
    china = _flat(client.get("/countries/CN").text)
    assert "Places named in accepted claims: Dandong, Hunchun" in china and "<td>Dandong</td>" in china
    dashboard = client.get("/").text
    assert "present, no figure" in dashboard
    assert client.get("/countries/GQ").status_code == 404  # restricted evidence does not exist for a viewer
    assert client.get("/countries/KH").status_code == 404  # still proposed

    client.cookies.clear()
    login(client, "ines")
    guinea = _flat(client.get("/countries/GQ").text)
    assert "present, no figure" in guinea and 'badge restricted' in guinea and RESTRICTED_MARKER not in guinea
