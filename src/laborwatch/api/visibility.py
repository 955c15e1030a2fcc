"""What each user may see: the access rules of the web app, applied as query conditions.

Viewers read accepted material only; restricted documents, and the claims that rest on them, exist only for
users granted restricted access. These are conditions added to the review library's own filters (``CURRENT``,
the status and country parsers), so pagination counts only what the user may see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from laborwatch.api.accounts import Principal
from laborwatch.review import CURRENT
from laborwatch.review import find_document as review_find_document
from laborwatch.review.claims import claim_filters
from laborwatch.store.models import Claim, Document

RESTRICTED_DOCUMENTS = select(Document.sha256).where(Document.restricted.is_(True))


def claim_is_restricted(session: Session, claim: Claim) -> bool:
    if claim.restricted:
        return True
    if claim.document_sha256 is None:
        return False
    doc = session.get(Document, claim.document_sha256)
    return bool(doc is not None and doc.restricted)


def claim_conditions(principal: Principal) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [CURRENT]
    if not principal.restricted_access:
        conditions.append(Claim.restricted.is_(False))
        conditions.append(or_(Claim.document_sha256.is_(None), Claim.document_sha256.not_in(RESTRICTED_DOCUMENTS)))
    if not principal.has_role("analyst"):
        conditions.append(Claim.status == "accepted")
    return conditions


def claims_query(session: Session, principal: Principal, *, status: str | None = None, kind: str | None = None,
                 country: str | None = None, document: str | None = None) -> Select[Any]:
    """Current claims the principal may see, filtered like ``laborwatch claims``; stable order for paging."""
    doc = review_find_document(session, document) if document is not None else None
    conditions = claim_conditions(principal) + claim_filters(session, status=status, kind=kind, country=country,
                                                              document=doc)
    if doc is not None and doc.restricted and not principal.restricted_access:
        conditions.append(false())
    return (select(Claim).where(*conditions)
            .order_by(func.coalesce(Claim.document_sha256, ""), func.coalesce(Claim.start, 0), Claim.id))


def can_see_claim(session: Session, principal: Principal, claim: Claim) -> bool:
    if claim_is_restricted(session, claim) and not principal.restricted_access:
        return False
    return principal.has_role("analyst") or claim.status == "accepted"


def documents_query(principal: Principal) -> Select[Any]:
    query = select(Document).order_by(Document.added_at.desc(), Document.sha256)
    if not principal.restricted_access:
        query = query.where(Document.restricted.is_(False))
    return query
