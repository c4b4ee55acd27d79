"""`clinical.read_number`: a row's number read as the calculators read it, for the forms that
read rows first (so the case form and the calculator never read a number two ways)."""

from decimal import Decimal

import pytest

from clinical import ClinicalInputError, read_number


@pytest.mark.parametrize(
    ("typed", "name", "read"),
    [
        ("2,5", "dose", Decimal("2.5")),
        ("½", "dose", Decimal("0.5")),
        (" 30 ", "dose", Decimal("30")),
        (7, "dose", Decimal("7")),
        ("4", "times_per_day", Decimal("4")),
        ("10 mg/5 mL", "concentration", Decimal("2")),
        ("1 mg/mL", "concentration", Decimal("1")),
        ("0.5", "concentration", Decimal("0.5")),
        ("12.5", "strengths", Decimal("12.5")),
    ],
)
def test_read(typed, name, read):
    assert read_number(typed, name=name) == read


@pytest.mark.parametrize(
    ("typed", "name", "code"),
    [
        ("1.000", "dose", "mme.invalid_number"),
        ("1,000", "dose", "mme.invalid_number"),
        ("ten", "dose", "mme.invalid_number"),
        ("0", "dose", "mme.not_positive"),
        ("101", "times_per_day", "mme.absurd_number"),
        ("10 mg/3 mL", "concentration", "mme.invalid_number"),
        ("2000", "concentration", "mme.absurd_number"),
        ("10 mg/5 mL", "dose", "mme.invalid_number"),  # a label is a concentration only
    ],
)
def test_refused(typed, name, code):
    with pytest.raises(ClinicalInputError) as refused:
        read_number(typed, name=name, where="medications[2]")
    assert refused.value.code == code
    assert refused.value.field.startswith("medications[2].")


def test_an_unknown_name_is_a_programming_error():
    with pytest.raises(ValueError, match="no bounds"):
        read_number("1", name="frequency")
