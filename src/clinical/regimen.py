"""Taper a whole opioid regimen, never faster than the rule it names.

A regimen is the opioid rows of a case or of the calculator (several drugs, several strengths,
uneven twice-daily splits, patches). Each step lists every drug's dose; its MME/day is computed
per drug with that drug's factor from the named table (:func:`clinical.mme.calculate_mme`).

Safety invariants (tested as properties in ``tests/clinical/test_regimen_properties.py``):

* **Never faster than the rule.** The MME/day at every step is at or above the rule's schedule
  for that date (``start x (1 - rate x k)`` for the linear reading, ``start x (1 - rate)^k``
  for the geometric one), and no step cuts more than the rule allows for one interval,
  whatever the strengths. When the strengths on hand cannot make a step that small, the plan
  stops there (incomplete) with the warning ``step_too_large`` asking for a smaller strength.
  Doses are rounded toward the slower (higher) dose, never down.
* **No drug goes up.** Each step lowers one drug; the others keep their dose.
* **No automatic plan** for methadone (specialist advice), for opioid use disorder treatment,
  or for a rapid rule applied to long-term use at 50 MME/day or more (CDC 2022
  Recommendation 5; Canada 2017; HHS 2019): these are *refusals*, with a code and a reason.
* **Cautions travel with the plan** (:data:`TAPER_SAFETY`, the MME caveat, per-drug cautions).

Sources: clinical.md §2 (rates and intervals), §1 (factors), §4 (naloxone, co-prescribing).
Strengths assumed when none are given are those marketed in Canada (Health Canada Drug Product
Database, product monographs); the plan says when it assumed them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Literal

from clinical._numbers import DECIMAL_CONTEXT, json_number
from clinical.drugs import fold, read_drug_name, read_unit
from clinical.errors import ClinicalInputError
from clinical.mme import (
    CONVERSION_CAVEAT,
    DEFAULT_TABLE,
    ML_UNITS,
    TABLET_UNITS,
    MedicationRow,
    MmeResult,
    RowMme,
    calculate_mme,
    checked_row,
    get_table,
    unit_word,
)
from clinical.taper import (
    DEFAULT_RULE,
    HUNDRED,
    TAPER_NOTES,
    Basis,
    Interval,
    TaperRule,
    add_months,
    check_start_date,
    resolve_rule,
)

Duration = Literal["long-term", "short-term"]
DURATIONS: tuple[Duration, ...] = ("long-term", "short-term")

#: Rules written for short-term use (acute pain, weeks to months) or fast enough to be unsafe
#: for long-term use: refused for long-term use at 50 MME/day or more.
RAPID_RULES = frozenset(
    {"cdc2022-acute-brief", "cdc2022-acute", "cdc2022-short-duration", "nougg2010"}
)
RAPID_RULE_LIMIT = Decimal(50)

#: The interval between two steps of a plan is at least this many days for the monthly rules.
MAX_TICKS = 240
#: A geometric plan (percent of the current dose) never reaches zero: it stops after this
#: many changes and says so.
GEOMETRIC_STEPS = 12
#: At most this many medication rows are planned over (the forms and the API take 30).
MAX_MEDICATIONS = 50
#: At most this many patches are worn at once. MAX_TABLETS_PER_DOSE only sets `_oral_levels`'
#: default; since e99b301 the levels are bounded by the tablets that make the starting dose
#: (`max(units, 1000)`: a single small strength makes a ladder, not a jump), so no plan is cut
#: to fit a tablet count (a mutation sample of 2026-12-06 noticed the name says more).
MAX_TABLETS_PER_DOSE = 8
MAX_PATCHES = 4
#: A row taken this many times a day or more (every 6 hours or more often) is immediate-release
#: unless it says otherwise: no extended-release product is taken so often (product monographs).
IMMEDIATE_TIMES = 4
#: Integer arithmetic on strengths (37.5 mcg/h, 4.5 mg, 12.5 mcg/h) in thousandths.
SCALE = 1000

#: The safety text that goes with every plan: on the page, in the letter, the email and the
#: API (HHS 2019 guide and FDA 2019 safety communication; CDC 2022; Canada 2017; CEP).
TAPER_SAFETY: tuple[str, ...] = (
    "Decide with the patient: agree the goal, the pace and when to review; a taper is not a "
    "punishment and is never done to meet a dose threshold alone (CDC 2022 Recommendation 5; "
    "HHS 2019).",
    "Pauses are allowed: the taper may be slowed or paused (not reversed) when withdrawal, pain "
    "or function worsen; Canada 2017 Recommendation 9 allows pausing or abandoning it if "
    "problems persist for more than a month after a small reduction.",
    "Offer naloxone and overdose education: tolerance falls during a taper, so returning to a "
    "previous dose can cause overdose (CDC 2022 Recommendation 8).",
    "Screen for opioid use disorder and offer treatment (buprenorphine or methadone) when it "
    "is present (CDC 2022 Recommendation 10; HHS 2019).",
    "Watch mood and suicide risk: the FDA (April 2019) and HHS (October 2019) warn of serious "
    "withdrawal, uncontrolled pain, psychological distress and suicide after rapid tapers or "
    "sudden discontinuation; screen for depression and anxiety and arrange support.",
    "Manage withdrawal symptoms (e.g. clonidine, loperamide, antiemetics as appropriate) and "
    "see the patient at least monthly during the taper (CDC 2022).",
    "Pregnancy: do not taper without specialist (maternal-fetal or addiction medicine) advice; "
    "withdrawal can harm the pregnancy.",
    "Avoid starting benzodiazepines or other sedatives during the taper (Canada 2010 NOUGG).",
)

#: Strengths marketed in Canada (Health Canada Drug Product Database), used when a row gives
#: none. Keys: (drug, "ir" | "er" | "patch"); a row with no release word gets both lists.
DEFAULT_STRENGTHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("oxycodone", "ir"): ("5", "10", "20"),
    ("oxycodone", "er"): ("10", "15", "20", "30", "40", "60", "80"),
    ("morphine", "ir"): ("5", "10", "25", "50"),
    ("morphine", "er"): ("10", "15", "30", "60", "100", "200"),
    ("hydromorphone", "ir"): ("1", "2", "4", "8"),
    ("hydromorphone", "er"): ("3", "4.5", "6", "9", "12", "18", "24", "30"),
    ("codeine", "ir"): ("15", "30"),
    ("codeine", "er"): ("50", "100", "150", "200"),
    ("tramadol", "ir"): ("50",),
    ("tramadol", "er"): ("75", "100", "150", "200", "300", "400"),
    ("tapentadol", "ir"): ("50", "75", "100"),
    ("tapentadol", "er"): ("50", "100", "150", "200", "250"),
    ("hydrocodone", "ir"): ("5", "10"),
    ("oxymorphone", "ir"): ("5", "10"),
    ("oxymorphone", "er"): ("5", "10", "20", "40"),
    ("meperidine", "ir"): ("50",),
    ("pentazocine", "ir"): ("50",),
    ("fentanyl", "patch"): ("12", "25", "37", "50", "75", "100"),
}
#: Strengths of brands sold in fewer strengths than their drug's list above (Health Canada Drug
#: Product Database, product monographs): a plan for "Tridural" never proposes 275 mg, which
#: only another brand's 75 mg tablet could make. Keyed by the brand the name reader returns.
BRAND_STRENGTHS: dict[str, tuple[str, ...]] = {
    "tridural": ("100", "200", "300"),
    "ralivia": ("100", "200", "300"),
    "durela": ("100", "200", "300"),
    "zytram": ("75", "100", "150", "200", "300", "400"),
    "zytram xl": ("75", "100", "150", "200", "300", "400"),
    # Targin: oxycodone/naloxone 5/2.5, 10/5, 20/10, 40/20 mg (the oxycodone component)
    "targin": ("5", "10", "20", "40"),
    "oxyneo": ("10", "15", "20", "30", "40", "60", "80"),
    "kadian": ("10", "20", "50", "100"),
    "ms contin": ("15", "30", "60", "100", "200"),
    "m eslon": ("10", "15", "30", "60", "100", "200"),
    "hydromorph contin": ("3", "4.5", "6", "9", "12", "18", "24", "30"),
    "hydromorph": ("3", "4.5", "6", "9", "12", "18", "24", "30"),
    "codeine contin": ("50", "100", "150", "200"),
    # Jurnista (hydromorphone, once daily): 4, 8, 16, 32 mg, not Hydromorph Contin's 3/4.5/...
    "jurnista": ("4", "8", "16", "32"),
}
_ER_WORDS = frozenset(
    {
        "er",
        "sr",
        "cr",
        "xr",
        "xl",
        "la",
        "extended",
        "sustained",
        "controlled",
        "contin",
        "long",
        "lp",  # French: libération prolongée
        "prolongee",
    }
)
_IR_WORDS = frozenset({"ir", "immediate", "short", "li"})  # li: libération immédiate
#: Words of an oral liquid in a name or formulation (English and French, accents folded).
_LIQUID_WORDS = frozenset(
    {"liquid", "solution", "syrup", "elixir", "suspension", "concentrate", "drops", "sirop",
     "gouttes", "liquide", "buvable"}
)  # fmt: skip
#: Immediate-release tablet brands (Health Canada Drug Product Database; US brands alike): a
#: plan for "Dilaudid q4h" is made of immediate-release strengths only, never of a
#: Hydromorph Contin 4.5 mg or 3 mg tablet taken every 4 hours.
_IR_BRANDS = frozenset({"dilaudid", "supeudol", "statex", "msir", "roxicodone"})
_ER_BRANDS = frozenset(
    {
        "oxycontin",
        "oxyneo",
        "hydromorph contin",
        "hydromorph",
        "ms contin",
        "m eslon",
        "kadian",
        "codeine contin",
        "tridural",
        "zytram",
        "zytram xl",
        "durela",
        "ralivia",
        "nucynta er",
        "nucynta cr",
        "targin",
        "embeda",
        "hysingla",
        "xtampza",
        "jurnista",
        "exalgo",
    }
)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Warning_:
    code: str
    message: str
    step: int | None = None
    #: For a plan-level ``step_too_large``: every step of that drug flagged so (``step`` is the
    #: first).
    steps: tuple[int | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.step is not None:
            data["step"] = self.step
        if self.steps:
            data["steps"] = list(self.steps)
        return data


@dataclass(frozen=True)
class Dose:
    """One line of a step: ``dose`` per administration, ``times_per_day`` a day (patches:
    the total rate worn, with ``patches`` listing the patch strengths)."""

    drug: str
    formulation: str
    dose: Decimal
    unit: str
    times_per_day: int | None
    mme_per_day: Decimal
    factor: Decimal
    as_needed: bool = False
    patches: tuple[Decimal, ...] = ()
    row: int = 0
    #: The name as entered (a brand or a combination product), when it differs from ``drug``.
    product: str | None = None
    #: A formulation word the calculator reads back into the same factor (verification).
    form_word: str | None = None
    #: How a clinician tells this line from another of the same drug ("oxycodone CR").
    label: str = ""
    #: Tablets of a combination product a dose, or mL of an oral liquid a dose.
    tablets: Decimal | None = None
    volume_ml: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "drug": self.drug,
            "label": self.label or self.drug,
            "product": self.product,
            "formulation": self.formulation,
            "dose": json_number(self.dose),
            "unit": self.unit,
            "times_per_day": self.times_per_day,
            "as_needed": self.as_needed,
            "mme_per_day": json_number(_display(self.mme_per_day, Decimal("0.01"))),
            "factor": json_number(self.factor),
            "row": self.row,
        }
        if self.patches:
            data["patches"] = [json_number(p) for p in self.patches]
        if self.tablets is not None:
            data["tablets"] = json_number(self.tablets)
        if self.volume_ml is not None:
            data["volume_ml"] = json_number(_display(self.volume_ml, Decimal("0.01")))
        return data

    def describe(self) -> str:
        name = self.label or self.drug
        if self.dose == 0:
            return f"{name}: stopped"
        if self.unit == "mcg/h":
            made = " + ".join(str(json_number(p)) for p in self.patches)
            parts = f" ({made})" if len(self.patches) > 1 else ""
            return f"{name} {json_number(self.dose)} mcg/h{parts}"
        times = self.times_per_day or 0
        how = (
            f"as needed, max {times} a day"
            if self.as_needed
            else ("once a day" if times == 1 else f"{times} times a day")
        )
        amount = f"{json_number(self.dose)} {self.unit}"
        if self.tablets is not None:
            amount += f" = {json_number(self.tablets)} tablet{'s' if self.tablets != 1 else ''}"
        elif self.volume_ml is not None:
            amount += f" = {json_number(_display(self.volume_ml, Decimal('0.01')))} mL"
        return f"{name} {amount} {how}"


@dataclass(frozen=True)
class RegimenStep:
    step: int
    date: dt.date
    doses: tuple[Dose, ...]
    mme_per_day: Decimal
    percent_of_start: Decimal
    reduction_percent_of_start: Decimal
    follow_up_by: dt.date
    note: str | None = None
    warnings: tuple[Warning_, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "date": self.date.isoformat(),
            "doses": [d.to_dict() for d in self.doses],
            "mme_per_day": json_number(_display(self.mme_per_day, Decimal("0.01"))),
            "percent_of_start": json_number(_display(self.percent_of_start)),
            "reduction_percent_of_start": json_number(_display(self.reduction_percent_of_start)),
            "follow_up_by": self.follow_up_by.isoformat(),
            "note": self.note,
            "warnings": [w.to_dict() for w in self.warnings],
        }


@dataclass(frozen=True)
class RegimenPlan:
    refused: Refusal | None
    rule: TaperRule
    table: str
    duration: Duration
    basis: Basis
    percent: Decimal
    interval: Interval
    start_date: dt.date
    start_mme_per_day: Decimal
    steps: tuple[RegimenStep, ...] = ()
    warnings: tuple[Warning_, ...] = ()
    notes: tuple[str, ...] = ()
    follow_ups: tuple[dt.date, ...] = ()
    complete: bool = False
    mme: MmeResult | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "refused": None if self.refused is None else self.refused.to_dict(),
            "rule": self.rule.to_dict(),
            "table": self.table,
            "duration": self.duration,
            "basis": self.basis,
            "percent": json_number(self.percent),
            "interval": self.interval.value,
            "start_date": self.start_date.isoformat(),
            "start_mme_per_day": json_number(_display(self.start_mme_per_day, Decimal("0.01"))),
            "steps": [s.to_dict() for s in self.steps],
            "follow_ups": [d.isoformat() for d in self.follow_ups],
            "complete": self.complete,
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": list(self.notes),
            "safety": list(TAPER_SAFETY),
            "caveat": CONVERSION_CAVEAT,
        }


def _display(value: Decimal, places: Decimal = Decimal("0.1")) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP).normalize()


# --- Lines and their levels ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    """One achievable daily amount of a line: administrations as (dose, count) pairs (a patch:
    one pair, the rate, with its patches)."""

    total: int  # scaled by SCALE (mg/day, or mcg/h for patches)
    parts: tuple[tuple[int, int], ...]
    patches: tuple[int, ...] = ()


@dataclass
class _Line:
    row_index: int
    drug: str
    product: str | None
    form_word: str | None
    formulation: str
    unit: str
    factor: Decimal
    divisor: Decimal
    times: int | None
    as_needed: bool
    strengths: tuple[int, ...]
    assumed: bool
    levels: Sequence[_Level]
    current: int  # index into levels
    per_tablet: Decimal | None = None
    concentration: Decimal | None = None

    @property
    def label(self) -> str:
        """How a clinician tells this line from another of the same drug."""
        if self.product:
            return f"{self.drug} ({self.product})"
        if self.formulation and self.formulation != "oral":
            return f"{self.drug} {self.formulation}"
        return self.drug

    def mme(self, level: _Level) -> Decimal:
        return Decimal(level.total) / SCALE * self.factor / self.divisor

    def _dose(self, amount: Decimal, times: int | None, mme: Decimal, **extra: Any) -> Dose:
        if amount and self.per_tablet:
            extra["tablets"] = amount / self.per_tablet
        elif amount and self.concentration:
            extra["volume_ml"] = amount / self.concentration
        return Dose(
            label=self.label,
            drug=self.drug,
            formulation=self.formulation,
            dose=amount,
            unit=self.unit,
            times_per_day=times,
            mme_per_day=mme,
            factor=self.factor,
            as_needed=self.as_needed,
            row=self.row_index,
            product=self.product,
            form_word=self.form_word,
            **extra,
        )

    def doses(self, level: _Level) -> list[Dose]:
        if level.total == 0:
            return [self._dose(Decimal(0), 0, Decimal(0))]
        if self.times is None:
            patches = tuple(Decimal(p) / SCALE for p in level.patches)
            total = Decimal(level.total) / SCALE
            return [self._dose(total, None, self.mme(level), patches=patches)]
        out = []
        for amount, count in level.parts:
            if amount == 0 or count == 0:
                continue
            share = Decimal(amount * count) / SCALE * self.factor / self.divisor
            out.append(self._dose(Decimal(amount) / SCALE, count, share))
        return out


def _scaled(value: Decimal) -> int:
    scaled = value * SCALE
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))


#: At most this many different amounts a single administration can take (sums of the strengths
#: up to the current dose) are planned over; more means strengths far smaller than the dose
#: (e.g. twenty strengths of a few micrograms for 100 mg), which no one dispenses, and would
#: make the search slow. Ordinary rows (tablets, or 0.5 mL of a liquid) use a few hundred.
MAX_AMOUNTS = 2000


class TooManyAmounts(Exception):
    """The strengths make more than :data:`MAX_AMOUNTS` amounts up to the dose."""


def _sums(strengths: Sequence[int], most: int, ceiling: int, limit: int | None = None) -> list[int]:
    """Every amount up to ``ceiling`` made of at most ``most`` units of the strengths.

    With ``limit``, raises :class:`TooManyAmounts` as soon as more than ``limit`` amounts are
    found (the work is then at most ``limit`` x the number of strengths)."""
    reachable = {0}
    frontier = {0}
    for _ in range(most):
        frontier = {a + s for a in frontier for s in strengths if a + s <= ceiling} - reachable
        if not frontier:
            break
        reachable |= frontier
        if limit is not None and len(reachable) > limit:
            raise TooManyAmounts
    return sorted(reachable)


class _OralLevels(Sequence[_Level]):
    """The daily amounts of an oral line, in increasing order, computed when asked for.

    Index 0 is none; then, for each pair of neighbouring amounts ``lower < higher`` a single
    administration can take, ``n = 1 .. times`` administrations at ``higher`` and the rest at
    ``lower`` (``times x lower < total <= times x higher``). These ranges do not overlap, so
    every daily amount has one split and the sequence is strictly increasing; the last item is
    the starting dose. Nothing is built ahead: a plan looks up a few levels by bisection.
    """

    def __init__(self, amounts: Sequence[int], times: int, start_made: bool = True) -> None:
        self.amounts = tuple(amounts)
        self.times = times
        #: Whether the starting amount is a sum of the strengths.
        self.start_made = start_made

    def __len__(self) -> int:
        return 1 + (len(self.amounts) - 1) * self.times

    def __getitem__(self, index: int) -> _Level:  # type: ignore[override]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index == 0:
            return _Level(0, ((0, self.times),))
        pair, rest = divmod(index - 1, self.times)
        n = rest + 1
        higher, lower = self.amounts[pair + 1], self.amounts[pair]
        total = n * higher + (self.times - n) * lower
        parts = tuple(p for p in ((higher, n), (lower, self.times - n)) if p[1] and p[0])
        return _Level(total, parts)


def _oral_levels(
    start: int, times: int, strengths: Sequence[int], units: int = MAX_TABLETS_PER_DOSE * 4
) -> _OralLevels:
    """Daily amounts for ``times`` administrations, split as evenly as the strengths allow
    (n administrations at one amount, the rest at the next lower one): 60 + 50 mg for
    110 mg/day twice a day. The lowest levels drop administrations (CDC 2016: at the smallest
    dose, extend the interval). Raises :class:`TooManyAmounts` past :data:`MAX_AMOUNTS`."""
    smallest = min(strengths)
    most = max(4, math.ceil(start / smallest)) if smallest else 4
    amounts = list(_sums(strengths, min(most, max(units, 1000)), start, MAX_AMOUNTS))
    start_made = amounts[-1] == start
    if not start_made:
        amounts.append(start)
    return _OralLevels(amounts, times, start_made)


#: Patches labelled 12, 37, 62 and 87 mcg/h deliver 12.5, 37.5, 62.5 and 87.5 (product
#: monographs): 37 + 37 is the same as 75, never a reduction from it.
_DELIVERED = {12_000: 12_500, 37_000: 37_500, 62_000: 62_500, 87_000: 87_500}


def _patch_levels(start: int, strengths: Sequence[int]) -> tuple[list[_Level], bool]:
    """Patch rates worn at once (at most four patches), each with the patches that make it,
    and whether the starting rate is delivered by some of them.

    The patch labelled 12 mcg/h delivers 12.5 mcg/h (product monographs): combinations are
    compared by what they deliver, so two 12s are the same as one 25 and 75 is never "lowered"
    to 50 + 12 + 12. The rate shown and its MME use the labels, as prescribed. A starting rate
    written as what a patch delivers (37.5 for the 37 patch) is that patch: the 37 is not a
    lower level below it.
    """

    def delivered(patches: tuple[int, ...]) -> int:
        return sum(_DELIVERED.get(p, p) for p in patches)

    start_delivered = _DELIVERED.get(start, start)
    best: dict[int, tuple[int, ...]] = {0: ()}
    frontier: dict[int, tuple[int, ...]] = {0: ()}
    for _ in range(MAX_PATCHES):
        following: dict[int, tuple[int, ...]] = {}
        for patches in frontier.values():
            for s in strengths:
                combo = tuple(sorted((*patches, s), reverse=True))
                d = delivered(combo)
                if d <= start_delivered and sum(combo) <= start and d not in best:
                    known = following.get(d)
                    if known is None or len(combo) < len(known):
                        following[d] = combo
        best.update(following)
        frontier = following
    start_made = start_delivered in best
    levels = [_Level(sum(p), ((sum(p), 1),), p) for _, p in sorted(best.items())]
    # Lower levels deliver less than the start (never the same patches under another label).
    levels = [
        lv
        for lv in levels
        if (lv.total < start and delivered(lv.patches) < start_delivered) or lv.total == start
    ]
    if not any(lv.total == start for lv in levels):
        levels = [lv for lv in levels if lv.total < start] + [
            _Level(start, ((start, 1),), (start,))
        ]
    else:
        # Keep one level at the starting rate (the one with the fewest patches).
        at_start = [lv for lv in levels if lv.total == start]
        levels = [lv for lv in levels if lv.total < start] + [
            min(at_start, key=lambda lv: len(lv.patches))
        ]
    # Strictly increasing rates, so every lower index is a lower dose.
    out: list[_Level] = []
    for lv in levels:
        if not out or lv.total > out[-1].total:
            out.append(lv)
    return out, start_made


#: Patches counted when saying what more than :data:`MAX_PATCHES` would make (never planned).
_MOST_PATCHES_SAID = 12


def _more_patches(
    start: int, strengths: Sequence[int], above: int = -1, *, below: bool = False
) -> tuple[int, int] | None:
    """The rate (label, thousandths) and the number of patches of a combination of more than
    :data:`MAX_PATCHES` patches (at most :data:`_MOST_PATCHES_SAID`) of ``strengths`` that
    delivers more than ``above`` and at most ``start`` (less, if ``below``; compared by what
    the labels deliver: 12 is 12.5),
    the highest such rate first; None when none does. Only to say why a plan stops or cannot
    make today's rate: a plan never wears more than :data:`MAX_PATCHES` (eleventh hunt)."""
    if not strengths:
        return None
    top = _DELIVERED.get(start, start)
    floor = _DELIVERED.get(above, above) if above >= 0 else -1
    fewest: dict[int, tuple[int, int]] = {0: (0, 0)}  # delivered -> (patches, label sum)
    for _ in range(_MOST_PATCHES_SAID):
        grown = dict(fewest)
        for delivered, (count, label) in fewest.items():
            for s in strengths:
                d = delivered + _DELIVERED.get(s, s)
                if d <= top and (d not in grown or grown[d][0] > count + 1):
                    grown[d] = (count + 1, label + s)
        fewest = grown
    found = [
        (d, count, label)
        for d, (count, label) in fewest.items()
        if floor < d <= top and count > MAX_PATCHES and label <= start and not (below and d == top)
    ]
    if not found:
        return None
    d, count, label = max(found)
    # (a rate MAX_PATCHES or fewer patches also make is no reason)
    capped, _ = _patch_levels(start, strengths)
    made = [lv for lv in capped if lv.patches and all(p in strengths for p in lv.patches)]
    if any(_DELIVERED.get(lv.total, lv.total) == d for lv in made):
        return None
    return label, count


