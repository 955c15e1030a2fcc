"""The screening page: a name box with explained results, a batch upload with a progress bar and a download."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Analyst, current_principal, get_store
from laborwatch.api.jobs import JobRunner
from laborwatch.api.routes.screening import IndexCache, _job_for, index_cache, job_runner, screen_batch, screen_name
from laborwatch.screen.index import DEFAULT_THRESHOLD
from laborwatch.screen.lists import list_versions
from laborwatch.store.db import Store
from laborwatch.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/screening")
def screening_page(request: Request, principal: Principal = Analyst, store: Store = Depends(get_store),
                   runner: JobRunner = Depends(job_runner)) -> Response:
    jobs = [j.as_dict() for j in runner.all() if j.owner == principal.name][:10]
    return render(request, "screening.html", principal, lists=list_versions(store), jobs=jobs,
                  threshold=DEFAULT_THRESHOLD)


@router.get("/screening/results")
def screening_results(request: Request, name: str = "", schema: str = "any", country: str = "",
                      principal: Principal = Analyst, cache: IndexCache = Depends(index_cache)) -> Response:
    """The result table for one name (an htmx fragment)."""
    matches, error = [], None
    if name.strip():
        try:
            matches = screen_name(cache, name.strip()[:500], schema=schema if schema in (
                "any", "Person", "Organization") else "any", country=country.strip().lower() or None,
                birth_date=None, limit=10, threshold=0.0)
        except HTTPException as exc:
            error = str(exc.detail)
    return render(request, "screening_results.html", principal, name=name, matches=matches, error=error)


@router.post("/screening/batch")
async def screening_batch(request: Request, principal: Principal = Depends(current_principal),
                          cache: IndexCache = Depends(index_cache),
                          runner: JobRunner = Depends(job_runner)) -> Response:
    if not principal.has_role("analyst"):
        return render(request, "error.html", principal, status_code=403, status=403,
                      message="Screening needs the analyst role.")
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(request, "screening_job.html", principal, status_code=422, job=None,
                      error="Choose a CSV or Parquet file with columns id and name.")
    try:
        threshold = float(str(form.get("threshold") or DEFAULT_THRESHOLD))
        job = await screen_batch(request, file=cast(Any, upload), limit=10, threshold=min(1.0, max(0.0, threshold)),
                                 principal=principal, cache=cache, runner=runner)
    except (HTTPException, ValueError) as exc:
        message = str(exc.detail) if isinstance(exc, HTTPException) else "threshold must be a number from 0 to 1"
        return render(request, "screening_job.html", principal, status_code=422, job=None, error=message)
    return render(request, "screening_job.html", principal, job=job, error=None)


@router.get("/screening/jobs/{job_id}")
def screening_job(request: Request, job_id: str, principal: Principal = Analyst,
                  runner: JobRunner = Depends(job_runner)) -> Response:
    """A job's progress (htmx polls this every second while it runs)."""
    return render(request, "screening_job.html", principal, job=_job_for(runner, principal, job_id).as_dict(),
                  error=None)
