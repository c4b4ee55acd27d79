"""Forms: the only doors for survey input (builder, sending, answering)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from echohub.attendance.models import Attendance
from echohub.core import bilingual, limits
from echohub.core.limits import LONG_TEXT_MAX, cap_text
from echohub.core.phi_check import FieldFinding, highlight
from echohub.evaluation import services, shipped
from echohub.evaluation.models import (
    Question,
    QuestionKind,
    Section,
    Survey,
    SurveyInvitation,
    SurveyKind,
)
from echohub.evaluation.queries import survey_structure
from echohub.programs.models import Program
from echohub.scheduling.models import Series, Session, SessionStatus


class NewSurveyForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=[("", _("A blank survey")), *shipped.template_choices()],
        required=False,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the template's title."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("template") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give a blank survey a title."))
        return data


class SurveyForm(forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = services.SURVEY_FIELDS
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "intro_fr": forms.Textarea(attrs={"rows": 3}),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "series": _("The cycle a start- or end-of-cycle survey belongs to."),
            "pre_survey": _(
                "End-of-cycle surveys: the start-of-cycle survey it is compared with "
                "(questions pair by variable name)."
            ),
            "send_after_sessions": _(
                "Post-session evaluations: emailed to each session's attendees when it ends."
            ),
            "closes_at": _("Optional. After this time the survey takes no more answers."),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series: Any = self.fields["series"]
        series.queryset = Series.objects.filter(program=program).order_by("-first_date")
        pre: Any = self.fields["pre_survey"]
        pre.queryset = Survey.objects.filter(program=program, kind=SurveyKind.PRE_CYCLE).exclude(
            pk=self.instance.pk or 0
        )
        closes: Any = self.fields["closes_at"]
        closes.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        closes.validators.append(limits.date_in_range)


class SectionForm(forms.ModelForm[Section]):
    class Meta:
        model = Section
        fields = ["title", "title_fr"]


def _parse_lines(text: str, first: str) -> list[dict[str, str]]:
    """'value | English | French' per line (value optional for scales: numbered 1..n)."""
    out: list[dict[str, str]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 1:
            parts = ["", parts[0], ""]
        elif len(parts) == 2:
            parts = [parts[0], parts[1], ""]
        out.append({first: parts[0], "label": parts[1], "label_fr": "|".join(parts[2:]).strip()})
    return out


def _format_lines(items: Sequence[Mapping[str, str]], first: str) -> str:
    return "\n".join(
        " | ".join(p for p in (i.get(first, ""), i.get("label", ""), i.get("label_fr", ""))).rstrip(
            " |"
        )
        for i in items
    )


class QuestionForm(forms.ModelForm[Question]):
    options_text = forms.CharField(
        label=_("Choices or scale points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line: value | English label | French label. Scale points (rating and "
            "matrix) are scored by their value, a number; to number them 1, 2, 3… leave the "
            "values out: “| Agree | D'accord”, or just “Agree”."
        ),
    )
    rows_text = forms.CharField(
        label=_("Matrix items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Matrix only. One per line: key | English label | French label."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "code",
            "kind",
            "text",
            "text_fr",
            "help_text",
            "required",
            "min_value",
            "max_value",
        ]
        labels = {"min_value": _("Lowest number allowed"), "max_value": _("Highest number allowed")}
        help_texts = {
            "code": _("Short name used in exports (letters, digits, _ and -)."),
            "min_value": _("Number questions only."),
            "max_value": _("Number questions only."),
        }

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section: Any = self.fields["section"]
        section.queryset = Section.objects.filter(survey=survey)
        section.required = False
        if self.instance.pk and not self.is_bound:
            self.initial["options_text"] = _format_lines(self.instance.options, "value")
            self.initial["rows_text"] = _format_lines(self.instance.rows, "key")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = _parse_lines(data.get("options_text", ""), "value")
        if data.get("kind") in (QuestionKind.LIKERT, QuestionKind.MATRIX) and all(
            not o["value"] for o in options
        ):
            for i, o in enumerate(options, start=1):
                o["value"] = str(i)
        data["options"] = options
        data["rows"] = _parse_lines(data.get("rows_text", ""), "key")
        return data

    def add_error(self, field: str | None, error: Any) -> None:
        # Services name the stored fields; the form shows them on their text boxes.
        mapped = {"options": "options_text", "rows": "rows_text"}.get(field or "", field)
        super().add_error(mapped, error)


class _CountedSelect(forms.Select):
    """A session's option that says how many people sending for it emails: its label names
    the count and it carries its own question (data-confirm, read by app.js)."""

    counts: dict[int, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts = {}

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> Any:
        option = super().create_option(name, value, label, *args, **kwargs)
        pk = getattr(value, "value", value)
        if pk in self.counts:
            n = self.counts[pk]
            option["attrs"]["data-count"] = str(n)
            if n:
                option["attrs"]["data-confirm"] = ngettext(
                    "Email a personal link to this survey to %(n)d person of this session "
                    "not yet invited?",
                    "Email a personal link to this survey to %(n)d people of this session "
                    "not yet invited?",
                    n,
                ) % {"n": n}
        return option


class SessionChoiceField(forms.ModelChoiceField[Session]):
    counts: dict[int, int] | None = None

    def label_from_instance(self, obj: Session) -> str:
        day = date_format(timezone.localtime(obj.starts_at), "DATE_FORMAT")
        title = bilingual.text(obj, "title")  # in the reader's language, as on every page
        if self.counts is None or obj.pk not in self.counts:
            return f"{day} · {title}"
        # The count before the title, so a narrow menu still shows it.
        n = self.counts[obj.pk]
        count = (
            ngettext("%(n)d to email", "%(n)d to email", n) % {"n": n}
            if n
            else gettext("everyone invited")
        )
        return f"{day} · {count} · {title}"


def session_counts(survey: Survey, sessions: Sequence[Session]) -> dict[int, int]:
    """For each session, how many people "Send now" would email for it: its recorded attendees
    (active accounts), or the program's active participants when none was recorded, as
    `services.session_recipients` chooses them, less those already invited for it. Three
    queries whatever the number of sessions."""
    ids = [s.pk for s in sessions]
    if not ids:
        return {}
    attendees: dict[int, set[int]] = {}
    for session_id, user_id in (
        Attendance.objects.filter(session_id__in=ids, user__is_active=True)
        .values_list("session_id", "user_id")
        .distinct()
    ):
        attendees.setdefault(session_id, set()).add(user_id)
    invited: dict[int, set[int]] = {}
    for session_id, user_id in SurveyInvitation.objects.filter(
        survey=survey, session_id__in=ids
    ).values_list("session_id", "user_id"):
        invited.setdefault(session_id, set()).add(user_id)
    participants: set[int] | None = None
    counts = {}
    for pk in ids:
        people = attendees.get(pk)
        if not people:
            if participants is None:
                participants = {u.pk for u in services._active_participants(survey.program_id)}
            people = participants
        counts[pk] = len(people - invited.get(pk, set()))
    return counts


class SendSessionForm(forms.Form):
    session = SessionChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        empty_label=None,
        widget=_CountedSelect,
    )

    def __init__(
        self, *args: Any, program: Program, survey: Survey | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["session"]
        now = timezone.now()
        field.queryset = (
            Session.objects.filter(
                program=program, ends_at__lte=now, ends_at__gte=now - dt.timedelta(days=120)
            )
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("-starts_at")
        )
        if survey is not None:
            #: The sessions offered, newest first, with how many each would email.
            self.sessions = list(field.queryset)
            field.counts = field.widget.counts = session_counts(survey, self.sessions)


# --- answering -----------------------------------------------------------------------------


def _label(item: Mapping[str, Any] | Any, field: str, french: bool) -> str:
    get = item.get if isinstance(item, Mapping) else (lambda k, d="": getattr(item, k, d))
    return str((french and get(f"{field}_fr", "")) or get(field, ""))


class ResponseForm:
    """The respondent's form for one survey: validates through the service's rules and lays
    out every question for the template (labels in the reader's language, French falling back
    to English, what was typed kept, errors and identifier findings in place)."""

    def __init__(self, survey: Survey, data: Any = None, *, language: str = "en") -> None:
        self.survey = survey
        self.data = data
        self.french = (language or "").startswith("fr")
        self.sections = survey_structure(survey)
        self.questions = [q for _s, qs in self.sections for q in qs]
        self.errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        self.findings: list[FieldFinding] = []
        self.confirmations: dict[str, str] = {}

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        clean = services.validate_answers(self.questions, self.data)
        self.errors, self.values = clean.errors, clean.values
        self.confirmations = {
            key: (self.data.get(f"reason-{key}") or "").strip()
            for key in self.data.getlist("phi_ok")
        }
        return not self.errors

    def _value(self, name: str, many: bool = False) -> Any:
        if self.data is None:
            return [] if many else ""
        return self.data.getlist(name) if many else (self.data.get(name) or "")

    def layout(self) -> list[dict[str, Any]]:
        f = self.french
        by_field: dict[str, list[FieldFinding]] = {}
        for finding in self.findings:
            by_field.setdefault(finding.field, []).append(finding)
        groups = []
        for section, questions in self.sections:
            items = []
            for q in questions:
                name = services.field_name(q)
                chosen = self._value(name, many=q.kind == QuestionKind.MULTIPLE)
                chosen_set = set(chosen) if isinstance(chosen, list) else {chosen}
                options = [
                    {
                        "value": o["value"],
                        "label": _label(o, "label", f),
                        "checked": o["value"] in chosen_set,
                    }
                    for o in q.options
                ]
                rows = []
                for r in q.rows:
                    rname = services.field_name(q, r["key"])
                    picked = self._value(rname)
                    rows.append(
                        {
                            "name": rname,
                            "label": _label(r, "label", f),
                            "error": self.errors.get(rname, ""),
                            "options": [{**o, "checked": o["value"] == picked} for o in options],
                        }
                    )
                hits = by_field.get(name, [])
                items.append(
                    {
                        "q": q,
                        "name": name,
                        "text": _label(q, "text", f),
                        "help": q.help_text,
                        "options": options,
                        "rows": rows,
                        "value": chosen if not isinstance(chosen, list) else "",
                        "error": self.errors.get(name, "")
                        or next((r["error"] for r in rows if r["error"]), ""),
                        "min": services._num(q.min_value) if q.min_value is not None else "",
                        "max": services._num(q.max_value) if q.max_value is not None else "",
                        "phi_html": highlight(str(chosen), hits) if hits else "",
                        "phi_open": [h for h in hits if not h.overridden],
                        "phi_items": [
                            {
                                "finding": h,
                                "checked": h.key in self.confirmations,
                                "reason": self.confirmations.get(h.key, ""),
                            }
                            for h in hits
                        ],
                    }
                )
            groups.append({"title": _label(section, "title", f) if section else "", "items": items})
        return groups


# Ceilings (core.limits), also told to the browser.
cap_text(SurveyForm.base_fields, LONG_TEXT_MAX, "intro", "intro_fr")
cap_text(QuestionForm.base_fields, LONG_TEXT_MAX, "options_text", "rows_text")