def _default_strengths(
    drug: str,
    formulation: str | None,
    name_brand: str | None,
    *,
    patch: bool = False,
    name_words: frozenset[str] = frozenset(),
    immediate: bool = False,
) -> list[str]:
    """The strengths assumed for a row that gives none. ``immediate``: the row is taken as
    needed or every 6 hours or more often, which no extended-release product is (they are
    taken every 12 or 24 hours, some every 8, and are not for as-needed use: product
    monographs), so without a release word or brand it is planned in immediate-release
    strengths only (before, "hydromorphone 6 mg q4h" stepped to 5.5 mg, a 4.5 mg
    extended-release tablet and a 1 mg tablet every 4 hours; "tramadol 100 mg qid" to 75 mg,
    an extended-release strength)."""
    if patch:
        return list(DEFAULT_STRENGTHS.get((drug, "patch"), ()))
    if name_brand in BRAND_STRENGTHS:
        return list(BRAND_STRENGTHS[name_brand])
    words = set(fold(formulation or "").replace("-", " ").split()) | set(name_words)
    er = bool(words & _ER_WORDS) or (name_brand or "") in _ER_BRANDS
    ir = bool(words & _IR_WORDS) or (name_brand or "") in _IR_BRANDS or (immediate and not er)
    kinds = ["er"] if er and not ir else ["ir"] if ir and not er else ["ir", "er"]
    found: list[str] = []
    for kind in kinds:
        found += DEFAULT_STRENGTHS.get((drug, kind), ())
    return sorted(set(found), key=Decimal)


