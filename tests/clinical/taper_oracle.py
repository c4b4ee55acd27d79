"""An independent checker of taper plans for the clinical hunts (tests/clinical/
test_unseen_regimens_11.py, _12.py): the factors re-typed from shared/reference/clinical.md, never
imported from the package, and every step of a plan checked against its rule (clinical.md §2.1):
valued from its own doses, no cut larger than the rule's rate for one interval (all rows and the
scheduled rows), at or above the rule's schedule at its date, no row going up, at most 4 patches.
Each hunt draws its own rows; this module values and plans them."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from decimal import Decimal
from typing import Any

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
EPS = D("0.000001")

#: A row as a hunt wrote it: (the row, the opioid it is, the amount a dose, doses a day, as
#: needed).
Written = tuple[dict[str, Any], str, Decimal, Decimal, bool]

#: clinical.md §1.2 (CDC 2022), §1.3 (CDC 2016; methadone by tier), §1.4 (analytic file, 2018).
FACTORS: dict[str, dict[str, Decimal]] = {
    "cdc2022": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D("1.0"),
        "hydromorphone": D("5.0"),
        "methadone": D("4.7"),
        "morphine": D("1.0"),
        "oxycodone": D("1.5"),
        "oxymorphone": D("3.0"),
        "tapentadol": D("0.4"),
        "tramadol": D("0.2"),
    },
    "cdc2016": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D("1"),
        "hydromorphone": D("4"),
        "morphine": D("1"),
        "oxycodone": D("1.5"),
        "oxymorphone": D("3"),
        "tapentadol": D("0.4"),
    },
    "cdc-analytic": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D("1"),
        "hydromorphone": D("4"),
        "methadone": D("3"),
        "morphine": D("1"),
        "oxycodone": D("1.5"),
        "oxymorphone": D("3"),
        "tapentadol": D("0.4"),
        "tramadol": D("0.1"),
    },
}


def methadone_2016(total_mg: Decimal) -> Decimal:
    """clinical.md §1.3: 1-20 mg/day x4, 21-40 x8, 41-60 x10, 61-80 x12 (of the total)."""
    for highest, factor in ((20, 4), (40, 8), (60, 10)):
        if total_mg <= highest:
            return D(factor)
    return D(12)


def expected_mme(written: list[Written], table: str) -> Decimal:
    total = D(0)
    methadone = sum((a * t for _, o, a, t, _ in written if o == "methadone"), D(0))
    for _, opioid, amount, times, _ in written:
        if opioid == "methadone" and table == "cdc2016":
            total += amount * times * methadone_2016(methadone)
        elif opioid in FACTORS[table]:
            total += amount * times * FACTORS[table][opioid]
    return total


#: clinical.md §2.1: rule -> (bases, intervals, highest percent a step).
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "cdc2022-long-term": (("original", "current"), ("month",), 10),
    "cdc2016": (("original",), ("week", "month"), 10),
    "hhs2019": (("original", "current"), ("4-weeks",), 20),
    "nougg2010": (("original", "current"), ("day", "week", "2-weeks"), 10),
}
DAYS = {"day": 1, "week": 7, "2-weeks": 14, "4-weeks": 28}


def _ticks(interval: str, when: dt.date, start: dt.date) -> int:
    if interval == "month":
        months = (when.year - start.year) * 12 + when.month - start.month
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        assert when == dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return months
    days = (when - start).days
    assert days % DAYS[interval] == 0, (interval, when)
    return days // DAYS[interval]


def _schedule(basis: str, start: Decimal, rate: Decimal, ticks: int) -> Decimal:
    fraction = D(1)
    for _ in range(ticks):
        fraction = fraction - rate if basis == "original" else fraction * (1 - rate)
    return max(start * fraction, D(0))


def _allowance(basis: str, start: Decimal, before: Decimal, rate: Decimal) -> Decimal:
    return start * rate if basis == "original" else before * rate


#: Patch labels and what they deliver (product monographs: the 12 delivers 12.5).
DELIVERED = {D(12): D("12.5"), D(37): D("37.5")}


def _valued(step: Any, table: str, prn: list[bool]) -> tuple[Decimal, Decimal, dict[int, Decimal]]:
    """A step's MME/day from its own doses (all, and the scheduled rows as written), with the
    re-typed factors, and each row's amount a day; each patch line worn as at most 4 patches."""
    total, scheduled, per_row = D(0), D(0), {}
    for line in step.doses:
        if line.unit == "mcg/h":
            amount = line.dose
            if step.step > 0:
                assert len(line.patches) <= 4, line.patches  # a plan wears at most four
                assert sum(line.patches, D(0)) == line.dose
        else:
            amount = line.dose * (line.times_per_day or 0)
        mme = amount * FACTORS[table][line.drug]
        assert line.mme_per_day == mme, (line, mme)
        total += mme
        if not prn[line.row]:
            scheduled += mme
        per_row[line.row] = per_row.get(line.row, D(0)) + amount
    return total, scheduled, per_row


