"""No taper step is ever faster than its rule, whatever the strengths (decision of 2026-12-05).

Between two consecutive steps of a plan the reduction is at most the rule's allowance for one
interval (of the starting dose, or of the current dose under a rate of the current dose and
after the CDC 2022 short-duration switch at ~30 %). When the next whole-unit reduction would be
larger, the plan stops there, incomplete, and its last step's note names the strength that is
too large (CDC 2022 Rec 5: "clinicians should not rapidly reduce opioid dosages"; CDC 2022:
"10 % per month or slower", clinical.md §2.1). The allowance is re-typed here from §2.1, not
taken from the package.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, plan_taper
from clinical.regimen import plan_regimen_taper

D = Decimal
EPS = D("0.000001")
START = dt.date(2027, 1, 31)
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
STOPS = "the plan stops here rather than cut faster"

#: clinical.md §2.1: (rule, bases, intervals, highest percent per step).
RULES: list[tuple[str, tuple[str, ...], tuple[str, ...], int]] = [
    ("cdc2022-long-term", ("original", "current"), ("month",), 10),
    ("cdc2022-short-duration", ("original-then-remaining",), ("week",), 10),
    ("cdc2016", ("original",), ("week", "month"), 10),
    ("hhs2019", ("original", "current"), ("4-weeks",), 20),
    ("nougg2010", ("original", "current"), ("day", "week", "2-weeks"), 10),
    ("cdc2022-acute-brief", ("original",), ("2-days",), 50),
    ("cdc2022-acute", ("original", "current"), ("2-days",), 20),
]
#: Tablet strengths (mg) and patch rates (mcg/h; the "12" patch delivers 12.5).
STRENGTHS = [D("0.5"), 1, 2, D("2.5"), 4, 5, 10, 15, 20, 30, 40, 60, 80]
PATCHES = [D("12.5"), 25, D("37.5"), 50, 75, 100]


def allowance(basis: str, start: Decimal, before: Decimal, rate: Decimal) -> Decimal:
    """One interval's allowance from ``before`` (§2.1)."""
    if basis == "original" or (basis == "original-then-remaining" and before > start * D("0.3")):
        return start * rate
    return before * rate


@st.composite
def rule_choice(draw: st.DrawFn) -> tuple[str, str, str, int | None]:
    rule, bases, intervals, most = draw(st.sampled_from(RULES))
    percent = draw(st.one_of(st.none(), st.integers(1, most)))
    return rule, draw(st.sampled_from(bases)), draw(st.sampled_from(intervals)), percent


@SETTINGS
@given(
    rule_choice(),
    st.sampled_from(STRENGTHS + PATCHES),
    st.integers(1, 100),
    st.sampled_from([D("0.15"), 1, D("1.5"), D("2.4"), 5]),
    st.sampled_from([D(0), D("0.1"), D("0.25"), D("0.5"), D("0.9")]),
)
def test_plan_taper_never_cuts_faster_than_one_interval_allows(
    choice: tuple[str, str, str, int | None],
    strength: Decimal,
    units: int,
    factor: Decimal,
    target_share: Decimal,
) -> None:
    rule, basis, interval, percent = choice
    strength = D(strength)
    start_dose = strength * units
    start_mme = start_dose * D(factor)
    target = (start_mme * target_share).quantize(D("0.001"))
    try:
        plan = plan_taper(
            start_mme_per_day=start_mme,
            start_date=START,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            target_mme_per_day=target,
            start_daily_dose=start_dose,
            dose_unit="mg",
            dose_step=strength,
        )
    except ClinicalInputError as error:  # e.g. an absurdly small MME/day
        assert error.message
        assume(False)
        return
    rate = plan.percent / 100
    doses = [s.daily_dose for s in plan.steps]
    assert all(d is not None and d % strength == 0 for d in doses)
    for before, after in itertools.pairwise(plan.steps):
        assert before.daily_dose is not None and after.daily_dose is not None
        # never up
        assert after.daily_dose <= before.daily_dose
        # never more than one interval's allowance between two consecutive steps
        most = allowance(basis, start_dose, before.daily_dose, rate)
        assert before.daily_dose - after.daily_dose <= most + EPS, (before, after, most)
        most_mme = allowance(basis, start_mme, before.mme_per_day, rate)
        assert before.mme_per_day - after.mme_per_day <= most_mme + EPS
    # never below the target
    assert all(s.mme_per_day >= target - EPS for s in plan.steps)
    last = plan.steps[-1]
    assert last.daily_dose is not None
    target_dose = start_dose * target / start_mme
    if plan.complete:
        # the target is reached: the lowest whole-unit dose at or above it
        assert last.daily_dose - strength < target_dose <= last.daily_dose + EPS
        assert STOPS not in (last.note or "")
    elif STOPS in (last.note or ""):
        # stopped only when one unit less really is faster than the rule, naming the strength
        assert strength > allowance(basis, start_dose, last.daily_dose, rate)
        assert f"one {strength.normalize():f} mg unit" in (last.note or "")
        assert "smaller strength" in (last.note or "")
        assert last.daily_dose - strength >= target_dose - EPS  # a unit less is still allowed
    else:  # a plan that never reaches zero is cut after a readable number of steps
        assert len(plan.steps) - 1 in (12, 120)


