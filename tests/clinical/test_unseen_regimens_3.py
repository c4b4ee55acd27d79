"""Regimens and inputs nobody wrote down (third hunt).

Canadian prescriptions as family physicians, nurse practitioners and pharmacists type them
(English and French), and API-style input that no clinician types: very long text, numbers
with thousands of digits. Expected figures are computed here from the cited factors
(clinical.md §1.2, CDC 2022, re-typed, not imported) and the taper rates of §2.1. Bad input is
refused with :class:`ClinicalInputError` (or the row is excluded with a reason), never a
crash, and in a time that does not grow faster than the input (the time limits are wide, for
a loaded machine: the defects they guard against took 18 to 44 s).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import (
    ClinicalInputError,
    MedicationRow,
    calculate_mme,
    factor_for,
    get_table,
    methadone_factor,
    plan_taper,
)
from clinical.cli import main
from clinical.mme import _split_maximum as split_maximum
from clinical.regimen import plan_regimen_taper

D = Decimal
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

#: clinical.md §1.2, CDC 2022 clinical table [V] (re-typed).
CDC2022 = {
    "codeine": D("0.15"),
    "hydrocodone": D("1.0"),
    "hydromorphone": D("5.0"),
    "morphine": D("1.0"),
    "oxycodone": D("1.5"),
    "oxymorphone": D("3.0"),
    "tapentadol": D("0.4"),
    "tramadol": D("0.2"),
}
PATCH = D("2.4")


def _refused_or_excluded(rows: list[Any]) -> str:
    """The outcome of a row the calculator must not read: a ClinicalInputError's code, or the
    reason code of the excluded row. Any other exception fails the test."""
    try:
        result = calculate_mme(rows)
    except ClinicalInputError as error:
        assert error.message and error.code
        return error.code
    assert not result.rows, result.rows
    (excluded,) = result.excluded
    assert excluded.reason
    return excluded.reason_code


# --- Numbers with thousands of digits inside a frequency: refused, never a crash ---------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("unit", "frequency"),
    [
        ("mg", f"q{HUGE}h"),
        ("mg", f"q4-{HUGE}h prn"),
        ("mg", f"max {HUGE} a day"),
        ("mg", f"up to {HUGE} times a day"),
        ("mg", f"{HUGE} times a day"),
        ("mg", f"1-{HUGE} fois par jour"),
        ("mg", f"q4h prn, max {HUGE}/day"),
        ("mcg/h", f"q{HUGE}h"),
        ("mcg/h", f"change every {HUGE} days"),
    ],
    ids=["q-h", "q-range", "max", "up-to", "times", "fois", "max-2", "patch-q", "patch-days"],
)
def test_regression_a_frequency_with_thousands_of_digits_is_refused_not_a_crash(
    unit: str, frequency: str
) -> None:
    """Before: int() of a 5,000-digit count raised ValueError ("Exceeds the limit (4300
    digits) for integer string conversion"), a crash rather than a refusal, through a mapping
    and through a MedicationRow built directly."""
    drug = "fentanyl" if unit == "mcg/h" else "morphine"
    mapping = {"drug": drug, "dose": 10 if unit == "mg" else 25, "unit": unit}
    mapping["frequency"] = frequency
    _refused_or_excluded([mapping])
    row = MedicationRow(drug=drug, dose=D(mapping["dose"]), unit=unit, frequency=frequency)
    _refused_or_excluded([row])


# --- Very long text: bounded time ---------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency",
    [
        "q4h" + ", " * 20_000 + "prn",
        "q4h" + " ;" * 20_000 + " maximum",
        "q4h prn" + "," * 40_000 + "x",
    ],
    ids=["commas", "semicolons", "bare-commas"],
)
def test_regression_a_long_frequency_is_read_in_linear_time(frequency: str) -> None:
    """Before: "q4h" followed by 20,000 ", " took about 30 s (the split of an interval from
    its daily maximum backtracked over every separator at every position). Such text is now
    refused before it is read (mme.text_too_long); the split itself stays linear."""
    row = MedicationRow(drug="morphine", dose=D(10), unit="mg", frequency=frequency)
    began = time.perf_counter()
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([row])
    assert refused.value.code == "mme.text_too_long"
    split_maximum(" ".join(frequency.split()))
    assert time.perf_counter() - began < 5.0


@pytest.mark.parametrize("field", ["drug", "unit", "formulation", "frequency"])
def test_regression_text_longer_than_any_prescription_is_refused_in_words(field: str) -> None:
    """A field of 100,000 characters is no prescription: refused at once (code
    mme.text_too_long), whatever it holds; the API's own limits are 100 characters or fewer."""
    row: dict[str, Any] = {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid"}
    row[field] = (row.get(field) or "oral") + " " + "morphine " * 11_000
    began = time.perf_counter()
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([row])
    assert time.perf_counter() - began < 5.0
    assert refused.value.code == "mme.text_too_long"
    assert refused.value.field == f"rows[0].{field}"
    assert "200 characters" in refused.value.message


def test_text_as_long_as_a_written_french_instruction_is_still_read() -> None:
    # 1 à 2 comprimés aux 4 à 6 heures au besoin, maximum 8 comprimés par jour: 2 tablets of
    # Tylenol No. 3 (codeine 30 mg) a dose, the lower limit 8 tablets a day = 240 mg codeine
    row = {
        "drug": "Tylenol No. 3",
        "dose": 2,
        "unit": "comprimés",
        "frequency": "1 à 2 comprimés aux 4 à 6 heures au besoin, maximum 8 comprimés par jour",
    }
    (counted,) = calculate_mme([row]).rows
    assert counted.mme_per_day == 8 * 30 * CDC2022["codeine"]


@SETTINGS
@given(
    st.text(
        alphabet=st.sampled_from(list("q0123456789h-, ;/maxuptodyjrPRNprn.()éà")),
        max_size=300,
    )
)
def test_any_short_frequency_text_is_read_refused_or_excluded_never_a_crash(text: str) -> None:
    row = {"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": text}
    try:
        result = calculate_mme([row])
    except ClinicalInputError as error:
        assert error.code and error.message
        return
    for counted in result.rows:
        # whatever was read: a whole number of doses a day, at most 100, at the cited factor
        assert counted.times_per_day is not None and 0 < counted.times_per_day <= 100
        assert counted.mme_per_day == 5 * counted.times_per_day * CDC2022["oxycodone"]


# --- The command line: deeply nested JSON is bad input, not a traceback ------------------------


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("mme", "[" * 100_000 + "]" * 100_000),
        ("taper", '{"medications": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        (
            "mme",
            '[{"drug": "morphine", "dose": 10, "unit": "mg", "strengths": '
            + "[" * 50_000
            + "]" * 50_000
            + "}]",
        ),
    ],
    ids=["mme-list", "taper-medications", "mme-strengths"],
)
def test_regression_deeply_nested_json_is_refused_in_one_line(command: str, text: str) -> None:
    """Before: json.loads raised RecursionError, which the command line did not catch (a
    traceback, where bad input must print one clear line and exit with status 2)."""
    out, err = io.StringIO(), io.StringIO()
    status = main([command, "--json"], stdin=io.StringIO(text), stdout=out, stderr=err)
    assert status == 2 and out.getvalue() == ""
    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"echohub {command}: stdin is not valid JSON")
    assert line.endswith(f"[{command}.bad_json]")


