"""Instrument scoring, band boundaries and invalid input (clinical.md §3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.instruments import (
    FREE_INSTRUMENTS,
    LICENSED_INSTRUMENTS,
    ORT_ITEMS,
    PHQ9_ITEM9_FLAG,
    peg_change,
    record_licensed_total,
    score_bpi,
    score_gad7,
    score_instrument,
    score_ort,
    score_pcs,
    score_peg,
    score_phq2,
    score_phq9,
    score_start_back,
    score_taps1,
    taps2_risk,
)


def items_summing_to(total: int, count: int, high: int) -> list[int]:
    answers = []
    for _ in range(count):
        answers.append(min(high, total))
        total -= answers[-1]
    assert total == 0
    return answers


def error_code(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ClinicalInputError) as error:
        call(*args, **kwargs)
    assert error.value.message
    return error.value.code


# --- PEG -----------------------------------------------------------------------------------------


def test_peg_is_the_mean_of_three_items_to_one_decimal() -> None:
    result = score_peg([7, 5, 6])
    assert result.score == Decimal("6.0")
    assert result.subscores["sum"] == 18
    assert score_peg([3, 3, 4]).score == Decimal("3.3")
    assert score_peg([10, 10, 9]).score == Decimal("9.7")
    assert score_peg([0, 0, 0]).score == 0
    assert score_peg([10, 10, 10]).score == 10
    assert result.band is None  # no official bands (clinical.md §3.2)


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ([5, 5], "instrument.item_count"),
        ([5, 5, 5, 5], "instrument.item_count"),
        ([5, 5, 11], "instrument.item_range"),
        ([5, -1, 5], "instrument.item_range"),
        ([5, 5.5, 5], "instrument.item_type"),
        ([5, True, 5], "instrument.item_type"),
        ([5, None, 5], "instrument.item_type"),
        ("555", "instrument.item_type"),
    ],
)
def test_peg_invalid_input(items: Any, code: str) -> None:
    assert error_code(score_peg, items) == code


def test_peg_change_of_30_percent_is_clinically_meaningful() -> None:
    change = peg_change([10, 10, 10], [7, 7, 7])
    assert change.percent_improvement == Decimal(30)
    assert change.clinically_meaningful
    just_under = peg_change([10, 10, 10], [7, 7, 8])
    assert not just_under.clinically_meaningful
    worse = peg_change([5, 5, 5], [6, 6, 6])
    assert worse.percent_improvement < 0
    assert error_code(peg_change, [0, 0, 0], [1, 1, 1]) == "instrument.peg_baseline_zero"


# --- PHQ-9 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, band: str) -> None:
    result = score_phq9(items_summing_to(total, 9, 3)[::-1])  # item 9 first filled when high
    assert result.score == total
    assert result.band == band


def test_phq9_item9_flag() -> None:
    clear = score_phq9([3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert clear.flags == ()
    flagged = score_phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert flagged.flags == (PHQ9_ITEM9_FLAG,)
    assert flagged.band == "minimal"  # the flag shows whatever the total
    assert flagged.subscores["item9"] == 1


def test_phq9_carries_the_phq2_subscore() -> None:
    assert score_phq9([2, 3, 0, 0, 0, 0, 0, 0, 0]).subscores["phq2"] == 5


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ([0] * 8, "instrument.item_count"),
        ([0] * 10, "instrument.item_count"),
        ([0] * 8 + [4], "instrument.item_range"),
        ([0] * 8 + ["1"], "instrument.item_type"),
    ],
)
def test_phq9_invalid_input(items: list[Any], code: str) -> None:
    assert error_code(score_phq9, items) == code


# --- PHQ-2 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "band"), [([1, 1], "negative"), ([2, 1], "positive"), ([3, 3], "positive")]
)
def test_phq2_cut_point_3(items: list[int], band: str) -> None:
    assert score_phq2(items).band == band


def test_phq2_more_sensitive_cut_point_2() -> None:
    assert score_phq2([1, 1], cutoff=2).band == "positive"
    assert score_phq2([1, 0], cutoff=2).band == "negative"
    assert error_code(score_phq2, [1, 1], cutoff=4) == "instrument.invalid_option"
    assert error_code(score_phq2, [1, 1, 1]) == "instrument.item_count"
    assert error_code(score_phq2, [1, 4]) == "instrument.item_range"


# --- GAD-7 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, band: str) -> None:
    result = score_gad7(items_summing_to(total, 7, 3))
    assert (result.score, result.band) == (total, band)


def test_gad7_invalid_input() -> None:
    assert error_code(score_gad7, [0] * 6) == "instrument.item_count"
    assert error_code(score_gad7, [0] * 6 + [5]) == "instrument.item_range"


# --- STarT Back ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "psychosocial", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, "not at all"], 0, 0, "low"),
        ([1, 1, 1, 0, 0, 0, 0, 0, "moderately"], 3, 0, "low"),
        ([1, 1, 1, 1, 0, 0, 0, 0, "slightly"], 4, 0, "medium"),
        ([0, 0, 0, 0, 1, 1, 1, 0, "moderately"], 3, 3, "low"),
        ([1, 0, 0, 0, 1, 1, 1, 0, "moderately"], 4, 3, "medium"),
        ([0, 0, 0, 0, 1, 1, 1, 1, "slightly"], 4, 4, "high"),
        ([0, 0, 0, 0, 1, 1, 1, 0, "Very much"], 4, 4, "high"),
        ([1, 1, 1, 1, 1, 1, 1, 1, "extremely"], 9, 5, "high"),
        ([True, True, True, True, False, False, False, False, True], 5, 1, "medium"),
    ],
)
def test_start_back_scoring(items: list[Any], total: int, psychosocial: int, band: str) -> None:
    result = score_start_back(items)
    assert result.score == total
    assert result.subscores["psychosocial"] == psychosocial
    assert result.band == band


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ([0] * 8, "instrument.item_count"),
        ([0] * 7 + [2, 0], "instrument.item_range"),
        ([0] * 8 + [3], "instrument.item_range"),
        ([0] * 8 + ["a lot"], "instrument.invalid_option"),
        (["agree"] + [0] * 8, "instrument.item_type"),
    ],
)
def test_start_back_invalid_input(items: list[Any], code: str) -> None:
    assert error_code(score_start_back, items) == code


# --- TAPS ----------------------------------------------------------------------------------------

NEVER = {
    "tobacco": "never",
    "alcohol": "never",
    "illicit_drugs": "never",
    "prescription_drugs_non_medical": "never",
}


def test_taps1_positive_when_other_than_never() -> None:
    assert score_taps1(NEVER).band == "negative"
    result = score_taps1({**NEVER, "alcohol": "Monthly", "tobacco": "daily or almost daily"})
    assert result.band == "positive"
    assert result.score == 2
    assert result.subscores["alcohol"] == 1
    assert result.subscores["illicit_drugs"] == 0
    assert "TAPS-2" in (result.band_label or "")


def test_taps1_invalid_input() -> None:
    assert error_code(score_taps1, {"tobacco": "never"}) == "instrument.item_count"
    assert error_code(score_taps1, {**NEVER, "cannabis": "never"}) == "instrument.item_count"
    assert error_code(score_taps1, {**NEVER, "alcohol": "often"}) == "instrument.invalid_option"
    assert error_code(score_taps1, {**NEVER, "alcohol": 1}) == "instrument.invalid_option"


@pytest.mark.parametrize(
    ("score", "band"), [(0, "no_use"), (1, "problem_use"), (2, "higher_risk"), (3, "higher_risk")]
)
def test_taps2_risk_levels(score: int, band: str) -> None:
    assert taps2_risk("alcohol", score).band == band


def test_taps2_invalid_input() -> None:
    assert error_code(taps2_risk, "alcohol", -1) == "instrument.item_range"
    assert error_code(taps2_risk, "alcohol", 1.5) == "instrument.item_type"
    assert error_code(taps2_risk, "", 1) == "instrument.invalid_option"


# --- Licensed instruments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "low", "high"),
    [
        ("bpi-severity", "0", "10"),
        ("bpi-interference", "0", "10"),
        ("pcs", "0", "52"),
        ("ort", "0", "26"),
        ("ort-oud", "0", "9"),
        ("comm", "0", "68"),
        ("promis", "0", "100"),
        ("dn4", "0", "10"),
    ],
)
def test_licensed_totals_within_range_are_recorded_with_the_licence_note(
    instrument: str, low: str, high: str
) -> None:
    for value in (low, high):
        result = record_licensed_total(instrument, Decimal(value))
        assert result.score == Decimal(value)
        assert result.entered_total
        assert "not administered without a licence" in result.notes[0]
    assert (
        error_code(record_licensed_total, instrument, Decimal(high) + 1) == "instrument.total_range"
    )
    assert error_code(record_licensed_total, instrument, -1) == "instrument.total_range"


def test_licensed_total_with_licence_on_file() -> None:
    result = record_licensed_total("pcs", 31, licensed=True)
    assert "licence for item administration is on file" in result.notes[0]


def test_licensed_whole_number_totals() -> None:
    assert error_code(record_licensed_total, "pcs", "30.5") == "instrument.item_type"
    assert record_licensed_total("bpi-severity", "4.25").score == Decimal("4.25")
    assert error_code(record_licensed_total, "pcs", "thirty") == "instrument.item_type"
    assert error_code(record_licensed_total, "sf-36", 10) == "instrument.unknown_instrument"


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low"), (3, "low"), (4, "moderate"), (7, "moderate"), (8, "high"), (26, "high")],
)
def test_ort_total_bands(total: int, band: str) -> None:
    assert record_licensed_total("ort", total).band == band


def test_licensed_item_scoring_needs_the_flag() -> None:
    assert error_code(score_pcs, [0] * 13) == "instrument.licence_required"
    assert error_code(score_bpi, [0] * 4, [0] * 7) == "instrument.licence_required"
    assert error_code(score_ort, dict.fromkeys(ORT_ITEMS, False), sex="female") == (
        "instrument.licence_required"
    )


def test_pcs_items_with_licence() -> None:
    items = [4, 4, 4, 4, 4, 0, 0, 1, 1, 1, 1, 4, 2]
    result = score_pcs(items, licensed=True)
    assert result.score == 30
    assert result.subscores == {"helplessness": 24, "magnification": 2, "rumination": 4}
    assert error_code(score_pcs, [5] + [0] * 12, licensed=True) == "instrument.item_range"


def test_bpi_items_with_licence() -> None:
    result = score_bpi([6, 2, 4, 5], [3, 4, None, 5, None, 6, None], licensed=True)
    assert result.subscores["severity"] == Decimal("4.3")  # 17/4 = 4.25 -> 4.3
    assert result.subscores["interference"] == Decimal("4.5")
    assert error_code(
        score_bpi, [6, 2, 4, 5], [3, 4, None, None, None, 6, None], licensed=True
    ) == ("instrument.item_count")
    assert error_code(score_bpi, [6, 2, 4], [0] * 7, licensed=True) == "instrument.item_count"


def test_ort_items_are_sex_weighted_and_other_reports_the_higher() -> None:
    answers = dict.fromkeys(ORT_ITEMS, False)
    answers["family_alcohol"] = True
    answers["preadolescent_sexual_abuse"] = True
    female = score_ort(answers, sex="female", licensed=True)
    male = score_ort(answers, sex="male", licensed=True)
    other = score_ort(answers, sex="other", licensed=True)
    assert (female.score, male.score, other.score) == (4, 3, 4)
    assert (female.band, male.band) == ("moderate", "low")
    assert "higher is reported" in other.notes[0]
    every = score_ort(dict.fromkeys(ORT_ITEMS, True), sex="female", licensed=True)
    assert every.score == 26


def test_every_licensed_instrument_names_its_source() -> None:
    for spec in LICENSED_INSTRUMENTS.values():
        assert spec.source.startswith("clinical.md §3")
        assert spec.licence


def test_scores_are_plain_data() -> None:
    data = score_phq9([1] * 9).to_dict()
    assert data["score"] == 9
    assert data["band"] == "mild"
    assert data["flags"] == [{"code": "phq9-item9", "text": PHQ9_ITEM9_FLAG.text}]


def test_score_instrument_dispatches_free_instruments_only() -> None:
    assert score_instrument("phq9", [0] * 9).band == "minimal"
    assert score_instrument("peg", [1, 2, 3]).score == Decimal("2.0")
    assert error_code(score_instrument, "pcs", [0] * 13) == "instrument.licence_required"
    assert error_code(score_instrument, "bpi", [0] * 11) == "instrument.licence_required"
    assert error_code(score_instrument, "sf-36", [0]) == "instrument.unknown_instrument"
    assert set(FREE_INSTRUMENTS) == {"peg", "phq9", "phq2", "gad7", "start_back", "taps1"}
