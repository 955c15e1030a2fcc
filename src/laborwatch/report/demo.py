"""``laborwatch demo``: the whole flow on a fresh store, from the evidence pack and the sample documents to the
report in every format.

The demo keeps its store in ``DIR/home`` (SQLite, whatever LABORWATCH_DATABASE_URL says, so it never touches a
real store) and its reports in ``DIR``. The pack's curated claims are accepted; claims extracted from the sample
documents stay proposed, so the public report is a draft that says how many claims await review.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from laborwatch.reconcile.evidence_pack import accept_pack, load_pack
from laborwatch.report.collect import ReportOptions
from laborwatch.report.model import build_report
from laborwatch.report.publish import FORMATS, write_rendered
from laborwatch.settings import load_settings
from laborwatch.store.db import Store, close_all, open_store
from laborwatch.store.models import Claim

MARKER = ".laborwatch-demo"
REPORT_STEM = "laborwatch-report"


class DemoError(RuntimeError):
    """The demo folder cannot be used (it holds something that is not an earlier demo)."""


@dataclass
class DemoResult:
    out_dir: Path
    home: Path
    files: dict[str, Path]
    pack_claims: int
    documents: int
    extracted: int
    accepted: int
    pending: int
    top_hosts: list[dict[str, Any]]
    seconds: dict[str, float] = field(default_factory=dict)


def samples_dir() -> Path:
    return Path(str(resources.files("laborwatch") / "data" / "samples"))


def prepare_home(out_dir: Path) -> Path:
    """A fresh home in ``out_dir/home``. Refuses a non-empty folder that is not an earlier demo."""
    out_dir.mkdir(parents=True, exist_ok=True)
    marker = out_dir / MARKER
    if any(out_dir.iterdir()) and not marker.exists():
        raise DemoError(f"{out_dir} is not empty and was not made by `laborwatch demo`; choose another --out")
    home = out_dir / "home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir()
    marker.write_text("made by laborwatch demo; the whole folder may be deleted\n", encoding="utf-8")
    return home


def _add_samples(store: Store, actor: str) -> int:
    from laborwatch.evidence.intake import DocumentMetadata, add_path, iter_files

    added = 0
    for path in iter_files([samples_dir()]):
        # A sample whose name ends in "-restricted" plays a protected source: it must never reach a public edition.
        metadata = DocumentMetadata(restricted=path.stem.endswith("-restricted"))
        if add_path(store, path, actor=actor, metadata=metadata).status == "added":
            added += 1
    return added


def _extract(store: Store) -> int:
    """Run ``laborwatch extract`` over the demo's documents, when this version has the extraction stage.

    It runs as its own process pointed at the demo's store, the same command a user would run, so the demo
    follows the extraction stage's own rules (versions, runs, progress) rather than re-implementing them.
    Returns the number of claims that came from documents.
    """
    if importlib.util.find_spec("laborwatch.cli.extract") is None:
        return 0
    env = {**os.environ, "LABORWATCH_HOME": str(store.settings.home),
           "LABORWATCH_DATABASE_URL": store.settings.database_url}
    done = subprocess.run([sys.executable, "-m", "laborwatch", "extract"], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise DemoError(f"laborwatch extract failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Claim)
                                  .where(Claim.document_sha256.is_not(None))) or 0)


def run_demo(out_dir: Path, *, actor: str = "laborwatch-demo") -> DemoResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    home = prepare_home(out_dir)
    settings = dataclasses.replace(load_settings(), home=home, database_url=f"sqlite:///{home / 'laborwatch.db'}")
    store = open_store(settings)
    try:
        pack = load_pack(store, actor=actor)
        documents = _add_samples(store, actor)
        timings["load"] = time.perf_counter() - started
        extracted = _extract(store)
        timings["extract"] = time.perf_counter() - started - timings["load"]
        accepted = accept_pack(store, actor=actor)
        report = build_report(store, ReportOptions(edition="public", draft=True))
        files: dict[str, Path] = {}
        for fmt in FORMATS:
            t0 = time.perf_counter()
            files[fmt] = write_rendered(report, out_dir / f"{REPORT_STEM}.{fmt}", fmt)
            timings[fmt] = time.perf_counter() - t0
    finally:
        # Forget the demo's engine, so a later demo in the same process migrates its fresh database again.
        close_all()
    timings["total"] = time.perf_counter() - started
    top = [{"country": r["country"], "name": r["country_name"], "estimate": r["estimate"]["text"],
            "as_of": r["estimate"]["as_of"], "trend": r["estimate"]["trend"],
            "sources": r["estimate"]["independent_sources"], "confidence": r["estimate"]["confidence"]}
           for r in report["b2_host_countries"] if r["estimate"]["high"] is not None][:10]
    return DemoResult(out_dir=out_dir, home=home, files=files, pack_claims=pack.added + pack.unchanged,
                      documents=documents, extracted=extracted, accepted=accepted,
                      pending=report["pending_review"], top_hosts=top, seconds=timings)
