"""`POST /api/v1/clinical/taper` with no row that can be counted: the 422 says which rows were
not counted and why, in the caller's language (its message said "the rows not counted say why"
and the body had none: clinhunt10)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = {
    "medications": [
        {"drug": "ibuprofen", "dose": 400, "unit": "mg", "frequency": "tid"},
        {"drug": "gabapentin", "dose": 300, "unit": "mg", "frequency": "tid"},
    ],
    "start_date": "2027-01-04",
}


def _post(client, **headers):
    client.force_login(UserFactory())
    return client.post("/api/v1/clinical/taper", BODY, content_type="application/json", **headers)


def test_each_row_not_counted_is_in_the_refusal(client) -> None:
    response = _post(client)
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "taper.nothing_to_taper"
    assert [(e["loc"], e["type"]) for e in data["errors"]] == [
        (["body", "payload", "medications", 0], "unknown_drug"),
        (["body", "payload", "medications", 1], "gabapentinoid"),
    ]
    assert "ibuprofen” is not a recognised opioid" in data["errors"][0]["msg"]
    assert "gabapentinoid" in data["errors"][1]["msg"]


def test_the_rows_reasons_are_in_french_for_a_french_caller(client) -> None:
    data = _post(client, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [e["type"] for e in data["errors"]] == ["unknown_drug", "gabapentinoid"]
    assert "is not a recognised opioid" not in data["errors"][0]["msg"]
    assert "opioïde" in data["errors"][0]["msg"]


def test_other_refusals_carry_no_rows(client) -> None:
    client.force_login(UserFactory())
    bad = client.post(
        "/api/v1/clinical/taper",
        {**BODY, "medications": [{"drug": "morphine", "dose": 10, "unit": "mg"}], "rule": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "taper.unknown_rule"
    assert "errors" not in bad.json()
