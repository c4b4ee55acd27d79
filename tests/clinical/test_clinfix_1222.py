"""Fixes of the tenth clinical hunt (2026-12-22 series), each with the input that showed it.

1. A note on how or for how long to take a dose, before a daily maximum or in the middle of the
   frequency ("q6h prn with food, max 8 tabs/day", "q4h prn x 5 days (max 4/day)"), was refused
   as 'not recognised'; a course of no days ("bid x 0 days") is not read as a course, and "cc"
   (also mL, on ISMP's list of error-prone abbreviations) is not read as "with food".
2. An oral liquid dosed in mg with no concentration ("morphine oral solution" 10 mg q4h) was
   planned in 10 and 5 mg tablets, a product the patient does not take; it now steps in tenths of
   its dose with the warning that no strengths are known (never faster: 10 % a month of 60).
3. The clinical API never answers 500, whatever text a row's fields hold (the same fields as the
   forms: drug, dose, unit, frequency, concentration, strengths), and what the calculator refuses
   the API refuses with a code and a message.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import calculate_mme
from clinical.regimen import plan_regimen_taper
from tests.factories import UserFactory

D = Decimal


@pytest.mark.parametrize(
    ("row", "times", "as_needed", "mme"),
    [
        ({"drug": "Percocet", "dose": "2", "unit": "tab",
          "frequency": "q6h prn with food, max 8 tabs/day"}, D(4), True, D(60)),
        ({"drug": "oxycodone", "dose": "5", "unit": "mg",
          "frequency": "q4h prn x 5 days (max 4/day)"}, D(4), True, D(30)),
        ({"drug": "oxycodone", "dose": "5", "unit": "mg",
          "frequency": "q4h prn, with food; max 4/day"}, D(4), True, D(30)),
        ({"drug": "morphine", "dose": "15", "unit": "mg",
          "frequency": "q4h prn (max 6/day) (with food)"}, D(6), True, D(90)),
        ({"drug": "oxycodone", "dose": "5", "unit": "mg",
          "frequency": "with food, bid"}, D(2), False, D(15)),
        ({"drug": "oxycodone", "dose": "5", "unit": "mg",
          "frequency": "avec les repas, 3 fois par jour"}, D(3), False, D("22.5")),
        ({"drug": "hydromorphone", "dose": "2", "unit": "mg",
          "frequency": "q4h prn pendant 7 jours, max 4/j"}, D(4), True, D(40)),
    ],
)  # fmt: skip
def test_regression_a_note_before_a_daily_maximum_keeps_both_limits_read(
    row: dict[str, Any], times: Decimal, as_needed: bool, mme: Decimal
) -> None:
    """Before: 'frequency ... is not recognised' (the note was read only at the very end)."""
    result = calculate_mme([row])
    assert not result.excluded, [e.reason for e in result.excluded]
    (counted,) = result.rows
    assert counted.times_per_day == times and counted.as_needed is as_needed
    assert result.total_mme_per_day == mme


@pytest.mark.parametrize(
    "frequency",
    ["bid x 0 days", "x 30 days", "with meals", "pc", "bid x 2", "with food,", "q4h cc"],
)
def test_a_note_alone_or_a_course_of_no_days_is_not_read(frequency: str) -> None:
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": frequency}]
    )
    (excluded,) = result.excluded
    assert excluded.reason_code == "frequency_unknown" and frequency in excluded.reason


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "morphine oral solution", "dose": "10", "unit": "mg", "frequency": "q4h"},
        {"drug": "sirop de morphine", "dose": "10", "unit": "mg", "frequency": "q4h"},
        {"drug": "morphine", "formulation": "oral liquid", "dose": "10", "unit": "mg",
         "frequency": "q4h"},
    ],
)  # fmt: skip
def test_regression_a_liquid_in_mg_without_its_concentration_is_not_planned_in_tablets(
    row: dict[str, Any],
) -> None:
    plan = plan_regimen_taper([row], start_date=dt.date(2028, 1, 31))
    assert "strengths_unknown" in {w.code for w in plan.warnings}
    assert all(d.tablets is None for s in plan.steps for d in s.doses)
    doses = [s.doses[0].dose * s.doses[0].times_per_day for s in plan.steps[:4]]
    assert doses == [D(60), D(54), D(48), D(42)]  # 1 mg a dose less each month: 10 % of 60
    tablets = plan_regimen_taper(
        [{"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q4h"}],
        start_date=dt.date(2028, 1, 31),
    )
    assert "strengths_unknown" not in {w.code for w in tablets.warnings}  # tablets as before


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=30
)
_TYPED = st.one_of(
    _TEXT,
    st.sampled_from(["2,5", "½", "1 000,5", "1e2", "10 mg/5 mL", "ii", "0", "-1", "1.000", ""]),
    st.integers(min_value=-10, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
)
_ROW = st.fixed_dictionaries(
    {
        "drug": st.one_of(
            _TEXT,
            st.sampled_from(
                [
                    "Durogesic",
                    "oxycodone/naloxone 20/10",
                    "Targin 15/7.5",
                    "morphine 1 mg/mL",
                    "OXYCODONE 10MG DIN 02240131 QTY 120",
                    "methadone",
                    "Suboxone",
                    "Percocet",
                ]
            ),
        ),
        "dose": _TYPED,
        "unit": st.one_of(_TEXT, st.sampled_from(["mg", "mL", "mcg/h", "tab", "co", "mcg"])),
    },
    optional={
        "frequency": st.one_of(
            _TEXT,
            st.sampled_from(
                ["bid (with food)", "ii tabs q6h prn", "q48h", "alternating", "QTY 120 / 30 days"]
            ),
        ),
        "concentration": _TYPED,
        "strengths": st.lists(_TYPED, max_size=3),
        "purpose": st.sampled_from(["pain", "oud", "other", ""]),
    },
)


@pytest.mark.django_db
@given(row=_ROW)
@settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_the_clinical_api_never_answers_500_to_a_typed_row(client: Any, row: dict[str, Any]):
    client.force_login(UserFactory())
    for path, extra in (("mme", {}), ("taper", {"start_date": "2028-01-31"})):
        response = client.post(
            f"/api/v1/clinical/{path}",
            {"medications": [row], **extra},
            content_type="application/json",
        )
        assert response.status_code in (200, 400, 422), (path, row, response.content)
        if response.status_code != 200:
            body = response.json()
            assert body.get("code") or body.get("detail"), body


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("dose", "10mg", ["write the number alone (e.g. 10)", "(mg)"]),
        ("dose", "2,5 mL", ["(e.g. 2,5)", "(mL)"]),
        ("dose", "1 co", ["(co)"]),
        ("dose", "1 000", ["without spaces (e.g. 1000)"]),
        ("dose", "1\u00a0000", ["without spaces (e.g. 1000)"]),
        ("strengths", ["10 mg"], ["(mg) is not read"]),
        ("concentration", "5 mg", ["'5 mg/mL'"]),
    ],
)
def test_regression_a_number_typed_with_its_unit_or_spaces_is_refused_saying_what_to_write(
    field: str, typed: Any, words: list[str]
) -> None:
    """Before: 'rows[0].dose must be a number' (no hint of what to change)."""
    from clinical import ClinicalInputError

    row = {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "bid", field: typed}
    with pytest.raises(ClinicalInputError) as raised:
        calculate_mme([row])
    for text in words:
        assert text in raised.value.message, raised.value.message
    assert raised.value.code == "mme.invalid_number"