@st.composite
def regimen_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            labels = draw(
                st.lists(st.sampled_from([12, 25, 37, 50, 75, 100]), min_size=1, unique=True)
            )
            rate = sum(draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3)))
            rows.append({"drug": "fentanyl", "dose": rate, "unit": "mcg/h", "strengths": labels})
        else:
            strengths = draw(st.lists(st.sampled_from(STRENGTHS), min_size=1, unique=True))
            dose = D(str(draw(st.sampled_from(strengths)))) * draw(st.integers(1, 3))
            rows.append(
                {
                    "drug": draw(st.sampled_from(["morphine", "oxycodone", "hydromorphone"])),
                    "dose": dose,
                    "unit": "mg",
                    "times_per_day": draw(st.integers(1, 4)),
                    "strengths": strengths,
                }
            )
    return rows


@SETTINGS
@given(regimen_rows(), rule_choice(), st.sampled_from(["long-term", "short-term"]))
def test_plan_regimen_taper_never_cuts_faster_than_one_interval_allows(
    meds: list[dict[str, Any]], choice: tuple[str, str, str, int | None], duration: str
) -> None:
    rule, basis, interval, percent = choice
    try:
        plan = plan_regimen_taper(
            meds,
            start_date=START,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            duration=duration,
        )
    except ClinicalInputError as error:
        assert error.message
        assume(False)
        return
    assume(plan.refused is None)
    rate = plan.percent / 100
    start_mme = plan.steps[0].mme_per_day
    for before, after in itertools.pairwise(plan.steps):
        cut = before.mme_per_day - after.mme_per_day
        assert cut > 0
        assert cut <= allowance(basis, start_mme, before.mme_per_day, rate) + EPS, (before, after)
        # no row goes up
        per_row: dict[int, Decimal] = {}
        for d in before.doses:
            per_row[d.row] = per_row.get(d.row, D(0)) + d.mme_per_day
        after_row: dict[int, Decimal] = {}
        for d in after.doses:
            after_row[d.row] = after_row.get(d.row, D(0)) + d.mme_per_day
        assert all(after_row.get(r, D(0)) <= m + EPS for r, m in per_row.items())
    stops = [w for w in plan.warnings if w.code == "step_too_large"]
    last = plan.steps[-1]
    if plan.complete:
        assert all(d.dose == 0 for d in last.doses) and not stops
    elif stops:
        (stop,) = stops
        assert stop.step is None
        assert STOPS in stop.message and "smaller strength" in stop.message
        assert "the smallest the strengths" in stop.message
        assert STOPS in (last.note or "")
    else:  # a geometric plan shows 12 changes
        assert basis == "current" and len(plan.steps) - 1 == 12


# --- Regressions ---------------------------------------------------------------------------------


def test_regression_60_mg_in_30_mg_units_stops_at_once_with_a_note() -> None:
    """Before (21cb6f2): held 7 months at 60 mg, then 60 -> 30 mg (50 %) in one step."""
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        start_daily_dose=60,
        dose_unit="mg",
        dose_step=30,
    )
    assert [s.daily_dose for s in plan.steps] == [60]
    assert plan.complete is False
    assert plan.steps[0].note == (
        "starting dose; the next reduction of one 30 mg unit would cut faster than the rule "
        "(50 % of the starting dose where the rule allows 10 %): a smaller strength (or another "
        "formulation) is needed to continue; the plan stops here rather than cut faster"
    )


