from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from echohub.cases.formconfig import (
    ANSWER_MAX,
    CHOICE_MAX,
    CONFIGURABLE,
    HELP_MAX,
    LABEL_MAX,
    MAX_CHOICES,
    MAX_QUESTIONS,
    SECTIONS,
    FormConfig,
    default_config,
    default_label,
)
from echohub.cases.models import CLINICAL_TEXT_FIELDS, Case, CaseTheme, Discipline
from echohub.cases.services import BOOLEAN_FIELDS, CHOICE_FIELDS, INSTRUMENT_LABELS
from echohub.core import bilingual
from echohub.core.limits import CASE_TEXT_MAX, FINDING_KEY_MAX, MED_TEXT_READ, cap_text

MME_TABLES = [
    ("cdc2022", _("CDC 2022 (default)")),
    ("cdc2016", _("CDC 2016")),
    ("cdc-analytic", _("CDC analytic file")),
]
#: The instruments offered, by group; names from `services.INSTRUMENT_LABELS` (one list for the
#: form and the messages; ORT-OUD has a name there but is not offered on the form).
_SCORED = ("peg", "phq9", "phq2", "gad7", "start_back", "taps1")
_LICENSED = ("bpi-severity", "bpi-interference", "pcs", "ort", "comm", "promis", "dn4")
INSTRUMENTS = [
    ("", "—"),
    (_("Scored from the items"), [(k, INSTRUMENT_LABELS[k]) for k in _SCORED]),
    (
        _("Total entered (licensed instruments)"),
        [(k, INSTRUMENT_LABELS[k]) for k in _LICENSED],
    ),
]
SHORT_TEXT = {"title"}


class FieldGroup:
    """Some of a form's fields, drawn by core/form_fields.html as if they were the form."""

    def __init__(self, fields: list[forms.BoundField], errors: Any = ()) -> None:
        self._fields, self._errors = fields, errors

    def visible_fields(self) -> list[forms.BoundField]:
        return self._fields

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def non_field_errors(self) -> Any:
        return self._errors

    @property
    def has_errors(self) -> bool:
        return bool(self._errors) or any(bf.errors for bf in self._fields)


def _dash_for_blank(field: forms.Field) -> None:
    """A picker's "nothing chosen" reads "—" like the program's own questions and every other
    picker, not Django's "---------" (the walk of round 1222 met both on one case form)."""
    if not isinstance(field, forms.ChoiceField):
        return
    choices: list[Any] = list(cast(Any, field.choices))
    if choices and choices[0] == ("", "---------"):
        field.choices = [("", "—"), *choices[1:]]


