"""The regimen schedule against clinical.md §2.2 (the rule's floor per interval: linear 90, 81,
72 ...; geometric 72.9 at step 2; the CDC 2022 short-duration rule 27 then 24.3, 21.87,
19.683) and §2.1 (the largest cut per interval: 10 % of the original dose, or of the current
dose, or of the original dose until ~30 % remains and then of the remaining dose), and what a
step says when a drug stops or when the strengths force a bigger cut than the rule.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from clinical.regimen import allowed_cut, plan_regimen_taper, schedule_floor

START = date(2027, 1, 4)
TENTH = Decimal("0.1")
SWITCH = Decimal("0.30")


def floors(basis: str, ticks: int, switch_at: Decimal | None = None) -> list[Decimal]:
    return [
        schedule_floor(start=Decimal(90), rate=TENTH, basis=basis, switch_at=switch_at, ticks=k)  # type: ignore[arg-type]
        for k in range(ticks + 1)
    ]


def test_linear_floor_matches_section_2_2() -> None:
    assert floors("original", 10) == [90, 81, 72, 63, 54, 45, 36, 27, 18, 9, 0]
    assert (
        schedule_floor(start=Decimal(90), rate=TENTH, basis="original", switch_at=None, ticks=12)
        == 0
    )


def test_geometric_floor_matches_section_2_2() -> None:
    got = floors("current", 10)
    assert got[:3] == [90, 81, Decimal("72.9")]
    assert [round(v, 1) for v in got[3:]] == [
        Decimal(v) for v in ("65.6", "59.0", "53.1", "47.8", "43.0", "38.7", "34.9", "31.4")
    ]


def test_short_duration_floor_matches_section_2_2() -> None:
    got = floors("original-then-remaining", 10, SWITCH)
    assert got[:8] == [90, 81, 72, 63, 54, 45, 36, 27]
    assert got[8:] == [Decimal("24.3"), Decimal("21.87"), Decimal("19.683")]


@pytest.mark.parametrize(
    ("basis", "previous", "expected"),
    [
        ("original", 50, 9),
        ("current", 50, 5),
        ("original-then-remaining", 50, 9),
        ("original-then-remaining", "27.01", 9),
        ("original-then-remaining", 27, "2.7"),
        ("original-then-remaining", 20, 2),
    ],
)
def test_largest_cut_per_interval(basis: str, previous: Any, expected: Any) -> None:
    cut = allowed_cut(
        start=Decimal(90),
        previous=Decimal(str(previous)),
        rate=TENTH,
        basis=basis,  # type: ignore[arg-type]
        switch_at=SWITCH if basis == "original-then-remaining" else None,
    )
    assert cut == Decimal(str(expected))


def test_two_drugs_every_two_days_never_faster_than_20_percent() -> None:
    # CDC 2022 acute rule: about 20 % every 2 days; 50 MME/day -> at most 10 MME/day per step
    plan = plan_regimen_taper(
        [
            {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2, "strengths": [5]},
            {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2, "strengths": [5]},
        ],
        start_date=START,
        rule="cdc2022-acute",
        duration="short-term",
    )
    mme = [s.mme_per_day for s in plan.steps]
    assert mme == [50, 40, 30, Decimal("22.5"), 15, Decimal("7.5"), 0]
    assert all(a - b <= 10 for a, b in itertools.pairwise(mme))
    assert [s.date for s in plan.steps] == [START + timedelta(days=2 * k) for k in range(7)]
    assert [s.follow_up_by for s in plan.steps] == [
        START + timedelta(days=2 * k + 2) for k in range(7)
    ]
    notes = [s.note for s in plan.steps]
    assert notes == [
        "today's regimen",
        None,
        "morphine stopped",
        None,
        None,
        None,
        "all opioids in the plan stopped",
    ]
    assert [s.reduction_percent_of_start for s in plan.steps] == [0, 20, 20, 15, 15, 15, 15]
    assert [s.percent_of_start for s in plan.steps][:3] == [100, 80, 60]
    assert plan.complete
    last = plan.steps[-1].to_dict()
    assert [(d["drug"], d["dose"], d["times_per_day"]) for d in last["doses"]] == [
        ("oxycodone", 0, 0),
        ("morphine", 0, 0),
    ]
    assert plan.warnings == ()


def test_a_cut_the_strengths_force_is_explained_with_its_numbers() -> None:
    # oxycodone 10 mg QID (60 MME) with 5 mg the smallest: each 5 mg step is 7.5 MME = 12.5 %
    # of the start, more than 10 %: never made (before: made after 2 intervals, flagged); the
    # plan stops at the start; 4 mg (6 MME) would fit the rule.
    plan = plan_regimen_taper(
        [{"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}], start_date=START
    )
    assert len(plan.steps) == 1 and plan.complete is False
    (w,) = plan.warnings
    assert w.code == "step_too_large" and w.step is None
    assert w.message.startswith("oxycodone: the next reduction, 40 -> 35 mg")
    assert "12.5 % of the starting MME/day where the rule allows 10 %" in w.message
    assert "a smaller strength (or another formulation) is needed to continue" in w.message
    assert "A strength of 4 mg or less" in w.message
    assert "the plan stops here rather than cut faster" in (plan.steps[0].note or "")


def test_a_patch_that_cannot_step_within_the_rule_stops_the_plan() -> None:
    plan = plan_regimen_taper(
        [
            {
                "drug": "fentanyl",
                "dose": 25,
                "unit": "mcg/h",
                "formulation": "patch",
                "strengths": [25],
            }
        ],
        start_date=START,
    )
    assert len(plan.steps) == 1
    assert plan.complete is False
    (w,) = plan.warnings
    assert (w.code, w.step) == ("step_too_large", None)
    assert w.message.startswith("fentanyl patch: the next reduction, 25 -> 0 mcg/h")
    assert w.to_dict() == {"code": "step_too_large", "message": w.message}


def test_patch_steps_that_are_too_large_name_the_12_patch() -> None:
    plan = plan_regimen_taper(
        [
            {
                "drug": "fentanyl",
                "dose": 50,
                "unit": "mcg/h",
                "formulation": "patch",
                "strengths": [25],
            }
        ],
        start_date=START,
    )
    (too_large,) = [w for w in plan.warnings if w.code == "step_too_large"]
    assert [s.doses[0].dose for s in plan.steps] == [50]  # 50 -> 25 is never made
    assert "A 12 mcg/h patch" in too_large.message
    assert "(50 % of the starting MME/day where the rule allows 10 %)" in too_large.message


def test_a_geometric_plan_stops_after_12_changes() -> None:
    plan = plan_regimen_taper(
        [
            {
                "drug": "morphine",
                "dose": 100,
                "unit": "mg",
                "times_per_day": 1,
                "strengths": [1, 10, 50],
            }
        ],
        start_date=START,
        basis="current",
    )
    assert len(plan.steps) == 13
    assert plan.complete is False
    # 10 % of the current dose each month, rounded up to a whole mg (the slower side)
    assert [s.mme_per_day for s in plan.steps] == [
        100,
        90,
        81,
        73,
        66,
        60,
        54,
        49,
        45,
        41,
        37,
        34,
        31,
    ]
    assert any(n.startswith("The steps shown stop before") for n in plan.notes)


def describe(plan: Any) -> list[tuple[Decimal, str]]:
    return [(s.mme_per_day, "; ".join(d.describe() for d in s.doses)) for s in plan.steps]


def test_morphine_er_twice_daily_10_percent_a_month() -> None:
    # 120 MME/day, at most 12 MME/day less a month; ER strengths 10, 15, 30, 60 ... mg
    plan = plan_regimen_taper(
        [{"drug": "morphine", "formulation": "ER", "dose": 60, "unit": "mg", "times_per_day": 2}],
        start_date=START,
    )
    assert describe(plan) == [
        (120, "morphine ER 60 mg 2 times a day"),
        (110, "morphine ER 55 mg 2 times a day"),
        (100, "morphine ER 50 mg 2 times a day"),
        (90, "morphine ER 45 mg 2 times a day"),
        (80, "morphine ER 40 mg 2 times a day"),
        (70, "morphine ER 35 mg 2 times a day"),
        (60, "morphine ER 30 mg 2 times a day"),
        (50, "morphine ER 25 mg 2 times a day"),
        (40, "morphine ER 20 mg 2 times a day"),
        (30, "morphine ER 15 mg 2 times a day"),
        (20, "morphine ER 10 mg 2 times a day"),
        (10, "morphine ER 10 mg once a day"),
        (0, "morphine ER: stopped"),
    ]
    assert plan.warnings == () and plan.complete


def test_oxycodone_three_times_daily_hhs_20_percent_every_four_weeks() -> None:
    # 67.5 MME/day; HHS 2019 allows up to 20 % (13.5 MME/day) every four weeks
    plan = plan_regimen_taper(
        [{"drug": "oxycodone", "dose": 15, "unit": "mg", "times_per_day": 3, "strengths": [5, 10]}],
        start_date=START,
        rule="hhs2019",
        percent=20,
    )
    assert describe(plan) == [
        (Decimal("67.5"), "oxycodone 15 mg 3 times a day"),
        (60, "oxycodone 15 mg 2 times a day; oxycodone 10 mg once a day"),
        (Decimal("52.5"), "oxycodone 15 mg once a day; oxycodone 10 mg 2 times a day"),
        (45, "oxycodone 10 mg 3 times a day"),
        (Decimal("37.5"), "oxycodone 10 mg 2 times a day; oxycodone 5 mg once a day"),
        (30, "oxycodone 10 mg once a day; oxycodone 5 mg 2 times a day"),
        (Decimal("22.5"), "oxycodone 5 mg 3 times a day"),
        (15, "oxycodone 5 mg 2 times a day"),
        (Decimal("7.5"), "oxycodone 5 mg once a day"),
        (0, "oxycodone: stopped"),
    ]
    assert [s.date for s in plan.steps] == [START + timedelta(days=28 * k) for k in range(10)]


def test_fentanyl_100_with_12_25_50_patches() -> None:
    # 240 MME/day; 10 % a month is 24 MME/day (10 mcg/h): each patch step (12.5 mcg/h
    # delivered) is larger, so none is made (before: each waited two months, flagged)
    rows = [
        {
            "drug": "fentanyl",
            "formulation": "patch",
            "dose": 100,
            "unit": "mcg/h",
            "strengths": [12, 25, 50],
        }
    ]
    plan = plan_regimen_taper(rows, start_date=START)
    assert describe(plan) == [(240, "fentanyl patch 100 mcg/h (50 + 50)")]
    assert plan.complete is False
    (w,) = plan.warnings
    assert w.step is None and "100 -> 87 mcg/h" in w.message
    assert "No patch is small enough" in w.message  # 12 is the smallest
    # 20 % every four weeks (HHS 2019) allows 48 MME/day an interval: every patch step fits.
    plan = plan_regimen_taper(rows, start_date=START, rule="hhs2019", percent=20)
    assert describe(plan) == [
        (240, "fentanyl patch 100 mcg/h (50 + 50)"),
        (Decimal("208.8"), "fentanyl patch 87 mcg/h (50 + 25 + 12)"),
        (180, "fentanyl patch 75 mcg/h (50 + 25)"),
        (Decimal("148.8"), "fentanyl patch 62 mcg/h (50 + 12)"),
        (120, "fentanyl patch 50 mcg/h"),
        (Decimal("88.8"), "fentanyl patch 37 mcg/h (25 + 12)"),
        (60, "fentanyl patch 25 mcg/h"),
        (Decimal("28.8"), "fentanyl patch 12 mcg/h"),
        (0, "fentanyl patch: stopped"),
    ]
    assert [s.date for s in plan.steps][:3] == [START, date(2027, 2, 1), date(2027, 3, 1)]
    assert plan.complete is True and plan.warnings == ()


def test_a_linear_plan_is_not_cut_short_after_12_changes() -> None:
    # HHS 2019 at its slowest (5 % every four weeks): 100 mg morphine in 5 mg steps, 20 changes
    plan = plan_regimen_taper(
        [
            {
                "drug": "morphine",
                "dose": 100,
                "unit": "mg",
                "times_per_day": 1,
                "strengths": [5, 10, 50],
            }
        ],
        start_date=START,
        rule="hhs2019",
        percent=5,
    )
    assert [s.mme_per_day for s in plan.steps] == list(range(100, -1, -5))
    assert plan.complete
    assert plan.steps[-1].date == START + timedelta(days=28 * 20)


def test_as_needed_doses_are_reduced_before_scheduled_ones() -> None:
    # the same drug twice, scheduled and as needed: each cut of 5 mg goes to the PRN row first
    plan = plan_regimen_taper(
        [
            {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2, "strengths": [5]},
            {
                "drug": "morphine",
                "dose": 10,
                "unit": "mg",
                "times_per_day": 2,
                "as_needed": True,
                "strengths": [5],
            },
        ],
        start_date=START,
        rule="cdc2022-acute",
        duration="short-term",
    )
    prn = [sum(d.dose * d.times_per_day for d in s.doses if d.as_needed) for s in plan.steps]
    scheduled = [
        sum(d.dose * d.times_per_day for d in s.doses if not d.as_needed) for s in plan.steps
    ]
    assert prn == [20, 15, 10, 5, 0]
    # The as-needed maximum counted (20 of the 40 MME/day) does not widen the scheduled row's
    # cuts: each is at most the rule's rate (20 %) of the scheduled 20 MME/day, 4 mg, which
    # 5 mg tablets cannot make: the plan stops, asking for a smaller strength (the safer
    # side; before, the scheduled row went 20 -> 15 -> 10 -> 5 -> 0, 25 % of it a step).
    assert scheduled == [20, 20, 20, 20, 20]
    assert not plan.complete
    (stop,) = [w for w in plan.warnings if w.code == "step_too_large"]
    assert "25 % of the starting scheduled MME/day where the rule allows 20 %" in stop.message


def test_scheduled_cuts_continue_within_the_scheduled_allowance_after_the_as_needed_row() -> None:
    # With 2.5 mg in hand, the scheduled row steps down 2.5 mg at a time (12.5 % of its 20).
    plan = plan_regimen_taper(
        [
            {
                "drug": "morphine",
                "dose": 10,
                "unit": "mg",
                "times_per_day": 2,
                "strengths": ["2.5", 5],
            },
            {
                "drug": "morphine",
                "dose": 10,
                "unit": "mg",
                "times_per_day": 2,
                "as_needed": True,
                "strengths": [5],
            },
        ],
        start_date=START,
        rule="cdc2022-acute",
        duration="short-term",
    )
    scheduled = [
        sum(d.dose * d.times_per_day for d in s.doses if not d.as_needed) for s in plan.steps
    ]
    prn = [sum(d.dose * d.times_per_day for d in s.doses if d.as_needed) for s in plan.steps]
    assert prn[:5] == [20, 15, 10, 5, 0] and set(prn[5:]) <= {0}
    cuts = [a - b for a, b in itertools.pairwise(scheduled) if a != b]
    assert cuts and all(cut <= Decimal("4") for cut in cuts)
    assert plan.complete and scheduled[-1] == 0


def test_a_last_patch_is_removed_when_the_cut_is_within_the_rule() -> None:
    # 328.8 MME/day: 10 % is 32.88, so removing a 12 mcg/h patch (28.8) is within the rule
    plan = plan_regimen_taper(
        [
            {"drug": "fentanyl", "dose": 12, "unit": "mcg/h", "formulation": "patch"},
            {
                "drug": "morphine",
                "dose": 150,
                "unit": "mg",
                "times_per_day": 2,
                "strengths": [15, 30, 60, 100],
            },
        ],
        start_date=START,
    )
    assert plan.complete
    assert plan.steps[-2].mme_per_day == Decimal("28.8")
    assert plan.steps[-2].note == "morphine stopped"
    assert plan.steps[-1].note == "all opioids in the plan stopped"
    assert not [w for w in plan.warnings if w.step is None]
