"""Migration 0002: the claim's place moves from ``extra`` into its own column and back, on a store with data."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, inspect, text

from laborwatch.review import edit_claim
from laborwatch.store import Store
from laborwatch.store.db import current_revision, downgrade, head_revision, upgrade

NOW = "2018-05-04 10:00:00"


def _insert_claim(engine: Engine, claim_id: str, kind: str, extra: dict[str, Any], **values: Any) -> None:
    """A claims row as LaborWatch at revision 0001 wrote it (extractor 1.2 kept the place in ``extra``)."""
    columns = {"id": claim_id, "kind": kind, "version": 1, "dataset": "documents", "extra": json.dumps(extra),
               "restricted": False, "origin": "rules@1.2.0", "status": "proposed", "created_at": NOW,
               "first_seen": NOW, "last_seen": NOW, **values}
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join(f":{name}" for name in columns)
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO claims ({names}) VALUES ({marks})"), columns)


def _rows(engine: Engine) -> dict[str, dict[str, Any]]:
    has_place = "place" in {c["name"] for c in inspect(engine).get_columns("claims")}
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, extra" + (", place" if has_place else "") + " FROM claims")).all()
    out = {}
    for row in rows:
        extra = row.extra if isinstance(row.extra, dict) else json.loads(row.extra)
        out[row.id] = {"extra": extra, **({"place": row.place} if has_place else {})}
    return out


def test_place_moves_into_its_column_and_back(store: Store) -> None:
    engine = store.engine
    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "place" not in {c["name"] for c in inspect(engine).get_columns("claims")}
    rule = "worker noun after the figure; country: 'Dandong' after the figure"
    _insert_claim(engine, "count-dandong", "worker_count", {"rule": rule, "place": "Dandong"}, country="CN",
                  count=3000, qualifier="about")
    _insert_claim(engine, "presence-laos", "presence", {"rule": "vague quantity 'Thousands'", "place": "Vientiane"},
                  country="LA", qualifier="about")
    _insert_claim(engine, "action-kw", "policy_action", {"reliability": "secondary"}, country="KW",
                  action="no_renewal")
    with engine.begin() as conn:  # rows that point at claims: a migration must not disturb them
        conn.execute(text("INSERT INTO entities (id, schema, name, created_at) VALUES ('org', 'Organization', "
                          "'Amnok Fisheries', :now)"), {"now": NOW})
        conn.execute(text("INSERT INTO entity_aliases (entity_id, alias, claim_id) VALUES ('org', 'Amnok', "
                          "'count-dandong')"))

    upgrade(engine)
    assert current_revision(engine) == head_revision() == "0002"
    rows = _rows(engine)
    assert rows["count-dandong"] == {"extra": {"rule": rule}, "place": "Dandong"}
    assert rows["presence-laos"]["place"] == "Vientiane" and "place" not in rows["presence-laos"]["extra"]
    assert rows["action-kw"] == {"extra": {"reliability": "secondary"}, "place": None}

    # The column is a value like any other: a reviewer corrects it, and the new version keeps the rule.
    with store.transaction() as session:
        new = edit_claim(session, "count-dandong", {"place": "Dandong port"}, actor="ana")
        new_id = new.id
    assert _rows(engine)[new_id] == {"extra": {"rule": rule}, "place": "Dandong port"}

    downgrade(engine, "0001")
    assert "place" not in {c["name"] for c in inspect(engine).get_columns("claims")}
    rows = _rows(engine)
    assert rows["count-dandong"]["extra"] == {"rule": rule, "place": "Dandong"}
    assert rows[new_id]["extra"] == {"rule": rule, "place": "Dandong port"}
    assert rows["action-kw"]["extra"] == {"reliability": "secondary"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT claim_id FROM entity_aliases")).scalar_one() == "count-dandong"
        assert conn.execute(text("SELECT superseded_by FROM claims WHERE id = 'count-dandong'")).scalar_one() \
            == new_id

    upgrade(engine)  # and up again: nothing was lost on the way down
    rows = _rows(engine)
    assert rows["count-dandong"] == {"extra": {"rule": rule}, "place": "Dandong"}
    assert rows[new_id] == {"extra": {"rule": rule}, "place": "Dandong port"}
    assert rows["presence-laos"]["place"] == "Vientiane"
