"""Regimens nobody wrote down (seventh hunt).

A daily maximum in tablets that is not a whole number of doses ("3 co q4h prn, max 10 co/j"),
or that is less than one dose; a patch rate written out ("microgrammes/h", "mcg par heure");
a drug with no release word taken every 4 to 6 hours or as needed, planned in the strengths of
its immediate-release tablets. Then an independent checker over thousands of random regimens:
every step at most one interval's allowance below the one before, never below the rule's
schedule, on the rule's dates, no drug going up, doses made of the strengths on hand, and the
start equal to the MME calculator's reading. Factors re-typed from clinical.md §1.2 (CDC 2022),
rates from §2.1; nothing is imported from the package but the functions under test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
START = dt.date(2027, 1, 31)
EPS = D("0.000001")

#: clinical.md §1.2, CDC 2022 clinical table [V] (re-typed).
CODEINE = D("0.15")
OXYCODONE = D("1.5")
FENTANYL_PER_MCG_H = D("2.4")
#: Tylenol No. 3 / No. 4: codeine 30 / 60 mg a tablet; Percocet: oxycodone 5 mg (monographs).
NO_3, NO_4, PERCOCET = D(30), D(60), D(5)

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _one(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.excluded, result.excluded
    (counted,) = result.rows
    return result, counted


# --- A daily maximum in tablets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "per_tablet", "factor", "dose", "frequency", "tablets_a_day"),
    [
        ("Tylenol No. 4", NO_4, CODEINE, "3", "q4h prn max 10 co/j", 10),
        ("Tylenol No. 4", NO_4, CODEINE, "3", "q2h prn, max 10 comprimés par jour", 10),
        ("Tylenol No. 3", NO_3, CODEINE, "3", "max 20 co/j", 20),
        ("Tylenol No. 3", NO_3, CODEINE, "¾", "q4h prn max 2 co/j", 2),
        ("Percocet", PERCOCET, OXYCODONE, "3", "q3h prn max 12 tabs/day", 12),
        ("Percocet", PERCOCET, OXYCODONE, "1½", "q4h prn max 4 co/j", 4),
    ],
)
def test_regression_a_tablet_maximum_counts_exactly_those_tablets(
    drug: str,
    per_tablet: Decimal,
    factor: Decimal,
    dose: str,
    frequency: str,
    tablets_a_day: int,
) -> None:
    """Before: the doses a day were the maximum divided by the tablets a dose (10 / 3 =
    3.33...3 in 28 digits), then multiplied back, so "3 co q4h prn, max 10 co/j" of Tylenol
    No. 4 read 89.99999999999999999999999998 MME/day and the ≥90 guideposts (CDC 2016, Canada
    2017) were missing, though 10 tablets of 60 mg x 0.15 is exactly 90."""
    result, counted = _one({"drug": drug, "dose": dose, "unit": "co", "frequency": frequency})
    expected = tablets_a_day * per_tablet * factor
    assert counted.mme_per_day == expected
    assert result.total_mme_per_day == expected
    assert counted.as_needed is True
    if expected >= 90:
        assert 90 in {g.threshold for g in result.guideposts}


def test_regression_the_tablet_maximum_at_ninety_gets_the_ninety_guideposts() -> None:
    result, _ = _one(
        {"drug": "Tylenol No. 4", "dose": "3", "unit": "co", "frequency": "q4h prn max 10 co/j"}
    )
    assert result.total_mme_per_day == 90
    codes = {g.code for g in result.guideposts}
    assert {g.code for g in result.guideposts if g.threshold == 90}, codes


@pytest.mark.parametrize(
    ("dose", "frequency"),
    [
        ("10", "max 4 co/j"),
        ("2", "q4h prn max 1 co/j"),
        ("3", "q4h prn, max 2 tabs/day"),
        ("1½", "q6h prn max 1 co par jour"),
    ],
)
def test_regression_a_tablet_maximum_below_one_dose_is_refused(dose: str, frequency: str) -> None:
    """Before: "10 co, max 4 co/j" was read as 0.4 doses a day (a dose cut to fit the
    maximum, 4 tablets counted); the two disagree, so it is refused with the reason."""
    result = calculate_mme(
        [{"drug": "Tylenol No. 3", "dose": dose, "unit": "co", "frequency": frequency}]
    )
    assert not result.rows
    (excluded,) = result.excluded
    assert excluded.reason_code == "frequency_unknown"
    assert "less than one dose" in excluded.reason
    assert frequency in excluded.reason


def test_a_tablet_maximum_of_exactly_one_dose_is_one_dose_a_day() -> None:
    _, counted = _one(
        {"drug": "Tylenol No. 3", "dose": "2", "unit": "co", "frequency": "q4h prn max 2 co/j"}
    )
    assert counted.times_per_day == 1
    assert counted.mme_per_day == 2 * NO_3 * CODEINE


def test_regression_a_plan_refuses_a_fraction_of_doses_in_plain_figures() -> None:
    """The plan needs whole doses a day; the refusal said "not 3.333333333333333333333333333"."""
    with pytest.raises(ClinicalInputError) as caught:
        plan_regimen_taper(
            [{"drug": "Tylenol No. 4", "dose": "3", "unit": "co", "frequency": "max 10 co/j"}],
            start_date=START,
        )
    assert caught.value.code == "taper.fractional_times"
    assert caught.value.message.endswith("not 3.33")


# --- A patch rate written out --------------------------------------------------------------------

RATE_UNITS = [
    "microgrammes/h",
    "microgramme/h",
    "micrograms/h",
    "microgram/h",
    "mcg/hours",
    "mcg/heures",
    "mcg par heure",
    "microgrammes par heure",
    "micrograms per hour",
    "ug/hour",
    "μg/hour",
    "µg/hre",
    "mcg/hres",
    "MICROGRAMMES/H",
]


@pytest.mark.parametrize("unit", RATE_UNITS)
def test_regression_a_patch_rate_written_out_is_read_as_mcg_per_hour(unit: str) -> None:
    """Before: refused, and without a formulation word said "no factor for fentanyl (oral);
    state the formulation", though "mcg/heure" and "micrograms/hour" were read."""
    for row in (
        {"drug": "fentanyl", "dose": "25", "unit": unit},
        {"drug": "fentanyl", "dose": "25", "unit": unit, "formulation": "timbre"},
        {"drug": "Duragesic", "dose": "25", "unit": unit},
    ):
        _, counted = _one(row)
        assert counted.mme_per_day == 25 * FENTANYL_PER_MCG_H


