"""Patient-reported instruments: free ones scored exactly, licensed ones as entered totals.

Items, ranges, scoring and bands come from ``/work/shared/reference/clinical.md`` §3 (source
tags in brackets, keys of its §8). Nothing is imputed: a missing or out-of-range answer is a
:class:`~clinical.errors.ClinicalInputError` with a stable ``code``:

* ``instrument.item_count`` — wrong number of answers
* ``instrument.item_type`` — an answer that is not a whole number (or yes/no where asked)
* ``instrument.item_range`` — an answer outside the item's scale
* ``instrument.invalid_option`` — an unknown response label or option
* ``instrument.unknown_instrument`` — no such instrument
* ``instrument.total_range`` — an entered total outside the instrument's range
* ``instrument.licence_required`` — item-level scoring of a licensed instrument without
  ``licensed=True``
* ``instrument.not_available`` — item scoring the reference could not verify
* ``instrument.peg_baseline_zero`` — a PEG change from a baseline of 0

Free instruments (clinical.md §0.5, §3.1): PEG, PHQ-9, PHQ-2, GAD-7, STarT Back
(non-commercial), TAPS (NIDA). Licensed or permission-required: BPI, PCS, ORT, COMM, PROMIS
(and DN4, licence holder not found): only a clinician-entered total is recorded
(:func:`record_licensed_total`) unless the caller states ``licensed=True``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from clinical._numbers import json_number, round_display, to_decimal
from clinical.errors import ClinicalInputError


@dataclass(frozen=True)
class Flag:
    """Something a clinician must see now (e.g. PHQ-9 item 9)."""

    code: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class Band:
    """A named score band, inclusive at both ends (``high`` None: open-ended)."""

    code: str
    label: str
    low: Decimal
    high: Decimal | None

    def contains(self, score: Decimal) -> bool:
        return score >= self.low and (self.high is None or score <= self.high)


@dataclass(frozen=True)
class InstrumentScore:
    """A scored (or entered) instrument result, plain data for a form or the API."""

    instrument: str
    name: str
    score: Decimal | None
    minimum: Decimal
    #: None where the reference gives no upper bound (TAPS-2 per-substance scores).
    maximum: Decimal | None
    band: str | None = None
    band_label: str | None = None
    subscores: Mapping[str, Decimal] = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""
    entered_total: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "name": self.name,
            "score": None if self.score is None else json_number(self.score),
            "minimum": json_number(self.minimum),
            "maximum": None if self.maximum is None else json_number(self.maximum),
            "band": self.band,
            "band_label": self.band_label,
            "subscores": {k: json_number(v) for k, v in self.subscores.items()},
            "flags": [f.to_dict() for f in self.flags],
            "notes": list(self.notes),
            "source": self.source,
            "entered_total": self.entered_total,
        }


def _band(bands: Sequence[Band], score: Decimal) -> Band:
    for band in bands:
        if band.contains(score):
            return band
    raise AssertionError(f"no band for {score}")  # pragma: no cover - bands cover the range


def _whole_items(
    items: Sequence[object], *, name: str, count: int, low: int, high: int
) -> list[int]:
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        raise ClinicalInputError(
            "instrument.item_type", f"{name} answers must be a list of {count} numbers"
        )
    if len(items) != count:
        raise ClinicalInputError(
            "instrument.item_count",
            f"{name} needs exactly {count} answers; got {len(items)}",
            field="items",
        )
    answers: list[int] = []
    for position, value in enumerate(items, start=1):
        where = f"items[{position - 1}]"
        if isinstance(value, bool) or not isinstance(value, int):
            raise ClinicalInputError(
                "instrument.item_type",
                f"{name} item {position} must be a whole number from {low} to {high}",
                field=where,
            )
        if not low <= value <= high:
            raise ClinicalInputError(
                "instrument.item_range",
                f"{name} item {position} must be from {low} to {high}; got {value}",
                field=where,
            )
        answers.append(value)
    return answers


# --- PEG (clinical.md §3.2) ----------------------------------------------------------------------

PEG_NOTE = (
    "PEG has no official severity bands; follow it over time. A 30 % improvement from "
    "baseline is clinically meaningful (CDC 2016 checklist [S] ADVANCE-CDC-CHECKLIST; "
    "CDC 2022 [S] CDC22-X p20)."
)


def score_peg(items: Sequence[int]) -> InstrumentScore:
    """PEG: 3 items (Pain, Enjoyment, General activity), each 0–10; score = mean (0–10).

    All 3 items are required (no imputation) and the mean is stored to 1 decimal
    (clinical.md §3.2 _PROPOSAL_); the exact sum is in ``subscores["sum"]``. [V] PEG-PMD
    """
    answers = _whole_items(items, name="PEG", count=3, low=0, high=10)
    total = Decimal(sum(answers))
    return InstrumentScore(
        instrument="peg",
        name="PEG (pain, enjoyment, general activity)",
        score=round_display(total / 3),
        minimum=Decimal(0),
        maximum=Decimal(10),
        subscores={
            "sum": total,
            "pain": Decimal(answers[0]),
            "enjoyment": Decimal(answers[1]),
            "general_activity": Decimal(answers[2]),
        },
        notes=(PEG_NOTE,),
        source="clinical.md §3.2 [V] PEG-PMD, PEG-JGIM",
    )


@dataclass(frozen=True)
class PegChange:
    """Change in PEG from baseline; improvement is positive."""

    baseline: Decimal
    follow_up: Decimal
    percent_improvement: Decimal
    clinically_meaningful: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": json_number(round_display(self.baseline)),
            "follow_up": json_number(round_display(self.follow_up)),
            "percent_improvement": json_number(round_display(self.percent_improvement)),
            "clinically_meaningful": self.clinically_meaningful,
        }


PEG_MEANINGFUL_PERCENT = Decimal(30)


def peg_change(baseline_items: Sequence[int], follow_up_items: Sequence[int]) -> PegChange:
    """Percent improvement of the PEG mean from baseline, exact (from the item sums).

    ≥30 % improvement is clinically meaningful (clinical.md §3.2, [S] CDC22-X p20).
    """
    baseline = score_peg(baseline_items).subscores["sum"]
    follow_up = score_peg(follow_up_items).subscores["sum"]
    if baseline == 0:
        raise ClinicalInputError(
            "instrument.peg_baseline_zero",
            "a PEG baseline of 0 has no room for a percent improvement",
            field="baseline_items",
        )
    percent = (baseline - follow_up) / baseline * 100
    return PegChange(
        baseline=baseline / 3,
        follow_up=follow_up / 3,
        percent_improvement=percent,
        clinically_meaningful=percent >= PEG_MEANINGFUL_PERCENT,
    )


# --- PHQ-9, PHQ-2, GAD-7 (clinical.md §3.5) ------------------------------------------------------

PHQ9_BANDS = (
    Band("minimal", "Minimal (0–4)", Decimal(0), Decimal(4)),
    Band("mild", "Mild (5–9)", Decimal(5), Decimal(9)),
    Band("moderate", "Moderate (10–14)", Decimal(10), Decimal(14)),
    Band("moderately_severe", "Moderately severe (15–19)", Decimal(15), Decimal(19)),
    Band("severe", "Severe (20–27)", Decimal(20), Decimal(27)),
)
GAD7_BANDS = (
    Band("minimal", "Minimal (0–4)", Decimal(0), Decimal(4)),
    Band("mild", "Mild (5–9)", Decimal(5), Decimal(9)),
    Band("moderate", "Moderate (10–14)", Decimal(10), Decimal(14)),
    Band("severe", "Severe (15–21)", Decimal(15), Decimal(21)),
)
PHQ9_ITEM9_FLAG = Flag(
    "phq9-item9",
    "PHQ-9 item 9 (thoughts that you would be better off dead or of hurting yourself in some "
    "way) was answered above 'not at all': review the patient's safety now.",
)
_RESPONSES_0_3 = "0 not at all, 1 several days, 2 more than half the days, 3 nearly every day"


def score_phq9(items: Sequence[int]) -> InstrumentScore:
    """PHQ-9: 9 items 0–3, total 0–27, bands 0–4/5–9/10–14/15–19/20–27 ([V] WIKIMSK).

    Any non-zero item 9 raises the ``phq9-item9`` flag (clinical.md §3.5 _PROPOSAL_). The
    unscored 10th "difficulty" item is not taken ([V] HFHT).
    """
    answers = _whole_items(items, name="PHQ-9", count=9, low=0, high=3)
    total = Decimal(sum(answers))
    band = _band(PHQ9_BANDS, total)
    return InstrumentScore(
        instrument="phq9",
        name="PHQ-9",
        score=total,
        minimum=Decimal(0),
        maximum=Decimal(27),
        band=band.code,
        band_label=band.label,
        subscores={"phq2": Decimal(answers[0] + answers[1]), "item9": Decimal(answers[8])},
        flags=(PHQ9_ITEM9_FLAG,) if answers[8] > 0 else (),
        notes=(f"Items scored {_RESPONSES_0_3} over the last 2 weeks.",),
        source="clinical.md §3.5 [V] PUBCOMP, HFHT, WIKIMSK",
    )


PHQ2_CUTOFFS = (2, 3)


def score_phq2(items: Sequence[int], *, cutoff: int = 3) -> InstrumentScore:
    """PHQ-2: PHQ-9 items 1–2, total 0–6; positive at ≥3 (Kroenke 2003 optimal cut-point,
    [V] PHQ2-ABS) or, when asked, ≥2 (more sensitive, [V] ARROLL)."""
    if cutoff not in PHQ2_CUTOFFS:
        raise ClinicalInputError(
            "instrument.invalid_option", "PHQ-2 cutoff must be 3 (default) or 2", field="cutoff"
        )
    answers = _whole_items(items, name="PHQ-2", count=2, low=0, high=3)
    total = Decimal(sum(answers))
    positive = total >= cutoff
    return InstrumentScore(
        instrument="phq2",
        name="PHQ-2",
        score=total,
        minimum=Decimal(0),
        maximum=Decimal(6),
        band="positive" if positive else "negative",
        band_label=f"{'Positive' if positive else 'Negative'} screen (cut-point ≥{cutoff})",
        notes=("A positive PHQ-2 is followed by the full PHQ-9 (clinical.md §3.12 _PROPOSAL_).",)
        if positive
        else (),
        source="clinical.md §3.5 [V] PHQ2-ABS, ARROLL",
    )


def score_gad7(items: Sequence[int]) -> InstrumentScore:
    """GAD-7: 7 items 0–3, total 0–21, bands 0–4/5–9/10–14/15–21 ([V] JOTFORM-GAD7)."""
    answers = _whole_items(items, name="GAD-7", count=7, low=0, high=3)
    total = Decimal(sum(answers))
    band = _band(GAD7_BANDS, total)
    return InstrumentScore(
        instrument="gad7",
        name="GAD-7",
        score=total,
        minimum=Decimal(0),
        maximum=Decimal(21),
        band=band.code,
        band_label=band.label,
        notes=(f"Items scored {_RESPONSES_0_3} over the last 2 weeks.",),
        source="clinical.md §3.5 [V] JOTFORM-GAD7",
    )


# --- Keele STarT Back (clinical.md §3.8) ---------------------------------------------------------

#: Item 9 responses. "very much" and "extremely" score 1 ([V] SBST-KEELE); the three lower
#: labels are the tool's other responses, read from the tool itself, not from clinical.md [U].
START_BACK_ITEM9 = {
    "not at all": 0,
    "slightly": 0,
    "moderately": 0,
    "very much": 1,
    "extremely": 1,
}


def score_start_back(items: Sequence[bool | int | str]) -> InstrumentScore:
    """Keele STarT Back (9 items): total 0–9 and psychosocial subscale (items 5–9) 0–5.

    Items 1–8: agree = 1 (``True`` or ``1``), disagree = 0. Item 9 (bothersomeness): a
    response label, positive for "very much" or "extremely", or an already dichotomised
    ``True``/``1``. Risk: subscale 4–5 high; otherwise total 0–3 low, 4–9 medium.
    [V] SBST-KEELE. For low back pain only.
    """
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        raise ClinicalInputError("instrument.item_type", "STarT Back answers must be a list of 9")
    if len(items) != 9:
        raise ClinicalInputError(
            "instrument.item_count",
            f"STarT Back needs exactly 9 answers; got {len(items)}",
            field="items",
        )
    answers: list[int] = []
    for position, value in enumerate(items, start=1):
        where = f"items[{position - 1}]"
        if position == 9 and isinstance(value, str):
            label = " ".join(value.casefold().split())
            if label not in START_BACK_ITEM9:
                raise ClinicalInputError(
                    "instrument.invalid_option",
                    "STarT Back item 9 must be one of " + ", ".join(START_BACK_ITEM9),
                    field=where,
                )
            answers.append(START_BACK_ITEM9[label])
            continue
        if isinstance(value, bool):
            answers.append(int(value))
        elif isinstance(value, int) and value in (0, 1):
            answers.append(value)
        else:
            expected = "agree (1/true) or disagree (0/false)"
            if position == 9:
                expected = "a response label or 1/true for 'very much' or 'extremely'"
            raise ClinicalInputError(
                "instrument.item_range"
                if isinstance(value, int) and not isinstance(value, bool)
                else "instrument.item_type",
                f"STarT Back item {position} must be {expected}; got {value!r}",
                field=where,
            )
    total = Decimal(sum(answers))
    psychosocial = Decimal(sum(answers[4:9]))
    if psychosocial >= 4:
        band, label = "high", "High risk (psychosocial subscale 4–5)"
    elif total <= 3:
        band, label = "low", "Low risk (total 0–3)"
    else:
        band, label = "medium", "Medium risk (total 4–9, subscale 0–3)"
    return InstrumentScore(
        instrument="start_back",
        name="Keele STarT Back Screening Tool",
        score=total,
        minimum=Decimal(0),
        maximum=Decimal(9),
        band=band,
        band_label=label,
        subscores={"psychosocial": psychosocial},
        notes=(
            "For low back pain only; not recommended for other musculoskeletal or "
            "non-musculoskeletal conditions. Free for non-commercial use; keep the Keele "
            "copyright and funding statement.",
        ),
        source="clinical.md §3.8 [V] SBST-KEELE, SBST-ITEMS, SBST-HOME",
    )


# --- TAPS (clinical.md §3.11) --------------------------------------------------------------------

TAPS1_SUBSTANCES = ("tobacco", "alcohol", "illicit_drugs", "prescription_drugs_non_medical")
#: TAPS-1 frequency responses over the past 12 months. Only "never" vs anything else matters
#: for scoring ([V] NIDA-TAPS); the other labels are the tool's, not read in clinical.md [U].
TAPS1_RESPONSES = ("never", "less than monthly", "monthly", "weekly", "daily or almost daily")
TAPS2_LEVELS = (
    Band("no_use", "No use in the past 3 months (0)", Decimal(0), Decimal(0)),
    Band("problem_use", "Problem use (1)", Decimal(1), Decimal(1)),
    Band("higher_risk", "Higher risk (2+)", Decimal(2), None),
)


def score_taps1(responses: Mapping[str, str]) -> InstrumentScore:
    """TAPS-1: 4 frequency items (tobacco; alcohol — 5+ drinks a day for men, 4+ for women;
    illicit drugs; non-medical prescription drugs) over the past 12 months.

    Positive for a substance when the answer is other than "never"; each positive substance
    goes on to TAPS-2 ([V] NIDA-TAPS, RULA-TAPS). ``score`` is the number of positive items.
    """
    if not isinstance(responses, Mapping):
        raise ClinicalInputError("instrument.item_type", "TAPS-1 answers must be an object")
    missing = [s for s in TAPS1_SUBSTANCES if s not in responses]
    extra = sorted(str(k) for k in responses if k not in TAPS1_SUBSTANCES)
    if missing or extra:
        raise ClinicalInputError(
            "instrument.item_count",
            "TAPS-1 needs exactly the 4 items " + ", ".join(TAPS1_SUBSTANCES),
            field=(missing or extra)[0],
        )
    positive: list[str] = []
    for substance in TAPS1_SUBSTANCES:
        answer = responses[substance]
        label = " ".join(answer.casefold().split()) if isinstance(answer, str) else None
        if label not in TAPS1_RESPONSES:
            raise ClinicalInputError(
                "instrument.invalid_option",
                f"TAPS-1 {substance} must be one of " + ", ".join(TAPS1_RESPONSES),
                field=substance,
            )
        if label != "never":
            positive.append(substance)
    return InstrumentScore(
        instrument="taps1",
        name="TAPS-1",
        score=Decimal(len(positive)),
        minimum=Decimal(0),
        maximum=Decimal(4),
        band="positive" if positive else "negative",
        band_label=(
            "Positive for " + ", ".join(positive) + ": continue with TAPS-2 for each"
            if positive
            else "Negative (never for all 4)"
        ),
        subscores={s: Decimal(int(s in positive)) for s in TAPS1_SUBSTANCES},
        source="clinical.md §3.11 [V] NIDA-TAPS, RULA-TAPS",
    )


#: The most a TAPS-2 substance score can be: its brief assessment asks 3 or 4 yes/no questions
#: per class of substance ([S] C4TBH program review of the TAPS tool, "3-4 yes/no questions for
#: each class of substances"; the items are [U] in clinical.md §3.11). The source gives no
#: highest score, so the safer side is taken: a score no assessment can give is refused, never
#: recorded as a risk level.
TAPS2_MAX = 4


def taps2_risk(substance: str, score: int) -> InstrumentScore:
    """TAPS-2 risk level for one substance from its score (as produced by the NIDA tool):
    0 = no use in the past 3 months, 1 = problem use, 2+ = higher risk ([V] NIDA-TAPS).

    The TAPS-2 items per substance were not read in the reference ([U]), so this takes the
    per-substance score, not the items.
    """
    if not isinstance(substance, str) or not substance.strip():
        raise ClinicalInputError(
            "instrument.invalid_option", "TAPS-2 needs the substance name", field="substance"
        )
    if isinstance(score, bool) or not isinstance(score, int):
        raise ClinicalInputError(
            "instrument.item_type", "TAPS-2 score must be a whole number", field="score"
        )
    if score < 0:
        raise ClinicalInputError(
            "instrument.item_range", "TAPS-2 score must be 0 or more", field="score"
        )
    if score > TAPS2_MAX:
        # no TAPS-2 assessment can give it: a typo, or another instrument's total
        raise ClinicalInputError(
            "instrument.item_range",
            f"TAPS-2 score must be from 0 to {TAPS2_MAX} (one point per yes/no question of the "
            f"substance's assessment); got {score}",
            field="score",
        )
    band = _band(TAPS2_LEVELS, Decimal(score))
    return InstrumentScore(
        instrument="taps2",
        name=f"TAPS-2 ({substance.strip()})",
        score=Decimal(score),
        minimum=Decimal(0),
        maximum=None,
        band=band.code,
        band_label=band.label,
        source="clinical.md §3.11 [V] NIDA-TAPS",
    )


# --- Licensed instruments (clinical.md §3.3, 3.4, 3.6, 3.7, 3.9, 3.10) ---------------------------


@dataclass(frozen=True)
class LicensedInstrument:
    key: str
    name: str
    minimum: Decimal
    maximum: Decimal
    whole: bool
    licence: str
    source: str
    bands: tuple[Band, ...] = ()
    notes: tuple[str, ...] = ()


ORT_BANDS = (
    Band("low", "Low risk (0–3)", Decimal(0), Decimal(3)),
    Band("moderate", "Moderate risk (4–7)", Decimal(4), Decimal(7)),
    Band("high", "High risk (8 or more)", Decimal(8), None),
)

_BPI_LICENCE = (
    "The BPI copyright is held by Dr. Charles S. Cleeland; it may not be used or reproduced "
    "without permission and fees for use may apply."
)
LICENSED_INSTRUMENTS: dict[str, LicensedInstrument] = {
    i.key: i
    for i in (
        LicensedInstrument(
            key="bpi-severity",
            name="Brief Pain Inventory (short form), pain severity (mean of 4 items)",
            minimum=Decimal(0),
            maximum=Decimal(10),
            whole=False,
            licence=_BPI_LICENCE,
            source="clinical.md §3.3 [V] BPI-GUIDE, NINDS-CDE",
        ),
        LicensedInstrument(
            key="bpi-interference",
            name="Brief Pain Inventory (short form), pain interference (mean of 7 items)",
            minimum=Decimal(0),
            maximum=Decimal(10),
            whole=False,
            licence=_BPI_LICENCE,
            source="clinical.md §3.3 [V] BPI-GUIDE, EPPOC",
            notes=("The mean may be used when at least 4 of the 7 items were answered.",),
        ),
        LicensedInstrument(
            key="pcs",
            name="Pain Catastrophizing Scale",
            minimum=Decimal(0),
            maximum=Decimal(52),
            whole=True,
            licence="The PCS is licensed and distributed by Mapi Research Trust on behalf of "
            "Dr. Michael Sullivan.",
            source="clinical.md §3.6 [V] PCS-ITEMS, SULLIVAN",
            notes=(
                "Cut-off not banded here: clinical.md gives both '≥30 clinically relevant' "
                "(§3.1) and 'a score above 30' (§3.6, [S] KANDEL).",
            ),
        ),
        LicensedInstrument(
            key="ort",
            name="Opioid Risk Tool (original, Webster 2005)",
            minimum=Decimal(0),
            maximum=Decimal(26),
            whole=True,
            licence="Permission to use the ORT clinically is requested through the author's site.",
            source="clinical.md §3.4 [V] CFP-ORT, PALLIPEDIA, WEBSTER",
            bands=ORT_BANDS,
        ),
        LicensedInstrument(
            key="ort-oud",
            name="Opioid Risk Tool for OUD (Cheatle 2019)",
            minimum=Decimal(0),
            maximum=Decimal(9),
            whole=True,
            licence="Treated as permission-required, like the original ORT.",
            source="clinical.md §3.4 [V] ORT-OUD; item list and cut-off [U]",
            notes=("No band: the ORT-OUD cut-off was not verified in the reference.",),
        ),
        LicensedInstrument(
            key="comm",
            name="Current Opioid Misuse Measure (COMM)",
            minimum=Decimal(0),
            maximum=Decimal(68),
            whole=True,
            licence='"The COMM is for clinician use only. The tool is not meant for commercial '
            'distribution."',
            source="clinical.md §3.10 [S] COMM-INFO; range 0–68 [U]",
            notes=(
                "Range 0–68 and the positive cut-off are unverified in the reference; no band.",
            ),
        ),
        LicensedInstrument(
            key="promis",
            name="PROMIS measure (T-score)",
            minimum=Decimal(0),
            maximum=Decimal(100),
            whole=False,
            licence="PROMIS is free for clinical use, but integration into proprietary "
            "technology and electronic administration need written permission (HEAP).",
            source="clinical.md §3.9 [V] HM-OBTAIN, PROMIS-TC",
            notes=(
                "A T-score (mean 50, SD 10) from the HealthMeasures scoring tables; the 0–100 "
                "check is only a sanity range, the tables were not read in the reference.",
            ),
        ),
        LicensedInstrument(
            key="dn4",
            name="DN4 (10 items, interview and examination)",
            minimum=Decimal(0),
            maximum=Decimal(10),
            whole=True,
            licence="Licence holder not found; treated as permission-required.",
            source="clinical.md §3.7 [V] PMC-NPQ",
        ),
    )
}


def record_licensed_total(
    instrument: str, total: object, *, licensed: bool = False
) -> InstrumentScore:
    """Record a licensed instrument's total as entered by the clinician.

    The total must be within the instrument's range (whole numbers where the total is a
    sum). Items are not administered by echohub without a licence; the result says so.
    """
    spec = LICENSED_INSTRUMENTS.get(instrument)
    if spec is None:
        raise ClinicalInputError(
            "instrument.unknown_instrument",
            f"unknown licensed instrument {instrument!r}; choose one of "
            + ", ".join(LICENSED_INSTRUMENTS),
            field="instrument",
        )
    value = to_decimal(total, field="total", code="instrument.item_type")
    if spec.whole and value != value.to_integral_value():
        raise ClinicalInputError(
            "instrument.item_type", f"{spec.name} total must be a whole number", field="total"
        )
    if not spec.minimum <= value <= spec.maximum:
        raise ClinicalInputError(
            "instrument.total_range",
            f"{spec.name} total must be from {spec.minimum} to {spec.maximum}; got {value}",
            field="total",
        )
    band = _band(spec.bands, value) if spec.bands else None
    licence_note = (
        "Total entered by the clinician; a licence for item administration is on file."
        if licensed
        else "Total entered by the clinician: items are not administered without a licence. "
        + spec.licence
    )
    return InstrumentScore(
        instrument=spec.key,
        name=spec.name,
        score=value,
        minimum=spec.minimum,
        maximum=spec.maximum,
        band=band.code if band else None,
        band_label=band.label if band else None,
        notes=(licence_note, *spec.notes),
        source=spec.source,
        entered_total=True,
    )


def _require_licence(instrument: str, licensed: bool) -> LicensedInstrument:
    spec = LICENSED_INSTRUMENTS[instrument]
    if not licensed:
        raise ClinicalInputError(
            "instrument.licence_required",
            f"{spec.name}: items are not administered without a licence ({spec.licence}) "
            "Record the clinician's total with record_licensed_total, or pass licensed=True "
            "when the licence is on file.",
            field="licensed",
        )
    return spec


# Item-level scoring of licensed instruments, only with licensed=True.

ORT_ITEMS: dict[str, tuple[int, int]] = {
    # item: (female points, male points) — clinical.md §3.4 [V] CFP-ORT, JASN-ORT
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


def score_ort(
    answers: Mapping[str, bool],
    *,
    sex: Literal["female", "male", "other"] | None,
    licensed: bool = False,
) -> InstrumentScore:
    """Original ORT from yes/no answers, sex-weighted ([V] CFP-ORT), bands 0–3/4–7/≥8.

    For ``sex`` "other" or None both weightings are computed and the higher is reported,
    saying so (clinical.md §3.4 _PROPOSAL_). Needs ``licensed=True``.
    """
    spec = _require_licence("ort", licensed)
    if not isinstance(answers, Mapping):
        raise ClinicalInputError("instrument.item_type", "ORT answers must be an object")
    if set(answers) != set(ORT_ITEMS):
        raise ClinicalInputError(
            "instrument.item_count",
            "ORT needs exactly the 10 items " + ", ".join(ORT_ITEMS),
            field="answers",
        )
    for item, value in answers.items():
        if not isinstance(value, bool):
            raise ClinicalInputError(
                "instrument.item_type", f"ORT {item} must be true or false", field=item
            )
    if sex not in ("female", "male", "other", None):
        raise ClinicalInputError(
            "instrument.invalid_option", "sex must be female, male, other or null", field="sex"
        )
    female = sum(points[0] for item, points in ORT_ITEMS.items() if answers[item])
    male = sum(points[1] for item, points in ORT_ITEMS.items() if answers[item])
    notes: tuple[str, ...] = ()
    if sex == "female":
        total = female
    elif sex == "male":
        total = male
    else:
        total = max(female, male)
        notes = (
            f"Sex not recorded as female or male: female weighting {female}, male weighting "
            f"{male}; the higher is reported.",
        )
    band = _band(ORT_BANDS, Decimal(total))
    return InstrumentScore(
        instrument="ort",
        name=spec.name,
        score=Decimal(total),
        minimum=spec.minimum,
        maximum=spec.maximum,
        band=band.code,
        band_label=band.label,
        subscores={"female_weighting": Decimal(female), "male_weighting": Decimal(male)},
        notes=notes,
        source=spec.source,
    )


PCS_SUBSCALES = {
    # clinical.md §3.6 [V] PCS-ITEMS, WIKI-PCS (1-based item numbers)
    "helplessness": (1, 2, 3, 4, 5, 12),
    "magnification": (6, 7, 13),
    "rumination": (8, 9, 10, 11),
}


def score_pcs(items: Sequence[int], *, licensed: bool = False) -> InstrumentScore:
    """PCS: 13 items 0–4, total 0–52 and 3 subscales. Needs ``licensed=True`` (Mapi)."""
    spec = _require_licence("pcs", licensed)
    answers = _whole_items(items, name="PCS", count=13, low=0, high=4)
    return InstrumentScore(
        instrument="pcs",
        name=spec.name,
        score=Decimal(sum(answers)),
        minimum=spec.minimum,
        maximum=spec.maximum,
        subscores={
            name: Decimal(sum(answers[i - 1] for i in numbers))
            for name, numbers in PCS_SUBSCALES.items()
        },
        notes=spec.notes,
        source=spec.source,
    )


def score_bpi(
    severity: Sequence[int],
    interference: Sequence[int | None],
    *,
    licensed: bool = False,
) -> InstrumentScore:
    """BPI short form: severity = mean of the 4 severity items (all required: worst, least,
    average, now); interference = mean of the 7 items when at least 4 are answered (None for
    unanswered). Items 0–10. Means stored to 1 decimal. [V] BPI-GUIDE, EPPOC.
    Needs ``licensed=True``."""
    spec = _require_licence("bpi-severity", licensed)
    severity_items = _whole_items(severity, name="BPI severity", count=4, low=0, high=10)
    if isinstance(interference, str | bytes) or not isinstance(interference, Sequence):
        raise ClinicalInputError(
            "instrument.item_type", "BPI interference answers must be a list of 7"
        )
    if len(interference) != 7:
        raise ClinicalInputError(
            "instrument.item_count",
            f"BPI interference needs 7 entries (None when unanswered); got {len(interference)}",
            field="interference",
        )
    answered = [v for v in interference if v is not None]
    if len(answered) < 4:
        raise ClinicalInputError(
            "instrument.item_count",
            f"BPI interference needs at least 4 of 7 items answered; got {len(answered)}",
            field="interference",
        )
    interference_items = _whole_items(
        answered, name="BPI interference", count=len(answered), low=0, high=10
    )
    severity_mean = Decimal(sum(severity_items)) / 4
    interference_mean = Decimal(sum(interference_items)) / len(interference_items)
    return InstrumentScore(
        instrument="bpi",
        name="Brief Pain Inventory (short form)",
        score=None,
        minimum=spec.minimum,
        maximum=spec.maximum,
        subscores={
            "severity": round_display(severity_mean),
            "interference": round_display(interference_mean),
            "interference_items_answered": Decimal(len(interference_items)),
        },
        source=spec.source,
    )


# --- One door for forms and the API ---------------------------------------------------------------

FREE_INSTRUMENTS = ("peg", "phq9", "phq2", "gad7", "start_back", "taps1")


def score_instrument(instrument: str, answers: Any) -> InstrumentScore:
    """Score a free instrument by key (see :data:`FREE_INSTRUMENTS`) from its answers.

    Licensed instruments are not scored here: record their total with
    :func:`record_licensed_total` (or use their ``score_*`` function with ``licensed=True``).
    """
    if instrument in LICENSED_INSTRUMENTS or instrument in ("bpi", "ort", "pcs"):
        raise ClinicalInputError(
            "instrument.licence_required",
            f"{instrument} is licensed: record the clinician's total with record_licensed_total",
            field="instrument",
        )
    scorers: dict[str, Callable[[Any], InstrumentScore]] = {
        "peg": score_peg,
        "phq9": score_phq9,
        "phq2": score_phq2,
        "gad7": score_gad7,
        "start_back": score_start_back,
        "taps1": score_taps1,
    }
    scorer = scorers.get(instrument)
    if scorer is None:
        raise ClinicalInputError(
            "instrument.unknown_instrument",
            f"unknown instrument {instrument!r}; choose one of {', '.join(FREE_INSTRUMENTS)}",
            field="instrument",
        )
    return scorer(answers)
