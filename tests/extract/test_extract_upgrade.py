"""An extractor upgrade on a store that has claims (issue 12): decided claims stay, undecided proposals that the
new version no longer finds are withdrawn, and only new or changed claims are proposed.

Both versions read through ``extract_pending``'s ``extractor`` and ``read`` parameters, so the claims each
"version" finds are written here and do not depend on the current rules. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.evidence.ids import make_id
from laborwatch.evidence.intake import DocumentMetadata, add_path
from laborwatch.extract.model import ExtractedClaim
from laborwatch.extract.pipeline import Reader, claim_id, claim_row, extract_pending
from laborwatch.report.collect import ReportOptions, accepted_figures, pending_claim_ids
from laborwatch.review import (
    ReviewConflict,
    accept_claims,
    claim_history,
    claim_to_dict,
    list_claims,
    reject_claim,
    reopen_claim,
)
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Claim, Document, ExtractionRun

OLD, NEW = "rules@0.9.0", "rules@1.0.0"

TEXT = """Builders and farms abroad

The Coastal Ledger estimates that about 1,700 North Korean laborers work in Qatar;
the Harbor Times puts the number at 1,400.

Kuwait has stopped issuing new visas to North Korean workers, officials said last month.

Around 800 North Korean workers are employed on farms in Oman, according to the Desert Courier.

A firm called Sungrim Overseas Construction employs North Korean laborers in Qatar.
"""


def fact(kind: str, quote: str, country: str | None, *, attributed_to: str | None = None, as_of: str | None = None,
         **values: Any) -> ExtractedClaim:
    """A claim on TEXT as some extractor version reads it; offsets from the quote, so they are always exact."""
    start = TEXT.index(quote)
    return ExtractedClaim(kind, country, quote, start, start + len(quote), attributed_to, as_of, "rules@unset", 0.8,
                          values, rule="written by the test")


def reads(*claims: ExtractedClaim) -> Reader:
    def read(text: str, published: str | None) -> list[ExtractedClaim]:
        assert text == TEXT
        return [replace(c, values=dict(c.values)) for c in claims]
    return read


# What the old version read, and what the reviewers did with it.
ACCEPTED = fact("worker_count", "about 1,700 North Korean laborers work in Qatar", "QA",
                attributed_to="The Coastal Ledger", count=1700, qualifier="about", category="all")
REJECTED = fact("worker_count", "the Harbor Times puts the number at 1,400", "QA", attributed_to="the Harbor Times",
                count=1400, qualifier="exact", category="all")
OPEN = fact("policy_action", "Kuwait has stopped issuing new visas to North Korean workers", "KW",
            attributed_to="officials", as_of="2018-04", action="stop_new_visas", date="2018-04")
OPEN_CHANGED = fact("worker_count", "Around 800 North Korean workers are employed on farms in Oman", "OM",
                    attributed_to="the Desert Courier", count=800, qualifier="about", category="all")
OPEN_GONE = fact("employer", "Sungrim Overseas", "QA", name="Sungrim Overseas", role="employer")
ACCEPTED_GONE = fact("worker_count", "800 North Korean workers", "QA", count=800, qualifier="exact", category="all")
REJECTED_GONE = fact("presence", "North Korean laborers in Qatar", "QA", category="all")
OLD_READING = (ACCEPTED, REJECTED, OPEN, OPEN_CHANGED, OPEN_GONE, ACCEPTED_GONE, REJECTED_GONE)

# What the new version reads: the same three, one changed value, one new employer, and OPEN twice (a sentence
# and, say, a table row saying the same thing).
CHANGED = replace(OPEN_CHANGED, values={**OPEN_CHANGED.values, "sector": "agriculture"})
NEW_EMPLOYER = fact("employer", "Sungrim Overseas Construction", "QA", name="Sungrim Overseas Construction",
                    role="employer")
NEW_READING = (ACCEPTED, REJECTED, OPEN, CHANGED, NEW_EMPLOYER, OPEN)


def stored_id(claim: ExtractedClaim, sha: str, extractor: str) -> str:
    return claim_id(replace(claim, extractor=extractor), sha)


@dataclass
class Upgrade:
    store: Store
    sha: str

    def id(self, claim: ExtractedClaim, extractor: str = OLD) -> str:
        return stored_id(claim, self.sha, extractor)

    def rows(self) -> dict[str, dict[str, Any]]:
        with self.store.transaction() as session:
            return {c.id: claim_to_dict(c) for c in session.scalars(select(Claim))}

    def claim(self, claim_id: str) -> Claim:
        with self.store.transaction() as session:
            row = session.get(Claim, claim_id)
            assert row is not None
            return row

    def counts(self) -> list[int]:
        return row_counts(self.store)

    def upgrade(self, *, dry_run: bool = False, reading: tuple[ExtractedClaim, ...] = NEW_READING) -> Any:
        return extract_pending(self.store, "ben", extractor=NEW, read=reads(*reading), dry_run=dry_run)


def row_counts(store: Store) -> list[int]:
    """Claims, extraction runs and audit entries: what a dry run must not add to."""
    with store.transaction() as session:
        return [int(session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (Claim, ExtractionRun, AuditEntry)]


def add_text(store: Store, tmp_path: Path) -> str:
    path = tmp_path / "abroad.txt"
    path.write_text(TEXT, encoding="utf-8")
    return add_path(store, path, actor="ana", metadata=DocumentMetadata(published="2018-05-02")).sha256


def _people_rows(store: Store, sha: str) -> list[str]:
    """A claim a person recorded against the document, an evidence-pack claim on it, and a proposal of a later
    extractor version: none of them is the new version's to touch, though it does not find any of them."""
    ids = []
    with store.transaction() as session:
        document = session.get(Document, sha)
        assert document is not None
        for dataset, origin in (("manual", "user:ana"), ("evidence-pack", "pack@2026-11"),
                                ("documents", "rules@2.0.0")):
            row = claim_row(replace(fact("presence", "North Korean workers", "KW"), extractor=origin), document)
            row.id, row.dataset = make_id("test", dataset, origin), dataset
            session.add(row)
            ids.append(row.id)
    return ids