def test_regression_60_mg_in_5_mg_units_under_a_rate_of_the_current_dose() -> None:
    """10 % of the current dose: 60 -> 55 -> 50 -> 45; at 45 mg one 5 mg unit is 11.1 %, more
    than 10 % of 45 (before: held, then made)."""
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        basis="current",
        start_daily_dose=60,
        dose_unit="mg",
        dose_step=5,
    )
    assert [s.daily_dose for s in plan.steps] == [60, 55, 50, 45]
    assert plan.complete is False
    note = plan.steps[-1].note or ""
    assert "one 5 mg unit" in note
    assert "(11.1 % of the current dose where the rule allows 10 %)" in note


def test_regression_fentanyl_25_with_12_patches_stops_at_once() -> None:
    """Before (21cb6f2/4bc9577): 25 -> 12 mcg/h (60 -> 28.8 MME/day, 52 %) after a hold."""
    plan = plan_regimen_taper(
        [{"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "strengths": [12, 25]}],
        start_date=START,
    )
    assert [s.doses[0].dose for s in plan.steps] == [25]
    assert plan.complete is False
    (stop,) = [w for w in plan.warnings if w.code == "step_too_large"]
    assert stop.message.startswith(
        "fentanyl patch: the next reduction, 25 -> 12 mcg/h (the smallest the strengths 12, 25 "
        "mcg/h can make), would cut faster than the rule (52 % of the starting MME/day where the "
        "rule allows 10 %): a smaller strength (or another formulation) is needed to continue; "
        "the plan stops here rather than cut faster."
    )
    text = stop.message[: stop.message.index(STOPS) + len(STOPS)]
    assert plan.steps[0].note == "today's regimen; " + text
    # the same with one opioid's planner, in 12.5 mcg/h (delivered) units
    single = plan_taper(
        start_mme_per_day=60,
        start_date=START,
        start_daily_dose=25,
        dose_unit="mcg/h",
        dose_step="12.5",
    )
    assert [s.daily_dose for s in single.steps] == [25] and single.complete is False
    assert "one 12.5 mcg/h unit" in (single.steps[-1].note or "")


def test_one_unit_a_step_while_one_unit_fits_the_allowance() -> None:
    # 100 mg in 4 mg units at 5 % (5 mg) of the start a month: 100 -> 96 (schedule 95) ->
    # 92 (90) -> 88 (85) -> 84 (80) -> 80 (75, the target): rounded up, never more than 5 mg
    plan = plan_taper(
        start_mme_per_day=100,
        start_date=START,
        percent=5,
        start_daily_dose=100,
        dose_unit="mg",
        dose_step=4,
        target_mme_per_day=80,
    )
    assert [s.daily_dose for s in plan.steps] == [100, 96, 92, 88, 84, 80]
    assert plan.complete and plan.steps[-1].note == "taper target reached"
    # 100 mg in 10 mg units at 10 % of the current dose: 100 -> 90 (10 mg, 10 %); then 10 mg
    # is 11.1 % of 90, more than 10 %: the plan stops at 90
    current = plan_taper(
        start_mme_per_day=100,
        start_date=START,
        basis="current",
        start_daily_dose=100,
        dose_unit="mg",
        dose_step=10,
    )
    assert [s.daily_dose for s in current.steps] == [100, 90]
    assert STOPS in (current.steps[-1].note or "") and not current.complete


# --- Regimens as they are written (third hunt): every kind of row at once ----------------------

#: clinical.md §1.2-1.4, re-typed: (cdc2022, cdc2016, cdc-analytic) per mg (patch: per mcg/h).
FACTORS: dict[str, tuple[Decimal, Decimal | None, Decimal]] = {
    "codeine": (D("0.15"), D("0.15"), D("0.15")),
    "hydrocodone": (D(1), D(1), D(1)),
    "hydromorphone": (D(5), D(4), D(4)),
    "morphine": (D(1), D(1), D(1)),
    "oxycodone": (D("1.5"), D("1.5"), D("1.5")),
    "oxymorphone": (D(3), D(3), D(3)),
    "tapentadol": (D("0.4"), D("0.4"), D("0.4")),
    "tramadol": (D("0.2"), None, D("0.1")),
    "fentanyl": (D("2.4"), D("2.4"), D("7.2") / 3),  # patch, per mcg/h (analytic: 7.2 / 3)
}
TABLE_INDEX = {"cdc2022": 0, "cdc2016": 1, "cdc-analytic": 2}
ORAL_STRENGTHS = {
    "oxycodone": [D("2.5"), 5, 10, 15, 20, 30, 40, 60, 80],
    "morphine": [1, 5, 10, 15, 25, 30, 50, 60, 100, 200],
    "hydromorphone": [D("0.5"), 1, 2, 3, D("4.5"), 6, 8, 12, 18, 24, 30],
    "codeine": [15, 30, 50, 100],
    "tramadol": [50, 75, 100, 150, 200],
    "tapentadol": [50, 75, 100, 150, 250],
    "hydrocodone": [5, 10],
    "oxymorphone": [5, 10, 20],
}
#: (frequency as typed, most doses a day): scheduled, as needed, ranges, daily maxima, French.
FREQUENCIES = [
    ("bid", 2),
    ("q8h", 3),
    ("tid", 3),
    ("qid", 4),
    ("q12h", 2),
    ("die", 1),
    ("hs", 1),
    ("q4h prn", 6),
    ("q4-6h prn", 6),
    ("q3-4h prn", 8),
    ("bid prn", 2),
    ("tid-qid prn", 4),
    ("up to 4 times a day", 4),
    ("q4h prn, max 4/day", 4),
    ("q6h prn max 3 a day", 3),
    ("2-3 fois par jour", 3),
    ("aux 6 heures au besoin", 4),
    ("toutes les 4 à 6 heures si besoin, maximum 5 par jour", 5),
]
#: Fixed-dose combinations: (name, opioid, mg of it a tablet) — product monographs.
COMBINATIONS = [
    ("Percocet", "oxycodone", D(5)),
    ("Percocet-Demi", "oxycodone", D("2.5")),
    ("oxycodone/acetaminophen 10/325", "oxycodone", D(10)),
    ("Tylenol No. 3", "codeine", D(30)),
    ("Tylenol #2", "codeine", D(15)),
    ("Tramacet", "tramadol", D("37.5")),
]


@st.composite
def written_row(draw: st.DrawFn) -> tuple[dict[str, Any], str, Decimal, int | None]:
    """A row as typed, with what it is: (row, opioid, mg a dose or mcg/h, doses a day)."""
    kind = draw(st.sampled_from(["oral", "oral", "patch", "combination", "liquid", "low", "high"]))
    frequency, times = draw(st.sampled_from(FREQUENCIES))
    how: dict[str, Any] = (
        {"frequency": frequency} if draw(st.booleans()) else {"times_per_day": times}
    )
    if kind == "patch":
        labels = draw(st.lists(st.sampled_from([12, 25, 37, 50, 75, 100]), min_size=1, unique=True))
        rate = sum(draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3)))
        row: dict[str, Any] = {"drug": draw(st.sampled_from(["fentanyl", "Duragesic"]))}
        row |= {"dose": rate, "unit": "mcg/h", "strengths": labels}
        if draw(st.booleans()):
            row["frequency"] = draw(st.sampled_from(["q72h", "change q48h", "aux 72 heures"]))
        return row, "fentanyl", D(rate), None
    if kind == "combination":
        name, drug, mg = draw(st.sampled_from(COMBINATIONS))
        tablets = draw(st.sampled_from([1, 2]))
        unit = draw(st.sampled_from(["tablet", "tabs", "co", "comprimés"]))
        return {"drug": name, "dose": tablets, "unit": unit, **how}, drug, mg * tablets, times
    if kind == "liquid":
        drug = draw(st.sampled_from(["morphine", "hydromorphone", "oxycodone"]))
        concentration = draw(st.sampled_from([D(1), D(2), D(5), D(10)]))
        volume = draw(st.sampled_from([D("0.5"), D(1), D("2.5"), D(5)]))
        row = {"drug": drug, "dose": volume, "unit": "mL", "concentration": concentration}
        if draw(st.booleans()):
            row["strengths"] = draw(st.sampled_from([[D("0.5")], [D(1)], [D("0.25"), D(1)]]))
        return row | how, drug, volume * concentration, times
    drug = draw(st.sampled_from(sorted(ORAL_STRENGTHS)))
    strengths = [D(s) for s in ORAL_STRENGTHS[drug]]
    if kind == "low":
        drug, strengths = "hydromorphone", [D("0.5"), D(1)]
    chosen = draw(st.lists(st.sampled_from(strengths), min_size=1, max_size=4, unique=True))
    dose = sum(draw(st.lists(st.sampled_from(chosen), min_size=1, max_size=3)))
    if kind == "low":
        dose, how, times = chosen[0], {"times_per_day": 1}, 1
    if kind == "high":
        dose *= draw(st.sampled_from([4, 8]))
    name = drug + draw(st.sampled_from(["", " ER", " CR", " IR", " LP"]))
    row = {"drug": name, "dose": dose, "unit": "mg", **how}
    if draw(st.booleans()):
        row["strengths"] = chosen
    if draw(st.booleans()) and "prn" not in str(how.get("frequency", "prn")):
        row["as_needed"] = True
    return row, drug, D(dose), times


