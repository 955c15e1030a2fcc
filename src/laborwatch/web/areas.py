"""Pages over reconciliation and the report: dashboard map, country, report builder."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup

from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Viewer, current_principal, get_store
from laborwatch.api.pagination import PageParams
from laborwatch.api.routes.reports import (
    BuildRequest,
    audit_restricted_notes,
    build_files,
    current_report,
    list_reports,
    pending_blockers,
)
from laborwatch.report.charts import time_chart, world_map
from laborwatch.report.collect import PendingClaimsError
from laborwatch.report.publish import FORMATS
from laborwatch.review import list_engagements
from laborwatch.store.db import Store
from laborwatch.web.render import render

router = APIRouter(include_in_schema=False)


def dashboard_estimates(request: Request, store: Store, principal: Principal) -> dict[str, Any]:
    report = current_report(store, principal)
    hosts = report["b2_host_countries"]
    # The SVG is built by the report stage from escaped values; it is the same markup the HTML report embeds.
    return {"hosts": hosts, "map_svg": Markup(world_map(hosts))}


@router.get("/countries/{country}")
def country_page(request: Request, country: str, principal: Principal = Viewer,
                 store: Store = Depends(get_store)) -> Response:
    report = current_report(store, principal)
    code = country.strip().upper()
    row = next((r for r in report["b2_host_countries"] if r["country"] == code), None)
    if row is None:
        raise HTTPException(404, f"{code} is not a host country in the accepted evidence")
    notes = {n["n"]: n for n in report["footnotes"]}
    # Every footnote whose quote or source the page shows: figures, host-government actions, the arrangement's evidence.
    shown = {n for rec in row["records"] for n in rec["notes"]} | {n for a in row["actions"] for n in a["notes"]} \
        | set(row["formal_arrangement"]["notes"]) | {n for p in row["presence"] for n in p["notes"]}
    audit_restricted_notes(store, principal, code, [notes[n] for n in sorted(shown) if n in notes])
    chart = Markup(time_chart({code: report["chart"].get(code) or _series(row)}))
    with store.transaction() as session:
        engaged = list_engagements(session, country=code, include_restricted=principal.restricted_access)
    return render(request, "country.html", principal, row=row, notes=notes, chart_svg=chart, engagements=engaged)


def _series(row: dict[str, Any]) -> list[list[Any]]:
    """Chart rows for a country outside the report's top few: each dated figure, as the report charts them."""
    out = []
    for rec in row["records"]:
        if rec["date"]:
            low = rec["low"] if rec["low"] is not None else rec["count"]
            high = rec["high"] if rec["high"] is not None else rec["count"]
            out.append([int(rec["date"][:4]), low, high, rec["notes"][0]])
    return out


@router.get("/report")
def report_page(request: Request, principal: Principal = Viewer, store: Store = Depends(get_store)) -> Response:
    return _report_page(request, principal, store)


def _report_page(request: Request, principal: Principal, store: Store, *, built: Any = None,
                 error: str | None = None, status_code: int = 200) -> Response:
    blockers = pending_blockers(store, principal) if principal.has_role("analyst") else []
    reports = list_reports(principal, PageParams(limit=20, offset=0), store)["items"]
    return render(request, "report.html", principal, status_code=status_code, blockers=blockers, reports=reports,
                  built=built, error=error, formats=FORMATS)


@router.post("/report")
async def build_report_page(request: Request, principal: Principal = Depends(current_principal),
                            store: Store = Depends(get_store)) -> Response:
    from starlette.concurrency import run_in_threadpool

    if not principal.has_role("analyst"):
        return render(request, "error.html", principal, status_code=403, status=403,
                      message="Building a report needs the analyst role.")
    form = await request.form()
    edition = str(form.get("edition") or "public")
    try:
        body = BuildRequest(edition=edition, draft=form.get("draft") == "on",
                            as_of=str(form.get("as_of") or "") or None)
    except ValueError as exc:
        return _report_page(request, principal, store, error=str(exc), status_code=422)
    try:
        built = await run_in_threadpool(build_files, store, principal, body)
    except PendingClaimsError as exc:
        return _report_page(request, principal, store, error=f"Not built: {exc}", status_code=409)
    except HTTPException as exc:
        return _report_page(request, principal, store, error=str(exc.detail), status_code=exc.status_code)
    return _report_page(request, principal, store, built=built)