@pytest.fixture
def upgrade(store: Store, tmp_path: Path) -> Upgrade:
    sha = add_text(store, tmp_path)
    first = extract_pending(store, "ana", extractor=OLD, read=reads(*OLD_READING))
    assert (first.documents, first.claims) == (1, len(OLD_READING))
    u = Upgrade(store, sha)
    with store.transaction() as session:
        accept_claims(session, [u.id(ACCEPTED), u.id(ACCEPTED_GONE)], actor="rev")
        reject_claim(session, u.id(REJECTED), actor="rev", reason="counts a different crew")
        reject_claim(session, u.id(REJECTED_GONE), actor="rev", reason="not a workforce")
    return u


def test_upgrade_keeps_decisions_withdraws_what_is_gone_and_proposes_only_the_new(upgrade: Upgrade) -> None:
    people = _people_rows(upgrade.store, upgrade.sha)
    before = upgrade.rows()

    summary = upgrade.upgrade()

    assert (summary.extractor, summary.documents, summary.skipped) == (NEW, 1, 0)
    assert summary.counts() == {"new": {"employer": 1, "worker_count": 1},
                                "withdrawn": {"employer": 1, "worker_count": 1},
                                "unchanged": {"policy_action": 1, "worker_count": 2}}
    after = upgrade.rows()
    # Decided claims, whether the new version finds them again or not: every column exactly as it was.
    for claim in (ACCEPTED, ACCEPTED_GONE, REJECTED, REJECTED_GONE):
        assert after[upgrade.id(claim)] == before[upgrade.id(claim)]
    assert {after[upgrade.id(c)]["status"] for c in (ACCEPTED, ACCEPTED_GONE)} == {"accepted"}
    assert {after[upgrade.id(c)]["status"] for c in (REJECTED, REJECTED_GONE)} == {"rejected"}
    # People's, the pack's and a later version's claims: untouched.
    for person_or_pack in people:
        assert after[person_or_pack] == before[person_or_pack] and after[person_or_pack]["status"] == "proposed"
    # Found again and undecided: still one proposed row, now marked as seen by the new version.
    kept = after[upgrade.id(OPEN)]
    assert kept["status"] == "proposed" and kept["extra"]["found_again_by"] == [NEW]
    assert kept["last_seen"] > before[upgrade.id(OPEN)]["last_seen"]
    assert {k: v for k, v in kept.items() if k not in ("last_seen", "extra")} == \
        {k: v for k, v in before[upgrade.id(OPEN)].items() if k not in ("last_seen", "extra")}
    assert upgrade.id(OPEN, NEW) not in after and upgrade.id(ACCEPTED, NEW) not in after
    assert upgrade.id(REJECTED, NEW) not in after
    # Undecided and not found again (OPEN_GONE), or found with another value (OPEN_CHANGED): withdrawn, kept.
    for claim in (OPEN_GONE, OPEN_CHANGED):
        row = after[upgrade.id(claim)]
        assert (row["status"], row["reviewer"], row["review_reason"]) == ("withdrawn", NEW, f"not found again by {NEW}")
        assert {k: v for k, v in row.items() if k not in ("status", "reviewer", "reviewed_at", "review_reason")} == \
            {k: v for k, v in before[upgrade.id(claim)].items()
             if k not in ("status", "reviewer", "reviewed_at", "review_reason")}
        history = claim_history_of(upgrade, upgrade.id(claim))
        assert [(e.actor, e.action, e.detail["extractor"]) for e in history if e.action == "claim.withdraw"] == [
            ("ben", "claim.withdraw", NEW)]
    # The changed value and the new employer: proposed under the new version.
    for claim in (CHANGED, NEW_EMPLOYER):
        row = after[upgrade.id(claim, NEW)]
        assert (row["status"], row["origin"], row["dataset"]) == ("proposed", NEW, "documents")
    assert after[upgrade.id(CHANGED, NEW)]["sector"] == "agriculture"
    assert len(after) == len(before) + 2
    with upgrade.store.transaction() as session:
        run = session.get(ExtractionRun, (upgrade.sha, NEW))
        assert run is not None and run.claim_count == 2
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "document.extract",
                                                         AuditEntry.object_id == upgrade.sha)
                                .order_by(AuditEntry.id)).all()[-1]
        assert audit.actor == "ben" and audit.detail == {"extractor": NEW, "claims": 2, **summary.counts()}


