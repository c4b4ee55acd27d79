"""Regression guard on the phi-dev corpus (scored with its README's rule).

The floors sit slightly below the measured figures (see docs/benchmarks.md) so that a change that
loses recall or precision fails here. This is a guard, not a target: the corpus is a development
sample and the rules must not be tuned to single documents of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from phi.evaluation import FORMATTED_KINDS, Score, load_corpus, phi_detect, score

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "phi-dev"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "gold.jsonl").is_file(),
    reason=f"phi-dev corpus not found at {CORPUS} (shared/ sits beside the repository)",
)


@pytest.fixture(scope="module")
def result() -> Score:
    return score(load_corpus(CORPUS), phi_detect)


def test_overall_recall_floor(result: Score) -> None:
    assert result.recall >= 0.99, result.misses


def test_formatted_identifiers_are_all_caught(result: Score) -> None:
    assert result.group_recall(FORMATTED_KINDS) == 1.0, [
        m for m in result.misses if m[1][2] in FORMATTED_KINDS
    ]


@pytest.mark.parametrize(
    ("kind", "floor"),
    [
        ("NAME", 0.98),
        ("DATE", 0.98),
        ("AGE", 0.9),
        ("ADDRESS", 0.96),
        ("FACILITY", 0.95),
        ("MRN", 0.9),
        ("ID", 0.93),
    ],
)
def test_recall_floor_by_kind(result: Score, kind: str, floor: float) -> None:
    assert result.kind_recall(kind) >= floor, [m for m in result.misses if m[1][2] == kind]


def test_precision_floor(result: Score) -> None:
    assert result.precision >= 0.98, result.false_positives


def test_clean_documents_stay_clean(result: Score) -> None:
    assert result.clean_docs == 23
    # target: at least 9 in 10 clean documents get no finding at all
    assert result.clean_docs_flagged <= 1, result.false_positives