@st.composite
def written_regimen(draw: st.DrawFn) -> list[tuple[dict[str, Any], str, Decimal, int | None]]:
    rows = draw(st.lists(written_row(), min_size=1, max_size=4))
    if draw(st.booleans()):  # several products of one opioid: long-acting plus breakthrough
        rows.append(
            (
                {"drug": "oxycodone CR", "dose": 20, "unit": "mg", "frequency": "q12h"},
                "oxycodone",
                D(20),
                2,
            )
        )
        rows.append(
            (
                {"drug": "Supeudol", "dose": 5, "unit": "mg", "frequency": "q4h prn"},
                "oxycodone",
                D(5),
                6,
            )
        )
    return rows


def _ticks(start: dt.date, when: dt.date, interval: str) -> int:
    if interval == "month":
        return (when.year - start.year) * 12 + when.month - start.month
    days = {"day": 1, "2-days": 2, "week": 7, "2-weeks": 14, "4-weeks": 28}[interval]
    return (when - start).days // days


def _schedule(basis: str, start: Decimal, rate: Decimal, ticks: int) -> Decimal:
    """The lowest MME/day the rule allows after ``ticks`` intervals (§2.1, re-typed)."""
    fraction = D(1)
    for _ in range(ticks):
        if basis == "original" or (basis == "original-then-remaining" and fraction > D("0.3")):
            fraction -= rate
        else:
            fraction *= 1 - rate
    return start * max(fraction, D(0))