def claim_history_of(upgrade: Upgrade, ref: str) -> list[AuditEntry]:
    with upgrade.store.transaction() as session:
        return claim_history(session, ref)


def test_dry_run_writes_nothing_and_counts_what_the_run_then_does(upgrade: Upgrade) -> None:
    rows, counts = upgrade.rows(), upgrade.counts()

    dry = upgrade.upgrade(dry_run=True)

    assert upgrade.counts() == counts and upgrade.rows() == rows
    assert dry.dry_run and dry.header().startswith(f"{NEW} dry run, nothing written: 1 document(s)")
    real = upgrade.upgrade()
    assert not real.dry_run
    assert (dry.documents, dry.skipped, dry.counts()) == (real.documents, real.skipped, real.counts())
    assert dry.change_lines() == real.change_lines()
    assert real.counts()["new"] and real.counts()["withdrawn"] and real.counts()["unchanged"]


def test_the_same_version_twice_changes_nothing(upgrade: Upgrade) -> None:
    upgrade.upgrade()
    rows, counts = upgrade.rows(), upgrade.counts()
    again = upgrade.upgrade()
    assert (again.documents, again.skipped, again.counts()) == (0, 1, {"new": {}, "withdrawn": {}, "unchanged": {}})
    assert upgrade.counts() == counts and upgrade.rows() == rows


def test_a_third_version_compares_with_every_earlier_one(upgrade: Upgrade) -> None:
    upgrade.upgrade()
    # rules@1.1.0 finds what 1.0.0 proposed and what 0.9.0 proposed and 1.0.0 found again: nothing is new;
    # it drops the changed Oman figure, which 1.0.0 proposed: that proposal is withdrawn in turn.
    summary = extract_pending(upgrade.store, "ben", extractor="rules@1.1.0",
                              read=reads(ACCEPTED, REJECTED, OPEN, NEW_EMPLOYER))
    assert summary.counts() == {"new": {}, "withdrawn": {"worker_count": 1},
                                "unchanged": {"employer": 1, "policy_action": 1, "worker_count": 2}}
    assert upgrade.claim(upgrade.id(CHANGED, NEW)).status == "withdrawn"
    assert upgrade.claim(upgrade.id(OPEN)).extra["found_again_by"] == [NEW, "rules@1.1.0"]
    # A later version that finds a withdrawn claim again proposes it anew: nobody has decided it.
    summary = extract_pending(upgrade.store, "ben", extractor="rules@1.2.0",
                              read=reads(ACCEPTED, REJECTED, OPEN, NEW_EMPLOYER, OPEN_GONE))
    assert summary.counts()["new"] == {"employer": 1}
    assert upgrade.claim(upgrade.id(OPEN_GONE, "rules@1.2.0")).status == "proposed"