@pytest.mark.parametrize("unit", ["mcg/72h", "mcg/hr/patch", "mcg h-1", "mg/h", "mcg/day"])
def test_a_rate_over_another_time_or_in_mg_is_still_refused(unit: str) -> None:
    result = calculate_mme(
        [{"drug": "fentanyl", "dose": "25", "unit": unit, "formulation": "patch"}]
    )
    assert not result.rows
    assert result.excluded[0].reason


# --- No release word, taken every 4 to 6 hours or as needed: immediate-release strengths --------

#: Immediate-release tablet strengths marketed in Canada (Health Canada DPD), re-typed.
IR = {
    "hydromorphone": (1, 2, 4, 8),
    "oxycodone": (5, 10, 20),
    "morphine": (5, 10, 25, 50),
    "codeine": (15, 30),
    "tramadol": (50,),
    "tapentadol": (50, 75, 100),
}


def _made_of(amount: Decimal, strengths: tuple[int | Decimal, ...]) -> bool:
    scaled = [int(D(s) * 1000) for s in strengths]
    target = amount * 1000
    if target != target.to_integral_value():
        return False
    whole = int(target)
    step = math.gcd(*scaled, whole)
    parts, whole = [s // step for s in scaled], whole // step
    reachable = [True] + [False] * whole
    for total in range(1, whole + 1):
        reachable[total] = any(p <= total and reachable[total - p] for p in parts)
    return reachable[whole]


@pytest.mark.parametrize(
    ("drug", "dose", "frequency"),
    [
        ("hydromorphone", "6", "q4h"),
        ("hydromorphone", "3", "q4h prn"),
        ("codeine", "60", "q4h"),
        ("tramadol", "100", "qid"),
        ("oxycodone", "15", "q6h"),
        ("morphine", "20", "q4h prn"),
        ("tapentadol", "100", "q6h"),
        ("hydromorphone", "4", "aux 4 heures au besoin"),
    ],
)
def test_regression_a_row_taken_every_few_hours_is_planned_in_immediate_release_strengths(
    drug: str, dose: str, frequency: str
) -> None:
    """Before: with no release word both lists were assumed, so "hydromorphone 6 mg q4h"
    stepped to 5.5 mg (a 4.5 mg extended-release tablet and a 1 mg tablet every 4 hours) and
    "tramadol 100 mg qid" to 75 mg (an extended-release strength) taken four times a day. No
    extended-release product is taken every 6 hours or more often, or as needed."""
    plan = plan_regimen_taper(
        [{"drug": drug, "dose": dose, "unit": "mg", "frequency": frequency}], start_date=START
    )
    assert plan.refused is None
    for step in plan.steps[1:]:
        for line in step.doses:
            if line.dose:
                assert _made_of(line.dose, IR[drug]), (step.step, line.dose)
    assumed = [n for n in plan.notes if "were assumed" in n]
    assert assumed and all(str(s) in assumed[0] for s in IR[drug]), assumed


def test_an_extended_release_word_keeps_the_extended_release_strengths() -> None:
    plan = plan_regimen_taper(
        [
            {
                "drug": "hydromorphone",
                "dose": "6",
                "unit": "mg",
                "formulation": "CR",
                "frequency": "q12h",
            }
        ],
        start_date=START,
    )
    assumed = next(n for n in plan.notes if "were assumed" in n)
    assert "4.5" in assumed and "18" in assumed


def test_twice_a_day_with_no_release_word_keeps_both_lists() -> None:
    plan = plan_regimen_taper(
        [{"drug": "hydromorphone", "dose": "6", "unit": "mg", "frequency": "bid"}],
        start_date=START,
    )
    assumed = next(n for n in plan.notes if "were assumed" in n)
    assert "4.5" in assumed and "8" in assumed


# --- An independent checker over random regimens --------------------------------------------------

#: clinical.md §2.1: rule -> (bases, intervals, highest percent a step).
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "cdc2022-long-term": (("original", "current"), ("month",), 10),
    "cdc2022-short-duration": (("original-then-remaining",), ("week",), 10),
    "cdc2016": (("original",), ("week", "month"), 10),
    "hhs2019": (("original", "current"), ("4-weeks",), 20),
    "nougg2010": (("original", "current"), ("day", "week", "2-weeks"), 10),
    "cdc2022-acute-brief": (("original",), ("2-days",), 50),
    "cdc2022-acute": (("original", "current"), ("2-days",), 20),
}
DAYS = {"day": 1, "2-days": 2, "week": 7, "2-weeks": 14, "4-weeks": 28}
FREQUENCIES = [
    "bid",
    "tid",
    "qid",
    "q12h",
    "q8h",
    "q6h",
    "q4h",
    "die",
    "DIE",
    "q.i.d.",
    "qhs",
    "au coucher",
    "deux fois par jour",
    "aux 12 heures",
    "q4h prn",
    "q4-6h prn",
    "1 co q4h prn max 4 co/j",
    "q6h prn max 4 doses/day",
]
DRUGS = [
    "morphine",
    "morphine sulfate",
    "oxycodone",
    "OXYCODONE HYDROCHLORIDE",
    "hydromorphone",
    "hydromorphone HCl",
    "tapentadol",
    "Nucynta",
    "Nucynta ER",
    "tramadol",
    "Tridural",
    "Zytram XL",
    "Durela",
    "codeine",
    "hydrocodone",
    "oxymorphone",
    "OxyNEO",
    "Hydromorph Contin",
    "Dilaudid",
    "Statex",
    "M-Eslon",
    "Kadian",
    "Jurnista",
]
MG = ["0.5", "1", "2", "2,5", "3", "4", "4.5", "5", "7.5", "10", "15", "20", "25", "30", "40"]
MG += ["50", "60", "75", "80", "100", "150", "200", "300"]
STRENGTHS = ["0.5", "1", "2", "2.5", "3", "4", "5", "7.5", "10", "12", "15", "20", "25", "30"]
STRENGTHS += ["40", "50", "60", "75", "80", "100", "150", "200", "300"]
PATCHES = ["12", "25", "37", "50", "75", "100"]


