"""Several reviewers at once, on real concurrent connections: one decision wins, the others get a conflict.

Each thread opens its own transaction on its own pooled connection, exactly as two web requests or two
``laborwatch`` processes do. On PostgreSQL the losers wait on the row lock; on SQLite on the database lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from laborwatch.review import (
    ReviewConflict,
    accept_claims,
    edit_claim,
    find_entity,
    list_claims,
    merge_entities,
    reject_claim,
)
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Claim, Entity
from tests.review.conftest import add_claim

Action = Callable[[Session], Any]


def race(store: Store, actions: list[Action]) -> list[Any]:
    """Run every action in its own thread and transaction, released at the same instant; results in order."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Action) -> None:
        barrier.wait()
        try:
            with store.transaction() as session:
                results[index] = action(session)
        except Exception as exc:  # collected and asserted on by the test
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def decisions_on(store: Store, claim_id: str) -> list[AuditEntry]:
    with store.transaction() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.object_id == claim_id,
                                                       AuditEntry.action != "claim.skip")))


@pytest.mark.parametrize("round_", range(3))
def test_simultaneous_accepts_exactly_one_wins(store: Store, gulf: dict[str, str], round_: int) -> None:
    reviewers = [f"analyst{i}" for i in range(6)]
    results = race(store, [lambda s, r=r: accept_claims(s, [gulf["count"]], actor=r) for r in reviewers])
    winners = [reviewers[i] for i, r in enumerate(results) if isinstance(r, list)]
    conflicts = [r for r in results if isinstance(r, ReviewConflict)]
    assert len(winners) == 1 and len(conflicts) == 5, results
    for conflict in conflicts:
        assert conflict.claim_id == gulf["count"] and conflict.by == winners[0]
        assert f"already accepted by {winners[0]}" in str(conflict)
    entries = decisions_on(store, gulf["count"])
    assert [(e.action, e.actor) for e in entries] == [("claim.accept", winners[0])]


def test_accept_reject_and_edit_at_once_one_wins_nothing_lost(store: Store, gulf: dict[str, str]) -> None:
    cid = gulf["count"]
    results = race(store, [
        lambda s: accept_claims(s, [cid], actor="alice"),
        lambda s: reject_claim(s, cid, actor="bob", reason="double counted"),
        # each editor saw the claim proposed (as a form sends back); without that, an edit that starts after
        # another reviewer's decision committed is a legitimate correction of the decided claim, not a race
        lambda s: edit_claim(s, cid, {"count": 1200}, actor="carol", expected_status="proposed"),
        lambda s: edit_claim(s, cid, {"count": 900}, actor="dave", expected_status="proposed"),
    ])
    ok = [r for r in results if not isinstance(r, Exception)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(ok) == 1 and len(errors) == 3 and all(isinstance(e, ReviewConflict) for e in errors), results
    with store.transaction() as s:
        current = list_claims(s, kind="worker_count").claims
        assert len(current) == 1
        all_versions = list_claims(s, kind="worker_count", include_superseded=True).claims
    # the winner's change is there, in one version (an edit) or in place (a decision); no other change is
    assert len(all_versions) in (1, 2)
    assert len(decisions_on(store, cid)) == 1


def test_the_loser_waits_for_the_winner_then_gets_the_conflict(store: Store, gulf: dict[str, str]) -> None:
    """Deterministic interleaving: alice's accept is uncommitted while bob edits; bob must wait, then lose."""
    cid = gulf["count"]
    decided, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def alice() -> None:
        with store.transaction() as s:
            accept_claims(s, [cid], actor="alice")
            decided.set()
            release.wait(30)

    def bob() -> None:
        try:
            with store.transaction() as s:
                outcome["bob"] = edit_claim(s, cid, {"count": 1300}, actor="bob")
        except Exception as exc:  # asserted below
            outcome["bob"] = exc
        outcome["bob_done"] = time.monotonic()

    first = threading.Thread(target=alice)
    first.start()
    assert decided.wait(30)
    second = threading.Thread(target=bob)
    second.start()
    time.sleep(0.7)
    assert second.is_alive(), f"bob's edit did not wait for alice's open transaction: {outcome}"
    released_at = time.monotonic()
    release.set()
    first.join(30)
    second.join(30)
    assert isinstance(outcome["bob"], ReviewConflict), outcome
    assert outcome["bob_done"] >= released_at
    assert "already accepted by alice" in str(outcome["bob"])
    with store.transaction() as s:
        claim = s.get(Claim, cid)
        assert claim is not None and claim.status == "accepted" and claim.superseded_by is None


def test_simultaneous_merges_in_opposite_directions_do_not_make_a_cycle(store: Store, gulf: dict[str, str],
                                                                         steppe: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["employer"], steppe["employer"]], actor="alice")
        ids = sorted(s.scalars(select(Entity.id)).all())
    a, b = ids
    results = race(store, [
        lambda s: merge_entities(s, a, b, reason="same company", actor="alice"),
        lambda s: merge_entities(s, b, a, reason="same company", actor="bob"),
    ])
    assert sum(isinstance(r, ReviewConflict) for r in results) == 1, results
    with store.transaction() as s:
        merged = [e for e in (find_entity(s, a), find_entity(s, b)) if e.merged_into is not None]
        assert len(merged) == 1


def test_simultaneous_accepts_naming_one_company_share_one_entity(store: Store, gulf: dict[str, str]) -> None:
    doc = gulf["document"]
    second = add_claim(store, doc, "Almaz Building Co., employed 120", "employer", claim_id="e" * 40,
                       country="QA", name="ALMAZ BUILDING CO", role="employer")
    results = race(store, [lambda s: accept_claims(s, [gulf["employer"]], actor="alice"),
                           lambda s: accept_claims(s, [second], actor="bob")])
    assert all(isinstance(r, list) for r in results), results
    with store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Entity)) == 1
        linked = s.scalars(select(Claim.entity_id).where(Claim.kind == "employer")).all()
        assert len(set(linked)) == 1 and None not in linked


def test_overlapping_batches_in_opposite_orders_neither_deadlock_nor_half_apply(store: Store,
                                                                                 gulf: dict[str, str]) -> None:
    ids = [gulf["count"], gulf["employer"], gulf["wage"]]
    for _ in range(3):
        results = race(store, [lambda s: accept_claims(s, ids, actor="alice"),
                               lambda s: accept_claims(s, list(reversed(ids)), actor="bob")])
        assert sorted(type(r).__name__ for r in results) == ["ReviewConflict", "list"], results
        winner = "alice" if isinstance(results[0], list) else "bob"
        with store.transaction() as s:
            assert {c.reviewer for c in list_claims(s).claims} == {winner}
            for claim_id in ids:  # reset for the next round
                reopen = s.get(Claim, claim_id)
                assert reopen is not None
                reopen.status, reopen.reviewer, reopen.reviewed_at = "proposed", None, None
