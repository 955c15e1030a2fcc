"""Estimates per country and the section 302 report: build (draft or public), what blocks it, downloads.

Estimates come from ``laborwatch.report.model.build_report`` (which applies ``laborwatch.reconcile``), in the
edition the user may see: restricted material only for users with restricted access. Built reports are kept
under ``$LABORWATCH_HOME/reports/<id>/`` with a manifest, one file per format.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Analyst, Viewer, audit_restricted, get_store
from laborwatch.api.pagination import Page, PageParams, page_of_list, page_params
from laborwatch.report.collect import PendingClaimsError, ReportOptions
from laborwatch.report.model import build_report
from laborwatch.report.publish import FORMATS, write_rendered
from laborwatch.store.db import Store, record_audit, utcnow

router = APIRouter(prefix="/api", tags=["estimates", "reports"])
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "md": "text/markdown; charset=utf-8",
               "json": "application/json"}


def edition_for(principal: Principal) -> str:
    return "restricted" if principal.restricted_access else "public"


def current_report(store: Store, principal: Principal) -> dict[str, Any]:
    """Everything accepted that this user may see, reconciled: a draft of the user's edition."""
    return build_report(store, ReportOptions(edition=edition_for(principal), draft=True))


@router.get("/estimates", response_model=Page[dict[str, Any]], summary="Current estimate of every host country")
def estimates(principal: Principal = Viewer, page: PageParams = Depends(page_params),
              store: Store = Depends(get_store)) -> dict[str, Any]:
    report = current_report(store, principal)
    rows = [{"country": r["country"], "country_name": r["country_name"], **r["estimate"],
             "presence_only": r["presence_only"], "places": r["places"],
             "categories": r["categories"], "employers": r["employers"],
             "formal_arrangement": r["formal_arrangement"]["value"]} for r in report["b2_host_countries"]]
    return page_of_list(rows, page)