def _random_row(r: random.Random) -> dict[str, Any]:
    kind = r.randrange(10)
    frequency = r.choice(FREQUENCIES)
    if kind == 0:
        rate = r.choice(["12", "25", "37", "50", "62", "75", "87", "100", "150", "300"])
        row: dict[str, Any] = {
            "drug": r.choice(["fentanyl", "Duragesic"]),
            "dose": rate,
            "unit": r.choice(["mcg/h", "µg/h", "microgrammes/h", "mcg/heure"]),
        }
        if r.random() < 0.6:  # coarse patch lists too (only 12s, only 100s)
            row["strengths"] = r.sample(PATCHES, r.randint(1, 3))
        return row
    if kind == 1:
        return {
            "drug": r.choice(["Percocet", "Tylenol No. 3", "Tylenol #4", "Tramacet", "T3"]),
            "dose": r.choice(["1", "2", "½", "1½", "¾", "3"]),
            "unit": r.choice(["tab", "co", "comprimé", "tabs"]),
            "frequency": r.choice([*FREQUENCIES, "q4h prn max 10 co/j", "max 8 tabs/day"]),
        }
    if kind == 2:
        return {
            "drug": r.choice(["morphine", "hydromorphone", "codeine", "oxycodone"]),
            "dose": r.choice(["1", "2", "2.5", "5", "10", "0.5"]),
            "unit": "mL",
            "concentration": r.choice(["1 mg/mL", "5 mg/5 mL", "25 mg/5 mL", "2 mg/mL"]),
            "frequency": frequency,
        }
    if kind == 3:  # very high or very small, the strengths coarse
        row = {
            "drug": r.choice(["hydromorphone", "morphine", "oxycodone"]),
            "dose": r.choice(["24", "30", "50", "100", "200", "0.5", "1"]),
            "unit": "mg",
            "frequency": r.choice(["q4h", "q3h", "q6h", "die"]),
        }
        row["strengths"] = r.sample(["0.5", "1", "8", "24", "30", "100", "200"], r.randint(1, 2))
        return row
    row = {
        "drug": r.choice(DRUGS),
        "dose": r.choice(MG),
        "unit": r.choice(["mg", "mg.", "MG", "milligrammes"]),
        "frequency": frequency,
    }
    if r.random() < 0.5:
        row["strengths"] = r.sample(STRENGTHS, r.randint(1, 4))
    if r.random() < 0.2:
        row["formulation"] = r.choice(["ER", "IR", "CR", "LP", "SR", "LI"])
    return row


