"""Small gaps left by the eighth hunt (clinfix9, 2026-12-06).

1. A daily maximum in mg ("q4h prn, max 30 mg/day", "max 30 mg/j", "maximum 60 mg par jour")
   is read when the row's dose in mg makes it a whole number of doses (max mg / mg a dose),
   counted as the seventh hunt counts a maximum in tablets (the lower of the two limits, the
   taper at the same doses); else refused with its own reason, never converted by guess.

Factors re-typed from clinical.md §1.2 (CDC 2022).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from clinical import calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
START = dt.date(2027, 1, 31)
#: clinical.md §1.2, CDC 2022 clinical table [V] (re-typed).
OXYCODONE = D("1.5")
MORPHINE = D(1)
HYDROMORPHONE = D(5)


def _one(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.excluded, result.excluded
    (counted,) = result.rows
    return result, counted


def _refused(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.rows
    (excluded,) = result.excluded
    return excluded


# --- 1. A daily maximum in mg --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "dose", "frequency", "factor", "doses_a_day"),
    [
        ("oxycodone", "5", "q4h prn, max 30 mg/day", OXYCODONE, 6),
        ("oxycodone", "5", "q4h prn max 30 mg/j", OXYCODONE, 6),
        ("oxycodone", "5", "q3h prn (max 20 mg/day)", OXYCODONE, 4),
        ("morphine", "10", "aux 4 h au besoin, maximum 60 mg par jour", MORPHINE, 6),
        ("morphine", "10", "q4h prn, max. 40 mg/24 h", MORPHINE, 4),
        ("morphine", "10", "prn, max 40 mg daily", MORPHINE, 4),
        ("hydromorphone", "2", "q4h prn, jusqu'à 8 mg par jour", HYDROMORPHONE, 4),
        ("hydromorphone", "0.5", "q2h prn, max 2,5 mg/j", HYDROMORPHONE, 5),
        ("hydromorphone", "2.5", "q4h prn, max 7.5 mg/day", HYDROMORPHONE, 3),
        # one tablet a dose of a dose in mg: the tablet is the dose
        ("oxycodone", "5", "1 co q4h prn, max 30 mg/j", OXYCODONE, 6),
    ],
)
def test_regression_a_maximum_in_mg_counts_that_many_doses(
    drug: str, dose: str, frequency: str, factor: Decimal, doses_a_day: int
) -> None:
    """Before: refused with the generic "frequency ... is not recognised"."""
    result, counted = _one({"drug": drug, "dose": dose, "unit": "mg", "frequency": frequency})
    assert counted.times_per_day == doses_a_day
    assert counted.mme_per_day == D(dose) * doses_a_day * factor
    assert result.total_mme_per_day == D(dose) * doses_a_day * factor
    assert counted.as_needed is True


def test_a_maximum_in_mg_above_the_interval_counts_the_interval_and_warns() -> None:
    """Both limits bind, as with a maximum in doses or tablets (fourth hunt)."""
    result, counted = _one(
        {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "q6h prn, max 30 mg/day"}
    )
    assert counted.times_per_day == 4
    assert counted.mme_per_day == 4 * 5 * OXYCODONE
    assert "prn_limits_disagree" in {c for c, _ in result.warnings}


def test_a_maximum_in_mg_of_a_liquid_uses_its_concentration() -> None:
    _, counted = _one(
        {
            "drug": "morphine",
            "dose": "5",
            "unit": "mL",
            "concentration": "1",
            "frequency": "q4h prn, max 20 mg/day",
        }
    )
    assert counted.times_per_day == 4
    assert counted.mme_per_day == 20 * MORPHINE


@pytest.mark.parametrize(
    ("row", "words"),
    [
        # not a whole number of doses: 25 / 10
        (
            {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q4h prn, max 25 mg/day"},
            "whole number of doses",
        ),
        # less than one dose
        (
            {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "q4h prn max 5 mg/j"},
            "less than one dose",
        ),
        # a combination tablet: mg of the opioid or of the acetaminophen?
        (
            {
                "drug": "Tylenol No. 3",
                "dose": "1",
                "unit": "co",
                "frequency": "q4h prn max 240 mg/j",
            },
            "in mg",
        ),
        # a dose in mcg
        (
            {
                "drug": "hydromorphone",
                "dose": "500",
                "unit": "mcg",
                "frequency": "q4h prn max 2 mg/j",
            },
            "in mg",
        ),
        # a liquid without its concentration
        (
            {"drug": "morphine", "dose": "5", "unit": "mL", "frequency": "q4h prn max 20 mg/j"},
            "concentration",
        ),
    ],
)
def test_a_maximum_in_mg_that_is_no_whole_meaning_is_refused_in_words(
    row: dict[str, Any], words: str
) -> None:
    excluded = _refused(row)
    assert "not recognised" not in excluded.reason
    assert words in excluded.reason, excluded.reason


def test_regression_an_ambiguous_thousand_in_a_maximum_is_never_read() -> None:
    """ "1,000" may be 1 or 1000 (the project's rule): never a count."""
    excluded = _refused(
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q4h prn max 1,000 mg/j"}
    )
    assert excluded.reason_code in {"frequency_unknown", "invalid_number"}


def test_a_taper_of_a_maximum_in_mg_starts_at_that_maximum() -> None:
    """The plan counts the same doses as the MME (the as-needed row at its daily maximum)."""
    row = {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "q4h prn, max 20 mg/day"}
    plan = plan_regimen_taper([row], start_date=START)
    assert plan.start_mme_per_day == 20 * OXYCODONE


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q4h prn, max 25 mg/day"},
        {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "q4h prn max 5 mg/j"},
        {"drug": "Tylenol No. 3", "dose": "1", "unit": "co", "frequency": "max 240 mg/j"},
        {"drug": "morphine", "dose": "1", "unit": "mg", "frequency": "max 500 mg/j"},
    ],
)
def test_the_mg_maximum_refusals_are_said_through_their_patterns(row: dict[str, Any]) -> None:
    """Each new refusal is read by a pattern of core.clinical_text (the French page's words),
    not passed through as the package's raw English."""
    from django.utils import translation

    from echohub.core import clinical_text

    excluded = _refused(row)
    with translation.override("fr"):
        said = clinical_text.message(excluded.reason_code, excluded.reason)
    assert said != excluded.reason
    assert row["frequency"] in said