def test_a_claim_edited_by_a_reviewer_is_not_proposed_again(upgrade: Upgrade) -> None:
    from laborwatch.review import edit_claim

    with upgrade.store.transaction() as session:
        edited = edit_claim(session, upgrade.id(OPEN_CHANGED), {"count": 850}, actor="rev", reason="checked")
    summary = upgrade.upgrade(reading=(ACCEPTED, REJECTED, OPEN, OPEN_CHANGED, NEW_EMPLOYER))
    # The old reading of the Oman figure is the edited claim's first version: unchanged, not proposed again.
    assert summary.counts()["new"] == {"employer": 1}
    assert summary.counts()["unchanged"] == {"policy_action": 1, "worker_count": 3}
    assert summary.counts()["withdrawn"] == {"employer": 1}
    assert upgrade.claim(edited.id).status == "accepted"
    assert upgrade.claim(upgrade.id(OPEN_CHANGED)).superseded_by == edited.id


def test_a_reviewer_deciding_during_the_run_wins(upgrade: Upgrade) -> None:
    decided: list[str] = []

    def read_while_someone_accepts(text: str, published: str | None) -> list[ExtractedClaim]:
        # The extractor has read the document's claims; a reviewer accepts the proposal it is about to withdraw.
        with upgrade.store.transaction() as session:
            decided.extend(c.id for c in accept_claims(session, [upgrade.id(OPEN_GONE)], actor="rev"))
        return reads(*NEW_READING)(text, published)

    summary = extract_pending(upgrade.store, "ben", extractor=NEW, read=read_while_someone_accepts)
    assert decided == [upgrade.id(OPEN_GONE)]
    assert summary.counts()["withdrawn"] == {"worker_count": 1}
    row = upgrade.claim(upgrade.id(OPEN_GONE))
    assert (row.status, row.reviewer) == ("accepted", "rev")


