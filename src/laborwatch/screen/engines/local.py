"""The default engine: this machine's cores, one worker process per core, the index shipped once to each."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from itertools import islice

from laborwatch.screen.batch import (
    BatchSummary,
    InputRecord,
    OutputRow,
    OutputWriter,
    RowError,
    read_input,
    screen_record,
)
from laborwatch.screen.engines.base import BatchEngine, ProgressCallback
from laborwatch.screen.index import ScreeningIndex

CHUNK = 256  # records per task: large enough to amortise the hand-off, small enough for a smooth progress bar
PARALLEL_FROM = 2_000  # below this many records, starting processes costs more than it saves

_worker_index: ScreeningIndex | None = None
_worker_args: tuple[int, float] = (10, 0.0)


def _init_worker(index: ScreeningIndex, limit: int, threshold: float) -> None:
    global _worker_index, _worker_args
    _worker_index = index
    _worker_args = (limit, threshold)


def _screen_chunk(records: list[InputRecord]) -> tuple[int, list[OutputRow]]:
    assert _worker_index is not None
    limit, threshold = _worker_args
    rows: list[OutputRow] = []
    for record in records:
        rows.extend(screen_record(_worker_index, record, limit=limit, threshold=threshold))
    return len(records), rows


def _chunks(items: Iterator[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    while chunk := list(islice(items, size)):
        yield chunk


class LocalEngine(BatchEngine):
    name = "local"

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes or os.cpu_count() or 1

    def run(self, input_path: str, output_path: str, *, index: ScreeningIndex, limit: int, threshold: float,
            on_progress: ProgressCallback | None = None) -> BatchSummary:
        started = time.perf_counter()
        summary = BatchSummary(engine=self.name, output_path=str(output_path))
        records: list[InputRecord] = []
        for item in read_input(input_path):
            if isinstance(item, RowError):
                summary.errors.append(item)
            else:
                records.append(item)
        summary.records = len(records)
        with OutputWriter(output_path) as writer:
            if self.processes > 1 and len(records) >= PARALLEL_FROM:
                # spawn, not fork: forking a process that runs threads (a web server, a test runner) can hang
                ctx = multiprocessing.get_context("spawn")
                with ctx.Pool(self.processes, initializer=_init_worker,
                              initargs=(index, limit, threshold)) as pool:
                    for done, rows in pool.imap(_screen_chunk, _chunks(iter(records), CHUNK)):
                        writer.write(rows)
                        if on_progress:
                            on_progress(done)
            else:
                for record in records:
                    writer.write(screen_record(index, record, limit=limit, threshold=threshold))
                    if on_progress:
                        on_progress(1)
            summary.hits = writer.rows
        summary.seconds = time.perf_counter() - started
        return summary