def _allowance(basis: str, start: Decimal, before: Decimal, rate: Decimal) -> Decimal:
    if basis == "original" or (basis == "original-then-remaining" and before > start * D("0.3")):
        return start * rate
    return before * rate


def _schedule(basis: str, start: Decimal, rate: Decimal, ticks: int) -> Decimal:
    fraction = D(1)
    for _ in range(ticks):
        if basis == "original":
            fraction -= rate
        elif basis == "current":
            fraction *= 1 - rate
        else:
            fraction = fraction - rate if fraction > D("0.3") else fraction * (1 - rate)
    return max(start * fraction, D(0))


def _ticks(interval: str, when: dt.date) -> int:
    """Intervals from START to ``when`` (which must fall on one)."""
    if interval == "month":
        months = (when.year - START.year) * 12 + when.month - START.month
        year, month = divmod(START.month - 1 + months, 12)
        year, month = START.year + year, month + 1
        day = min(START.day, calendar.monthrange(year, month)[1])
        assert when == dt.date(year, month, day), when  # calendar months, the day clamped
        return months
    days = (when - START).days
    assert days % DAYS[interval] == 0, (interval, when)
    return days // DAYS[interval]


def _check(rows: list[dict[str, Any]], r: random.Random) -> str:
    rule = r.choice(sorted(RULES))
    bases, intervals, most = RULES[rule]
    basis, interval = r.choice(bases), r.choice(intervals)
    percent = r.choice([None, None, r.randint(1, most), r.choice(["0.5", "2.5", str(most)])])
    duration = r.choice(["long-term", "short-term", None])
    try:
        plan = plan_regimen_taper(
            rows,
            start_date=START,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            duration=duration,
        )
    except ClinicalInputError as error:
        assert error.code and error.message
        return "input error"
    if plan.refused is not None:
        assert plan.refused.code and plan.refused.message
        return "refused"
    start = plan.start_mme_per_day
    assert start == calculate_mme(rows).total_mme_per_day  # start = the calculator's reading
    rate = plan.percent / 100
    assert plan.percent <= most
    before = start
    before_dose: dict[int, Decimal] = {}
    for line in plan.steps[0].doses:
        before_dose[line.row] = before_dose.get(line.row, D(0)) + line.dose * (
            line.times_per_day or 1
        )
    previous_date = START
    for step in plan.steps[1:]:
        cut = before - step.mme_per_day
        assert cut <= _allowance(basis, start, before, rate) + EPS, (step.step, before, cut)
        assert step.mme_per_day <= before + EPS  # never up
        ticks = _ticks(plan.interval.value, step.date)
        assert step.date > previous_date
        assert step.mme_per_day >= _schedule(basis, start, rate, ticks) - EPS  # not ahead
        now: dict[int, Decimal] = {}
        for line in step.doses:
            now[line.row] = now.get(line.row, D(0)) + line.dose * (line.times_per_day or 1)
            if line.tablets is not None:
                assert (line.tablets * 4) % 1 == 0 and line.tablets <= 8
            given = rows[line.row].get("strengths")
            if (
                not line.dose
                or not given
                or line.dose == D(str(rows[line.row]["dose"]).replace(",", "."))
            ):
                continue
            if line.patches:
                assert set(line.patches) <= {D(p) for p in given}
                assert sum(line.patches) == line.dose
            elif "concentration" not in rows[line.row]:
                assert _made_of(line.dose, tuple(D(s) for s in given)), (line, given)
        for row_index, amount in now.items():
            assert amount <= before_dose.get(row_index, amount) + EPS  # no drug goes up
        before, before_dose, previous_date = step.mme_per_day, now, step.date
    if plan.complete:
        assert plan.steps[-1].mme_per_day == 0
    else:
        codes = {w.code for w in plan.warnings}
        assert "step_too_large" in codes or basis == "current" or len(plan.steps) > 100
    return "planned"


