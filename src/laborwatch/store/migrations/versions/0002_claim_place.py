"""claim place

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 19:00:00.000000

Worker counts and presence claims name the city, region or site they are about ("Dandong", "Primorsky Krai").
Extractor 1.2 stored it in the claim's ``extra`` JSON; it is a value a reviewer corrects and a report prints,
so it gets its own column. Upgrading moves every ``extra["place"]`` into the column (and out of ``extra``, so
the two cannot disagree after an edit); downgrading moves it back, so nothing is lost either way.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

PLACE_LENGTH = 200
# Only the columns the data move touches; the JSON type (de)serializes ``extra`` alike on SQLite and PostgreSQL.
_claims = sa.table('claims', sa.column('id', sa.String(40)), sa.column('extra', sa.JSON()),
                   sa.column('place', sa.String(PLACE_LENGTH)))


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=PLACE_LENGTH), nullable=True))
    bind = op.get_bind()
    for claim_id, extra in _rows_with_extra(bind):
        if not isinstance(extra, dict) or "place" not in extra:
            continue
        rest = {k: v for k, v in extra.items() if k != "place"}
        place = extra["place"]
        # A place longer than the column (never written by the extractor) stays in ``extra`` rather than
        # being cut short: the migration must not change what a source said.
        if place is not None and (not isinstance(place, str) or len(place) > PLACE_LENGTH):
            continue
        bind.execute(_claims.update().where(_claims.c.id == claim_id).values(place=place or None, extra=rest))


def downgrade() -> None:
    bind = op.get_bind()
    places = bind.execute(sa.select(_claims.c.id, _claims.c.extra, _claims.c.place)
                          .where(_claims.c.place.is_not(None))).all()
    for claim_id, extra, place in places:
        merged = {**(extra if isinstance(extra, dict) else {}), "place": place}
        bind.execute(_claims.update().where(_claims.c.id == claim_id).values(extra=merged))
    # recreate="never": SQLite (3.35 and later) drops the column in place. Alembic's default on SQLite copies the
    # table and drops the old one, which foreign keys on (entity aliases and claim versions point at claims) refuse.
    with op.batch_alter_table('claims', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('place')


def _rows_with_extra(bind: Any) -> list[tuple[str, Any]]:
    # Read before writing: SQLite must not see updates while a cursor over the same table is open.
    return [(row.id, row.extra) for row in bind.execute(sa.select(_claims.c.id, _claims.c.extra))]
