from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.cases.models import CLINICAL_TEXT_FIELDS, Case, Discipline
from echohub.cases.services import BOOLEAN_FIELDS, CHOICE_FIELDS
from echohub.scheduling.models import Session

MME_TABLES = [
    ("cdc2022", _("CDC 2022 (default)")),
    ("cdc2016", _("CDC 2016")),
    ("cdc-analytic", _("CDC analytic file")),
]
INSTRUMENTS = [
    ("", "—"),
    (
        _("Scored from the items"),
        [
            ("peg", "PEG"),
            ("phq9", "PHQ-9"),
            ("phq2", "PHQ-2"),
            ("gad7", "GAD-7"),
            ("start_back", "STarT Back"),
            ("taps1", "TAPS-1"),
        ],
    ),
    (
        _("Total entered (licensed instruments)"),
        [
            ("bpi-severity", "BPI severity"),
            ("bpi-interference", "BPI interference"),
            ("pcs", "PCS"),
            ("ort", "ORT"),
            ("comm", "COMM"),
            ("promis", "PROMIS T-score"),
            ("dn4", "DN4"),
        ],
    ),
]
SHORT_TEXT = {"title"}


class CaseForm(forms.ModelForm):
    mme_table = forms.ChoiceField(label=_("MME conversion table"), choices=MME_TABLES)

    class Meta:
        model = Case
        fields = CLINICAL_TEXT_FIELDS + CHOICE_FIELDS + BOOLEAN_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CLINICAL_TEXT_FIELDS:
            if name not in SHORT_TEXT:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 3})
            self.fields[name].widget.attrs["data-phi-check"] = "1"
        self.fields["questions"].help_text = _("What do you want to ask the hub? Be specific.")
        self.fields["title"].help_text = _(
            "E.g. “Chronic low back pain on high-dose opioids”. No names, places or dates."
        )


class MedicationForm(forms.Form):
    drug = forms.CharField(label=_("Drug"), max_length=100, required=False)
    formulation = forms.CharField(label=_("Formulation"), max_length=40, required=False)
    dose = forms.CharField(label=_("Dose"), max_length=20, required=False)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("mg", "mg"), ("mcg", "mcg"), ("mcg/h", "mcg/h"), ("mL", "mL")],
    )
    times_per_day = forms.CharField(label=_("Times a day"), max_length=10, required=False)
    frequency = forms.CharField(label=_("Or frequency (e.g. q6h)"), max_length=40, required=False)
    as_needed = forms.BooleanField(label=_("As needed"), required=False)


MedicationFormSet = forms.formset_factory(MedicationForm, extra=2, max_num=30)


class ScoreForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=INSTRUMENTS, required=False)
    items = forms.CharField(
        label=_("Item answers (comma-separated)"), max_length=200, required=False
    )
    total = forms.CharField(label=_("Or total (licensed)"), max_length=10, required=False)

    def clean_items(self) -> list[int]:
        raw = self.cleaned_data.get("items") or ""
        try:
            return [int(x) for x in raw.replace(";", ",").split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("Item answers are whole numbers separated by commas.")
            ) from None


ScoreFormSet = forms.formset_factory(ScoreForm, extra=1, max_num=12)


class OverrideForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why this is not identifying"), max_length=300)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return with comments"))]
    )
    comments = forms.CharField(
        label=_("Comments to the presenter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ScheduleForm(forms.Form):
    session: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none()
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions


class RecommendationForm(forms.Form):
    discipline = forms.ChoiceField(label=_("Discipline"), choices=Discipline.choices)
    text = forms.CharField(label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SendForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the presenter (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class FollowUpForm(forms.Form):
    what_changed = forms.CharField(
        label=_("What changed since the presentation"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    advice_followed = forms.ChoiceField(
        label=_("Was the advice followed?"),
        choices=[("all", _("All of it")), ("some", _("Some of it")), ("none", _("None of it"))],
        widget=forms.RadioSelect,
    )
    plan_changed = forms.TypedChoiceField(
        label=_("Did it change the care plan?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    referral_avoided = forms.TypedChoiceField(
        label=_("Was a specialist referral avoided?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Plain-language summary for the patient"), widget=forms.Textarea(attrs={"rows": 6})
    )


def _taper_rules() -> list[tuple[str, str]]:
    from clinical.taper import TAPER_RULES

    return [(r.key, f"{r.guideline}: {r.label}") for r in TAPER_RULES.values()]


def _taper_intervals() -> list[tuple[str, Any]]:
    from clinical.taper import Interval

    return [("", _("The rule's default")), *((i.value, i.value) for i in Interval)]


class TaperForm(forms.Form):
    rule = forms.ChoiceField(label=_("Taper rule"), choices=_taper_rules)
    percent = forms.DecimalField(
        label=_("Reduction per step (%)"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal(100),
        decimal_places=2,
        help_text=_("Leave empty for the rule's rate; a lower rate is always allowed."),
    )
    interval = forms.ChoiceField(label=_("Interval"), choices=_taper_intervals, required=False)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
