"""Regimen taper plans: the cases a hub pharmacist checked (issue 11), and the CLI contract."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest

from clinical import calculate_mme
from clinical.cli import main
from clinical.regimen import plan_regimen_taper

START = dt.date(2027, 1, 4)


def plan(meds: list[dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    return plan_regimen_taper(meds, start_date=START, **kwargs).to_dict()


def daily(step: dict[str, Any], drug: str) -> Decimal:
    return sum(
        (
            Decimal(str(d["dose"])) * (d["times_per_day"] or 1)
            for d in step["doses"]
            if d["drug"] == drug
        ),
        Decimal(0),
    )


def test_oxycodone_120_in_10_mg_tablets_first_step_is_at_most_10_percent() -> None:
    p = plan(
        [{"drug": "oxycodone", "dose": 30, "unit": "mg", "times_per_day": 4, "strengths": [10]}]
    )
    first = p["steps"][1]
    assert daily(first, "oxycodone") >= 108  # 120 -> 110 (uneven split), never 100
    assert daily(first, "oxycodone") == 110
    assert {d["dose"] for d in first["doses"]} == {30, 20}
    assert (dt.date.fromisoformat(first["date"]) - START).days >= 28
    assert p["complete"] and p["steps"][-1]["mme_per_day"] == 0


def test_fentanyl_50_with_25_patches_stops_at_once_rather_than_halve_the_dose() -> None:
    # 50 -> 25 mcg/h cuts 60 of 120 MME/day (50 %) where the rule allows 10 % an interval:
    # waiting does not make that step slower, so it is never made (before: held 5 months, then
    # halved). The plan stops at the start, incomplete, asking for a smaller strength.
    p = plan([{"drug": "fentanyl", "dose": 50, "unit": "mcg/h", "strengths": [25]}])
    assert [s["doses"][0]["dose"] for s in p["steps"]] == [50]
    assert not p["complete"]
    (too_large,) = [w for w in p["warnings"] if w["code"] == "step_too_large"]
    assert too_large.get("step") is None
    assert "50 -> 25 mcg/h" in too_large["message"] and "12 mcg/h" in too_large["message"]
    assert "50 % of the starting MME/day where the rule allows 10 %" in too_large["message"]
    assert "the plan stops here rather than cut faster" in p["steps"][-1]["note"]
    assert "25 mcg/h" in p["steps"][-1]["note"]


def test_a_step_larger_than_the_rule_is_never_made() -> None:
    # Tylenol No. 3, 2 tablets 4 times a day: one tablet less is 12.5 % of the start, more
    # than 10 % a month (before: made every two months): the plan stops at the start.
    p = plan([{"drug": "T3", "dose": 2, "unit": "tablet", "times_per_day": 4}])
    assert len(p["steps"]) == 1 and not p["complete"]
    assert "12.5 % of the starting MME/day where the rule allows 10 %" in p["steps"][0]["note"]
    # Under 20 % every four weeks (HHS 2019) the tablet comes off in the first interval.
    p = plan(
        [{"drug": "T3", "dose": 2, "unit": "tablet", "times_per_day": 4}],
        rule="hhs2019",
        percent=20,
    )
    dates = [dt.date.fromisoformat(s["date"]) for s in p["steps"]]
    assert all((b - a).days >= 28 for a, b in itertools.pairwise(dates))
    first = p["steps"][1]["doses"]
    assert {(d["dose"], d["tablets"], d["times_per_day"]) for d in first} == {
        (60, 2, 3),
        (30, 1, 1),
    }


def test_fentanyl_patches_of_several_strengths_are_combined() -> None:
    p = plan(
        [{"drug": "fentanyl", "dose": 75, "unit": "mcg/h", "strengths": [12, 25, 50]}],
        rule="hhs2019",
        percent=20,
    )
    second = p["steps"][1]["doses"][0]
    assert second["dose"] == 62 and sorted(second["patches"]) == [12, 50]


def test_a_regimen_counts_each_drug_with_its_own_factor() -> None:
    p = plan(
        [
            {"drug": "oxycodone", "dose": 30, "unit": "mg", "times_per_day": 1, "strengths": [5]},
            {"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "strengths": [12, 25]},
        ]
    )
    assert p["steps"][0]["mme_per_day"] == 105
    stopped = next(s for s in p["steps"] if daily(s, "oxycodone") == 0)
    assert stopped["mme_per_day"] == 60  # the patch is still there: never 0
    assert all(len({d["drug"] for d in s["doses"]}) == 2 for s in p["steps"])


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({"drug": "methadone", "dose": 40, "unit": "mg", "times_per_day": 1}, "methadone"),
        ({"drug": "Metadol", "dose": 10, "unit": "mg", "times_per_day": 2}, "methadone"),
        (
            {
                "drug": "buprenorphine",
                "dose": 8,
                "unit": "mg",
                "times_per_day": 1,
                "formulation": "sublingual",
            },
            "oud_treatment",
        ),
        ({"drug": "Suboxone", "dose": 16, "unit": "mg", "times_per_day": 1}, "oud_treatment"),
        (
            {"drug": "morphine", "dose": 60, "unit": "mg", "times_per_day": 1, "purpose": "oud"},
            "oud_treatment",
        ),
    ],
)
def test_methadone_and_oud_treatment_are_refused(row: dict[str, Any], code: str) -> None:
    p = plan([row, {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2}])
    assert p["refused"]["code"] == code
    assert p["steps"] == []
    assert p["refused"]["message"]


def test_buprenorphine_for_pain_is_kept_and_said_not_tapered() -> None:
    p = plan(
        [
            {"drug": "Butrans", "dose": 10, "unit": "mcg/h", "purpose": "pain"},
            {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2},
        ]
    )
    assert p["refused"] is None
    assert any(w["code"] == "not_tapered" for w in p["warnings"])


def test_the_acute_rule_takes_200_mme_of_long_term_use_nowhere() -> None:
    rows = [{"drug": "morphine", "dose": 100, "unit": "mg", "times_per_day": 2}]
    assert plan(rows, rule="cdc2022-acute")["refused"]["code"] == "rapid_rule_long_term"
    assert plan(rows, rule="nougg2010")["refused"]["code"] == "rapid_rule_long_term"
    short = plan(rows, rule="cdc2022-acute", duration="short-term")
    assert short["refused"] is None and short["steps"][-1]["mme_per_day"] == 0


def test_benzodiazepines_and_gabapentinoids_are_flagged() -> None:
    p = plan(
        [
            {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2},
            {"drug": "clonazepam", "dose": 0.5, "unit": "mg", "times_per_day": 2},
            {"drug": "pregabalin", "dose": 75, "unit": "mg", "times_per_day": 2},
        ]
    )
    codes = {w["code"] for w in p["warnings"]}
    assert {"benzodiazepine", "gabapentinoid"} <= codes


@pytest.mark.parametrize(
    ("drug", "generic", "mg"),
    [
        ("Tylenol No. 3", "codeine", 30),
        ("T3", "codeine", 30),
        ("Percocet", "oxycodone", 5),
        ("Tramacet", "tramadol", Decimal("37.5")),
        ("Tylenol #2", "codeine", 15),
    ],
)
def test_combination_tablets_are_read_as_their_opioid_component(
    drug: str, generic: str, mg: Decimal
) -> None:
    result = calculate_mme([{"drug": drug, "dose": 2, "unit": "tablet", "times_per_day": 3}])
    (row,) = result.rows
    assert row.drug == generic
    assert row.daily_dose == mg * 6
    assert "Confirm" in " ".join(row.notes)


def test_a_combination_in_mg_is_not_computed_rather_than_zero() -> None:
    result = calculate_mme([{"drug": "Percocet", "dose": 5, "unit": "mg", "times_per_day": 4}])
    assert result.to_dict()["total_computed"] is False
    mixed = calculate_mme(
        [
            {"drug": "Percocet", "dose": 5, "unit": "mg", "times_per_day": 4},
            {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2},
        ]
    )
    assert mixed.to_dict()["total_partial"] is True


@pytest.mark.parametrize(
    ("brand", "generic"),
    [
        ("OxyNeo", "oxycodone"),
        ("Hydromorph Contin", "hydromorphone"),
        ("M-Eslon", "morphine"),
        ("Statex", "morphine"),
        ("Tridural", "tramadol"),
        ("Zytram XL", "tramadol"),
        ("Durela", "tramadol"),
        ("Ralivia", "tramadol"),
        ("Codeine Contin", "codeine"),
        ("Targin", "oxycodone"),
    ],
)
def test_canadian_brands_are_recognised(brand: str, generic: str) -> None:
    (row,) = calculate_mme([{"drug": brand, "dose": 10, "unit": "mg", "times_per_day": 2}]).rows
    assert row.drug == generic


def test_oral_liquid_and_as_needed_maximum() -> None:
    result = calculate_mme(
        [
            {
                "drug": "morphine",
                "formulation": "oral solution",
                "dose": 5,
                "unit": "mL",
                "concentration": 2,
                "frequency": "max 4 a day",
            },
        ]
    )
    (row,) = result.rows
    assert row.daily_dose == 40 and row.as_needed


def test_implausible_doses_get_a_soft_warning() -> None:
    result = calculate_mme(
        [{"drug": "hydromorphone", "dose": 100, "unit": "mg", "times_per_day": 24}]
    )
    codes = {c for c, _ in result.warnings}
    assert codes == {"implausible_frequency", "implausible_dose"}
    assert result.rows  # still counted


def test_cdc2016_tramadol_and_tapentadol_and_high_methadone() -> None:
    result = calculate_mme(
        [
            {"drug": "tramadol", "dose": 50, "unit": "mg", "times_per_day": 2},
            {"drug": "tapentadol", "dose": 50, "unit": "mg", "times_per_day": 2},
            {"drug": "methadone", "dose": 50, "unit": "mg", "times_per_day": 2},
        ],
        table="cdc2016",
    )
    assert [e.reason_code for e in result.excluded] == ["no_factor"]
    tapentadol = next(r for r in result.rows if r.drug == "tapentadol")
    assert any("Tapentadol" in n for n in tapentadol.notes)
    methadone = next(r for r in result.rows if r.drug == "methadone")
    assert any("above the table" in n for n in methadone.notes)


def run(payload: Any, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    code = main(["taper", *args], stdin=io.StringIO(text), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_contract() -> None:
    code, out, err = run(
        {
            "medications": [
                {
                    "drug": "oxycodone",
                    "dose": 20,
                    "unit": "mg",
                    "times_per_day": 2,
                    "strengths": [5, 10, 20],
                }
            ],
            "start_date": "2027-01-04",
        },
        "--json",
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["refused"] is None
    assert data["rule"]["key"] == "cdc2022-long-term"
    step0 = data["steps"][0]
    assert step0["step"] == 0 and step0["date"] == "2027-01-04" and step0["mme_per_day"] == 60
    assert set(step0["doses"][0]) >= {"drug", "formulation", "dose", "unit", "times_per_day"}
    assert isinstance(data["warnings"], list) and all(isinstance(n, str) for n in data["notes"])


def test_cli_refusal_exits_0_and_bad_input_exits_2_with_one_line() -> None:
    code, out, _ = run(
        {
            "medications": [{"drug": "methadone", "dose": 30, "unit": "mg", "times_per_day": 1}],
            "start_date": "2027-01-04",
        },
        "--json",
    )
    assert code == 0 and json.loads(out)["refused"]["code"] == "methadone"
    for bad in (
        "not json",
        "[]",
        '{"medications": []}',
        '{"medications": [{"drug": "x"}], "start_date": "2027-01-04"}',
        '{"medications": [], "start_date": "2027-02-30"}',
    ):
        code, out, err = run(bad, "--json")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("echohub taper: ")


def test_cdc2016_steps_monthly_for_long_term_use_and_weekly_is_refused_at_50_mme() -> None:
    rows = [{"drug": "morphine", "dose": 60, "unit": "mg", "times_per_day": 2}]
    monthly = plan(rows, rule="cdc2016")
    assert monthly["interval"] == "month" and monthly["refused"] is None
    weekly = plan(rows, rule="cdc2016", interval="week")
    assert weekly["refused"]["code"] == "rapid_rule_long_term"
    short = plan(rows, rule="cdc2016", interval="week", duration="short-term")
    assert short["refused"] is None and short["interval"] == "week"


@pytest.mark.parametrize("drug", ["Butrans", "Belbuca"])
def test_buprenorphine_for_pain_alone_is_refused_in_words_not_an_error(drug: str) -> None:
    unit = "mcg/h" if drug == "Butrans" else "mcg"
    p = plan(
        [
            {"drug": drug, "dose": 10, "unit": unit, "times_per_day": 2}
            if unit == "mcg"
            else {"drug": drug, "dose": 10, "unit": unit}
        ]
    )
    assert p["refused"]["code"] == "buprenorphine"
    assert "no MME conversion factor" in p["refused"]["message"]


def test_two_rows_of_the_same_drug_are_told_apart() -> None:
    p = plan(
        [
            {
                "drug": "oxycodone",
                "formulation": "CR",
                "dose": 40,
                "unit": "mg",
                "times_per_day": 2,
            },
            {
                "drug": "oxycodone",
                "formulation": "IR",
                "dose": 5,
                "unit": "mg",
                "frequency": "q4h prn",
            },
        ]
    )
    labels = {d["label"] for s in p["steps"] for d in s["doses"]}
    assert labels == {"oxycodone CR", "oxycodone IR"}
    assert any(
        d["label"] == "oxycodone IR" and d["dose"] == 0 for s in p["steps"] for d in s["doses"]
    )


def test_an_oral_liquid_is_planned_in_ml_without_a_false_mismatch() -> None:
    p = plan(
        [
            {
                "drug": "morphine",
                "formulation": "oral solution",
                "dose": 5,
                "unit": "mL",
                "concentration": 1,
                "frequency": "q4h prn",
            }
        ]
    )
    assert not [w for w in p["warnings"] if w["code"] == "strength_mismatch"]
    dose = p["steps"][1]["doses"][0]
    assert dose["unit"] == "mg" and dose["volume_ml"] == dose["dose"]


def test_a_far_start_date_is_bad_input_not_a_crash() -> None:
    code, _out, err = run(
        {
            "medications": [{"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}],
            "start_date": "9999-12-01",
        },
        "--json",
    )
    assert code == 2 and "start_date" in err


def test_37_mcg_patches_deliver_37_5_so_two_are_never_a_cut_from_75() -> None:
    p = plan([{"drug": "fentanyl", "dose": 75, "unit": "mcg/h", "strengths": [12, 25, 37, 50]}])
    for before, after in itertools.pairwise(p["steps"]):
        delivered = {12: 12.5, 37: 37.5}
        was = sum(delivered.get(x, x) for x in before["doses"][0].get("patches") or [75])
        now = sum(delivered.get(x, x) for x in after["doses"][0].get("patches") or [0])
        assert now < was  # every step really lowers what the skin receives


def test_a_single_small_strength_makes_a_ladder_not_a_jump() -> None:
    p = plan(
        [{"drug": "morphine", "dose": 100, "unit": "mg", "times_per_day": 1, "strengths": [1]}]
    )
    first = p["steps"][1]["doses"][0]
    assert first["dose"] == 90 and not p["steps"][1]["warnings"]


def test_an_unknown_strength_is_not_called_a_marketed_one() -> None:
    p = plan(
        [{"drug": "levorphanol", "dose": 2, "unit": "mg", "times_per_day": 3}], table="cdc-analytic"
    )
    assert any(w["code"] == "strengths_unknown" for w in p["warnings"])
    assert not any("marketed in Canada" in n for n in p["notes"])
