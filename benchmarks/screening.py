"""Screening benchmark: the development sets in ../shared/bench/screening against the combined 2022 list.

    .venv/bin/python benchmarks/screening.py [--shared ../shared] [--baseline-sample 150] [--threshold T]

Prints, per set and family: R@1, R@10, R@T (recall at the default threshold), FPR@T on the negatives, and recall
at the lowest threshold whose false-positive rate is at most 1%; then queries per second on one core, index build
time and peak memory, and the same metrics for a plain rapidfuzz brute-force baseline on a sample. The method is
the one in ../shared/bench/screening/README.md. Timings are noisy on a shared machine: run it more than once.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from machine import reference_loop_seconds
from rapidfuzz import fuzz, process, utils

from laborwatch.screen.formats import read_list
from laborwatch.screen.index import DEFAULT_THRESHOLD, ScreeningIndex

ROOT = Path(__file__).resolve().parent.parent
Result = list[tuple[str, float]]  # (entity_id, score), best first


def read_set(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def screen_all(index: ScreeningIndex, rows: list[dict[str, str]]) -> tuple[dict[str, Result], float]:
    out: dict[str, Result] = {}
    started = time.process_time()
    for row in rows:  # only id, name and schema reach the screener
        matches = index.search(row["name"], limit=10, schema=row["schema"], explain=False)
        out[row["id"]] = [(m.record.entity_id, m.score) for m in matches]
    return out, time.process_time() - started


def recall(rows: list[dict[str, str]], results: dict[str, Result], *, top: int = 10, threshold: float = 0.0) -> float:
    if not rows:
        return float("nan")
    hit = 0
    for row in rows:
        expected = set(row["expected"].split(";"))
        if any(eid in expected and score >= threshold for eid, score in results.get(row["id"], [])[:top]):
            hit += 1
    return hit / len(rows)


def fpr(negatives: list[dict[str, str]], results: dict[str, Result], threshold: float) -> float:
    flagged = sum(1 for row in negatives if any(s >= threshold for _, s in results.get(row["id"], [])))
    return flagged / len(negatives)


def threshold_at_fpr(negatives: list[dict[str, str]], results: dict[str, Result], limit: float = 0.01) -> float:
    """The lowest observed non-zero score t whose FPR@t is at most ``limit`` (inf when none is)."""
    scores = sorted({s for r in results.values() for _, s in r if s > 0})
    tops = sorted((max((s for _, s in results.get(row["id"], [])), default=0.0) for row in negatives), reverse=True)
    allowed = int(limit * len(negatives))
    for t in scores:
        if sum(1 for s in tops if s >= t) <= allowed:
            return t
    return float("inf")


def report(title: str, sets: dict[str, list[dict[str, str]]], results: dict[str, Result],
           negatives: list[dict[str, str]], threshold: float) -> None:
    t1 = threshold_at_fpr(negatives, results)
    print(f"\n## {title}\n")
    print(f"default threshold T = {threshold}; FPR@T on negatives = {fpr(negatives, results, threshold):.4f}; "
          f"threshold at FPR<=1%: t = {t1:.4f} (FPR@t = {fpr(negatives, results, t1):.4f})\n")
    print("| set / family | n | R@1 | R@10 | R@T | R@FPR<=1% |\n|---|---:|---:|---:|---:|---:|")
    pooled: list[dict[str, str]] = []
    for name, rows in sets.items():
        pooled.extend(rows)
        by_family: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in rows:
            by_family[row["family"]].append(row)
        for label, group in [(f"**{name}**", rows), *sorted((f"  {k}", v) for k, v in by_family.items())]:
            print(f"| {label} | {len(group)} | {recall(group, results, top=1):.3f} | {recall(group, results):.3f} | "
                  f"{recall(group, results, threshold=threshold):.3f} | {recall(group, results, threshold=t1):.3f} |")
    print(f"| **pooled** | {len(pooled)} | {recall(pooled, results, top=1):.3f} | {recall(pooled, results):.3f} | "
          f"{recall(pooled, results, threshold=threshold):.3f} | {recall(pooled, results, threshold=t1):.3f} |")
    by_neg: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in negatives:
        by_neg[row["family"]].append(row)
    print("\n| negatives family | n | FPR@T |\n|---|---:|---:|")
    for fam, group in sorted(by_neg.items()):
        print(f"| {fam} | {len(group)} | {fpr(group, results, threshold):.3f} |")


def baseline(names: list[tuple[str, str]], rows: list[dict[str, str]]) -> tuple[dict[str, Result], float]:
    """Plain rapidfuzz: WRatio against every listed name, best score per entity."""
    choices = [utils.default_process(n) for _, n in names]
    out: dict[str, Result] = {}
    started = time.process_time()
    for row in rows:
        found = process.extract(utils.default_process(row["name"]), choices, scorer=fuzz.WRatio, limit=30,
                                processor=None)
        best: dict[str, float] = {}
        for _, score, i in found:
            eid = names[i][0]
            best[eid] = max(best.get(eid, 0.0), score / 100.0)
        out[row["id"]] = sorted(best.items(), key=lambda kv: -kv[1])[:10]
    return out, time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--baseline-sample", type=int, default=150, help="queries per set for the baseline (0: skip)")
    args = parser.parse_args()
    bench = args.shared / "bench" / "screening"
    full_path = args.shared / "sanctions" / "combined-2022" / "list.ftm.jsonl"

    started = time.perf_counter()
    records = list(read_list(full_path, "ftm").records)
    parsed = time.perf_counter()
    build_cpu = time.process_time()
    index = ScreeningIndex(records)
    build_cpu = time.process_time() - build_cpu
    built = time.perf_counter()
    rss_index = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# Screening benchmark\n\nlist: {len(index.records)} entities, {index.stats()['names']} names; "
          f"parse {parsed - started:.1f} s, index build {built - parsed:.1f} s ({build_cpu:.1f} s CPU); "
          f"peak RSS after building: {rss_index:.0f} MB")

    sets = {name: read_set(bench / f"{name}.csv") for name in ("dprk", "ssb")}
    negatives = read_set(bench / "negatives.csv")
    results: dict[str, Result] = {}
    cpu = 0.0
    count = 0
    speed_before = reference_loop_seconds()
    for rows in [*sets.values(), negatives]:
        found, seconds = screen_all(index, rows)
        results.update(found)
        cpu += seconds
        count += len(rows)
    qps_full = count / cpu
    speed_after = reference_loop_seconds()
    explain_started = time.process_time()
    for row in negatives[:500]:
        index.search(row["name"], limit=10, schema=row["schema"], explain=True)
    qps_explain = 500 / (time.process_time() - explain_started)

    holdout_rows = read_set(bench / "alias_holdout.csv")
    holdout_index = ScreeningIndex(read_list(bench / "list_holdout.ftm.jsonl", "ftm").records)
    found, seconds = screen_all(holdout_index, holdout_rows)
    results.update(found)
    all_sets = {"alias_holdout": holdout_rows, **sets}
    report("LaborWatch index", all_sets, results, negatives, args.threshold)
    print(f"\nthroughput (one core, CPU time): {qps_full:.0f} queries/s over {count} queries against "
          f"{index.stats()['names']} names (top 10, scores only); {qps_explain:.0f} queries/s with explanations; "
          f"alias hold-out {len(holdout_rows) / seconds:.0f} queries/s")
    print(f"machine speed while measuring: a 10M-step reference loop took {speed_before:.2f} s CPU before and "
          f"{speed_after:.2f} s after (about 0.4 s on an idle core; more when other work shares the cores)")
    print(f"peak memory (RSS, whole run with two indexes): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.baseline_sample:
        rng = random.Random(7)
        names_full = [(r.entity_id, n) for r in records for n in r.names]
        sample = {k: rng.sample(v, min(args.baseline_sample, len(v))) for k, v in sets.items()}
        neg_sample = rng.sample(negatives, min(args.baseline_sample * 2, len(negatives)))
        base: dict[str, Result] = {}
        cpu = 0.0
        count = 0
        for rows in [*sample.values(), neg_sample]:
            found, seconds = baseline(names_full, rows)
            base.update(found)
            cpu += seconds
            count += len(rows)
        hold_sample = rng.sample(holdout_rows, min(args.baseline_sample, len(holdout_rows)))
        names_hold = [(r.entity_id, n) for r in holdout_index.records for n in r.names]
        found, _ = baseline(names_hold, hold_sample)
        base.update(found)
        report(f"rapidfuzz WRatio brute force (sample of {args.baseline_sample} per set)",
               {"alias_holdout": hold_sample, **sample}, base, neg_sample, 0.85)
        print(f"\nbaseline throughput: {count / cpu:.1f} queries/s (one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