def test_two_thousand_random_regimens_are_never_tapered_faster_than_their_rule() -> None:
    r = random.Random(20261206)
    seen = {"planned": 0, "refused": 0, "input error": 0}
    for _ in range(2000):
        seen[_check([_random_row(r) for _ in range(r.randint(1, 3))], r)] += 1
    assert seen["planned"] > 1000, seen


@given(st.randoms(use_true_random=False), st.integers(1, 3))
@SETTINGS
def test_random_regimens_never_tapered_faster_than_their_rule(r: random.Random, n: int) -> None:
    _check([_random_row(r) for _ in range(n)], r)


# --- Free text through the reader: a reading or a refusal in words, never an exception ----------

_WORDS = [
    "q", "4", "6", "h", "-", "prn", "max", "8", "/", "day", "j", "co", "tab", "1", "2", "½",
    "bid", "tid", "qid", "die", "hs", "am", "pm", "x", "fois", "par", "jour", "au", "besoin",
    "(", ")", ",", ".", "à", "to", "every", "hours", "heures", "aux", "12", "72", "mg", "mL",
    "mcg", "µg", "0", "nan", "inf", "٣", "３", "²", "semaine", "weekly", "+", "puis", "matin",
    "soir", "coucher", "max 4 co/j", "comprimés", "3/325", "—", "×",
]  # fmt: skip
_text: Callable[..., Any] = st.lists(st.sampled_from(_WORDS), max_size=10).map(" ".join)


