"""Accepting, rejecting, skipping, reopening and editing claims, with the audit log as the record."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from laborwatch.review import (
    ReviewConflict,
    ReviewError,
    accept_claims,
    accept_document,
    claim_history,
    claim_versions,
    edit_claim,
    list_claims,
    reject_claim,
    reopen_claim,
    skip_claim,
)
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Claim


def audit(store: Store, object_id: str) -> list[tuple[str, str]]:
    with store.transaction() as s:
        return [(e.action, e.actor) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.object_id == object_id).order_by(AuditEntry.id))]


def test_accept_records_who_and_when_in_the_same_transaction(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        [claim] = accept_claims(s, [gulf["count"][:8]], actor="alice")
    assert claim.status == "accepted" and claim.reviewer == "alice" and claim.reviewed_at is not None
    assert audit(store, gulf["count"]) == [("claim.accept", "alice")]


def test_accepting_a_decided_claim_is_a_conflict_naming_who_decided(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["count"]], actor="alice")
    with pytest.raises(ReviewConflict, match=r"already accepted by alice") as info, store.transaction() as s:
        accept_claims(s, [gulf["count"]], actor="bob")
    assert info.value.claim_id == gulf["count"] and info.value.by == "alice"
    assert audit(store, gulf["count"]) == [("claim.accept", "alice")]


def test_a_batch_is_all_or_nothing(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        reject_claim(s, gulf["wage"], actor="alice", reason="the figure is a translation error")
    with pytest.raises(ReviewConflict, match="rejected by alice"), store.transaction() as s:
        accept_claims(s, [gulf["count"], gulf["employer"], gulf["wage"]], actor="bob")
    with store.transaction() as s:
        assert list_claims(s, status="accepted").total == 0
        assert list_claims(s, status="proposed").total == 2


def test_accept_document_takes_only_its_proposed_claims(store: Store, gulf: dict[str, str],
                                                       steppe: dict[str, str]) -> None:
    with store.transaction() as s:
        reject_claim(s, gulf["wage"], actor="alice", reason="wrong currency")
        accepted = accept_document(s, gulf["document"][:10], actor="bob")
    assert sorted(c.id for c in accepted) == sorted([gulf["count"], gulf["employer"]])
    with store.transaction() as s:
        assert {c.id for c in list_claims(s, status="proposed").claims} == {steppe["range"], steppe["employer"]}
        assert accept_document(s, gulf["document"], actor="bob") == []


def test_reject_needs_a_reason(store: Store, gulf: dict[str, str]) -> None:
    with pytest.raises(ReviewError, match="needs a reason"), store.transaction() as s:
        reject_claim(s, gulf["count"], actor="alice", reason="  ")
    with store.transaction() as s:
        claim = reject_claim(s, gulf["count"], actor="alice", reason="counts all foreigners, not only DPRK")
    assert claim.status == "rejected" and claim.review_reason == "counts all foreigners, not only DPRK"


def test_skip_leaves_the_claim_proposed_but_records_the_look(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        assert skip_claim(s, gulf["count"], actor="alice").status == "proposed"
    assert audit(store, gulf["count"]) == [("claim.skip", "alice")]


def test_reopen_puts_a_decision_back_with_a_reason(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["count"]], actor="alice")
        claim = reopen_claim(s, gulf["count"], actor="carol", reason="second source contradicts it")
    assert claim.status == "proposed"
    with pytest.raises(ReviewConflict, match="it is proposed"), store.transaction() as s:
        reopen_claim(s, gulf["count"], actor="dave", reason="again")


def test_edit_creates_a_new_version_that_keeps_provenance(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        new = edit_claim(s, gulf["count"], {"count": "1,100", "qualifier": "more than"}, actor="alice",
                         reason="the ministry's later figure")
    with store.transaction() as s:
        old = s.get(Claim, gulf["count"])
        assert old is not None
        assert new.id != old.id and new.version == 2 and new.supersedes == old.id
        assert old.superseded_by == new.id and old.count == 1000 and old.status == "proposed"
        assert (new.count, new.qualifier, new.status, new.reviewer) == (1100, "more than", "accepted", "alice")
        assert (new.document_sha256, new.start, new.end, new.quote) == (old.document_sha256, old.start, old.end,
                                                                        old.quote)
        assert new.origin == "user:alice" and new.as_of == "2017-08"
        assert [v.id for v in claim_versions(s, old.id)] == [old.id, new.id]
        history = claim_history(s, new.id)
        assert [e.action for e in history] == ["claim.edit", "claim.accept"]
        assert history[0].detail["changes"]["count"] == [1000, 1100]
        current = list_claims(s, kind="worker_count")
        assert [c.id for c in current.claims] == [new.id]


def test_edit_can_leave_the_new_version_proposed(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        new = edit_claim(s, gulf["count"], {"as_of": "2017-09"}, actor="alice", accept=False)
    assert new.status == "proposed" and new.reviewer is None


def test_editing_an_old_version_is_a_conflict_pointing_at_the_new_one(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        new = edit_claim(s, gulf["count"], {"count": 1100}, actor="alice")
    for attempt in (lambda s: edit_claim(s, gulf["count"], {"count": 900}, actor="bob"),
                    lambda s: accept_claims(s, [gulf["count"]], actor="bob")):
        with pytest.raises(ReviewConflict, match=f"edited by alice .*{new.id[:12]}") as info, \
                store.transaction() as s:
            attempt(s)
        assert info.value.superseded_by == new.id


@pytest.mark.parametrize(("changes", "message"), [
    ({"quote": "something else"}, "'quote' cannot be set"),
    ({"start": 0}, "'start' cannot be set"),
    ({"citation_url": "https://example.org"}, "'citation_url' cannot be set"),
    ({"count": "many"}, "count: 'many' is not a whole number"),
    ({"count": -5}, "count: -5 is negative"),
    ({"country": "Qatar"}, "did you mean QA"),
    ({"as_of": "2017-13"}, "not a real date"),
    ({"confidence": 1.5}, "between 0 and 1"),
    ({"count": None}, "needs count or low or high"),
    ({"low": 900, "high": 800}, r"low \(900\) is above high \(800\)"),
    ({"count": 1000}, "nothing to change"),
    ({"sector": "x" * 201}, "longer than 200 characters"),
])
def test_edit_refuses_bad_values_and_changes_nothing(store: Store, gulf: dict[str, str], changes: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(ReviewError, match=message), store.transaction() as s:
        edit_claim(s, gulf["count"], changes, actor="alice")
    with store.transaction() as s:
        assert list_claims(s, include_superseded=True).total == 3
    assert audit(store, gulf["count"]) == []


def test_an_edit_based_on_what_the_editor_saw_conflicts_when_it_changed(store: Store, gulf: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["count"]], actor="alice")
    with pytest.raises(ReviewConflict, match="already accepted by alice"), store.transaction() as s:
        edit_claim(s, gulf["count"], {"count": 1100}, actor="bob", expected_status="proposed")
    with store.transaction() as s:  # without a seen status, editing an accepted claim is a correction
        new = edit_claim(s, gulf["count"], {"count": 1100}, actor="bob")
    assert new.supersedes == gulf["count"] and new.reviewer == "bob"
