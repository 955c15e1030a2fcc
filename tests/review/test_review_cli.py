"""The claims, review, entities and engagements commands, driven as a user would (CliRunner and processes)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.review import claim_history, find_claim, list_claims
from laborwatch.store import Store
from laborwatch.store.models import Claim
from tests.review.conftest import add_claim


def run(cli: CliRunner, *args: str, input: str | None = None) -> tuple[int, str]:
    result = cli.invoke(app, list(args), input=input)
    return result.exit_code, result.output


def test_list_filters_and_formats(cli: CliRunner, gulf: dict[str, str], steppe: dict[str, str]) -> None:
    code, out = run(cli, "claims")
    assert code == 0 and "5 claims" in out and gulf["count"][:12] in out and "Harbor Ledger" in out
    code, out = run(cli, "claims", "--country", "MN", "--format", "json")
    data = json.loads(out)
    assert data["total"] == 2 and {c["id"] for c in data["claims"]} == {steppe["range"], steppe["employer"]}
    code, out = run(cli, "claims", "--kind", "wage", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [gulf["wage"]] and rows[0]["currency"] == "USD"
    code, out = run(cli, "claims", "--document", gulf["document"][:8], "--limit", "1", "--format", "json")
    assert json.loads(out)["total"] == 3 and len(json.loads(out)["claims"]) == 1
    code, out = run(cli, "claims", "--status", "maybe")
    assert code == 1 and "status must be one of proposed, accepted, rejected" in out
    code, out = run(cli, "claims", "--country", "Qatar")
    assert code == 1 and "did you mean QA" in out


def test_show_highlights_the_quote_in_its_text(cli: CliRunner, gulf: dict[str, str]) -> None:
    code, out = run(cli, "claims", "show", gulf["employer"][:7])
    assert code == 0
    assert "A contractor, »Almaz Building Co., employed 120« of them on a stadium site" in " ".join(out.split())


def test_accept_reject_edit_from_the_command_line(cli: CliRunner, store: Store, gulf: dict[str, str]) -> None:
    code, out = run(cli, "claims", "accept", gulf["count"][:6], gulf["employer"][:9])
    assert code == 0 and "2 accepted by tester" in out
    code, out = run(cli, "claims", "accept", gulf["count"][:6], "--as", "bob")
    assert code == 3 and f"conflict: cannot accept claim {gulf['count'][:12]}: it was already accepted by tester" \
        in " ".join(out.split())
    code, out = run(cli, "claims", "reject", gulf["wage"])
    assert code == 2 and "--reason" in out
    code, out = run(cli, "claims", "reject", gulf["wage"], "--reason", "the wage is for a different year",
                    "--as", "carol")
    assert code == 0 and "rejected" in out
    code, out = run(cli, "claims", "edit", gulf["count"], "--count", "1,100", "--as-of=2017-09",
                    "--reason", "ministry's figure")
    assert code == 0 and "version 2, accepted" in out
    with store.transaction() as s:
        new = list_claims(s, kind="worker_count").claims[0]
        assert (new.count, new.as_of, new.reviewer, new.version) == (1100, "2017-09", "tester", 2)
        wage = find_claim(s, gulf["wage"])
        assert (wage.status, wage.reviewer) == ("rejected", "carol")
        assert [e.actor for e in claim_history(s, gulf["count"])] == ["tester", "tester", "tester"]
    code, out = run(cli, "claims", "reopen", gulf["wage"], "--reason", "checked again")
    assert code == 0 and "proposed again" in out


@pytest.mark.parametrize(("args", "message"), [
    (["claims", "accept", "0000000000"], "no claim has an id starting with '0000000000'"),
    (["claims", "accept", "abc"], "prefix of at least 6 characters"),
    (["claims", "accept", "abcdef"], "claim id prefix 'abcdef' matches more than one"),
    (["claims", "accept"], "give claim ids or --document"),
    (["claims", "accept", "--document", "ffffff"], "no document has an id starting with 'ffffff'"),
    (["claims", "edit", "abcdef0"], "nothing to change"),
    (["claims", "edit", "abcdef0", "--colour", "red"], "--colour is not a claim field"),
    (["claims", "edit", "abcdef0", "--count"], "--count needs a value"),
    (["claims", "edit", "abcdef0", "--count", "lots"], "count: 'lots' is not a whole number"),
    (["claims", "edit", "abcdef0", "--citation-url", "https://example.org"], "'citation_url' cannot be set"),
    (["claims", "reject", "abcdef0", "--reason", " "], "needs a reason"),
])
def test_clear_errors_and_nothing_changed(cli: CliRunner, store: Store, gulf: dict[str, str], args: list[str],
                                          message: str) -> None:
    add_claim(store, gulf["document"], "Officials in Doha", "worker_count", claim_id="abcdef0" + "0" * 33,
              country="QA", count=1)
    add_claim(store, gulf["document"], "stadium site", "worker_count", claim_id="abcdef1" + "0" * 33,
              country="QA", count=2)
    code, out = run(cli, *args)
    assert code != 0 and message in " ".join(out.split()), out
    with store.transaction() as s:
        assert list_claims(s, status="proposed", include_superseded=True).total == 5


def test_add_a_claim_from_a_citation(cli: CliRunner, store: Store, home: object) -> None:
    args = ["claims", "add", "--kind", "worker_count", "--country", "PL", "--count", "500", "--as-of", "2016",
            "--publisher", "Baltic Weekly Review", "--date", "2016-06-02", "--url", "https://example.org/pl-yards",
            "--page", "4", "--title", "Shipyard subcontractors"]
    code, out = run(cli, *args, "--as", "dana")
    assert code == 0 and "(accepted)" in out
    with store.transaction() as s:
        [claim] = list_claims(s, country="PL").claims
        assert (claim.dataset, claim.origin, claim.reviewer, claim.page) == ("manual", "user:dana", "dana", 4)
        assert claim.document_sha256 is None and claim.citation_url == "https://example.org/pl-yards"
    code, out = run(cli, *args)
    assert code == 1 and "already recorded" in out
    code, out = run(cli, "claims", "edit", claim.id[:8], "--citation-date", "2016-06-03")
    assert code == 0


@pytest.mark.parametrize(("extra", "message"), [
    (["--url", "ftp://example.org/x"], "is not a web address"),
    (["--url", "https://example.org/x", "--date", "June 2016"], "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--url", "https://example.org/x", "--kind", "rumour"], "'rumour' is not a kind of claim"),
    (["--url", "https://example.org/x", "--count", ""], "needs count or low or high"),
    (["--url", "https://example.org/x", "--low", "9", "--high", "3"], "low (9) is above high (3)"),
    (["--url", "https://example.org/x", "--currency", "XYZ1"], "not an ISO 4217 currency code"),
])
def test_add_refuses_bad_citations_and_values(cli: CliRunner, store: Store, extra: list[str], message: str) -> None:
    base = {"--kind": "worker_count", "--country": "PL", "--count": "500", "--publisher": "Baltic Weekly Review",
            "--date": "2016-06"}
    for i in range(0, len(extra), 2):
        base[extra[i]] = extra[i + 1]
    code, out = run(cli, "claims", "add", *[x for pair in base.items() for x in pair])
    assert code == 1 and message in " ".join(out.split()), out
    with store.transaction() as s:
        assert list_claims(s).total == 0


def test_interactive_review_walks_and_decides(cli: CliRunner, store: Store, gulf: dict[str, str]) -> None:
    # claims come in document order: the worker count, the employer, then the wage
    keys = "\n".join([
        "x",                        # not a key: asked again
        "e", "colour=red", "count=1200", "", "later bulletin",   # edit the count (bad line refused, then ok)
        "r", "", "r", "names the wrong firm",                    # reject: empty reason goes back, then a reason
        "s",                                                    # skip the wage
    ]) + "\n"
    code, out = run(cli, "review", "--as", "erin", input=keys)
    assert code == 0, out
    flat = " ".join(out.split())
    assert "claim 1 of 3" in flat and "»about 1,000 North Korean construction workers remained in Qatar«" in flat
    assert "1 rejected, 1 edited, 1 skipped" in flat and "1 still proposed" in flat
    with store.transaction() as s:
        [count] = list_claims(s, kind="worker_count").claims
        assert (count.count, count.reviewer, count.status) == (1200, "erin", "accepted")
        employer = s.get(Claim, gulf["employer"])
        assert employer is not None and employer.review_reason == "names the wrong firm"
        assert [e.action for e in claim_history(s, gulf["wage"])] == ["claim.skip"]


def test_interactive_review_quits_and_keeps_decisions(cli: CliRunner, store: Store, gulf: dict[str, str]) -> None:
    code, out = run(cli, "review", "--document", gulf["document"][:8], input="a\nq\n")
    assert code == 0 and "1 accepted" in out and "2 still proposed" in out
    code, out = run(cli, "review", input="a\n")  # input ends: stops cleanly after one decision
    assert code == 0 and "1 accepted" in out and "1 still proposed" in out


def test_entities_merge_and_unmerge(cli: CliRunner, gulf: dict[str, str], steppe: dict[str, str]) -> None:
    assert run(cli, "claims", "accept", gulf["employer"], steppe["employer"])[0] == 0
    code, out = run(cli, "entities", "--format", "json")
    entities = {e["name"]: e for e in json.loads(out)}
    assert set(entities) == {"Almaz Building Co.", "The Almaz Building Company"}
    kept, merged = entities["Almaz Building Co."]["id"], entities["The Almaz Building Company"]["id"]
    code, out = run(cli, "entities", "merge", kept[:8], merged[:8])
    assert code == 2 and "--reason" in out
    code, out = run(cli, "entities", "merge", kept[:8], merged[:8], "--reason", "same registration number")
    assert code == 0 and "merge #" in out
    merge_no = out.split("merge #", 1)[1].split(":", 1)[0]
    code, out = run(cli, "entities", "--format", "json")
    [one] = json.loads(out)
    assert one["claims"] == 2 and one["merged"] == [merged] and "The Almaz Building Company" in one["aliases"]
    code, out = run(cli, "entities", "merge", kept[:8], merged[:8], "--reason", "again")
    assert code == 3 and "already merged" in out
    code, out = run(cli, "entities", "unmerge", merge_no, "--reason", "different companies after all")
    assert code == 0 and "stands on its own again" in out
    assert len(json.loads(run(cli, "entities", "--format", "json")[1])) == 2
    code, out = run(cli, "entities", "unmerge", merge_no)
    assert code == 3 and "already undone" in out
    code, out = run(cli, "entities", "merges")
    assert "same registration number" in out and "by tester" in out


def test_engagements_add_and_list(cli: CliRunner, home: object) -> None:
    code, out = run(cli, "engagements", "add", "--country", "qa", "--kind", "demarche", "--date", "2017-09",
                    "--summary", "Raised the workers' status with the labor ministry.",
                    "--commitment", "No new work visas for DPRK nationals.")
    assert code == 0 and "recorded: QA 2017-09 demarche" in out
    code, out = run(cli, "engagements", "add", "--country", "QA", "--kind", "demarche", "--date", "2017-09",
                    "--summary", "Raised the workers' status with the labor ministry.")
    assert code == 0 and "already recorded" in out
    data = json.loads(run(cli, "engagements", "--format", "json")[1])
    assert [(e["country"], e["commitment"], e["created_by"]) for e in data] == [
        ("QA", "No new work visas for DPRK nationals.", "tester")]
    for bad, message in ((["--country", "XX"], "not an ISO 3166-1"), (["--country", "WORLD"], "not an ISO 3166-1"),
                         (["--kind", "lunch"], "--kind must be one of demarche, briefing, meeting, statement"),
                         (["--date", "2017-02-30"], "not a real date"), (["--summary", " "], "needs a summary")):
        args = {"--country": "PL", "--kind": "meeting", "--date": "2018", "--summary": "Met the shipyard owners."}
        args.update(dict(zip(bad[::2], bad[1::2], strict=True)))
        code, out = run(cli, "engagements", "add", *[x for pair in args.items() for x in pair])
        assert code == 1 and message in " ".join(out.split()), (bad, out)
    assert len(json.loads(run(cli, "engagements", "--format", "json")[1])) == 1


def test_two_processes_accepting_one_claim(store: Store, gulf: dict[str, str]) -> None:
    """Two real `laborwatch` processes, each with its own connection: one accepts, the other is told who did."""
    command = [sys.executable, "-m", "laborwatch", "claims", "accept", gulf["count"]]
    procs = [subprocess.Popen([*command, "--as", who], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("alice", "bob")]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        outcomes.append((proc.returncode, out + err))
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 3], outcomes
    winner = "alice" if outcomes[0][0] == 0 else "bob"
    loser_output = " ".join(next(out for code, out in outcomes if code == 3).split())
    assert f"already accepted by {winner}" in loser_output
    with store.transaction() as s:
        assert [(e.action, e.actor) for e in claim_history(s, gulf["count"])] == [("claim.accept", winner)]