# --- 2. Plain acetaminophen rows in the acetaminophen total -------------------------------------

APAP = "acetaminophen_maximum"


def _apap(rows: list[dict[str, Any]]) -> list[str]:
    return [m for c, m in calculate_mme(rows).warnings if c == APAP]


#: Tylenol No. 3, 2 tablets qid: 8 x 300 = 2,400 mg of acetaminophen (monograph), under 4 g.
T3 = {"drug": "Tylenol No. 3", "dose": "2", "unit": "co", "frequency": "qid"}


@pytest.mark.parametrize(
    ("plain", "grams"),
    [
        ({"drug": "acetaminophen", "dose": "500", "unit": "mg", "frequency": "qid"}, "4.4"),
        ({"drug": "paracétamol", "dose": "1", "unit": "g", "frequency": "q6h"}, "6.4"),
        ({"drug": "Tylenol Extra Strength", "dose": "2", "unit": "co", "frequency": "qid"}, "6.4"),
        ({"drug": "acetaminophen 500 mg", "dose": "2", "unit": "tabs", "frequency": "qid"}, "6.4"),
        ({"drug": "Tylenol", "dose": "650", "unit": "mg", "frequency": "tid"}, "4.35"),
    ],
)
def test_regression_plain_acetaminophen_is_added_to_the_combination_total(
    plain: dict[str, Any], grams: str
) -> None:
    """Before: only combination rows were added, so 2.4 g of Tylenol No. 3 and 2 g or more of
    plain acetaminophen said nothing though the day holds more than 4 g."""
    assert not _apap([T3])
    (warning,) = _apap([T3, plain])
    assert f"give {grams} g/day" in warning
    assert "rows 1, 2" in warning


def test_plain_acetaminophen_does_not_change_the_mme_or_the_rows() -> None:
    plain = {"drug": "acetaminophen", "dose": "1000", "unit": "mg", "frequency": "qid"}
    with_plain = calculate_mme([T3, plain])
    alone = calculate_mme([T3])
    assert with_plain.total_mme_per_day == alone.total_mme_per_day
    assert len(with_plain.rows) == 1
    assert [e.reason_code for e in with_plain.excluded] == ["unknown_drug"]


@pytest.mark.parametrize(
    "plain",
    [
        # strength not known: no amount is guessed
        {"drug": "Tylenol", "dose": "2", "unit": "co", "frequency": "qid"},
        # "2 co" of a dose in mg: 500 mg may be a tablet or the dose
        {"drug": "acetaminophen", "dose": "500", "unit": "mg", "frequency": "2 co qid"},
        # frequency not read
        {"drug": "acetaminophen", "dose": "1000", "unit": "mg", "frequency": "as directed"},
    ],
)
def test_a_plain_row_whose_amount_is_not_known_adds_nothing(plain: dict[str, Any]) -> None:
    assert not _apap([T3, plain])