# --- A MedicationRow built in code is checked like a mapping -----------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"dose": D(-5)}, "mme.not_positive"),
        ({"dose": D(0)}, "mme.not_positive"),
        ({"times_per_day": D(-2)}, "mme.not_positive"),
        ({"dose": D("NaN")}, "mme.invalid_number"),
        ({"dose": D("sNaN")}, "mme.invalid_number"),
        ({"dose": D("Infinity")}, "mme.invalid_number"),
        ({"dose": D("1e999999")}, "mme.absurd_number"),
        ({"times_per_day": D("NaN")}, "mme.invalid_number"),
        ({"drug": None}, "mme.missing_field"),
        ({"unit": None}, "mme.missing_field"),
        ({"strengths": (D(0),)}, "mme.not_positive"),
        ({"times_per_day": None, "frequency": 4}, "mme.invalid_text"),
        ({"unit": "mL", "concentration": D("NaN")}, "mme.invalid_number"),
    ],
    ids=lambda v: str(v) if isinstance(v, str) else None,
)
def test_regression_a_medication_row_built_in_code_is_checked(
    fields: dict[str, Any], code: str
) -> None:
    """Before: MedicationRow (public, in clinical.__all__) was used unchecked: a dose of -5 mg
    twice a day counted -10 MME/day, 0 mg counted 0, and NaN, a float, a str, a None drug or a
    negative count raised decimal.InvalidOperation, TypeError, AttributeError or ValueError."""
    kwargs: dict[str, Any] = {
        "drug": "morphine",
        "dose": D(10),
        "unit": "mg",
        "times_per_day": D(2),
    }
    kwargs.update(fields)
    row = MedicationRow(**kwargs)
    for run in (
        lambda: calculate_mme([row]),
        lambda: plan_regimen_taper([row], start_date=dt.date(2027, 1, 4)),
    ):
        with pytest.raises(ClinicalInputError) as refused:
            run()
        assert refused.value.code == code
        assert refused.value.field is not None and refused.value.field.startswith("rows[0]")


