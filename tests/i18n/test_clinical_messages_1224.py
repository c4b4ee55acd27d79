"""The twelfth clinical hunt's refusals in the reader's language (core.clinical_text): a clock
time count that disagrees, a time alone, a route in the frequency, a taper written into the
directions, several patches at once. Before, each fell back to its English in French."""

from __future__ import annotations

import pytest
from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text

ROWS = [
    ("oxycodone", "mg", "5", "tid à 8h et 20h", "elle dit 3 fois par jour mais nomme 2 heures"),
    ("oxycodone", "mg", "5", "tid à 8h", "elle dit 3 fois par jour mais nomme une heure"),
    ("oxycodone", "mg", "5", "8h", "une heure seule peut être une heure de prise"),
    ("oxycodone", "mg", "5", "sc q4h prn", "elle nomme la voie «\u00a0sc\u00a0»"),
    ("oxycodone", "mg", "5", "bid x 7 days then daily", "une ligne contient la dose prise"),
    ("fentanyl", "mcg/h", "25", "2 timbres q72h", "le débit de la ligne (25 mcg/h)"),
]


@pytest.mark.parametrize(("drug", "unit", "dose", "frequency", "french"), ROWS)
def test_each_refusal_is_said_in_french(drug, unit, dose, frequency, french):
    result = calculate_mme([{"drug": drug, "dose": dose, "unit": unit, "frequency": frequency}])
    ((row),) = result.excluded
    with translation.override("fr"):
        said = clinical_text.message(row.reason_code, row.reason)
    assert french in said, said
    assert frequency in said  # the row's own words, as typed
    with translation.override("en"):
        english = clinical_text.message(row.reason_code, row.reason)
    assert english != said and "is not read" not in said