def _line(counted: RowMme, row: MedicationRow, warnings: list[Warning_]) -> _Line:
    patch = counted.daily_dose_unit == "mcg/h"
    name = read_drug_name(row.drug)
    product = None if fold(row.drug.strip()) == counted.drug else row.drug.strip()
    label = f"{counted.drug} ({product})" if product else counted.drug
    # A formulation the calculator reads back into the same factor (never a product label).
    formulation = row.formulation or _FORM_WORD.get(counted.form.value) or "oral"
    strengths_given = list(row.strengths)
    per_dose = counted.dose_per_administration
    per_tablet: Decimal | None = None
    if counted.read_as and unit_word(row.unit) in TABLET_UNITS and per_dose:
        per_tablet = per_dose / row.dose
        strengths_given = [per_tablet]
        pieces = _tablet_pieces(row.dose)
        if pieces > 1:
            # "1½ tab": the prescription itself splits tablets, so the piece it uses is on hand
            # (otherwise the plan said the current dose "cannot be made" of whole tablets, and
            # stopped at a reduction the half tablets already taken would make).
            piece = per_tablet / pieces
            strengths_given = [piece, per_tablet]
            warnings.append(
                Warning_(
                    "split_tablets",
                    f"{label}: {json_number(row.dose)} tablets a dose splits tablets, so the "
                    f"steps also use pieces of 1/{pieces} tablet ({json_number(piece)} mg); "
                    "check that this product may be split.",
                )
            )
    elif row.concentration is not None and (unit_word(row.unit) in ML_UNITS or not strengths_given):
        # Strengths of a liquid dosed in mL are volumes that can be measured (default:
        # 0.5 mL, or the smallest of 1, 2, 5 mL whose mg are whole thousandths, e.g. 1 mL of
        # 0.125 mg/mL); a liquid dosed in mg gives its strengths in mg, the row's unit.
        volumes = strengths_given or [
            next(
                (v for v in _VOLUMES if not (v * row.concentration * SCALE) % 1),
                _VOLUMES[0],
            )
        ]
        strengths_given = [v * row.concentration for v in volumes]
    assumed = False
    liquid_words = (name.form_words | set(fold(row.formulation or "").split())) & _LIQUID_WORDS
    # An oral liquid dosed in mg with no concentration ("morphine oral solution 10 mg q4h"):
    # no tablet strength is assumed (before, the plan stepped it in 10 and 5 mg tablets, a
    # product the patient does not take); it steps in tenths of the dose below, with the
    # warning that asks to round to what is dispensed (tenth hunt).
    if not strengths_given and (patch or not liquid_words):
        immediate = counted.as_needed or (
            counted.times_per_day is not None and counted.times_per_day >= IMMEDIATE_TIMES
        )
        defaults = _default_strengths(
            counted.drug,
            row.formulation,
            name.brand,
            patch=patch,
            name_words=name.form_words,
            immediate=immediate,
        )
        if defaults:
            strengths_given = [Decimal(s) for s in defaults]
            assumed = True
    if not strengths_given:
        # Nothing known: doses rounded up to a tenth of the current administration.
        base = counted.dose_per_administration or counted.daily_dose
        strengths_given = [max(Decimal("0.1"), (base / 10).quantize(Decimal("0.1")))]
        # Not a marketed strength: said by the warning below, not by the "assumed" note.
        warnings.append(
            Warning_(
                "strengths_unknown",
                f"No strengths are known for {label}: doses are in steps of "
                f"{json_number(strengths_given[0])} {'mcg/h' if patch else 'mg'}; round each "
                "to the strengths dispensed, upward.",
            )
        )
    # Levels are whole thousandths (SCALE): a dose or strength finer than that ("0.3333 mg/mL"
    # x 5 mL = 1.6665 mg) was rounded, and the plan's own check raised an AssertionError.
    shown_unit = "mcg/h" if patch else counted.daily_dose_unit.removesuffix("/day")
    start_value = counted.daily_dose if patch else counted.dose_per_administration
    for value in (start_value, *strengths_given):
        if value is not None and value > 0 and (value * SCALE) % 1:
            raise ClinicalInputError(
                "taper.too_precise",
                f"{label}: a dose or strength of {json_number(value.normalize())} {shown_unit} "
                f"has more than three decimals; a plan's doses are exact to 0.001 {shown_unit} "
                "and rounding would change the dose. Give the dose, strengths and "
                "concentration with fewer decimals.",
                field="medications",
            )
    strengths = sorted({_scaled(s) for s in strengths_given if s > 0})
    levels: Sequence[_Level]
    if patch:
        start = _scaled(counted.daily_dose)
        levels, patch_made = _patch_levels(start, strengths)
        times = None
    else:
        assert counted.dose_per_administration is not None and counted.times_per_day is not None
        times_exact = counted.times_per_day
        if times_exact != times_exact.to_integral_value():
            raise ClinicalInputError(
                "taper.fractional_times",
                f"{label}: a plan needs a whole number of doses a day, not "
                f"{json_number(_display(times_exact, Decimal('0.01')))}",
                field="medications",
            )
        times = int(times_exact)
        start = _scaled(counted.dose_per_administration)
        units = 1000 if row.concentration is not None else MAX_TABLETS_PER_DOSE * 4
        try:
            levels = _oral_levels(start, times, strengths, units)
        except TooManyAmounts:
            shown = ", ".join(str(json_number(Decimal(s) / SCALE)) for s in strengths)
            raise ClinicalInputError(
                "taper.too_many_doses",
                f"{label}: the strengths {shown} mg make more than {MAX_AMOUNTS:,} different "
                f"doses up to the current {json_number(Decimal(start) / SCALE)} mg, too many "
                "to plan over. Give the strengths actually dispensed (tablet strengths, or the "
                "smallest volume measured for a liquid).",
                field="medications",
            ) from None
    start_total = start if patch else start * (times or 1)
    # Levels increase strictly and end at the starting dose.
    current = len(levels) - 1
    assert levels[current].total == start_total
    start_made = levels.start_made if isinstance(levels, _OralLevels) else patch_made
    more = _more_patches(start, strengths, start - 1) if patch and not start_made else None
    if more is not None:
        warnings.append(
            Warning_(
                "strength_mismatch",
                f"{label}: the current rate is made of {more[1]} patches of the strengths "
                f"{', '.join(str(json_number(Decimal(s) / SCALE)) for s in strengths)} mcg/h, "
                f"and a plan wears at most {MAX_PATCHES} patches at once (the sources give no "
                "number; more are hard to apply, count and remove), so the steps after today "
                f"use at most {MAX_PATCHES}. Check the strengths on hand.",
            )
        )
    elif not start_made:
        warnings.append(
            Warning_(
                "strength_mismatch",
                f"{label}: the current dose cannot be made of the strengths "
                f"{', '.join(str(json_number(Decimal(s) / SCALE)) for s in strengths)}; the "
                "steps after today use those strengths. Check the strengths on hand.",
            )
        )
    return _Line(
        row_index=counted.index,
        drug=counted.drug,
        product=product,
        form_word=_FORM_WORD.get(counted.form.value),
        formulation=formulation,
        unit="mcg/h" if patch else counted.daily_dose_unit.removesuffix("/day"),
        factor=counted.factor,
        divisor=Decimal(1) if not patch else _patch_divisor(counted),
        times=times,
        as_needed=counted.as_needed,
        strengths=tuple(strengths),
        assumed=assumed,
        levels=levels,
        current=current,
        per_tablet=per_tablet,
        concentration=row.concentration,
    )


