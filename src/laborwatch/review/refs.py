"""Who is acting, and which record an id (or a unique id prefix) means."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from laborwatch.review.errors import AmbiguousId, NotFound, ReviewError
from laborwatch.settings import Settings, load_settings

MIN_PREFIX = 6  # shorter prefixes collide too easily among thousands of SHA-1 ids


def resolve_actor(explicit: str | None = None, settings: Settings | None = None) -> str:
    """The name the audit log records: ``--as`` if given, else LABORWATCH_USER, else the OS user."""
    name = (explicit if explicit is not None else (settings or load_settings()).user).strip()
    if not name:
        raise ReviewError("the acting user's name is empty; pass --as NAME or set LABORWATCH_USER")
    if len(name) > 200:
        raise ReviewError("the acting user's name is longer than 200 characters")
    return name


def resolve_id(session: Session, column: InstrumentedAttribute[Any], ref: str, what: str) -> Any:
    """The one row whose ``column`` equals ``ref`` or starts with it (a prefix of at least 6 characters)."""
    ref = ref.strip().lower()
    model = cast(type[Any], column.class_)
    exact = session.get(model, ref) if ref else None
    if exact is not None:
        return exact
    if len(ref) < MIN_PREFIX:
        raise NotFound(f"no {what} {ref!r}; give the full id or a prefix of at least {MIN_PREFIX} characters")
    if not all(c in "0123456789abcdef" for c in ref):
        raise NotFound(f"no {what} {ref!r}: ids are hexadecimal")
    rows = session.scalars(select(model).where(column.startswith(ref, autoescape=True)).limit(6)).all()
    if not rows:
        raise NotFound(f"no {what} has an id starting with {ref!r}")
    if len(rows) > 1:
        shown = ", ".join(str(getattr(r, column.key)) for r in rows[:5])
        raise AmbiguousId(f"{what} id prefix {ref!r} matches more than one: {shown}; give more characters")
    return rows[0]
