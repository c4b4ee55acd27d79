"""A medication row's numbers as the API takes them: a JSON number, or the text a clinician
typed ("2,5", "½", "10 mg/5 mL" for a concentration), read by the calculator's own reader
(`clinical.read_number`) as the forms read it.

A schema's Decimal reads "1e2" as 100 and "1.5e1" as 15 (the latter normalized, its exponent
0, so nothing after tells it was typed so); kept as text, scientific notation is refused in
words. Shared by the clinical calculators (`routers/clinical.py`) and the case API
(`routers/cases.py`, `MedicationIn`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field

#: A number typed as text (at most 20 characters: "10 mg / 5 mL" fits).
Typed = Annotated[str, Field(min_length=1, max_length=20)]

#: A row's number: a JSON number, or typed text. The case API bounds nothing here (its
#: service names the row and the field); the calculators bound JSON numbers themselves.
NumberOrTyped = Decimal | Typed


def scientific_fields(
    row: dict[str, object], names: tuple[str, ...] = ("dose", "times_per_day", "concentration")
) -> list[tuple[str, object]]:
    """The (field, value) pairs of one row's numbers to check for scientific notation: each
    named number, then each strength on hand."""
    pairs: list[tuple[str, object]] = [(name, row.get(name)) for name in names]
    strengths = row.get("strengths")
    if isinstance(strengths, list | tuple):
        pairs += [("strengths", value) for value in strengths]
    return pairs


def refuse_scientific_row(
    row: dict[str, object], index: int, *, prefix: str = "medications"
) -> None:
    """Refuse (``ClinicalInputError`` ``mme.invalid_number``, reason ``scientific_notation``)
    any number of the row a schema read from scientific notation ("1e2" as ``1E+2``)."""
    from clinical.mme import refuse_scientific

    for name, value in scientific_fields(row):
        refuse_scientific(value, field=f"{prefix}[{index}].{name}", code="mme.invalid_number")


def as_typed(value: Decimal | str | None) -> str | None:
    """A row's number handed on to a reader as text: as typed; a Decimal normalized ("10.0" as
    "10"), or, when read from scientific notation ("1e2" is ``1E+2``), as that text ("1E+2"),
    so that the reader refuses it in words instead of reading 100."""
    if value is None or isinstance(value, str):
        return value
    exponent = value.as_tuple().exponent
    if value.is_finite() and isinstance(exponent, int) and exponent > 0:
        return str(value)
    return f"{value.normalize():f}"
