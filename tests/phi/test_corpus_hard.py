"""Regression guard on phi-dev-2, the hard-case development set (issue 12's targets).

Floors sit just below the measured figures (docs/benchmarks.md); the set is for development, the
rules must stay general (no rule or list entry names a person, place or number from it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from phi.evaluation import FORMATTED_KINDS, Document, Score, load_corpus, phi_detect, score

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "phi-dev-2"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "gold.jsonl").is_file(),
    reason=f"phi-dev-2 corpus not found at {CORPUS} (shared/ sits beside the repository)",
)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def result(docs: list[Document]) -> Score:
    return score(docs, phi_detect)


def test_recall_reaches_the_issue_target(result: Score) -> None:
    assert result.recall >= 0.95, len(result.misses)


def test_span_precision_stays_high(result: Score) -> None:
    assert result.precision >= 0.95


def test_clean_notes_get_at_most_five_findings(result: Score, docs: list[Document]) -> None:
    clean = {d.name for d in docs if not d.gold}
    assert sum(1 for n, _f, _t in result.false_positives if n in clean) <= 5


def test_formatted_identifiers_are_all_caught(result: Score) -> None:
    assert result.group_recall(FORMATTED_KINDS) == 1.0


@pytest.mark.parametrize(
    ("kind", "floor"),
    [
        ("NAME", 0.90),
        ("DATE", 0.98),
        ("AGE", 0.95),
        ("ID", 0.98),
        ("ADDRESS", 0.92),
        ("FACILITY", 0.86),
        ("POSTAL_CODE", 1.0),
        ("HEALTH_NUMBER", 1.0),
    ],
)
def test_recall_by_kind_floor(result: Score, kind: str, floor: float) -> None:
    assert result.kind_recall(kind) >= floor
