"""The seventh clinical hunt's new refusal goes through the translation the pages use
(core.clinical_text): a daily maximum in tablets below one dose. Before its pattern, the
refusal came out as the package's raw English on a French page."""

from __future__ import annotations

from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text


def test_a_tablet_maximum_below_one_dose_is_said_through_its_pattern() -> None:
    result = calculate_mme(
        [{"drug": "Tylenol No. 3", "dose": "3", "unit": "co", "frequency": "q4h prn max 2 co/j"}]
    )
    (excluded,) = result.excluded
    english = excluded.reason
    with translation.override("fr"):
        said = clinical_text.message(excluded.reason_code, english)
    assert said != english  # read by a pattern, not passed through
    assert "q4h prn max 2 co/j" in said
    assert "2" in said and "3" in said