@pytest.mark.parametrize(
    "fields",
    [{"dose": 10.5}, {"dose": "10,5"}, {"dose": 10}, {"times_per_day": "2"}, {"strengths": ("5",)}],
    ids=["float", "comma", "int", "str-count", "str-strength"],
)
def test_a_medication_row_built_in_code_with_plain_numbers_is_read_as_its_mapping(
    fields: dict[str, Any],
) -> None:
    kwargs: dict[str, Any] = {
        "drug": "morphine",
        "dose": D(10),
        "unit": "mg",
        "times_per_day": D(2),
    }
    kwargs.update(fields)
    mapping = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    (counted,) = calculate_mme([MedicationRow(**kwargs)]).rows
    assert counted.mme_per_day == calculate_mme([mapping]).total_mme_per_day
    assert counted.mme_per_day == counted.daily_dose * CDC2022["morphine"] > 0
    plan = plan_regimen_taper([MedicationRow(**kwargs)], start_date=dt.date(2027, 1, 4))
    assert plan.steps[0].mme_per_day == counted.mme_per_day


# --- Arguments of the wrong type: refused in words ---------------------------------------------

ROW = {"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}
START = dt.date(2027, 1, 4)


@pytest.mark.parametrize(
    ("run", "code"),
    [
        (lambda: plan_regimen_taper([ROW], start_date=START, rule=["x"]), "taper.unknown_rule"),
        (lambda: plan_taper(start_mme_per_day=60, start_date=START, rule={}), "taper.unknown_rule"),
        (lambda: plan_regimen_taper([ROW], start_date=START, table=["x"]), "mme.unknown_table"),
        (lambda: calculate_mme([ROW], table={}), "mme.unknown_table"),
        (lambda: get_table(["cdc2022"]), "mme.unknown_table"),
        (lambda: factor_for("morphine", table=["cdc2022"]), "mme.unknown_table"),
        (lambda: plan_regimen_taper([ROW], start_date="2027-01-04"), "taper.start_date"),
        (lambda: plan_regimen_taper([ROW], start_date=None), "taper.start_date"),
        (lambda: plan_taper(start_mme_per_day=60, start_date="2027-01-04"), "taper.start_date"),
        (
            lambda: plan_taper(start_mme_per_day=60, start_date=dt.date(9999, 12, 1)),
            "taper.start_date",
        ),
        (lambda: plan_taper(start_mme_per_day=60, start_date=dt.date(1, 1, 1)), "taper.start_date"),
        (
            lambda: plan_taper(start_mme_per_day=60, start_date=START, max_steps="5"),
            "taper.invalid_max_steps",
        ),
        (
            lambda: plan_taper(start_mme_per_day=60, start_date=START, max_steps=5.5),
            "taper.invalid_max_steps",
        ),
        (
            lambda: plan_taper(start_mme_per_day=60, start_date=START, max_steps=True),
            "taper.invalid_max_steps",
        ),
        (lambda: methadone_factor(D("NaN"), table="cdc2016"), "mme.invalid_number"),
        (lambda: methadone_factor("thirty", table="cdc2016"), "mme.invalid_number"),
    ],
    ids=[
        "regimen-rule-list",
        "taper-rule-dict",
        "regimen-table-list",
        "mme-table-dict",
        "get-table-list",
        "factor-for-list",
        "regimen-date-str",
        "regimen-date-none",
        "taper-date-str",
        "taper-date-9999",
        "taper-date-1",
        "max-steps-str",
        "max-steps-float",
        "max-steps-bool",
        "methadone-nan",
        "methadone-text",
    ],
)
def test_regression_arguments_of_the_wrong_type_are_refused_in_words(run: Any, code: str) -> None:
    """Before: TypeError (unhashable list as a rule or table key; '<=' between int and str),
    AttributeError (a start date given as text), ValueError (year 10000 is out of range)
    and decimal.InvalidOperation (NaN compared with a tier): crashes, not refusals."""
    with pytest.raises(ClinicalInputError) as refused:
        run()
    assert refused.value.code == code and refused.value.message


def test_a_datetime_is_a_date_and_an_ordinary_plan_still_works() -> None:
    assert plan_regimen_taper([ROW], start_date=dt.datetime(2027, 1, 4, 9)).steps
    assert len(plan_taper(start_mme_per_day=60, start_date=START, max_steps=5).steps) == 6
    assert methadone_factor(D(30), table="cdc2016") == 8
    assert methadone_factor("30", table="cdc2016") == 8


# --- As-needed maxima never speed up the taper of the scheduled doses ---------------------------


def _scheduled(step: Any) -> Decimal:
    """MME/day of a step's scheduled (not as-needed) doses, from the cited factors."""
    return sum(
        (
            d.dose * (d.times_per_day or 1) * (CDC2022.get(d.drug) or PATCH)
            for d in step.doses
            if d.dose and not d.as_needed
        ),
        D(0),
    )


def test_regression_an_as_needed_maximum_never_speeds_up_the_scheduled_taper() -> None:
    """Hydromorphone ER 12 mg twice a day (120 MME/day) with hydromorphone 4 mg every 2 hours
    as needed (at most 12 a day, counted at 240 MME/day: clinical.md §1.8). Before: 10 % of
    the 360 MME/day counted was 36 MME/day a month, so the scheduled ER went 12 -> 9 -> 6 -> 3
    -> 0 mg twice a day, 25 % of what the patient takes on schedule each month (stopped in 4
    months), while the as-needed ceiling stayed. The sources count as-needed doses at their
    maximum for risk (§1.8) and say nothing about them in a taper, except to use scheduled, not
    p.r.n., doses (NOUGG 2010, CEP): the safer side is taken, each cut of a scheduled dose is at
    most the rule's rate of the scheduled MME/day (CDC 2022: about 10 % a month)."""
    meds = [
        {"drug": "hydromorphone ER", "dose": 12, "unit": "mg", "frequency": "bid"},
        {"drug": "hydromorphone", "dose": 4, "unit": "mg", "frequency": "q2h prn"},
    ]
    plan = plan_regimen_taper(meds, start_date=START)
    assert plan.steps[0].mme_per_day == 12 * 2 * 5 + 4 * 12 * 5
    scheduled_start = _scheduled(plan.steps[0])
    assert scheduled_start == 120
    for before, after in itertools.pairwise(plan.steps):
        assert _scheduled(before) - _scheduled(after) <= scheduled_start * D("0.10")
        assert before.mme_per_day - after.mme_per_day <= plan.steps[0].mme_per_day * D("0.10")
    # the as-needed doses go first (down to none in 7 months); the ER then loses 1.5 mg a
    # month (7.5 MME/day, 6.25 % of 120) down to 3 mg twice a day, where a 3 mg step is 12.5 %
    assert [_scheduled(s) for s in plan.steps[:8]] == [120] * 8
    assert all(d.dose == 0 for d in plan.steps[7].doses if d.as_needed)
    assert _scheduled(plan.steps[-1]) == 30 and not plan.complete
    (stop,) = [w for w in plan.warnings if w.code == "step_too_large"]
    assert "(12.5 % of the starting scheduled MME/day where the rule allows 10 %)" in stop.message


@pytest.mark.parametrize("basis", ["original", "current"])
def test_without_as_needed_rows_the_allowance_is_the_whole_regimens(basis: str) -> None:
    meds = [{"drug": "morphine ER", "dose": 60, "unit": "mg", "frequency": "bid"}]
    plan = plan_regimen_taper(meds, start_date=START, basis=basis)  # type: ignore[arg-type]
    # 120 -> 110 (60 + 50 mg, 10 mg: 10 % of the starting and of the current dose)
    assert plan.steps[1].mme_per_day == 110


# --- A benzodiazepine in tablets is a benzodiazepine, not an uncounted opioid ------------------


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "lorazepam", "dose": 1, "unit": "co", "frequency": "hs"},
        {"drug": "Ativan", "dose": 1, "unit": "tab", "frequency": "hs prn"},
        {"drug": "diazépam", "dose": 2, "unit": "comprimés", "frequency": "tid"},
        {"drug": "Rivotril", "dose": 1, "unit": "tablet", "times_per_day": 2},
    ],
    ids=["lorazepam-co", "ativan-tab", "diazepam-comprimes", "rivotril-tablet"],
)
def test_regression_a_benzodiazepine_in_tablets_is_flagged_not_an_uncounted_opioid(
    row: dict[str, Any],
) -> None:
    """Before: a benzodiazepine dosed in tablets was refused as "unit_tablet" (a dose in tablets
    needs its strength), the code of an opioid that could not be counted: the total was marked
    partial ("1 row(s) could not be counted"), and the taper plan said the benzodiazepine "is
    not part of this plan ... the MME/day shown covers the other opioids only" instead of CDC
    2022 Recommendation 11's advice (clinical.md §4): do not start one during the taper, taper
    it separately."""
    morphine = {"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}
    result = calculate_mme([morphine, row])
    assert result.total_mme_per_day == 60 * CDC2022["morphine"]
    assert [e.reason_code for e in result.excluded] == ["benzodiazepine"]
    assert not result.partial and result.computed
    codes = {g.code for g in result.guideposts}
    assert {"opioid-benzodiazepine", "naloxone-benzodiazepine"} <= codes
    plan = plan_regimen_taper([morphine, row], start_date=START)
    assert [w.code for w in plan.warnings if w.code in ("benzodiazepine", "not_tapered")] == [
        "benzodiazepine"
    ]


# --- Naloxone on the list is no uncounted opioid ------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "naloxone", "dose": 4, "unit": "mg", "formulation": "nasal spray"},
        {"drug": "naloxone nasal spray", "dose": 4, "unit": "mg", "frequency": "prn"},
        {"drug": "Narcan", "dose": 4, "unit": "mg", "frequency": "prn"},
        {"drug": "naloxone", "dose": "0,4", "unit": "mg", "formulation": "IM"},
        {"drug": "naltrexone", "dose": 1, "unit": "co", "frequency": "die"},
    ],
    ids=["naloxone-spray", "naloxone-name", "narcan", "naloxone-im-fr", "naltrexone-co"],
)
def test_regression_an_antagonist_alone_is_not_an_uncounted_opioid(row: dict[str, Any]) -> None:
    """Naloxone is offered to patients on opioids (CDC 2022 Recommendation 8, clinical.md §4),
    so it is often on the list. Before: "naloxone" alone was an unknown drug, the code of an
    opioid that could not be counted: the total was marked partial, the taper plan said it
    "is not part of this plan ... the MME/day shown covers the other opioids only", and a
    rapid rule below 50 MME/day was refused because "naloxone could not be counted"."""
    oxycodone = {"drug": "oxycodone", "dose": 5, "unit": "mg", "times_per_day": 4}
    result = calculate_mme([oxycodone, row])
    assert result.total_mme_per_day == 20 * CDC2022["oxycodone"]
    (excluded,) = result.excluded
    assert excluded.reason_code == "not_opioid"
    assert "opioid antagonist" in excluded.reason
    assert not result.partial and result.computed and not result.uncounted_opioids
    plan = plan_regimen_taper(
        [oxycodone, row], start_date=START, rule="cdc2022-acute", duration="short-term"
    )
    assert plan.refused is None
    assert not [w for w in plan.warnings if w.code == "not_tapered"]


