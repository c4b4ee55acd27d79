from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RetentionForm(forms.Form):
    case_content_years = forms.IntegerField(
        label=_("Keep case content for (years after close-out)"),
        min_value=1,
        max_value=50,
        help_text=_(
            "Afterwards the case's text, medications, score items and the recommendations' text "
            "are removed; the case, its dates, theme and figures stay for the dashboards."
        ),
    )


class ErasureForm(forms.Form):
    confirmation = forms.CharField(label=_("Type the confirmation phrase"), max_length=40)
