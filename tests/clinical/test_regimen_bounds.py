"""Regimen plans take bounded work over the whole range the API accepts.

Before: the planner listed every daily amount the strengths could make and tried every one of
them at every interval, so one 100 mg row with twenty strengths of a few micrograms took
seconds of CPU (and 30 such rows, minutes). Now the levels of an oral line are computed when
asked for and each interval bisects them, and strengths that make more than
``MAX_AMOUNTS`` amounts up to the dose are refused with a reason. The checks count work
(levels looked at), never time. Ordinary answers are unchanged: the lazy levels equal the
eager list they replace, and the bisection picks what trying every level picked.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, regimen
from clinical.regimen import (
    CUT_EPSILON,
    GEOMETRIC_STEPS,
    HUNDRED,
    MAX_AMOUNTS,
    MAX_TICKS,
    Warning_,
    _join,
    _Level,
    _merge,
    _oral_levels,
    _scheduled_mme,
    _step,
    _stop,
    _sums,
    _verify,
    allowed_cut,
    plan_regimen_taper,
    schedule_floor,
)

EXAMPLES = int(os.environ.get("ECHOHUB_HYPOTHESIS_EXAMPLES", "0")) or None
START = dt.date(2027, 1, 4)


def examples(default: int) -> int:
    return EXAMPLES or default


# --- References: the eager construction and the exhaustive search they replace ---------------


def eager_levels(start: int, times: int, strengths: Sequence[int]) -> list[_Level]:
    """Every level, built ahead and deduplicated (the construction before the change)."""
    smallest = min(strengths)
    most = max(4, math.ceil(start / smallest)) if smallest else 4
    amounts = list(_sums(strengths, min(most, 1000), start))
    if amounts[-1] != start:
        amounts.append(start)
    levels: dict[int, _Level] = {0: _Level(0, ((0, times),))}
    for higher, lower in zip(amounts[1:], amounts[:-1], strict=True):
        for n in range(1, times + 1):
            total = n * higher + (times - n) * lower
            parts = tuple(p for p in ((higher, n), (lower, times - n)) if p[1] and p[0])
            known = levels.get(total)
            if known is None or sum(c for _, c in parts) > sum(c for _, c in known.parts):
                levels[total] = _Level(total, parts)
    return [levels[t] for t in sorted(levels)]


def exhaustive_schedule(lines: list[Any], **kw: Any) -> Any:
    """``_schedule`` as it was: every lower level of every line tried at every interval."""
    start_mme, rule, percent = kw["start_mme"], kw["rule"], kw["percent"]
    interval, basis, start_date = kw["interval"], kw["basis"], kw["start_date"]
    rate = percent / HUNDRED
    warnings: list[Warning_] = []
    steps = [_step(0, start_date, lines, start_mme, start_mme, interval, "today's regimen", ())]
    previous = start_mme
    changes = 0
    limit = GEOMETRIC_STEPS if basis == "current" else MAX_TICKS
    with_as_needed = any(ln.as_needed for ln in lines)
    scheduled_start = _scheduled_mme(lines)
    for tick in range(1, MAX_TICKS + 1):
        if all(ln.current == 0 for ln in lines):
            break
        floor = schedule_floor(
            start=start_mme, rate=rate, basis=basis, switch_at=rule.switch_at, ticks=tick
        )
        most = allowed_cut(
            start=start_mme, previous=previous, rate=rate, basis=basis, switch_at=rule.switch_at
        )
        # a scheduled line's cut is also within the rule's allowance of the scheduled MME/day
        scheduled_now = _scheduled_mme(lines)
        most_scheduled = min(
            most,
            allowed_cut(
                start=scheduled_start,
                previous=scheduled_now,
                rate=rate,
                basis=basis,
                switch_at=rule.switch_at,
            ),
        )
        most_of = [most_scheduled if with_as_needed and not ln.as_needed else most for ln in lines]
        candidates = []
        for li, ln in enumerate(lines):
            here = ln.mme(ln.levels[ln.current])
            for lv in range(ln.current):
                new = previous - here + ln.mme(ln.levels[lv])
                candidates.append((new, 0 if ln.as_needed else 1, li, lv))
        if not candidates:
            break
        within = [c for c in candidates if previous - c[0] <= most_of[c[2]] + CUT_EPSILON]
        if not within:
            gentlest = max(candidates, key=lambda c: (c[0], -c[1], -c[2]))
            line = lines[gentlest[2]]
            if with_as_needed and not line.as_needed:
                shifted = (gentlest[0] - previous + scheduled_now, *gentlest[1:])
                stop, hint = _stop(
                    line,
                    shifted,
                    scheduled_now,
                    most_scheduled,
                    scheduled_start,
                    basis,
                    rule,
                    scheduled=True,
                )
            else:
                stop, hint = _stop(line, gentlest, previous, most, start_mme, basis, rule)
            steps[-1] = replace(steps[-1], note=_join(steps[-1].note, stop))
            warnings.append(Warning_("step_too_large", f"{stop}.{hint}", step=None))
            break
        allowed_now = [c for c in within if c[0] >= floor]
        if not allowed_now:
            continue
        new, _, li, lv = min(allowed_now, key=lambda c: (c[0], c[1], c[2]))
        lines[li].current = lv
        when = interval.add(start_date, tick)
        note = None
        if all(ln.current == 0 for ln in lines):
            note = "all opioids in the plan stopped"
        elif lines[li].current == 0:
            note = f"{lines[li].label} stopped"
        steps.append(
            _step(len(steps), when, lines, new, start_mme, interval, note, (), previous=previous)
        )
        previous = new
        changes += 1
        if changes >= limit:
            break
    complete = all(ln.current == 0 for ln in lines)
    _verify(steps, kw["table"])
    return steps, _merge(warnings), complete


# --- Equivalence on ordinary inputs -------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(
    strengths=st.lists(st.integers(1, 40), min_size=1, max_size=5, unique=True),
    start=st.integers(1, 400),
    times=st.integers(1, 8),
)
def test_lazy_levels_equal_the_eager_list(strengths: list[int], start: int, times: int) -> None:
    scaled = sorted(s * 500 for s in strengths)  # 0.5 mg units
    lazy = _oral_levels(start * 500, times, scaled)
    assert list(lazy) == eager_levels(start * 500, times, scaled)
    assert lazy[-1].total == start * 500 * times
    assert lazy.start_made == (start * 500 in _sums(scaled, 1000, start * 500))


ORAL = {
    "oxycodone": [5, 10, 15, 20, 40],
    "morphine": [5, 10, 15, 30, 60],
    "hydromorphone": [1, 2, 3, Decimal("4.5"), 6],
    "tapentadol": [50, 75, 100],
    "codeine": [15, 30],
}
RULES = [
    ("cdc2022-long-term", {}),
    ("cdc2022-long-term", {"basis": "current"}),
    ("hhs2019", {"percent": 20}),
    ("hhs2019", {"percent": 5}),
    ("cdc2022-short-duration", {"duration": "short-term"}),
    ("cdc2022-acute", {"duration": "short-term", "basis": "current"}),
    ("cdc2016", {"duration": "short-term", "interval": "week"}),
]


@st.composite
def regimen_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()) and draw(st.booleans()):
            rate = draw(st.sampled_from([12, 25, 37, 50, 75, 100, 150]))
            rows.append({"drug": "fentanyl", "dose": rate, "unit": "mcg/h"})
            continue
        drug = draw(st.sampled_from(sorted(ORAL)))
        strengths = draw(st.lists(st.sampled_from(ORAL[drug]), min_size=1, max_size=3, unique=True))
        dose = sum(draw(st.lists(st.sampled_from(ORAL[drug]), min_size=1, max_size=3)))
        row: dict[str, Any] = {
            "drug": drug,
            "dose": dose,
            "unit": "mg",
            "times_per_day": draw(st.integers(1, 4)),
            "as_needed": draw(st.booleans()),
        }
        if draw(st.booleans()):
            row["strengths"] = strengths
        rows.append(row)
    return rows


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=regimen_rows(), choice=st.sampled_from(RULES))
def test_bisection_picks_what_trying_every_level_picked(
    rows: list[dict[str, Any]], choice: tuple[str, dict[str, Any]]
) -> None:
    rule, kwargs = choice
    fast = plan_regimen_taper(rows, start_date=START, rule=rule, **kwargs).to_dict()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(regimen, "_schedule", exhaustive_schedule)
        slow = plan_regimen_taper(rows, start_date=START, rule=rule, **kwargs).to_dict()
    assert fast == slow


# --- Work is bounded ----------------------------------------------------------------------------


def _count_levels_looked_at(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = regimen._Line.mme

    def counting(self: Any, level: _Level) -> Decimal:
        calls[0] += 1
        return original(self, level)

    monkeypatch.setattr(regimen._Line, "mme", counting)
    return calls


def test_regression_many_small_strengths_look_at_few_levels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """100 mg four times a day with twenty strengths of 1 to 20 mg: about 400 thousand daily
    amounts exist; each interval bisects them (the exhaustive search tried them all, every
    interval: 3.7 s of CPU for one row)."""
    calls = _count_levels_looked_at(monkeypatch)
    row = {"drug": "morphine", "dose": 1999, "unit": "mg", "times_per_day": 48}
    row["strengths"] = list(range(1, 21))
    plan = plan_regimen_taper([row], start_date=START)
    assert plan.complete and len(plan.steps) == 12
    levels = regimen._oral_levels(1999 * 1000, 48, [s * 1000 for s in range(1, 21)])
    assert len(levels) > 90_000
    # Per interval: the current level, the gentlest change and a bisection of the levels.
    per_interval = 3 + 2 * math.ceil(math.log2(len(levels)))
    intervals = (plan.steps[-1].date.year - START.year) * 12 + plan.steps[-1].date.month
    assert calls[0] <= intervals * per_interval + 2 * len(plan.steps)


def test_regression_thirty_rows_at_the_api_limits_look_at_few_levels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_levels_looked_at(monkeypatch)
    row = {"drug": "morphine", "dose": 1999, "unit": "mg", "times_per_day": 48}
    row["strengths"] = list(range(1, 21))
    plan = plan_regimen_taper([row] * 30, start_date=START, rule="hhs2019", percent=5)
    assert plan.complete
    ticks = len(plan.steps) + 1
    assert calls[0] <= ticks * 30 * (3 + 2 * 17) + 2 * len(plan.steps) * 30


def test_regression_strengths_far_smaller_than_the_dose_are_refused_with_a_reason() -> None:
    """Twenty strengths of 1 to 20 micrograms (0.001-0.020 mg) for 100 mg make every amount
    in 0.001 mg steps: refused (taper.too_many_doses), never searched."""
    row = {
        "drug": "morphine",
        "dose": 100,
        "unit": "mg",
        "times_per_day": 24,
        "strengths": [Decimal(k) / 1000 for k in range(1, 21)],
    }
    with pytest.raises(ClinicalInputError) as refused:
        plan_regimen_taper([row], start_date=START)
    assert refused.value.code == "taper.too_many_doses"
    assert "2,000" in refused.value.message and "strengths actually dispensed" in (
        refused.value.message
    )


def test_the_amounts_search_stops_at_its_limit() -> None:
    with pytest.raises(regimen.TooManyAmounts):
        _sums(list(range(1, 21)), 1000, 10**8, MAX_AMOUNTS)
    assert len(_sums([1], 5000, MAX_AMOUNTS - 1, MAX_AMOUNTS)) == MAX_AMOUNTS


def test_ordinary_liquids_and_tablets_stay_under_the_limit() -> None:
    """Oral liquids in 0.5 mL steps up to 100 mL a dose, and 1 mg tablets up to 1 g a dose,
    are planned (far under the limit)."""
    liquid = {"drug": "morphine", "dose": 100, "unit": "mL", "concentration": 1, "frequency": "q4h"}
    tablets = {"drug": "morphine", "dose": 1000, "unit": "mg", "times_per_day": 2}
    tablets["strengths"] = [1, 5, 10]
    for row in (liquid, tablets):
        plan = plan_regimen_taper([row], start_date=START)
        assert plan.refused is None and plan.steps