#: Volumes of an oral liquid measured for a step when none are given (mL), smallest first.
_VOLUMES = (Decimal("0.5"), Decimal(1), Decimal(2), Decimal(5))


def _tablet_pieces(tablets: Decimal) -> int:
    """Into how many pieces a dose of ``tablets`` tablets cuts one (2 for "½" or "1½", 4 for
    "¼" or "¾"); 1 for whole tablets, and for fractions nobody cuts (they are not assumed)."""
    part = tablets - tablets.to_integral_value(rounding=ROUND_FLOOR)
    for pieces in (1, 2, 4):
        if (part * pieces) == (part * pieces).to_integral_value():
            return pieces
    return 1


#: A formulation word per factor-table form, so a step's doses read back into the same factor.
_FORM_WORD: dict[str, str | None] = {
    "oral": None,
    "transdermal": "patch",
    "buccal/sublingual tablet or lozenge": "buccal",
    "film or oral spray": "film",
    "nasal spray": "nasal spray",
}


def _patch_divisor(counted: RowMme) -> Decimal:
    # The analytic file's patch factor is per patch-day-supply (7.2 / 3); its MME per mcg/h is
    # mme / rate, whatever the factor shown.
    if counted.daily_dose == 0:
        return Decimal(1)
    return counted.factor * counted.daily_dose / counted.mme_per_day


