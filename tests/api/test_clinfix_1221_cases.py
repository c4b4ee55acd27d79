"""clinfix 1221: the case API's medication rows take numbers as typed, as the clinical API and
the case form do: "1.5e1" (scientific notation) is refused in words, never read as 15.

Before, `MedicationIn.dose` was a Decimal: pydantic read the string "1.5e1" as Decimal("15")
(exponent 0, so the service could not tell) and saved a dose of 15."""

# ruff: noqa: F811 (the fixtures of tests/api/test_cases.py, imported by name)
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from echohub.cases.models import Case
from tests.api.test_cases import (  # noqa: F401 (fixtures)
    CASES,
    hub,
    make_case,
    pain,
    presenter,
    session,
)

pytestmark = pytest.mark.django_db

OXY = {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "2"}


def _patch(api: Any, case: Case, rows: list[dict[str, Any]]) -> Any:
    return api.patch(f"{CASES}/{case.pk}", {"version": case.version, "medications": rows})


@pytest.mark.parametrize(
    ("change", "field", "typed"),
    [
        ({"dose": "1.5e1"}, "dose", "1.5e1"),
        ({"dose": "1e2"}, "dose", "1e2"),
        ({"dose": "2.5E1"}, "dose", "2.5E1"),
        ({"times_per_day": "1.5e1"}, "times_per_day", "1.5e1"),
        ({"strengths": ["5", "1.5e1"]}, "strengths", "1.5e1"),
        (
            {"drug": "morphine", "unit": "mL", "dose": "5", "concentration": "1e0"},
            "concentration",
            "1e0",
        ),
    ],
)
def test_a_number_in_scientific_notation_is_refused_in_words_not_read(
    make_case: Any, api_as: Any, presenter: Any, change: dict[str, Any], field: str, typed: str
) -> None:
    case = make_case("draft")
    response = _patch(api_as(presenter), case, [{**OXY, **change}])
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_number"
    assert "scientific notation" in body["message"] and typed in body["message"]
    assert body["field"].endswith(field)
    saved = Case.objects.get(pk=case.pk)
    assert saved.version == case.version
    assert [m.dose for m in saved.medications.all()] == [Decimal(10), Decimal(25)]  # unchanged


def test_a_json_number_in_scientific_notation_with_an_exponent_is_refused() -> None:
    """A Decimal the schema read as 1E+2 (exponent 2) is handed on as its text."""
    from echohub.api.typed_numbers import as_typed

    assert as_typed(Decimal("1E+2")) == "1E+2"
    assert as_typed(Decimal("10.0")) == "10"
    assert as_typed("2,5") == "2,5" and as_typed(None) is None


@pytest.mark.parametrize(
    ("row", "dose", "times", "strengths", "concentration"),
    [
        ({"dose": "2,5"}, "2.5", "2", "", None),
        ({"dose": 15}, "15", "2", "", None),
        ({"dose": "15", "times_per_day": 3}, "15", "3", "", None),
        ({"dose": 7.5, "strengths": [5, "2,5"]}, "7.5", "2", "2.5, 5", None),
        (
            {"drug": "morphine", "unit": "mL", "dose": "5", "concentration": "10 mg/5 mL"},
            "5",
            "2",
            "",
            "2",
        ),
    ],
)
def test_numbers_typed_or_sent_as_json_numbers_are_read_alike(
    make_case: Any,
    api_as: Any,
    presenter: Any,
    row: dict[str, Any],
    dose: str,
    times: str,
    strengths: str,
    concentration: str | None,
) -> None:
    case = make_case("draft")
    response = _patch(api_as(presenter), case, [{**OXY, **row}])
    assert response.status_code == 200, response.content
    (saved,) = Case.objects.get(pk=case.pk).medications.all()
    assert saved.dose == Decimal(dose) and saved.times_per_day == Decimal(times)
    assert saved.strengths == strengths
    assert (saved.concentration is None) == (concentration is None)
    if concentration is not None:
        assert saved.concentration == Decimal(concentration)


@pytest.mark.parametrize("typed", ["ii", "deux", "one and a half"])
def test_a_dose_in_words_is_refused_saying_why(
    make_case: Any, api_as: Any, presenter: Any, typed: str
) -> None:
    """Before: 422 `invalid` from the schema ("Input should be a valid decimal")."""
    case = make_case("draft")
    response = _patch(api_as(presenter), case, [{**OXY, "dose": typed}])
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_number" and "in words" in body["message"]
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.parametrize(
    "row",
    [
        {**OXY, "dose": True},
        {**OXY, "dose": ["10"]},
        {**OXY, "dose": ""},
        {**OXY, "dose": "x" * 21},
        {**OXY, "strengths": [{"mg": 5}]},
        {**OXY, "concentration": False},
    ],
)
def test_a_number_of_the_wrong_type_is_a_422(
    make_case: Any, api_as: Any, presenter: Any, row: dict[str, Any]
) -> None:
    case = make_case("draft")
    response = _patch(api_as(presenter), case, [row])
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert Case.objects.get(pk=case.pk).version == case.version


def test_without_a_token_a_typed_number_is_a_401(make_case: Any, api_as: Any) -> None:
    case = make_case("draft")
    response = _patch(api_as(None), case, [{**OXY, "dose": "1.5e1"}])
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Case.objects.get(pk=case.pk).version == case.version


def test_the_clinical_api_still_refuses_scientific_notation(api_as: Any, presenter: Any) -> None:
    """The shared reader (echohub.api.typed_numbers) serves the calculators too."""
    rows = [{"drug": "oxycodone", "dose": "1.5e1", "unit": "mg", "times_per_day": 2}]
    response = api_as(presenter).post("/clinical/mme", {"medications": rows})
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "mme.invalid_number"
    json_row = [{**rows[0], "dose": 100, "strengths": ["1e1"]}]
    response = api_as(presenter).post("/clinical/mme", {"medications": json_row})
    assert response.status_code == 422 and response.json()["field"].endswith("strengths")
