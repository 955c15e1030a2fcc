"""Review decisions: accept, reject, skip, reopen and edit, safe when several reviewers work at once.

Every change is a conditional UPDATE that names the state the reviewer saw (``status = 'proposed' AND
superseded_by IS NULL``) and checks that exactly one row changed. On PostgreSQL the row lock makes a second,
concurrent writer wait and then re-check the condition against the committed winner; on SQLite writers are
serialized by the database lock and the condition is evaluated after the lock is taken. Either way exactly
one of two simultaneous decisions wins and the other raises ``ReviewConflict`` naming who got there first;
no optimistic read-then-write window is left open.

All functions work inside the caller's transaction (``with store.transaction() as session``) and write
their audit entries in it, so a decision and its record commit together or not at all. Let ``ReviewError``
propagate out of the transaction so that a batch is never half applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from laborwatch.evidence.ids import make_id
from laborwatch.review.claims import CLAIM_COLUMNS, CURRENT, find_claim, find_document
from laborwatch.review.entities import link_claim_entities
from laborwatch.review.errors import ReviewConflict, ReviewError
from laborwatch.review.values import CITATION_FIELDS, KIND_REQUIRES, VALUE_FIELDS, check_claim_values, coerce_fields
from laborwatch.store.db import record_audit, utcnow
from laborwatch.store.models import AuditEntry, Claim


def accept_claims(session: Session, refs: Iterable[str], *, actor: str, note: str | None = None) -> list[Claim]:
    """Accept proposed claims (ids or unique prefixes). All or none: any conflict raises ReviewConflict."""
    ids = _resolve_claim_ids(session, refs)
    if not ids:
        raise ReviewError("no claim ids given")
    _decide_many(session, ids, status="accepted", actor=actor, reason=note, action="claim.accept")
    accepted = _fresh(session, ids)
    link_claim_entities(session, accepted, actor=actor)
    return accepted


def accept_document(session: Session, document: str, *, actor: str) -> list[Claim]:
    """Accept every current proposed claim of one document (SHA-256 or unique prefix); [] when none is left."""
    doc = find_document(session, document)
    ids = session.scalars(select(Claim.id).where(Claim.document_sha256 == doc.sha256, Claim.status == "proposed",
                                                 CURRENT).order_by(Claim.id)).all()
    _decide_many(session, list(ids), status="accepted", actor=actor, reason=None, action="claim.accept",
                 detail={"document": doc.sha256})
    accepted = _fresh(session, list(ids))
    link_claim_entities(session, accepted, actor=actor)
    return accepted


def reject_claim(session: Session, ref: str, *, actor: str, reason: str) -> Claim:
    """Reject a proposed claim; the reason is required and kept on the claim and in the audit log."""
    if not reason or not reason.strip():
        raise ReviewError("a rejection needs a reason (what is wrong with the claim)")
    claim_id = find_claim(session, ref).id
    _decide(session, claim_id, status="rejected", actor=actor, reason=reason.strip(), action="claim.reject")
    return _fresh(session, [claim_id])[0]


def skip_claim(session: Session, ref: str, *, actor: str, note: str | None = None) -> Claim:
    """Leave a claim proposed, recording that ``actor`` looked at it and deferred the decision."""
    claim = find_claim(session, ref)
    record_audit(session, actor=actor, action="claim.skip", object_type="claim", object_id=claim.id,
                 detail={"note": note} if note else {})
    return claim


def reopen_claim(session: Session, ref: str, *, actor: str, reason: str,
                 expected_status: str | None = None) -> Claim:
    """Put an accepted or rejected claim back to proposed (a decision changed), with a required reason."""
    if not reason or not reason.strip():
        raise ReviewError("reopening a decision needs a reason")
    claim_id = find_claim(session, ref).id
    expected = (expected_status,) if expected_status else ("accepted", "rejected")
    now = utcnow()
    result = session.execute(
        update(Claim).where(Claim.id == claim_id, Claim.status.in_(expected), CURRENT)
        .values(status="proposed", reviewer=actor, reviewed_at=now, review_reason=reason.strip())
        .execution_options(synchronize_session=False))
    if cast(CursorResult[Any], result).rowcount != 1:
        raise _conflict(session, claim_id, wanted="reopen")
    record_audit(session, actor=actor, action="claim.reopen", object_type="claim", object_id=claim_id,
                 detail={"reason": reason.strip()})
    return _fresh(session, [claim_id])[0]


def edit_claim(
    session: Session, ref: str, changes: Mapping[str, Any], *, actor: str, reason: str | None = None,
    accept: bool = True, expected_status: str | None = None,
) -> Claim:
    """Correct a claim's values by creating its next version; returns the new version.

    The new version gets a new id, ``version + 1`` and ``supersedes`` = the old id; the old row gets
    ``superseded_by`` and otherwise stays as it was, so history is kept. Provenance (document, offsets,
    quote, page) is copied unchanged; only value fields may change, plus the citation of a hand-entered claim.
    The new version is accepted by the editor (``accept=True``): correcting a value against its quote is a
    review decision. With ``accept=False`` it is proposed for someone else to decide.

    ``expected_status`` is the status the editor saw (a web form sends it back); by default the status read
    now. If the claim was decided or edited by someone else in between, ReviewConflict is raised.
    """
    old = find_claim(session, ref)
    session.refresh(old)  # the identity map may hold an older state of this row
    if old.superseded_by is not None:
        raise _conflict(session, old.id, wanted="edit")
    allowed = VALUE_FIELDS + (CITATION_FIELDS if old.document_sha256 is None else ())
    coerced = coerce_fields(changes, allowed=allowed)
    real = {field: value for field, value in coerced.items() if getattr(old, field) != value}
    if not real:
        raise ReviewError(f"claim {old.id[:12]}: nothing to change (the values given are the current ones)")
    if old.kind in KIND_REQUIRES:
        check_claim_values(old.kind, {f: getattr(old, f) for f in VALUE_FIELDS} | real)
    seen = expected_status or old.status
    version = old.version + 1
    new_id = make_id("claim-edit", old.id, version, sorted((k, str(v)) for k, v in real.items()))
    now = utcnow()
    result = session.execute(
        update(Claim).where(Claim.id == old.id, Claim.status == seen, CURRENT).values(superseded_by=new_id)
        .execution_options(synchronize_session=False))
    if cast(CursorResult[Any], result).rowcount != 1:
        raise _conflict(session, old.id, wanted="edit")
    set_committed_value(old, "superseded_by", new_id)  # keep this session's copy true without another UPDATE
    values = {key: getattr(old, key) for key in CLAIM_COLUMNS}
    values.update(real)
    values.update(
        id=new_id, version=version, supersedes=old.id, superseded_by=None, origin=f"user:{actor}",
        status="accepted" if accept else "proposed", reviewer=actor if accept else None,
        reviewed_at=now if accept else None, review_reason=reason if accept else None, created_at=now,
        extra=dict(old.extra or {}),
    )
    if "name" in real or "employer" in real:
        values["entity_id"] = None  # relinked below from the corrected name
    new = Claim(**values)
    session.add(new)
    session.flush()
    record_audit(session, actor=actor, action="claim.edit", object_type="claim", object_id=old.id, detail={
        "new_id": new_id, "version": version, "reason": reason, "new_status": new.status,
        "changes": {field: [_jsonable(getattr(old, field)), _jsonable(value)] for field, value in real.items()},
    })
    if accept:
        record_audit(session, actor=actor, action="claim.accept", object_type="claim", object_id=new_id,
                     detail={"via": "edit", "reason": reason} if reason else {"via": "edit"})
        link_claim_entities(session, [new], actor=actor)
    return new


def _resolve_claim_ids(session: Session, refs: Iterable[str]) -> list[str]:
    """Full ids looked up in bulk, prefixes one by one; sorted, so concurrent batches lock rows in one order
    and cannot deadlock."""
    wanted = {ref.strip().lower() for ref in refs}
    full = sorted(ref for ref in wanted if len(ref) == 40)
    found: set[str] = set()
    for i in range(0, len(full), 500):
        found.update(session.scalars(select(Claim.id).where(Claim.id.in_(full[i:i + 500]))))
    found.update(find_claim(session, ref).id for ref in wanted - found)
    return sorted(found)


def _decide(session: Session, claim_id: str, *, status: str, actor: str, reason: str | None, action: str,
            detail: dict[str, Any] | None = None) -> None:
    _decide_many(session, [claim_id], status=status, actor=actor, reason=reason, action=action, detail=detail)


def _decide_many(session: Session, ids: list[str], *, status: str, actor: str, reason: str | None, action: str,
                 detail: dict[str, Any] | None = None) -> None:
    """Decide on proposed claims in chunks: one conditional UPDATE and one audit INSERT per 500 claims.

    On PostgreSQL the chunk's rows are first locked in id order, so two overlapping batches queue behind each
    other instead of deadlocking; the UPDATE's row count then says whether every claim was still proposed.
    """
    now = utcnow()
    audit_detail = dict(detail or {})
    if reason:
        audit_detail["reason"] = reason
    postgres = session.get_bind().dialect.name == "postgresql"
    for i in range(0, len(ids), 500):
        chunk = sorted(ids[i:i + 500])
        if postgres and len(chunk) > 1:
            session.execute(select(Claim.id).where(Claim.id.in_(chunk)).order_by(Claim.id).with_for_update())
        result = session.execute(
            update(Claim).where(Claim.id.in_(chunk), Claim.status == "proposed", CURRENT)
            .values(status=status, reviewer=actor, reviewed_at=now, review_reason=reason)
            .execution_options(synchronize_session=False))
        if cast(CursorResult[Any], result).rowcount != len(chunk):
            # This transaction now holds the rows (PostgreSQL) or the database (SQLite): the state read here
            # is the one that won. Name the first claim that was not ours to decide.
            ours = set(session.scalars(select(Claim.id).where(
                Claim.id.in_(chunk), Claim.status == status, Claim.reviewer == actor, Claim.reviewed_at == now,
                CURRENT)))
            raise _conflict(session, next(c for c in chunk if c not in ours), wanted=status)
        session.execute(insert(AuditEntry), [
            {"at": now, "actor": actor, "action": action, "object_type": "claim", "object_id": claim_id,
             "detail": audit_detail} for claim_id in chunk])


def _fresh(session: Session, ids: list[str]) -> list[Claim]:
    if not ids:
        return []
    by_id: dict[str, Claim] = {}
    for i in range(0, len(ids), 500):  # bounded IN lists: SQLite limits bound parameters per statement
        by_id.update((c.id, c) for c in session.scalars(
            select(Claim).where(Claim.id.in_(ids[i:i + 500])).execution_options(populate_existing=True)))
    return [by_id[i] for i in ids]


def _conflict(session: Session, claim_id: str, *, wanted: str) -> ReviewConflict:
    """Explain, from the row as committed now, why a change to ``claim_id`` did not apply."""
    row = session.scalars(select(Claim).where(Claim.id == claim_id)
                          .execution_options(populate_existing=True)).one()
    short = claim_id[:12]
    verb = {"accepted": "accept", "rejected": "reject"}.get(wanted, wanted)
    if row.superseded_by is not None:
        newer = session.get(Claim, row.superseded_by)
        by = newer.origin.removeprefix("user:") if newer is not None else None
        at = newer.created_at if newer is not None else None
        when = f" at {at.isoformat(timespec='seconds')}" if at else ""
        return ReviewConflict(
            f"cannot {verb} claim {short}: it was edited by {by or 'someone'}{when} into version "
            f"{newer.version if newer else '?'} ({row.superseded_by[:12]}); review that version instead",
            record_id=claim_id, status=row.status, by=by, at=at, superseded_by=row.superseded_by)
    if wanted == "reopen":
        return ReviewConflict(f"cannot reopen claim {short}: it is {row.status} now"
                              + (f" (by {row.reviewer})" if row.reviewer else ""),
                              record_id=claim_id, status=row.status, by=row.reviewer, at=row.reviewed_at)
    when = f" at {row.reviewed_at.isoformat(timespec='seconds')}" if row.reviewed_at else ""
    return ReviewConflict(
        f"cannot {verb} claim {short}: it was already {row.status} by {row.reviewer or 'someone'}{when}",
        record_id=claim_id, status=row.status, by=row.reviewer, at=row.reviewed_at)


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