def test_naloxone_alone_is_no_total_of_zero_and_an_antagonist_with_an_opioid_is_unchanged() -> None:
    alone = calculate_mme([{"drug": "naloxone", "dose": 4, "unit": "mg", "formulation": "nasal"}])
    assert not alone.rows and not alone.has_opioid
    # Targin (oxycodone with naloxone not absorbed by mouth) still counts its oxycodone
    (targin,) = calculate_mme(
        [{"drug": "oxycodone/naloxone", "dose": 10, "unit": "mg", "times_per_day": 2}]
    ).rows
    assert targin.mme_per_day == 20 * CDC2022["oxycodone"]
    # a word the reader does not know beside naloxone is still not guessed
    (unknown,) = calculate_mme([{"drug": "naloxone foo", "dose": 4, "unit": "mg"}]).excluded
    assert unknown.reason_code == "unknown_drug"


# --- "Tylenol-3": the numbered codeine product written with a hyphen ---------------------------


@pytest.mark.parametrize(
    ("name", "codeine_mg"),
    [("Tylenol-3", 30), ("TYLENOL - 4", 60), ("Tylenol-#3", 30), ("Tylenol 3s", 30)],
)
def test_regression_a_numbered_codeine_product_with_a_hyphen_is_read(
    name: str, codeine_mg: int
) -> None:
    """Before: "Tylenol-3" (as often written) was no opioid to the reader: its row was refused
    as tablets without a strength and, beside a benzodiazepine, the opioid-with-benzodiazepine
    and naloxone guideposts (CDC 2022 Recommendations 11 and 8, clinical.md §4) were missing.
    Tylenol No. 3 / No. 4: codeine 30 / 60 mg a tablet (product monographs)."""
    rows = [
        {"drug": name, "dose": 2, "unit": "tabs", "times_per_day": 4},
        {"drug": "lorazepam", "dose": 1, "unit": "mg", "frequency": "hs"},
    ]
    result = calculate_mme(rows)
    assert result.total_mme_per_day == 2 * 4 * codeine_mg * CDC2022["codeine"]
    codes = {g.code for g in result.guideposts}
    assert {"opioid-benzodiazepine", "naloxone-benzodiazepine"} <= codes


