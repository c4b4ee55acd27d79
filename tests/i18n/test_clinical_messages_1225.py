"""The thirteenth clinical hunt's refusals in the reader's language (core.clinical_text): an
interval in minutes ("q30min prn") and a number with no unit before how often ("2 bid" of
10 mg). Each is matched by a pattern that carries the row's own words, so the French catalogue
(the msgids below) re-says it in French, with French quotes."""

from __future__ import annotations

import pytest
from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text

ROWS = [
    ("oxycodone", "mg", "5", "q30min prn", "interval in minutes", "“prn, max 6/day”"),
    ("morphine", "mg", "10", "2 bid", "number with no unit (“2”)", "says 10 (mg)"),
    ("Tylenol No. 3", "co", "2", "1 die", "number with no unit (“1”)", "says 2 (co)"),
    ("morphine", "mg", "5", "1-2 q4h prn", "number with no unit (“1-2”)", "says 5 (mg)"),
]


@pytest.mark.parametrize(("drug", "unit", "dose", "frequency", "what", "detail"), ROWS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_refusal_is_matched_with_its_own_words(
    language: str, drug: str, unit: str, dose: str, frequency: str, what: str, detail: str
) -> None:
    result = calculate_mme([{"drug": drug, "dose": dose, "unit": unit, "frequency": frequency}])
    (row,) = result.excluded
    assert row.reason_code == "frequency_unknown"
    with translation.override(language):
        said = str(clinical_text.message(row.reason_code, row.reason))
    if language == "en":
        assert f"“{frequency}”" in said, said  # the row's own words, in the pattern's quotes
        assert what in said and detail in said, said
    else:  # in French, with French quotes, and in French words (the catalogue has them)
        assert f"«\u00a0{frequency}\u00a0»" in said, said
        assert said.startswith("La fréquence") and what not in said, said