def check(r: random.Random, written: list[Written], start_date: dt.date) -> str:
    """Value `written` (the rows as a hunt wrote them, with what each means) in a table drawn
    from `r`, plan a taper by a rule, basis, interval and percent drawn from `r`, and check
    every step against the rule: "input error", "refused" or "planned"."""
    rows = [item[0] for item in written]
    table = r.choice(["cdc2022", "cdc2022", "cdc2016", "cdc-analytic"])
    expected = expected_mme(written, table)
    result = calculate_mme(rows, table=table)
    for excluded in result.excluded:  # only rows with no factor in the table stay uncounted
        opioid = written[excluded.index][1]
        assert opioid == "buprenorphine" or opioid not in FACTORS[table], excluded.reason
    assert result.total_mme_per_day == expected, (rows, result.total_mme_per_day, expected)
    rule = r.choice(sorted(RULES))
    bases, intervals, most = RULES[rule]
    basis, interval = r.choice(bases), r.choice(intervals)
    percent = r.choice([None, r.randint(1, most)])
    try:
        plan = plan_regimen_taper(
            rows,
            start_date=start_date,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            duration="long-term",
            table=table,
        )
    except ClinicalInputError as error:
        assert error.code and error.message
        return "input error"
    if plan.refused is not None:
        assert plan.refused.code in ("methadone", "buprenorphine", "oud_treatment",
                                    "rapid_rule_long_term"), plan.refused  # fmt: skip
        return "refused"
    assert not any(o == "methadone" for _, o, *_ in written)  # methadone is never planned
    prn = [item[4] for item in written]
    start = plan.start_mme_per_day
    assert start == expected
    rate = plan.percent / 100
    assert 0 < plan.percent <= most
    before, before_scheduled, before_rows = _valued(plan.steps[0], table, prn)
    assert before == start
    start_scheduled = before_scheduled
    for step in plan.steps[1:]:
        now, scheduled, per_row = _valued(step, table, prn)
        assert now == step.mme_per_day
        # per step: never more than the rule's rate for one interval
        assert before - now <= _allowance(basis, start, before, rate) + EPS, (step.step, now)
        if before_scheduled - scheduled > 0:
            allowed = _allowance(basis, start_scheduled, before_scheduled, rate)
            assert before_scheduled - scheduled <= allowed + EPS, (step.step, scheduled)
        # over time: at or above the rule's schedule at that date
        ticks = _ticks(plan.interval.value, step.date, start_date)
        assert now >= _schedule(basis, start, rate, ticks) - EPS, (step.step, now)
        for row_index, amount in per_row.items():
            assert amount <= before_rows[row_index] + EPS  # no row goes up
        before, before_scheduled, before_rows = now, scheduled, per_row
    for warning in plan.warnings:  # a cap is named only when more patches are worn or needed
        if "at most 4 patches" in warning.message:
            assert any(o == "fentanyl" for _, o, *_ in written)
    if plan.complete:
        assert plan.steps[-1].mme_per_day == 0
    else:
        codes = {w.code for w in plan.warnings}
        assert "step_too_large" in codes or basis == "current" or len(plan.steps) > 100, codes
    return "planned"