class CaseForm(forms.ModelForm):
    """The case form as the program configured it (cases.formconfig). A field the program hides
    is left out unless the case already holds something in it: then it stays, so nothing is
    lost and its text can still be corrected. Nothing is required while drafting; what the
    program requires is checked at submission and marked here."""

    mme_table = forms.ChoiceField(label=_("MME conversion table"), choices=MME_TABLES)

    class Meta:
        model = Case
        fields = CLINICAL_TEXT_FIELDS + CHOICE_FIELDS + BOOLEAN_FIELDS

    def __init__(
        self,
        *args: Any,
        config: FormConfig | None = None,
        show_medications: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.config = config = config or default_config()
        case = self.instance
        for name in CLINICAL_TEXT_FIELDS:
            if name not in SHORT_TEXT:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 3})
            self.fields[name].widget.attrs["data-phi-check"] = "1"
        self.fields["questions"].help_text = _("What do you want to ask the hub? Be specific.")
        self.fields["title"].help_text = _(
            "E.g. “Chronic low back pain on high-dose opioids”. No names, places or dates."
        )
        self.fields["theme"].help_text = _("What the case is mainly about.")
        if not show_medications:
            del self.fields["mme_table"]
        required = set(config.required())
        for name in CONFIGURABLE:
            setting = config.fields[name]
            if not setting.shown and not getattr(case, name):
                del self.fields[name]
                continue
            # The program's label and help in the reader's language (else the other one).
            if setting.label or setting.label_fr:
                self.fields[name].label = config.label(name)
            if setting.help or setting.help_fr:
                self.fields[name].help_text = config.help(name)
            if not setting.shown:
                self.fields[name].help_text = _(
                    "This program no longer asks this; what you wrote is kept. Clear it if it "
                    "is no longer needed."
                )
        for name in self.fields:
            self.fields[name].required = False
            if name in required:
                self.fields[name].label = f"{self.fields[name].label} *"
            _dash_for_blank(self.fields[name])
        answers = case.extra or {}
        for q in config.questions:
            field: forms.Field
            label = f"{q.display_label()} *" if q.required else q.display_label()
            current = str((answers.get(q.name) or {}).get("value") or "")
            if q.kind == "choice":
                offered = [("", "—"), *q.display_choices()]
                if current and current not in q.choices:  # kept, not silently dropped
                    offered.append((current, _("%(a)s (no longer offered)") % {"a": current}))
                field = forms.ChoiceField(label=label, choices=offered)
            else:
                field = forms.CharField(
                    label=label,
                    max_length=ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 3, "data-phi-check": "1"}),
                )
            field.required = False
            field.help_text = q.display_help()
            self.fields[q.key] = field
            self.initial.setdefault(q.key, (answers.get(q.name) or {}).get("value", ""))
        # Answers to questions the program removed since: kept, shown as text to correct.
        for name, answer in answers.items():
            key = f"extra_{name}"
            if key in self.fields or not isinstance(answer, dict):
                continue
            self.fields[key] = forms.CharField(
                label=str(answer.get("label") or name),
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "data-phi-check": "1"}),
                help_text=_("This program no longer asks this; your answer is kept."),
            )
            self.initial.setdefault(key, answer.get("value", ""))

        # The template's order: the patient, the program's own questions, then the questions for
        # the hub, the MME table and the two confirmations last.
        extras = [k for k in self.fields if k.startswith("extra_")]
        self.order_fields(
            ["title", *CONFIGURABLE, *extras, "questions", "mme_table", *BOOLEAN_FIELDS]
        )

    def groups(self) -> dict[str, FieldGroup]:
        """The form's fields by section of the page: the patient and the questions, the MME
        table (shown with the medications), the confirmations (last, before submitting)."""
        tail = {"mme_table", *BOOLEAN_FIELDS}
        return {
            "patient": FieldGroup(
                [bf for bf in self.visible_fields() if bf.name not in tail],
                self.non_field_errors(),
            ),
            "medications": FieldGroup([self["mme_table"]] if "mme_table" in self.fields else []),
            "confirm": FieldGroup([self[n] for n in BOOLEAN_FIELDS if n in self.fields]),
        }

    def draft_data(self) -> dict[str, Any]:
        """cleaned_data as save_draft takes it: model fields, and `extra` {name: answer}."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("extra_")}
        data["extra"] = {
            k.removeprefix("extra_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("extra_")
        }
        return data


class MedicationForm(forms.Form):
    """One medication row. Its texts (drug, formulation, frequency) are read up to
    MED_TEXT_READ, far past their columns: a browser cuts pasted text to a maxlength without a
    word, so one over its column (CaseMedication) is refused by cases.services, naming the row
    and the field, with the form kept as typed."""

    drug = forms.CharField(label=_("Drug"), max_length=MED_TEXT_READ, required=False)
    formulation = forms.CharField(label=_("Formulation"), max_length=MED_TEXT_READ, required=False)
    dose = forms.CharField(label=_("Dose"), max_length=20, required=False)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[
            ("mg", "mg"),
            ("mcg", "mcg"),
            ("mcg/h", "mcg/h"),
            ("mL", "mL"),
            ("tablet", _("tablets")),
        ],
    )
    times_per_day = forms.CharField(label=_("Times a day"), max_length=10, required=False)
    frequency = forms.CharField(
        label=_("Or frequency (e.g. q6h)"), max_length=MED_TEXT_READ, required=False
    )
    as_needed = forms.BooleanField(label=_("As needed"), required=False)
    strengths = forms.CharField(
        label=_("Strengths on hand (e.g. 5, 10, 20)"), max_length=100, required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[("", "—"), ("pain", _("Pain")), ("oud", _("OUD treatment"))],
    )
    concentration = forms.CharField(label=_("mg per mL (liquids)"), max_length=12, required=False)


#: One empty row after those the case holds; more are added with "Add a medication" (a submit
#: button that works without JavaScript; cases/static/cases/case-form.js adds rows in place).
class _MedicationRows(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # How an as-needed row is counted is stated once above the rows (#prn-rule).
        for name in ("times_per_day", "frequency", "as_needed"):
            form.fields[name].widget.attrs["aria-describedby"] = "prn-rule"


MedicationFormSet = forms.formset_factory(
    MedicationForm, formset=_MedicationRows, extra=1, max_num=30
)
MAX_MEDICATIONS = 30


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
MAX_SCORES = 12


class OverrideForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why this is not identifying"), max_length=300)


class ReviewForm(forms.Form):
    # No choice made for the reviewer: a press of "Record the review" on an untouched form
    # approved the case.
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", _("Choose…")),
            ("approve", _("Approve")),
            ("return", _("Return with comments")),
        ],
        error_messages={"required": _("Choose approve or return.")},
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=[("", "—"), *CaseTheme.choices],
        required=False,
        help_text=_("Set or correct what the case is mainly about."),
    )
    comments = forms.CharField(
        label=_("Comments to the presenter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ScheduleForm(forms.Form):
    """The upcoming sessions with a free case slot, each with its date (the viewer's time zone)
    and how many of its case slots are free."""

    session = forms.ChoiceField(label=_("Session"))

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        from django.utils import formats, timezone

        super().__init__(*args, **kwargs)
        choices = []
        for s in sessions:
            when = formats.date_format(timezone.localtime(s.starts_at), "DAY_DATETIME_FORMAT")
            free = _("free case slots: %(free)s of %(all)s") % {
                "free": s.free_slots,
                "all": s.case_slots,
            }
            choices.append((str(s.pk), f"{when} · {bilingual.text(s, 'title')} · {free}"))
        field = cast(forms.ChoiceField, self.fields["session"])
        field.choices = choices
        field.help_text = _("Upcoming sessions with a free case slot, soonest first.")


class SenderForm(forms.Form):
    sender = forms.ChoiceField(
        label=_("Who sends the recommendations to the presenter"),
        widget=forms.RadioSelect,
        help_text=_(
            "Anyone on the hub can write recommendations; only these people send them. The "
            "program's admins can always send."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from echohub.cases.senders import SENDERS

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sender"]).choices = list(SENDERS.items())


class RecommendationForm(forms.Form):
    discipline = forms.ChoiceField(label=_("Discipline"), choices=Discipline.choices)
    text = forms.CharField(
        label=_("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the recommendations.")},
    )
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
    from echohub.core.clinical_text import rule_choices

    return rule_choices()  # the package's labels, in the reader's language


def _taper_intervals() -> list[tuple[str, Any]]:
    from echohub.core.clinical_text import interval_choices

    return [("", _("The rule's default")), *interval_choices()]


#: The lowest reduction per step the form takes (a plan at a slower rate would run for years).
PERCENT_LOWEST = Decimal("0.5")


class TaperForm(forms.Form):
    rule = forms.ChoiceField(label=_("Taper rule"), choices=_taper_rules)
    duration = forms.ChoiceField(
        label=_("How long has the patient taken opioids?"),
        choices=[
            ("long-term", _("Long-term (months or more)")),
            ("short-term", _("Short-term (days to weeks)")),
        ],
        initial="long-term",
        help_text=_(
            "Rapid rules are refused for long-term use at 50 MME/day or more (CDC 2022 "
            "Recommendation 5)."
        ),
    )
    #: Read as the API and the calculators read it (clinical.taper.read_percent): "10",
    #: "10 %", "10%", "10,5 %"; a text field, as a number input refuses the sign.
    percent = forms.CharField(
        label=_("Reduction per step (%)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        help_text=_("Leave empty for the rule's rate; a lower rate is always allowed."),
    )
    interval = forms.ChoiceField(label=_("Interval"), choices=_taper_intervals, required=False)
    start_date = forms.DateField(
        label=_("Start date"),
        # ISO, whatever the language: a date input reads only YYYY-MM-DD.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )

    def clean_percent(self) -> Decimal | None:
        from clinical import ClinicalInputError
        from clinical.taper import read_percent

        text = self.cleaned_data["percent"].strip()
        if not text:
            return None
        try:
            value = read_percent(text)
        except ClinicalInputError:
            value = None
        if value is None or not PERCENT_LOWEST <= value <= 100:
            raise forms.ValidationError(
                _(
                    "Give the reduction per step as a number from 0.5 to 100, with or without "
                    "its sign (e.g. 10, 10 % or 10,5 %)."
                )
            )
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(
                _("Give the reduction per step with at most two decimals (e.g. 7.5 or 2.25).")
            )
        return value

    def clean_start_date(self) -> Any:
        import datetime as dt

        from django.utils import timezone

        value = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if not today - dt.timedelta(days=366) <= value <= today + dt.timedelta(days=3 * 366):
            raise forms.ValidationError(
                _("Choose a start date within a year before or three years after today.")
            )
        return value


class FormConfigForm(forms.Form):
    """The program's case form settings: per configurable field shown / required / label /
    help, and the optional sections. Field names: `<field>-shown`, `<field>-required`, ..."""

    def __init__(self, *args: Any, config: FormConfig, french: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The program writes French: each label and help also in French.
        self.french = french
        self.rows: list[tuple[str, str]] = []
        for name in CONFIGURABLE:
            setting = config.fields[name]
            default = default_label(name)
            self.rows.append((name, default))
            self.fields[f"{name}-shown"] = forms.BooleanField(
                label=_("Show “%(f)s”") % {"f": default}, required=False, initial=setting.shown
            )
            self.fields[f"{name}-required"] = forms.BooleanField(
                label=_("Require “%(f)s” at submission") % {"f": default},
                required=False,
                initial=setting.required,
            )
            self.fields[f"{name}-label"] = forms.CharField(
                label=_("Label for “%(f)s”") % {"f": default},
                required=False,
                max_length=LABEL_MAX,
                initial=setting.label,
                widget=forms.TextInput(attrs={"placeholder": capfirst(default)}),
            )
            self.fields[f"{name}-help"] = forms.CharField(
                label=_("Help for “%(f)s”") % {"f": default},
                required=False,
                max_length=HELP_MAX,
                initial=setting.help,
            )
            if french:
                self.fields[f"{name}-label_fr"] = forms.CharField(
                    label=_("Label for “%(f)s” (French)") % {"f": default},
                    required=False,
                    max_length=LABEL_MAX,
                    initial=setting.label_fr,
                    widget=forms.TextInput(attrs={"lang": "fr-CA"}),
                )
                self.fields[f"{name}-help_fr"] = forms.CharField(
                    label=_("Help for “%(f)s” (French)") % {"f": default},
                    required=False,
                    max_length=HELP_MAX,
                    initial=setting.help_fr,
                    widget=forms.TextInput(attrs={"lang": "fr-CA"}),
                )
        for key, label in SECTIONS.items():
            self.fields[f"section-{key}"] = forms.BooleanField(
                label=label, required=False, initial=config.sections.get(key, True)
            )

    def field_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "default": default,
                "shown": self[f"{name}-shown"],
                "required": self[f"{name}-required"],
                "label": self[f"{name}-label"],
                "help": self[f"{name}-help"],
                "label_fr": self[f"{name}-label_fr"] if self.french else None,
                "help_fr": self[f"{name}-help_fr"] if self.french else None,
            }
            for name, default in self.rows
        ]

    def section_fields(self) -> list[Any]:
        return [self[f"section-{key}"] for key in SECTIONS]

    def settings(self) -> tuple[dict[str, dict[str, Any]], dict[str, bool]]:
        d = self.cleaned_data
        fields = {
            name: {
                "shown": d[f"{name}-shown"],
                "required": d[f"{name}-required"],
                "label": d[f"{name}-label"],
                "help": d[f"{name}-help"],
                **(
                    {"label_fr": d[f"{name}-label_fr"], "help_fr": d[f"{name}-help_fr"]}
                    if self.french
                    else {}
                ),
            }
            for name, _default in self.rows
        }
        return fields, {key: d[f"section-{key}"] for key in SECTIONS}


class QuestionForm(forms.Form):
    name = forms.CharField(
        label=_("Short name"),
        max_length=32,
        required=False,
        help_text=_("Lower-case letters, digits and _; used in exports and the API."),
    )
    label = forms.CharField(label=_("Question"), max_length=LABEL_MAX, required=False)
    kind = forms.ChoiceField(
        label=_("Answer"),
        choices=[("text", _("Free text")), ("choice", _("One of a list"))],
        initial="text",
        required=False,  # empty: free text
    )
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Required at submission"), required=False)
    help = forms.CharField(label=_("Help"), max_length=HELP_MAX, required=False)
    # French (a program writing French; removed otherwise, see QuestionForm.__init__).
    label_fr = forms.CharField(
        label=_("Question (French)"),
        max_length=LABEL_MAX,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fr-CA"}),
    )
    choices_fr = forms.CharField(
        label=_("Choices in French, in the same order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr-CA"}),
    )
    help_fr = forms.CharField(
        label=_("Help (French)"),
        max_length=HELP_MAX,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fr-CA"}),
    )

    def __init__(self, *args: Any, french: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not french:
            for name in ("label_fr", "choices_fr", "help_fr"):
                del self.fields[name]

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not (d.get("name") or d.get("label") or d.get("label_fr") or d.get("choices"))


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=MAX_QUESTIONS)


def question_initial(config: FormConfig) -> list[dict[str, Any]]:
    return [
        {**q.to_dict(), "choices": "\n".join(q.choices), "choices_fr": "\n".join(q.choices_fr)}
        for q in config.questions
    ]


# Plain rendering --------------------------------------------------------------------------
# Django renders each widget (and each option of a select) through its own template, which is
# most of the case page's render time. An unbound form's inputs, selects and text areas are
# drawn here instead as the same markup; anything else (radio buttons, a bound form with what
# was typed and its errors) keeps the template (core/form_fields.html).


def _attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"')
    return "".join(out)


def _widget_html(widget: Any, context: dict[str, Any]) -> str | None:
    w = context["widget"]
    attrs = _attrs_html(w["attrs"])
    name = conditional_escape(w["name"])
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        parts = [f'<select name="{name}"{attrs}>']
        for group_name, options, _index in w["optgroups"]:
            if group_name:
                return None  # option groups: the template draws them
            for o in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(o["value"])}"'
                    f"{_attrs_html(o['attrs'])}>{conditional_escape(o['label'])}</option>"
                )
        parts.append("\n</select>")
        return "".join(parts)
    if isinstance(widget, forms.Textarea):
        value = conditional_escape(w["value"]) if w["value"] else ""
        return f'<textarea name="{name}"{attrs}>\n{value}</textarea>'
    if isinstance(widget, forms.widgets.Input) and widget.template_name in (
        "django/forms/widgets/input.html",
        *(f"django/forms/widgets/{t}.html" for t in ("text", "number", "date", "hidden", "email")),
    ):
        value = "" if w["value"] is None else f' value="{conditional_escape(w["value"])}"'
        return f'<input type="{conditional_escape(w["type"])}" name="{name}"{value}{attrs}>'
    return None


def plain_fields(form: forms.Form) -> list[dict[str, Any]] | None:
    """The unbound form's fields for cases/_plain_fields.html (the markup of
    core/form_fields.html), or None when the form needs the templates (bound, or a widget
    drawn here not)."""
    if form.is_bound:
        return None
    rows = []
    for bf in form:
        widget = bf.field.widget
        attrs = bf.build_widget_attrs({})
        if bf.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bf.auto_id)
        html = _widget_html(widget, widget.get_context(bf.html_name, bf.value(), attrs))
        if html is None:
            return None
        rows.append(
            {
                "hidden": bf.is_hidden,
                "html": mark_safe(html),  # noqa: S308 - every value above is escaped
                "label": bf.label,
                "id_for_label": bf.id_for_label,
                "auto_id": bf.auto_id,
                "required": bf.field.required,
                "help_text": bf.help_text,
                "checkbox": getattr(widget, "input_type", None) == "checkbox",
            }
        )
    return rows


# Ceilings (core.limits; the services check the same), also told to the browser.
cap_text(
    CaseForm.base_fields, CASE_TEXT_MAX, *(f for f in CLINICAL_TEXT_FIELDS if f not in SHORT_TEXT)
)
cap_text(ReviewForm.base_fields, CASE_TEXT_MAX, "comments")
cap_text(RecommendationForm.base_fields, CASE_TEXT_MAX, "text")
cap_text(SendForm.base_fields, CASE_TEXT_MAX, "summary")
cap_text(FollowUpForm.base_fields, CASE_TEXT_MAX, "what_changed")
cap_text(CloseForm.base_fields, CASE_TEXT_MAX, "comments")
cap_text(SummaryForm.base_fields, CASE_TEXT_MAX, "text")
cap_text(OverrideForm.base_fields, FINDING_KEY_MAX, "key")
#: Choices, one per line: at most MAX_CHOICES lines of CHOICE_MAX characters (and line breaks).
CHOICES_TEXT_MAX = MAX_CHOICES * (CHOICE_MAX + 2)
cap_text(QuestionForm.base_fields, CHOICES_TEXT_MAX, "choices", "choices_fr")