@pytest.mark.parametrize("name", ["Fiorinal C", "Fiorinal-C", "Tecnal C", "Trianal-C 3/4"])
def test_regression_fiorinal_c_without_its_fraction_is_an_opioid_all_the_same(name: str) -> None:
    """Fiorinal-C holds codeine (¼ or ½ grain a capsule); without the fraction no strength is
    guessed (second hunt), but before it was no opioid at all to the reader, so beside a
    benzodiazepine the co-prescribing and naloxone guideposts (CDC 2022 Rec 11 and 8) were
    missing and the row did not count as an opioid left out of the total."""
    rows = [
        {"drug": name, "dose": 1, "unit": "capsule", "frequency": "q4h prn"},
        {"drug": "lorazepam", "dose": 1, "unit": "mg", "frequency": "hs"},
    ]
    result = calculate_mme(rows)
    assert not result.rows and not result.computed
    assert [e.reason_code for e in result.uncounted_opioids] == ["combination_strength_unknown"]
    assert {"opioid-benzodiazepine", "naloxone-benzodiazepine"} <= {
        g.code for g in result.guideposts
    }
    plain = calculate_mme(
        [{"drug": "Fiorinal", "dose": 1, "unit": "capsule", "frequency": "q4h prn"}, rows[1]]
    )
    assert not plain.has_opioid  # butalbital, ASA and caffeine: no opioid


