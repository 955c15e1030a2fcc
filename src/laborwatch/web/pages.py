"""The pages: login, dashboard, documents, one document with its claims highlighted, the review queue.

Server-rendered with Jinja2; htmx (vendored) swaps fragments for the review panel. Every form carries the
session's CSRF token; htmx sends it as the X-CSRF-Token header (see base.html). Pages call the same library
functions and access rules as the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from laborwatch import review
from laborwatch.api import accounts
from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Viewer, audit_restricted, current_principal, get_store
from laborwatch.api.pagination import PageParams, paginate
from laborwatch.api.routes.documents import extract_document, visible_document
from laborwatch.api.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    issue_session,
    new_login_csrf,
)
from laborwatch.api.visibility import claim_is_restricted, claims_query, documents_query
from laborwatch.store.db import Store
from laborwatch.store.models import Claim, Document
from laborwatch.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this server: an open redirect would let a phishing link bounce through the login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    token = new_login_csrf()
    response = render(request, "login.html", None, next=_safe_next(next), login_csrf=token, error=None)
    _set_login_csrf(request, response, token)
    return response


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _set_login_csrf(request: Request, response: Response, token: str) -> None:
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
                        secure=_secure(request), path="/login")


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/"), store: Store = Depends(get_store)) -> Response:
    target = _safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)

    def refuse(message: str, status: int) -> Response:
        token = new_login_csrf()
        response = render(request, "login.html", None, status_code=status, next=target, login_csrf=token,
                          error=message, name=name)
        _set_login_csrf(request, response, token)
        return response

    if not expected or not csrf_token or expected != csrf_token:
        return refuse("The login form expired or came from another site; please try again.", 403)
    try:
        principal = accounts.authenticate(store, name, password)
    except accounts.LoginRefused as exc:
        return refuse(str(exc)[:1].upper() + str(exc)[1:] + ".", 401)
    cookie, _ = issue_session(request.app.state.secret_key, principal.id)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_MAX_AGE, httponly=True, samesite="lax",
                        secure=_secure(request), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(_: Principal = Depends(current_principal)) -> Response:
    # current_principal has checked the CSRF token: a forged logout cannot be triggered from another site.
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def dashboard(request: Request, principal: Principal = Viewer, store: Store = Depends(get_store)) -> Response:
    from laborwatch.web.areas import dashboard_estimates

    with store.transaction() as session:
        recent = list(session.scalars(documents_query(principal).limit(8)).all())
        pending = 0
        if principal.has_role("analyst"):
            pending = session.scalar(select(func.count()).select_from(
                claims_query(session, principal, status="proposed").subquery())) or 0
        accepted = session.scalar(select(func.count()).select_from(
            claims_query(session, principal, status="accepted").subquery())) or 0
    _audit_listed(store, principal, recent)
    estimates = dashboard_estimates(request, store, principal)
    return render(request, "dashboard.html", principal, recent=recent, pending=pending, accepted=accepted,
                  **estimates)


@router.get("/documents")
def documents_page(request: Request, principal: Principal = Viewer, store: Store = Depends(get_store),
                   offset: int = 0) -> Response:
    page = PageParams(limit=50, offset=max(0, offset))
    with store.transaction() as session:
        rows, total = paginate(session, documents_query(principal), page)
        counts = dict(session.execute(
            select(Claim.document_sha256, func.count()).where(review.CURRENT, review.NOT_WITHDRAWN)
            .where(Claim.document_sha256.in_([d.sha256 for d in rows])).group_by(Claim.document_sha256)).all())
    _audit_listed(store, principal, rows)
    return render(request, "documents.html", principal, documents=rows, total=total, page=page, counts=counts)


def _audit_listed(store: Store, principal: Principal, documents: list[Document]) -> None:
    restricted = [d.sha256 for d in documents if d.restricted]
    if restricted:
        audit_restricted(store, principal, action="document.list", object_type="document", object_id=restricted[0],
                         detail={"documents": restricted})


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def highlight(text: str, claims: list[Claim]) -> list[Segment]:
    """The text cut into plain runs and claim spans, in order. Where spans overlap, the earlier one wins the
    overlapping characters and the later claim is still listed beside the text."""
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted((c for c in claims if c.start is not None and c.end is not None),
                        key=lambda c: (c.start or 0, -(c.end or 0), c.id)):  # id: same span, same winner
        start, end = claim.start or 0, claim.end or 0
        if start < cursor or end > len(text) or end <= start:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], claim))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str, principal: Principal = Viewer,
                  store: Store = Depends(get_store)) -> Response:
    from laborwatch.extract.summary import last_extraction

    doc = visible_document(store, principal, document_id, action="document.view")
    with store.transaction() as session:
        claims = list(session.scalars(claims_query(session, principal, document=doc.sha256)).all())
        # What the last extraction changed, in the words `laborwatch extract` prints: after the Extract button or
        # an upload with extraction, and after an extractor upgrade run from the command line.
        extraction = last_extraction(session, doc.sha256) if principal.has_role("analyst") else None
    return render(request, "document.html", principal, doc=doc, claims=claims, extraction=extraction,
                  segments=highlight(doc.text, claims), summary=review.claim_summary)


@router.get("/claims/{claim_id}/panel")
def claim_panel(request: Request, claim_id: str, principal: Principal = Viewer,
                store: Store = Depends(get_store)) -> Response:
    """The review panel for one claim (an htmx fragment, or a page of its own without JavaScript)."""
    from laborwatch.api.routes.claims import visible_claim

    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        context = review.claim_context(session, claim)
        history = review.claim_history(session, claim)
    return render(request, "claim_panel.html", principal, claim=claim, context=context, history=history,
                  summary=review.claim_summary(claim), rule=review.claim_rule(claim), fields=_edit_fields(claim),
                  standalone=request.headers.get("hx-request") != "true")


EDITABLE = {
    "worker_count": ("country", "count", "low", "high", "qualifier", "category", "employer", "sector", "place",
                     "attributed_to", "as_of"),
    "presence": ("country", "qualifier", "category", "employer", "sector", "place", "attributed_to", "as_of"),
    "policy_action": ("country", "action", "event_date", "attributed_to", "as_of"),
    "wage": ("country", "gross_per_month", "received_per_month", "currency", "attributed_to", "as_of"),
    "employer": ("country", "name", "role", "attributed_to", "as_of"),
    "forced_repatriation": ("country", "count", "event_date", "attributed_to", "as_of"),
}


def _edit_fields(claim: Claim) -> list[tuple[str, Any]]:
    return [(f, getattr(claim, f)) for f in EDITABLE.get(claim.kind, ("country", "attributed_to", "as_of"))]


@router.post("/claims/{claim_id}/decide")
async def decide(request: Request, claim_id: str, principal: Principal = Depends(current_principal),
                 store: Store = Depends(get_store)) -> Response:
    """Accept, reject, skip or edit from a page form; answers with the refreshed panel (or redirects)."""
    from laborwatch.api.routes.claims import visible_claim

    if not principal.has_role("analyst"):
        return render(request, "error.html", principal, status_code=403, status=403,
                      message="Reviewing claims needs the analyst role.")
    form = await request.form()
    action = str(form.get("action", ""))
    reason = str(form.get("reason", "")).strip() or None
    message = ""
    try:
        with store.transaction() as session:
            claim = visible_claim(session, store, principal, claim_id)
            if action == "accept":
                claim = review.accept_claims(session, [claim.id], actor=principal.name, note=reason)[0]
                message = "Accepted."
            elif action == "reject":
                claim = review.reject_claim(session, claim.id, actor=principal.name, reason=reason or "")
                message = "Rejected."
            elif action == "skip":
                claim = review.skip_claim(session, claim.id, actor=principal.name, note=reason)
                message = "Skipped; it stays proposed."
            elif action == "edit":
                changes = {f: form.get(f"field_{f}") for f, _ in _edit_fields(claim)
                           if str(form.get(f"field_{f}") or "") != str(getattr(claim, f) or "")}
                claim = review.edit_claim(session, claim.id, changes, actor=principal.name, reason=reason,
                                          expected_status=str(form.get("expected_status") or "") or None)
                message = f"Saved as version {claim.version} and accepted."
            else:
                raise review.ReviewError(f"unknown action {action!r}")
            claim_id = claim.id
    except review.ReviewError as exc:
        message = f"Not saved: {exc}"
    next_url = str(form.get("next") or "")
    if next_url and request.headers.get("hx-request") != "true":
        return RedirectResponse(_safe_next(next_url), status_code=303)
    with store.transaction() as session:
        claim = visible_claim(session, store, principal, claim_id)
        context = review.claim_context(session, claim)
        history = review.claim_history(session, claim)
    response = render(request, "claim_panel.html", principal, claim=claim, context=context, history=history,
                      summary=review.claim_summary(claim), rule=review.claim_rule(claim), fields=_edit_fields(claim),
                      message=message, standalone=request.headers.get("hx-request") != "true")
    response.headers["HX-Trigger"] = "claim-decided"
    return response


@router.get("/review")
def review_queue(request: Request, principal: Principal = Viewer, store: Store = Depends(get_store),
                 kind: str | None = None, country: str | None = None, after: str | None = None) -> Response:
    """One proposed claim at a time with its context; keys: a accept, r reject, e edit, s skip, j next."""
    if not principal.has_role("analyst"):
        return render(request, "error.html", principal, status_code=403, status=403,
                      message="The review queue needs the analyst role.")
    with store.transaction() as session:
        query = claims_query(session, principal, status="proposed", kind=kind or None, country=country or None)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if after:  # the claim just skipped goes behind the others for this reviewer
            query = query.where(Claim.id != after)
        claim = session.scalars(query.limit(1)).first()
        context = review.claim_context(session, claim) if claim is not None else None
        doc = session.get(Document, claim.document_sha256) if claim is not None and claim.document_sha256 else None
        restricted = claim is not None and claim_is_restricted(session, claim)
    if claim is not None and restricted:
        audit_restricted(store, principal, action="claim.view", object_type="claim", object_id=claim.id)
    return render(request, "review.html", principal, claim=claim, context=context, total=total, doc=doc,
                  summary=review.claim_summary(claim) if claim is not None else "",
                  rule=review.claim_rule(claim) if claim is not None else None,
                  fields=_edit_fields(claim) if claim is not None else [], kind=kind or "", country=country or "",
                  kinds=review.KINDS)


@router.post("/documents")
async def upload_page(request: Request, principal: Principal = Depends(current_principal),
                      store: Store = Depends(get_store)) -> Response:
    """The upload form: the same call as POST /api/documents, then the new document's page."""
    from starlette.datastructures import UploadFile

    from laborwatch.api.routes.documents import upload_document

    form = await request.form()
    upload = form.get("file")

    async def failed(message: str, status: int) -> Response:
        page = PageParams(limit=50, offset=0)
        with store.transaction() as session:
            rows, total = paginate(session, documents_query(principal), page)
        return render(request, "documents.html", principal, status_code=status, documents=rows, total=total,
                      page=page, counts={}, upload_error=message)

    if not principal.has_role("analyst"):
        return await failed("Adding documents needs the analyst role.", 403)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await failed("Choose a file to add.", 422)

    def text(name: str) -> str | None:
        value = form.get(name)
        return value if isinstance(value, str) and value.strip() else None

    try:
        response = await upload_document(
            file=cast(Any, upload), title=text("title"), publisher=text("publisher"), published=text("published"),
            url=text("url"), language=text("language"), restricted=form.get("restricted") == "true",
            principal=principal, store=store)
    except HTTPException as exc:
        return await failed(str(exc.detail), exc.status_code)
    import json

    document_id = json.loads(bytes(response.body))["document"]["id"]
    if form.get("extract") == "true":
        await run_in_threadpool(extract_document, store, principal, document_id)
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id}/extract")
async def extract_page(document_id: str, principal: Principal = Depends(current_principal),
                       store: Store = Depends(get_store)) -> Response:
    if not principal.has_role("analyst"):
        raise HTTPException(403, "extracting claims needs the analyst role")
    await run_in_threadpool(extract_document, store, principal, document_id)
    return RedirectResponse(f"/documents/{document_id}", status_code=303)