@given(
    drug=st.sampled_from(["morphine", "Percocet", "Tylenol No. 3", "fentanyl", "Tramacet"]),
    dose=st.one_of(st.sampled_from(["1", "2", "3", "½", "2,5", "10"]), _text),
    unit=st.one_of(st.sampled_from(["mg", "co", "mL", "mcg/h", "microgrammes/h"]), _text),
    frequency=_text,
)
@SETTINGS
def test_free_text_is_read_or_refused_in_words(
    drug: str, dose: str, unit: str, frequency: str
) -> None:
    row = {"drug": drug, "dose": dose, "unit": unit, "frequency": frequency or None}
    try:
        result = calculate_mme([row])
    except ClinicalInputError as error:
        assert error.message
        return
    for excluded in result.excluded:
        assert excluded.reason
    for counted in result.rows:
        assert counted.mme_per_day > 0
        if counted.times_per_day is not None:
            assert counted.times_per_day >= 1  # never a dose cut to fit a maximum


# --- TAPS-2: a score no assessment can give ------------------------------------------------------


@pytest.mark.parametrize("score", [5, 12, 100, 10**6])
def test_regression_a_taps2_score_above_any_assessment_is_refused(score: int) -> None:
    """Before: taps2_risk("alcohol", 100) was recorded as "higher risk". TAPS-2 asks 3 or 4
    yes/no questions per class of substance (C4TBH review of the TAPS tool), so no score is
    above 4: refused with the range, never recorded."""
    from clinical import taps2_risk

    with pytest.raises(ClinicalInputError) as caught:
        taps2_risk("alcohol", score)
    assert caught.value.code == "instrument.item_range"
    assert caught.value.field == "score"
    assert "from 0 to 4" in caught.value.message


@pytest.mark.parametrize(("score", "band"), [(3, "higher_risk"), (4, "higher_risk")])
def test_the_highest_taps2_scores_are_still_read(score: int, band: str) -> None:
    from clinical import taps2_risk

    assert taps2_risk("tobacco", score).band == band


def test_regression_a_tablet_maximum_beyond_the_interval_is_said_in_plain_figures() -> None:
    """Before: "its maximum says 6.666666666666667" (20 tablets of 3 a dose, as a float)."""
    result = calculate_mme(
        [{"drug": "Tylenol No. 3", "dose": "3", "unit": "co", "frequency": "q4h prn max 20 co/j"}]
    )
    (counted,) = result.rows
    assert counted.mme_per_day == 6 * 3 * NO_3 * CODEINE  # the interval binds: 6 doses
    (message,) = [m for code, m in result.warnings if code == "prn_limits_disagree"]
    assert "allows 6 doses a day" in message
    assert "its maximum says 6.67:" in message


@pytest.mark.parametrize("unit", ["mg/h", "patch", "timbre", "mcg/72h"])
def test_regression_bare_fentanyl_in_an_unread_unit_is_refused_for_its_unit(unit: str) -> None:
    """Before: "no factor for fentanyl (oral) ... state the formulation", though the fault was
    the unit: now refused for its unit, asking for mcg/h."""
    result = calculate_mme([{"drug": "fentanyl", "dose": "25", "unit": unit}])
    assert not result.rows
    (excluded,) = result.excluded
    assert excluded.reason_code == "unit_unknown"
    assert "mcg/h" in excluded.reason
    assert "oral" not in excluded.reason


def test_bare_fentanyl_in_mcg_is_still_refused_without_a_form_guessed() -> None:
    result = calculate_mme([{"drug": "fentanyl", "dose": "100", "unit": "mcg", "frequency": "qid"}])
    assert not result.rows
    assert result.excluded[0].reason_code == "no_factor"
