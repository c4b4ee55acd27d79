"""Forms: the only door for input to the credits services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.core import bilingual_forms
from echohub.core.choices import name_blank_choices
from echohub.core.limits import ACCREDITATION_STATEMENT_MAX, cap_text
from echohub.credits.models import CreditRule
from echohub.credits.services import RULE_FIELDS
from echohub.programs.models import Program
from echohub.scheduling.models import Series


class RuleForm(forms.ModelForm[CreditRule]):
    class Meta:
        model = CreditRule
        fields = RULE_FIELDS
        widgets = {
            "accreditation_statement": forms.Textarea(attrs={"rows": 5}),
            "accreditation_statement_fr": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "credits_per_hour": _(
                "Mainpro+ certified group learning: 1. AMA PRA Category 1: 1 (60 minutes)."
            ),
            "rounding": _("AMA PRA: nearest quarter hour. CFPC and Royal College: not specified."),
            "minimum_share": _("0 accepts any attendance; 75 needs three quarters of the session."),
            "survey_required": _(
                "Credit for a session needs an answer to its post-session evaluation survey "
                "(sessions for which no evaluation was sent ask nothing)."
            ),
            "accreditation_statement": _(
                "Exactly as the accrediting body gives it; printed on every certificate."
            ),
            "provider_contact": _("E-mail, telephone or address shown on certificates."),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual_forms.adapt(
            self, program.languages, ["accreditation_statement"], ["accreditation_statement"]
        )
        name_blank_choices(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bilingual_forms.check_required(self, data)
        return data


class BatchForm(forms.Form):
    rule = forms.ModelChoiceField(label=_("Credit rule"), queryset=CreditRule.objects.none())
    series = forms.ModelChoiceField(label=_("Cycle"), queryset=Series.objects.none())
    cycle_unfinished_ok = forms.BooleanField(
        label=_("Issue now even if the cycle is not finished"),
        required=False,
        help_text=_("Certificates then count only the sessions held so far."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule_field: Any = self.fields["rule"]
        rule_field.queryset = CreditRule.objects.filter(
            program=program, superseded_at__isnull=True, active=True
        )
        series_field: Any = self.fields["series"]
        series_field.queryset = Series.objects.filter(program=program).order_by("-first_date")
        name_blank_choices(self)


# Ceilings (core.limits; the service checks the same), also told to the browser.
cap_text(
    RuleForm.base_fields,
    ACCREDITATION_STATEMENT_MAX,
    "accreditation_statement",
    "accreditation_statement_fr",
)
