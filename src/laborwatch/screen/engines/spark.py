"""Batch screening on Apache Spark: the same ``screen_record`` as the local engine, run by Spark executors.

The index is built once, on the driver, by the caller, and shipped to the executors as a broadcast variable:
each executor's Python worker unpickles it once and keeps it for every partition it screens.

Where rows come from and go to decides who touches them:

* a local path (``hits.csv``, ``/data/in.parquet``) is read and validated on the driver with the local engine's
  own reader, so bad rows get the same line numbers and messages; the valid records are then distributed.
  A local output path is written on the driver, from the executors' results, with the local engine's writer,
  so both engines produce identical files.
* a URI (``file:``, ``hdfs:``, ``s3a:``, anything Spark reads) is read by the executors, and the output is
  written by them as a Spark dataset: a folder of part files, in input order. A row's "line" there is its
  record number counting the header as line 1 (it differs from the physical line only when a quoted CSV
  field spans lines).

Order is kept throughout (no shuffle reorders records), so row N of the output belongs to the same query and
rank on both engines.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from laborwatch.screen.batch import (
    INPUT_OPTIONAL,
    INPUT_REQUIRED,
    OUTPUT_COLUMNS,
    BatchInputError,
    BatchSummary,
    InputRecord,
    OutputWriter,
    RowError,
    file_format,
    read_input,
    screen_record,
    validate_row,
)
from laborwatch.screen.engines.base import BatchEngine, ProgressCallback
from laborwatch.screen.index import ScreeningIndex
from laborwatch.settings import load_settings

RECORDS_PER_PARTITION = 5_000  # small enough for an even spread over cores and a smooth progress bar
_CORRUPT = "_laborwatch_malformed_row"


def is_uri(path: str) -> bool:
    """``hdfs://…``, ``s3a://…``, ``file:/…`` are read by Spark itself; a plain path by the driver."""
    return "://" in path or path.startswith("file:")


def build_session(master: str, app_name: str = "laborwatch-screen") -> Any:
    """A Spark session configured for LaborWatch: no web UI, quiet, Python workers on this interpreter."""
    # Executors start Python workers; they must run the interpreter that has laborwatch installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")  # LaborWatch shows its own progress bar
               .config("spark.log.level", "ERROR")
               .config("spark.python.worker.reuse", "true"))  # keep the unpickled index between partitions
    if master.startswith("local"):
        # Nothing outside this machine talks to a local-mode driver; do not listen on public interfaces
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    return builder.getOrCreate()


def _screen_partition(index_bc: Any, limit: int, threshold: float, done: Any,
                      items: Iterable[InputRecord | RowError]) -> Iterator[tuple[Any, ...]]:
    """Runs on the executors: ("h", row) per hit, ("e", line, message) per bad row, in input order."""
    index: ScreeningIndex = index_bc.value
    count = 0
    for item in items:
        if isinstance(item, RowError):
            yield ("e", item.line, item.message)
        else:
            for row in screen_record(index, item, limit=limit, threshold=threshold):
                yield ("h", tuple(row[c] for c in OUTPUT_COLUMNS))
        count += 1
    done.add(count)


def _validate_spark_row(line: int, row: dict[str, Any]) -> InputRecord | RowError:
    malformed = row.pop(_CORRUPT, None)
    if malformed is not None:
        fields = len(next(csv.reader([malformed]), []))
        return RowError(line, f"{fields} fields; the header has {len(row)}")
    return validate_row(line, row)


