"""The detectors against the labelled corpus (tests/screening/detector_corpus.jsonl, made by
scripts/screening_corpus.py): every labelled item found, and few false alarms."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screening_corpus.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screening_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpus_script = _script()


def test_the_corpus_file_is_what_the_script_generates() -> None:
    assert corpus_script.CORPUS.read_text(encoding="utf-8") == corpus_script.render()


def test_the_corpus_has_300_items_across_every_kind_with_hard_negatives() -> None:
    corpus = corpus_script.load()
    kinds = Counter(kind for item in corpus for kind, _text in item["expect"])
    assert len(corpus) >= 300
    assert set(kinds) == {"classification", "resident_id", "mobile", "landline", "bank_card", "email"}
    assert sum(1 for item in corpus if item["group"] == "negative") >= 100


def test_recall_is_complete_and_precision_at_least_95_percent() -> None:
    result = corpus_script.measure(corpus_script.load())
    total = result["total"]
    missed = [wrong for wrong in result["wrong"] if wrong[1] == "missed"]
    assert missed == []
    assert total["fn"] == 0
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.95, result["wrong"]