# --- Planning ------------------------------------------------------------------------------------


def plan_regimen_taper(
    medications: Sequence[Mapping[str, Any] | MedicationRow],
    *,
    start_date: dt.date,
    rule: str = DEFAULT_RULE,
    table: str = DEFAULT_TABLE,
    duration: str | None = None,
    percent: object | None = None,
    interval: Interval | str | None = None,
    basis: Basis | None = None,
) -> RegimenPlan:
    """Plan a taper of a regimen (see the module docstring for what is guaranteed).

    Bad input raises :class:`ClinicalInputError`; a regimen that must not get an automatic
    plan returns a plan whose ``refused`` says why (and has no steps).
    """
    with localcontext(DECIMAL_CONTEXT):
        return _plan(
            medications,
            start_date=start_date,
            rule=rule,
            table=table,
            duration=duration,
            percent=percent,
            interval=interval,
            basis=basis,
        )


#: Buprenorphine products for pain (transdermal or buccal, Butrans and Belbuca): not OUD
#: treatment unless marked so. Every other buprenorphine product is read as OUD treatment
#: unless marked as for pain (the safer side).
_PAIN_BUPRENORPHINE_BRANDS = frozenset({"butrans", "belbuca"})


def _named(row: MedicationRow, generic: str) -> str:
    return row.drug if fold(row.drug.strip()) == generic else f"{row.drug} ({generic})"


