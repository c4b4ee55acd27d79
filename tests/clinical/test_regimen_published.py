"""Regimen tapers as the API returns them: refusals and their codes (methadone, OUD treatment,
buprenorphine, a rapid rule for long-term use at 50 MME/day or more, inclusive: CDC 2022
Recommendation 5), warnings by code, error codes and fields, the JSON keys of a plan, a step
and a dose, and the strengths assumed when none are given (Health Canada marketed strengths,
written out here).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.mme import MedicationRow
from clinical.regimen import plan_regimen_taper

START = date(2027, 1, 4)
OXY_QID = {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}
#: A rule under which one 5 mg oxycodone tablet less (7.5 of 60 MME/day) fits one interval.
HHS20: dict[str, Any] = {"rule": "hhs2019", "percent": 20}

PLAN_KEYS = {
    "refused",
    "rule",
    "table",
    "duration",
    "basis",
    "percent",
    "interval",
    "start_date",
    "start_mme_per_day",
    "steps",
    "follow_ups",
    "complete",
    "warnings",
    "notes",
    "safety",
    "caveat",
}
STEP_KEYS = {
    "step",
    "date",
    "doses",
    "mme_per_day",
    "percent_of_start",
    "reduction_percent_of_start",
    "follow_up_by",
    "note",
    "warnings",
}
DOSE_KEYS = {
    "drug",
    "label",
    "product",
    "formulation",
    "dose",
    "unit",
    "times_per_day",
    "as_needed",
    "mme_per_day",
    "factor",
    "row",
}


def plan(meds: list[Any], **kwargs: Any) -> Any:
    return plan_regimen_taper(meds, start_date=START, **kwargs)


def refusal(meds: list[Any], **kwargs: Any) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as caught:
        plan(meds, **kwargs)
    return caught.value


def warning_codes(p: Any) -> list[str]:
    return [w.code for w in p.warnings]


# --- JSON ----------------------------------------------------------------------------------------


def test_plan_json_keys_and_values() -> None:
    # 20 % every four weeks (HHS 2019): one 5 mg tablet less (12.5 %) is within one interval's
    # allowance (under 10 % a month it is not, and the plan stops at the start).
    data = plan([OXY_QID], **HHS20).to_dict()
    assert set(data) == PLAN_KEYS
    assert data["refused"] is None
    assert data["rule"]["key"] == "hhs2019"
    assert (data["table"], data["duration"], data["basis"]) == ("cdc2022", "long-term", "original")
    assert (data["percent"], data["interval"]) == (20, "4-weeks")
    assert data["start_date"] == "2027-01-04"
    assert data["start_mme_per_day"] == 60
    assert data["complete"] is True
    assert data["safety"] and "naloxone" in " ".join(data["safety"])
    assert "risk assessment" in data["caveat"]
    first, second = data["steps"][0], data["steps"][1]
    assert set(first) == STEP_KEYS
    assert first["step"] == 0 and first["date"] == "2027-01-04"
    assert first["note"] == "today's regimen"
    assert (first["mme_per_day"], first["percent_of_start"]) == (60, 100)
    assert first["reduction_percent_of_start"] == 0
    (dose,) = first["doses"]
    assert set(dose) == DOSE_KEYS
    assert dose == {
        "drug": "oxycodone",
        "label": "oxycodone",
        "product": None,
        "formulation": "oral",
        "dose": 10,
        "unit": "mg",
        "times_per_day": 4,
        "as_needed": False,
        "mme_per_day": 60,
        "factor": 1.5,
        "row": 0,
    }
    # 10 mg x 3 + 5 mg x 1 (5 mg: the smallest oxycodone IR strength marketed in Canada)
    assert [(d["dose"], d["times_per_day"], d["mme_per_day"]) for d in second["doses"]] == [
        (10, 3, 45),
        (5, 1, 7.5),
    ]
    assert second["mme_per_day"] == 52.5
    assert second["percent_of_start"] == 87.5
    assert second["reduction_percent_of_start"] == 12.5
    assert (second["date"], second["follow_up_by"]) == ("2027-02-01", "2027-03-01")
    assert second["warnings"] == []
    assert data["steps"][-1]["doses"][0]["dose"] == 0
    assert data["steps"][-1]["doses"][0]["times_per_day"] == 0
    assert data["steps"][-1]["doses"][0]["mme_per_day"] == 0
    # monthly follow-ups until the last step (a 4-week plan ends between two of them)
    assert data["follow_ups"][-2] < data["steps"][-1]["date"] <= data["follow_ups"][-1]


def test_a_step_faster_than_the_rule_stops_the_plan_with_a_plan_level_warning() -> None:
    # Before: every 5 mg step (12.5 % of the start, over 10 %) was made after a hold and each
    # was flagged (steps 1 to 8). Now no such step is made: the plan stops at the start.
    data = plan([OXY_QID]).to_dict()
    assert len(data["steps"]) == 1 and data["complete"] is False
    (too_large,) = [w for w in data["warnings"] if w["code"] == "step_too_large"]
    assert "step" not in too_large and "steps" not in too_large
    assert too_large["message"].startswith("oxycodone: the next reduction, 40 -> 35 mg")
    assert "12.5 % of the starting MME/day where the rule allows 10 %" in too_large["message"]
    stop = "the plan stops here rather than cut faster"
    text = too_large["message"][: too_large["message"].index(stop) + len(stop)]
    assert data["steps"][0]["note"] == "today's regimen; " + text


def test_follow_ups_are_monthly_to_the_last_step() -> None:
    p = plan([{"drug": "morphine", "dose": 15, "unit": "mg", "times_per_day": 4, "strengths": [5]}])
    assert p.complete
    assert p.follow_ups[0] == date(2027, 2, 4)
    assert p.follow_ups[1] == date(2027, 3, 4)
    assert p.follow_ups[-1] == p.steps[-1].date
    assert len(p.follow_ups) == 12


def test_a_product_name_is_shown_with_the_drug() -> None:
    p = plan([{"drug": "OxyContin", "dose": 20, "unit": "mg", "times_per_day": 2}])
    dose = p.steps[0].doses[0].to_dict()
    assert dose["drug"] == "oxycodone"
    assert dose["product"] == "OxyContin"
    assert dose["label"] == "oxycodone (OxyContin)"


def test_patch_doses_list_their_patches() -> None:
    p = plan([{"drug": "fentanyl", "formulation": "patch", "dose": 75, "unit": "mcg/h"}], **HHS20)
    first = p.steps[0].doses[0].to_dict()
    assert first["unit"] == "mcg/h" and first["times_per_day"] is None
    assert first["patches"] == [75]
    assert first["mme_per_day"] == 180  # 75 x 2.4
    assert first["formulation"] == "patch"
    # the next rate down is made of marketed patches (12, 25, 37, 50, 75, 100 mcg/h)
    second = p.steps[1].doses[0].to_dict()
    assert sum(second["patches"]) == second["dose"]
    assert set(second["patches"]) <= {12, 25, 37, 50, 75, 100}
    assert second["dose"] < 75


def test_a_12_patch_delivers_12_5_so_two_12s_are_not_below_one_25() -> None:
    p = plan([{"drug": "fentanyl", "formulation": "patch", "dose": 25, "unit": "mcg/h"}])
    # 12 + 12 delivers 25: not a reduction, so the next one is 25 -> 12 (52 %), never made.
    assert [s.doses[0].dose for s in p.steps] == [25]
    (too_large,) = [w for w in p.warnings if w.code == "step_too_large"]
    assert "25 -> 12 mcg/h" in too_large.message and "24" not in too_large.message


# --- Assumed strengths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        ({"drug": "oxycodone", "formulation": "IR"}, "5, 10, 20 mg"),
        ({"drug": "oxycodone", "formulation": "CR"}, "10, 15, 20, 30, 40, 60, 80 mg"),
        ({"drug": "OxyContin"}, "10, 15, 20, 30, 40, 60, 80 mg"),
        ({"drug": "oxycodone"}, "5, 10, 15, 20, 30, 40, 60, 80 mg"),
        ({"drug": "hydromorphone", "formulation": "extended release"}, "3, 4.5, 6, 9, 12"),
        ({"drug": "morphine", "formulation": "immediate release"}, "5, 10, 25, 50 mg"),
        ({"drug": "morphine", "formulation": "extended-release"}, "10, 15, 30, 60, 100, 200 mg"),
        ({"drug": "morphine", "formulation": "ER IR"}, "5, 10, 15, 25, 30, 50, 60, 100, 200 mg"),
    ],
)
def test_assumed_strengths_are_the_marketed_ones(row: dict[str, Any], shown: str) -> None:
    meds = [{"dose": 20, "unit": "mg", "times_per_day": 2, **row}]
    p = plan(meds)
    notes = [n for n in p.notes if "no strengths given" in n]
    assert len(notes) == 1
    assert f"({shown}" in notes[0]


def test_assumed_patch_strengths_are_the_marketed_ones() -> None:
    p = plan([{"drug": "fentanyl", "formulation": "patch", "dose": 50, "unit": "mcg/h"}])
    notes = [n for n in p.notes if "no strengths given" in n]
    assert len(notes) == 1
    assert "(12, 25, 37, 50, 75, 100 mcg/h)" in notes[0]


def test_given_strengths_are_not_called_assumed() -> None:
    p = plan([{**OXY_QID, "strengths": [5, 10]}])
    assert not [n for n in p.notes if "no strengths given" in n]


def test_no_known_strength_steps_in_tenths_of_a_dose() -> None:
    p = plan(
        [{"drug": "levorphanol", "dose": 2, "unit": "mg", "times_per_day": 2}], table="cdc-analytic"
    )
    assert "strengths_unknown" in warning_codes(p)
    (w,) = [w for w in p.warnings if w.code == "strengths_unknown"]
    assert "0.2 mg" in w.message


def test_a_dose_the_strengths_cannot_make_is_warned() -> None:
    p = plan([{**OXY_QID, "dose": 7, "strengths": [5]}])
    assert "strength_mismatch" in warning_codes(p)


# --- Refusals ------------------------------------------------------------------------------------


def test_methadone_is_refused() -> None:
    data = plan([{"drug": "methadone", "dose": 10, "unit": "mg", "times_per_day": 3}]).to_dict()
    assert data["refused"]["code"] == "methadone"
    assert data["refused"]["message"].startswith("methadone gets no automatic taper plan")
    assert data["steps"] == [] and data["follow_ups"] == []
    assert data["notes"]  # the duration note travels with a refusal


def test_a_brand_of_methadone_is_named_with_the_drug() -> None:
    p = plan([{"drug": "Metadol", "dose": 10, "unit": "mg", "times_per_day": 3}])
    assert p.refused is not None and p.refused.code == "methadone"
    assert p.refused.message.startswith("Metadol (methadone) gets no automatic taper plan")


def test_oud_treatment_is_refused() -> None:
    p = plan([{**OXY_QID, "purpose": "oud"}])
    assert p.refused is not None and p.refused.code == "oud_treatment"


def test_sublingual_buprenorphine_is_read_as_oud_treatment() -> None:
    p = plan([{"drug": "buprenorphine", "dose": 8, "unit": "mg", "times_per_day": 1}])
    assert p.refused is not None and p.refused.code == "oud_treatment"
    assert p.refused.message.startswith("buprenorphine is most often")
    branded = plan([{"drug": "Suboxone", "dose": 8, "unit": "mg", "times_per_day": 1}])
    assert branded.refused is not None and branded.refused.code == "oud_treatment"
    assert branded.refused.message.startswith("Suboxone (buprenorphine) is most often")


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "buprenorphine", "dose": 5, "unit": "mcg/h", "formulation": "patch"},
        {"drug": "Butrans", "dose": 5, "unit": "mcg/h"},
        {"drug": "buprenorphine", "dose": 8, "unit": "mg", "times_per_day": 1, "purpose": "pain"},
    ],
)
def test_buprenorphine_for_pain_has_no_factor(row: dict[str, Any]) -> None:
    p = plan([row])
    assert p.refused is not None and p.refused.code == "buprenorphine"


@pytest.mark.parametrize(
    ("rule", "interval", "every"),
    [
        ("cdc2022-short-duration", None, "stepped every week,"),
        ("cdc2022-acute", None, "stepped every 2 days,"),
        ("cdc2022-acute-brief", None, "stepped every 2 days,"),
        ("nougg2010", "day", "stepped every day,"),
        ("nougg2010", "2-weeks", "stepped every 2 weeks,"),
        ("cdc2016", "week", "stepped every week,"),
    ],
)
def test_a_rapid_rule_for_long_term_use_at_50_is_refused(
    rule: str, interval: str | None, every: str
) -> None:
    at_50 = [{"drug": "morphine", "dose": 25, "unit": "mg", "times_per_day": 2}]
    p = plan(at_50, rule=rule, interval=interval, duration="long-term")
    assert p.refused is not None and p.refused.code == "rapid_rule_long_term"
    assert "at 50 MME/day" in p.refused.message
    assert every in p.refused.message


def test_a_rapid_rule_below_50_is_planned_with_a_warning() -> None:
    below = [{"drug": "morphine", "dose": "24.5", "unit": "mg", "times_per_day": 2}]
    p = plan(below, rule="cdc2022-short-duration")
    assert p.refused is None
    assert "rapid_rule" in warning_codes(p)
    (rapid,) = [w for w in p.warnings if w.code == "rapid_rule"]
    assert rapid.message.startswith("10 % of the original dose per week")
    short = plan(below, rule="cdc2022-short-duration", duration="short-term")
    assert "rapid_rule" not in warning_codes(short)
    assert plan(below).refused is None and "rapid_rule" not in warning_codes(plan(below))


def test_a_rapid_rule_for_short_term_use_is_planned() -> None:
    at_60 = [OXY_QID]
    p = plan(at_60, rule="cdc2022-acute", duration="short-term")
    assert p.refused is None
    assert p.interval.value == "2-days"
    assert p.duration == "short-term"
    assert not [n for n in p.notes if n.startswith("Duration of opioid use not stated")]


def test_cdc2016_long_term_steps_monthly_with_a_note() -> None:
    p = plan([OXY_QID], rule="cdc2016")
    assert p.interval.value == "month"
    assert any("steps monthly" in n for n in p.notes)
    weekly = plan([OXY_QID], rule="cdc2016", duration="short-term")
    assert weekly.interval.value == "week"


# --- Other drugs in the list ---------------------------------------------------------------------


def test_other_drugs_are_named_by_code() -> None:
    p = plan(
        [
            {**OXY_QID, "strengths": [5, 10]},
            {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 1},
            {"drug": "gabapentin", "dose": 300, "unit": "mg", "times_per_day": 3},
            {"drug": "acetaminophen", "dose": 500, "unit": "mg", "times_per_day": 4},
            {"drug": "tramadol", "dose": 50, "unit": "mg", "times_per_day": 4},
        ],
        table="cdc2016",
    )
    codes = warning_codes(p)
    assert codes[:3] == ["benzodiazepine", "gabapentinoid", "not_tapered"]
    # an unknown drug and tramadol (no CDC 2016 factor) keep their dose, each with a warning
    assert codes.count("not_tapered") == 2
    messages = {w.code: w.message for w in p.warnings}
    assert messages["gabapentinoid"].startswith("gabapentin is a gabapentinoid")
    assert next(w.message for w in p.warnings if w.code == "not_tapered").startswith(
        "acetaminophen is not part of this plan ("
    )
    assert any("sliding scale on the total methadone" in n for n in p.notes)  # CDC 2016 notes
    (benzo,) = [w for w in p.warnings if w.code == "benzodiazepine"]
    assert benzo.message.startswith("lorazepam ")
    assert benzo.to_dict() == {"code": "benzodiazepine", "message": benzo.message}


def test_two_drugs_change_one_at_a_time() -> None:
    two = plan([OXY_QID, {"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}])
    assert any(n.startswith("One drug changes at a time") for n in two.notes)
    one = plan([OXY_QID])
    assert not any(n.startswith("One drug changes at a time") for n in one.notes)


def test_an_incomplete_plan_says_so() -> None:
    geometric = plan([OXY_QID], basis="current")
    assert geometric.complete is False
    assert any(n.startswith("The steps shown stop before") for n in geometric.notes)
    complete = plan([OXY_QID], **HHS20)
    assert complete.complete
    assert not any(n.startswith("The steps shown stop before") for n in complete.notes)


def test_mme_calculator_warnings_travel_with_the_plan() -> None:
    p = plan([{"drug": "morphine", "dose": 100, "unit": "mg", "times_per_day": 12}])
    (w,) = [w for w in p.warnings if w.code == "implausible_dose"]
    assert "MME/day" in w.message


def test_rows_may_be_medication_rows() -> None:
    row = MedicationRow(drug="oxycodone", dose=Decimal(10), unit="mg", times_per_day=Decimal(4))
    assert plan([row]).to_dict() == plan([OXY_QID]).to_dict()


# --- Refusals of bad input: code and field -------------------------------------------------------


@pytest.mark.parametrize(
    ("meds", "kwargs", "code", "field"),
    [
        ([OXY_QID], {"rule": "fast"}, "taper.unknown_rule", "rule"),
        ([OXY_QID], {"percent": "ten"}, "taper.invalid", "percent"),
        ([OXY_QID], {"percent": 0}, "taper.not_positive", "percent"),
        ([OXY_QID], {"percent": 11}, "taper.too_fast", "percent"),
        ([OXY_QID], {"interval": "week"}, "taper.invalid_interval", "interval"),
        ([OXY_QID], {"basis": "remaining"}, "taper.invalid_basis", "basis"),
        ([OXY_QID], {"duration": "forever"}, "taper.invalid_duration", "duration"),
        ([OXY_QID], {"table": "who"}, "mme.unknown_table", None),
        ("oxycodone", {}, "taper.medications_not_list", "medications"),
        ([], {}, "taper.no_medications", "medications"),
        (
            [{"drug": "acetaminophen", "dose": 500, "unit": "mg", "times_per_day": 4}],
            {},
            "taper.nothing_to_taper",
            "medications",
        ),
        ([{**OXY_QID, "times_per_day": "2.5"}], {}, "taper.fractional_times", "medications"),
    ],
)
def test_bad_input(meds: Any, kwargs: dict[str, Any], code: str, field: str | None) -> None:
    error = refusal(meds, **kwargs)
    assert (error.code, error.field) == (code, field)
    assert isinstance(error.message, str) and len(error.message) > 20


def test_messages_name_the_choices() -> None:
    assert "cdc2022-long-term, cdc2022-short-duration" in refusal([OXY_QID], rule="x").message
    assert "original, current" in refusal([OXY_QID], basis="x").message
    assert "cdc2022-long-term (CDC 2022)" in refusal([OXY_QID], interval="week").message
    nothing = refusal(
        [
            {"drug": "acetaminophen", "dose": 500, "unit": "mg", "times_per_day": 4},
            {"drug": "ibuprofen", "dose": 400, "unit": "mg", "times_per_day": 3},
        ]
    )
    assert "(acetaminophen: " in nothing.message
    assert "never guessed).; ibuprofen: " in nothing.message
    assert "oxycodone: " in refusal([{**OXY_QID, "times_per_day": "2.5"}]).message


def test_a_start_date_too_far_is_refused() -> None:
    with pytest.raises(ClinicalInputError) as caught:
        plan_regimen_taper([OXY_QID], start_date=date(9990, 1, 1))
    assert (caught.value.code, caught.value.field) == ("taper.start_date", "start_date")
    assert "not 9990-01-01" in caught.value.message
    with pytest.raises(ClinicalInputError) as caught:
        plan_regimen_taper([OXY_QID], start_date=date(1800, 1, 1))
    assert caught.value.code == "taper.start_date"


def test_start_date_limits() -> None:
    # 241 months ahead must still be a date (year 9999 at most); years before 1900 are refused
    assert plan_regimen_taper([OXY_QID], start_date=date(9979, 11, 1)).refused is None
    with pytest.raises(ClinicalInputError):
        plan_regimen_taper([OXY_QID], start_date=date(9979, 12, 1))
    assert plan_regimen_taper([OXY_QID], start_date=date(1900, 6, 1)).refused is None


def test_an_empty_duration_is_not_stated() -> None:
    p = plan([OXY_QID], duration="")
    assert p.duration == "long-term"
    assert p.notes[0].startswith("Duration of opioid use not stated")


def test_a_changed_global_decimal_context_does_not_change_the_plan() -> None:
    from decimal import localcontext

    expected = plan([OXY_QID], basis="current").to_dict()
    with localcontext() as ctx:
        ctx.prec = 4
        assert plan([OXY_QID], basis="current").to_dict() == expected


def test_a_slower_percent_below_one_is_allowed() -> None:
    p = plan([OXY_QID], percent="0.5")
    assert p.percent == Decimal("0.5")
    assert p.refused is None