# --- A number of a million digits: refused at once, in a short sentence ------------------------


@pytest.mark.parametrize(
    "value",
    [
        10**1_000_000,
        -(10**1_000_000),
        "9" * 1_000_000,
        "0." + "0" * 1_000_000 + "1",
        D("9" * 1_000_000),
    ],
    ids=["int", "negative-int", "text", "tiny-text", "decimal"],
)
@pytest.mark.parametrize("field", ["dose", "times_per_day", "strengths"])
def test_regression_a_number_of_a_million_digits_is_refused_at_once(value: Any, field: str) -> None:
    """Before: an int of a million digits took 44 s to convert (Decimal(int) is quadratic),
    and the refusal quoted the number whole (a message of a megabyte)."""
    row: dict[str, Any] = {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}
    row[field] = [value] if field == "strengths" else value
    began = time.perf_counter()
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([row])
    assert time.perf_counter() - began < 5.0
    assert refused.value.code == "mme.invalid_number"
    assert len(refused.value.message) < 200
    with pytest.raises(ClinicalInputError) as taper_refused:
        plan_taper(start_mme_per_day=value, start_date=START)
    assert taper_refused.value.code == "taper.invalid" and len(taper_refused.value.message) < 200


def test_numbers_as_long_as_people_write_them_are_still_read() -> None:
    row = {"drug": "morphine", "dose": "7.500000", "unit": "mg", "times_per_day": 10**0 * 2}
    assert calculate_mme([row]).total_mme_per_day == 15