def _is_rapid(rule: TaperRule, interval: Interval) -> bool:
    """Rules for short-term use, and any rule stepped more often than every four weeks."""
    return rule.key in RAPID_RULES or interval not in (Interval.FOUR_WEEKS, Interval.MONTH)


def _refusal(
    rows: Sequence[MedicationRow],
    result: MmeResult,
    rule: TaperRule,
    interval: Interval,
    long_term: bool,
) -> Refusal | None:
    for row in rows:
        name = read_drug_name(row.drug)
        if row.purpose == "oud":
            return Refusal(
                "oud_treatment",
                f"{row.drug} is marked as treatment for opioid use disorder (OUD). OUD "
                "treatment is not tapered by an automatic plan: CDC 2022 advises that, if it "
                "is discontinued, it be tapered very gradually (over several months) with the "
                "patient, and never to meet a dose threshold. Ask the hub's addiction medicine "
                "expert.",
            )
        for_pain = row.purpose == "pain" or (
            row.purpose is None
            and ((name.brand or "") in _PAIN_BUPRENORPHINE_BRANDS or read_unit(row.unit) == "mcg/h")
        )
        buprenorphine = name.drug == "buprenorphine" or (
            name.drug is None and "buprenorphine" in name.mentions
        )
        if buprenorphine and not for_pain:
            return Refusal(
                "oud_treatment",
                f"{_named(row, 'buprenorphine')} is most often treatment for opioid use "
                "disorder and is not tapered by an automatic plan (CDC 2022: taper OUD "
                "treatment very gradually, over several months, with specialist advice). If it "
                "is prescribed for pain, mark its purpose as pain.",
            )
    for row in rows:
        # Also a name that mentions methadone but could not be read whole ("Methadone
        # 10 mg/mL"): the row is then not counted, and no plan is made around it.
        if "methadone" in read_drug_name(row.drug).mentions:
            return Refusal(
                "methadone",
                f"{_named(row, 'methadone')} gets no automatic taper plan: its long and "
                "variable half-life, its non-linear conversion and the delayed peak of its "
                "respiratory depression need specialist advice (CDC 2022 caution on "
                "methadone). Ask the hub's pain or addiction medicine expert to write the "
                "schedule.",
            )
    total = result.total_mme_per_day
    if _is_rapid(rule, interval) and long_term and total >= RAPID_RULE_LIMIT:
        every = {
            Interval.DAY: "every day",
            Interval.TWO_DAYS: "every 2 days",
            Interval.WEEK: "every week",
            Interval.TWO_WEEKS: "every 2 weeks",
        }.get(interval, "")
        return Refusal(
            "rapid_rule_long_term",
            f"{rule.label} ({rule.guideline}), stepped {every}, is too fast for long-term use "
            f"at {json_number(_display(total))} MME/day (50 or more): a rapid taper risks "
            "withdrawal, uncontrolled pain, overdose on relapse and suicide (CDC 2022 "
            "Recommendation 5; Canada 2017; HHS 2019). Use the long-term rule (about 10 % per "
            "month or slower), or this rule stepped monthly where it allows it.",
        )
    if _is_rapid(rule, interval) and long_term and result.rows and result.uncounted_opioids:
        uncounted = ", ".join(e.row.drug for e in result.uncounted_opioids)
        return Refusal(
            "rapid_rule_long_term",
            f"{rule.label} ({rule.guideline}) is too fast for long-term use at 50 MME/day or "
            f"more, and the MME/day cannot be checked against 50 because {uncounted} could "
            "not be counted (see the MME calculator's reasons). The sources are silent on "
            "this case, so the safer side is taken: use the long-term rule (about 10 % per "
            "month or slower), or correct the rows that could not be counted.",
        )
    if not result.rows and any(
        read_drug_name(e.row.drug).drug == "buprenorphine" for e in result.excluded
    ):
        return Refusal(
            "buprenorphine",
            "Buprenorphine has no MME conversion factor (CDC 2022 excludes it: partial agonist "
            "with a ceiling effect), so no automatic plan is made for it. Reduce it step by "
            "step with specialist advice (e.g. one patch strength at a time, at least four "
            "weeks apart).",
        )
    return None


