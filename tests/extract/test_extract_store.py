"""Storing extracted claims: on SQLite and (LABORWATCH_TEST_DATABASE=postgresql) PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from laborwatch.evidence.intake import DocumentMetadata, add_path
from laborwatch.extract import EXTRACTOR
from laborwatch.extract.pipeline import extract_pending, pending_documents
from laborwatch.store import Store
from laborwatch.store.db import utcnow
from laborwatch.store.models import AuditEntry, Claim, Document, ExtractionRun
from tests.conftest import SAMPLES

ARTICLE = """Gulf builders and their North Korean crews

The Pearl Gazette estimates that about 1,700 North Korean laborers work in Qatar; the Harbor Times puts the
number at 1,400.

Kuwait has stopped issuing new visas to North Korean workers, officials said last month.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _count(store: Store, model: type) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_extract_stores_proposed_claims_once(store: Store, tmp_path: Path) -> None:
    doc = add_path(store, _write(tmp_path, "gulf.txt", ARTICLE), actor="ana",
                   metadata=DocumentMetadata(published="2018-05-02", restricted=True))
    summary = extract_pending(store, "tester")
    assert (summary.documents, summary.claims) == (1, 3)
    assert summary.by_kind == {"worker_count": 2, "policy_action": 1}
    with store.transaction() as session:
        claims = session.scalars(select(Claim).order_by(Claim.start, Claim.count)).all()
        document = session.get(Document, doc.sha256)
        assert document is not None
        for claim in claims:
            assert document.text[claim.start:claim.end] == claim.quote
            assert (claim.status, claim.dataset, claim.origin) == ("proposed", "documents", EXTRACTOR)
            assert claim.restricted is True and claim.document_sha256 == doc.sha256 and claim.page is None
        workers = [c for c in claims if c.kind == "worker_count"]
        assert sorted((c.country, c.count, c.attributed_to) for c in workers) == [
            ("QA", 1400, "the Harbor Times"), ("QA", 1700, "The Pearl Gazette")]
        policy = next(c for c in claims if c.kind == "policy_action")
        assert (policy.country, policy.action, policy.event_date) == ("KW", "stop_new_visas", "2018-04")
        run = session.get(ExtractionRun, (doc.sha256, EXTRACTOR))
        assert run is not None and run.claim_count == 3
        audits = session.scalars(select(AuditEntry).where(AuditEntry.action == "document.extract")).all()
        assert [(a.actor, a.object_id, a.detail["claims"]) for a in audits] == [("tester", doc.sha256, 3)]
    again = extract_pending(store, "tester")
    assert (again.documents, again.claims, again.skipped) == (0, 0, 1)
    assert _count(store, Claim) == 3 and _count(store, ExtractionRun) == 1


def test_pdf_claims_carry_their_page(store: Store) -> None:
    result = add_path(store, SAMPLES / "mongolia-quota-bulletin.pdf", actor="ana")
    extract_pending(store, "tester")
    with store.transaction() as session:
        document = session.get(Document, result.sha256)
        assert document is not None and document.page_starts
        claims = session.scalars(select(Claim).where(Claim.document_sha256 == result.sha256)).all()
        assert claims, "the sample bulletin states worker figures"
        for claim in claims:
            assert claim.page is not None
            page_start = document.page_starts[claim.page - 1]
            assert page_start <= claim.start
            assert document.text[claim.start:claim.end] == claim.quote


def test_korean_and_empty_documents_are_marked_done_without_claims(store: Store, tmp_path: Path) -> None:
    add_path(store, _write(tmp_path, "ko.txt", "북한 노동자 약 2,000명이 카타르에서 일하고 있다.\n"), actor="ana")
    add_path(store, _write(tmp_path, "none.txt", "Nothing here is about anyone's workforce.\n"), actor="ana")
    summary = extract_pending(store, "tester")
    assert (summary.documents, summary.claims) == (2, 0)
    assert pending_documents(store) == []


def test_documents_stored_directly_are_extracted(store: Store) -> None:
    text = "Officials say 900 North Korean workers remain in Laos.\n"
    with store.transaction() as session:
        session.add(Document(sha256="a" * 64, filename="direct.txt", media_type="text/plain", size=len(text),
                             text=text, published="2019", language="en", restricted=False,
                             added_at=utcnow(), added_by="ana", metadata_origin={}))
    assert pending_documents(store) == ["a" * 64]
    summary = extract_pending(store, "tester")
    assert summary.by_kind == {"worker_count": 1}
    with store.transaction() as session:
        claim = session.scalars(select(Claim)).one()
        assert (claim.country, claim.count, claim.attributed_to, claim.restricted) == ("LA", 900, "Officials", False)


def test_a_failing_document_leaves_nothing_half_written(store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    add_path(store, _write(tmp_path, "gulf.txt", ARTICLE), actor="ana", metadata=DocumentMetadata(published="2018"))
    from laborwatch.extract import pipeline

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "record_audit", broken_audit)
    with pytest.raises(RuntimeError):
        extract_pending(store, "tester")
    assert _count(store, Claim) == 0 and _count(store, ExtractionRun) == 0
    monkeypatch.undo()
    assert extract_pending(store, "tester").claims == 3
