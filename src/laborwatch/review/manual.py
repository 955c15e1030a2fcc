"""Claims entered by hand from a published source that is not in the store (a citation instead of a quote).

A figure from a report one cannot store (a PDF behind a login, a printed book, a broadcast) is still
recordable: the citation names the publisher, date, URL and optionally the page and title, and the claim
carries ``dataset = "manual"`` and ``origin = "user:<name>"``. Its author accepts it on entry unless they
ask for it to stay proposed for a second reviewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from laborwatch.evidence.ids import make_id
from laborwatch.review.entities import link_claim_entities
from laborwatch.review.errors import ReviewError
from laborwatch.review.values import VALUE_FIELDS, check_claim_values, coerce_field, coerce_fields
from laborwatch.store.db import record_audit, utcnow
from laborwatch.store.models import Claim


def add_manual_claim(
    session: Session, *, kind: str, values: Mapping[str, Any], publisher: str, date: str, url: str,
    page: int | str | None = None, title: str | None = None, restricted: bool = False, accept: bool = True,
    actor: str, note: str | None = None,
) -> Claim:
    """Record a claim from a citation; raises ReviewError for a bad value or a claim already recorded."""
    fields = coerce_fields({k: v for k, v in values.items() if v is not None}, allowed=VALUE_FIELDS)
    check_claim_values(kind, fields)
    citation = {
        "citation_publisher": coerce_field("citation_publisher", publisher),
        "citation_date": coerce_field("citation_date", date),
        "citation_url": coerce_field("citation_url", url),
        "citation_title": coerce_field("citation_title", title),
        "page": coerce_field("page", page),
    }
    for key, label in (("citation_publisher", "publisher"), ("citation_date", "date"), ("citation_url", "URL")):
        if citation[key] is None:
            raise ReviewError(f"a hand-entered claim needs the source's {label}")
    claim_id = make_id("manual", kind, sorted((k, str(v)) for k, v in fields.items() if v is not None),
                       citation["citation_url"], citation["citation_date"], citation["page"])
    existing = session.get(Claim, claim_id)
    if existing is not None:
        raise ReviewError(f"this claim is already recorded as {claim_id[:12]} ({existing.status})")
    now = utcnow()
    claim = Claim(
        id=claim_id, kind=kind, version=1, dataset="manual", origin=f"user:{actor}", restricted=restricted,
        status="accepted" if accept else "proposed", reviewer=actor if accept else None,
        reviewed_at=now if accept else None, review_reason=note if accept else None,
        created_at=now, first_seen=now, last_seen=now, extra={}, **fields, **citation,
    )
    session.add(claim)
    session.flush()
    record_audit(session, actor=actor, action="claim.add", object_type="claim", object_id=claim_id,
                 detail={"kind": kind, "citation_url": citation["citation_url"], "status": claim.status})
    if accept:
        record_audit(session, actor=actor, action="claim.accept", object_type="claim", object_id=claim_id,
                     detail={"via": "add"})
        link_claim_entities(session, [claim], actor=actor)
    return claim
