"""Screening (one name; a batch file as a background job) and sanctions lists (upload and load, list).

Matching is ``laborwatch.screen``'s index; the index over the current lists is built once and rebuilt when a
list load changes which versions are current.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from laborwatch.api.accounts import Principal
from laborwatch.api.deps import Admin, Analyst, Viewer, get_store
from laborwatch.api.jobs import Job, JobRunner
from laborwatch.api.pagination import Page, PageParams, page_of_list, page_params
from laborwatch.screen.batch import BatchInputError, file_format
from laborwatch.screen.formats import FORMATS, ListFormatError
from laborwatch.screen.index import DEFAULT_THRESHOLD, ScreeningIndex
from laborwatch.screen.lists import build_index, list_versions, load_list
from laborwatch.store.db import Store
from laborwatch.store.models import ListVersion

router = APIRouter(prefix="/api", tags=["screening", "lists"])
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class IndexCache:
    """The screening index over the current list versions, rebuilt only when those versions change."""

    # Which list versions are current is read again at most this often (a database round trip per query would
    # cost more than the search); a load through this server refreshes at once, one from the CLI within it.
    CHECK_SECONDS = 2.0

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._key: tuple[str, ...] | None = None
        self._index: ScreeningIndex | None = None
        self._seen: tuple[float, tuple[str, ...]] = (0.0, ())

    def invalidate(self) -> None:
        self._seen = (0.0, ())

    def _current_versions(self) -> tuple[str, ...]:
        checked, key = self._seen
        if time.monotonic() - checked < self.CHECK_SECONDS:
            return key
        with self.store.transaction() as session:
            key = tuple(sorted(session.scalars(select(ListVersion.id).where(ListVersion.is_current.is_(True)))))
        self._seen = (time.monotonic(), key)
        return key

    def current(self) -> ScreeningIndex:
        key = self._current_versions()
        if not key:
            raise HTTPException(409, "no sanctions list is loaded; an admin loads one (POST /api/lists or "
                                     "`laborwatch lists load`)")
        index = self._index
        if key == self._key and index is not None:
            return index
        with self._lock:
            if key != self._key or self._index is None:
                self._index = build_index(self.store).index
                self._key = key
            return self._index


async def index_cache(request: Request) -> IndexCache:
    return cache_for(request.app.state)


def cache_for(state: Any) -> IndexCache:
    if getattr(state, "index_cache", None) is None:
        state.index_cache = IndexCache(state.store)
    cache: IndexCache = state.index_cache
    return cache


def warm_index(state: Any) -> None:
    """Build (or load from its disk cache) the index at server start, so the first query does not wait."""
    with contextlib.suppress(HTTPException):  # no list loaded yet: nothing to warm
        cache_for(state).current()


async def job_runner(request: Request) -> JobRunner:
    app = request.app
    if getattr(app.state, "jobs", None) is None:
        app.state.jobs = JobRunner(app.state.settings.home / "jobs")
    runner: JobRunner = app.state.jobs
    return runner


class MatchOut(BaseModel):
    rank: int
    score: float
    entity_id: str
    list_name: str = Field(..., serialization_alias="list")
    matched_name: str
    caption: str
    schema_name: str
    programs: list[str]
    countries: list[str]
    explanation: dict[str, Any]


class ScreenPage(BaseModel):
    query: str
    items: list[MatchOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


def screen_name(cache: IndexCache, name: str, *, schema: str, country: str | None, birth_date: str | None,
                limit: int, threshold: float) -> list[MatchOut]:
    matches = cache.current().search(name, limit=limit, threshold=threshold, schema=schema, country=country,
                                     birth_date=birth_date)
    return [MatchOut(rank=i, score=m.score, entity_id=m.record.entity_id, list_name=m.record.list_name,
                     matched_name=m.matched_name, caption=m.record.caption, schema_name=m.record.schema,
                     programs=m.record.programs, countries=m.record.countries, explanation=m.explanation)
            for i, m in enumerate(matches, start=1)]


@router.get("/screen", response_model=ScreenPage, summary="Screen one name against the loaded lists")
async def screen(
    name: str = Query(..., min_length=1, max_length=500),
    schema: str = Query("any", pattern="^(any|Person|Organization|Vessel|Aircraft)$"),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 of the party"),
    birth_date: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    threshold: float = Query(0.0, ge=0.0, le=1.0, description="Lowest score returned"),
    page: PageParams = Depends(page_params), _: Principal = Analyst, cache: IndexCache = Depends(index_cache),
) -> dict[str, Any]:
    # Run on the event loop, not in the thread pool: a search is a few milliseconds of CPU, and handing it to a
    # thread costs a good part of that again while sixteen threads would only take turns holding the GIL.
    matches = screen_name(cache, name, schema=schema, country=country.lower() if country else None,
                          birth_date=birth_date, limit=page.offset + page.limit, threshold=threshold)
    shown = matches[page.offset:]
    return {"query": name, "items": shown, "total": len(matches), "limit": page.limit, "offset": page.offset,
            "next_offset": None}


async def _save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    name = _SAFE_NAME.sub("_", Path(upload.filename or "").name).strip("._")[:200]
    if not name:
        raise HTTPException(422, "the upload has no file name")
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"{name}: larger than {limit // 2**20} MB")
            out.write(chunk)
    return path


BATCH_MAX_BYTES = 512 * 2**20


@router.post("/screen/batch", status_code=202, summary="Screen a CSV or Parquet file in the background",
             responses={202: {"description": "The job; poll its status URL"}})
async def screen_batch(
    request: Request,
    file: UploadFile = File(..., description="CSV or Parquet with columns id,name[,schema,country,birth_date]"),
    limit: int = Form(10, ge=1, le=100), threshold: float = Form(DEFAULT_THRESHOLD, ge=0.0, le=1.0),
    principal: Principal = Analyst, cache: IndexCache = Depends(index_cache),
    runner: JobRunner = Depends(job_runner),
) -> dict[str, Any]:
    cache.current()  # refuse now, not in the background, when no list is loaded
    job_id, folder = runner.folder()
    try:
        path = await _save_upload(file, folder, BATCH_MAX_BYTES)
        try:
            suffix = "." + file_format(path)
        except BatchInputError as exc:
            raise HTTPException(422, str(exc).replace(str(folder) + "/", "")) from None
        job = Job(id=job_id, owner=principal.name, filename=path.name, input_path=path,
                  output_path=folder / f"hits{'.csv' if suffix == '.csv' else '.parquet'}", limit=limit,
                  threshold=threshold)
        try:
            await run_in_threadpool(runner.submit, job, cache.current)
        except BatchInputError as exc:
            raise HTTPException(422, str(exc).replace(str(folder) + "/", "")) from None
    except HTTPException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job.as_dict()


def _job_for(runner: JobRunner, principal: Principal, job_id: str) -> Job:
    job = runner.get(job_id)
    if job is None or (job.owner != principal.name and not principal.has_role("admin")):
        raise HTTPException(404, f"no batch job {job_id!r}")
    return job


@router.get("/screen/batch", response_model=Page[dict[str, Any]], summary="Your batch jobs, newest first")
def batch_jobs(principal: Principal = Analyst, page: PageParams = Depends(page_params),
               runner: JobRunner = Depends(job_runner)) -> dict[str, Any]:
    jobs = [j.as_dict() for j in runner.all() if j.owner == principal.name or principal.has_role("admin")]
    return page_of_list(jobs, page)


@router.get("/screen/batch/{job_id}", summary="A batch job's status and progress")
def batch_status(job_id: str, principal: Principal = Analyst, runner: JobRunner = Depends(job_runner)) -> Any:
    return _job_for(runner, principal, job_id).as_dict()


@router.get("/screen/batch/{job_id}/result", summary="Download a finished batch job's hits",
            response_class=FileResponse)
def batch_result(job_id: str, principal: Principal = Analyst, runner: JobRunner = Depends(job_runner)) -> Any:
    job = _job_for(runner, principal, job_id)
    if job.status != "done":
        raise HTTPException(409, f"batch job {job_id} is {job.status}; the result is ready when it is done")
    media = "text/csv; charset=utf-8" if job.output_path.suffix == ".csv" else "application/vnd.apache.parquet"
    stem = Path(job.filename).stem
    return FileResponse(job.output_path, media_type=media, filename=f"{stem}-hits{job.output_path.suffix}")


class ListVersionOut(BaseModel):
    id: str
    list_name: str
    format: str
    sha256: str
    published: str | None
    entity_count: int
    name_count: int
    is_current: bool
    loaded_at: datetime
    loaded_by: str


@router.get("/lists", response_model=Page[ListVersionOut], summary="Loaded sanctions lists")
def lists(_: Principal = Viewer, page: PageParams = Depends(page_params), store: Store = Depends(get_store),
          all_versions: bool = Query(False, description="Include replaced versions")) -> dict[str, Any]:
    rows = [ListVersionOut.model_validate(v, from_attributes=True)
            for v in list_versions(store, current_only=not all_versions)]
    return page_of_list(rows, page)


@router.post("/lists", response_model=ListVersionOut, status_code=201, summary="Upload and load a list (admin)")
async def upload_list(
    files: list[UploadFile] = File(..., description="The list file; for ofac-csv: sdn.csv, alt.csv, add.csv"),
    format: str = Form(..., description=", ".join(FORMATS)), name: str | None = Form(None),
    principal: Principal = Admin, store: Store = Depends(get_store), cache: IndexCache = Depends(index_cache),
) -> ListVersionOut:
    if format not in FORMATS:
        raise HTTPException(422, f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    with tempfile.TemporaryDirectory(prefix="laborwatch-list-") as tmp:
        folder = Path(tmp)
        saved = [await _save_upload(f, folder, BATCH_MAX_BYTES) for f in files]
        target = folder if format == "ofac-csv" else saved[0]
        if format != "ofac-csv" and len(saved) != 1:
            raise HTTPException(422, f"a {format} list is one file; got {len(saved)}")
        try:
            result = await run_in_threadpool(load_list, store, target, format, name=name or None,
                                             actor=principal.name)
        except ListFormatError as exc:
            raise HTTPException(422, str(exc).replace(str(folder) + "/", "").replace(str(folder), "upload")) \
                from None
    cache.invalidate()
    with store.transaction() as session:
        version = session.get(ListVersion, result.version_id)
        return ListVersionOut.model_validate(version, from_attributes=True)
