"""The development corpus (tests/extract/corpus) and the seed article, scored like benchmarks/extraction.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, SHARED

CORPUS = Path(__file__).parent / "corpus"


def _benchmark() -> ModuleType:
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))  # the benchmark imports its sibling machine.py
    spec = importlib.util.spec_from_file_location("extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_corpus_is_varied_and_its_annotations_quote_the_text() -> None:
    annotations = sorted(CORPUS.glob("*.json"))
    assert len(annotations) >= 40
    negatives = 0
    for path in annotations:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (CORPUS / data["text_file"]).read_text(encoding="utf-8")
        for key in ("worker_counts", "policy_actions", "wages", "forced_repatriations"):
            for item in data[key]:
                assert item["quote"] in text, (path.name, item["quote"])
        negatives += not data["worker_counts"]
    assert negatives >= 8  # negative controls: numbers about other things


def test_corpus_scores_above_the_floor() -> None:
    bench = _benchmark()
    scores, documents = bench.score_folders([CORPUS])
    assert documents >= 40
    workers = scores["worker_count"]
    assert workers.f1 >= 0.9, workers.errors
    assert workers.precision >= 0.9, workers.errors
    for kind in ("policy_action", "wage"):
        assert scores[kind].f1 >= 0.75, scores[kind].errors


@pytest.mark.skipif(not (SHARED / "seed" / "annotation.json").exists(), reason="the shared seed is not present")
def test_seed_every_worker_count_found_and_none_extra() -> None:
    bench = _benchmark()
    scores, _ = bench.score_folders([SHARED / "seed"])
    workers = scores["worker_count"]
    assert (workers.fp, workers.fn) == (0, 0), workers.errors
    assert workers.fields["attributed_to"][0] == workers.tp