def _plan(
    medications: Sequence[Mapping[str, Any] | MedicationRow],
    *,
    start_date: dt.date,
    rule: str,
    table: str,
    duration: str | None,
    percent: object | None,
    interval: Interval | str | None,
    basis: Basis | None,
) -> RegimenPlan:
    get_table(table)
    chosen, step_percent, step_interval, chosen_basis = resolve_rule(rule, percent, interval, basis)
    notes: list[str] = []
    if duration in (None, ""):
        duration_value: Duration = "long-term"
        notes.append(
            "Duration of opioid use not stated: planned as long-term use (the safer side)."
        )
    elif duration in DURATIONS:
        duration_value = duration  # type: ignore[assignment]
    else:
        raise ClinicalInputError(
            "taper.invalid_duration",
            f'duration must be "long-term" or "short-term", not {duration!r}',
            field="duration",
        )
    if (
        interval in (None, "")
        and duration_value == "long-term"
        and step_interval is not Interval.MONTH
        and Interval.MONTH in chosen.intervals
    ):
        step_interval = Interval.MONTH
        notes.append(
            f"{chosen.guideline} allows its rate every week or every month; for long-term use "
            "the plan steps monthly (CDC 2022: about 10 % per month or slower)."
        )
    check_start_date(start_date, MAX_TICKS + 1)
    if not isinstance(medications, Sequence) or isinstance(medications, str | bytes):
        raise ClinicalInputError(
            "taper.medications_not_list",
            "medications must be a list of medication rows",
            field="medications",
        )
    if not medications:
        raise ClinicalInputError(
            "taper.no_medications",
            "medications is empty: list the opioids taken",
            field="medications",
        )
    if len(medications) > MAX_MEDICATIONS:
        raise ClinicalInputError(
            "taper.too_many_medications",
            f"medications lists {len(medications):,} rows; a plan is made for at most "
            f"{MAX_MEDICATIONS} (each interval looks at every row, so more would take minutes)",
            field="medications",
        )
    result = calculate_mme(medications, table=table)
    all_rows = [checked_row(m, i) for i, m in enumerate(medications)]
    start_mme = result.total_mme_per_day
    base = {
        "rule": chosen,
        "table": table,
        "duration": duration_value,
        "basis": chosen_basis,
        "percent": step_percent,
        "interval": step_interval,
        "start_date": start_date,
        "start_mme_per_day": start_mme,
        "mme": result,
    }
    refusal = _refusal(all_rows, result, chosen, step_interval, duration_value == "long-term")
    if refusal is not None:
        return RegimenPlan(refused=refusal, notes=tuple(notes), **base)  # type: ignore[arg-type]
    if not result.rows:
        reasons = "; ".join(f"{e.row.drug}: {e.reason}" for e in result.excluded)
        raise ClinicalInputError(
            "taper.nothing_to_taper",
            "no opioid in the list could be counted, so there is nothing to taper"
            + (f" ({reasons})" if reasons else ""),
            field="medications",
        )
    warnings: list[Warning_] = []
    for e in result.excluded:
        if e.reason_code == "benzodiazepine":
            warnings.append(
                Warning_(
                    "benzodiazepine",
                    f"{e.row.drug} is a benzodiazepine: opioids with benzodiazepines raise the "
                    "risk of overdose (CDC 2022 Recommendation 11); do not start one during the "
                    "taper, and taper it separately and gradually, not at the same time.",
                )
            )
        elif e.reason_code == "gabapentinoid":
            warnings.append(
                Warning_(
                    "gabapentinoid",
                    f"{e.row.drug} is a gabapentinoid: with opioids it adds to the risk of "
                    "respiratory depression; review it beside the taper.",
                )
            )
        elif e.reason_code != "not_opioid":
            warnings.append(
                Warning_(
                    "not_tapered",
                    f"{e.row.drug} is not part of this plan ({e.reason}) and keeps its dose; "
                    "the MME/day shown covers the other opioids only.",
                )
            )
    for code, message in result.warnings:
        warnings.append(Warning_(code, message))
    lines = [_line(c, c.row, warnings) for c in result.rows]
    assumed = [ln for ln in lines if ln.assumed and ln.strengths]
    for ln in assumed:
        shown = ", ".join(str(json_number(Decimal(s) / SCALE)) for s in ln.strengths)
        notes.append(
            f"{ln.drug}: no strengths given, so the strengths marketed in Canada were assumed "
            f"({shown} {ln.unit}); give the strengths on hand for a plan that fits them."
        )
    steps, plan_warnings, complete = _schedule(
        lines,
        start_mme=start_mme,
        rule=chosen,
        percent=step_percent,
        interval=step_interval,
        basis=chosen_basis,
        start_date=start_date,
        table=table,
    )
    warnings.extend(plan_warnings)
    if duration_value == "long-term" and chosen.key in RAPID_RULES:
        warnings.append(
            Warning_(
                "rapid_rule",
                f"{chosen.label} is a rule for short-term use; it is used here for long-term "
                "use below 50 MME/day. Watch closely for withdrawal and slow down if needed.",
            )
        )
    if len(lines) > 1:
        notes.append(
            "One drug changes at a time; the others keep their dose. The order shown is a "
            "suggestion: decide it with the patient."
        )
    notes.append(
        "Doses are rounded toward the higher (slower) dose and no step cuts more than the "
        "rule allows for one interval; when the strengths on hand cannot make a small enough "
        "step, the plan stops there and a smaller strength is needed to continue."
    )
    if not complete:
        notes.append(
            "The steps shown stop before the opioid is stopped: reassess and continue at the "
            "same pace or slower. CDC 2016: at the smallest available dose, extend the interval "
            "and stop when the opioid is taken less than once a day."
        )
    notes.extend(TAPER_NOTES)
    notes.extend(n for n in result.notes if n not in notes)
    last = steps[-1].date
    follow_ups: list[dt.date] = []
    count = 1
    while True:
        when = add_months(start_date, count)
        follow_ups.append(when)
        if when >= last or count > MAX_TICKS:
            break
        count += 1
    return RegimenPlan(
        refused=None,
        steps=tuple(steps),
        warnings=tuple(warnings),
        notes=tuple(notes),
        follow_ups=tuple(follow_ups),
        complete=complete,
        **base,  # type: ignore[arg-type]
    )


def schedule_floor(
    *, start: Decimal, rate: Decimal, basis: Basis, switch_at: Decimal | None, ticks: int
) -> Decimal:
    """The lowest MME/day the rule allows ``ticks`` intervals after the start."""
    fraction = Decimal(1)
    for _ in range(ticks):
        if basis == "original":
            fraction -= rate
        elif basis == "current":
            fraction *= 1 - rate
        else:
            assert switch_at is not None
            fraction = fraction - rate if fraction > switch_at else fraction * (1 - rate)
        if fraction <= 0:
            return Decimal(0)
    return start * fraction


def allowed_cut(
    *, start: Decimal, previous: Decimal, rate: Decimal, basis: Basis, switch_at: Decimal | None
) -> Decimal:
    """The largest cut the rule allows in one step from ``previous``."""
    if basis == "original":
        return start * rate
    if basis == "current":
        return previous * rate
    assert switch_at is not None
    return start * rate if previous > start * switch_at else previous * rate


def _schedule(
    lines: list[_Line],
    *,
    start_mme: Decimal,
    rule: TaperRule,
    percent: Decimal,
    interval: Interval,
    basis: Basis,
    start_date: dt.date,
    table: str,
) -> tuple[list[RegimenStep], list[Warning_], bool]:
    """Walk the rule's intervals; at each, lower one drug if the rule allows it.

    No step ever cuts more than the rule allows for one interval (:func:`allowed_cut`: of the
    starting MME/day, or of the previous step's under a rate of the current dose), whatever
    the strengths. At each interval the new MME/day is the lowest the strengths can make by
    lowering one drug that is at or above both the rule's schedule for that date
    (:func:`schedule_floor`) and the previous step minus one interval's allowance. When a
    change within the allowance exists but all are below the schedule, the regimen is held
    (the schedule falls a little each interval). When no change within one interval's
    allowance exists, waiting never helps (the allowance is per interval and the regimen does
    not change while held; CDC 2022 Rec 5: "should not rapidly reduce opioid dosages"): the
    plan stops at once, incomplete, with a ``step_too_large`` warning and a note on its last
    step naming the strengths and asking for a smaller one (or another formulation).
    """
    rate = percent / HUNDRED
    warnings: list[Warning_] = []
    steps = [_step(0, start_date, lines, start_mme, start_mme, interval, "today's regimen", ())]
    previous = start_mme
    changes = 0
    limit = GEOMETRIC_STEPS if basis == "current" else MAX_TICKS
    # As-needed rows count at their most doses a day (clinical.md §1.8), which may be far more
    # than is taken: a cut of a scheduled dose is also at most the rule's allowance of the
    # scheduled MME/day alone, so an as-needed ceiling never speeds up the taper of what is
    # taken on schedule. The sources are silent on as-needed doses in a taper, except to use
    # scheduled, not p.r.n., doses (NOUGG 2010; CEP): the safer side.
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
        most_by_line = [
            most_scheduled if with_as_needed and not ln.as_needed else most for ln in lines
        ]
        # Per line, the gentlest change (one level down) and the lowest level that is both
        # within one interval's allowance and at or above the schedule: a line's MME/day grows
        # with its level, so both are found by bisection instead of trying every level.
        gentlest_by_line: list[tuple[Decimal, int, int, int]] = []  # (new MME, order, line, lv)
        allowed_now: list[tuple[Decimal, int, int, int]] = []
        for li, ln in enumerate(lines):
            if ln.current == 0:
                continue
            order = 0 if ln.as_needed else 1
            here = ln.mme(ln.levels[ln.current])
            gentle = _new_mme(ln, ln.current - 1, previous, here)
            gentlest_by_line.append((gentle, order, li, ln.current - 1))
            lowest = _lowest_allowed(ln, previous, here, most_by_line[li], floor)
            if lowest is not None:
                allowed_now.append((_new_mme(ln, lowest, previous, here), order, li, lowest))
        if not gentlest_by_line:
            break
        within = [
            c for c in gentlest_by_line if previous - c[0] <= most_by_line[c[2]] + CUT_EPSILON
        ]
        if not within:
            gentlest = max(gentlest_by_line, key=lambda c: (c[0], -c[1], -c[2]))
            line = lines[gentlest[2]]
            if with_as_needed and not line.as_needed:
                # said of the scheduled MME/day, the base of this line's allowance
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
        if not allowed_now:
            continue  # hold: the schedule does not yet allow the next dose
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
    _verify(steps, table)
    return steps, _merge(warnings), complete


