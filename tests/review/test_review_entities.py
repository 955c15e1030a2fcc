"""Entities from accepted claims: ids by normalized name, aliases, reversible merges."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from laborwatch.review import (
    NotFound,
    ReviewConflict,
    ReviewError,
    accept_claims,
    entity_id_for,
    list_entities,
    list_merges,
    merge_entities,
    normalize_name,
    resolve_entity,
    sync_entities,
    unmerge_entities,
)
from laborwatch.store import Store
from laborwatch.store.models import AuditEntry, Claim, Entity
from tests.review.conftest import add_claim


def test_names_normalize_across_case_punctuation_and_scripts() -> None:
    assert normalize_name("  ALMAZ  Building, Co. ") == normalize_name("almaz building co") == "almaz building co"
    assert normalize_name("조선 남강 무역회사") == "조선 남강 무역회사"
    assert normalize_name("Ｍansudae") == "mansudae"  # full-width letters fold to ASCII
    assert entity_id_for("Organization", "Almaz Building Co.") != entity_id_for("Person", "Almaz Building Co.")


def test_accepting_links_claims_to_entities_with_aliases(store: Store, gulf: dict[str, str]) -> None:
    spelled = add_claim(store, gulf["document"], "Almaz Building Co., employed 120", "worker_count",
                        claim_id="c" * 40, country="QA", count=120, employer="ALMAZ BUILDING CO")
    with store.transaction() as s:
        accept_claims(s, [gulf["employer"], spelled, gulf["count"]], actor="alice")
        [view] = list_entities(s)
        # the first spelling (in claim id order) names the entity; every spelling is an alias
        assert view.entity.name == "ALMAZ BUILDING CO" and view.entity.schema == "Organization"
        assert view.entity.country == "QA" and view.claim_count == 2
        assert sorted(view.aliases) == ["ALMAZ BUILDING CO", "Almaz Building Co."]
        assert s.scalar(select(Claim.entity_id).where(Claim.id == gulf["count"])) is None
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "entity")).all()
    assert actions == ["entity.create"]


def test_sync_picks_up_claims_accepted_elsewhere_and_persons(store: Store, gulf: dict[str, str]) -> None:
    person = add_claim(store, gulf["document"], "Officials in Doha", "employer", claim_id="d" * 40, country="QA",
                       name="Ri Chol", role="person")
    with store.transaction() as s:
        for claim in s.scalars(select(Claim)):
            claim.status = "accepted"  # as an import would, without going through accept_claims
    with store.transaction() as s:
        result = sync_entities(s, actor="alice")
        assert (result.entities_created, result.claims_linked) == (2, 2)
        assert {(v.entity.schema, v.entity.name) for v in list_entities(s)} == {
            ("Organization", "Almaz Building Co."), ("Person", "Ri Chol")}
        assert [v.entity.name for v in list_entities(s, schema="Person")] == ["Ri Chol"]
        assert sync_entities(s, actor="alice").claims_linked == 0
        assert s.scalar(select(Claim.entity_id).where(Claim.id == person)) == entity_id_for("Person", "Ri Chol")


def test_merge_and_unmerge_restore_exactly(store: Store, gulf: dict[str, str], steppe: dict[str, str]) -> None:
    with store.transaction() as s:
        accept_claims(s, [gulf["employer"], steppe["employer"]], actor="alice")
    kept = entity_id_for("Organization", "Almaz Building Co.")
    merged = entity_id_for("Organization", "The Almaz Building Company")
    with store.transaction() as s:
        before = sorted((v.entity.id, v.claim_count, tuple(v.aliases)) for v in list_entities(s))
        record = merge_entities(s, kept[:8], merged[:8], reason="same registration", actor="bob")
        [view] = list_entities(s)
        assert view.entity.id == kept and view.claim_count == 2 and view.merged == [merged]
        assert resolve_entity(s, merged).id == kept
        assert len(list_entities(s, include_merged=True)) == 2
    with store.transaction() as s:
        undone = unmerge_entities(s, record.id, actor="carol", reason="two firms")
        assert (undone.undone_by, undone.merged_by, undone.reason) == ("carol", "bob", "same registration")
        assert sorted((v.entity.id, v.claim_count, tuple(v.aliases)) for v in list_entities(s)) == before
        assert [m.id for m in list_merges(s)] == [record.id]
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.object_id == merged)
                            .order_by(AuditEntry.id)).all()
    assert list(actions) == ["entity.create", "entity.merge", "entity.unmerge"]


def test_merge_refusals(store: Store, gulf: dict[str, str], steppe: dict[str, str]) -> None:
    add_claim(store, gulf["document"], "Officials in Doha", "employer", claim_id="d" * 40, country="QA",
              name="Ri Chol", role="person")
    with store.transaction() as s:
        accept_claims(s, [gulf["employer"], steppe["employer"], "d" * 40], actor="alice")
    a = entity_id_for("Organization", "Almaz Building Co.")
    b = entity_id_for("Organization", "The Almaz Building Company")
    p = entity_id_for("Person", "Ri Chol")
    for args, error, message in [
        ((a, a, "x"), ReviewError, "into itself"),
        ((a, p, "x"), ReviewError, "cannot merge a Person"),
        ((a, b, " "), ReviewError, "needs a reason"),
        ((a, "0" * 12, "x"), NotFound, "no entity"),
    ]:
        with pytest.raises(error, match=message), store.transaction() as s:
            merge_entities(s, args[0], args[1], reason=args[2], actor="bob")
    with store.transaction() as s:
        merge_entities(s, a, b, reason="same", actor="bob")
    with pytest.raises(ReviewConflict, match="already merged"), store.transaction() as s:
        merge_entities(s, a, b, reason="same", actor="bob")
    with pytest.raises(ReviewConflict, match="is itself merged"), store.transaction() as s:
        merge_entities(s, b, a, reason="other way", actor="bob")
    with pytest.raises(NotFound, match="no entity merge #999"), store.transaction() as s:
        unmerge_entities(s, 999, actor="bob")
    with store.transaction() as s:
        assert s.scalar(select(Entity.merged_into).where(Entity.id == b)) == a


def test_a_hand_entered_employer_becomes_an_entity(store: Store) -> None:
    from laborwatch.review import add_manual_claim

    with store.transaction() as s:
        claim = add_manual_claim(s, kind="employer", values={"country": "RU", "name": "Taiga Timber Trust",
                                                              "role": "employer", "sector": "logging"},
                                 publisher="Amur Herald", date="2019-04", url="https://example.org/taiga",
                                 actor="gus")
        [view] = list_entities(s)
    assert claim.entity_id == view.entity.id == entity_id_for("Organization", "taiga timber trust")
    assert view.claim_count == 1 and view.entity.country == "RU"
