"""Daily morphine milligram equivalents (MME/day) per medication row and in total.

Every factor and rule comes from ``/work/shared/reference/clinical.md`` §1 and §4; the tag
in brackets is the source key of its §8 ([V] read verbatim, [S] secondary copy).

* Formula: daily dose x conversion factor, summed over opioids; fentanyl patches by the patch
  rate in mcg/h (§1.1, [V] CDC-2022 table footnote).
* Factor sets (named, selectable, stored with every result, §0.1): ``cdc2022`` (default,
  §1.2, [V]), ``cdc2016`` (§1.3, [V] CDC16-JAMA) and ``cdc-analytic`` (§1.4, the CDC analytic
  data file, Sept 2018 version, [V] CDC-DF-2018).
* Buprenorphine is excluded with a visible note (§1.2, [V]); MME is never a conversion between
  opioids (§1.1 "Purpose limit", [V]); the result always carries that caveat.
* Units are never converted: a row whose unit does not fit the drug and formulation is
  refused with a reason.
* Arithmetic is exact (``Decimal``); round only for display (§1.8 implementation notes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from clinical._numbers import (
    DECIMAL_CONTEXT,
    json_number,
    round_display,
    to_decimal,
)
from clinical._numbers import IN_WORDS as IN_WORDS  # the case form's
from clinical._numbers import SCIENTIFIC_NOTATION as SCIENTIFIC_NOTATION  # the case form's
from clinical._numbers import refuse_scientific as refuse_scientific  # the API's
from clinical.drugs import (
    BENZODIAZEPINES,
    GABAPENTINOIDS,
    OPIOIDS,
    DoseUnit,
    DrugName,
    Form,
    clock_times,
    counts_at_times,
    fold,
    read_combination_tablet,
    read_drug_name,
    read_form,
    read_frequency,
    read_patch_change,
    read_unit,
    triatec_alone,
    unlisted_codeine_product,
    unmarketed_oxycodone_naloxone,
)
from clinical.errors import ClinicalInputError

# --- Wording quoted from the sources -------------------------------------------------------------

#: §1.1 "Purpose limit" [V] CDC-2022 table footnote (via MME-IG, GRPH).
CONVERSION_CAVEAT = (
    "MME is for risk assessment only, never a conversion between opioids. CDC 2022: "
    '"Do not use the calculated dose in MMEs to determine the doses to use when converting one '
    "opioid to another; when converting opioids, the new opioid is typically dosed at a "
    "substantially lower dose than the calculated MME dose to avoid overdose because of "
    'incomplete cross-tolerance and individual variability in opioid pharmacokinetics." '
    "Conversion factors are estimates and cannot account for individual differences. These "
    "conversion factors should not be applied to dosage decisions related to the management "
    "of opioid use disorder."
)

#: §1.8 implementation notes: PRN doses count at the maximum prescribed frequency
#: ([V] MME-IG mme-calculator.md asNeeded/frequencyMax rule).
PRN_RULE = (
    "As-needed (PRN) rows count at the maximum stated daily use: times_per_day (or the "
    "shortest interval of the frequency) is read as the most doses a day, not actual use."
)

#: §1.2 [V] CDC 2022 table notes.
BUPRENORPHINE_NOTE = (
    'Buprenorphine is not counted in the MME total. CDC 2022: "Buprenorphine products approved '
    "for the treatment of pain are not included in the table because of their partial "
    "µ-receptor agonist activity and resultant ceiling effects compared with full µ-receptor "
    'agonists." (The CDC analytic data file, 2018 version, also lists no buprenorphine factor.)'
)
FENTANYL_CAUTION = (
    'CDC 2022: "Use particular caution with transdermal fentanyl because it is dosed in mcg/hr '
    'instead of mg/day, and its absorption is affected by heat and other factors."'
)
METHADONE_CAUTION = (
    'CDC 2022: "Use particular caution with methadone dose conversions because methadone has a '
    "long and variable half-life, and peak respiratory depressant effect occurs later and lasts "
    'longer than peak analgesic effect."'
)
TAPENTADOL_NOTE = (
    'CDC 2022: "Tapentadol is a µ-receptor agonist and norepinephrine reuptake inhibitor. MMEs '
    "are based on degree of µ-receptor agonist activity; however, it is unknown whether "
    "tapentadol is associated with overdose in the same dose-dependent manner as observed with "
    'medications that are solely µ-receptor agonists."'
)
TRAMADOL_NOTE = (
    "CDC 2022: tramadol is a µ-receptor agonist and norepinephrine and serotonin reuptake "
    "inhibitor; it is unknown whether it is associated with overdose in the same dose-dependent "
    "manner as medications that are solely µ-receptor agonists."
)
#: §1.1 [V] MME-IG ("should not be applied to dosage decisions related to the management of
#: opioid use disorder"), [S] CDC22-X p27 (thresholds "not applicable to opioid agonist
#: treatment"), §1.4 [V] CDC-DF-2018 (not "to benchmark against MME dosage thresholds").
OUD_TREATMENT_NOTE = (
    "Marked as treatment for opioid use disorder (OUD): not counted in the MME total. CDC: "
    'the conversion factors "should not be applied to dosage decisions related to the '
    'management of opioid use disorder", and the dosage thresholds for pain are not applicable '
    "to opioid agonist treatment of opioid use disorder."
)
#: §1.4 [V] CDC-DF-2018 Documentation sheet.
ANALYTIC_CAVEAT = (
    'CDC analytic data file: the factor "is intended only for analytic purposes where '
    "prescription data are used to retrospectively calculate daily MME… does not constitute "
    'clinical guidance… This is particularly true with regard to methadone." Methadone 3 '
    '"could underestimate MME for a given patient."'
)
ANALYTIC_PATCH_NOTE = (
    "CDC analytic file: fentanyl patch factor 7.2 per mcg/h per patch-day-supply, a patch "
    "lasting 3 days (rate x 7.2 / 3 for a patch worn continuously)."
)


# --- Factor tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """A conversion factor for one drug and formulation in one table.

    MME/day = daily dose (in ``unit``; the patch rate for mcg/h) x ``value`` / ``divisor``.
    ``divisor`` is 3 only for the analytic file's fentanyl patch factor (7.2 per patch-day
    supply, one patch lasting 3 days: clinical.md §1.1, [V] CDC-DF-2018).
    """

    value: Decimal
    unit: DoseUnit
    divisor: Decimal = Decimal(1)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MethadoneTier:
    """CDC 2016 sliding scale: ``factor`` applies up to ``up_to`` mg/day (None: no upper)."""

    up_to: Decimal | None
    factor: Decimal


@dataclass(frozen=True)
class FactorTable:
    key: str
    name: str
    source: str
    factors: Mapping[tuple[str, Form], Factor]
    #: When set, methadone uses this sliding scale on the total methadone daily dose.
    methadone_tiers: tuple[MethadoneTier, ...] | None = None
    #: Lowest methadone daily dose the sliding scale covers.
    methadone_minimum: Decimal | None = None
    notes: tuple[str, ...] = ()

    def forms_for(self, drug: str) -> list[Form]:
        return [form for (name, form) in self.factors if name == drug]


def _mg(value: str, *notes: str) -> Factor:
    return Factor(Decimal(value), "mg", notes=notes)


# §1.2 CDC 2022 clinical table [V] (MSCP, GRPH, MME-IG, CDC22-X).
CDC2022 = FactorTable(
    key="cdc2022",
    name="CDC 2022 clinical conversion factors",
    source=(
        "CDC Clinical Practice Guideline for Prescribing Opioids for Pain — United States, "
        "2022, MMWR Recomm Rep 71(3), Table"
    ),
    factors={
        ("codeine", Form.ORAL): _mg("0.15"),
        ("fentanyl", Form.TRANSDERMAL): Factor(Decimal("2.4"), "mcg/h", notes=(FENTANYL_CAUTION,)),
        ("hydrocodone", Form.ORAL): _mg("1.0"),
        ("hydromorphone", Form.ORAL): _mg("5.0"),
        ("methadone", Form.ORAL): _mg("4.7", METHADONE_CAUTION),
        ("morphine", Form.ORAL): _mg("1.0"),
        ("oxycodone", Form.ORAL): _mg("1.5"),
        ("oxymorphone", Form.ORAL): _mg("3.0"),
        ("tapentadol", Form.ORAL): _mg("0.4", TAPENTADOL_NOTE),
        ("tramadol", Form.ORAL): _mg("0.2", TRAMADOL_NOTE),
    },
)

# §1.3 CDC 2016 clinical table (Dowell 2016 JAMA Table 4) [V] CDC16-JAMA. Tramadol is absent.
# Methadone tiers 1-20: 4, 21-40: 8, 41-60: 10, "≥61-80": 12. Read as upper bounds (a daily
# dose of 20.5 mg falls in the 21-40 tier) and 12 for every dose of 61 mg/day or more, as in
# the CDC/CQF fallback the reference cites ([V] MME-IG ConversionFactors.cql: "61-80+ mg/d").
CDC2016 = FactorTable(
    key="cdc2016",
    name="CDC 2016 clinical conversion factors (legacy)",
    source="CDC Guideline for Prescribing Opioids for Chronic Pain 2016, JAMA 315:1624, Table 4",
    factors={
        ("codeine", Form.ORAL): _mg("0.15"),
        ("fentanyl", Form.TRANSDERMAL): Factor(Decimal("2.4"), "mcg/h"),
        ("hydrocodone", Form.ORAL): _mg("1"),
        ("hydromorphone", Form.ORAL): _mg("4"),
        ("methadone", Form.ORAL): _mg("4", METHADONE_CAUTION),  # value replaced by the tier
        ("morphine", Form.ORAL): _mg("1"),
        ("oxycodone", Form.ORAL): _mg("1.5"),
        ("oxymorphone", Form.ORAL): _mg("3"),
        ("tapentadol", Form.ORAL): _mg("0.4", TAPENTADOL_NOTE),
    },
    methadone_tiers=(
        MethadoneTier(Decimal(20), Decimal(4)),
        MethadoneTier(Decimal(40), Decimal(8)),
        MethadoneTier(Decimal(60), Decimal(10)),
        MethadoneTier(None, Decimal(12)),
    ),
    methadone_minimum=Decimal(1),
    notes=(
        "CDC 2016 methadone factor is a sliding scale on the total methadone daily dose: "
        "1-20 mg/day x4, 21-40 x8, 41-60 x10, 61 and over x12.",
        "CDC 2016 has no tramadol factor (tramadol is absent from its Table 4): a tramadol row "
        "is not counted under this table; CDC 2022 (0.2) and the CDC analytic file (0.1) have "
        "one. Tapentadol is counted (0.4) with the same caution CDC 2022 gives for both.",
    ),
)

# §1.4 CDC analytic data file, Sept 2018 version [V] CDC-DF-2018 (Summary Table sheet).
CDC_ANALYTIC = FactorTable(
    key="cdc-analytic",
    name="CDC analytic data-file factors (Sept 2018)",
    source=(
        "CDC compilation of benzodiazepines, muscle relaxants, stimulants, zolpidem, and opioid "
        "analgesics with oral morphine milligram equivalent conversion factors, 2018 version"
    ),
    factors={
        ("butorphanol", Form.NASAL_SPRAY): _mg("7"),
        ("codeine", Form.ORAL): _mg("0.15"),
        ("dihydrocodeine", Form.ORAL): _mg("0.25"),
        ("fentanyl", Form.TRANSMUCOSAL_TABLET): Factor(Decimal("0.13"), "mcg"),
        ("fentanyl", Form.FILM_OR_ORAL_SPRAY): Factor(Decimal("0.18"), "mcg"),
        ("fentanyl", Form.NASAL_SPRAY): Factor(Decimal("0.16"), "mcg"),
        ("fentanyl", Form.TRANSDERMAL): Factor(
            Decimal("7.2"), "mcg/h", divisor=Decimal(3), notes=(ANALYTIC_PATCH_NOTE,)
        ),
        ("hydrocodone", Form.ORAL): _mg("1"),
        ("hydromorphone", Form.ORAL): _mg("4"),
        ("levomethadyl", Form.ORAL): _mg("8"),
        ("levorphanol", Form.ORAL): _mg("11"),
        ("meperidine", Form.ORAL): _mg("0.1"),
        ("methadone", Form.ORAL): _mg("3"),
        ("morphine", Form.ORAL): _mg("1"),
        ("opium", Form.ORAL): _mg("1"),
        ("oxycodone", Form.ORAL): _mg("1.5"),
        ("oxymorphone", Form.ORAL): _mg("3"),
        ("pentazocine", Form.ORAL): _mg("0.37"),
        ("tapentadol", Form.ORAL): _mg("0.4"),
        ("tramadol", Form.ORAL): _mg("0.1"),
    },
    notes=(ANALYTIC_CAVEAT,),
)

TABLES: dict[str, FactorTable] = {t.key: t for t in (CDC2022, CDC2016, CDC_ANALYTIC)}
DEFAULT_TABLE = CDC2022.key


def get_table(key: str) -> FactorTable:
    """The factor table named ``key`` (``cdc2022``, ``cdc2016``, ``cdc-analytic``)."""
    try:
        return TABLES[key] if isinstance(key, str) else TABLES[""]
    except KeyError:
        known = ", ".join(TABLES)
        raise ClinicalInputError(
            "mme.unknown_table", f"unknown factor table {key!r}; choose one of {known}"
        ) from None


def factor_for(drug: str, form: Form = Form.ORAL, *, table: str = DEFAULT_TABLE) -> Factor | None:
    """The factor for a canonical drug and formulation, or None when the table has none.

    For CDC 2016 methadone this is only the first tier; use :func:`methadone_factor`.
    """
    return get_table(table).factors.get((drug, form))


def methadone_factor(daily_dose_mg: Decimal, *, table: str = DEFAULT_TABLE) -> Decimal | None:
    """The methadone factor for a total methadone daily dose in mg (None: dose off the scale)."""
    factor_table = get_table(table)
    daily_dose_mg = to_decimal(daily_dose_mg, field="daily_dose_mg", code="mme.invalid_number")
    tiers = factor_table.methadone_tiers
    if tiers is None:
        plain = factor_table.factors.get(("methadone", Form.ORAL))
        return plain.value if plain else None
    minimum = factor_table.methadone_minimum
    if minimum is not None and daily_dose_mg < minimum:
        return None
    for tier in tiers:
        if tier.up_to is None or daily_dose_mg <= tier.up_to:
            return tier.factor
    return None  # pragma: no cover - the last tier is open-ended


# --- Input rows ----------------------------------------------------------------------------------

ROW_KEYS = frozenset(
    {
        "id",
        "drug",
        "formulation",
        "dose",
        "unit",
        "times_per_day",
        "frequency",
        "as_needed",
        "strengths",
        "purpose",
        "concentration",
    }
)
#: Why an opioid is taken: for pain, or as treatment of opioid use disorder (OUD). OUD
#: treatment is never tapered by the automatic planner (clinical.md §2.1, CDC 2022 p27).
PURPOSES = ("pain", "oud")
#: Units that count tablets of a fixed-dose combination (the opioid content per tablet is
#: read from the product name) and millilitres of an oral liquid (with a concentration).
TABLET_UNITS = frozenset(
    {
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "caplet",
        "caplets",
        "capsule",
        "capsules",
        "cap",
        "caps",
        # French (accents folded): comprimé(s), co, cp, gélule(s)
        "comprime",
        "comprimes",
        "co",
        "cp",
        "comp",
        "gelule",
        "gelules",
    }
)
ML_UNITS = frozenset({"ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"})


def unit_word(unit: str) -> str:
    """A unit as one folded word ("Comprimés" -> "comprimes", "m L" -> "ml", and "co." ->
    "co": an abbreviation's full stop)."""
    return "".join(fold(unit).split()).removesuffix(".")


@dataclass(frozen=True)
class MedicationRow:
    """One medication line of a case: ``dose`` per administration in ``unit``.

    ``times_per_day`` or ``frequency`` ("BID", "q6h", "q4-6h prn") gives the daily count;
    for an as-needed row it is the maximum a day. Fentanyl patches take the patch rate in
    mcg/h as ``dose`` and no frequency. ``id`` is an optional caller reference echoed back.
    """

    drug: str
    dose: Decimal
    unit: str
    formulation: str | None = None
    times_per_day: Decimal | None = None
    frequency: str | None = None
    as_needed: bool = False
    id: str | int | None = None
    #: Strengths on hand (tablets, capsules, patches) in the row's unit, for taper rounding.
    strengths: tuple[Decimal, ...] = ()
    #: "pain" or "oud" (None: not stated).
    purpose: str | None = None
    #: mg per mL of an oral liquid whose dose is given in mL.
    concentration: Decimal | None = None
    #: The mapping the row was read from, echoed back as given (not compared).
    source: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, index: int = 0) -> MedicationRow:
        """Validate one row given as a mapping (e.g. parsed JSON)."""
        where = f"rows[{index}]"  # cheap; detailed field names are built only on error
        if not isinstance(data, dict) and not isinstance(data, Mapping):
            raise ClinicalInputError(
                "mme.row_not_object", f"{where} must be an object with drug, dose and unit"
            )
        extra = data.keys() - ROW_KEYS
        if extra:
            unknown = sorted(str(k) for k in extra)
            raise ClinicalInputError(
                "mme.unknown_field",
                f"{where} has unknown field(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(sorted(ROW_KEYS))}",
                field=f"{where}.{unknown[0]}",
            )
        for required in ("drug", "dose", "unit"):
            if data.get(required) is None:
                raise ClinicalInputError(
                    "mme.missing_field", f"{where} needs {required}", field=f"{where}.{required}"
                )
        drug = _text(data["drug"], where, "drug")
        unit = _text(data["unit"], where, "unit")
        raw_form = data.get("formulation")
        formulation = None if raw_form in (None, "") else _text(raw_form, where, "formulation")
        raw_frequency = data.get("frequency")
        frequency = (
            None if raw_frequency in (None, "") else _text(raw_frequency, where, "frequency")
        )
        dose = _positive(data["dose"], where, "dose")
        times = data.get("times_per_day")
        times_per_day = None if times is None else _positive(times, where, "times_per_day")
        as_needed = data.get("as_needed", False)
        if as_needed is None:
            as_needed = False
        if not isinstance(as_needed, bool):
            raise ClinicalInputError(
                "mme.invalid_as_needed",
                f"{where}.as_needed must be true or false",
                field=f"{where}.as_needed",
            )
        purpose = data.get("purpose")
        if purpose in (None, ""):
            purpose = None
        elif not isinstance(purpose, str) or purpose.strip().casefold() not in PURPOSES:
            raise ClinicalInputError(
                "mme.invalid_purpose",
                f'{where}.purpose must be "pain" or "oud" (opioid use disorder treatment)',
                field=f"{where}.purpose",
            )
        else:
            purpose = purpose.strip().casefold()
        raw_strengths = data.get("strengths")
        strengths: tuple[Decimal, ...] = ()
        if raw_strengths not in (None, ""):
            if not isinstance(raw_strengths, list | tuple) or not raw_strengths:
                raise ClinicalInputError(
                    "mme.invalid_strengths",
                    f"{where}.strengths must be a list of numbers (the strengths on hand)",
                    field=f"{where}.strengths",
                )
            if len(raw_strengths) > 20:
                raise ClinicalInputError(
                    "mme.invalid_strengths",
                    f"{where}.strengths lists more than 20 strengths",
                    field=f"{where}.strengths",
                )
            strengths = tuple(sorted({_positive(v, where, "strengths") for v in raw_strengths}))
        raw_concentration = data.get("concentration")
        concentration = (
            None
            if raw_concentration in (None, "")
            else _positive(_per_ml(raw_concentration, where), where, "concentration")
        )
        row_id = data.get("id")
        if row_id is not None and (isinstance(row_id, bool) or not isinstance(row_id, str | int)):
            raise ClinicalInputError(
                "mme.invalid_id", f"{where}.id must be a string or integer", field=f"{where}.id"
            )
        return cls(
            drug=drug,
            dose=dose,
            unit=unit,
            formulation=formulation,
            times_per_day=times_per_day,
            frequency=frequency,
            as_needed=as_needed,
            id=row_id,
            strengths=strengths,
            purpose=purpose,
            concentration=concentration,
            source=data,
        )

    def to_dict(self) -> dict[str, Any]:
        """The row as plain data: the input mapping as given, else the fields that are set."""
        if self.source is not None:
            return {str(k): _plain(v) for k, v in self.source.items()}
        data: dict[str, Any] = {"drug": self.drug, "dose": json_number(self.dose)}
        data["unit"] = self.unit
        if self.formulation is not None:
            data["formulation"] = self.formulation
        if self.times_per_day is not None:
            data["times_per_day"] = json_number(self.times_per_day)
        if self.frequency is not None:
            data["frequency"] = self.frequency
        if self.as_needed:
            data["as_needed"] = True
        if self.strengths:
            data["strengths"] = [json_number(v) for v in self.strengths]
        if self.purpose is not None:
            data["purpose"] = self.purpose
        if self.concentration is not None:
            data["concentration"] = json_number(self.concentration)
        if self.id is not None:
            data = {"id": self.id, **data}
        return data


