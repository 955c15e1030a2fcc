"""Review at scale: listing, context, batch and per-claim decisions, and reviewers racing for the same claims.

    .venv/bin/python benchmarks/review.py                    # SQLite in a temporary folder
    .venv/bin/python benchmarks/review.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres

Seeds 10,000 proposed claims over 200 generated documents, then times: a page of the claims list deep in the
listing, the context of 200 claims, accepting 5,000 claims in one batch, accepting 50 documents' claims,
500 edits (one transaction each), and 4 threads racing to decide the same 2,000 claims (each claim must be
decided exactly once; every other attempt must be a ReviewConflict). Timings are wall-clock on a shared
machine, so repeat runs and compare medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from laborwatch.evidence.ids import make_id
from laborwatch.review import (
    ReviewConflict,
    accept_claims,
    accept_document,
    claim_context,
    edit_claim,
    list_claims,
)
from laborwatch.settings import load_settings
from laborwatch.store import Store, open_store
from laborwatch.store.db import utcnow
from laborwatch.store.models import AuditEntry, Claim, Document

DOCUMENTS, PER_DOCUMENT = 200, 50
COUNTRIES = ["RU", "CN", "QA", "KW", "MN", "AE", "PL", "MY", "LA", "VN"]


def seed(store: Store) -> list[str]:
    now = utcnow()
    documents: list[str] = []
    with store.transaction() as session:
        for d in range(DOCUMENTS):
            sentences = [f"Report {d}, item {i}: about {1000 + 37 * i} North Korean workers were counted in "
                         f"{COUNTRIES[(d + i) % len(COUNTRIES)]} by the labor office." for i in range(PER_DOCUMENT)]
            body = " ".join(sentences)
            sha = make_id("bench-doc", d) + "0" * 24
            documents.append(sha)
            session.add(Document(sha256=sha, filename=f"bench-{d}.txt", media_type="text/plain", size=len(body),
                                 title=f"Bench report {d}", publisher="Bench Wire", published="2024", text=body,
                                 restricted=False, metadata_origin={}, added_at=now, added_by="bench"))
            session.flush()
            position = 0
            for i, sentence in enumerate(sentences):
                quote = sentence.split(": ", 1)[1]
                start = body.index(quote, position)
                position = start + len(quote)
                session.add(Claim(
                    id=make_id("bench-claim", d, i), kind="worker_count", version=1, dataset="documents",
                    country=COUNTRIES[(d + i) % len(COUNTRIES)], count=1000 + 37 * i, qualifier="about",
                    as_of="2024", document_sha256=sha, start=start, end=start + len(quote), quote=quote,
                    origin="bench@1", status="proposed", restricted=False, extra={}, created_at=now,
                    first_seen=now, last_seen=now))
    return documents


def timed(label: str, results: list[tuple[str, str]], fn: Callable[[], object], repeat: int = 1) -> object:
    times: list[float] = []
    value: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    results.append((label, f"{statistics.median(times) * 1000:,.1f} ms" + (f" (median of {repeat})" if repeat > 1
                                                                              else "")))
    print(f"  {label:<52} {results[-1][1]}", file=sys.stderr, flush=True)
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="run on a temporary database of this server")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lw-bench-review-"))
    os.environ["LABORWATCH_HOME"] = str(home)
    admin = pg_name = None
    if args.postgres:
        pg_name = f"lw_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{pg_name}"'))
        os.environ["LABORWATCH_DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/" + pg_name
    try:
        store = open_store(load_settings())
        results: list[tuple[str, str]] = []
        documents = timed(f"seed {DOCUMENTS * PER_DOCUMENT:,} proposed claims", results, lambda: seed(store))
        assert isinstance(documents, list)

        def page() -> int:
            with store.transaction() as s:
                return len(list_claims(s, status="proposed", limit=50, offset=5000).claims)
        timed("list: one page of 50 at offset 5,000 (with total)", results, page, repeat=10)

        def contexts() -> int:
            with store.transaction() as s:
                ids = [c.id for c in list_claims(s, limit=200).claims]
                return sum(claim_context(s, i).quote_matches for i in ids)
        assert timed("context of 200 claims", results, contexts) == 200

        with store.transaction() as s:
            first = [c.id for c in list_claims(s, status="proposed", limit=5000).claims]

        def batch() -> int:
            with store.transaction() as s:
                return len(accept_claims(s, first, actor="bench"))
        assert timed("accept 5,000 claims in one batch", results, batch) == 5000

        with store.transaction() as s:
            untouched = sorted(set(s.scalars(select(Claim.document_sha256).where(Claim.status == "proposed"))))[:50]

        def by_document() -> int:
            total = 0
            for sha in untouched:
                with store.transaction() as s:
                    total += len(accept_document(s, sha, actor="bench"))
            return total
        assert timed("accept 50 documents (2,500 claims)", results, by_document) == 2500

        with store.transaction() as s:
            to_edit = [c.id for c in list_claims(s, status="accepted", limit=500).claims]

        def edits() -> int:
            for claim_id in to_edit:
                with store.transaction() as s:
                    edit_claim(s, claim_id, {"count": 4242}, actor="bench")
            return len(to_edit)
        timed("500 edits, one transaction each", results, edits)

        with store.transaction() as s:
            remaining = [c.id for c in list_claims(s, status="proposed").claims]
        wins: list[int] = [0, 0, 0, 0]
        conflicts: list[int] = [0, 0, 0, 0]

        def reviewer(n: int) -> None:
            order = remaining[:]
            random.Random(n).shuffle(order)
            for claim_id in order:
                try:
                    with store.transaction() as s:
                        accept_claims(s, [claim_id], actor=f"reviewer{n}")
                    wins[n] += 1
                except ReviewConflict:
                    conflicts[n] += 1

        def race() -> None:
            threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        t0 = time.perf_counter()
        race()
        elapsed = time.perf_counter() - t0
        with store.transaction() as s:
            decided = s.scalar(select(func.count(func.distinct(AuditEntry.object_id))).where(
                AuditEntry.action == "claim.accept", AuditEntry.object_id.in_(remaining)))
            entries = s.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "claim.accept", AuditEntry.object_id.in_(remaining)))
        attempts = sum(wins) + sum(conflicts)
        results.append((f"race: 4 threads x {len(remaining):,} claims",
                        f"{elapsed:.1f} s, {attempts / elapsed:,.0f} attempts/s; wins {sum(wins):,} "
                        f"(per thread {wins}), conflicts {sum(conflicts):,}; audit entries {entries:,} "
                        f"for {decided:,} claims"))
        ok = sum(wins) == len(remaining) == decided == entries and sum(conflicts) == 3 * len(remaining)
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"review benchmark on {backend}")
        for label, value in results:
            print(f"  {label:<52} {value}")
        print("  every claim decided exactly once:", "yes" if ok else "NO")
        store.dispose()
        return 0 if ok else 1
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))


if __name__ == "__main__":
    sys.exit(main())
