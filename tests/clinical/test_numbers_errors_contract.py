"""The shared number reader and the error type: the default code, the field and a message that
names the field, and a ValueError whose first argument is the message (what a generic
``except ValueError`` handler shows)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clinical._numbers import to_decimal
from clinical.errors import ClinicalInputError


@pytest.mark.parametrize("value", ["ten", None, True, "NaN", "Infinity", float("inf")])
def test_to_decimal_refusals_default_code_and_field(value: object) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        to_decimal(value, field="dose")
    error = caught.value
    assert (error.code, error.field) == ("invalid_number", "dose")
    assert error.message.startswith("dose must be a ")
    assert str(error) == f"{error.message} (dose) [invalid_number]"


def test_to_decimal_reads_floats_by_their_repr() -> None:
    assert to_decimal(7.5, field="dose") == Decimal("7.5")
    assert to_decimal(0.1, field="dose") == Decimal("0.1")


def test_error_is_a_value_error_carrying_its_message() -> None:
    error = ClinicalInputError("mme.bad", "dose must be a number", field="rows[0].dose")
    assert isinstance(error, ValueError)
    assert error.args == ("dose must be a number",)
    assert error.to_dict() == {
        "code": "mme.bad",
        "message": "dose must be a number",
        "field": "rows[0].dose",
    }
    assert str(ClinicalInputError("x.y", "bad")) == "bad [x.y]"
