"""The shipped evidence pack: loaded as proposed, sourced claims (idempotently), accepted through review."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.reconcile.evidence_pack import (
    DATASET,
    PackError,
    accept_pack,
    load_pack,
    pack_dir,
    pack_version,
    read_pack,
)
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Claim, Entity, EntityAlias


def test_pack_rows_are_sourced_and_in_own_words() -> None:
    rows = read_pack()
    kinds = {r["kind"] for r in rows}
    assert kinds == {"worker_count", "forced_repatriation", "policy_action", "employer"}
    for row in rows:
        assert row["publisher"] or row["url"], row["pack_id"]
        assert row["reliability"] in ("primary", "secondary", "tertiary", None)
        assert row["summary"]
    # UN resolution 2397 reports are carried as policy actions of their own kind.
    assert any(r["action"] == "un2397_report" for r in rows)
    # Namibia's code is NA and must not become a missing value.
    assert any(r["country"] == "NA" for r in rows)
    readme = (pack_dir() / "README.md").read_text(encoding="utf-8")
    assert "shared/facts" in readme


def test_load_inserts_proposed_cited_claims_once(store: Store) -> None:
    first = load_pack(store, actor="tester")
    assert first.added == len(read_pack()) and first.unchanged == 0
    again = load_pack(store, actor="tester")
    assert again.added == 0 and again.unchanged == first.added
    with store.transaction() as session:
        claims = session.scalars(select(Claim).where(Claim.dataset == DATASET)).all()
        assert len(claims) == first.added
        assert {c.status for c in claims} == {"proposed"}
        assert {c.origin for c in claims} == {f"{DATASET}@{pack_version()}"}
        for claim in claims:
            assert claim.citation_publisher or claim.citation_url
            assert claim.document_sha256 is None
        employer = next(c for c in claims if c.kind == "employer" and c.name and "Mansudae" in c.name)
        assert employer.entity_id is not None
        entity = session.get(Entity, employer.entity_id)
        assert entity is not None and entity.schema == "Organization"
        aliases = set(session.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id)))
        assert "MOP" in aliases
        loads = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "pack.load"))
        assert loads == 2


def test_accept_pack_accepts_each_claim_with_an_audit_entry(store: Store) -> None:
    load_pack(store, actor="tester")
    accepted = accept_pack(store, actor="curator")
    assert accepted == len(read_pack())
    assert accept_pack(store, actor="curator") == 0
    with store.transaction() as session:
        statuses = set(session.scalars(select(Claim.status).where(Claim.dataset == DATASET)))
        assert statuses == {"accepted"}
        audits = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "claim.accept", AuditEntry.actor == "curator"))
        assert audits == accepted


def test_a_malformed_pack_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "pack"
    shutil.copytree(pack_dir(), bad)
    with (bad / "claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[2]["count"] = "about forty"
    with (bad / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(PackError, match=r"claims\.csv:4: count must be a whole number"):
        read_pack(bad)


def test_pack_load_command(home: Path, cli: CliRunner) -> None:
    result = cli.invoke(app, ["pack", "load", "--accept", "--as", "analyst"])
    assert result.exit_code == 0, result.output
    assert f"{len(read_pack())} claims added" in result.output
    assert f"accepted {len(read_pack())} pack claims as analyst" in result.output
    again = cli.invoke(app, ["pack", "load"])
    assert "0 claims added" in again.output


def test_committed_pack_matches_the_shared_facts(tmp_path: Path) -> None:
    """The pack is regenerated from ../shared/facts by build_pack; the committed copy must not drift from it."""
    from laborwatch.reconcile.build_pack import build

    facts = Path(__file__).resolve().parents[3] / "shared" / "facts"
    if not (facts / "worker_estimates.csv").exists():
        pytest.skip(f"no shared facts at {facts}")
    build(facts, tmp_path)
    assert (tmp_path / "claims.csv").read_bytes() == (pack_dir() / "claims.csv").read_bytes()
