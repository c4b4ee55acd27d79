"""Instrument results pinned to the published manuals (clinical.md §3), as the forms and the API
see them: the JSON keys of ``to_dict``, the instrument keys, ranges and bands, and the error
``code`` and ``field`` a form puts next to the offending answer.

Expected values are written out from the manuals, not read from the module's own tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.instruments import (
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

SCORE_KEYS = {
    "instrument",
    "name",
    "score",
    "minimum",
    "maximum",
    "band",
    "band_label",
    "subscores",
    "flags",
    "notes",
    "source",
    "entered_total",
}


def refusal(call: Any, *args: Any, **kwargs: Any) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as caught:
        call(*args, **kwargs)
    return caught.value


def check_refusal(error: ClinicalInputError, code: str, field: str | None, *words: str) -> None:
    assert error.code == code
    assert error.field == field
    assert error.to_dict() == {"code": code, "message": error.message, "field": field}
    for word in words:
        assert word in error.message, (word, error.message)


# --- PEG (Krebs 2009; clinical.md §3.2) ----------------------------------------------------------


def test_peg_as_the_api_sees_it() -> None:
    data = score_peg([7, 5, 6]).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "peg"
    assert data["name"].startswith("PEG")
    assert "pain" in data["name"] and "enjoyment" in data["name"]
    assert "general activity" in data["name"]
    assert data["score"] == 6
    assert (data["minimum"], data["maximum"]) == (0, 10)
    assert data["band"] is None and data["band_label"] is None
    assert data["subscores"] == {"sum": 18, "pain": 7, "enjoyment": 5, "general_activity": 6}
    assert data["flags"] == []
    assert len(data["notes"]) == 1 and "30 %" in data["notes"][0]
    assert "§3.2" in data["source"] and "PEG" in data["source"]
    assert data["entered_total"] is False


def test_peg_items_are_kept_in_order_pain_enjoyment_activity() -> None:
    result = score_peg([1, 2, 3])
    assert result.subscores["pain"] == 1
    assert result.subscores["enjoyment"] == 2
    assert result.subscores["general_activity"] == 3
    assert result.score == 2
    assert score_peg([2, 2, 3]).to_dict()["score"] == 2.3


@pytest.mark.parametrize(
    ("items", "code", "field"),
    [
        ([5, 5], "instrument.item_count", "items"),
        ([11, 5, 5], "instrument.item_range", "items[0]"),
        ([5, -1, 5], "instrument.item_range", "items[1]"),
        ([5, 5, 11], "instrument.item_range", "items[2]"),
        ([5, 5, 2.5], "instrument.item_type", "items[2]"),
        ([True, 5, 5], "instrument.item_type", "items[0]"),
        ({"pain": 5}, "instrument.item_type", None),
        (5, "instrument.item_type", None),
    ],
)
def test_peg_refusals_name_the_answer(items: Any, code: str, field: str | None) -> None:
    check_refusal(refusal(score_peg, items), code, field, "PEG")


def test_peg_item_messages_count_items_from_one() -> None:
    error = refusal(score_peg, [5, 5, 11])
    assert "item 3" in error.message and "0 to 10" in error.message
    assert "11" in error.message


def test_peg_change_reports_means_not_sums() -> None:
    change = peg_change([6, 6, 6], [3, 3, 3])
    assert change.baseline == 6
    assert change.follow_up == 3
    assert change.percent_improvement == 50
    assert change.clinically_meaningful
    assert change.to_dict() == {
        "baseline": 6,
        "follow_up": 3,
        "percent_improvement": 50,
        "clinically_meaningful": True,
    }
    uneven = peg_change([4, 4, 5], [2, 2, 3]).to_dict()
    assert uneven["baseline"] == 4.3
    assert uneven["follow_up"] == 2.3
    assert uneven["percent_improvement"] == 46.2


def test_peg_change_from_zero_names_the_baseline() -> None:
    error = refusal(peg_change, [0, 0, 0], [0, 0, 1])
    check_refusal(error, "instrument.peg_baseline_zero", "baseline_items")
    # the follow-up may be all zeros: improvement to no pain is 100 %
    assert peg_change([1, 0, 0], [0, 0, 0]).percent_improvement == 100


# --- PHQ-9, PHQ-2, GAD-7 (clinical.md §3.5) ------------------------------------------------------


def test_phq9_as_the_api_sees_it() -> None:
    data = score_phq9([1, 2, 1, 1, 1, 1, 1, 1, 1]).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "phq9"
    assert data["name"] == "PHQ-9"
    assert data["score"] == 10
    assert (data["minimum"], data["maximum"]) == (0, 27)
    assert data["band"] == "moderate"
    assert data["band_label"] == "Moderate (10–14)"
    assert data["subscores"] == {"phq2": 3, "item9": 1}
    assert data["flags"][0]["code"] == "phq9-item9"
    assert "2 weeks" in data["notes"][0]
    assert "§3.5" in data["source"]
    assert data["entered_total"] is False


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (0, "Minimal (0–4)"),
        (5, "Mild (5–9)"),
        (14, "Moderate (10–14)"),
        (15, "Moderately severe (15–19)"),
        (27, "Severe (20–27)"),
    ],
)
def test_phq9_band_labels_state_the_published_ranges(total: int, label: str) -> None:
    items = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    items += [0] * (9 - len(items))
    assert score_phq9(items).band_label == label


def test_phq9_refusals() -> None:
    check_refusal(refusal(score_phq9, [0] * 8), "instrument.item_count", "items", "PHQ-9", "9")
    error = refusal(score_phq9, [0, 0, 0, 0, 0, 0, 0, 0, 4])
    check_refusal(error, "instrument.item_range", "items[8]", "PHQ-9", "item 9", "0 to 3")


def test_phq2_as_the_api_sees_it() -> None:
    positive = score_phq2([2, 1]).to_dict()
    assert set(positive) == SCORE_KEYS
    assert positive["instrument"] == "phq2"
    assert positive["name"] == "PHQ-2"
    assert positive["score"] == 3
    assert (positive["minimum"], positive["maximum"]) == (0, 6)
    assert positive["band"] == "positive"
    assert positive["band_label"] == "Positive screen (cut-point ≥3)"
    assert len(positive["notes"]) == 1 and "PHQ-9" in positive["notes"][0]
    assert "§3.5" in positive["source"]
    negative = score_phq2([1, 1]).to_dict()
    assert negative["band"] == "negative"
    assert negative["band_label"] == "Negative screen (cut-point ≥3)"
    assert negative["notes"] == []
    sensitive = score_phq2([1, 1], cutoff=2).to_dict()
    assert sensitive["band_label"] == "Positive screen (cut-point ≥2)"


def test_phq2_refusals() -> None:
    check_refusal(refusal(score_phq2, [1, 1], cutoff=4), "instrument.invalid_option", "cutoff")
    error = refusal(score_phq2, [1, 4])
    check_refusal(error, "instrument.item_range", "items[1]", "PHQ-2")


def test_gad7_as_the_api_sees_it() -> None:
    data = score_gad7([3, 3, 3, 3, 3, 0, 0]).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "gad7"
    assert data["name"] == "GAD-7"
    assert data["score"] == 15
    assert (data["minimum"], data["maximum"]) == (0, 21)
    assert data["band"] == "severe"
    assert data["band_label"] == "Severe (15–21)"
    assert "2 weeks" in data["notes"][0]
    assert "§3.5" in data["source"]


def test_gad7_items_are_0_to_3() -> None:
    error = refusal(score_gad7, [0, 0, 0, 0, 0, 0, 4])
    check_refusal(error, "instrument.item_range", "items[6]", "GAD-7", "0 to 3")
    assert score_gad7([3] * 7).score == 21


# --- STarT Back (clinical.md §3.8) ---------------------------------------------------------------


def test_start_back_as_the_api_sees_it() -> None:
    data = score_start_back([1, 0, 0, 0, 1, 1, 1, 1, "very much"]).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "start_back"
    assert "STarT Back" in data["name"]
    assert data["score"] == 6
    assert (data["minimum"], data["maximum"]) == (0, 9)
    assert data["band"] == "high"
    assert "High" in data["band_label"]
    assert data["subscores"] == {"psychosocial": 5}
    assert "low back pain" in data["notes"][0]
    assert "§3.8" in data["source"]


def test_start_back_item_9_label_then_earlier_items_still_count() -> None:
    # item 9 given as a label: every item before it is counted, and the subscale is 5..9
    result = score_start_back([1, 1, 1, 1, 0, 0, 0, 0, "extremely"])
    assert result.score == 5
    assert result.subscores["psychosocial"] == 1
    assert result.band == "medium"


@pytest.mark.parametrize(
    ("items", "code", "field", "words"),
    [
        ("yes", "instrument.item_type", None, ("STarT Back",)),
        ([1] * 8, "instrument.item_count", "items", ("9",)),
        ([1, 1, 2, 1, 1, 1, 1, 1, 1], "instrument.item_range", "items[2]", ("item 3", "agree")),
        ([1, 1, 1, "x", 1, 1, 1, 1, 1], "instrument.item_type", "items[3]", ("item 4",)),
        ([1] * 8 + ["quite"], "instrument.invalid_option", "items[8]", ("very much, extremely",)),
        ([1] * 8 + [2], "instrument.item_range", "items[8]", ("very much", "extremely")),
    ],
)
def test_start_back_refusals(
    items: Any, code: str, field: str | None, words: tuple[str, ...]
) -> None:
    check_refusal(refusal(score_start_back, items), code, field, *words)


# --- TAPS (clinical.md §3.11) --------------------------------------------------------------------

NEVER = {
    "tobacco": "never",
    "alcohol": "never",
    "illicit_drugs": "never",
    "prescription_drugs_non_medical": "never",
}


def test_taps1_as_the_api_sees_it() -> None:
    answers = {**NEVER, "alcohol": "Weekly", "tobacco": "daily or almost  daily"}
    data = score_taps1(answers).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "taps1"
    assert data["name"] == "TAPS-1"
    assert data["score"] == 2
    assert (data["minimum"], data["maximum"]) == (0, 4)
    assert data["band"] == "positive"
    assert "tobacco, alcohol" in data["band_label"]
    assert "TAPS-2" in data["band_label"]
    assert data["subscores"] == {
        "tobacco": 1,
        "alcohol": 1,
        "illicit_drugs": 0,
        "prescription_drugs_non_medical": 0,
    }
    assert "§3.11" in data["source"]
    negative = score_taps1(NEVER).to_dict()
    assert negative["band"] == "negative"
    assert "Positive" not in negative["band_label"]


def test_taps1_refusals() -> None:
    check_refusal(refusal(score_taps1, ["never"] * 4), "instrument.item_type", None, "TAPS-1")
    missing = dict(NEVER)
    del missing["alcohol"]
    check_refusal(
        refusal(score_taps1, missing),
        "instrument.item_count",
        "alcohol",
        "tobacco, alcohol, illicit_drugs, prescription_drugs_non_medical",
    )
    extra = {**NEVER, "cannabis": "never"}
    check_refusal(refusal(score_taps1, extra), "instrument.item_count", "cannabis")
    check_refusal(
        refusal(score_taps1, {**NEVER, "illicit_drugs": "sometimes"}),
        "instrument.invalid_option",
        "illicit_drugs",
        "never, less than monthly",
    )


def test_taps2_as_the_api_sees_it() -> None:
    data = taps2_risk(" alcohol ", 2).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "taps2"
    assert data["name"] == "TAPS-2 (alcohol)"
    assert data["score"] == 2
    assert data["minimum"] == 0 and data["maximum"] is None
    assert data["band"] == "higher_risk"
    assert data["band_label"] == "Higher risk (2+)"
    assert "§3.11" in data["source"]
    assert taps2_risk("tobacco", 0).band_label == "No use in the past 3 months (0)"
    assert taps2_risk("tobacco", 1).band_label == "Problem use (1)"


def test_taps2_refusals() -> None:
    check_refusal(refusal(taps2_risk, " ", 1), "instrument.invalid_option", "substance")
    check_refusal(refusal(taps2_risk, "alcohol", "1"), "instrument.item_type", "score")
    check_refusal(refusal(taps2_risk, "alcohol", -1), "instrument.item_range", "score")


# --- Licensed instruments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("bpi-severity", 0, 10),
        ("bpi-interference", 0, 10),
        ("pcs", 0, 52),
        ("ort", 0, 26),
        ("ort-oud", 0, 9),
        ("comm", 0, 68),
        ("promis", 0, 100),
        ("dn4", 0, 10),
    ],
)
def test_licensed_totals_as_the_api_sees_them(key: str, low: int, high: int) -> None:
    data = record_licensed_total(key, high).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == key
    assert data["name"]
    assert data["score"] == high
    assert (data["minimum"], data["maximum"]) == (low, high)
    assert data["entered_total"] is True
    assert data["source"].startswith("clinical.md §3.")
    assert "licence" in data["notes"][0]
    assert record_licensed_total(key, low).score == low
    check_refusal(refusal(record_licensed_total, key, high + 1), "instrument.total_range", "total")
    check_refusal(refusal(record_licensed_total, key, low - 1), "instrument.total_range", "total")


def test_licensed_total_refusals() -> None:
    check_refusal(
        refusal(record_licensed_total, "sf-36", 10),
        "instrument.unknown_instrument",
        "instrument",
        "bpi-severity, bpi-interference",
    )
    check_refusal(refusal(record_licensed_total, "ort", "ten"), "instrument.item_type", "total")
    check_refusal(
        refusal(record_licensed_total, "pcs", Decimal("12.5")),
        "instrument.item_type",
        "total",
        "Pain Catastrophizing Scale",
    )
    assert record_licensed_total("bpi-severity", Decimal("4.25")).score == Decimal("4.25")


def test_ort_total_bands_carry_their_labels() -> None:
    low = record_licensed_total("ort", 3).to_dict()
    assert (low["band"], low["band_label"]) == ("low", "Low risk (0–3)")
    moderate = record_licensed_total("ort", 4).to_dict()
    assert (moderate["band"], moderate["band_label"]) == ("moderate", "Moderate risk (4–7)")
    high = record_licensed_total("ort", 8).to_dict()
    assert (high["band"], high["band_label"]) == ("high", "High risk (8 or more)")
    assert record_licensed_total("pcs", 30).to_dict()["band_label"] is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: score_pcs([0] * 13),
        lambda: score_bpi([0] * 4, [0] * 7),
        lambda: score_ort(dict.fromkeys(ORT_MANUAL, False), sex="male"),
    ],
)
def test_licensed_items_refusal_names_the_flag(call: Any) -> None:
    check_refusal(refusal(call), "instrument.licence_required", "licensed", "licensed=True")


# ORT, Webster 2005 (clinical.md §3.4): item -> (female points, male points)
ORT_MANUAL = {
    "family_alcohol": (1, 3),
    "family_illegal_drugs": (2, 3),
    "family_prescription_drugs": (4, 4),
    "personal_alcohol": (3, 3),
    "personal_illegal_drugs": (4, 4),
    "personal_prescription_drugs": (5, 5),
    "age_16_to_45": (1, 1),
    "preadolescent_sexual_abuse": (3, 0),
    "psychological_add_ocd_bipolar_schizophrenia": (2, 2),
    "psychological_depression": (1, 1),
}


@pytest.mark.parametrize("item", sorted(ORT_MANUAL))
def test_ort_each_item_weighs_what_the_manual_says(item: str) -> None:
    female, male = ORT_MANUAL[item]
    answers = {name: name == item for name in ORT_MANUAL}
    as_female = score_ort(answers, sex="female", licensed=True)
    as_male = score_ort(answers, sex="male", licensed=True)
    assert as_female.score == female
    assert as_male.score == male
    assert as_female.subscores == {"female_weighting": female, "male_weighting": male}
    other = score_ort(answers, sex="other", licensed=True)
    assert other.score == max(female, male)
    assert len(other.notes) == 1 and str(female) in other.notes[0]


def test_ort_all_yes_is_the_published_maximum() -> None:
    answers = dict.fromkeys(ORT_MANUAL, True)
    female = score_ort(answers, sex="female", licensed=True).to_dict()
    assert set(female) == SCORE_KEYS
    assert female["instrument"] == "ort"
    assert "Opioid Risk Tool" in female["name"]
    assert female["score"] == 26
    assert (female["minimum"], female["maximum"]) == (0, 26)
    assert (female["band"], female["band_label"]) == ("high", "High risk (8 or more)")
    assert female["subscores"] == {"female_weighting": 26, "male_weighting": 26}
    assert female["notes"] == []
    assert "§3.4" in female["source"]
    assert score_ort(answers, sex=None, licensed=True).score == 26


def test_ort_answers_are_true_or_false_only() -> None:
    answers: dict[str, Any] = dict.fromkeys(ORT_MANUAL, False)
    answers["personal_alcohol"] = "no"
    check_refusal(
        refusal(score_ort, answers, sex="female", licensed=True),
        "instrument.item_type",
        "personal_alcohol",
        "ORT personal_alcohol",
    )
    answers["personal_alcohol"] = 1
    assert refusal(score_ort, answers, sex="female", licensed=True).code == "instrument.item_type"
    check_refusal(
        refusal(score_ort, [False] * 10, sex="female", licensed=True),
        "instrument.item_type",
        None,
        "ORT",
    )
    short = dict.fromkeys(list(ORT_MANUAL)[:9], False)
    check_refusal(
        refusal(score_ort, short, sex="female", licensed=True),
        "instrument.item_count",
        "answers",
        "family_alcohol, family_illegal_drugs",
    )
    check_refusal(
        refusal(score_ort, dict.fromkeys(ORT_MANUAL, False), sex="x", licensed=True),
        "instrument.invalid_option",
        "sex",
        "female, male",
    )


def test_ort_band_boundaries_from_items() -> None:
    def ort(sex: str, *yes: str) -> Any:
        return score_ort({k: k in yes for k in ORT_MANUAL}, sex=sex, licensed=True)  # type: ignore[arg-type]

    assert ort("female", "personal_alcohol").band == "low"  # 3
    assert ort("female", "personal_illegal_drugs").band == "moderate"  # 4
    assert ort("male", "family_alcohol", "age_16_to_45").band == "moderate"  # 3 + 1
    assert ort("female", "family_alcohol", "age_16_to_45").band == "low"  # 1 + 1


# PCS, Sullivan 1995 (clinical.md §3.6): helplessness 1-5 and 12, magnification 6, 7, 13,
# rumination 8-11 (1-based).
PCS_MANUAL = {
    "helplessness": (1, 2, 3, 4, 5, 12),
    "magnification": (6, 7, 13),
    "rumination": (8, 9, 10, 11),
}


@pytest.mark.parametrize("item", range(1, 14))
def test_pcs_each_item_lands_in_its_published_subscale(item: int) -> None:
    items = [0] * 13
    items[item - 1] = 4
    result = score_pcs(items, licensed=True)
    expected = {name: 4 if item in numbers else 0 for name, numbers in PCS_MANUAL.items()}
    assert result.subscores == expected
    assert result.score == 4


def test_pcs_as_the_api_sees_it() -> None:
    data = score_pcs([4] * 13, licensed=True).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "pcs"
    assert data["name"] == "Pain Catastrophizing Scale"
    assert data["score"] == 52
    assert (data["minimum"], data["maximum"]) == (0, 52)
    assert data["subscores"] == {"helplessness": 24, "magnification": 12, "rumination": 16}
    assert data["band"] is None
    assert len(data["notes"]) == 1 and "30" in data["notes"][0]
    assert "§3.6" in data["source"]
    error = refusal(score_pcs, [0] * 12 + [5], licensed=True)
    check_refusal(error, "instrument.item_range", "items[12]", "PCS", "0 to 4")


def test_bpi_as_the_api_sees_it() -> None:
    data = score_bpi([5, 2, 4, 3], [6, None, 7, 5, None, None, 6], licensed=True).to_dict()
    assert set(data) == SCORE_KEYS
    assert data["instrument"] == "bpi"
    assert data["name"] == "Brief Pain Inventory (short form)"
    assert data["score"] is None
    assert (data["minimum"], data["maximum"]) == (0, 10)
    assert data["subscores"] == {
        "severity": 3.5,
        "interference": 6,
        "interference_items_answered": 4,
    }
    assert "§3.3" in data["source"]


def test_bpi_items_are_0_to_10() -> None:
    assert score_bpi([10] * 4, [10] * 7, licensed=True).subscores["severity"] == 10
    assert score_bpi([0] * 4, [0] * 7, licensed=True).subscores["interference"] == 0
    check_refusal(
        refusal(score_bpi, [0, 0, 11, 0], [0] * 7, licensed=True),
        "instrument.item_range",
        "items[2]",
        "BPI severity",
    )
    check_refusal(
        refusal(score_bpi, [0] * 4, [0, 0, 0, 11, 0, 0, 0], licensed=True),
        "instrument.item_range",
        "items[3]",
        "BPI interference",
    )
    check_refusal(
        refusal(score_bpi, [0] * 4, [0, 0, 0, -1, 0, 0, 0], licensed=True),
        "instrument.item_range",
        "items[3]",
    )


def test_bpi_interference_refusals() -> None:
    check_refusal(
        refusal(score_bpi, [0] * 4, "0000000", licensed=True), "instrument.item_type", None
    )
    check_refusal(
        refusal(score_bpi, [0] * 4, 7, licensed=True), "instrument.item_type", None, "BPI"
    )
    check_refusal(
        refusal(score_bpi, [0] * 4, [0] * 6, licensed=True),
        "instrument.item_count",
        "interference",
        "7",
    )
    check_refusal(
        refusal(score_bpi, [0] * 4, [0, 0, 0, None, None, None, None], licensed=True),
        "instrument.item_count",
        "interference",
        "4 of 7",
    )


# --- One door ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answers", "score"),
    [
        ("peg", [4, 4, 4], 4),
        ("phq9", [1] * 9, 9),
        ("phq2", [1, 2], 3),
        ("gad7", [1] * 7, 7),
        ("start_back", [1] * 8 + ["not at all"], 8),
        ("taps1", NEVER, 0),
    ],
)
def test_score_instrument_reaches_each_free_instrument(key: str, answers: Any, score: int) -> None:
    result = score_instrument(key, answers)
    assert result.instrument == key
    assert result.score == score


@pytest.mark.parametrize("key", ["bpi", "ort", "pcs", "comm", "bpi-severity", "dn4"])
def test_score_instrument_refuses_licensed(key: str) -> None:
    check_refusal(
        refusal(score_instrument, key, [0]), "instrument.licence_required", "instrument", key
    )


def test_score_instrument_unknown() -> None:
    check_refusal(
        refusal(score_instrument, "sf36", [0]),
        "instrument.unknown_instrument",
        "instrument",
        "peg, phq9, phq2, gad7, start_back, taps1",
    )


@pytest.mark.parametrize(
    ("call", "starts"),
    [
        (lambda: score_peg([5, 5, 11]), "PEG item 3 "),
        (lambda: score_phq9([0] * 8 + [4]), "PHQ-9 item 9 "),
        (lambda: score_phq2([0, 4]), "PHQ-2 item 2 "),
        (lambda: score_gad7([0] * 6 + [4]), "GAD-7 item 7 "),
        (lambda: score_pcs([0] * 12 + [5], licensed=True), "PCS item 13 "),
        (lambda: score_bpi([0, 0, 0, 11], [0] * 7, licensed=True), "BPI severity item 4 "),
        (
            lambda: score_bpi([0] * 4, [0, 0, 11, None, 0, 0, 0], licensed=True),
            "BPI interference item 3 ",
        ),
    ],
)
def test_item_messages_start_with_the_instrument(call: Any, starts: str) -> None:
    assert refusal(call).message.startswith(starts)