def test_regression_a_regimen_of_thousands_of_rows_is_refused_at_once() -> None:
    """Before: each interval looked at every row and each step was checked against the
    calculator over all of them: 300 rows took 2.6 s, and the time grew faster than the rows."""
    rows = [{"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}] * 5000
    began = time.perf_counter()
    with pytest.raises(ClinicalInputError) as refused:
        plan_regimen_taper(rows, start_date=START)
    assert time.perf_counter() - began < 5.0
    assert refused.value.code == "taper.too_many_medications"
    assert "at most 50" in refused.value.message
    plan = plan_regimen_taper(rows[:50], start_date=START)
    assert plan.steps[0].mme_per_day == 50 * 60 * CDC2022["morphine"]


@pytest.mark.parametrize(
    ("name", "opioid"),
    [
        ("Oxy IR", "oxycodone"),
        ("OxyIR", "oxycodone"),
        ("Oxy-IR", "oxycodone"),
        ("292", "codeine"),
        ("282", "codeine"),
        ("Hycodan", "hydrocodone"),
        ("MS-IR", "morphine"),
        ("Oxy Contin", "oxycodone"),
    ],
)
def test_regression_canadian_opioid_products_unread_are_opioids_all_the_same(
    name: str, opioid: str
) -> None:
    """Oxy IR (oxycodone IR tablets, product monograph), 282 and 292 (ASA, caffeine and codeine
    15 or 30 mg, prescribing information), Hycodan (hydrocodone), and brands of the CDC file
    written with other separators (MS-IR for MSIR, Oxy Contin): not counted (their rows are
    not read whole), but before they were no opioid at all, so beside a benzodiazepine the
    co-prescribing and naloxone guideposts (CDC 2022 Rec 11 and 8) were missing. The reason
    names the opioid, so the clinician can enter it."""
    rows = [
        {"drug": name, "dose": 1, "unit": "mg", "times_per_day": 4},
        {"drug": "lorazepam", "dose": 1, "unit": "mg", "frequency": "hs"},
    ]
    result = calculate_mme(rows)
    assert not result.rows and not result.computed
    (uncounted,) = result.uncounted_opioids
    assert uncounted.reason_code == "unknown_drug" and opioid in uncounted.reason
    assert {"opioid-benzodiazepine", "naloxone-benzodiazepine"} <= {
        g.code for g in result.guideposts
    }