class SparkEngine(BatchEngine):
    name = "spark"

    def __init__(self, master: str | None = None) -> None:
        self.master = master or load_settings().spark_master

    def run(self, input_path: str, output_path: str, *, index: ScreeningIndex, limit: int, threshold: float,
            on_progress: ProgressCallback | None = None) -> BatchSummary:
        input_path, output_path = str(input_path), str(output_path)
        file_format(input_path)
        file_format(output_path)  # refuse an unknown output type before any work
        if not is_uri(output_path) and os.path.isdir(output_path):
            raise BatchInputError(f"{output_path}: is a folder; give a file name for the output")
        started = time.perf_counter()
        summary = BatchSummary(engine=self.name, output_path=output_path)
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise BatchInputError("the spark engine needs PySpark: pip install 'laborwatch[spark]'") from exc
        # Reuse a session the caller already runs (a notebook, the tests); otherwise start and stop our own
        spark = SparkSession.getActiveSession()
        owned = spark is None
        if spark is None:
            spark = build_session(self.master)
        try:
            self._run(spark, input_path, output_path, index=index, limit=limit, threshold=threshold,
                      on_progress=on_progress, summary=summary)
        finally:
            if owned:
                spark.stop()
        summary.seconds = time.perf_counter() - started
        return summary

    def _run(self, spark: Any, input_path: str, output_path: str, *, index: ScreeningIndex, limit: int,
             threshold: float, on_progress: ProgressCallback | None, summary: BatchSummary) -> None:
        from pyspark import StorageLevel

        sc = spark.sparkContext
        items, total = self._records(spark, input_path)
        index_bc = sc.broadcast(index)
        done = sc.accumulator(0)
        results = items.mapPartitions(
            lambda part: _screen_partition(index_bc, limit, threshold, done, part), preservesPartitioning=True,
        ).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            produced = self._await(lambda: results.count(), done, on_progress)
            summary.errors = [RowError(line, message) for _, line, message in
                              results.filter(lambda r: r[0] == "e").collect()]
            summary.errors.sort(key=lambda e: e.line)
            summary.records = total - len(summary.errors)
            summary.hits = produced - len(summary.errors)
            hits = results.filter(lambda r: r[0] == "h").map(lambda r: r[1])
            if is_uri(output_path):
                self._write_dataset(spark, hits, output_path)
            else:
                with OutputWriter(output_path) as writer:
                    # one partition at a time reaches the driver, the next computed meanwhile: bounded memory
                    for row in hits.toLocalIterator(prefetchPartitions=True):
                        writer.write([dict(zip(OUTPUT_COLUMNS, row, strict=True))])
        finally:
            results.unpersist()
            index_bc.destroy()

    def _records(self, spark: Any, input_path: str) -> tuple[Any, int]:
        """An RDD of InputRecord and RowError items in input order, spread over partitions, and its size."""
        sc = spark.sparkContext
        if not is_uri(input_path):
            items = list(read_input(input_path))  # same checks, lines and messages as the local engine
            slices = max(1, min(len(items), max(sc.defaultParallelism * 2, -(-len(items) // RECORDS_PER_PARTITION))))
            return sc.parallelize(items, slices), len(items)
        reader = spark.read
        if file_format(input_path) == "parquet":
            frame = reader.parquet(input_path)
        else:
            options = {"header": True, "escape": '"', "multiLine": True, "encoding": "UTF-8"}
            columns = reader.options(**options).csv(input_path).columns
            self._check_columns(input_path, columns)
            schema = ", ".join(f"`{c}` STRING" for c in [*columns, _CORRUPT])
            frame = (reader.options(**options, mode="PERMISSIVE", columnNameOfCorruptRecord=_CORRUPT)
                     .schema(schema).csv(input_path))
        self._check_columns(input_path, frame.columns)
        wanted = [c for c in (*INPUT_REQUIRED, *INPUT_OPTIONAL, _CORRUPT) if c in frame.columns]
        indexed = frame.select(*wanted).rdd.zipWithIndex()
        total = indexed.count()
        slices = max(1, min(total, max(sc.defaultParallelism * 2, -(-total // RECORDS_PER_PARTITION))))
        # The header is line 1; range-partition by record number so every partition is a run of input order
        ordered = indexed.map(lambda pair: (pair[1], pair[0].asDict())).repartitionAndSortWithinPartitions(
            slices, lambda n: min(slices - 1, n * slices // max(total, 1)))
        return ordered.map(lambda pair: _validate_spark_row(pair[0] + 2, pair[1])), total

    @staticmethod
    def _check_columns(path: str, columns: Iterable[str]) -> None:
        missing = [c for c in INPUT_REQUIRED if c not in set(columns)]
        if missing:
            raise BatchInputError(f"{path}: missing column(s) {', '.join(missing)}; "
                                  f"expected id,name and optionally {','.join(INPUT_OPTIONAL)}")

    @staticmethod
    def _await(job: Any, done: Any, on_progress: ProgressCallback | None) -> int:
        """Run a Spark job in a thread while this thread reports records finished, as tasks complete."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(job)
            reported = 0
            while True:
                finished = future.done()
                if on_progress is not None and done.value > reported:
                    on_progress(done.value - reported)
                    reported = done.value
                if finished:
                    return int(future.result())
                time.sleep(0.25)

    @staticmethod
    def _write_dataset(spark: Any, hits: Any, output_path: str) -> None:
        from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType

        if file_format(output_path) == "parquet":
            types = {"rank": IntegerType(), "score": DoubleType()}
            schema = StructType([StructField(c, types.get(c, StringType()), True) for c in OUTPUT_COLUMNS])
            spark.createDataFrame(hits, schema).write.mode("errorifexists").parquet(output_path)
            return
        # CSV: numbers formatted by Python as the local engine's writer does (Java prints 1.0E-4 for 0.0001),
        # quotes doubled as in RFC 4180, and whitespace kept (Spark trims it on write by default)
        schema = StructType([StructField(c, StringType(), True) for c in OUTPUT_COLUMNS])
        as_text = hits.map(lambda row: tuple(None if v is None else str(v) for v in row))
        (spark.createDataFrame(as_text, schema).write.mode("errorifexists")
         .options(header=True, escape='"', quote='"', ignoreLeadingWhiteSpace=False,
                  ignoreTrailingWhiteSpace=False, emptyValue="")
         .csv(output_path))
