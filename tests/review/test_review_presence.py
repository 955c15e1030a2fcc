"""Presence claims and places in review: extracted, listed, shown with their rule, edited, added by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.review import ReviewError, add_manual_claim, claim_rule, edit_claim, find_claim, list_claims
from laborwatch.store import Store
from tests.presence_documents import add_and_extract


@pytest.fixture
def extracted(store: Store, tmp_path: Path) -> dict[str, str]:
    return add_and_extract(store, tmp_path / "docs")


def test_extraction_stores_presence_place_and_rule(store: Store, extracted: dict[str, str]) -> None:
    with store.transaction() as session:
        presence = {c.country: c for c in list_claims(session, kind="presence").claims}
        laos = presence["LA"]
        assert set(presence) == {"LA", "KH", "NP", "GQ"}
        assert laos.place == "Vientiane" and laos.count is None and laos.low is None and laos.high is None
        assert laos.quote is not None and laos.quote.startswith("Thousands of North Korean workers")
        rule = claim_rule(laos)
        assert rule and "Thousands" in rule and "place" not in laos.extra  # the place is a column now
        assert presence["GQ"].restricted  # the cable's claims carry its restricted mark
        dandong = find_claim(session, extracted["dandong"])
        assert (dandong.kind, dandong.country, dandong.count, dandong.place) == ("worker_count", "CN", 3000,
                                                                                 "Dandong")


def test_cli_lists_shows_and_edits_presence(cli: CliRunner, extracted: dict[str, str]) -> None:
    listed = cli.invoke(app, ["claims", "--kind", "presence", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    claims = json.loads(listed.output)["claims"]
    assert {c["country"] for c in claims} == {"LA", "KH", "NP", "GQ"}
    assert next(c for c in claims if c["country"] == "LA")["place"] == "Vientiane"

    laos = extracted["laos"]
    shown = cli.invoke(app, ["claims", "show", laos[:10]])
    assert shown.exit_code == 0, shown.output
    lines = [" ".join(line.split()) for line in shown.output.splitlines()]
    assert "kind presence: LA present, no figure in Vientiane" in lines
    assert "place Vientiane" in lines
    rule = next(line for line in lines if line.startswith("rule "))
    assert "vague quantity 'Thousands'" in rule and "Vientiane" in rule

    edited = cli.invoke(app, ["claims", "edit", laos, "--place", "Vientiane Prefecture", "--reason", "as named"])
    assert edited.exit_code == 0, edited.output
    assert "LA present, no figure in Vientiane Prefecture" in edited.output
    new_id = edited.output.split("-> ")[1].split()[0]
    again = cli.invoke(app, ["claims", "show", new_id])
    assert "vague quantity 'Thousands'" in again.output  # the new version keeps the rule that found the quote

    csv_out = cli.invoke(app, ["claims", "--kind", "worker_count", "--format", "csv"])
    assert csv_out.exit_code == 0 and "place" in csv_out.output.splitlines()[0].split(",")
    assert "Dandong" in csv_out.output and "Hunchun" in csv_out.output


@pytest.mark.parametrize(("args", "message"), [
    (["--count", "400"], "a presence claim has no figure"),
    (["--place", "x" * 201], "place: longer than 200 characters"),
    (["--country", ""], "a presence claim needs a country"),
])
def test_cli_refuses_bad_presence_edits(cli: CliRunner, extracted: dict[str, str], args: list[str],
                                        message: str) -> None:
    result = cli.invoke(app, ["claims", "edit", extracted["cambodia"], *args])
    assert result.exit_code == 1 and message in result.output, result.output


def test_an_unknown_kind_is_an_error_not_an_empty_list(cli: CliRunner, home: Path) -> None:
    result = cli.invoke(app, ["claims", "--kind", "presense"])
    assert result.exit_code == 1 and "kind must be one of" in result.output and "presence" in result.output


def test_review_prompt_edits_a_place(cli: CliRunner, store: Store, extracted: dict[str, str]) -> None:
    result = cli.invoke(app, ["review", "--kind", "presence", "--country", "KH", "--as", "rin"],
                        input="e\nplace=Phnom Penh\n\nnamed two sentences later\n")
    assert result.exit_code == 0, result.output
    assert "place" in result.output.split("fields:")[1].split(".")[0]  # the prompt offers the field
    assert "1 edited" in result.output
    with store.transaction() as session:
        current = list_claims(session, kind="presence", country="KH").claims[0]
        assert (current.place, current.status, current.supersedes) == ("Phnom Penh", "accepted",
                                                                       extracted["cambodia"])


def test_manual_presence_claims(cli: CliRunner, store: Store, home: Path) -> None:
    added = cli.invoke(app, ["claims", "add", "--kind", "presence", "--country", "MY", "--place", "Sarawak",
                             "--sector", "construction", "--publisher", "Borneo Notes", "--date", "2017-03",
                             "--url", "https://example.org/sarawak", "--as", "rin"])
    assert added.exit_code == 0, added.output
    assert "presence MY present, no figure construction in Sarawak (accepted)" in added.output
    no_country = cli.invoke(app, ["claims", "add", "--kind", "presence", "--publisher", "Borneo Notes",
                                  "--date", "2017-03", "--url", "https://example.org/x"])
    assert no_country.exit_code == 1 and "a presence claim needs a country" in no_country.output
    with store.transaction() as session:
        with pytest.raises(ReviewError, match="no figure"):
            add_manual_claim(session, kind="presence", values={"country": "MY", "count": 300}, publisher="P",
                             date="2017", url="https://example.org/y", actor="rin")
        with pytest.raises(ReviewError, match="place applies to worker_count and presence claims"):
            add_manual_claim(session, kind="policy_action", values={"country": "MY", "action": "expel",
                                                                     "place": "Kuching"},
                             publisher="P", date="2017", url="https://example.org/z", actor="rin")


def test_presence_claims_are_decided_like_any_other(store: Store, extracted: dict[str, str]) -> None:
    from laborwatch.review import accept_claims, reject_claim, reopen_claim

    with store.transaction() as session:
        accept_claims(session, [extracted["laos"]], actor="rin")
        reject_claim(session, extracted["cambodia"], actor="rin", reason="a tour operator's guess")
        reopen_claim(session, extracted["cambodia"], actor="rin", reason="second look")
        edited = edit_claim(session, extracted["nepal"], {"place": "Kathmandu"}, actor="rin", accept=False)
        assert edited.status == "proposed" and edited.place == "Kathmandu"
    with store.transaction() as session:
        statuses = {c.country: c.status for c in list_claims(session, kind="presence").claims}
    assert statuses == {"LA": "accepted", "KH": "proposed", "NP": "proposed", "GQ": "proposed"}
