"""Invariants of regimen taper plans, on regimens generated at random (Hypothesis).

Each property is checked from the outside: the MME of a step is recomputed from the step's
doses with the calculator and the named table, the schedule from the dates, and the rule's
rate from its published figure (CDC 2022: about 10 % per month; HHS 2019: at most 20 % every
four weeks), never from the planner's own constants.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

#: Examples per property: fewer in a mutation run (make mutation sets the variable).
EXAMPLES = int(os.environ.get("ECHOHUB_HYPOTHESIS_EXAMPLES", "0")) or None


def examples(default: int) -> int:
    return EXAMPLES or default


#: Published per-step maxima (clinical.md §2.1): fraction of the starting MME/day per step,
#: and the shortest interval in days between two steps.
PUBLISHED = {
    "cdc2022-long-term": (Decimal("0.10"), 28),
    "hhs2019": (Decimal("0.20"), 28),
    "cdc2016": (Decimal("0.10"), 7),
}

ORAL = {
    "oxycodone": [5, 10, 15, 20, 30, 40, 60, 80],
    "morphine": [5, 10, 15, 25, 30, 50, 60, 100, 200],
    "hydromorphone": [1, 2, 3, Decimal("4.5"), 4, 6, 8, 12, 24, 30],
    "codeine": [15, 30, 50, 100, 150, 200],
    "tapentadol": [50, 75, 100, 150, 200, 250],
    "tramadol": [50, 75, 100, 150, 200, 300],
    "hydrocodone": [5, 10, 20],
    "oxymorphone": [5, 10, 20, 40],
}
PATCHES = [12, 25, Decimal("37.5"), 50, 75, 100]


@st.composite
def oral_row(draw: st.DrawFn) -> dict[str, Any]:
    drug = draw(st.sampled_from(sorted(ORAL)))
    strengths = draw(st.lists(st.sampled_from(ORAL[drug]), min_size=1, max_size=4, unique=True))
    per_dose = sum(draw(st.lists(st.sampled_from(strengths), min_size=1, max_size=4)))
    times = draw(st.integers(min_value=1, max_value=4))
    row: dict[str, Any] = {
        "drug": drug,
        "dose": per_dose,
        "unit": "mg",
        "times_per_day": times,
        "strengths": strengths,
    }
    if draw(st.booleans()) and times > 1:
        row["as_needed"] = True
    if draw(st.integers(0, 4)) == 0:
        del row["strengths"]  # the planner assumes the Canadian strengths
    return row


@st.composite
def patch_row(draw: st.DrawFn) -> dict[str, Any]:
    strengths = draw(st.lists(st.sampled_from(PATCHES), min_size=1, max_size=3, unique=True))
    rate = sum(draw(st.lists(st.sampled_from(strengths), min_size=1, max_size=3)))
    return {"drug": "fentanyl", "dose": rate, "unit": "mcg/h", "strengths": strengths}


@st.composite
def combination_row(draw: st.DrawFn) -> dict[str, Any]:
    """Tablets of a combination product, or an oral liquid in mL."""
    if draw(st.booleans()):
        return {
            "drug": draw(st.sampled_from(["Tylenol No. 3", "Percocet", "Tramacet", "T2"])),
            "dose": draw(st.integers(1, 2)),
            "unit": "tablet",
            "times_per_day": draw(st.integers(1, 4)),
        }
    return {
        "drug": draw(st.sampled_from(["morphine", "hydromorphone", "oxycodone"])),
        "formulation": "oral solution",
        "dose": draw(st.sampled_from([2, Decimal("2.5"), 5, 10])),
        "unit": "mL",
        "concentration": draw(st.sampled_from([1, 2, 5, 10])),
        "times_per_day": draw(st.integers(1, 6)),
    }


regimens = st.lists(
    st.one_of(oral_row(), oral_row(), patch_row(), combination_row()), min_size=1, max_size=3
)


def _plan(meds: list[dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    try:
        return plan_regimen_taper(meds, start_date=dt.date(2027, 1, 31), **kwargs).to_dict()
    except ClinicalInputError as error:
        assume(error.code != "taper.nothing_to_taper")  # e.g. tramadol under CDC 2016
        raise


def _rows(step: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for d in step["doses"]:
        if d["dose"] == 0:
            continue
        row = {"drug": d["drug"], "dose": Decimal(str(d["dose"])), "unit": d["unit"]}
        if d["unit"] == "mcg/h":
            row["formulation"] = "patch"
        else:
            row["times_per_day"] = d["times_per_day"]
        rows.append(row)
    return rows


def _per_drug(step: dict[str, Any]) -> dict[tuple[int, str], Decimal]:
    totals: dict[tuple[int, str], Decimal] = {}
    for d in step["doses"]:
        key = (d["row"], d["drug"])
        amount = Decimal(str(d["dose"])) * (d["times_per_day"] or 1)
        totals[key] = totals.get(key, Decimal(0)) + amount
    return totals


def _exact_mme(step: dict[str, Any], table: str) -> Decimal:
    rows = _rows(step)
    return calculate_mme(rows, table=table).total_mme_per_day if rows else Decimal(0)


def _too_large_steps(plan: dict[str, Any]) -> set[int]:
    flagged = {
        s["step"]
        for s in plan["steps"]
        if any(w["code"] == "step_too_large" for w in s["warnings"])
    }
    listed = {
        n for w in plan["warnings"] if w["code"] == "step_too_large" for n in w.get("steps", [])
    }
    assert listed - {None} == flagged  # the plan-level warning names every flagged step
    return flagged


def _months_between(a: dt.date, b: dt.date) -> int:
    months = (b.year - a.year) * 12 + b.month - a.month
    return months if b.day >= min(a.day, 28) else months - 1


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meds=regimens, table=st.sampled_from(["cdc2022", "cdc2016", "cdc-analytic"]))
def test_a_long_term_plan_is_never_faster_than_10_percent_a_month(
    meds: list[dict[str, Any]], table: str
) -> None:
    plan = _plan(meds, table=table, duration="long-term")
    assert plan["refused"] is None
    steps = plan["steps"]
    start = _exact_mme(steps[0], table)
    assert start == calculate_mme(meds, table=table).total_mme_per_day
    start_date = dt.date.fromisoformat(steps[0]["date"])
    too_large = _too_large_steps(plan)
    previous = steps[0]
    for step in steps[1:]:
        mme = _exact_mme(step, table)
        before = _exact_mme(previous, table)
        when = dt.date.fromisoformat(step["date"])
        # At least four weeks between two changes.
        assert (when - dt.date.fromisoformat(previous["date"])).days >= 28
        # Never above the schedule: 10 % of the starting dose per elapsed month at most.
        months = _months_between(start_date, when)
        assert mme >= start * (1 - Decimal("0.10") * months) - Decimal("1e-9")
        # Each step cuts at most 10 % of the start, unless flagged as too large; and never
        # more than 10 % of the start per month since the previous change (a larger step waits).
        if before - mme > start * Decimal("0.10") + Decimal("1e-9"):
            assert step["step"] in too_large
        waited = _months_between(dt.date.fromisoformat(previous["date"]), when)
        assert before - mme <= start * Decimal("0.10") * waited + Decimal("1e-9")
        # A patch is never removed in a step larger than the rule.
        if before - mme > start * Decimal("0.10") + Decimal("1e-9"):
            stopped_patches = [d for d in step["doses"] if d["unit"] == "mcg/h" and d["dose"] == 0]
            was_on = {d["row"] for d in previous["doses"] if d["unit"] == "mcg/h" and d["dose"]}
            assert not [d for d in stopped_patches if d["row"] in was_on]
        # Lower, and no drug goes up.
        assert mme < before
        now, then = _per_drug(step), _per_drug(previous)
        for key, amount in now.items():
            assert amount <= then.get(key, amount)
        # The MME shown is the calculator's, per drug with the named table.
        assert abs(Decimal(str(step["mme_per_day"])) - mme) <= Decimal("0.005")
        previous = step
    if plan["complete"]:
        assert _exact_mme(steps[-1], table) == 0


@settings(max_examples=examples(60), deadline=None)
@given(meds=regimens)
def test_the_hhs_rule_never_cuts_more_than_20_percent_in_four_weeks(
    meds: list[dict[str, Any]],
) -> None:
    plan = _plan(meds, rule="hhs2019", percent=20)
    steps = plan["steps"]
    start = _exact_mme(steps[0], "cdc2022")
    too_large = _too_large_steps(plan)
    for before, step in itertools.pairwise(steps):
        gap = dt.date.fromisoformat(step["date"]) - dt.date.fromisoformat(before["date"])
        assert gap.days >= 28
        cut = _exact_mme(before, "cdc2022") - _exact_mme(step, "cdc2022")
        if cut > start * Decimal("0.20") + Decimal("1e-9"):
            assert step["step"] in too_large


@settings(max_examples=examples(60), deadline=None)
@given(meds=regimens, position=st.integers(0, 3), purpose=st.sampled_from([None, "pain", "oud"]))
def test_methadone_anywhere_in_a_regimen_gets_no_plan(
    meds: list[dict[str, Any]], position: int, purpose: str | None
) -> None:
    methadone: dict[str, Any] = {"drug": "methadone", "dose": 20, "unit": "mg", "times_per_day": 1}
    if purpose:
        methadone["purpose"] = purpose
    meds = [*meds[:position], methadone, *meds[position:]]
    plan = _plan(meds)
    assert plan["refused"]["code"] == ("oud_treatment" if purpose == "oud" else "methadone")
    assert plan["steps"] == []


@settings(max_examples=examples(60), deadline=None)
@given(meds=regimens, index=st.integers(0, 2))
def test_oud_treatment_gets_no_plan(meds: list[dict[str, Any]], index: int) -> None:
    meds[index % len(meds)]["purpose"] = "oud"
    plan = _plan(meds)
    assert plan["refused"]["code"] == "oud_treatment"
    assert plan["steps"] == []


@settings(max_examples=examples(80), deadline=None)
@given(
    meds=regimens,
    rule=st.sampled_from(["cdc2022-acute", "cdc2022-acute-brief", "nougg2010"]),
    duration=st.sampled_from(["long-term", None, "short-term"]),
)
def test_rapid_rules_are_refused_for_long_term_use_at_50_mme_or_more(
    meds: list[dict[str, Any]], rule: str, duration: str | None
) -> None:
    total = calculate_mme(meds).total_mme_per_day
    assume(total > 0)
    plan = _plan(meds, rule=rule, duration=duration)
    if duration != "short-term" and total >= 50:
        assert plan["refused"]["code"] == "rapid_rule_long_term"
    else:
        assert plan["refused"] is None
        assert plan["steps"]


@settings(max_examples=examples(60), deadline=None)
@given(meds=regimens)
def test_percentages_are_rounded_for_people_and_cautions_travel_with_every_plan(
    meds: list[dict[str, Any]],
) -> None:
    plan = _plan(meds)
    for step in plan["steps"]:
        for key in ("percent_of_start", "reduction_percent_of_start"):
            assert len(str(step[key]).partition(".")[2]) <= 1
    text = " ".join(plan["safety"]).casefold()
    for needed in ("naloxone", "pause", "suicide", "opioid use disorder", "pregnan", "withdrawal"):
        assert needed in text
    assert "incomplete cross-tolerance" in plan["caveat"]


@pytest.mark.parametrize("table", ["cdc2022", "cdc2016", "cdc-analytic"])
def test_a_large_start_in_small_strengths_still_finishes(table: str) -> None:
    plan = _plan(
        [{"drug": "morphine", "dose": 200, "unit": "mg", "times_per_day": 4, "strengths": [5]}],
        table=table,
    )
    assert plan["complete"]
    assert plan["steps"][-1]["mme_per_day"] == 0


@settings(max_examples=examples(60), deadline=None)
@given(meds=regimens, table=st.sampled_from(["cdc2022", "cdc-analytic"]))
def test_every_step_reads_back_through_the_calculator_as_given(
    meds: list[dict[str, Any]], table: str
) -> None:
    """A step's doses, fed to the calculator exactly as printed (drug, formulation, dose, unit,
    times a day), give the step's MME/day: a script can check a plan with `echohub mme`."""
    plan = _plan(meds, table=table)
    for step in plan["steps"]:
        rows = [
            {k: d[k] for k in ("drug", "formulation", "dose", "unit")}
            | ({"times_per_day": d["times_per_day"]} if d["times_per_day"] else {})
            for d in step["doses"]
            if d["dose"]
        ]
        total = calculate_mme(rows, table=table).total_mme_per_day if rows else Decimal(0)
        assert abs(total - Decimal(str(step["mme_per_day"]))) <= Decimal("0.005")


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(-1, 200), max_size=4),
)
_fuzz_rows = st.lists(
    st.dictionaries(
        st.sampled_from(
            [
                "drug",
                "dose",
                "unit",
                "times_per_day",
                "frequency",
                "formulation",
                "strengths",
                "purpose",
                "as_needed",
                "concentration",
            ]
        ),
        st.one_of(
            _values,
            st.sampled_from(
                [
                    "oxycodone",
                    "fentanyl",
                    "mg",
                    "mcg/h",
                    "tablet",
                    "mL",
                    "q6h prn",
                    "Percocet",
                    "methadone",
                    "pain",
                    "oud",
                    "patch",
                ]
            ),
        ),
    ),
    max_size=4,
)


@settings(max_examples=examples(150), deadline=None)
@given(
    medications=_fuzz_rows,
    start=st.sampled_from(["2027-01-04", "2027-02-30", "", "9999-12-31", "0001-01-01"]),
    rule=st.sampled_from([None, "cdc2022-long-term", "hhs2019", "nope", 7]),
    duration=st.sampled_from([None, "long-term", "short-term", "forever"]),
)
def test_the_cli_never_crashes_whatever_it_reads(
    medications: list[dict[str, Any]], start: str, rule: Any, duration: Any
) -> None:
    """Exit 0 (a plan or a refusal) or 2 (bad input, one line): never a traceback."""
    import io
    import json

    from clinical.cli import main

    payload: dict[str, Any] = {"medications": medications, "start_date": start}
    if rule is not None:
        payload["rule"] = rule
    if duration is not None:
        payload["duration"] = duration
    out, err = io.StringIO(), io.StringIO()
    text = json.dumps(payload, default=str)
    code = main(["taper", "--json"], stdin=io.StringIO(text), stdout=out, stderr=err)
    assert code in (0, 2)
    if code == 2:
        assert err.getvalue().count("\n") == 1 and out.getvalue() == ""
    else:
        json.loads(out.getvalue())
