"""How a taper step shows each dose: tablets of a combination product (Tylenol No. 3: codeine
30 mg a tablet), millilitres of an oral liquid (morphine 2 mg/mL), an as-needed maximum, and the
rows a step reads back into for the MME calculator (the same factor as the start)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clinical.mme import calculate_mme
from clinical.regimen import plan_regimen_taper, steps_as_rows

START = date(2027, 1, 4)


def test_combination_tablets_are_shown_as_tablets_of_codeine() -> None:
    plan = plan_regimen_taper(
        [{"drug": "Tylenol #3", "dose": 2, "unit": "tablets", "times_per_day": 4}],
        start_date=START,
        rule="hhs2019",
        percent=20,  # one tablet less is 12.5 %: more than 10 % in one interval is never made
    )
    first = [d.to_dict() for d in plan.steps[0].doses]
    assert first == [
        {
            "drug": "codeine",
            "label": "codeine (Tylenol #3)",
            "product": "Tylenol #3",
            "formulation": "oral",
            "dose": 60,
            "unit": "mg",
            "times_per_day": 4,
            "as_needed": False,
            "mme_per_day": 36,
            "factor": 0.15,
            "row": 0,
            "tablets": 2,
        }
    ]
    second = plan.steps[1].doses
    assert [(d.dose, d.tablets, d.times_per_day) for d in second] == [(60, 2, 3), (30, 1, 1)]
    assert second[0].describe() == "codeine (Tylenol #3) 60 mg = 2 tablets 3 times a day"
    assert second[1].describe() == "codeine (Tylenol #3) 30 mg = 1 tablet once a day"
    assert steps_as_rows(plan.steps[1]) == [
        {"drug": "codeine", "dose": Decimal(60), "unit": "mg", "times_per_day": 3},
        {"drug": "codeine", "dose": Decimal(30), "unit": "mg", "times_per_day": 1},
    ]
    assert plan.steps[1].mme_per_day == Decimal("31.5")  # 150 mg x 0.15


def test_an_oral_liquid_is_shown_in_millilitres() -> None:
    plan = plan_regimen_taper(
        [{"drug": "morphine", "dose": 5, "unit": "mL", "concentration": 2, "times_per_day": 4}],
        start_date=START,
    )
    start = plan.steps[0].doses[0].to_dict()
    assert (start["dose"], start["unit"], start["volume_ml"], start["mme_per_day"]) == (
        10,
        "mg",
        5,
        40,
    )
    second = plan.steps[1].doses[0]
    assert (second.dose, second.volume_ml) == (9, Decimal("4.5"))
    assert second.to_dict()["volume_ml"] == 4.5
    assert second.describe() == "morphine 9 mg = 4.5 mL 4 times a day"
    assert plan.steps[1].mme_per_day == 36  # 10 % of 40, in 0.5 mL (1 mg) steps


def test_an_as_needed_row_is_shown_as_a_maximum() -> None:
    plan = plan_regimen_taper(
        [{"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2, "as_needed": True}],
        start_date=START,
    )
    dose = plan.steps[0].doses[0]
    assert dose.to_dict()["as_needed"] is True
    assert dose.describe() == "morphine 10 mg as needed, max 2 a day"


def test_a_stopped_drug_is_shown_as_stopped() -> None:
    plan = plan_regimen_taper(
        # 2 mg units: each step is 20 % of the start (a 5 mg step, 50 %, is never made)
        [{"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 1, "strengths": [2]}],
        start_date=START,
        rule="cdc2022-acute",
        duration="short-term",
    )
    last = plan.steps[-1].doses[0]
    assert last.describe() == "morphine: stopped"
    assert steps_as_rows(plan.steps[-1]) == []


def test_patch_rows_read_back_with_the_same_factor() -> None:
    for table, expected in (("cdc2022", 240), ("cdc-analytic", 240)):
        plan = plan_regimen_taper(
            [{"drug": "fentanyl", "dose": 100, "unit": "mcg/h", "formulation": "patch"}],
            start_date=START,
            table=table,
            rule="hhs2019",
            percent=20,  # 100 -> 87 (75 + 12) mcg/h is 13 %: within 20 %, never within 10 %
        )
        assert plan.steps[0].mme_per_day == expected
        rows = steps_as_rows(plan.steps[1])
        assert rows[0]["unit"] == "mcg/h" and "times_per_day" not in rows[0]
        assert calculate_mme(rows, table=table).total_mme_per_day == plan.steps[1].mme_per_day
        assert plan.steps[0].doses[0].to_dict()["mme_per_day"] == expected


def test_an_extended_release_line_keeps_its_formulation() -> None:
    plan = plan_regimen_taper(
        [
            {
                "drug": "hydromorphone",
                "formulation": "ER",
                "dose": "4.5",
                "unit": "mg",
                "times_per_day": 2,
            }
        ],
        start_date=START,
        rule="hhs2019",
        percent=20,  # 9 -> 7.5 mg/day is 16.7 %: within 20 %, never within 10 %
    )
    # hydromorphone ER strengths marketed in Canada: 3, 4.5, 6 ... mg; CDC 2022 factor 5
    assert [s.mme_per_day for s in plan.steps][:3] == [45, Decimal("37.5"), 30]
    dose = plan.steps[0].doses[0].to_dict()
    assert (dose["label"], dose["formulation"], dose["factor"]) == ("hydromorphone ER", "ER", 5)
    rows = steps_as_rows(plan.steps[1])
    assert rows == [
        {"drug": "hydromorphone", "dose": Decimal("4.5"), "unit": "mg", "times_per_day": 1},
        {"drug": "hydromorphone", "dose": Decimal(3), "unit": "mg", "times_per_day": 1},
    ]


def test_a_37_patch_start_is_one_patch() -> None:
    # 37 mcg/h is marketed in Canada; 25 + 12 has the same label total but is two patches
    plan = plan_regimen_taper(
        [{"drug": "fentanyl", "dose": 37, "unit": "mcg/h", "formulation": "patch"}],
        start_date=START,
    )
    first = plan.steps[0].doses[0].to_dict()
    assert first["patches"] == [37]
    assert first["mme_per_day"] == 88.8  # 37 x 2.4


def test_a_rate_no_patches_make_is_kept_as_worn_today() -> None:
    plan = plan_regimen_taper(
        [{"drug": "fentanyl", "dose": 30, "unit": "mcg/h", "formulation": "patch"}],
        start_date=START,
    )
    first = plan.steps[0].doses[0].to_dict()
    assert (first["dose"], first["patches"], first["mme_per_day"]) == (30, [30], 72)
    assert "strength_mismatch" in [w.code for w in plan.warnings]


def test_a_dose_the_strengths_cannot_make_names_them() -> None:
    plan = plan_regimen_taper(
        [{"drug": "oxycodone", "dose": 7, "unit": "mg", "times_per_day": 4, "strengths": [5, 10]}],
        start_date=START,
    )
    (w,) = [w for w in plan.warnings if w.code == "strength_mismatch"]
    assert w.message.startswith(
        "oxycodone: the current dose cannot be made of the strengths 5, 10;"
    )


def test_figures_are_shown_rounded_half_up() -> None:
    # 80 MME/day in 5 mg steps: each step is 6.25 % of the start, shown as 6.3 (half up)
    plan = plan_regimen_taper(
        [{"drug": "morphine", "dose": 40, "unit": "mg", "times_per_day": 2, "strengths": [5]}],
        start_date=START,
    ).to_dict()
    assert [s["reduction_percent_of_start"] for s in plan["steps"][:3]] == [0, 6.3, 6.3]
    assert [s["percent_of_start"] for s in plan["steps"][:4]] == [100, 93.8, 87.5, 81.3]
    # codeine 15 mg a day: 2.25 MME/day is shown to 2 decimals (CDC 2022 factor 0.15)
    codeine = plan_regimen_taper(
        [{"drug": "codeine", "dose": 15, "unit": "mg", "times_per_day": 1}], start_date=START
    ).to_dict()
    assert codeine["start_mme_per_day"] == 2.25
    assert codeine["steps"][0]["doses"][0]["mme_per_day"] == 2.25
    # 1.25 mL of a 4 mg/mL liquid is shown to 2 decimals
    liquid = plan_regimen_taper(
        [
            {
                "drug": "morphine",
                "dose": "1.25",
                "unit": "mL",
                "concentration": 4,
                "times_per_day": 1,
            }
        ],
        start_date=START,
    )
    assert liquid.steps[0].doses[0].to_dict()["volume_ml"] == 1.25
