"""Documents: upload (through ``laborwatch.evidence.intake``), list, metadata, text and original bytes."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Analyst, Viewer, audit_restricted, get_store, refuse_restricted
from laborwatch.api.pagination import Page, PageParams, make_page, page_params, paginate
from laborwatch.evidence.blobs import BlobStore
from laborwatch.evidence.errors import IntakeError
from laborwatch.evidence.intake import DocumentMetadata, add_path, find_document
from laborwatch.review.claims import NOT_WITHDRAWN
from laborwatch.store.db import Store
from laborwatch.store.models import Claim, Document

router = APIRouter(prefix="/api/documents", tags=["documents"])


class DocumentOut(BaseModel):
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    language: str | None
    restricted: bool
    filename: str
    media_type: str
    size: int
    pages: int | None
    added_at: datetime
    added_by: str
    claims: int | None = None


class DocumentText(BaseModel):
    id: str
    text: str
    page_starts: list[int] | None


class UploadOut(BaseModel):
    status: str  # added / duplicate
    message: str
    document: DocumentOut


def document_out(doc: Document, claims: int | None = None) -> DocumentOut:
    return DocumentOut(id=doc.sha256, title=doc.title, publisher=doc.publisher, published=doc.published,
                       url=doc.url, language=doc.language, restricted=doc.restricted, filename=doc.filename,
                       media_type=doc.media_type, size=doc.size,
                       pages=len(doc.page_starts) if doc.page_starts else None, added_at=doc.added_at,
                       added_by=doc.added_by, claims=claims)


def visible_document(store: Store, principal: Principal, ref: str, *, action: str) -> Document:
    """A document the principal may see; a restricted one is audit-logged as seen."""
    with store.transaction() as session:
        doc = find_document(session, ref)
    refuse_restricted(principal, doc.restricted, "document")
    if doc.restricted:
        audit_restricted(store, principal, action=action, object_type="document", object_id=doc.sha256)
    return doc


@router.get("", response_model=Page[DocumentOut], summary="List documents")
def list_documents(principal: Principal = Viewer, page: PageParams = Depends(page_params),
                   store: Store = Depends(get_store)) -> dict[str, Any]:
    query = select(Document).order_by(Document.added_at.desc(), Document.sha256)
    if not principal.restricted_access:
        query = query.where(Document.restricted.is_(False))
    with store.transaction() as session:
        rows, total = paginate(session, query, page)
        counts = dict(session.execute(
            select(Claim.document_sha256, func.count()).where(Claim.superseded_by.is_(None), NOT_WITHDRAWN)
            .where(Claim.document_sha256.in_([d.sha256 for d in rows])).group_by(Claim.document_sha256)).all())
    restricted = [d.sha256 for d in rows if d.restricted]
    if restricted:
        audit_restricted(store, principal, action="document.list", object_type="document", object_id=restricted[0],
                         detail={"documents": restricted})
    return make_page([document_out(d, counts.get(d.sha256, 0)) for d in rows], total, page)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@router.post("", response_model=UploadOut, status_code=201, summary="Upload a document",
             responses={200: {"description": "The same bytes are already stored; nothing changed"},
                        413: {"description": "Over LABORWATCH_MAX_DOCUMENT_MB"},
                        422: {"description": "The file cannot become a document (the message says why)"}})
async def upload_document(
    file: UploadFile = File(..., description="A .txt, .md, .html, .pdf or .docx file."),
    title: str | None = Form(None), publisher: str | None = Form(None),
    published: str | None = Form(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    url: str | None = Form(None), language: str | None = Form(None), restricted: bool = Form(False),
    principal: Principal = Analyst, store: Store = Depends(get_store),
) -> Response:
    if restricted and not principal.restricted_access:
        raise HTTPException(403, "marking a document restricted needs restricted access, which "
                                 f"{principal.name} does not have")
    filename = Path(file.filename or "").name
    filename = _SAFE_NAME.sub("_", filename).strip(" .")[:200]
    if not filename:
        raise HTTPException(422, "the upload has no file name; the name's extension says what kind of file it is")
    try:
        metadata = DocumentMetadata(title=title or None, publisher=publisher or None, published=published or None,
                                    url=url or None, language=language or None, restricted=restricted)
    except ValueError as exc:
        raise HTTPException(422, f"published: {exc}") from None
    limit = store.settings.max_document_bytes
    with tempfile.TemporaryDirectory(prefix="laborwatch-upload-") as tmp:
        path = Path(tmp) / filename
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"{filename}: over the {limit / 2**20:.0f} MB limit "
                                             "(LABORWATCH_MAX_DOCUMENT_MB)")
                out.write(chunk)
        try:
            result = add_path(store, path, actor=principal.name, metadata=metadata)
        except IntakeError as exc:
            # Name the file as the user knows it, not the temporary path it was saved under.
            raise HTTPException(422, f"{filename}: {exc.problem}") from None
    with store.transaction() as session:
        doc = session.get(Document, result.sha256)
    if doc is None:  # pragma: no cover - add_path returns only after the row is committed
        raise HTTPException(500, "the document was not stored")
    refuse_restricted(principal, doc.restricted, "document")
    answer = UploadOut(status=result.status, message=result.message, document=document_out(doc))
    return JSONResponse(answer.model_dump(mode="json"), status_code=201 if result.status == "added" else 200)


@router.get("/{document_id}", response_model=DocumentOut, summary="A document's metadata")
def get_document(document_id: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> DocumentOut:
    doc = visible_document(store, principal, document_id, action="document.view")
    with store.transaction() as session:
        claims = session.scalar(select(func.count()).select_from(Claim).where(
            Claim.document_sha256 == doc.sha256, Claim.superseded_by.is_(None), NOT_WITHDRAWN)) or 0
    return document_out(doc, claims)


@router.get("/{document_id}/text", response_model=DocumentText, summary="A document's text")
def get_text(document_id: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> DocumentText:
    doc = visible_document(store, principal, document_id, action="document.view_text")
    return DocumentText(id=doc.sha256, text=doc.text, page_starts=doc.page_starts)


@router.get("/{document_id}/original", summary="Download the original file", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})
def download_original(document_id: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> Response:
    doc = visible_document(store, principal, document_id, action="document.download")
    data = BlobStore(store.blob_dir).get(doc.sha256)
    safe = _SAFE_NAME.sub("_", doc.filename) or "document"
    return Response(data, media_type=doc.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{safe}"'})


class ExtractOut(BaseModel):
    id: str
    extractor: str
    claims: int = Field(description="New claims stored as proposed")
    already_extracted: bool
    new: dict[str, int] = Field(description="New claims per kind")
    withdrawn: dict[str, int] = Field(description="Undecided proposals of earlier versions not found again, per kind")
    unchanged: dict[str, int] = Field(description="Claims found again that were already stored, per kind")
    summary: list[str] = Field(description="The lines `laborwatch extract` prints for the same run")


def extract_document(store: Store, principal: Principal, document_id: str) -> ExtractOut:
    """Run the current extractor over one document: ``laborwatch.extract.pipeline.extract_documents``, the same
    function ``laborwatch extract`` runs over every pending document."""
    from laborwatch.extract.pipeline import extract_documents

    doc = visible_document(store, principal, document_id, action="document.extract")
    summary = extract_documents(store, [doc.sha256], actor=principal.name)
    return ExtractOut(id=doc.sha256, extractor=summary.extractor, claims=summary.claims,
                      already_extracted=summary.skipped > 0, **summary.counts(), summary=summary.lines())


@router.post("/{document_id}/extract", response_model=ExtractOut, summary="Extract claims from a document",
             description="Runs the current extractor once per document: it proposes the claims that are new, "
                         "withdraws undecided proposals of earlier versions that it no longer finds and leaves "
                         "every decided claim as it is.")
def extract(document_id: str, principal: Principal = Analyst, store: Store = Depends(get_store)) -> ExtractOut:
    return extract_document(store, principal, document_id)
