"""Pagination for every list: ``?limit=&offset=`` in, ``{items, total, limit, offset, next_offset}`` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
MAX_LIMIT = 500


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: int = Query(50, ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT})."),
    offset: int = Query(0, ge=0, description="How many items to skip."),
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None


def make_page(items: list[Any], total: int, params: PageParams) -> dict[str, Any]:
    following = params.offset + params.limit
    return {"items": items, "total": total, "limit": params.limit, "offset": params.offset,
            "next_offset": following if following < total else None}


def paginate(session: Session, query: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """The rows of one page and the total count of the whole query."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(session.scalars(query.limit(params.limit).offset(params.offset)).all())
    return rows, total


def page_of_list(items: list[Any], params: PageParams) -> dict[str, Any]:
    """Pagination over a list a library function already computed (estimates, list versions)."""
    return make_page(items[params.offset:params.offset + params.limit], len(items), params)