_ROW_FIELDS = (
    "id",
    "drug",
    "dose",
    "unit",
    "formulation",
    "times_per_day",
    "frequency",
    "as_needed",
    "strengths",
    "purpose",
    "concentration",
)


def checked_row(row: MedicationRow | Mapping[str, Any], index: int) -> MedicationRow:
    """A row read from a mapping, or a :class:`MedicationRow` built in code checked exactly as
    its mapping would be (a dose of -5, NaN or "10", a missing drug name: refused with a
    :class:`ClinicalInputError`, never counted as -10 MME/day or raised as a TypeError). The
    checked row keeps what it echoes (its ``source``)."""
    if not isinstance(row, MedicationRow):
        return MedicationRow.from_mapping(row, index=index)
    data = {name: getattr(row, name) for name in _ROW_FIELDS}
    data = {k: v for k, v in data.items() if v is not None and v != ()}
    if data.get("as_needed") is False:
        del data["as_needed"]
    return replace(MedicationRow.from_mapping(data, index=index), source=row.source)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


#: No drug name, unit, formulation or frequency is longer than this (the forms and the API
#: allow 100 characters or fewer); longer text is refused before it is read, so the time spent
#: on a row stays bounded whatever is sent.
MAX_TEXT = 200


def _text(value: object, where: str, name: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        field = f"{where}.{name}"
        raise ClinicalInputError("mme.invalid_text", f"{field} must be non-empty text", field=field)
    if len(text) > MAX_TEXT:
        field = f"{where}.{name}"
        raise ClinicalInputError(
            "mme.text_too_long",
            f"{field} is {len(text):,} characters long; no prescription needs more than "
            f"{MAX_TEXT} characters here. Write the {name} alone.",
            field=field,
        )
    return text


#: Bounds outside which a number is no real dose, count or strength (refused, never computed:
#: 1e999999 mg would overflow the arithmetic, 1e-999999 mg would count as a dose). Wide enough
#: for any regimen: 100 g a dose, 100 doses a day, 1 g/mL; the soft plausibility warnings
#: below flag the unusual values inside them.
ABSURD_BELOW = Decimal("0.001")
ABSURD_ABOVE: dict[str, Decimal] = {
    "dose": Decimal(100_000),
    "times_per_day": Decimal(100),
    "strengths": Decimal(100_000),
    "concentration": Decimal(1_000),
}
_WHAT = {
    "dose": "dose",
    "times_per_day": "number of doses a day",
    "strengths": "strength",
    "concentration": "concentration (mg/mL)",
}


#: A concentration as a bottle's label says it: "1 mg/mL", "10 mg/5 mL", "2,5 mg/mL".
_LABEL_CONCENTRATION = re.compile(
    r"(\d{1,4}(?:[.,]\d{1,3})?)\s*mg\s*/\s*(\d{1,3}(?:[.,]\d{1,2})?)?\s*ml"
)


#: ``ClinicalInputError.reason`` of a label's concentration that is no exact mg per mL.
INEXACT_CONCENTRATION = "inexact_concentration"


def _per_ml(value: object, where: str) -> object:
    """mg per mL from a label's "10 mg/5 mL" (2); other values are returned as they are, to
    be read as a number. A ratio that is not exact in a few decimals ("10 mg/3 mL") is
    refused: it would be rounded, and a dose is never rounded by guess."""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return value
    match = _LABEL_CONCENTRATION.fullmatch("".join(fold(value).split()))
    if match is None:
        return value
    field = f"{where}.concentration"
    mg = to_decimal(match.group(1), field=field, code="mme.invalid_number")
    ml = to_decimal(match.group(2) or "1", field=field, code="mme.invalid_number")
    if ml == 0:
        raise ClinicalInputError(
            "mme.not_positive", f"{field} must be greater than zero", field=field
        )
    per_ml = mg / ml
    if per_ml * ml != mg or per_ml != per_ml.quantize(Decimal("0.0001")):
        raise ClinicalInputError(
            "mme.invalid_number",
            f"{field} {value!r} does not make an exact number of mg per mL (to four "
            "decimals): give the mg per mL as a number.",
            field=field,
            reason=INEXACT_CONCENTRATION,
        )
    return per_ml.normalize()


def _positive(value: object, where: str, name: str) -> Decimal:
    highest = ABSURD_ABOVE[name]
    # the common case, exact as it is (compared as ints: a huge int compared with a Decimal is
    # converted to one first, which takes most of a minute for a million digits)
    if type(value) is int and 0 < value <= int(highest):
        return Decimal(value)
    field = f"{where}.{name}"
    number = to_decimal(value, field=field, code="mme.invalid_number")
    if number <= 0:
        raise ClinicalInputError(
            "mme.not_positive", f"{field} must be greater than zero", field=field
        )
    if number < ABSURD_BELOW or number > highest:
        raise ClinicalInputError(
            "mme.absurd_number",
            f"{field} is {number:g}, which cannot be a real {_WHAT[name]}: it must be "
            f"between {ABSURD_BELOW} and {highest:,}. Check the number and its unit.",
            field=field,
        )
    return number


def read_number(value: object, *, name: str = "dose", where: str = "row") -> Decimal:
    """A positive number of a medication row (``name``: dose, times_per_day, strengths or
    concentration) read as the rows read it: "2,5" is 2.5, "½" 0.5, a concentration as its
    label says it ("10 mg/5 mL" is 2); "1.000" or "1,000" (a thousands separator or a decimal
    mark) and numbers outside :data:`ABSURD_ABOVE` are refused with :class:`ClinicalInputError`.
    For forms that read the rows before the calculators do, so that both read them alike."""
    if name not in ABSURD_ABOVE:
        raise ValueError(f"no bounds for {name!r}")
    refuse_scientific(value, field=f"{where}.{name}", code="mme.invalid_number")
    if name == "concentration":
        value = _per_ml(value, where)
    return _positive(value, where, name)


# --- Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowMme:
    """A counted row: its daily dose, the factor used and its MME/day (exact)."""

    index: int
    row: MedicationRow
    drug: str
    form: Form
    daily_dose: Decimal
    daily_dose_unit: str
    factor: Decimal
    mme_per_day: Decimal
    as_needed: bool = False
    notes: tuple[str, ...] = ()
    #: The factor table used (its key), shown beside the factor.
    table: str = ""
    #: One administration in the factor's unit (mg of the opioid component; the patch rate),
    #: and administrations a day (None for a patch).
    dose_per_administration: Decimal | None = None
    times_per_day: Decimal | None = None
    #: For a combination tablet or an oral liquid: what the row was read as, to confirm.
    read_as: str | None = None
    #: An as-needed interval and a daily maximum that disagree ("q6h prn, max 6/day"): the
    #: doses a day the interval allows (counted) and the larger maximum (warned about).
    limits_disagree: tuple[Decimal, Decimal] | None = None
    #: Acetaminophen a day (mg) of a combination product whose acetaminophen a tablet is known
    #: (``CombinationTablet.acetaminophen_mg``), for the daily-maximum warning; else None.
    acetaminophen_mg_per_day: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.to_dict(),
            "mme_per_day": json_number(self.mme_per_day),
            "index": self.index,
            "drug_read_as": self.drug,
            "formulation_read_as": self.form.value,
            "daily_dose": json_number(self.daily_dose),
            "daily_dose_unit": self.daily_dose_unit,
            "counted_as_needed": self.as_needed,
            "factor": json_number(self.factor),
            "table": self.table,
            "read_as": self.read_as,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ExcludedRow:
    """A row left out of the total, with a stable ``reason_code`` and a plain ``reason``."""

    index: int
    row: MedicationRow
    reason_code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "row": self.row.to_dict(),
            "reason_code": self.reason_code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Guidepost:
    """A dose or combination guidepost, tied to the guideline that states it.

    ``threshold`` is the MME/day at or above which it shows (None: not dose-based).
    """

    code: str
    threshold: Decimal | None
    guideline: str
    text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "threshold": None if self.threshold is None else json_number(self.threshold),
            "guideline": self.guideline,
            "text": self.text,
            "source": self.source,
        }


