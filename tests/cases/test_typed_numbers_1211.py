"""Numbers typed into the medication rows of the case form and the calculator are read as the
clinical package reads them: a decimal comma ("2,5", as French writers type it) is 2.5, "½" is
0.5, a liquid's concentration may be copied from its label ("10 mg/5 mL"); a number that could
be a thousands separator or a decimal mark ("1.000", "1,000") is refused, never guessed (it was
read as 1 before it reached the calculator)."""

from decimal import Decimal

import pytest

from echohub.cases.services import read_medication_rows
from echohub.core.errors import DomainError
from tests.cases.test_calculator import _post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _row(**typed):
    return {"drug": "morphine", "dose": "10", "unit": "mg", "times_per_day": "4", **typed}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2,5", Decimal("2.5")),
        ("½", Decimal("0.5")),
        ("1 ½", Decimal("1.5")),
        ("0.125", Decimal("0.125")),
    ],
)
def test_doses_as_people_write_them(typed, read):
    (row,) = read_medication_rows([_row(dose=typed)])
    assert Decimal(str(row["dose"])) == read


@pytest.mark.parametrize("typed", ["1.000", "2.500", "1,000", "12,500"])
def test_a_thousands_separator_or_a_decimal_mark_is_refused(typed):
    with pytest.raises(DomainError) as refused:
        read_medication_rows([_row(dose=typed)])
    assert refused.value.field == "medications[0].dose"
    assert typed in refused.value.message and "1000" in refused.value.message


@pytest.mark.parametrize(
    ("typed", "per_ml"),
    [
        ("10 mg/5 mL", Decimal("2")),
        ("1 mg/mL", Decimal("1")),
        ("2,5 mg/mL", Decimal("2.5")),
        ("2", Decimal("2")),
    ],
)
def test_a_concentration_copied_from_the_label(typed, per_ml):
    (row,) = read_medication_rows([_row(unit="mL", dose="5", concentration=typed)])
    assert Decimal(str(row["concentration"])) == per_ml


@pytest.mark.parametrize("typed", ["10 mg/3 mL", "10 mcg/mL", "ten"])
def test_a_concentration_that_is_not_exact_or_not_mg_is_refused(typed):
    with pytest.raises(DomainError) as refused:
        read_medication_rows([_row(unit="mL", dose="5", concentration=typed)])
    assert refused.value.field == "medications[0].concentration"


def test_the_calculator_page_refuses_1_000_and_keeps_it(client):
    client.force_login(UserFactory())
    response = _post(client, "mme", **{"med-0-dose": "1.000"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="1.000"' in html and "1000" in html


def test_the_calculator_page_reads_a_decimal_comma(client):
    client.force_login(UserFactory())
    html = _post(client, "mme", **{"med-0-dose": "7,5"}).content.decode()
    assert "Total: 45 MME/day" in html


def test_the_calculators_tables_are_named_in_french(client):
    client.force_login(UserFactory())
    html = client.get("/tools/opioids/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Facteurs de conversion cliniques des CDC 2022" in html
    assert "CDC 2022 clinical conversion factors" not in html
