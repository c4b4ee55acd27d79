"""The stand-alone opioid calculator: the same medication rows as a case, and the plan options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.cases.forms import MedicationForm, TaperForm

MAX_ROWS = 30
CalculatorMedicationFormSet = forms.formset_factory(
    MedicationForm, extra=4, max_num=MAX_ROWS, validate_max=True
)


def _tables() -> list[tuple[str, Any]]:
    """The factor tables, named in the reader's language (called at each render)."""
    from clinical.mme import TABLES
    from echohub.core.clinical_text import table_name

    return [(t.key, table_name(t.key, t.name)) for t in TABLES.values()]


class CalculatorForm(TaperForm):
    table = forms.ChoiceField(label=_("Conversion factors"), choices=_tables, initial="cdc2022")
    field_order = ["table", "rule", "duration", "percent", "interval", "start_date"]