@dataclass(frozen=True)
class MmeResult:
    table: FactorTable
    rows: tuple[RowMme, ...]
    excluded: tuple[ExcludedRow, ...]
    total_mme_per_day: Decimal
    guideposts: tuple[Guidepost, ...]
    notes: tuple[str, ...] = ()
    caveat: str = CONVERSION_CAVEAT
    prn_rule: str = PRN_RULE
    has_opioid: bool = False
    has_benzodiazepine: bool = False
    has_gabapentinoid: bool = False
    #: Soft warnings: implausible doses or frequencies (code, message).
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def uncounted_opioids(self) -> tuple[ExcludedRow, ...]:
        return tuple(e for e in self.excluded if e.reason_code not in NOT_OPIOID_CODES)

    @property
    def computed(self) -> bool:
        """False when an opioid is listed but none could be counted (or none is for pain, all
        being treatment of opioid use disorder): the total is then "not computed", never 0."""
        oud_only = any(e.reason_code == "oud_treatment" for e in self.excluded)
        return bool(self.rows) or not (self.uncounted_opioids or oud_only)

    @property
    def partial(self) -> bool:
        """True when some opioid rows were counted and others could not be."""
        return bool(self.rows) and bool(self.uncounted_opioids)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the CLI prints exactly this)."""
        return {
            "table": self.table.key,
            "table_name": self.table.name,
            "table_source": self.table.source,
            "rows": [row.to_dict() for row in self.rows],
            "total_mme_per_day": json_number(self.total_mme_per_day),
            "total_computed": self.computed,
            "total_partial": self.partial,
            "warnings": [{"code": c, "message": m} for c, m in self.warnings],
            "excluded": [row.to_dict() for row in self.excluded],
            "guideposts": [g.to_dict() for g in self.guideposts],
            "caveat": self.caveat,
            "prn_rule": self.prn_rule,
            "notes": list(self.notes),
        }


#: Exclusion codes of rows that are not opioids, or opioids deliberately left out of a total
#: for pain (treatment of opioid use disorder): they never make a total partial.
NOT_OPIOID_CODES = frozenset({"not_opioid", "benzodiazepine", "gabapentinoid", "oud_treatment"})


# --- Guideposts (clinical.md §1.7 and §4) --------------------------------------------------------

_NOT_A_LIMIT = "Guidepost, not a limit: "

GUIDEPOSTS: dict[str, Guidepost] = {
    g.code: g
    for g in (
        Guidepost(
            code="mme-50-cdc2022",
            threshold=Decimal(50),
            guideline="CDC 2022",
            text=_NOT_A_LIMIT
            + "CDC 2022 (Recommendation 4, body text) advises that before increasing total "
            "opioid dosage to ≥50 MME/day clinicians pause and carefully reassess evidence of "
            "individual benefits and risks, and that at ≥50 MME/day from all sources they "
            "implement additional precautions, including increased frequency of follow-up, and "
            "offer naloxone and overdose prevention education.",
            source="clinical.md §1.7 [S] CDC22-X p14",
        ),
        Guidepost(
            code="mme-50-canada2017",
            threshold=Decimal(50),
            guideline="Canada 2017",
            text=_NOT_A_LIMIT
            + "Canada 2017 (Recommendation 7, weak) suggests that for patients beginning opioid "
            "therapy the prescribed dose be restricted to less than 50 mg morphine equivalents "
            "daily.",
            source="clinical.md §1.7 [V] CPSO-D",
        ),
        Guidepost(
            code="mme-90-canada2017",
            threshold=Decimal(90),
            guideline="Canada 2017",
            text=_NOT_A_LIMIT
            + "Canada 2017 recommends (Recommendation 6, strong) restricting the dose to less "
            "than 90 mg morphine equivalents daily for patients beginning long-term opioid "
            "therapy, and for patients currently using 90 mg or more suggests (Recommendation 9, "
            "weak) tapering to the lowest effective dose, potentially including discontinuation.",
            source="clinical.md §1.7 [S] FURLAN-2017; [V] CPSO-D",
        ),
        Guidepost(
            code="naloxone-mme-50",
            threshold=Decimal(50),
            guideline="CDC 2022",
            text="Consider naloxone (a guidepost, not a limit): CDC 2022 (Recommendation 8) "
            "advises offering naloxone, particularly to patients at increased risk of overdose, "
            "which includes dosages of ≥50 MME/day.",
            source="clinical.md §4 [V] CDS-IG recommendation-08; [S] CDC22-X p20",
        ),
        Guidepost(
            code="opioid-benzodiazepine",
            threshold=None,
            guideline="CDC 2022",
            text=_NOT_A_LIMIT
            + 'opioid with a benzodiazepine. CDC 2022 (Recommendation 11): "Clinicians should '
            "use particular caution when prescribing opioid pain medication and benzodiazepines "
            "concurrently and consider whether benefits outweigh risks of concurrent prescribing "
            'of opioids and other central nervous system depressants."',
            source="clinical.md §4 [V] CDS-IG recommendation-11",
        ),
        Guidepost(
            code="opioid-gabapentinoid",
            threshold=None,
            guideline="CDC 2022",
            text=_NOT_A_LIMIT
            + "opioid with a gabapentinoid (gabapentin or pregabalin). CDC 2022 (Recommendation "
            "11) advises particular caution with opioids and other central nervous system "
            "depressants; gabapentinoids taken with opioids add to the risk of respiratory "
            "depression (Health Canada safety review, 2019).",
            source="clinical.md §4 [V] CDS-IG recommendation-11",
        ),
        Guidepost(
            code="naloxone-benzodiazepine",
            threshold=None,
            guideline="CDC 2022",
            text="Consider naloxone (a guidepost, not a limit): CDC 2022 (Recommendation 8) "
            "names concurrent benzodiazepine use among the factors of increased overdose risk "
            "for which naloxone should be offered, whatever the dose.",
            source="clinical.md §4 [V] CDS-IG recommendation-08; [S] CDC22-X p20",
        ),
    )
}


def guideposts_for(
    total_mme_per_day: Decimal,
    *,
    opioid_with_benzodiazepine: bool = False,
    opioid_with_gabapentinoid: bool = False,
) -> tuple[Guidepost, ...]:
    """The guideposts reached by a total (inclusive at 50 and 90, clinical.md §1.7)."""
    reached = [
        g
        for g in GUIDEPOSTS.values()
        if g.threshold is not None and total_mme_per_day >= g.threshold
    ]
    if opioid_with_benzodiazepine:
        reached += [GUIDEPOSTS["opioid-benzodiazepine"], GUIDEPOSTS["naloxone-benzodiazepine"]]
    if opioid_with_gabapentinoid:
        reached.append(GUIDEPOSTS["opioid-gabapentinoid"])
    return tuple(reached)


# --- Calculation ---------------------------------------------------------------------------------


@dataclass
class _Counted:
    index: int
    row: MedicationRow
    drug: str
    form: Form
    daily_dose: Decimal
    factor: Factor
    as_needed: bool = False
    notes: list[str] = field(default_factory=list)
    dose_per_administration: Decimal | None = None
    times_per_day: Decimal | None = None
    read_as: str | None = None
    limits_disagree: tuple[Decimal, Decimal] | None = None
    acetaminophen_mg_per_day: Decimal | None = None


class _Refused(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def calculate_mme(
    rows: Sequence[MedicationRow | Mapping[str, Any]], *, table: str = DEFAULT_TABLE
) -> MmeResult:
    """MME/day per row and in total with the named factor table.

    Rows that cannot be counted (unknown drug, non-opioid, buprenorphine, combination
    product, no factor in this table, unit that does not fit, missing frequency) go to
    ``excluded`` with a reason; badly shaped rows raise :class:`ClinicalInputError`.
    """
    factor_table = get_table(table)
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Sequence):
        raise ClinicalInputError("mme.rows_not_list", "rows must be a list of medication rows")
    # A fixed context, so a caller's changed global precision cannot change the results.
    with localcontext(DECIMAL_CONTEXT):
        return _calculate(rows, factor_table)


def _calculate(
    rows: Sequence[MedicationRow | Mapping[str, Any]], factor_table: FactorTable
) -> MmeResult:
    parsed = [checked_row(row, i) for i, row in enumerate(rows)]

    counted: list[_Counted] = []
    excluded: list[ExcludedRow] = []
    notes: list[str] = []
    has_opioid = has_benzodiazepine = has_gabapentinoid = False
    #: (index, mg a day) of the rows of acetaminophen alone whose amount is known
    plain_acetaminophen: list[tuple[int, Decimal]] = []
    for index, row in enumerate(parsed):
        name = read_drug_name(row.drug)
        has_benzodiazepine = has_benzodiazepine or bool(name.mentions & BENZODIAZEPINES)
        has_gabapentinoid = has_gabapentinoid or bool(name.mentions & GABAPENTINOIDS)
        has_opioid = (
            has_opioid
            or bool(name.mentions & OPIOIDS)
            or name.kind == "combination"
            # "Tylenol No. 3", "T3": the name fixes a codeine content, whatever the unit
            or read_combination_tablet(row.drug) is not None
        )
        try:
            counted.append(_count_row(index, row, name, factor_table))
        except _Refused as refused:
            excluded.append(ExcludedRow(index, row, refused.code, refused.reason))
            if name.kind == "unknown" and not name.mentions:
                plain = _plain_acetaminophen_mg_per_day(row)
                if plain is not None:
                    plain_acetaminophen.append((index, plain))
            if refused.code == "buprenorphine" and BUPRENORPHINE_NOTE not in notes:
                notes.append(BUPRENORPHINE_NOTE)

    # CDC 2016 methadone: the tier is chosen by the total methadone daily dose (all rows).
    methadone_rows = [c for c in counted if c.drug == "methadone"]
    if methadone_rows and factor_table.methadone_tiers is not None:
        methadone_total = sum((c.daily_dose for c in methadone_rows), Decimal(0))
        tier = methadone_factor(methadone_total, table=factor_table.key)
        for c in methadone_rows:
            if tier is None:
                counted.remove(c)
                excluded.append(
                    ExcludedRow(
                        c.index,
                        c.row,
                        "methadone_off_scale",
                        f"{factor_table.name}: the methadone sliding scale starts at "
                        f"{factor_table.methadone_minimum} mg/day; the total methadone daily "
                        f"dose is {methadone_total} mg.",
                    )
                )
            else:
                c.factor = Factor(tier, "mg", notes=c.factor.notes)
                c.notes.append(
                    f"CDC 2016 sliding scale: total methadone {methadone_total} mg/day -> "
                    f"factor {tier}."
                )
                if methadone_total > 80:
                    c.notes.append(
                        "CDC 2016 states methadone tiers only up to 80 mg/day (\u226561-80: x12); "
                        f"{methadone_total} mg/day is above the table, so x12 is applied as the "
                        "CDC/CQF calculator does, which may underestimate. Seek specialist "
                        "advice for methadone."
                    )

    results = tuple(
        RowMme(
            index=c.index,
            row=c.row,
            drug=c.drug,
            form=c.form,
            daily_dose=c.daily_dose,
            daily_dose_unit="mcg/h" if c.factor.unit == "mcg/h" else f"{c.factor.unit}/day",
            factor=c.factor.value,
            mme_per_day=c.daily_dose * c.factor.value / c.factor.divisor,
            as_needed=c.as_needed,
            notes=tuple([*c.factor.notes, *c.notes, *([PRN_RULE] if c.as_needed else [])]),
            table=factor_table.key,
            dose_per_administration=c.dose_per_administration,
            times_per_day=c.times_per_day,
            read_as=c.read_as,
            limits_disagree=c.limits_disagree,
            acetaminophen_mg_per_day=c.acetaminophen_mg_per_day,
        )
        for c in sorted(counted, key=lambda c: c.index)
    )
    total = sum((r.mme_per_day for r in results), Decimal(0))
    if any(r.as_needed for r in results):
        notes.append(PRN_RULE)
    uncounted_opioids = [e for e in excluded if e.reason_code not in NOT_OPIOID_CODES]
    if uncounted_opioids:
        notes.append(
            f"{len(uncounted_opioids)} row(s) could not be counted (see excluded); the total "
            "and the guideposts cover the counted rows only."
        )
    notes.extend(factor_table.notes)
    return MmeResult(
        table=factor_table,
        rows=results,
        excluded=tuple(sorted(excluded, key=lambda e: e.index)),
        total_mme_per_day=total,
        guideposts=guideposts_for(
            total,
            opioid_with_benzodiazepine=has_opioid and has_benzodiazepine,
            opioid_with_gabapentinoid=has_opioid and has_gabapentinoid,
        ),
        notes=tuple(notes),
        has_opioid=has_opioid,
        has_benzodiazepine=has_benzodiazepine,
        has_gabapentinoid=has_gabapentinoid,
        warnings=tuple(_plausibility_warnings(results, plain_acetaminophen)),
    )


#: Above these a dose is unusual enough to ask the clinician to check it (a soft warning,
#: never a refusal): more than 12 administrations a day, a single row above 1,000 MME/day,
#: or a fentanyl patch rate above 300 mcg/h.
MAX_PLAUSIBLE_TIMES_PER_DAY = Decimal(12)
MAX_PLAUSIBLE_ROW_MME = Decimal(1000)
MAX_PLAUSIBLE_PATCH_RATE = Decimal(300)


#: Maximum daily doses of the product monographs (Health Canada; US labels agree) for the two
#: opioids whose dose is capped by their non-opioid actions (serotonin and noradrenaline
#: reuptake): tramadol 400 mg/day, tapentadol 600 mg/day (immediate release; 500 for extended
#: release). clinical.md is silent on maxima, so only a soft warning, on the safer side.
LABEL_MAXIMUM_MG_PER_DAY: dict[str, Decimal] = {
    "tramadol": Decimal(400),
    "tapentadol": Decimal(600),
}
#: The same for the extended-release tablets alone (tapentadol ER / Nucynta CR: 500 mg/day),
#: checked on the extended-release rows, besides the maximum of all rows above.
ER_LABEL_MAXIMUM_MG_PER_DAY: dict[str, Decimal] = {"tapentadol": Decimal(500)}
#: Words and brands that make a row extended release (English and French: "LP", libération
#: prolongée; "LA", longue action; Nucynta CR/ER, the tapentadol extended-release brand).
_EXTENDED_WORDS = frozenset(
    {"er", "sr", "cr", "xr", "xl", "la", "lp", "extended", "prolongee", "sustained", "controlled"}
)


def _extended_release(row: MedicationRow) -> bool:
    words = set(re.split(r"[^a-z0-9]+", fold(f"{row.drug} {row.formulation or ''}")))
    return bool(words & _EXTENDED_WORDS)


def _same_row_key(r: RowMme) -> tuple[object, ...]:
    row = r.row
    words = (" ".join(fold(t or "").split()) for t in (row.drug, row.formulation, row.frequency))
    return (
        *words,
        row.dose,
        unit_word(row.unit),
        row.times_per_day,
        row.as_needed,
        row.concentration,
        row.purpose,
    )


def duplicate_rows(rows: Sequence[RowMme]) -> list[tuple[RowMme, RowMme]]:
    """Pairs of counted rows written the same (drug, dose, unit, form, frequency; case and
    spaces aside), each with the first row like it: likely one row entered twice. Patches are
    left out (two patches worn together are entered as two rows, as the calculator asks)."""
    first: dict[tuple[object, ...], RowMme] = {}
    pairs: list[tuple[RowMme, RowMme]] = []
    for r in rows:
        if r.daily_dose_unit == "mcg/h":
            continue
        key = _same_row_key(r)
        if key in first:
            pairs.append((first[key], r))
        else:
            first[key] = r
    return pairs


#: Methadone 10 mg/mL oral concentrates listed for opioid agonist treatment (OAT): Metadol-D,
#: Methadose (medSask, "Methadone Oral Concentrates for OAT"; BC PharmaCare covers Methadose
#: "for the treatment of opioid dependence"). Metadol (tablets, 1 mg/mL) is labelled an
#: opioid analgesic and is not here.
def _oat_methadone(name: str) -> bool:
    words = re.split(r"[^a-z0-9]+", fold(name))
    return "methadose" in words or ("metadol" in words and "d" in words)


#: The maximum daily dose of acetaminophen for adults in the Canadian product monographs
#: (Health Canada labelling: 4,000 mg a day). clinical.md says only that combination products
#: count their opioid component in MME, nothing on acetaminophen: a soft warning on the safer
#: side, over the acetaminophen of all combination rows together (never a refusal; the opioid
#: is counted as prescribed).
ACETAMINOPHEN_MAXIMUM_MG_PER_DAY = Decimal(4000)


#: A row of acetaminophen alone (not counted in the MME): "acetaminophen", "paracétamol",
#: "Tylenol", "Tylenol Extra Strength", "acetaminophen 500 mg". The mg a tablet when the name
#: fixes it: Tylenol Extra Strength 500 mg, Regular Strength 325 mg (Health Canada Drug
#: Product Database), or a strength written in the name; else tablets add nothing.
_PLAIN_ACETAMINOPHEN = re.compile(
    r"^(?:acetaminophene?|paracetamol|apap|tylenol)(?:\s+(?:(?P<extra>extra[\s-]*(?:strength|"
    r"forte?))|(?P<regular>regular[\s-]*strength|regulier|ordinaire)|(?P<mg>\d{3,4})\s*mg))?$"
)


def _plain_acetaminophen_mg_per_day(row: MedicationRow) -> Decimal | None:
    """The mg a day of a row of acetaminophen alone ("acetaminophen 1 g q6h", "Tylenol Extra
    Strength 2 co qid"), for the 4 g/day warning; None when it is no such row or its amount is
    not known exactly (tablets of no known strength, a frequency not read): never guessed."""
    match = _PLAIN_ACETAMINOPHEN.match(" ".join(fold(row.drug).replace(".", " ").split()))
    if match is None:
        return None
    unit = unit_word(row.unit)
    if unit in TABLET_UNITS:
        per_tablet = (
            Decimal(500)
            if match.group("extra")
            else Decimal(325)
            if match.group("regular")
            else Decimal(match.group("mg"))
            if match.group("mg")
            else None
        )
        if per_tablet is None:
            return None
        per_dose = row.dose * per_tablet
    elif read_unit(row.unit) == "mg":
        per_dose = row.dose
    elif unit in ("g", "gram", "grams", "gramme", "grammes"):
        per_dose = row.dose * 1000
    else:
        return None
    try:
        times, _, _, tablets_a_day = _times_per_day(row)
    except _Refused:
        return None
    if tablets_a_day is not None and unit in TABLET_UNITS:
        return tablets_a_day * per_dose / row.dose
    return per_dose * times


def acetaminophen_warning(
    rows: Sequence[RowMme], plain: Sequence[tuple[int, Decimal]] = ()
) -> tuple[str, str] | None:
    """The warning when the combination rows whose acetaminophen a tablet is known, with the
    rows of acetaminophen alone whose amount is known (``plain``: index, mg a day), add up to
    more than 4,000 mg a day (rows of unknown strength say nothing)."""
    known = [r for r in rows if r.acetaminophen_mg_per_day is not None]
    daily = sum((r.acetaminophen_mg_per_day or Decimal(0) for r in known), Decimal(0))
    daily += sum((mg for _, mg in plain), Decimal(0))
    if daily <= ACETAMINOPHEN_MAXIMUM_MG_PER_DAY:
        return None

    def rows_named(indexes: Sequence[int]) -> str:
        numbers = ", ".join(str(i + 1) for i in indexes)
        return f"rows {numbers}" if len(indexes) > 1 else f"row {numbers}"

    indexes = sorted([r.index for r in known] + [i for i, _ in plain])
    what = (
        "the combination products and acetaminophen alone"
        if known and plain
        else "acetaminophen alone"
        if plain
        else "the combination products"
    )
    # to 0.01 g, rounded up: a total just over the maximum never reads as 4 g
    grams = json_number((daily / 1000).quantize(Decimal("0.01"), ROUND_CEILING).normalize())
    return (
        "acetaminophen_maximum",
        f"acetaminophen: {what} ({rows_named(indexes)}) give {grams} g/day in all, above "
        "the maximum daily dose of 4 g/day (4,000 mg) for adults in the Canadian product "
        "monographs (Health Canada labelling). The opioid is counted as prescribed; check the "
        "acetaminophen dose, and any acetaminophen taken besides.",
    )


def _plausibility_warnings(
    rows: Sequence[RowMme], plain_acetaminophen: Sequence[tuple[int, Decimal]] = ()
) -> list[tuple[str, str]]:
    warnings: list[tuple[str, str]] = []
    acetaminophen = acetaminophen_warning(rows, plain_acetaminophen)
    if acetaminophen is not None:
        warnings.append(acetaminophen)
    for one, other in duplicate_rows(rows):
        warnings.append(
            (
                "duplicate_row",
                f"rows {one.index + 1} and {other.index + 1} ({other.row.drug}) are the same: "
                "both are counted; check the row is not entered twice (a taper planned from "
                "a row entered twice would cut the dose twice as fast as its rule).",
            )
        )
    maxima = [(drug, drug, most, False) for drug, most in LABEL_MAXIMUM_MG_PER_DAY.items()]
    maxima += [
        (drug, f"{drug} ER", most, True) for drug, most in ER_LABEL_MAXIMUM_MG_PER_DAY.items()
    ]
    for drug, label, most, extended in maxima:
        daily = sum(
            (
                r.daily_dose
                for r in rows
                if r.drug == drug and (not extended or _extended_release(r.row))
            ),
            Decimal(0),
        )
        if daily > most:
            warnings.append(
                (
                    "above_label_maximum",
                    f"{label}: {json_number(daily)} mg/day in all is above the "
                    f"{json_number(most)} mg/day maximum of its product monographs; check "
                    "the dose.",
                )
            )
    for r in rows:
        label = f"row {r.index + 1} ({r.row.drug})"
        if r.row.purpose is None and r.drug == "methadone" and _oat_methadone(r.row.drug):
            warnings.append(
                (
                    "oat_product",
                    f"{label}: this methadone product is sold in Canada for opioid agonist "
                    "treatment (OAT) of opioid use disorder; if it is OUD treatment, mark its "
                    "purpose as OUD: the conversion factors and the dose guideposts do not "
                    "apply to it (CDC 2022). Counted here as for pain until marked.",
                )
            )
        if r.limits_disagree is not None:
            # a maximum in tablets may be a fraction of doses (20 tablets of 3 a dose): 6.67,
            # not the 16 digits of a float
            allowed, stated = (
                json_number(round_display(n, Decimal("0.01")).normalize())
                for n in r.limits_disagree
            )
            warnings.append(
                (
                    "prn_limits_disagree",
                    f"{label}: {r.row.frequency!r} allows {allowed} doses a day by its "
                    f"interval, but its maximum says {stated}: counted at {allowed}, as both "
                    "limits bind; check which the prescriber meant (if "
                    f"{stated} a day, an interval that allows them).",
                )
            )
        if r.times_per_day is not None and r.times_per_day > MAX_PLAUSIBLE_TIMES_PER_DAY:
            warnings.append(
                (
                    "implausible_frequency",
                    f"{label}: {r.times_per_day} doses a day is unusual; check the frequency.",
                )
            )
        if r.daily_dose_unit == "mcg/h" and r.daily_dose > MAX_PLAUSIBLE_PATCH_RATE:
            warnings.append(
                (
                    "implausible_dose",
                    f"{label}: patches totalling {r.daily_dose} mcg/h are unusual; check the rate.",
                )
            )
        elif r.mme_per_day > MAX_PLAUSIBLE_ROW_MME:
            warnings.append(
                (
                    "implausible_dose",
                    f"{label}: {r.mme_per_day.quantize(Decimal(1))} MME/day from one row is "
                    "unusual; check the dose, unit and frequency.",
                )
            )
    return warnings


def _count_row(index: int, row: MedicationRow, name: DrugName, table: FactorTable) -> _Counted:
    unit_word_ = unit_word(row.unit)
    if name.kind == "gabapentinoid":
        raise _Refused(
            "gabapentinoid",
            f"{row.drug!r} is a gabapentinoid ({name.drug}), not an opioid: not counted in "
            "MME; it is flagged beside the opioids (added risk of respiratory depression).",
        )
    if (
        row.purpose == "oud"
        and name.drug != "buprenorphine"
        and (name.mentions & OPIOIDS or name.kind == "combination")
    ):
        raise _Refused("oud_treatment", OUD_TREATMENT_NOTE)
    if name.kind == "antagonist":
        raise _Refused(
            "not_opioid",
            f"{row.drug!r} is an opioid antagonist ({name.drug}), not an opioid: not counted "
            "in MME.",
        )
    # Before the tablet units: "lorazepam 1 co" is a benzodiazepine (CDC 2022 Rec 11, §4),
    # never an opioid whose tablets lack a strength.
    if name.kind == "benzodiazepine":
        raise _Refused(
            "benzodiazepine",
            f"{row.drug!r} is a benzodiazepine ({name.drug}), not an opioid: not counted in "
            "MME; it is used for the opioid-with-benzodiazepine guidepost.",
        )
    if unlisted_codeine_product(row.drug):
        raise _Refused("combination_strength_unknown", _unlisted_codeine(row.drug))
    if triatec_alone(row.drug):
        raise _Refused("unknown_drug", _triatec_alone(row.drug))
    if unit_word_ in TABLET_UNITS:
        return _count_tablets(index, row, name, table)
    if unmarketed_oxycodone_naloxone(row.drug):
        raise _Refused("combination_strength_unknown", _targin_strengths(row.drug))
    # "Tylenol No. 3" in mg: a combination product (read in tablets), never "unknown"
    if name.kind == "combination" or read_combination_tablet(row.drug) is not None:
        raise _Refused(
            "combination",
            f"{row.drug!r} reads as a combination product: enter the opioid component alone "
            "(e.g. drug 'oxycodone', dose 5 mg) so the dose cannot be mistaken for the "
            "non-opioid component; MME counts only the opioid component.",
        )
    if name.kind == "unknown" and name.mentions and name.unrecognised:
        raise _not_read_whole(row, name)
    if name.kind == "unknown" or name.drug is None:
        raise _Refused(
            "unknown_drug",
            f"{row.drug!r} is not a recognised opioid: no MME computed (unknown drugs are "
            "never guessed).",
        )
    drug = name.drug
    if drug == "buprenorphine":
        raise _Refused("buprenorphine", BUPRENORPHINE_NOTE)

    if unit_word_ == "cc":
        # ISMP Canada "Do Not Use" list (2006, reaffirmed in Safety Bulletin 2018;18(4)): "cc"
        # is mistaken for "u" (units); use "mL".
        raise _Refused(
            "unit_unknown",
            "unit 'cc' is on ISMP Canada's Do Not Use list (mistaken for 'u', units): give "
            "the dose in mL, with the liquid's concentration in mg/mL. Units are never "
            "converted.",
        )
    unit = read_unit(row.unit)
    liquid_note: str | None = None
    per_administration = row.dose
    if unit_word_ in ML_UNITS:
        if row.concentration is None:
            raise _Refused(
                "concentration_missing",
                f"a dose in mL needs the liquid's concentration in mg/mL (e.g. "
                f'"concentration": 1 for {drug} 1 mg/mL) to compute mg; mL are never converted '
                "without it.",
            )
        unit = "mg"
        per_administration = row.dose * row.concentration
        liquid_note = (
            f"{json_number(row.dose)} mL x {json_number(row.concentration)} mg/mL = "
            f"{json_number(per_administration)} mg of {drug} a dose"
        )
    form = read_form(row.formulation, name.form_words)
    if form is not None and name.implied_form is not None:
        if form is Form.ORAL and not name.form_words and row.formulation is None:
            form = name.implied_form
        elif form is not name.implied_form:
            raise _Refused(
                "formulation_mismatch",
                f"{row.drug!r} is a {name.implied_form.value} product; the formulation "
                f"{row.formulation!r} contradicts it.",
            )
    # Only the patch is dosed in mcg/h (clinical.md §1.1), so "fentanyl 25 mcg/h" is a patch.
    bare_fentanyl = drug == "fentanyl" and row.formulation is None and not name.form_words
    if form is Form.ORAL and bare_fentanyl and unit == "mcg/h":
        form = Form.TRANSDERMAL
    elif form is Form.ORAL and bare_fentanyl and unit is None:
        # an unread unit ("mg/h", "patch"): refused below for its unit, asking for mcg/h, not
        # for "no factor for fentanyl (oral); state the formulation" (the unit was the fault)
        form = Form.TRANSDERMAL
    if form is None:
        raise _Refused(
            "formulation_unknown",
            f"formulation {row.formulation!r} is not recognised; no factor is guessed.",
        )
    if form is Form.PARENTERAL:
        raise _Refused(
            "parenteral",
            f"{table.name} covers oral doses (and fentanyl by patch or transmucosal form in the "
            "analytic file); no factor for a parenteral dose.",
        )
    factor = table.factors.get((drug, form))
    if factor is None:
        available = table.forms_for(drug)
        elsewhere = [t.key for t in TABLES.values() if (drug, form) in t.factors]
        reason = f"{table.name} has no factor for {drug} ({form.value})"
        if available:
            forms = ", ".join(f.value for f in available)
            reason += f"; it has one for {forms} (state the formulation)"
        if elsewhere:
            reason += f"; a factor exists in: {', '.join(elsewhere)}"
        raise _Refused("no_factor", reason + ".")
    if unit is None:
        raise _Refused(
            "unit_unknown",
            f"unit {row.unit!r} is not accepted for {drug} ({form.value}): give the dose in "
            f"{factor.unit}. Units are never converted.",
        )
    if unit != factor.unit:
        raise _Refused(
            "unit_mismatch",
            f"{drug} ({form.value}) is dosed in {factor.unit}, not {unit}: refused, units are "
            "never converted.",
        )

    notes: list[str] = []
    as_needed = False
    if name.brand or name.manufacturer:
        notes.append(f"{row.drug!r} read as {drug}.")
    if liquid_note:
        notes.append(f"Oral liquid: {liquid_note}; confirm the concentration.")
    if unit == "mcg/h":
        change = None if row.frequency is None else read_patch_change(row.frequency)
        if change is not None and row.times_per_day is None and not row.as_needed:
            # "q72h": how often the patch is changed, not doses a day; the rate is counted.
            notes.append(
                f"Patch changed every {change} hours ({row.frequency!r}): counted by its "
                "rate in mcg/h, worn continuously."
            )
        elif row.frequency is not None and _PATCHES_AT_ONCE.match(fold(row.frequency)):
            # "2 timbres q72h" (twelfth hunt; it said "not as '2 timbres q72h' says", though
            # q72h is right): the row's rate, each patch's or all of them? Never guessed.
            raise _Refused(
                "frequency_not_applicable",
                f"{row.frequency!r} says more than one patch at a time, so the row's rate "
                f"({json_number(row.dose)} mcg/h) may be each patch's or all of them together. "
                "Give the rate of all the patches worn together (e.g. 50 mcg/h for two 25 "
                "mcg/h patches) and only how often they are changed here (e.g. 'q72h').",
            )
        elif row.frequency is not None and less_than_daily(row.frequency):
            # Fentanyl patches are changed every 72 hours, or 48 for some patients (product
            # monographs); a 7-day patch is buprenorphine's, which CDC 2022 does not count.
            raise _Refused(
                "frequency_not_applicable",
                f"a fentanyl patch is changed every 72 hours (every 48 hours for some "
                f"patients), not as {row.frequency!r} says; a patch changed every 7 days is a "
                "buprenorphine patch (e.g. BuTrans), which is not counted in the MME. Check "
                "the drug and the schedule; a fentanyl patch is counted by its rate in mcg/h.",
            )
        elif row.times_per_day is not None or row.frequency is not None or row.as_needed:
            raise _Refused(
                "frequency_not_applicable",
                "a fentanyl patch is counted by its rate in mcg/h (worn continuously); "
                "times_per_day, frequency and as_needed do not apply. Enter each patch "
                "strength worn at the same time as its own row.",
            )
        if row.dose < SMALLEST_PATCH_RATE:
            # No fentanyl patch delivers less than 12 mcg/h, and patches are not cut (product
            # monographs; clinical.md §1.5 lists 12 to 100 mcg/h). A smaller rate is a unit
            # typed wrong (0.025 mg/h as 0.025 mcg/h, or a patch's content in mg): counted, it
            # would hide a patch's MME a thousand times over, so it is refused (the safer side;
            # the lead's decision of 2026-12-06, after a warning in 69ab432).
            raise _Refused("unit_mismatch", _small_patch_rate(row.dose))
        small = [s for s in row.strengths if s < SMALLEST_PATCH_RATE]
        if small:
            # a plan would step to a rate no patch delivers, which this row would refuse
            raise _Refused(
                "unit_mismatch",
                f"a fentanyl patch strength of {json_number(small[0])} mcg/h on hand is below "
                "the smallest patch (12 mcg/h), and patches are not cut: check the strengths "
                "on hand, in mcg/h as printed on the patches.",
            )
        daily_dose = row.dose
        return _Counted(index, row, drug, form, daily_dose, factor, False, notes, row.dose)
    times, prn_frequency, disagree, _ = _times_per_day(row)
    notes.extend(_frequency_notes(row))
    daily_dose = per_administration * times
    as_needed = row.as_needed or prn_frequency
    return _Counted(
        index,
        row,
        drug,
        form,
        daily_dose,
        factor,
        as_needed,
        notes,
        per_administration,
        times,
        liquid_note,
        disagree,
    )


def _small_patch_rate(rate: Decimal) -> str:
    """Why a patch rate below 12 mcg/h is refused, with the rate it likely meant: read in mg/h
    when that gives a patch rate (0.025 -> 25 mcg/h), else the example 0.025 mg/h."""
    in_mcg = rate * 1000
    meant, as_mcg = "0.025", "25"
    if SMALLEST_PATCH_RATE <= in_mcg <= MAX_PLAUSIBLE_PATCH_RATE:
        meant, as_mcg = str(json_number(rate)), str(json_number(in_mcg))
    return (
        f"a fentanyl patch rate of {json_number(rate)} mcg/h is below the smallest patch "
        f"(12 mcg/h), and patches are not cut: check the unit ({meant} mg/h is {as_mcg} mcg/h; "
        "a patch's content in mg is not its rate). Give the rate printed on the patch, in "
        "mcg/h."
    )


#: The smallest fentanyl patch (12 mcg/h, delivering 12.5): product monographs (Health Canada
#: Drug Product Database); clinical.md §1.5 (NOUGG band table, "the 12 ucg/hour patch").
SMALLEST_PATCH_RATE = Decimal(12)


#: A pharmacy label or dispensing record pasted as a name: "DIN 02240131", "Qty 120",
#: "30 days supply", "Disp: 60", "Mitte 60", "Qté 120", "30 jours".
_LABEL_WORDS = re.compile(
    r"\b(?:din|npn|ndc|rx\s*#?|qty|quantity|qte|quantite|disp|dispense[d]?|mitte|refills?|"
    r"renouvellements?|days?\s*supply|day\s*supply|jours? de traitement|duree)\b|"
    r"\b\d{1,3}\s*(?:days?|jours?|j)\b|\b\d{8}\b"
)
#: A concentration written in the name: "morphine oral solution 1 mg/mL", "10 mg/5 mL".
_CONCENTRATION_IN_NAME = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:mg|mcg|ug|\u00b5g)\s*/\s*(?:\d+(?:[.,]\d+)?\s*)?ml\b"
)
#: A strength written in the name: "oxycodone 10 mg", "HYDROMORPHONE 2MG TAB".
_RATE_IN_NAME = re.compile(r"\d+(?:[.,]\d+)?\s*(?:mcg|ug|\u00b5g|\u03bcg)\s*/\s*h")
_STRENGTH_IN_NAME = re.compile(r"\d+(?:[.,]\d+)?\s*(?:mg|mcg|ug|\u00b5g)\b")


def _not_read_whole(row: MedicationRow, name: DrugName) -> _Refused:
    text = " ".join(fold(row.drug).split())
    opioid = ", ".join(sorted(name.mentions))
    if _LABEL_WORDS.search(text):
        # clinical.md §1.1: strength x units / days' supply is the analytic (prescription
        # data) formula, "not clinical guidance"; the dose taken at once is in the directions.
        return _Refused(
            "unknown_drug",
            f"{row.drug!r} reads as a line of a pharmacy label or dispensing record (DIN, "
            "quantity, days' supply): enter the drug name alone (e.g. "
            f"{opioid!r}), the dose taken at once and how often from the directions (e.g. "
            "dose 10, unit 'mg', frequency 'qid'). A quantity over the days' supply is an "
            "average, not the dose taken at once, so no dose is derived from it (no MME "
            "computed).",
        )
    if _CONCENTRATION_IN_NAME.search(text):
        return _Refused(
            "unknown_drug",
            f"{row.drug!r} holds the liquid's concentration in its name: enter the drug name "
            f"alone (e.g. {opioid!r}), the dose in mL and the concentration as on the label in "
            "its own field (e.g. '1 mg/mL' or '10 mg/5 mL'), or the dose in mg. The "
            "concentration is never read from the name (no MME computed).",
        )
    if _RATE_IN_NAME.search(text):
        # "fentanyl 25 mcg/h patch" dosed in patches: the rate is the dose (eleventh hunt;
        # before, this asked for the dose in mg "for two 10 mg tablets")
        return _Refused(
            "unknown_drug",
            f"{row.drug!r} holds a patch rate in its name: enter the drug name alone (e.g. "
            f"{opioid!r}) and the patch rate worn as the dose (e.g. dose 25, unit 'mcg/h'; two "
            "25 mcg/h patches worn together: 50) (no MME computed).",
        )
    if _STRENGTH_IN_NAME.search(text):
        return _Refused(
            "unknown_drug",
            f"{row.drug!r} holds a strength in its name: enter the drug name alone (e.g. "
            f"{opioid!r}) and the dose taken at once in mg (the strength x the tablets a "
            "dose, e.g. 20 mg for two 10 mg tablets), and the strengths on hand in their own "
            "field for a taper. A strength in the name is never read as the dose (no MME "
            "computed).",
        )
    return _Refused(
        "unknown_drug",
        f"{row.drug!r} names {', '.join(sorted(name.mentions))} but also "
        f"{' '.join(name.unrecognised)!r}, which is not recognised: enter the drug name "
        "alone, with dose, unit and formulation in their own fields (no MME computed; "
        "names are never guessed).",
    )


def _unlisted_codeine(drug: str) -> str:
    """Why Triatec-30, Novo-Gesic C30 and the like are not read (fourteenth hunt)."""
    return (
        f"{drug!r} is an acetaminophen-with-codeine tablet, but the codeine a tablet holds is in "
        "none of the sources this calculator follows, so it is not read from the name (the "
        "safer side when the sources are silent: no MME rather than a guessed one). Enter the "
        "codeine alone: drug 'codeine', the dose in mg (the codeine mg on the label x the "
        "tablets a dose) and how often."
    )


def _triatec_alone(drug: str) -> str:
    """Why "Triatec" with no number is not read (fourteenth hunt)."""
    return (
        f"{drug!r} names more than one product: acetaminophen-with-codeine tablets in Canada "
        "(Triatec-8, Triatec-30) and ramipril, which is not an opioid, elsewhere; no MME is "
        "computed from it. For a codeine tablet, enter the codeine alone: drug 'codeine', the "
        "dose in mg (the codeine mg on the label x the tablets a dose) and how often."
    )


def _targin_strengths(drug: str) -> str:
    """Why an oxycodone/naloxone strength that no tablet has is refused (tenth hunt)."""
    return (
        f"the strength in {drug!r} is not one of the oxycodone/naloxone tablets (Targin "
        "5/2.5, 10/5, 20/10 or 40/20 mg, oxycodone first): write one of these with the dose "
        "in tablets, or the oxycodone alone (drug 'oxycodone', the dose in mg). Naloxone is "
        "not counted; no strength is guessed."
    )


def _count_tablets(index: int, row: MedicationRow, name: DrugName, table: FactorTable) -> _Counted:
    """A dose in tablets of a fixed-dose combination whose name fixes its opioid content
    (Tylenol No. 3, Percocet, Tramacet, "oxycodone/acetaminophen 5/325")."""
    tablet = read_combination_tablet(row.drug)
    if tablet is None:
        if unmarketed_oxycodone_naloxone(row.drug):
            raise _Refused("combination_strength_unknown", _targin_strengths(row.drug))
        if name.kind == "combination":
            if any(c.isdigit() for c in row.drug):
                raise _Refused(
                    "combination_strength_unknown",
                    f"the strength in {row.drug!r} could not be read as opioid mg / "
                    "non-opioid mg (the numbers in the order of the names, the opioid part "
                    "smaller than the non-opioid part, e.g. 'oxycodone/acetaminophen 5/325', "
                    "'acetaminophen-codeine 300/30' or 'Percocet 10/325'): give the opioid "
                    "component in mg (e.g. drug 'oxycodone', dose 5, unit 'mg'). No strength "
                    "is guessed.",
                )
            raise _Refused(
                "combination_strength_unknown",
                f"{row.drug!r} is sold in several strengths: give the opioid component in mg "
                "(e.g. drug 'hydrocodone', dose 5, unit 'mg') or name the strength "
                "(e.g. 'hydrocodone/acetaminophen 5/325').",
            )
        if name.kind == "unknown" and name.mentions and name.unrecognised:
            # "222", "Robaxacet-8", "282" in tablets: the name says which opioid, not how
            # much a tablet holds; the same reason as in mg, naming the opioid
            raise _not_read_whole(row, name)
        raise _Refused(
            "unit_tablet",
            f"a dose of {row.drug!r} in tablets needs the strength: give the dose in mg "
            "(strength x tablets a dose). Tablets are accepted for combination products "
            "whose name fixes the opioid content (e.g. Tylenol No. 3, Percocet, Tramacet).",
        )
    factor = table.factors.get((tablet.drug, Form.ORAL))
    if factor is None:
        raise _Refused(
            "no_factor",
            f"{table.name} has no factor for {tablet.drug} (oral); read from {row.drug!r}.",
        )
    times, prn_frequency, disagree, tablets_a_day = _times_per_day(row)
    per_administration = row.dose * tablet.mg_per_tablet
    daily = (
        per_administration * times
        if tablets_a_day is None
        else tablets_a_day * tablet.mg_per_tablet
    )
    read_as = (
        f"{tablet.label}: {json_number(row.dose)} tablet(s) a dose = "
        f"{json_number(per_administration)} mg of {tablet.drug}"
    )
    notes = [f"Combination product read as its opioid component: {read_as}. Confirm the strength."]
    notes.extend(_frequency_notes(row))
    acetaminophen = None
    if tablet.acetaminophen_mg is not None:
        tablets = row.dose * times if tablets_a_day is None else tablets_a_day
        acetaminophen = tablets * tablet.acetaminophen_mg
    return _Counted(
        index,
        row,
        tablet.drug,
        Form.ORAL,
        daily,
        factor,
        row.as_needed or prn_frequency,
        notes,
        per_administration,
        times,
        read_as,
        disagree,
        acetaminophen,
    )


#: "1 co BID", "1 co. BID", "2 tabs q4h prn", "1-2 comprimés aux 6 heures": tablets a dose,
#: then how often.
_TABLET_COUNT = re.compile(
    r"^(\d+)(?:\s*(?:-|to|a|ou|or)\s*(\d+))?\s*"
    r"(?:co|cp|comp|comprimes?|tabs?|tablets?|caps?|capsules?|gelules?)\.?\s+(.+)$"
)


#: "½ co q6h prn", "1½ co bid", "0,5 comprimé die": a part of a tablet a dose, then how often
#: (read only when it equals a dose given in tablets).
_PART_TABLETS = re.compile(
    r"^(\d*\s*[\u00bc-\u00be]|\d+[.,]\d{1,2}|1\s*/\s*[24])\s*"
    r"(?:co|cp|comp|comprim[eé]s?|tabs?|tablets?|caps?|capsules?|g[eé]lules?)\.?\s+(.+)$",
    re.IGNORECASE,
)


#: An interval followed by a daily maximum: "q4h prn, max 6/day", "q6h prn max 4 par jour".
#: The maximum's first word, after a space, comma or semicolon (found by a search, so a long
#: run of separators is read once, not once per position).
_MAXIMUM_WORD = re.compile(
    r"(?<=[\s,;])(?:max(?:imum)?|up to|no more than|(?:not to|do not|don'?t) exceed|"
    r"jusqu'?\s*a|pas plus de|(?:ne pas|sans) depasser|ad(?=\s*\d))\b(?=.)"
)


def _split_maximum(text: str) -> tuple[str, str] | None:
    """("q4h prn", "max 6/day") from "q4h prn, max 6/day": the interval before the first
    maximum word and the maximum from it; None without one."""
    found = _MAXIMUM_WORD.search(text)
    if found is None:
        return None
    return text[: found.start()].rstrip(" ,;-"), text[found.start() :]


def _without_tablet_count(row: MedicationRow) -> tuple[str, bool]:
    """The frequency without a leading count of tablets, when that count cannot change the
    dose: one tablet a dose (with the dose in mg, one tablet is the dose), or a dose in
    tablets equal to the count (the highest of a range such as "1-2 co": the PRN rule counts
    the most). Otherwise (2 tablets of a dose in mg, a dose in mL) the text is left whole, and
    refused as not recognised: tablets are never converted to mg by guess.

    The flag is True when the text said one tablet a dose of a dose in mg ("Statex 5 mg, 1 co
    aux 4 h au besoin, max 6 co par jour"): a maximum in tablets is then a maximum in doses."""
    assert row.frequency is not None
    at_times = counts_at_times(" ".join(fold(row.frequency).split()))
    if at_times is not None:
        # "1 matin, 1 soir" (fourteenth hunt): one dose at each time, when each count is the
        # dose (one tablet of a dose in mg, or the dose in tablets); else refused, saying why
        (count, *others) = at_times.counts
        same = all(c == count for c in others) and at_times.doses is not None
        return (at_times.times if same and _count_is_the_dose(row, count) else row.frequency), False
    match = _TABLET_COUNT.match(" ".join(fold(row.frequency).split()))
    if match is None and not _reads(row.frequency):
        # "1 die", "1 po bid", "2 hs" of 2 tablets (thirteenth hunt): a count with no unit,
        # read only as one tablet or one dose of a dose in mg, or as the dose in tablets
        folded = " ".join(fold(row.frequency).split())
        restated = _RESTATED_DOSE.match(folded)
        if restated and _reads(restated.group(5)):
            return _restated_dose(row, restated), False
        mass = _MASS_FIRST.match(folded)
        if mass and read_unit(row.unit) == "mg" and _reads(mass.group(2)):
            # "5 mg q4h prn" of a dose of 5 mg: the same dose, said twice (fourteenth hunt)
            try:
                if to_decimal(mass.group(1), field="frequency") == row.dose:
                    return mass.group(2), False
            except ClinicalInputError:
                return row.frequency, False
        volume = _VOLUME_FIRST.match(folded)
        if volume and unit_word(row.unit) in ML_UNITS and _reads(volume.group(2)):
            # "5 mL q4h prn" of a dose of 5 mL: the same dose, said twice
            try:
                if to_decimal(volume.group(1), field="frequency") == row.dose:
                    return volume.group(2), False
            except ClinicalInputError:
                return row.frequency, False
        bare = _BARE_COUNT.match(folded)
        if bare and _reads(bare.group(3)):
            count = Decimal(bare.group(2) or bare.group(1))
            in_tablets = unit_word(row.unit) in TABLET_UNITS
            if (in_tablets and row.dose == count) or (
                read_unit(row.unit) in ("mg", "mcg") and bare.group(2) is None and count == 1
            ):
                return bare.group(3), False
    if match is None:
        part = _PART_TABLETS.match(" ".join(row.frequency.split()))
        if part and unit_word(row.unit) in TABLET_UNITS:
            # "½ co q6h prn" with a dose of ½ tablet: the same half tablet, said twice
            halves = part.group(1).replace(" ", "").split("/")  # "1/2 co die": 1 / 2
            try:
                amount = to_decimal(halves[0], field="frequency")
                if len(halves) == 2:
                    amount /= int(halves[1])
            except ClinicalInputError:
                return row.frequency, False
            if amount == row.dose:
                return part.group(2), False
        return row.frequency, False
    most = Decimal(match.group(2) or match.group(1))
    in_tablets = unit_word(row.unit) in TABLET_UNITS
    in_mass = read_unit(row.unit) in ("mg", "mcg")
    if in_tablets and row.dose == most:
        return match.group(3), False
    if in_mass and most == 1:
        return match.group(3), True
    return row.frequency, False


def _count_is_the_dose(row: MedicationRow, count: Decimal) -> bool:
    """True when a count with no unit cannot change the dose: one (tablet or dose) of a dose
    in mg or mcg, or the dose itself of a dose in tablets."""
    if unit_word(row.unit) in TABLET_UNITS:
        return count == row.dose
    return read_unit(row.unit) in ("mg", "mcg") and count == 1


#: The dose said twice before how often, in mL and in mg: "5 mL (5 mg) q4h prn", "5 mg (5 mL)
#: q4h prn", "5 ml (= 5 mg) q4h prn" (fourteenth hunt).
_RESTATED_DOSE = re.compile(
    r"^(\d{1,4}(?:[.,]\d{1,3})?)\s*(mls?|mg)\s*[(\[]\s*=?\s*(\d{1,4}(?:[.,]\d{1,3})?)\s*"
    r"(mls?|mg)\s*[)\]]\s*(?=[a-z])(.+)$"
)
#: A mass before how often: "5 mg q4h prn" (read when it is the dose in mg).
_MASS_FIRST = re.compile(r"^(\d{1,4}(?:[.,]\d{1,3})?)\s*mg\s+(?=[a-z])(.+)$")


def _restated_dose(row: MedicationRow, match: re.Match[str]) -> str:
    """How often, from "5 mL (5 mg) q4h prn", when both amounts are the row's dose (the mL the
    dose in mL and the mg that volume of the concentration given, or the mg the dose in mg);
    refused, saying so, when they disagree. The frequency whole when the two are not one mL
    and one mg, or the dose is in neither (then refused as not read)."""
    assert row.frequency is not None
    if match.group(2)[:2] == match.group(4)[:2]:
        return row.frequency
    try:
        first, second = (to_decimal(match.group(i), field="frequency") for i in (1, 3))
    except ClinicalInputError:
        return row.frequency
    ml, mg = (first, second) if match.group(2).startswith("ml") else (second, first)
    concentration = row.concentration
    if unit_word(row.unit) in ML_UNITS and concentration is not None:
        given = f"{json_number(row.dose)} mL x {json_number(concentration)} mg/mL = " + (
            f"{json_number(row.dose * concentration)} mg"
        )
        agree = row.dose == ml and row.dose * concentration == mg
    elif read_unit(row.unit) == "mg":
        given = f"{json_number(row.dose)} mg"
        if concentration is not None:
            given += f"; {json_number(ml)} mL x {json_number(concentration)} mg/mL = " + (
                f"{json_number(ml * concentration)} mg"
            )
        agree = row.dose == mg and (concentration is None or ml * concentration == mg)
    else:
        return row.frequency
    if agree:
        return match.group(5)
    raise _Refused(
        "frequency_unknown",
        f"frequency {row.frequency!r} is not read: it says the dose as {json_number(ml)} mL "
        f"({json_number(mg)} mg), which disagrees with the dose field ({given}), so the dose is "
        "not guessed. Give the dose once, in the dose field (in mg, or in mL with the "
        "concentration), and only how often here (e.g. 'q4h prn').",
    )


#: A range of tablets (or a count with no unit) first: "1-2 co tid", "1 à 2 q4h".
_RANGED_COUNT = re.compile(r"^(\d{1,2})\s*(?:-|to|a|ou|or)\s*(\d{1,2})\s")
#: A volume before how often: "5 mL q4h prn", "2,5 ml po q6h".
_VOLUME_FIRST = re.compile(r"^(\d{1,3}(?:[.,]\d{1,2})?)\s*mls?\s+(?=[a-z])(.+)$")
#: A count with no unit before how often: "1 die", "1 po bid", "1-2 q4h prn".
_BARE_COUNT = re.compile(r"^(\d{1,2})(?:\s*(?:-|to|a|ou|or)\s*(\d{1,2}))?\s+(?=[a-z])(.+)$")


def _reads(text: str) -> bool:
    """True when a frequency is read as it stands (notes, brackets and a maximum aside)."""
    plain = _without_note(_unbracketed(_without_note(text)))
    if read_frequency(plain) is not None:
        return True
    split = _split_maximum(" ".join(fold(plain).split()))
    return bool(split and read_frequency(split[0]) and read_frequency(split[1]))


#: A frequency ending in one bracketed part: "q4h prn (max 6/day)", "(q6h prn)", "q3h prn [max
#: 5/day]". Only one pair, closed, at the end, so "max (6)/day" is not read.
_BRACKETED = re.compile(r"([^()\[\]]*)(?:\(([^()\[\]]+)\)|\[([^()\[\]]+)\])\s*")


def _unbracketed(text: str) -> str:
    """ "q4h prn, max 6/day" from "q4h prn (max 6/day)": the bracket read as a comma."""
    match = _BRACKETED.fullmatch(text)
    if match is None:
        return text
    inside = match.group(2) or match.group(3)
    before = match.group(1).strip()
    return f"{before}, {inside.strip()}" if before else inside.strip()


#: "12/12", "1/24", "6/7": a fraction written for how often (or how long).
_FRACTION = re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$")
#: "q4h while awake", "aux 4 h pendant l'eveil": an interval over the waking hours only.
_WHILE_AWAKE = re.compile(
    r"\b(?:while|when) awake\b|\bwa\b|\bw/a\b|\bpendant l'?\s*eveil\b|\ble jour seulement\b"
    r"|\bdurant l'?\s*eveil\b|\bquand (?:il|elle) est eveille"
)
#: "3 f/j", "2 f./j.": a count with "f" for "fois".
_F_PER_DAY = re.compile(r"^\d{1,4}\s*f\s*/\s*j$")


#: An amount with its unit inside a frequency: "10 mg am, 5 mg pm" holds two.
_AMOUNT_IN_FREQUENCY = re.compile(
    r"(?:\d+(?:[.,]\d+)?|[\u00bc-\u00be])\s*(?:mg|mcg|ug|\u00b5g|\u03bcg|ml|co|cp|comp|"
    r"comprimes?|tabs?|tablets?|caps?|capsules?)\b"
)
#: Where a scheduled frequency is joined to doses as needed: "bid + prn", "tid et au besoin".
_JOINED = re.compile(r"\s*(?:\+|&|\bplus\b|\band\b|\bet\b|\bwith\b|\bavec\b)\s*")
#: Doses less often than once a day: weekly, every 2 or more days, every 25 or more hours.
_LESS_THAN_DAILY = re.compile(
    r"\b(?:weekly|once a week|a week|per week|every week|each week|q\s*w(?:ee)?k|semaines?|"
    r"hebdomadaire(?:ment)?|every other day|alternate days|every second day|qod|"
    r"jour sur (?:deux|[2-9])|un jour sur deux|tous les deux jours|"
    r"(?:q|every|each|aux|tous les|toutes les|chaque)\s*(?:[2-9]|[1-9]\d{1,2})\s*"
    r"(?:d|days?|jours?)|"
    r"(?:q|every|aux|toutes les)\s*(?:2[5-9]|[3-9]\d|[1-9]\d{2,3})\s*"
    r"(?:h|hr|hrs|hre|hres|hours?|heures?))\b"
)


def less_than_daily(text: str) -> bool:
    """True when a frequency gives doses less often than once a day ("weekly", "q7d", "1 fois
    par semaine", "every other day", "q48h")."""
    return _LESS_THAN_DAILY.search(" ".join(fold(text).replace(".", "").split())) is not None


def _why_not_read(row: MedicationRow, text: str) -> str:
    """Why a frequency that looks readable is still refused, said to the clinician (empty
    when there is nothing more to say than "not recognised")."""
    # (the frequency as written: "1 tab am + 2 tabs hs" lost its first tablet count in text),
    # without its daily maximum ("2 co bid, max 4 co/j" names one dose)
    whole = " ".join(fold(row.frequency or text).replace("\u2019", "'").split())
    whole = _unbracketed(whole)
    whole = (_split_maximum(whole) or (whole, ""))[0]
    joined = _JOINED.split(whole.replace(".", ""), maxsplit=1)
    if len(joined) == 2 and _PRN_WORDS.search(joined[1]) and not _PRN_WORDS.search(joined[0]):
        # The taper bases its cuts on scheduled doses (NOUGG 2010; CEP Opioid Manager) and
        # counts as-needed doses at their most a day (clinical.md §1.8).
        return (
            "it joins scheduled doses and doses as needed in one row, so neither count "
            "is known. Enter them as two rows: the scheduled doses (e.g. 'bid'), and the "
            "doses as needed with their interval or most a day (e.g. 'q4h prn, max 4/day'), "
            "counted at that most."
        )
    if _ALTERNATING.search(whole) and (
        _AMOUNT_IN_FREQUENCY.search(whole) or re.search(r"\b(?:days?|jours?)\b", whole)
    ):
        # (doses that alternate, not "alternate with acetaminophen": another medicine)
        # An average would hide the larger day's dose (as for doses less often than daily),
        # and a row holds one dose taken every day.
        return (
            "it alternates doses from one day to the next, and a row holds one dose taken "
            "every day; an average would hide the larger day's dose, so none is computed. "
            "For the MME, enter the larger day's doses (the higher MME/day, the safer side), "
            "and plan a taper with the hub: an automatic plan starts from one daily dose."
        )
    at_times = counts_at_times(whole)
    if at_times is not None and at_times.doses is not None:
        # "1 matin, 2 soir", "2 matin, 2 soir" of 10 mg (fourteenth hunt)
        if len(set(at_times.counts)) > 1:
            return _DIFFERENT_DOSES
        return (
            f"it gives {json_number(at_times.counts[0])} at each time of day with no unit, and "
            f"the dose field says {json_number(row.dose)} ({row.unit}): the number may be "
            "tablets a dose or doses, so the dose is not guessed. Give the whole dose in the "
            "dose field (in mg, in mL with the concentration, or for a combination product in "
            "tablets) and only the times here (e.g. 'matin et soir')."
        )
    amounts = _AMOUNT_IN_FREQUENCY.findall(whole)
    units = {re.sub(r"[^a-z]", "", a)[:2] for a in amounts}
    if len(amounts) == 2 and units == {"ml", "mg"}:
        # "q4h prn (5 mL = 5 mg)": one dose said twice, not two doses (fourteenth hunt: it was
        # refused as "different doses at different times of day")
        return (
            f"it gives the dose twice, in mL and in mg ('{amounts[0]}', '{amounts[1]}'), where "
            "how often is expected. Give the dose once, in the dose field (in mg, or in mL with "
            "the concentration), and only how often here (e.g. 'q4h prn')."
        )
    if len(amounts) >= 2:
        # "10 mg am, 5 mg pm": one row holds one dose; the two doses are two rows, each
        # counted and tapered exactly (the planner changes one row at a time).
        return _DIFFERENT_DOSES
    first = _MASS_FIRST.match(whole) or _VOLUME_FIRST.match(whole)
    if first and len(amounts) == 1 and text == row.frequency:
        # "5 mg q4h prn" of a dose of 10 mg: which is the dose? (fourteenth hunt)
        return (
            f"it starts with an amount ('{amounts[0]}') that is not the dose field's "
            f"({json_number(row.dose)} {row.unit}), so the dose is not guessed. Give the dose "
            "once, in the dose field, and only how often here (e.g. 'q4h prn')."
        )
    joined_time = _COUNT_AND_TIME.fullmatch(whole.replace(".", ""))
    if joined_time:
        return _count_and_time(joined_time)
    if _LABEL_QUANTITY.search(whole):
        # clinical.md §1.1: units / days' supply is the analytic formula, "not clinical
        # guidance"; never a schedule.
        return (
            "it gives a quantity dispensed or a days' supply, as a pharmacy label does; their "
            "ratio is an average, not how often a dose is taken, so no count is derived from "
            "it. Write how often from the directions (e.g. 'qid' or 'q6h prn')."
        )
    if _COUNT_IN_WORDS.match(whole):
        # "ii tabs q6h prn": Roman numerals and numbers in words are never read (ninth hunt:
        # "i" beside "1" is a known misreading); the count belongs in the dose field.
        return (
            "it starts with a number of tablets in words or Roman numerals, which is never "
            "read ('i' and '1' are mistaken for each other). Write the tablets a dose in "
            "figures in the dose field (e.g. dose 2, unit 'tablet'; for as-needed doses, the "
            "most) and only how often here (e.g. 'q6h prn')."
        )
    if _AS_DIRECTED.fullmatch(whole.replace(".", "").strip()):
        # "as directed", "ut dict", "selon les directives": how often is told elsewhere
        return (
            "it says to take the doses as directed, not how often, so no count is read. "
            "Write how often from the directions (e.g. 'bid' or 'q6h prn, max 4/day')."
        )
    bare = " ".join(_PRN_WORDS.sub(" ", whole.replace(".", "")).split()).strip(" ,;")
    if _CHANGES_OVER_TIME.search(bare):
        # "bid x 7 days then daily", "bid puis die": a taper (or a start) written into the
        # directions; a row holds the dose taken now (twelfth hunt: said, never read).
        return (
            "it changes the dose or how often over time ('then'), and a row holds the dose "
            "taken now. Enter the current dose and how often (e.g. 'bid'); to plan the "
            "reduction, use the taper plan, which follows its rule's pace."
        )
    clock = clock_times(bare)
    if clock is not None and clock[1] is None and clock[2] is not None:
        # "tid a 8h et 20h": 3 or 2 a day? Never the lower (nor the higher) by guess.
        return (
            f"it says {json_number(clock[2])} times a day but names {clock[0]} clock "
            f"time{'s' if clock[0] > 1 else ''}, so how often is not known. Write one of "
            "them: how often (e.g. 'tid') or each time (e.g. 'à 8h, 14h et 20h')."
        )
    if clock is not None and clock[1] is None:
        # "8h" alone: at 8 o'clock, or "q8h" without its q?
        return (
            "a time alone may be a clock time or an interval missing its 'q' ('8h' for "
            "'q8h'). Write 'at 8h' or 'à 8h' for once a day at that time, or 'q8h' for every "
            "8 hours."
        )
    route = _OTHER_ROUTE.search(bare)
    if route:
        # "sc q4h prn", "q4h SL": the tables' factors are for oral doses and patches
        # (clinical.md §1.2); the route is never dropped from the frequency.
        return (
            f"it names the route '{route.group(0)}', and the factors are for doses by mouth "
            "(and fentanyl patches). Give the route in the formulation field (a dose by "
            "injection has no factor in the tables) and only how often here (e.g. 'q4h prn')."
        )
    if _MINUTES.search(bare):
        # "q30min prn" (thirteenth hunt): how soon a dose may be repeated, 48 a day if counted
        return (
            "it gives an interval in minutes, which says how soon a dose may be repeated, not "
            "the most doses a day. Write the most doses a day instead of the interval (e.g. "
            "'prn, max 6/day'), and as-needed doses are counted at that most."
        )
    if _PRN_WORDS.sub("", whole.replace(".", "")).strip(" ,;") == "":
        # "prn" alone: as-needed doses count at the most a day (clinical.md §1.8), not said
        return (
            "it says as needed but not how often, and as-needed doses are counted at the most "
            "a day, which is not said. Give the interval or the most a day (e.g. 'q4h prn' "
            "or 'prn, max 4/day')."
        )
    if _TIMES_WITHOUT_UNIT.search(whole):
        # "bid x 2": two tablets, two doses or two days? (eleventh hunt: said, never read)
        return (
            "'x' and a number with no unit after it is not recognised, as it may mean tablets "
            "a dose, doses or days. Give the tablets a dose in the dose field, and a course's "
            "length with its unit (e.g. 'bid x 2 days'), or leave it out."
        )
    if _NOTE_ALONE.fullmatch(whole.replace(".", "").strip()):
        # "with meals", "ac": how many meals (3? 4 with a snack?) is not said
        return (
            "it says when to take the doses (with or around meals) but not how many a day. "
            "Write how often (e.g. 'tid with meals' or '3 times a day'), or give times_per_day."
        )
    cleaned = " ".join(fold(_PRN_WORDS.sub(" ", fold(text))).replace(".", "").split())
    if _LESS_THAN_DAILY.search(cleaned):
        # MME is of a daily dose (clinical.md §1.1); no oral opioid of the CDC tables is
        # taken weekly or every other day, and an average over the days between would hide
        # the dose taken at once: never averaged.
        return (
            "it gives doses less often than once a day. The MME is of a daily dose, no oral "
            "opioid in the CDC tables is taken weekly or every other day, and an average over "
            "the days between would hide the dose taken at once, so none is computed. Check "
            "the frequency (a patch is entered by its rate in mcg/h)."
        )
    if _FRACTION.match(cleaned):
        # ISMP Canada Safety Bulletin 18(4), 30 May 2018, reaffirming the "Do Not Use" list:
        # "The practice of using fractions for duration and/or frequency is strongly
        # discouraged" ("12/12" is read as every 12 hours or as 12 months).
        return (
            "a fraction can mean how often or how long ('12/12' is read as every 12 hours or "
            "as 12 months), and ISMP Canada strongly discourages fractions for frequency or "
            "duration (Safety Bulletin 2018;18(4)). Write the frequency as 'q12h' or '2 times "
            "a day', or give times_per_day."
        )
    if _WHILE_AWAKE.search(cleaned):
        return (
            "taken only while awake, the doses a day depend on the hours the patient is awake, "
            "which the prescription does not say. Give the most doses a day as times_per_day."
        )
    if _F_PER_DAY.match(cleaned):
        # "f/j" for "fois par jour" is in no published abbreviation list found (ISMP Canada,
        # HL7 v3 GTSAbbreviation, Canadian prescription guides): not read, though "3 fois par
        # jour", "3x/j" and "tid" are.
        return (
            "'f/j' is in no published abbreviation list, so no count is read from it. Write "
            "'fois par jour' in full (e.g. '3 fois par jour'), '3x/j' or 'tid', or give "
            "times_per_day."
        )
    in_mass = read_unit(row.unit) in ("mg", "mcg")
    # (text is the frequency as given unless one tablet a dose was taken off its start)
    if in_mass and text == row.frequency and _TABLET_AMOUNT.match(fold(text)):
        return (
            f"it starts with an amount of tablets other than one, and the dose is in {row.unit}: "
            f"{json_number(row.dose)} {row.unit} may be one tablet's strength or the whole dose, "
            "so the dose is not guessed. Give the whole dose in mg and the times a day (or, "
            "for a combination product, the dose in tablets)."
        )
    count = _BARE_COUNT.match(whole)
    if text == row.frequency and count and _reads(count.group(3)):
        # "2 bid" of 5 mg, "1 die" of 2 tablets (thirteenth hunt): tablets or doses?
        return (
            f"it starts with a number with no unit ('{count.group(0)[: count.start(3)].strip()}'), "
            f"and the dose field says {json_number(row.dose)} ({row.unit}): the number may be "
            "tablets a dose or doses, so the dose is not guessed. Give the whole dose in the "
            "dose field (in mg, in mL with the concentration, or for a combination product in "
            "tablets) and only how often here (e.g. 'bid')."
        )
    if not in_mass and text == row.frequency and _TABLET_AMOUNT.match(fold(text)):
        # "1-2 tabs q4-6h prn" with a dose of 1 tablet: which count is the dose is not said
        # twice alike, so neither is guessed (ninth hunt; the sources are silent).
        return (
            f"it starts with an amount of tablets, and the dose field says "
            f"{json_number(row.dose)} ({row.unit}): the tablets a dose are not guessed from two "
            "places. Give the tablets a dose in the dose field (the most, e.g. 2 for '1-2 "
            "tabs': as-needed doses are counted at the most prescribed) and only how often "
            "here (e.g. 'q4-6h prn')."
        )
    return ""


_DIFFERENT_DOSES = (
    "it gives different doses at different times of day, and a row holds one dose. Enter each "
    "dose as its own row (e.g. 10 mg 'in the morning' and 5 mg 'at bedtime'): each is then "
    "counted and tapered exactly."
)
#: A count and a time of day joined ("bid et hs", "die + hs", "tid and hs", "bid hs"):
#: fourteenth hunt. "die hs" (once a day, at bedtime) is read before this.
_COUNT_AND_TIME = re.compile(
    r"(?P<count>die|qd|od|bid|bd|tid|tds|qid|qds)\s*(?:\+|&|\bet\b|\band\b|,)?\s*"
    r"(?P<time>q?hs|au coucher|at bedtime|bedtime|nocte)"
)
_COUNT_ABBREVIATIONS = {1: "die", 2: "bid", 3: "tid", 4: "qid"}


def _count_and_time(match: re.Match[str]) -> str:
    """Why "bid et hs" is refused: one more dose at bedtime, or when one of the two is taken?
    clinical.md is silent on how directions are written; a count read wrong either way gives a
    plan whose cuts, of the count read, are faster than its rule of the dose taken (or cut the
    doses taken at once), so neither is chosen: the safer side."""
    count = int(read_frequency(match.group("count")).times_per_day)  # type: ignore[union-attr]
    more = _COUNT_ABBREVIATIONS.get(count + 1, f"{count + 1} fois par jour")
    return (
        f"it joins a count ('{match.group('count')}', {count} a day) and a time of day "
        f"('{match.group('time')}'): the time may be one more dose ({count + 1} a day) or say "
        f"at what time a dose of the {count} a day is taken, and the sources are silent on this "
        "writing. A count read wrong either way "
        "would make a taper faster than its rule, so neither is guessed: it is not recognised "
        "as a count (the safer side). Write "
        f"the count alone (e.g. '{more}' for {count + 1} a day) or each time of day (e.g. 'am "
        "et hs' for a dose in the morning and one at bedtime), or give times_per_day."
    )


#: A quantity dispensed or a days' supply in a frequency: "QTY 120 / 30 days", "Disp 60".
_LABEL_QUANTITY = re.compile(
    r"\b(?:qty|quantity|qte|quantite|disp|dispense[d]?|mitte|days?\s*supply|refills?)\b"
)
#: A count of tablets in words or Roman numerals at the start: "ii tabs q6h prn", "two tabs".
_COUNT_IN_WORDS = re.compile(
    r"^\s*(?:i{1,3}|iv|vi{0,3}|ss|i?ss|one|two|three|four|half|un|une|deux|trois|quatre|demi)"
    r"\s*(?:-|to|a|ou|or)?\s*(?:i{1,3}|iv|two|three|four|deux|trois|quatre)?\s*"
    r"(?:co|cp|comp|comprimes?|tabs?|tablets?|caps?|capsules?|gelules?)\b"
)
#: How often said to be elsewhere: "as directed", "ut dict", "selon les directives".
_AS_DIRECTED = re.compile(
    r"(?:(?:take|use|prendre)\s+)?(?:as directed|ut dict(?:um)?|selon (?:les )?directives?|"
    r"tel que (?:prescrit|dirige)|comme indique)"
)
#: "bid x 2", "q6h x 3": 'x' and a number with no unit at the end of a frequency.
_TIMES_WITHOUT_UNIT = re.compile(r"\S\s*(?:x|\u00d7)\s*\d{1,4}\s*$")
#: Doses that alternate: "10 mg alternating with 5 mg", "en alternance", "alternate 1 and 2".
_ALTERNATING = re.compile(
    r"\b(?:alternat|alterne)\w*\b(?!\s+days?\b)|\ben alternance\b|\bone day\b.*\bthe next\b|"
    r"\bun jour\b.*\b(?:le (?:jour )?suivant|l'autre)\b"
)
#: Meals alone, with no count: "with meals", "ac", "pc", "aux repas".
_NOTE_ALONE = re.compile(
    r"(?:(?:with|after|before) meals?|ac|pc|ac (?:and|&|et) hs|(?:avec|apres|avant|aux|"
    r"pendant) (?:les )?repas)"
)
#: A frequency that starts with an amount of tablets: "2 co bid", "1/2 co hs", "½ co die",
#: "1-2 tabs q4h prn", "1,5 co bid".
_TABLET_AMOUNT = re.compile(
    r"^\s*(?:\d+\s+)?(?:\d+(?:[.,]\d+)?(?:\s*[/\u2044]\s*\d+)?|[\u00bc-\u00be])"
    r"(?:\s*(?:-|to|a|ou|or)\s*\d+)?\s*"
    r"(?:co|cp|comp|comprimes?|tabs?|tablets?|caps?|capsules?|gelules?)\b"
)
#: More than one patch at a time in a patch's frequency: "2 timbres q72h", "apply 2 patches".
_PATCHES_AT_ONCE = re.compile(
    r"^\s*(?:(?:apply|applique[rz]?|mettre|poser|place)\s+)?(?:[2-9]|two|three|four|deux|trois|"
    r"quatre)\s*(?:x\s*)?(?:patch(?:es)?|timbres?|systems?|systemes?)\b"
)
#: A dose that changes over time, written into the directions: "then", "puis", "ensuite",
#: "followed by", "suivi de" (twelfth hunt).
_CHANGES_OVER_TIME = re.compile(r"\b(?:then|puis|ensuite|followed by|suivie? de|apres quoi)\b")
#: A route other than by mouth in the frequency: "sc q4h prn", "q4h SL", "IV q2h".
_OTHER_ROUTE = re.compile(
    r"\b(?:s/?c|sq|subcut|sous-?cut(?:ane)?|iv|im|sl|sublingual|sublinguale?|"
    r"intranasal|nasal|pr|rectal|par voie rectale|transdermal|td)\b"
)
#: "prn", "au besoin" and the like, removed before a refusal's reason is looked for.
_PRN_WORDS = re.compile(
    r"\b(?:prn|as needed|if needed|au besoin|si besoin|si douleurs?|si dlr|if pain)\b"
)
#: An interval in minutes: "q30min", "q 15 min", "toutes les 30 minutes" (thirteenth hunt).
_MINUTES = re.compile(r"(?:\bq|\bevery|\btoutes les|\baux)\s*\d{1,3}\s*min(?:ute)?s?\b")


#: The quantity dispensed after how often, as written ("#30", "Qté 30", "mitte 60").
_QUANTITY_AFTER = re.compile(
    r"(?:^|(?<=[\s,;(\[]))((?:#|qty|quantity|qt[e\u00e9]|quantit[e\u00e9]|disp(?:ense[d]?)?|"
    r"mitte)\s*:?\s*\d{1,4})",
    re.IGNORECASE,
)


def _frequency_notes(row: MedicationRow) -> list[str]:
    """What a counted row's frequency said that the count left aside: a quantity dispensed
    ("q4h prn #30", fourteenth hunt), which never lowers the doses a day (the most a day is
    counted, clinical.md §1.8; a quantity over days is an average, §1.1)."""
    if row.frequency is None or _QUANTITY_AFTER.search(row.frequency) is None:
        return []
    quantity = " ".join(_QUANTITY_AFTER.findall(row.frequency))
    return [
        f"'{quantity}' in the frequency is read as the quantity dispensed: it does not change how "
        "often a dose may be taken, so the doses a day are counted from the rest of the "
        "directions."
    ]


def _doses_in_mg_maximum(row: MedicationRow, most_mg: Decimal) -> Decimal:
    """The doses a day a daily maximum in mg allows ("max 30 mg/day" of 5 mg a dose: 6): the
    mg of one dose is the dose in mg, or mL x the liquid's concentration. Refused when the dose
    is in tablets (mg of the opioid, or of the acetaminophen?), in mcg, or in mL without a
    concentration, and when the maximum is not a whole number of doses or is less than one:
    a dose is never cut to fit a maximum, and mg are never converted to doses by guess."""
    liquid = unit_word(row.unit) in ML_UNITS
    shown = f"{json_number(most_mg)} mg"
    if read_unit(row.unit) == "mg":
        per_dose = row.dose
    elif liquid and row.concentration is not None:
        per_dose = row.dose * row.concentration
    else:
        needs = (
            "the liquid's concentration in mg/mL"
            if liquid
            else f"the dose in mg (it is in {row.unit})"
        )
        raise _Refused(
            "frequency_unknown",
            f"frequency {row.frequency!r} gives a maximum of {shown} a day, which needs "
            f"{needs} to be read as doses: give the most doses a day as times_per_day (or "
            "the maximum in doses, e.g. 'max 4/day'); mg are never converted to doses by guess.",
        )
    doses = most_mg / per_dose
    if doses < 1:
        raise _Refused(
            "frequency_unknown",
            f"frequency {row.frequency!r} allows at most {shown} a day, less than one dose of "
            f"{json_number(per_dose)} mg: check the dose and the maximum; a dose is never cut "
            "to fit a maximum.",
        )
    if doses != doses.to_integral_value():
        raise _Refused(
            "frequency_unknown",
            f"frequency {row.frequency!r} allows at most {shown} a day, which is not a whole "
            f"number of doses of {json_number(per_dose)} mg: check the dose and the maximum, or "
            "give the most doses a day as times_per_day; a dose is never cut to fit a maximum.",
        )
    if doses > 100:
        raise _Refused(
            "frequency_unknown",
            f"frequency {row.frequency!r} allows {shown} a day, more than 100 doses of "
            f"{json_number(per_dose)} mg: check the dose and the maximum.",
        )
    return doses.to_integral_value()


#: Notes on how to take a dose that do not change how often (tenth hunt): with food or meals,
#: after or before meals ("pc", "ac" after a frequency: "tid pc"; not "cc", which is also mL,
#: on ISMP's "Do Not Use" list), with water, and a
#: course's length ("x 30 days", "for 2 weeks", "pendant 10 jours"). Removed after a frequency, at
#: its end or before a daily maximum ("q6h prn with food, max 8/day"), when something is left:
#: "with meals" alone (3 meals? 4?) and "bid x 2" (2 tablets or 2 days?) are not read.
_NOTE = re.compile(
    r"(?:[\s,;]+|^)[(\[]?\s*(?:(?:to be )?(?:taken|take)\s+)?(?:"
    r"(?:with|after|before)\s+(?:food|meals?|a meal|breakfast and supper|a snack)|"
    r"(?:on|with) an empty stomach|with (?:a glass of |plenty of )?water|"
    r"(?:avec|apres|avant|pendant|au(?:x)?|durant)\s+(?:de la nourriture|la nourriture|"
    r"nourriture|les repas|le repas|repas|un repas)|"
    r"a jeun|avec (?:un verre d'|de l')\s*eau|"
    r"p\.?c\.?|a\.?c\.?|"
    r"p\.?o\.?|per\s+os|by\s+mouth|orally|par\s+la\s+bouche|(?:par\s+)?voie\s+orale|oralement|"
    r"atc|around the clock|regular(?:ly)?|reguliers?|regulierement|"
    r"(?:x|for|pendant|durant|pour)\s*[1-9]\d{0,2}\s*(?:days?|d|weeks?|wks?|months?|jours?|j|"
    r"semaines?|mois)|"
    # the quantity dispensed after how often (fourteenth hunt): "q4h prn #30", "Qte 30 co"
    r"(?:#|qty|quantity|qte|quantite|disp(?:ense[d]?)?|mitte)\s*:?\s*\d{1,4}\s*(?:co|cp|comp|"
    r"comprimes?|tabs?|tablets?|caps?|capsules?)?"
    r")\s*[)\]]?[\s.]*(?=$|[,;(\[])"
)


#: The same notes first, before a comma: "with food, bid", "avec les repas, 2 fois par jour".
_NOTE_FIRST = re.compile(
    r"^\s*(?:(?:to be )?(?:taken|take)\s+)?(?:(?:with|after|before)\s+(?:food|meals?|a meal)|"
    r"with (?:a glass of |plenty of )?water|(?:avec|apres|pendant) (?:de la nourriture|"
    r"la nourriture|les repas|le repas)|a jeun)\s*[,;:]\s*"
)


#: What an as-needed dose is for, after "prn" (eleventh hunt): "q4h prn pain", "prn for
#: breakthrough pain", "au besoin pour la douleur", "prn douleur". It never changes the count;
#: only pain is read (another reason, e.g. "prn cough", stays not recognised).
_INDICATION = re.compile(
    r"\b(p\.?r\.?n\.?|(?:as|if|when)\s+needed|(?:au|si)\s+besoin)\s*[(\[]?\s*(?:(?:for|pour|"
    r"if|si|de)\s+)?(?:(?:la|les|de la|the)\s+)?(?:breakthrough\s+|percee\s+)?(?:pain|"
    r"douleurs?|dlr)(?:\s+(?:percee|paroxystique|de percee))?\b\s*[)\]]?"
    r"(?=\s*(?:$|[.,;(\[]|(?:max|maximum|up to|no more than|not to exceed|do not exceed|"
    r"jusqu|pas plus|ne pas depasser|sans depasser)\b)|\s+-\s)"
)


#: The route by mouth before the frequency (twelfth hunt): "po bid", "p.o. q4h prn", "per os
#: q12h", "par la bouche 2 fois par jour". The tables' factors are for oral doses (clinical.md
#: §1.2), so "by mouth" changes nothing; another route (SC, IV, SL) is never dropped.
_ROUTE_FIRST = re.compile(
    r"^\s*(?:p\.?o\.?|per\s+os|by\s+mouth|orally|par\s+la\s+bouche|(?:par\s+)?voie\s+orale)"
    r"\s*[,;:]?\s+(?=\S)"
)
#: "qid ac & hs": before the three meals and at bedtime, which is four times a day; read as a
#: note only after a count of four ("tid ac & hs": 3 or 4?), twelfth hunt.
_MEALS_AND_BEDTIME = re.compile(
    r"^(?P<count>.*\S)\s+[ap]\.?c\.?\s*(?:&|and|et|\+)\s*h\.?s\.?$"
)  # and "qid pc & hs", after the meals (fourteenth hunt)


def _without_note(text: str) -> str:
    """The frequency without a closing note on how to take the dose or for how long ("bid (with
    food)", "tid pc", "1 co qid x 30 days", "bid avec les repas"), when something is left."""
    folded = fold(text).replace("\u2019", "'")
    route = _ROUTE_FIRST.match(folded)
    if route:
        folded = text = folded[route.end() :].strip()
    meals = _MEALS_AND_BEDTIME.match(folded)
    if meals:
        counted = read_frequency(meals.group("count"))
        if counted is not None and counted.times_per_day == 4 and not counted.counts_tablets:
            folded = text = meals.group("count")
    if _INDICATION.search(folded):
        folded = text = _INDICATION.sub(r"\1 ", folded).strip()
    leading = _NOTE_FIRST.match(folded)
    if leading and folded[leading.end() :].strip():  # "with food, bid"
        folded = text = folded[leading.end() :].strip()
    for _ in range(3):  # "bid with food x 30 days": a note and a duration
        found = _NOTE.search(folded)
        if found is None or not folded[: found.start()].strip(" ,;"):
            break
        # before a daily maximum too: "q6h prn with food, max 8 tabs/day"
        folded = (folded[: found.start()].rstrip(" ,;") + " " + folded[found.end() :]).strip()
        text = folded
    return text


def _times_per_day(
    row: MedicationRow,
) -> tuple[Decimal, bool, tuple[Decimal, Decimal] | None, Decimal | None]:
    """Doses a day (the maximum for an as-needed row), whether the frequency said PRN, and,
    when an interval and a larger daily maximum disagree ("q6h prn, max 6/day"), the two
    counts (the lower is counted: both limits bind the patient; the caller warns); last, the
    tablets a day when a maximum in tablets is the count (exact: "max 10 co/j" of 3 tablets
    a dose is 10 tablets, where 10 / 3 doses x 3 tablets is 9.99...9 in decimals)."""
    from_frequency: Decimal | None = None
    prn = False
    disagree: tuple[Decimal, Decimal] | None = None
    tablets_a_day: Decimal | None = None
    by_tablets: dict[int, Decimal] = {}
    if row.frequency is not None:
        stripped, one_tablet_a_dose = _without_tablet_count(row)
        # "1-2 co tid" of 2 tablets (thirteenth hunt): the second tablet is the patient's
        # choice, so as needed, as a range of frequencies is (ninth hunt); counted scheduled,
        # its ceiling enlarged the scheduled MME/day a taper cuts by its rate.
        ranged = _RANGED_COUNT.match(" ".join(fold(row.frequency).split()))
        prn = stripped != row.frequency and ranged is not None and ranged[1] != ranged[2]
        text = _without_note(_unbracketed(_without_note(stripped)))
        parts = [text]
        if read_frequency(text) is None:
            # "q4h prn, max 6/day", "aux 4 heures au besoin max 8 co par jour": the most doses a
            # day is the lower of the two limits.
            split = _split_maximum(" ".join(fold(text).split()))
            if split and read_frequency(split[1]) is not None:
                parts = list(split)
        counts: list[Decimal] = []
        for part in parts:
            frequency = read_frequency(part)
            if frequency is None:
                why = _why_not_read(row, stripped)
                raise _Refused(
                    "frequency_unknown",
                    f"frequency {row.frequency!r} is not read: {why}"
                    if why
                    else f"frequency {row.frequency!r} is not recognised; give times_per_day "
                    "(for an as-needed row, the maximum a day).",
                )
            prn = prn or frequency.as_needed
            if frequency.counts_mg:
                # "q4h prn, max 30 mg/day" of 5 mg a dose: 6 doses a day, counted as a maximum
                # in doses is (clinical.md §1.8), when the mg make a whole number of doses.
                counts.append(_doses_in_mg_maximum(row, frequency.times_per_day))
            elif frequency.counts_tablets and one_tablet_a_dose:
                # "1 co q4h prn, max 6 co/j" of a dose in mg: one tablet is one dose.
                counts.append(frequency.times_per_day)
            elif frequency.counts_tablets:
                # "max 8 tablets a day" with doses of 2 tablets is 4 doses a day, not 8.
                if unit_word(row.unit) not in TABLET_UNITS:
                    raise _Refused(
                        "frequency_unknown",
                        f"frequency {row.frequency!r} counts tablets but the dose is in "
                        f"{row.unit}: give the most doses a day as times_per_day (or the dose "
                        "in tablets); tablets are never converted to doses by guess.",
                    )
                if frequency.times_per_day < row.dose:
                    raise _Refused(
                        "frequency_unknown",
                        f"frequency {row.frequency!r} allows at most "
                        f"{json_number(frequency.times_per_day)} tablet(s) a day, less than one "
                        f"dose of {json_number(row.dose)} tablets: check the dose and the "
                        "maximum; a dose is never cut to fit a maximum.",
                    )
                by_tablets[len(counts)] = frequency.times_per_day
                counts.append(frequency.times_per_day / row.dose)
            else:
                counts.append(frequency.times_per_day)
        from_frequency = min(counts)
        if len(counts) == 2 and counts[1] > counts[0]:
            disagree = (counts[0], counts[1])
        tablets_a_day = by_tablets.get(counts.index(from_frequency))
    if row.times_per_day is not None:
        if from_frequency is not None and from_frequency != row.times_per_day:
            raise _Refused(
                "frequency_conflict",
                f"times_per_day {row.times_per_day} contradicts frequency {row.frequency!r} "
                f"({from_frequency} a day).",
            )
        return row.times_per_day, prn, disagree, tablets_a_day
    if from_frequency is None:
        raise _Refused(
            "frequency_missing",
            "times_per_day or frequency is needed to compute a daily dose (for an as-needed "
            "row, the maximum a day).",
        )
    return from_frequency, prn, disagree, tablets_a_day