@SETTINGS
@given(
    written_regimen(),
    rule_choice(),
    st.sampled_from(["long-term", "short-term", None]),
    st.sampled_from(sorted(TABLE_INDEX)),
)
def test_a_written_regimen_plan_is_never_faster_than_its_rule_at_any_step(
    written: list[tuple[dict[str, Any], str, Decimal, int | None]],
    choice: tuple[str, str, str, int | None],
    duration: str | None,
    table: str,
) -> None:
    """Patches of several strengths, combination tablets, liquids in mL, as-needed rows with
    daily maxima, several products of one opioid, very low and very high doses, in English and
    French: at every step the cut is at most one interval's allowance, the MME/day is at or
    above the rule's schedule for its date, no row goes up, and every figure is the cited
    factor times the dose (recomputed here, not by the calculator)."""
    rule, basis, interval, percent = choice
    meds = [row for row, *_ in written]
    try:
        plan = plan_regimen_taper(
            meds,
            start_date=START,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            duration=duration,
            table=table,
        )
    except ClinicalInputError as error:  # e.g. 8 tablets a day in doses of 3 (8/3 a day)
        assert error.message
        assume(False)
        return
    assume(plan.refused is None)
    column = TABLE_INDEX[table]

    def mme(step: Any) -> Decimal:
        total = D(0)
        for d in step.doses:
            if d.dose:
                factor = FACTORS[d.drug][column]
                assert factor is not None
                total += d.dose * factor * (d.times_per_day if d.unit != "mcg/h" else 1)
        return total

    # today's regimen, from the rows as written and the cited factors
    expected = D(0)
    for _row, drug, amount, times in written:
        factor = FACTORS[drug][column]
        if factor is not None:
            expected += amount * factor * (times if times is not None else 1)
    if not any(w.code == "not_tapered" for w in plan.warnings):
        assert abs(mme(plan.steps[0]) - expected) <= EPS, (mme(plan.steps[0]), expected)
    rate = plan.percent / 100
    start_mme = plan.steps[0].mme_per_day
    for before, after in itertools.pairwise(plan.steps):
        assert abs(mme(after) - after.mme_per_day) <= EPS
        cut = before.mme_per_day - after.mme_per_day
        assert 0 < cut <= allowance(basis, start_mme, before.mme_per_day, rate) + EPS
        ticks = _ticks(START, after.date, plan.interval.value)
        assert after.mme_per_day >= _schedule(basis, start_mme, rate, ticks) - EPS
        for row in {d.row for d in before.doses}:
            was = sum(d.dose * (d.times_per_day or 1) for d in before.doses if d.row == row)
            now = sum(d.dose * (d.times_per_day or 1) for d in after.doses if d.row == row)
            assert now <= was