#: Decimal noise allowed when comparing a cut with one interval's allowance.
CUT_EPSILON = Decimal("1e-9")


def _scheduled_mme(lines: Sequence[_Line]) -> Decimal:
    """MME/day of the lines taken on schedule (not as needed), at their current levels."""
    return sum((ln.mme(ln.levels[ln.current]) for ln in lines if not ln.as_needed), Decimal(0))


def _new_mme(line: _Line, level: int, previous: Decimal, here: Decimal) -> Decimal:
    """The regimen's MME/day if ``line`` moves from its current level (``here`` MME/day) to
    ``level`` and the others keep theirs."""
    return previous - here + line.mme(line.levels[level])


def _lowest_allowed(
    line: _Line, previous: Decimal, here: Decimal, most: Decimal, floor: Decimal
) -> int | None:
    """The lowest level below the current one that cuts at most ``most`` and stays at or above
    ``floor`` (None: none does). The MME/day grows with the level, so the levels that qualify
    are those from some level up: found by bisection, about 2 log2(levels) looks."""

    def allowed(level: int) -> bool:
        new = _new_mme(line, level, previous, here)
        return previous - new <= most + CUT_EPSILON and new >= floor

    high = line.current - 1
    if high < 0 or not allowed(high):
        return None
    low = 0
    while low < high:
        middle = (low + high) // 2
        if allowed(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def _stop(
    line: _Line,
    gentlest: tuple[Decimal, int, int, int],
    previous: Decimal,
    most: Decimal,
    start: Decimal,
    basis: Basis,
    rule: TaperRule,
    *,
    scheduled: bool = False,
) -> tuple[str, str]:
    """Why the plan stops: the smallest change the strengths can make (``gentlest``) cuts more
    than one interval's allowance (``most``): the last step's note, and a hint for the
    warning (which is the note, a full stop and the hint)."""
    of_original = basis == "original" or (
        basis == "original-then-remaining"
        and rule.switch_at is not None
        and previous > start * rule.switch_at
    )
    base = start if of_original else previous
    exact = (previous - gentlest[0]) / base * HUNDRED if base else HUNDRED
    allowed = most / base * HUNDRED if base else Decimal(0)
    cut = _display(exact)
    if cut <= allowed:  # 10.04 % is not shown as "10 % where the rule allows 10 %"
        cut = exact.quantize(Decimal("0.01"), rounding=ROUND_CEILING).normalize()
    here = Decimal(line.levels[line.current].total) / SCALE
    there = Decimal(line.levels[gentlest[3]].total) / SCALE
    strengths = ", ".join(f"{json_number(Decimal(s) / SCALE)}" for s in sorted(line.strengths))
    if line.unit == "mcg/h":
        more = _more_patches(
            line.levels[line.current].total,
            line.strengths,
            line.levels[gentlest[3]].total,
            below=True,
        )
        smallest = Decimal(min(line.strengths)) / SCALE if line.strengths else None
        if smallest is not None and smallest > Decimal(12):
            hint = (
                " A 12 mcg/h patch would make smaller steps; below it, an oral "
                "immediate-release bridge (with specialist advice) is needed."
            )
        else:
            hint = (
                " No patch is small enough for a step within the rule; consider an oral "
                "immediate-release bridge with specialist advice."
            )
        if more is not None:
            # (eleventh hunt: the cap was not named, so "the smallest the strengths can make"
            # read as false when more patches of them make a smaller step)
            hint = (
                f" A plan wears at most {MAX_PATCHES} patches at once (the sources give no "
                f"number); {more[1]} patches would make "
                f"{json_number(Decimal(more[0]) / SCALE)} mcg/h, a smaller step.{hint}"
            )
    else:
        per_unit = line.factor / line.divisor
        needed = _display(most / per_unit) if per_unit else Decimal(0)
        hint = (
            f" A strength of {json_number(needed)} {line.unit} or less (e.g. an "
            "immediate-release tablet or an oral liquid) would keep each step within the rule."
        )
    of = ("starting" if of_original else "current") + (" scheduled" if scheduled else "")
    return (
        f"{line.label}: the next reduction, {json_number(here)} -> {json_number(there)} "
        f"{line.unit} (the smallest the strengths {strengths} {line.unit} can make), would cut "
        f"faster than the rule ({json_number(cut)} % of the {of} MME/day where the rule allows "
        f"{json_number(_display(allowed, Decimal('0.01')))} %): a smaller strength (or another "
        "formulation) is needed to continue; the plan stops here rather than cut faster",
        hint,
    )


def _merge(warnings: list[Warning_]) -> list[Warning_]:
    """One ``step_too_large`` warning per drug for the plan (each step keeps its own)."""
    out: list[Warning_] = []
    seen: dict[str, int] = {}
    for w in warnings:
        key = w.message.split(":", 1)[0] if w.code == "step_too_large" and w.step else None
        if key is None:
            out.append(w)
            continue
        if key in seen:
            first = out[seen[key]]
            out[seen[key]] = Warning_(first.code, first.message, first.step, (*first.steps, w.step))
        else:
            seen[key] = len(out)
            out.append(Warning_(w.code, w.message, w.step, (w.step,)))
    return out


def _step(
    number: int,
    when: dt.date,
    lines: list[_Line],
    mme: Decimal,
    start: Decimal,
    interval: Interval,
    note: str | None,
    warnings: tuple[Warning_, ...],
    *,
    previous: Decimal | None = None,
) -> RegimenStep:
    doses: list[Dose] = []
    for ln in lines:
        doses += ln.doses(ln.levels[ln.current])
    cut = Decimal(0) if previous is None else previous - mme
    return RegimenStep(
        step=number,
        date=when,
        doses=tuple(doses),
        mme_per_day=mme,
        percent_of_start=mme / start * HUNDRED if start else Decimal(0),
        reduction_percent_of_start=cut / start * HUNDRED if start else Decimal(0),
        follow_up_by=min(interval.add(when, 1), add_months(when, 1)),
        note=note,
        warnings=warnings,
    )


def _verify(steps: list[RegimenStep], table: str) -> None:
    """Each step's MME/day must equal the calculator's, drug by drug, on the step's doses read
    back as medication rows (one source of truth for factors)."""
    for step in steps:
        rows = steps_as_rows(step)
        total = calculate_mme(rows, table=table).total_mme_per_day if rows else Decimal(0)
        if abs(total - step.mme_per_day) > Decimal("0.000001"):
            raise AssertionError(f"step {step.step}: {total} != {step.mme_per_day}")


def steps_as_rows(step: RegimenStep) -> list[dict[str, Any]]:
    """A step's doses as medication rows for :func:`clinical.mme.calculate_mme`."""
    rows: list[dict[str, Any]] = []
    for d in step.doses:
        if d.dose == 0:
            continue
        row: dict[str, Any] = {"drug": d.drug, "dose": d.dose, "unit": d.unit}
        if d.form_word:
            row["formulation"] = d.form_word
        if d.unit != "mcg/h":
            row["times_per_day"] = d.times_per_day
        rows.append(row)
    return rows
