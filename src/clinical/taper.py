"""Opioid taper schedules built only from the rates and intervals in clinical.md §2.

A plan is plain data for a UI: steps with dates, the share of the starting dose, MME/day (and
the daily dose of one opioid when given), follow-up reminders at least monthly, and the rule
and wording of the source it follows. It is a starting point for an individualised plan,
never an order (clinical.md §2.1: "individualize", [V] CEP-TAPER).

Two readings of "10 % per month" exist (clinical.md §2.1 "Disagreement to surface"):
``basis="original"`` (10 % of the starting dose each step, linear, reaches zero) and
``basis="current"`` (10 % of the current dose each step, geometric). Each rule lists which
bases its source allows and the plan names the one used.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Any, Literal

from clinical._numbers import DECIMAL_CONTEXT, json_number, refuse_scientific, to_decimal
from clinical.errors import ClinicalInputError

Basis = Literal["original", "current", "original-then-remaining"]

HUNDRED = Decimal(100)
#: Steps are capped so a very slow plan stays a readable table.
MAX_STEPS = 120
#: Default number of steps shown for a geometric plan with no target (it never reaches zero).
DEFAULT_GEOMETRIC_STEPS = 12
#: A starting daily dose needing more tablets or patches than this is not a dispensable regimen.
MAX_UNITS_PER_DAY = 100


class Interval(StrEnum):
    DAY = "day"
    TWO_DAYS = "2-days"
    WEEK = "week"
    TWO_WEEKS = "2-weeks"
    FOUR_WEEKS = "4-weeks"
    MONTH = "month"

    def add(self, start: date, count: int) -> date:
        """``start`` plus ``count`` intervals (months are calendar months, day clamped)."""
        if self is Interval.MONTH:
            return add_months(start, count)
        days = {
            Interval.DAY: 1,
            Interval.TWO_DAYS: 2,
            Interval.WEEK: 7,
            Interval.TWO_WEEKS: 14,
            Interval.FOUR_WEEKS: 28,
        }[self]
        return start + timedelta(days=days * count)


def check_start_date(start_date: object, months: int) -> None:
    """A plan's start date must be a date from which ``months`` calendar months still fall
    in the calendar (and not before 1900)."""
    try:
        if not isinstance(start_date, date):
            raise TypeError
        add_months(start_date, months)
        if start_date.year < 1900:
            raise ValueError
    except (OverflowError, ValueError, TypeError):
        shown = start_date.isoformat() if isinstance(start_date, date) else repr(start_date)
        raise ClinicalInputError(
            "taper.start_date",
            f"start_date must be a date in the next few years, not {shown}",
            field="start_date",
        ) from None


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class TaperRule:
    """A rate and interval stated by a named source (clinical.md §2.1)."""

    key: str
    label: str
    population: str
    percent: Decimal
    #: The highest percent per step the source allows ("or slower" means lower is fine).
    max_percent: Decimal
    intervals: tuple[Interval, ...]
    bases: tuple[Basis, ...]
    guideline: str
    quote: str
    source: str
    #: For the CDC 2022 short-duration rule: switch to the remaining dose at this fraction.
    switch_at: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "population": self.population,
            "percent": json_number(self.percent),
            "max_percent": json_number(self.max_percent),
            "intervals": [i.value for i in self.intervals],
            "bases": list(self.bases),
            "guideline": self.guideline,
            "quote": self.quote,
            "source": self.source,
        }


TAPER_RULES: dict[str, TaperRule] = {
    r.key: r
    for r in (
        TaperRule(
            key="cdc2022-long-term",
            label="About 10 % per month or slower",
            population="taking opioids for longer durations (e.g., ≥1 year)",
            percent=Decimal(10),
            max_percent=Decimal(10),
            intervals=(Interval.MONTH,),
            bases=("original", "current"),
            guideline="CDC 2022",
            quote="Tapers of approximately 10% per month or slower are likely to be better "
            "tolerated than more rapid tapers",
            source="clinical.md §2.1 [S] CDC22-X p17",
        ),
        TaperRule(
            key="cdc2022-short-duration",
            label="10 % of the original dose per week until ~30 % remains, then 10 % of the "
            "remaining dose per week",
            population="taking opioids for shorter durations (weeks to months)",
            percent=Decimal(10),
            max_percent=Decimal(10),
            intervals=(Interval.WEEK,),
            bases=("original-then-remaining",),
            guideline="CDC 2022",
            quote="a decrease of 10% of the original dose per week or slower (until "
            "approximately 30% of the original dose is reached, followed by a weekly decrease "
            "of approximately 10% of the remaining dose) is less likely to trigger withdrawal",
            source="clinical.md §2.1 [S] CDC22-X p17",
            switch_at=Decimal("0.30"),
        ),
        TaperRule(
            key="cdc2016",
            label="10 % of the original dose per week (slower, e.g. per month, if needed)",
            population="general (CDC 2016 pocket guide)",
            percent=Decimal(10),
            max_percent=Decimal(10),
            intervals=(Interval.WEEK, Interval.MONTH),
            bases=("original",),
            guideline="CDC 2016",
            quote="A decrease of 10% of the original dose per week is a reasonable starting "
            "point; Some patients who have taken opioids for a long time might find even slower "
            "tapers (e.g., 10% per month) easier",
            source="clinical.md §2.1 [S] TODAYSPRAC",
        ),
        TaperRule(
            key="hhs2019",
            label="5 % to 20 % every four weeks",
            population="long-term opioid therapy (HHS Guide 2019)",
            percent=Decimal(10),
            max_percent=Decimal(20),
            intervals=(Interval.FOUR_WEEKS,),
            bases=("original", "current"),
            guideline="HHS 2019",
            quote="Common tapers range from reducing opioids dosage between 5% and 20% every "
            "four weeks",
            source="clinical.md §2.1 [S] MODHC (news summary of HHS-2019)",
        ),
        TaperRule(
            key="nougg2010",
            label="10 % of the total daily dose every day to every 1–2 weeks",
            population="outpatient taper (Canada 2010 NOUGG, Appendix B-12)",
            percent=Decimal(10),
            max_percent=Decimal(10),
            intervals=(Interval.DAY, Interval.WEEK, Interval.TWO_WEEKS),
            bases=("original", "current"),
            guideline="Canada 2010 (NOUGG)",
            quote="The rate of the taper can vary from 10% of the total daily dose every day, "
            "to 10% of the total daily dose every 1–2 weeks",
            source="clinical.md §2.1 [V] NOUGG-B12",
        ),
        TaperRule(
            key="cdc2022-acute-brief",
            label="50 % for 2 days, then stop",
            population="acute pain, opioids taken continuously for more than 3 days but less "
            "than 1 week",
            percent=Decimal(50),
            max_percent=Decimal(50),
            intervals=(Interval.TWO_DAYS,),
            bases=("original",),
            guideline="CDC 2022",
            quote="consider reducing the daily dosage to 50% for 2 days",
            source="clinical.md §2.1 [S] CDC22-X p18",
        ),
        TaperRule(
            key="cdc2022-acute",
            label="About 20 % every 2 days",
            population="acute pain, opioids taken continuously for 1 week to less than 1 month",
            percent=Decimal(20),
            max_percent=Decimal(20),
            intervals=(Interval.TWO_DAYS,),
            bases=("original", "current"),
            guideline="CDC 2022",
            quote="reduce the daily dosage by approximately 20% every 2 days",
            source="clinical.md §2.1 [S] CDC22-X p18",
        ),
    )
}
DEFAULT_RULE = "cdc2022-long-term"

#: Cautions shown with every plan (clinical.md §2.1 and §4).
TAPER_NOTES: tuple[str, ...] = (
    "CDC 2022 (Recommendation 5): unless there are indications of a life-threatening issue "
    "such as warning signs of impending overdose (e.g., confusion, sedation, or slurred "
    "speech), opioid therapy should not be discontinued abruptly, and clinicians should not "
    "rapidly reduce opioid dosages from higher dosages. [V] CDS-IG",
    "CDC 2022: follow up frequently (at least monthly) with patients engaging in opioid "
    "tapering. [S] CDC22-X p16",
    "CDC 2016: the rate may be slowed or paused, not reversed; at the smallest available dose "
    "extend the interval, and stop when the opioid is taken less than once a day. "
    "[S] TODAYSPRAC",
    "Canada 2017 (Recommendation 9): tapering may be paused or potentially abandoned if a "
    "substantial increase in pain or decrease in function persists for more than 1 month "
    "after a small dose reduction. [V] CPSO-D",
    "Canada 2010 (NOUGG): use scheduled (not p.r.n.) doses and avoid benzodiazepines during "
    "the taper. [V] NOUGG-B12",
    "CDC 2022: offer naloxone to patients at risk of returning to a previous dose after losing "
    "tolerance, e.g. during tapering. [S] CDC22-X p20",
    "Individualise: evidence for specific schedules is insufficient (Ontario CEP Opioid "
    "Tapering Template). [V] CEP-TAPER",
)


@dataclass(frozen=True)
class TaperStep:
    """One row of the schedule; step 0 is the starting dose."""

    step: int
    date: dt.date
    percent_of_start: Decimal
    mme_per_day: Decimal
    daily_dose: Decimal | None
    follow_up_by: dt.date
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "date": self.date.isoformat(),
            "percent_of_start": json_number(self.percent_of_start),
            "mme_per_day": json_number(self.mme_per_day),
            "daily_dose": None if self.daily_dose is None else json_number(self.daily_dose),
            "follow_up_by": self.follow_up_by.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True)
class TaperPlan:
    rule: TaperRule
    basis: Basis
    percent: Decimal
    interval: Interval
    start_date: date
    start_mme_per_day: Decimal
    target_mme_per_day: Decimal
    dose_unit: str | None
    steps: tuple[TaperStep, ...]
    follow_ups: tuple[date, ...]
    #: False when the steps stop before the target (a geometric plan, or the step cap).
    complete: bool
    #: The smallest strength available (tablet or patch), in ``dose_unit``: daily doses are
    #: whole multiples of it. None: doses are not rounded.
    dose_step: Decimal | None = None
    notes: tuple[str, ...] = TAPER_NOTES

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.to_dict(),
            "basis": self.basis,
            "percent": json_number(self.percent),
            "interval": self.interval.value,
            "start_date": self.start_date.isoformat(),
            "start_mme_per_day": json_number(self.start_mme_per_day),
            "target_mme_per_day": json_number(self.target_mme_per_day),
            "dose_unit": self.dose_unit,
            "dose_step": None if self.dose_step is None else json_number(self.dose_step),
            "steps": [s.to_dict() for s in self.steps],
            "follow_ups": [d.isoformat() for d in self.follow_ups],
            "complete": self.complete,
            "notes": list(self.notes),
        }


FOLLOW_UP_INTERVALS = (Interval.WEEK, Interval.TWO_WEEKS, Interval.FOUR_WEEKS, Interval.MONTH)


def plan_taper(
    *,
    start_mme_per_day: object,
    start_date: date,
    rule: str = DEFAULT_RULE,
    percent: object | None = None,
    interval: Interval | str | None = None,
    basis: Basis | None = None,
    target_mme_per_day: object = 0,
    start_daily_dose: object | None = None,
    dose_unit: str | None = None,
    dose_step: object | None = None,
    max_steps: int | None = None,
    follow_up_every: Interval | str = Interval.MONTH,
) -> TaperPlan:
    """Build a taper schedule following one of :data:`TAPER_RULES`.

    ``percent``, ``interval`` and ``basis`` default to the rule's and must be among the
    choices its source allows (a lower percent is "slower" and always allowed). With
    ``start_daily_dose`` (of one opioid, in ``dose_unit``) each step also gives the daily
    dose; ``dose_step`` rounds it **up** to a multiple of the smallest available strength
    (clinical.md §2.2 proposes down, but that cuts faster than §2.1's "10 % ... or slower";
    the safer side); no step between two consecutive doses cuts more than the rule allows for
    one interval, so when one unit is more than that the plan stops there, incomplete, saying
    a smaller strength is needed (see :func:`_rounded_steps`); MME/day follows the rounded
    dose. The plan stops at ``target_mme_per_day`` (with a strength: the lowest whole-unit dose
    at or above it, never below it); a geometric plan aimed at zero stops after ``max_steps``
    (default 12) and is marked incomplete. ``follow_up_every`` is at most a
    month (CDC 2022: at least monthly).
    """
    with localcontext(DECIMAL_CONTEXT):
        return _plan(
            start_mme_per_day=start_mme_per_day,
            start_date=start_date,
            rule=rule,
            percent=percent,
            interval=interval,
            basis=basis,
            target_mme_per_day=target_mme_per_day,
            start_daily_dose=start_daily_dose,
            dose_unit=dose_unit,
            dose_step=dose_step,
            max_steps=max_steps,
            follow_up_every=follow_up_every,
        )


def _plan(
    *,
    start_mme_per_day: object,
    start_date: date,
    rule: str = DEFAULT_RULE,
    percent: object | None = None,
    interval: Interval | str | None = None,
    basis: Basis | None = None,
    target_mme_per_day: object = 0,
    start_daily_dose: object | None = None,
    dose_unit: str | None = None,
    dose_step: object | None = None,
    max_steps: int | None = None,
    follow_up_every: Interval | str = Interval.MONTH,
) -> TaperPlan:
    chosen, step_percent, step_interval, chosen_basis = resolve_rule(rule, percent, interval, basis)
    check_start_date(start_date, MAX_STEPS + 2)
    start = _positive(start_mme_per_day, "start_mme_per_day")
    target = to_decimal(target_mme_per_day, field="target_mme_per_day", code="taper.invalid")
    if target < 0 or target >= start:
        raise ClinicalInputError(
            "taper.invalid_target",
            "target_mme_per_day must be at least 0 and below the starting MME/day",
            field="target_mme_per_day",
        )
    follow_up = _interval(follow_up_every, FOLLOW_UP_INTERVALS, None, "follow_up_every")
    start_dose = None if start_daily_dose is None else _positive(start_daily_dose, "dose")
    strength = None if dose_step is None else _positive(dose_step, "dose_step")
    if strength is not None and start_dose is None:
        raise ClinicalInputError(
            "taper.dose_step_without_dose",
            "dose_step needs start_daily_dose",
            field="dose_step",
        )
    if strength is not None and start_dose is not None:
        _check_strength(start_dose, strength, dose_unit)
    if max_steps is not None and (
        isinstance(max_steps, bool)
        or not isinstance(max_steps, int)
        or not 1 <= max_steps <= MAX_STEPS
    ):
        raise ClinicalInputError(
            "taper.invalid_max_steps",
            f"max_steps must be between 1 and {MAX_STEPS}",
            field="max_steps",
        )

    fractions, complete = _fractions(
        basis=chosen_basis,
        rate=step_percent / HUNDRED,
        target_fraction=target / start,
        switch_at=chosen.switch_at,
        max_steps=max_steps,
    )
    steps: list[TaperStep]
    if strength is not None and start_dose is not None:
        steps, complete = _rounded_steps(
            rule=chosen,
            basis=chosen_basis,
            rate=step_percent / HUNDRED,
            interval=step_interval,
            start_date=start_date,
            start=start,
            target=target,
            start_dose=start_dose,
            strength=strength,
            unit=dose_unit,
            ticks=max_steps or (MAX_STEPS if complete else len(fractions) - 1),
        )
        fractions = []
    else:
        steps = []
    switched = False
    for number, fraction in enumerate(fractions):
        if steps and steps[-1].mme_per_day <= target:
            complete = True  # rounding down to a whole strength reached the target early
            break
        when = step_interval.add(start_date, number)
        daily_dose: Decimal | None = None
        mme = start * fraction
        if start_dose is not None:
            daily_dose = start_dose * fraction
        if mme < target:  # target / start * start is inexact: the last step is the target
            mme, daily_dose = target, None if start_dose is None else start_dose * target / start
        note = None
        if number == 0:
            note = "starting dose"
        elif chosen.switch_at is not None and not switched and fraction <= chosen.switch_at:
            switched = True
            note = (
                f"about {json_number(chosen.switch_at * HUNDRED)} % of the original dose "
                "reached; next reductions are of the remaining dose"
            )
        elif number == len(fractions) - 1 and complete:
            note = "taper target reached" if target > 0 else "opioid stopped"
        next_change = step_interval.add(start_date, number + 1)
        steps.append(
            TaperStep(
                step=number,
                date=when,
                percent_of_start=fraction * HUNDRED,
                mme_per_day=mme,
                daily_dose=daily_dose,
                follow_up_by=min(next_change, add_months(when, 1)),
                note=note,
            )
        )

    last = steps[-1].date
    follow_ups: list[date] = []
    count = 1
    while True:
        when = follow_up.add(start_date, count)
        follow_ups.append(when)
        if when >= last:
            break
        count += 1
    return TaperPlan(
        rule=chosen,
        basis=chosen_basis,
        percent=step_percent,
        interval=step_interval,
        start_date=start_date,
        start_mme_per_day=start,
        target_mme_per_day=target,
        dose_unit=dose_unit,
        steps=tuple(steps),
        follow_ups=tuple(follow_ups),
        complete=complete,
        dose_step=strength,
    )


def _rounded_steps(
    *,
    rule: TaperRule,
    basis: Basis,
    rate: Decimal,
    interval: Interval,
    start_date: date,
    start: Decimal,
    target: Decimal,
    start_dose: Decimal,
    strength: Decimal,
    unit: str | None,
    ticks: int,
) -> tuple[list[TaperStep], bool]:
    """Steps whose daily doses are whole units of ``strength``, never faster than the rule at
    any single step.

    One interval's allowance is the rule's rate of the starting dose, or of the current dose
    (the dose of the step before) under ``basis="current"`` and after the CDC 2022
    short-duration switch. Each interval the new dose is the lowest whole number of units that
    is at or above all of: the rule's schedule for that date (cumulative), the previous dose
    minus one interval's allowance, and the target; it never rises. So:

    * every reduction between two consecutive steps is at most one interval's allowance
      (clinical.md §2.1: "10 % ... or slower"; rounding down would cut faster than the rule);
    * the dose is held (a step with the same dose) only while rounding up leaves it above the
      schedule, i.e. the schedule has not yet fallen a whole unit below it (rare: the previous
      dose minus one interval's allowance is usually the higher bound; it happens around the
      CDC 2022 short-duration switch);
    * when one unit is more than one interval's allowance, waiting never helps (the allowance
      is per interval and does not grow with the intervals waited: CDC 2022 Rec 5, "should
      not rapidly reduce opioid dosages"), so the plan stops at once at the dose it has
      reached, is marked incomplete, and its last step's note says a smaller strength (or
      another formulation) is needed to continue.

    The plan is complete when it reaches the lowest whole-unit dose at or above the target
    (zero when the target is zero); it also stops, incomplete, after ``ticks`` intervals.
    """

    def units_at_least(dose: Decimal) -> Decimal:
        return (max(dose, Decimal(0)) / strength).to_integral_value(ROUND_CEILING) * strength

    def of_original(dose: Decimal) -> bool:
        return basis == "original" or (
            rule.switch_at is not None and basis != "current" and dose > start_dose * rule.switch_at
        )

    end_dose = units_at_least(start_dose * target / start)
    steps = [
        TaperStep(
            step=0,
            date=start_date,
            percent_of_start=HUNDRED,
            mme_per_day=start,
            daily_dose=start_dose,
            follow_up_by=min(interval.add(start_date, 1), add_months(start_date, 1)),
            note="starting dose",
        )
    ]
    fraction = Decimal(1)
    dose = start_dose
    switched = False
    for number in range(1, ticks + 1):
        per_interval = (start_dose if of_original(dose) else dose) * rate
        if dose > end_dose and strength > per_interval:  # one unit less is faster: stop here
            steps[-1] = replace(
                steps[-1],
                note=_join(
                    steps[-1].note,
                    _stop_note(strength, unit, dose, start_dose, of_original(dose), rate),
                ),
            )
            return steps, False
        if basis == "original":
            fraction = Decimal(1) - rate * number
        elif basis == "current" or (rule.switch_at is not None and fraction <= rule.switch_at):
            fraction = fraction * (Decimal(1) - rate)
        else:
            fraction = fraction - rate
        fraction = max(fraction, target / start)
        new = min(
            dose,
            units_at_least(max(start_dose * fraction, dose - per_interval, end_dose)),
        )
        note = None
        if (
            rule.switch_at is not None
            and basis != "current"
            and not switched
            and new <= start_dose * rule.switch_at
        ):
            # said when the dose (rounded up, so often later than the schedule) reaches it:
            # only then are the next reductions of the remaining dose (``of_original``)
            switched = True
            note = (
                f"about {json_number(rule.switch_at * HUNDRED)} % of the original dose "
                "reached; next reductions are of the remaining dose"
            )
        if new == end_dose:
            if target == 0:
                note = note or "opioid stopped"
            elif start * new / start_dose == target:
                note = note or "taper target reached"
            else:
                note = note or (
                    "taper target reached: the lowest dose of whole units at or above it"
                )
        when = interval.add(start_date, number)
        steps.append(
            TaperStep(
                step=number,
                date=when,
                percent_of_start=new / start_dose * HUNDRED,
                mme_per_day=start * new / start_dose,
                daily_dose=new,
                follow_up_by=min(interval.add(start_date, number + 1), add_months(when, 1)),
                note=note,
            )
        )
        dose = new
        if dose == end_dose:
            return steps, True
    return steps, False


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def _stop_note(
    strength: Decimal,
    unit: str | None,
    dose: Decimal,
    start_dose: Decimal,
    of_original: bool,
    rate: Decimal,
) -> str:
    """Why a plan with a strength stops before its target (one unit is more than one
    interval's allowance). The cut is shown with enough places never to read as within the
    rule."""
    one = f"one {json_number(strength)} {unit} unit" if unit else f"one unit of {strength}"
    base = start_dose if of_original else dose
    exact, allowed = strength / base * HUNDRED, rate * HUNDRED
    cut = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = Decimal("0.01")
    while cut <= allowed:  # 10.04 % is not shown as "10 % where the rule allows 10 %"
        cut, places = exact.quantize(places, rounding=ROUND_CEILING), places / 10
    of = "starting" if of_original else "current"
    return (
        f"the next reduction of {one} would cut faster than the "
        f"rule ({json_number(cut.normalize())} % of the {of} dose where the rule allows "
        f"{json_number(allowed)} %): a smaller strength (or another formulation) is "
        "needed to continue; the plan stops here rather than cut faster"
    )


#: A percent written with its sign: "10 %", "10%", "10\u00a0%" (French typography puts a
#: non-breaking space before it). One sign, after a number; doses never take it.
_PERCENT_SIGN = re.compile(r"\s*(\S*\d)[\s\u00a0\u202f]*%\s*")


def _without_sign(percent: object) -> object:
    """ "10" from "10 %" (a percent field only); anything else is returned as given."""
    if isinstance(percent, str):
        match = _PERCENT_SIGN.fullmatch(percent)
        if match is not None:
            return match.group(1)
    return percent


#: The reason a percent that is no number is refused (``ClinicalInputError.reason``).
PERCENT_NOT_A_NUMBER = "percent_not_a_number"


def read_percent(percent: object) -> Decimal:
    """A taper's reduction per step as the clinician typed it: a number, with or without its
    sign ("10", "10 %", "10%", "10,5 %", "10\u00a0%"), greater than 0 and at most 100. The
    API, the case form, the calculator page and the command line read it so; anything else is
    refused in words (``taper.invalid`` with reason ``percent_not_a_number``), a percent
    written in words or with a second sign is never guessed."""
    try:
        refuse_scientific(percent, field="percent", code="taper.invalid")
        return _positive(_without_sign(percent), "percent")
    except ClinicalInputError as error:
        if error.code != "taper.invalid" or error.reason is not None:
            raise
        # the text is quoted back only when short (a pasted page is not)
        shown = repr(percent) if isinstance(percent, str) and len(percent) <= 20 else "not a number"
        raise ClinicalInputError(
            "taper.invalid",
            f"percent is {shown}: give the reduction per step as a number, with or without "
            "its sign (e.g. 10, 10 % or 10,5 %).",
            field="percent",
            reason=PERCENT_NOT_A_NUMBER,
        ) from None


def resolve_rule(
    rule: str, percent: object | None, interval: Interval | str | None, basis: Basis | None
) -> tuple[TaperRule, Decimal, Interval, Basis]:
    """The rule named ``rule`` with the percent, interval and basis asked for, each checked
    against what its source allows (a lower percent is "slower" and always allowed)."""
    try:
        chosen = TAPER_RULES[rule] if isinstance(rule, str) else TAPER_RULES[""]
    except KeyError:
        raise ClinicalInputError(
            "taper.unknown_rule",
            f"unknown taper rule {rule!r}; choose one of {', '.join(TAPER_RULES)}",
            field="rule",
        ) from None
    step_percent = chosen.percent if percent is None else read_percent(percent)
    if step_percent > chosen.max_percent:
        raise ClinicalInputError(
            "taper.too_fast",
            f"{chosen.guideline} ({chosen.key}) allows at most {chosen.max_percent} % per step; "
            f"{step_percent} % is faster than the source states",
            field="percent",
        )
    step_interval = _interval(interval, chosen.intervals, chosen, "interval")
    chosen_basis: Basis = chosen.bases[0] if basis is None else basis
    if chosen_basis not in chosen.bases:
        raise ClinicalInputError(
            "taper.invalid_basis",
            f"{chosen.key} allows basis {', '.join(chosen.bases)}, not {basis!r}",
            field="basis",
        )
    return chosen, step_percent, step_interval, chosen_basis


def _check_strength(start_dose: Decimal, strength: Decimal, unit: str | None) -> None:
    """The starting daily dose must be made of whole units of the available strength, and of
    a plausible number of them (clinical.md §2.2: doses rounded to an available strength)."""
    u = f" {unit}" if unit else ""
    dose, step = json_number(start_dose), json_number(strength)
    if strength > start_dose:
        raise ClinicalInputError(
            "taper.strength_too_large",
            f"the strength ({step}{u}) is larger than the starting daily dose ({dose}{u})",
            field="dose_step",
        )
    units = start_dose / strength
    if units != units.to_integral_value():
        below = (units.to_integral_value(ROUND_FLOOR) * strength).normalize()
        raise ClinicalInputError(
            "taper.strength_not_divisor",
            f"a starting daily dose of {dose}{u} cannot be made of {step}{u} units "
            f"({json_number(below)}{u} or {json_number(below + strength)}{u} can); "
            "give the strength that was dispensed, or a dose that is a multiple of it",
            field="dose_step",
        )
    if units > MAX_UNITS_PER_DAY:
        raise ClinicalInputError(
            "taper.strength_too_small",
            f"{dose}{u} a day would take {json_number(units)} units of {step}{u}; give a "
            f"strength that needs at most {MAX_UNITS_PER_DAY} a day",
            field="dose_step",
        )


def _fractions(
    *,
    basis: Basis,
    rate: Decimal,
    target_fraction: Decimal,
    switch_at: Decimal | None,
    max_steps: int | None,
) -> tuple[list[Decimal], bool]:
    """Fractions of the starting dose per step, and whether the target was reached."""
    never_ends = basis != "original" and target_fraction == 0
    limit = max_steps or (DEFAULT_GEOMETRIC_STEPS if never_ends else MAX_STEPS)
    fractions = [Decimal(1)]
    while len(fractions) <= limit:
        current = fractions[-1]
        if basis == "original":
            following = Decimal(1) - rate * len(fractions)
        elif basis == "current":
            following = current * (Decimal(1) - rate)
        else:  # CDC 2022 short-duration: original until ~30 %, then the remaining dose
            assert switch_at is not None
            before_switch = current > switch_at
            following = current - rate if before_switch else current * (Decimal(1) - rate)
        if following <= target_fraction:
            fractions.append(target_fraction)
            return fractions, True
        fractions.append(following)
    return fractions, False


#: Outside these a number is no real MME/day, dose, strength or percent: refused, never
#: planned (1e999999 MME/day or a 1e-999 mg strength gave absurd plans or messages).
ABSURD_BELOW = Decimal("0.001")
ABSURD_ABOVE = {"start_mme_per_day": Decimal(1_000_000), "percent": HUNDRED}
ABSURD_DOSE = Decimal(1_000_000)


def _positive(value: object, name: str) -> Decimal:
    number = to_decimal(value, field=name, code="taper.invalid")
    if number <= 0:
        raise ClinicalInputError(
            "taper.not_positive", f"{name} must be greater than zero", field=name
        )
    highest = ABSURD_ABOVE.get(name, ABSURD_DOSE)
    if number < ABSURD_BELOW or number > highest:
        raise ClinicalInputError(
            "taper.absurd_number",
            f"{name} is {number:g}, which cannot be real: it must be between {ABSURD_BELOW} "
            f"and {highest:,}. Check the number and its unit.",
            field=name,
        )
    return number


def _interval(
    value: Interval | str | None,
    allowed: tuple[Interval, ...],
    rule: TaperRule | None,
    name: str,
) -> Interval:
    if value is None:
        return allowed[0]
    try:
        chosen = Interval(value)
    except ValueError:
        chosen = None
    if chosen is None or chosen not in allowed:
        owner = f"{rule.key} ({rule.guideline})" if rule else "follow-up (at least monthly)"
        raise ClinicalInputError(
            f"taper.invalid_{name}",
            f"{owner} allows {name} {', '.join(i.value for i in allowed)}, not {value!r}",
            field=name,
        )
    return chosen
