"""Exact clinical calculations for echohub case presentations (no Django import).

* :mod:`clinical.mme` — daily morphine milligram equivalents with named factor tables
  (CDC 2022 default, CDC 2016, CDC analytic file) and dose/combination guideposts.
* :mod:`clinical.taper` — opioid taper schedules from the rates in the reference.
* :mod:`clinical.instruments` — free patient-reported instruments scored exactly, and
  licensed instruments recorded as clinician-entered totals.

Every factor, cut-off and rule cites its source in ``/work/shared/reference/clinical.md``.
"""

from clinical.errors import ClinicalInputError
from clinical.instruments import (
    FREE_INSTRUMENTS,
    LICENSED_INSTRUMENTS,
    InstrumentScore,
    peg_change,
    record_licensed_total,
    score_gad7,
    score_instrument,
    score_peg,
    score_phq2,
    score_phq9,
    score_start_back,
    score_taps1,
    taps2_risk,
)
from clinical.mme import (
    CONVERSION_CAVEAT,
    DEFAULT_TABLE,
    TABLES,
    ExcludedRow,
    Guidepost,
    MedicationRow,
    MmeResult,
    RowMme,
    calculate_mme,
    factor_for,
    get_table,
    guideposts_for,
    methadone_factor,
    read_number,
)
from clinical.taper import TAPER_RULES, TaperPlan, TaperStep, plan_taper

__all__ = [
    "CONVERSION_CAVEAT",
    "DEFAULT_TABLE",
    "FREE_INSTRUMENTS",
    "LICENSED_INSTRUMENTS",
    "TABLES",
    "TAPER_RULES",
    "ClinicalInputError",
    "ExcludedRow",
    "Guidepost",
    "InstrumentScore",
    "MedicationRow",
    "MmeResult",
    "RowMme",
    "TaperPlan",
    "TaperStep",
    "calculate_mme",
    "factor_for",
    "get_table",
    "guideposts_for",
    "methadone_factor",
    "peg_change",
    "plan_taper",
    "read_number",
    "record_licensed_total",
    "score_gad7",
    "score_instrument",
    "score_peg",
    "score_phq2",
    "score_phq9",
    "score_start_back",
    "score_taps1",
    "taps2_risk",
]