def test_the_plain_acetaminophen_warning_is_said_through_its_pattern() -> None:
    from django.utils import translation

    from echohub.core import clinical_text

    plain = {"drug": "acetaminophen", "dose": "1000", "unit": "mg", "frequency": "qid"}
    (english,) = _apap([T3, plain])
    with translation.override("fr"):
        said = clinical_text.message(APAP, english)
    assert said != english


def test_plain_acetaminophen_alone_above_four_grams_is_warned_about() -> None:
    from django.utils import translation

    from echohub.core import clinical_text

    plain = {"drug": "acetaminophen", "dose": "1000", "unit": "mg", "frequency": "q4h"}
    (english,) = _apap([plain])
    assert "acetaminophen alone (row 1) give 6 g/day" in english
    with translation.override("fr"):
        assert clinical_text.message(APAP, english) != english


# --- 3. A taper percent written with its sign -------------------------------------------------


@pytest.mark.parametrize("written", ["10 %", "10%", " 10 % ", "10\u00a0%", "10\u202f%", "7,5 %"])
def test_regression_a_taper_percent_may_end_with_its_sign(written: str) -> None:
    """Before: "10 %" was refused as "percent must be a number"."""
    from clinical.taper import resolve_rule

    _, percent, _, _ = resolve_rule("cdc2022-long-term", written, None, None)
    assert percent == D(written.replace("%", "").strip(" \u00a0\u202f").replace(",", "."))


def test_a_percent_with_its_sign_plans_as_the_number_does() -> None:
    row = {"drug": "morphine", "dose": "30", "unit": "mg", "frequency": "bid"}
    signed = plan_regimen_taper([row], start_date=START, percent="10 %")
    plain = plan_regimen_taper([row], start_date=START, percent="10")
    assert signed.to_dict() == plain.to_dict()


@pytest.mark.parametrize("written", ["%", "10 %%", "% 10", "10 % 5", "-10 %", "150 %"])
def test_a_percent_sign_alone_or_misplaced_is_still_refused(written: str) -> None:
    from clinical import ClinicalInputError
    from clinical.taper import resolve_rule

    with pytest.raises(ClinicalInputError):
        resolve_rule("cdc2022-long-term", written, None, None)


def test_a_dose_with_a_percent_sign_is_still_refused() -> None:
    """Only percent fields take the sign."""
    from clinical import ClinicalInputError

    with pytest.raises(ClinicalInputError):
        calculate_mme([{"drug": "morphine", "dose": "10 %", "unit": "mg", "times_per_day": 2}])


# --- 4. Targin with its strength in the name ------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "dose", "frequency", "oxycodone_mg_a_day"),
    [
        ("Targin 10/5", "1", "bid", 20),
        ("Targin 5/2.5", "1", "bid", 10),
        ("Targin 5/2,5", "1", "q12h", 10),
        ("Targin 20 mg/10 mg", "1", "bid", 40),
        ("TARGIN 40/20", "2", "bid", 160),
        ("Targin 10/5 mg", "1", "die", 10),
    ],
)
def test_regression_targin_with_its_strength_counts_its_oxycodone(
    drug: str, dose: str, frequency: str, oxycodone_mg_a_day: int
) -> None:
    """Before: refused as "names oxycodone but also '10 5'". The four marketed tablets (product
    monograph: oxycodone/naloxone 5/2.5, 10/5, 20/10, 40/20 mg) are read oxycodone first;
    naloxone, not absorbed by mouth, is not counted."""
    _, counted = _one({"drug": drug, "dose": dose, "unit": "co", "frequency": frequency})
    assert counted.drug == "oxycodone"
    assert counted.daily_dose == oxycodone_mg_a_day
    assert counted.mme_per_day == oxycodone_mg_a_day * OXYCODONE
    assert counted.acetaminophen_mg_per_day is None


@pytest.mark.parametrize("drug", ["Targin 5/10", "Targin 15/7.5", "Targin 10/10", "Targin 10"])
def test_a_targin_strength_that_is_not_marketed_is_refused_in_words(drug: str) -> None:
    excluded = _refused({"drug": drug, "dose": "1", "unit": "co", "frequency": "bid"})
    assert excluded.reason


def test_a_targin_tablet_plan_is_never_faster_than_its_rule() -> None:
    row = {"drug": "Targin 10/5", "dose": "2", "unit": "co", "frequency": "bid"}
    plan = plan_regimen_taper([row], start_date=START)
    assert plan.start_mme_per_day == 40 * OXYCODONE
    first = plan.steps[1] if len(plan.steps) > 1 else None
    if first is not None:
        assert first.mme_per_day >= plan.start_mme_per_day * D("0.9")
