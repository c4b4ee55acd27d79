"""Notes written for these tests (tests/phi/data/notes), scored with the corpus README's rule.

They were written separately from the phi-dev corpus, in other styles and with other names and
places, as a second regression guard; the floors sit below the measured figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from phi.evaluation import FORMATTED_KINDS, Score, load_marked, parse_marked, phi_detect, score

NOTES = Path(__file__).with_name("data") / "notes"


@pytest.fixture(scope="module")
def result() -> Score:
    docs = load_marked(NOTES)
    assert len(docs) >= 20
    return score(docs, phi_detect)


def test_markup_parses_back_to_the_marked_text() -> None:
    doc = parse_marked("Pt [[NAME:Jo Bloggs]], tel [[PHONE:705-555-0100]].", "x")
    assert doc.text == "Pt Jo Bloggs, tel 705-555-0100."
    assert [doc.text[s:e] for s, e, _ in doc.gold] == ["Jo Bloggs", "705-555-0100"]


def test_recall_on_notes_written_for_the_tests(result: Score) -> None:
    assert result.recall >= 0.95, result.misses


def test_formatted_identifiers_all_caught(result: Score) -> None:
    assert result.group_recall(FORMATTED_KINDS) == 1.0, result.misses


def test_precision_and_clean_notes(result: Score) -> None:
    assert result.precision >= 0.95, result.false_positives
    assert result.clean_docs >= 6
    assert result.clean_docs_flagged == 0, result.false_positives