@router.get("/estimates/{country}", summary="One host country: estimate, figures over time, actions, sources")
def country_estimate(country: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> Any:
    report = current_report(store, principal)
    code = country.strip().upper()
    row = next((r for r in report["b2_host_countries"] if r["country"] == code), None)
    if row is None:
        raise HTTPException(404, f"{code} is not a host country in the accepted evidence")
    wanted = set(row["estimate"]["notes"]) | {n for rec in row["records"] for n in rec["notes"]} \
        | {n for a in row["actions"] for n in a["notes"]} | {n for p in row["presence"] for n in p["notes"]}
    notes = [n for n in report["footnotes"] if n["n"] in wanted]
    audit_restricted_notes(store, principal, code, notes)
    return {**row, "footnotes": notes}


def audit_restricted_notes(store: Store, principal: Principal, country: str, notes: list[dict[str, Any]]) -> None:
    """A country view that shows restricted figures (restricted edition) is a view of restricted claims."""
    restricted = [n["claim_id"] for n in notes if n.get("restricted")]
    if restricted:
        audit_restricted(store, principal, action="claim.view", object_type="claim", object_id=restricted[0],
                         detail={"claims": restricted, "via": f"country {country}"})


class BuildRequest(BaseModel):
    edition: str = Field("public", pattern="^(public|restricted)$")
    draft: bool = False
    as_of: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD: nothing dated later is used")
    formats: list[str] = Field(default_factory=lambda: list(FORMATS), description=", ".join(FORMATS))


class BuiltReport(BaseModel):
    id: str
    edition: str
    draft: bool
    as_of: str | None
    built_by: str
    built_at: datetime
    pending_review: int
    summary: dict[str, Any]
    downloads: dict[str, str]


def _reports_dir(store: Store) -> Path:
    return store.settings.home / "reports"


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def _out(manifest: dict[str, Any]) -> BuiltReport:
    return BuiltReport(**{k: manifest[k] for k in ("id", "edition", "draft", "as_of", "built_by", "built_at",
                                                     "pending_review", "summary")},
                       downloads={f: f"/api/reports/{manifest['id']}/{f}" for f in manifest["formats"]})


def build_files(store: Store, principal: Principal, body: BuildRequest) -> BuiltReport:
    """Build the report once and write each format; PendingClaimsError when a public edition is blocked."""
    if body.edition == "restricted" and not principal.restricted_access:
        raise HTTPException(403, "the restricted edition needs restricted access")
    unknown = [f for f in body.formats if f not in FORMATS]
    if unknown or not body.formats:
        raise HTTPException(422, f"formats must be some of {', '.join(FORMATS)}; got {', '.join(unknown) or 'none'}")
    try:
        options = ReportOptions(edition=body.edition, draft=body.draft, as_of=body.as_of)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    report = build_report(store, options)
    report_id = utcnow().strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)
    folder = _reports_dir(store) / report_id
    for fmt in dict.fromkeys(body.formats):
        write_rendered(report, folder / f"report.{fmt}", fmt)
    manifest = {"id": report_id, "edition": body.edition, "draft": body.draft, "as_of": body.as_of,
                "built_by": principal.name, "built_at": utcnow().isoformat(),
                "formats": list(dict.fromkeys(body.formats)),
                "pending_review": report["pending_review"], "summary": report["summary"]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with store.transaction() as session:
        record_audit(session, actor=principal.name, action="report.build", object_type="report", object_id=report_id,
                     detail={"edition": body.edition, "draft": body.draft, "formats": manifest["formats"]})
    return _out(manifest)


@router.post("/reports", response_model=BuiltReport, status_code=201, summary="Build the report",
             responses={409: {"description": "A public edition is blocked by claims awaiting review (listed)"}})
async def build(body: BuildRequest, principal: Principal = Analyst, store: Store = Depends(get_store)) -> BuiltReport:
    try:
        return await run_in_threadpool(build_files, store, principal, body)
    except PendingClaimsError as exc:
        raise HTTPException(409, str(exc)) from None


@router.get("/reports", response_model=Page[BuiltReport], summary="Reports built so far, newest first")
def list_reports(principal: Principal = Viewer, page: PageParams = Depends(page_params),
                 store: Store = Depends(get_store)) -> dict[str, Any]:
    folder = _reports_dir(store)
    manifests = [m for m in (_manifest(p) for p in sorted(folder.iterdir(), reverse=True)) if m is not None] \
        if folder.is_dir() else []
    visible = [_out(m) for m in manifests if m["edition"] == "public" or principal.restricted_access]
    return page_of_list(visible, page)


@router.get("/reports/{report_id}/{fmt}", summary="Download one format of a built report",
            response_class=FileResponse)
def download(report_id: str, fmt: str, principal: Principal = Viewer, store: Store = Depends(get_store)) -> Any:
    if fmt not in FORMATS:
        raise HTTPException(404, f"no format {fmt!r}; formats: {', '.join(FORMATS)}")
    if not report_id.replace("-", "").isalnum():
        raise HTTPException(404, f"no report {report_id!r}")
    folder = _reports_dir(store) / report_id
    manifest = _manifest(folder)
    if manifest is None or (manifest["edition"] != "public" and not principal.restricted_access):
        raise HTTPException(404, f"no report {report_id!r}")
    path = folder / f"report.{fmt}"
    if fmt not in manifest["formats"] or not path.is_file():
        raise HTTPException(404, f"report {report_id} was not built as {fmt}")
    if manifest["edition"] != "public":
        audit_restricted(store, principal, action="report.download", object_type="report", object_id=report_id,
                         detail={"format": fmt})
    return FileResponse(path, media_type=MEDIA_TYPES[fmt], filename=f"laborwatch-report-{report_id}.{fmt}")


def pending_blockers(store: Store, principal: Principal) -> list[str]:
    """Claims that would block a public edition now (for the report page)."""
    from laborwatch.report.collect import pending_claim_ids

    with store.transaction() as session:
        return pending_claim_ids(session, ReportOptions(edition="public"))
