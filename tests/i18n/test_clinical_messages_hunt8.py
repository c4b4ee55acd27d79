"""The eighth clinical hunt's refusals go through the translation the pages use
(core.clinical_text): a split dose, scheduled and as-needed doses in one row, doses less often
than daily, a fentanyl patch changed weekly. Without their patterns they came out as the
package's raw English on a French page."""

from __future__ import annotations

import pytest
from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text


@pytest.mark.parametrize(
    ("row", "kept"),
    [
        (
            {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "10 mg am, 5 mg pm"},
            "10 mg am, 5 mg pm",
        ),
        ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "bid + prn"}, "bid + prn"),
        (
            {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "1 fois par semaine"},
            "1 fois par semaine",
        ),
        ({"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "frequency": "q7d"}, "q7d"),
    ],
)
def test_the_eighth_hunts_refusals_are_said_through_their_patterns(
    row: dict[str, str], kept: str
) -> None:
    (excluded,) = calculate_mme([row]).excluded
    english = excluded.reason
    with translation.override("fr"):
        said = clinical_text.message(excluded.reason_code, english)
    assert said != english  # read by a pattern, not passed through
    assert kept in said
