"""Adversarial properties over regimens nobody wrote down (Hypothesis).

Every expected figure here is computed from the cited source (clinical.md §1.2-1.4 factor
tables, §2.1 taper rates), re-typed in this file, never from the package's own constants or
output: random drugs from the tables, formulations, strengths, combination products, patches,
long-acting plus breakthrough rows, several rows of one drug, very small and very large
doses, unusual frequencies, and junk input.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme, plan_taper
from clinical.regimen import plan_regimen_taper

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
D = Decimal

# --- The cited tables, re-typed from clinical.md (not imported) ----------------------------------

#: §1.2 CDC 2022 clinical table [V]: oral drugs in mg/day; the patch in mcg/h.
CDC2022 = {
    "codeine": D("0.15"),
    "hydrocodone": D("1.0"),
    "hydromorphone": D("5.0"),
    "methadone": D("4.7"),
    "morphine": D("1.0"),
    "oxycodone": D("1.5"),
    "oxymorphone": D("3.0"),
    "tapentadol": D("0.4"),
    "tramadol": D("0.2"),
}
#: §1.3 CDC 2016 clinical table (no tramadol; methadone on a sliding scale).
CDC2016 = {
    "codeine": D("0.15"),
    "hydrocodone": D(1),
    "hydromorphone": D(4),
    "morphine": D(1),
    "oxycodone": D("1.5"),
    "oxymorphone": D(3),
    "tapentadol": D("0.4"),
}
#: §1.4 CDC analytic data file, 2018 version (oral, mg).
ANALYTIC = {
    "codeine": D("0.15"),
    "dihydrocodeine": D("0.25"),
    "hydrocodone": D(1),
    "hydromorphone": D(4),
    "levorphanol": D(11),
    "meperidine": D("0.1"),
    "methadone": D(3),
    "morphine": D(1),
    "opium": D(1),
    "oxycodone": D("1.5"),
    "oxymorphone": D(3),
    "pentazocine": D("0.37"),
    "tapentadol": D("0.4"),
    "tramadol": D("0.1"),
}
ORAL_TABLES = {"cdc2022": CDC2022, "cdc2016": CDC2016, "cdc-analytic": ANALYTIC}
#: MME/day per mcg/h of a fentanyl patch: 2.4 (clinical); 7.2 per patch-day-supply, one patch
#: lasting 3 days (analytic) = 2.4.
PATCH_PER_MCG_H = D("2.4")
ALL_ORAL = sorted(set(CDC2022) | set(ANALYTIC))

FIXED_FREQUENCIES = {
    "daily": 1,
    "qd": 1,
    "qhs": 1,
    "bid": 2,
    "BID": 2,
    "tid": 3,
    "t.i.d.": 3,
    "qid": 4,
    "four times a day": 4,
    "q4h": 6,
    "q6h": 4,
    "q8h": 3,
    "q12h": 2,
    "q24h": 1,
    "q3h": 8,
    "q2h": 12,
    "q1h": 24,
}

doses = st.one_of(
    st.decimals(min_value=D("0.01"), max_value=D(5000), places=2),
    st.integers(min_value=1, max_value=2000),
    st.sampled_from([D("0.05"), D("0.1"), D("2.5"), D("37.5"), D("4.5"), D("12.5")]),
)


@st.composite
def frequency(draw: st.DrawFn) -> tuple[dict[str, Any], Decimal, bool]:
    """A way to say how often, the most doses a day it means, and whether it is PRN."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        times = draw(st.integers(1, 12))
        prn = draw(st.booleans())
        return {"times_per_day": times, "as_needed": prn}, D(times), prn
    if kind == 1:
        word, times = draw(st.sampled_from(sorted(FIXED_FREQUENCIES.items())))
        prn = draw(st.booleans())
        return {"frequency": word + (" prn" if prn else "")}, D(times), prn
    if kind == 2:
        low = draw(st.sampled_from([1, 2, 3, 4, 6, 8, 12]))
        high = draw(st.sampled_from([h for h in (2, 3, 4, 6, 8, 12, 24) if h >= low]))
        return {"frequency": f"q{low}-{high}h prn"}, D(24 // low), True
    most = draw(st.integers(1, 12))
    return {"frequency": f"max {most} a day"}, D(most), True


# --- MME: totals follow the cited tables exactly -------------------------------------------------


@SETTINGS
@given(
    st.sampled_from(sorted(ORAL_TABLES)),
    st.lists(st.tuples(st.sampled_from(ALL_ORAL), doses, frequency()), min_size=1, max_size=6),
    st.lists(st.sampled_from([12, 25, D("37.5"), 37, 50, 62, 75, 100]), max_size=3),
)
def test_total_is_the_cited_factor_times_the_maximum_daily_dose(
    table: str,
    oral: list[tuple[str, Decimal, tuple[dict[str, Any], Decimal, bool]]],
    patches: list[Decimal],
) -> None:
    rows: list[dict[str, Any]] = []
    expected = D(0)
    counted_drugs: dict[int, str] = {}
    methadone_total = D(0)
    for drug, dose, (how, times, _prn) in oral:
        rows.append({"drug": drug, "dose": dose, "unit": "mg", **how})
        factors = ORAL_TABLES[table]
        if drug == "methadone" and table == "cdc2016":
            methadone_total += D(dose) * times
            counted_drugs[len(rows) - 1] = drug
        elif drug in factors:
            expected += D(dose) * times * factors[drug]
            counted_drugs[len(rows) - 1] = drug
    for rate in patches:
        rows.append({"drug": "fentanyl", "dose": rate, "unit": "mcg/h", "formulation": "patch"})
        expected += D(rate) * PATCH_PER_MCG_H
        counted_drugs[len(rows) - 1] = "fentanyl"
    if methadone_total:
        # §1.3: 1-20 mg/day x4, 21-40 x8, 41-60 x10, 61-80 x12 (on the total methadone dose).
        tier = (
            D(4)
            if methadone_total <= 20
            else D(8)
            if methadone_total <= 40
            else D(10)
            if methadone_total <= 60
            else D(12)
        )
        if methadone_total >= 1:
            expected += methadone_total * tier
    result = calculate_mme(rows, table=table)
    counted = {r.index for r in result.rows}
    if methadone_total and methadone_total < 1:
        counted_drugs = {i: d for i, d in counted_drugs.items() if d != "methadone"}
    assert counted == set(counted_drugs)
    assert result.total_mme_per_day == expected
    # PRN rows count at their maximum: the row's daily dose is the dose x the most a day.
    for r in result.rows:
        if r.daily_dose_unit == "mg/day":
            assert r.daily_dose == D(rows[r.index]["dose"]) * oral[r.index][2][1]
    # Every row not counted says why in words.
    for e in result.excluded:
        assert e.reason and len(e.reason) > 20


@SETTINGS
@given(
    st.sampled_from(sorted(ORAL_TABLES)),
    st.sampled_from(["buprenorphine", "Butrans", "Belbuca", "Suboxone", "buprenorphine/naloxone"]),
    st.sampled_from([("mg", None), ("mcg", "buccal"), ("mcg/h", "patch")]),
    doses,
)
def test_buprenorphine_is_never_converted(
    table: str, name: str, unit_form: tuple[str, str | None], dose: Decimal
) -> None:
    unit, form = unit_form
    row: dict[str, Any] = {"drug": name, "dose": dose, "unit": unit}
    if form:
        row["formulation"] = form
    if unit != "mcg/h":
        row["times_per_day"] = 2
    result = calculate_mme(
        [row, {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid"}]
    )
    assert result.total_mme_per_day == 20
    assert [e.reason_code for e in result.excluded] == ["buprenorphine"]


# --- Combination products: only the opioid component, and the strength named ---------------------

COMBINATION_PARTNERS = ["acetaminophen", "APAP", "paracetamol", "ASA", "aspirin", "ibuprofen"]
#: Opioid content per tablet of marketed combinations, and a partner dose (mg).
COMBINATION_OPIOIDS = {
    "oxycodone": [D("2.5"), 5, D("7.5"), 10],
    "hydrocodone": [D("2.5"), 5, D("7.5"), 10],
    "codeine": [8, 15, 30, 60],
    "tramadol": [D("37.5")],
}


@SETTINGS
@given(
    st.sampled_from(sorted(COMBINATION_OPIOIDS)),
    st.data(),
    st.sampled_from(COMBINATION_PARTNERS),
    st.sampled_from([200, 300, 325, 400, 500]),
    st.sampled_from(["{o}/{p} {a}/{b}", "{o} {a} mg / {p} {b} mg", "{o} {a}/{p} {b}"]),
    st.sampled_from([1, 2, D("0.5")]),
    frequency(),
)
def test_a_named_combination_counts_its_opioid_component_only(
    opioid: str,
    data: st.DataObject,
    partner: str,
    partner_mg: int,
    shape: str,
    tablets: Decimal,
    how: tuple[dict[str, Any], Decimal, bool],
) -> None:
    mg = data.draw(st.sampled_from(COMBINATION_OPIOIDS[opioid]))
    name = shape.format(o=opioid, p=partner, a=mg, b=partner_mg)
    row = {"drug": name, "dose": tablets, "unit": "tablets", **how[0]}
    result = calculate_mme([row])
    if result.rows:
        (counted,) = result.rows
        assert counted.drug == opioid
        assert counted.mme_per_day == D(mg) * D(tablets) * how[1] * CDC2022[opioid]
    else:
        (excluded,) = result.excluded
        assert excluded.reason


@SETTINGS
@given(
    st.sampled_from(["Percocet", "Endocet", "Oxycocet", "Percodan"]),
    st.sampled_from([D("2.5"), D("7.5"), 10]),
    st.sampled_from([325, 650]),
    st.integers(1, 2),
)
def test_a_brand_name_with_another_strength_is_never_read_as_the_default_one(
    brand: str, mg: Decimal, partner_mg: int, tablets: int
) -> None:
    """US Percocet is sold as 2.5/325, 5/325, 7.5/325 and 10/325: "Percocet 10/325" must be
    counted as 10 mg of oxycodone a tablet, or refused, never as 5 mg."""
    row = {
        "drug": f"{brand} {mg}/{partner_mg}",
        "dose": tablets,
        "unit": "tablet",
        "frequency": "qid",
    }
    result = calculate_mme([row])
    for r in result.rows:
        assert r.mme_per_day == D(mg) * tablets * 4 * D("1.5")
    assert result.rows or result.excluded[0].reason


@SETTINGS
@given(
    st.sampled_from(sorted(COMBINATION_OPIOIDS)),
    st.sampled_from(COMBINATION_PARTNERS),
    st.sampled_from([300, 325, 500]),
)
def test_numbers_in_the_partner_first_order_are_never_read_as_the_opioid(
    opioid: str, partner: str, partner_mg: int
) -> None:
    """ "oxycodone/acetaminophen 325/5" (numbers in the other order) is no 325 mg opioid tablet:
    no marketed combination has more opioid than partner, so it is refused."""
    mg = COMBINATION_OPIOIDS[opioid][0]
    row = {
        "drug": f"{opioid}/{partner} {partner_mg}/{mg}",
        "dose": 1,
        "unit": "tablet",
        "times_per_day": 4,
    }
    result = calculate_mme([row])
    assert not result.rows
    assert result.excluded[0].reason


# --- Bad input: refused in words, never a crash or a silent wrong figure -------------------------

junk = st.one_of(
    st.just(0),
    st.just(-5),
    st.just("-1"),
    st.just(D("-0.5")),
    st.just("ten"),
    st.just(""),
    st.just("1e999999"),
    st.just("1e-999999"),
    st.just(1e308),
    st.just(float("nan")),
    st.just(float("inf")),
    st.just("NaN"),
    st.just(True),
    st.just([10]),
    st.just({"mg": 10}),
    st.just(None),
    st.just(10**40),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
)


@SETTINGS
@given(
    st.sampled_from(["dose", "times_per_day", "concentration", "strengths"]),
    junk,
    st.sampled_from(sorted(ORAL_TABLES)),
)
def test_junk_numbers_are_refused_in_words(field: str, value: Any, table: str) -> None:
    row: dict[str, Any] = {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}
    if field == "concentration":
        row["unit"] = "mL"
    row[field] = [value] if field == "strengths" and not isinstance(value, list) else value
    try:
        result = calculate_mme([row], table=table)
    except ClinicalInputError as error:
        assert error.message and error.code
        return
    # Accepted: then the figure is the cited one and nothing absurd is counted silently.
    for r in result.rows:
        assert r.mme_per_day == r.daily_dose * CDC2022["morphine"] or table != "cdc2022"
        assert D("0.001") <= r.daily_dose <= D(10) ** 7
    for e in result.excluded:
        assert e.reason


@SETTINGS
@given(
    st.sampled_from(["mg", "mcg", "mcg/h", "g", "mL", "mg/day", "tablets", "units", "MG", "gr"]),
    st.sampled_from([*ALL_ORAL, "fentanyl"]),
    st.sampled_from([None, "oral", "patch", "buccal", "IV", "ER", "nasal spray", "film"]),
)
def test_a_unit_that_does_not_fit_the_drug_is_never_converted(
    unit: str, drug: str, form: str | None
) -> None:
    row: dict[str, Any] = {"drug": drug, "dose": 10, "unit": unit}
    if form:
        row["formulation"] = form
    if unit != "mcg/h":
        row["times_per_day"] = 2
    for table in ORAL_TABLES:
        result = calculate_mme([row], table=table)
        for r in result.rows:
            fits = (
                (r.daily_dose_unit == "mg/day" and unit.casefold() == "mg")
                or (r.daily_dose_unit == "mcg/h" and unit == "mcg/h")
                or (r.daily_dose_unit == "mcg/day" and unit == "mcg")
            )
            assert fits, (unit, r)
        assert result.rows or result.excluded[0].reason


# --- Regimen taper plans: never faster, never up, reaching their end -----------------------------

ORAL_STRENGTHS = {
    "oxycodone": [5, 10, 15, 20, 30, 40, 60, 80],
    "morphine": [5, 10, 15, 25, 30, 50, 60, 100, 200],
    "hydromorphone": [D("0.5"), 1, 2, 3, D("4.5"), 6, 8, 12, 24, 30],
    "codeine": [15, 30, 50, 100, 150, 200],
    "tapentadol": [50, 75, 100, 150, 200, 250],
    "tramadol": [50, 75, 100, 150, 200, 300],
    "hydrocodone": [5, 10, 20],
    "oxymorphone": [5, 10, 20, 40],
}
PATCH_STRENGTHS = [12, 25, 37, 50, 62, 75, 87, 100]
RULES = {
    # rule: (fraction of the starting MME/day per step, days per interval, basis)
    "cdc2022-long-term": (D("0.10"), 28, "original"),
    "cdc2016": (D("0.10"), 7, "original"),
    "hhs2019": (D("0.20"), 28, "original"),
}


@st.composite
def regimen_row(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        rates = draw(st.lists(st.sampled_from(PATCH_STRENGTHS), min_size=1, max_size=2))
        strengths = draw(
            st.lists(st.sampled_from(PATCH_STRENGTHS), min_size=1, max_size=4, unique=True)
        )
        row: dict[str, Any] = {"drug": "fentanyl", "dose": sum(rates), "unit": "mcg/h"}
        if draw(st.booleans()):
            row["strengths"] = sorted({*strengths, *rates})
        return row
    if kind == 1:
        return {
            "drug": draw(st.sampled_from(["Tylenol No. 3", "Percocet", "Tramacet", "Tylenol #2"])),
            "dose": draw(st.sampled_from([1, 2])),
            "unit": "tablet",
            **draw(frequency())[0],
        }
    drug = draw(st.sampled_from(sorted(ORAL_STRENGTHS)))
    strengths = draw(
        st.lists(st.sampled_from(ORAL_STRENGTHS[drug]), min_size=1, max_size=4, unique=True)
    )
    per_dose = sum(draw(st.lists(st.sampled_from(strengths), min_size=1, max_size=3)))
    row = {"drug": drug, "dose": per_dose, "unit": "mg"}
    how = draw(frequency())[0]
    if "times_per_day" in how and how["times_per_day"] > 6:
        how["times_per_day"] = 6
    row.update(how)
    if kind in (2, 3):
        row["strengths"] = strengths
    if kind == 4:
        row["formulation"] = draw(st.sampled_from(["ER", "IR", "CR tablet", "oral"]))
    return row


def _mme_of(step: dict[str, Any]) -> Decimal:
    """A step's MME/day from its doses and the cited 2022 factors (not the calculator)."""
    total = D(0)
    for d in step["doses"]:
        if d["dose"] == 0:
            continue
        if d["unit"] == "mcg/h":
            total += D(str(d["dose"])) * PATCH_PER_MCG_H
        else:
            total += D(str(d["dose"])) * d["times_per_day"] * CDC2022[d["drug"]]
    return total


def _amounts(step: dict[str, Any]) -> dict[int, Decimal]:
    """Daily amount per input row (mg/day, or mcg/h for a patch)."""
    out: dict[int, Decimal] = {}
    for d in step["doses"]:
        per_day = (
            D(str(d["dose"])) * (d["times_per_day"] or 1)
            if d["unit"] != "mcg/h"
            else D(str(d["dose"]))
        )
        out[d["row"]] = out.get(d["row"], D(0)) + per_day
    return out


@SETTINGS
@given(
    st.lists(regimen_row(), min_size=1, max_size=4),
    st.sampled_from(sorted(RULES)),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_a_regimen_plan_is_never_faster_than_its_rule_and_never_raises_a_dose(
    meds: list[dict[str, Any]], rule: str, start: dt.date
) -> None:
    try:
        plan = plan_regimen_taper(meds, start_date=start, rule=rule).to_dict()
    except ClinicalInputError as error:
        assert error.message
        assume(False)
        return
    if plan["refused"]:
        assert plan["refused"]["message"]
        return
    rate, days, _basis = RULES[rule]
    steps = plan["steps"]
    start_mme = _mme_of(steps[0])
    # exact step MME figures are shown to 0.01; recompute from the doses
    assert abs(start_mme - D(str(plan["start_mme_per_day"]))) <= D("0.005")
    interval_days = D(28) if plan["interval"] == "month" else D(days)
    if plan["interval"] == "week":
        interval_days = D(7)
    for before, after in itertools.pairwise(steps):
        mme_before, mme_after = _mme_of(before), _mme_of(after)
        elapsed = D((dt.date.fromisoformat(after["date"]) - start).days)
        gap = D((dt.date.fromisoformat(after["date"]) - dt.date.fromisoformat(before["date"])).days)
        # never up, drug by drug
        a, b = _amounts(before), _amounts(after)
        assert all(b.get(k, D(0)) <= v for k, v in a.items()), (before, after)
        assert mme_after < mme_before
        # cumulative: at or above the rule's linear schedule for the elapsed time
        # (months: a calendar month is at least 28 days)
        intervals_elapsed = (elapsed / interval_days).to_integral_value(rounding="ROUND_FLOOR")
        assert mme_after >= start_mme * (1 - rate * intervals_elapsed) - D("0.000001")
        # per step: the cut is at most the rule's rate for each interval waited ...
        waited = max(D(1), (gap / interval_days).to_integral_value(rounding="ROUND_FLOOR"))
        cut = mme_before - mme_after
        assert cut <= start_mme * rate * waited + D("0.000001"), (before, after)
        # ... and never more than one interval's share, whatever the strengths (a step that
        # would be larger is never made: the plan stops, flagged step_too_large)
        assert cut <= start_mme * rate + D("0.000001"), (before, after)
    last = steps[-1]
    if plan["complete"]:
        assert all(d["dose"] == 0 for d in last["doses"])
    else:
        assert any(d["dose"] != 0 for d in last["doses"])
        assert any("stop before" in n or "stops" in n for n in plan["notes"]) or any(
            w["code"] == "step_too_large" for w in plan["warnings"]
        )


# --- The single-opioid planner with a dispensable strength --------------------------------------


@SETTINGS
@given(
    st.sampled_from(
        [
            ("cdc2022-long-term", "original"),
            ("cdc2022-long-term", "current"),
            ("hhs2019", "original"),
            ("cdc2016", "original"),
            ("cdc2022-short-duration", "original-then-remaining"),
        ]
    ),
    st.sampled_from([D("0.5"), 1, 2, D("2.5"), 5, 10, D("12.5"), 15, 25, 30]),
    st.integers(1, 100),
    st.sampled_from([D("0.15"), D("1.5"), D("2.4"), 1, 5, D("4.7")]),
)
def test_rounding_to_a_strength_never_makes_a_step_faster_than_the_rule(
    rule_basis: tuple[str, str], strength: Decimal, units: int, factor: Decimal
) -> None:
    rule, basis = rule_basis
    start_dose = D(strength) * units
    start_mme = start_dose * D(factor)
    plan = plan_taper(
        start_mme_per_day=start_mme,
        start_date=dt.date(2027, 3, 31),
        rule=rule,
        basis=basis,  # type: ignore[arg-type]
        start_daily_dose=start_dose,
        dose_unit="mg",
        dose_step=strength,
    )
    rate = plan.percent / 100
    previous = start_mme
    fraction = D(1)
    for step in plan.steps[1:]:
        # the rule's own schedule, from §2.1 (not the planner's)
        if basis == "original":
            fraction = 1 - rate * step.step
        elif basis == "current":
            fraction = fraction * (1 - rate)
        else:
            fraction = fraction - rate if fraction > D("0.30") else fraction * (1 - rate)
        floor = start_mme * max(fraction, D(0))
        assert step.mme_per_day >= floor - D("0.000001"), (step, floor)
        allowed = (
            start_mme * rate
            if basis == "original" or (basis != "current" and previous > start_mme * D("0.30"))
            else previous * rate
        )
        assert previous - step.mme_per_day <= allowed + D("0.000001"), (step, previous, allowed)
        assert step.mme_per_day <= previous
        assert step.daily_dose is not None and step.daily_dose % D(strength) == 0
        previous = step.mme_per_day
    if plan.complete:
        assert plan.steps[-1].mme_per_day == 0
        assert plan.steps[-1].daily_dose == 0


@pytest.mark.parametrize(("dose", "strength"), [(60, 5)])
def test_regression_a_60_mg_start_in_5_mg_units_is_never_cut_to_50_first(
    dose: int, strength: int
) -> None:
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=dt.date(2026, 1, 15),
        start_daily_dose=dose,
        dose_unit="mg",
        dose_step=strength,
    )
    """Before: doses were rounded down to the strength, so 60 mg went to 50 mg in the first
    month (a 17 % cut under a 10 %-a-month rule) with only a note."""
    assert plan.steps[1].daily_dose == 55
    assert [s.daily_dose for s in plan.steps][-3:] == [10, 5, 0]


def test_regression_a_strength_larger_than_one_step_stops_the_plan() -> None:
    """Before (21cb6f2): 60 mg in 30 mg units under 10 % a month was held 5 months, then cut to
    30 mg in one step (50 %). A step is never larger than one interval's allowance: the plan
    stops at the start, incomplete, asking for a smaller strength."""
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=dt.date(2026, 1, 15),
        start_daily_dose=60,
        dose_unit="mg",
        dose_step=30,
    )
    assert [s.daily_dose for s in plan.steps] == [60] and not plan.complete
    assert "one 30 mg unit" in (plan.steps[-1].note or "")


def test_regression_a_target_between_strengths_stops_at_the_dose_above_it() -> None:
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=dt.date(2026, 1, 15),
        start_daily_dose=60,
        dose_unit="mg",
        dose_step=5,
        target_mme_per_day=31,
    )
    assert plan.complete and plan.steps[-1].daily_dose == 25
    assert plan.steps[-1].mme_per_day == Decimal("37.5") >= 31
    assert "at or above it" in (plan.steps[-1].note or "")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dose", "1e999999"),
        ("dose", 1e308),
        ("dose", "1e-999999"),
        ("dose", 10**40),
        ("times_per_day", "1e999999"),
        ("concentration", "1e999999"),
        ("strengths", ["1e999999"]),
    ],
)
def test_regression_an_absurd_magnitude_is_refused_not_a_crash(field: str, value: Any) -> None:
    """Before: 1e999999 mg raised decimal.InvalidOperation/Overflow (a crash) and 1e-999999 mg
    was counted as a dose."""
    row: dict[str, Any] = {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}
    if field == "concentration":
        row["unit"] = "mL"
    row[field] = value
    with pytest.raises(ClinicalInputError) as error:
        calculate_mme([row])
    assert error.value.code == "mme.absurd_number"
    assert "cannot be a real" in error.value.message
    assert error.value.field == f"rows[0].{field}"