def test_withdrawn_claims_stay_out_of_listings_queues_and_reports(upgrade: Upgrade, cli: CliRunner) -> None:
    upgrade.upgrade()
    withdrawn = {upgrade.id(OPEN_GONE), upgrade.id(OPEN_CHANGED)}
    with upgrade.store.transaction() as session:
        listed = {c.id for c in list_claims(session).claims}
        queue = {c.id for c in list_claims(session, status="proposed").claims}
        assert listed and queue and not withdrawn & (listed | queue)
        assert {c.id for c in list_claims(session, status="withdrawn").claims} == withdrawn
        options = ReportOptions(edition="restricted")
        pending = set(pending_claim_ids(session, options))
        figures = {f.claim_id for f in accepted_figures(session, options)}
        assert pending and figures and not withdrawn & (pending | figures)
        # Nobody can decide a withdrawn claim or reopen it: it is no longer a proposal.
        with pytest.raises(ReviewConflict, match="withdrawn"):
            accept_claims(session, [upgrade.id(OPEN_GONE)], actor="rev")
    with upgrade.store.transaction() as session, pytest.raises(ReviewConflict, match="withdrawn"):
        reopen_claim(session, upgrade.id(OPEN_GONE), actor="rev", reason="looks right")
    result = cli.invoke(app, ["claims", "--format", "json", "--document", upgrade.sha])
    assert result.exit_code == 0, result.output
    shown = {c["id"] for c in json.loads(result.stdout)["claims"]}
    assert shown == listed and not withdrawn & shown
    result = cli.invoke(app, ["claims", "--status", "withdrawn", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {c["id"] for c in json.loads(result.stdout)["claims"]} == withdrawn
    result = cli.invoke(app, ["claims", "--status", "retracted"])
    assert result.exit_code == 1 and "withdrawn" in result.stderr
    documents = cli.invoke(app, ["documents", "--format", "json"])
    assert json.loads(documents.stdout)[0]["claims"] == len(listed)


def test_cli_upgrade_with_the_current_rules(store: Store, tmp_path: Path, cli: CliRunner) -> None:
    """``laborwatch extract`` after an upgrade, with the real rules as the new version: the older version read
    everything the rules read but one claim, plus one claim the rules do not make."""
    from laborwatch.extract import EXTRACTOR, extract_text

    current = extract_text(TEXT, "2018-05-02")
    assert len(current) >= 3, "the sample states several claims"
    bogus = fact("worker_count", "1,400", "QA", count=1400, qualifier="exact", category="all")
    older = "rules@0.0.1"
    sha = add_text(store, tmp_path)
    extract_pending(store, "ana", extractor=older, read=reads(*current[1:], bogus))
    counts = row_counts(store)

    dry = cli.invoke(app, ["extract", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert row_counts(store) == counts
    lines = dry.stdout.splitlines()
    assert lines[0] == f"{EXTRACTOR} dry run, nothing written: 1 document(s) would be extracted, 0 already done"
    kinds = Counter(c.kind for c in current[1:])
    assert lines[1:] == [
        f"  new: 1 claim(s) proposed for review (1 {current[0].kind})",
        "  withdrawn: 1 undecided earlier proposal(s) no longer found (1 worker_count)",
        f"  unchanged: {len(current) - 1} claim(s) found again but already stored, no new row ("
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) + ")"]

    real = cli.invoke(app, ["extract"])
    assert real.exit_code == 0, real.output
    assert real.stdout.splitlines() == [f"{EXTRACTOR}: 1 document(s) extracted, 0 already done", *lines[1:]]
    with store.transaction() as session:
        withdrawn = session.get(Claim, stored_id(bogus, sha, older))
        assert withdrawn is not None and withdrawn.status == "withdrawn"
        proposed = session.scalars(select(Claim).where(Claim.status == "proposed")).all()
        assert sorted(c.origin for c in proposed) == sorted([EXTRACTOR] + [older] * (len(current) - 1))
    assert cli.invoke(app, ["extract", "--dry-run", "--no-store", "x.txt"]).exit_code == 1


def test_a_reviewer_can_keep_a_withdrawn_claim_by_editing_it(upgrade: Upgrade) -> None:
    from laborwatch.review import edit_claim

    upgrade.upgrade()
    with upgrade.store.transaction() as session:
        kept = edit_claim(session, upgrade.id(OPEN_GONE), {"name": "Sungrim Overseas Co"}, actor="rev",
                          reason="the firm's short name")
    assert (kept.status, kept.origin) == ("accepted", "user:rev")
    # A later version that reads the old text again finds the edited claim's first version: nothing new.
    summary = extract_pending(upgrade.store, "ben", extractor="rules@1.1.0", read=reads(*NEW_READING, OPEN_GONE))
    assert summary.counts()["new"] == {} and summary.counts()["unchanged"]["employer"] == 2
    assert upgrade.claim(kept.id).status == "accepted"


def test_a_decided_figure_read_with_new_details_is_not_proposed_again(upgrade: Upgrade) -> None:
    """The new version reads the accepted and the rejected figures with a place and a date their reviewers did
    not see: the decisions stand, and nobody is asked about those figures again; a new figure at the same
    place in the text is still proposed."""
    detailed = [replace(c, as_of="2018", values={**c.values, "place": "Doha"}) for c in (ACCEPTED, REJECTED)]
    other_figure = replace(ACCEPTED, values={**ACCEPTED.values, "count": 1750})
    summary = upgrade.upgrade(reading=(*detailed, OPEN, other_figure))

    assert summary.counts()["unchanged"] == {"policy_action": 1, "worker_count": 2}
    assert summary.counts()["new"] == {"worker_count": 1}
    after = upgrade.rows()
    assert after[upgrade.id(ACCEPTED)]["status"] == "accepted" and after[upgrade.id(REJECTED)]["status"] == "rejected"
    assert all(upgrade.id(c, NEW) not in after for c in detailed)
    assert after[upgrade.id(other_figure, NEW)]["status"] == "proposed"
