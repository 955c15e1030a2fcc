"""Batch screening jobs: a file screened in a background thread, its progress, its result file.

The work is ``laborwatch.screen``'s batch engine (the same one as ``laborwatch screen --input``); this module
only runs it off the request, counts progress through the engine's callback, and keeps the output under
``$LABORWATCH_HOME/jobs/<id>/`` for download. Jobs live in this server process; a restart forgets running
ones (their files stay).
"""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from laborwatch.screen.batch import BatchInputError, RowError, read_input
from laborwatch.screen.engines import EngineError, get_engine
from laborwatch.screen.index import ScreeningIndex
from laborwatch.store.db import utcnow

MAX_ERRORS_SHOWN = 200


@dataclass
class Job:
    id: str
    owner: str
    filename: str
    input_path: Path
    output_path: Path
    limit: int
    threshold: float
    created_at: datetime = field(default_factory=utcnow)
    status: str = "queued"  # queued / running / done / failed
    total: int = 0
    done: int = 0
    hits: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    message: str = ""
    finished_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "owner": self.owner, "filename": self.filename, "status": self.status,
            "total": self.total, "done": self.done, "hits": self.hits, "limit": self.limit,
            "threshold": self.threshold, "progress": round(self.done / self.total, 4) if self.total else 0.0,
            "row_errors": self.errors, "row_error_count": self.error_count, "message": self.message,
            "created_at": self.created_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status_url": f"/api/screen/batch/{self.id}",
            "result_url": f"/api/screen/batch/{self.id}/result" if self.status == "done" else None,
        }


class JobRunner:
    """One worker thread: batch files run one after another, so a second upload cannot starve the server."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="laborwatch-batch")

    def folder(self) -> tuple[str, Path]:
        job_id = utcnow().strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(6)
        path = self.root / job_id
        path.mkdir(parents=True, exist_ok=False)
        return job_id, path

    def submit(self, job: Job, index_of: Any) -> Job:
        """Count the valid rows first (so the bar has a total), then queue the screening itself."""
        total = 0
        for item in read_input(job.input_path):  # BatchInputError for an unusable file goes to the caller
            if isinstance(item, RowError):
                job.error_count += 1
                if len(job.errors) < MAX_ERRORS_SHOWN:
                    job.errors.append(str(item))
            else:
                total += 1
        job.total = total
        with self._lock:
            self.jobs[job.id] = job
        self._pool.submit(self._run, job, index_of)
        return job

    def _run(self, job: Job, index_of: Any) -> None:
        job.status = "running"
        try:
            index: ScreeningIndex = index_of()

            def advance(count: int) -> None:
                job.done = min(job.total, job.done + count)

            summary = get_engine().run(str(job.input_path), str(job.output_path), index=index, limit=job.limit,
                                       threshold=job.threshold, on_progress=advance)
            job.hits = summary.hits
            job.done = job.total
            job.status = "done"
            job.message = f"{summary.records} names screened, {summary.hits} hits in {summary.seconds:.1f} s"
        except (BatchInputError, EngineError, OSError, ValueError) as exc:
            job.status = "failed"
            job.message = str(exc)
        finally:
            job.finished_at = utcnow()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return sorted(self.jobs.values(), key=lambda j: j.created_at, reverse=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