def test_regression_an_absurd_prn_maximum_is_not_read() -> None:
    result = calculate_mme(
        [{"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "max 1000000 a day"}]
    )
    assert not result.rows and result.excluded[0].reason_code == "frequency_unknown"


@pytest.mark.parametrize(
    ("name", "mg"),
    [("Percocet 10/325", 10), ("Endocet 7.5 mg/325 mg", D("7.5")), ("Percocet 2.5/325", D("2.5"))],
)
def test_regression_a_brand_with_its_strength_named_counts_that_strength(
    name: str, mg: Decimal
) -> None:
    """Before: every "Percocet ..." tablet was read as 5 mg of oxycodone (the Canadian
    strength), so US Percocet 10/325 QID counted 30 instead of 60 MME/day."""
    result = calculate_mme([{"drug": name, "dose": 1, "unit": "tablet", "frequency": "qid"}])
    (row,) = result.rows
    assert row.mme_per_day == D(mg) * 4 * D("1.5")
    assert "strength as named" in (row.read_as or "")


@pytest.mark.parametrize("name", ["Percocet 10", "Percocet 325/10", "Tramacet 650/75"])
def test_regression_a_brand_strength_that_cannot_be_read_is_refused(name: str) -> None:
    result = calculate_mme([{"drug": name, "dose": 1, "unit": "tablet", "frequency": "qid"}])
    assert not result.rows
    assert result.excluded[0].reason_code == "combination_strength_unknown"
    assert "could not be read" in result.excluded[0].reason


@pytest.mark.parametrize(
    "name",
    [
        "oxycodone/acetaminophen 325/5",
        "codeine 300 mg / acetaminophen 30 mg",
        "hydrocodone/ibuprofen 200/7.5",
    ],
)
def test_regression_combination_numbers_in_the_other_order_are_refused(name: str) -> None:
    """Before: "oxycodone/acetaminophen 325/5" counted 325 mg of oxycodone a tablet (1,950
    MME/day at one tablet QID), with only a soft "unusual" warning."""
    result = calculate_mme([{"drug": name, "dose": 1, "unit": "tablet", "frequency": "qid"}])
    assert not result.rows
    assert result.excluded[0].reason_code == "combination_strength_unknown"
    assert "smaller than the non-opioid part" in result.excluded[0].reason


#: Every rule and basis of clinical.md §2.1: (rule, basis, duration, fraction per step).
ALL_RULES = [
    ("cdc2022-long-term", "original", "long-term", D("0.10")),
    ("cdc2022-long-term", "current", "long-term", D("0.10")),
    ("hhs2019", "current", "long-term", D("0.20")),
    ("cdc2022-short-duration", "original-then-remaining", "short-term", D("0.10")),
    ("nougg2010", "original", "short-term", D("0.10")),
    ("nougg2010", "current", "short-term", D("0.10")),
    ("cdc2022-acute", "original", "short-term", D("0.20")),
    ("cdc2022-acute", "current", "short-term", D("0.20")),
    ("cdc2022-acute-brief", "original", "short-term", D("0.50")),
]


def _allowed(basis: str, start: Decimal, previous: Decimal, rate: Decimal) -> Decimal:
    if basis == "original" or (basis != "current" and previous > start * D("0.30")):
        return start * rate
    return previous * rate


@SETTINGS
@given(
    st.lists(regimen_row(), min_size=1, max_size=4),
    st.sampled_from(ALL_RULES),
    st.booleans(),
)
def test_every_rule_and_basis_is_never_faster_cumulatively_or_per_interval(
    meds: list[dict[str, Any]], rule_row: tuple[str, str, str, Decimal], use_percent: bool
) -> None:
    rule, basis, duration, rate = rule_row
    kwargs: dict[str, Any] = {"rule": rule, "basis": basis, "duration": duration}
    if use_percent and rate > D("0.05"):
        kwargs["percent"] = 5  # slower is always allowed
        rate = D("0.05")
    start = dt.date(2027, 1, 31)
    try:
        plan = plan_regimen_taper(meds, start_date=start, **kwargs).to_dict()
    except ClinicalInputError as error:
        assert error.message
        assume(False)
        return
    if plan["refused"]:
        return
    steps = plan["steps"]
    start_mme = _mme_of(steps[0])
    # the rule's schedule per interval, from §2.1
    fraction, floors = D(1), [D(1)]
    for _ in range(300):
        if basis == "original":
            fraction -= rate
        elif basis == "current" or fraction <= D("0.30"):
            fraction *= 1 - rate
        else:
            fraction -= rate
        floors.append(max(fraction, D(0)))
    days = {"day": 1, "2-days": 2, "week": 7, "2-weeks": 14, "4-weeks": 28}.get(plan["interval"])
    last_change_ticks = 0
    last_change_mme = start_mme
    for before, after in itertools.pairwise(steps):
        when = dt.date.fromisoformat(after["date"])
        if days is None:  # months
            ticks = (when.year - start.year) * 12 + when.month - start.month
        else:
            ticks = (when - start).days // days
        mme_before, mme_after = _mme_of(before), _mme_of(after)
        assert mme_after < mme_before
        assert all(_amounts(after).get(k, D(0)) <= v for k, v in _amounts(before).items()), (
            before,
            after,
        )
        assert mme_after >= start_mme * floors[ticks] - D("0.000001"), (ticks, before, after)
        waited = ticks - last_change_ticks
        if basis in ("current",) or (
            basis == "original-then-remaining" and last_change_mme <= start_mme * D("0.30")
        ):
            paced = last_change_mme * (1 - rate) ** waited
        else:
            paced = last_change_mme - start_mme * rate * waited
        assert mme_after >= paced - D("0.000001"), (
            meds,
            kwargs,
            waited,
            ticks,
            mme_before,
            mme_after,
        )
        allowed = _allowed(basis, start_mme, mme_before, rate)
        assert mme_before - mme_after <= allowed + D("0.000001"), (meds, kwargs, before, after)
        last_change_ticks, last_change_mme = ticks, mme_after


def test_regression_a_held_geometric_step_compounds_the_rate() -> None:
    """Before: under "10 % of the current dose a month" a patch held for 6 months dropped from
    25 to 12 mcg/h (60 -> 28.8 MME/day, 52 %), because the pace since the last change was
    counted as 6 x 10 % of 60; compounded, 6 months allow 47 % (to 31.9)."""
    plan = plan_regimen_taper(
        [{"drug": "fentanyl", "dose": 62, "unit": "mcg/h"}],
        start_date=dt.date(2027, 1, 31),
        rule="cdc2022-long-term",
        basis="current",
        duration="long-term",
    ).to_dict()
    mmes = [_mme_of(s) for s in plan["steps"]]
    dates = [dt.date.fromisoformat(s["date"]) for s in plan["steps"]]
    for (m0, d0), (m1, d1) in itertools.pairwise(zip(mmes, dates, strict=True)):
        months = (d1.year - d0.year) * 12 + d1.month - d0.month
        assert m1 >= m0 * D("0.9") ** months - D("0.000001")


@pytest.mark.parametrize(
    ("row", "mme"),
    [
        (
            {
                "drug": "Tylenol No. 3",
                "dose": 2,
                "unit": "tablets",
                "frequency": "max 8 tablets a day",
            },
            36,
        ),
        ({"drug": "Percocet", "dose": 1, "unit": "tablet", "frequency": "max 6 tabs per day"}, 45),
        (
            {"drug": "Percocet", "dose": 2, "unit": "tablet", "frequency": "up to 5 tablets a day"},
            D("37.5"),
        ),
    ],
)
def test_regression_a_prn_maximum_in_tablets_counts_tablets_not_doses(
    row: dict[str, Any], mme: Decimal
) -> None:
    """Before: "2 tablets, max 8 tablets a day" counted 8 doses of 2 tablets (16 tablets,
    480 mg codeine, 72 MME/day) instead of the 8 tablets stated (36 MME/day)."""
    (counted,) = calculate_mme([row]).rows
    assert counted.mme_per_day == mme


def test_regression_a_prn_maximum_in_tablets_with_a_dose_in_mg_is_refused() -> None:
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": 10, "unit": "mg", "frequency": "max 4 tabs per day"}]
    )
    assert not result.rows
    assert "counts tablets" in result.excluded[0].reason


@pytest.mark.parametrize(
    "uncounted",
    [
        {"drug": "hydromorphone", "dose": 4000, "unit": "mcg", "times_per_day": 4},
        {"drug": "buprenorphine", "dose": 20, "unit": "mcg/h"},
        {"drug": "levorphanol", "dose": 2, "unit": "mg", "times_per_day": 3},
    ],
)
def test_regression_a_rapid_rule_is_refused_when_uncounted_rows_hide_the_dose(
    uncounted: dict[str, Any],
) -> None:
    """Before: morphine 40 MME/day plus an opioid row that could not be counted (here up to
    80 MME/day more) passed the "below 50 MME/day" gate for a rapid rule in long-term use."""
    plan = plan_regimen_taper(
        [{"drug": "morphine", "dose": 20, "unit": "mg", "times_per_day": 2}, uncounted],
        start_date=dt.date(2027, 1, 31),
        rule="nougg2010",
        interval="week",
        duration="long-term",
    )
    assert plan.refused is not None and plan.refused.code == "rapid_rule_long_term"
    assert "could not be counted" in plan.refused.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_mme_per_day": "1e999999"}, "start_mme_per_day"),
        ({"start_mme_per_day": "1e-999999"}, "start_mme_per_day"),
        ({"start_mme_per_day": 90, "start_daily_dose": "1e999999"}, "dose"),
        ({"start_mme_per_day": 90, "start_daily_dose": 60, "dose_step": "1e-999"}, "dose_step"),
    ],
)
def test_regression_plan_taper_refuses_absurd_numbers(kwargs: dict[str, Any], field: str) -> None:
    """Before: 1e999999 MME/day was planned (steps of 9E+999998 MME/day)."""
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_date=dt.date(2027, 1, 1), **kwargs)
    assert error.value.code == "taper.absurd_number" and error.value.field == field
