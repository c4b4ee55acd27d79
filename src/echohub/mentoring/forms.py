"""Mentoring forms: the doors for typed input (the services check the rules)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.core import bilingual, limits
from echohub.core.choices import name_blank_choices
from echohub.mentoring import services
from echohub.mentoring.calls import CALL_TIMES_MAX, CLAIM_MAX_MINUTES, LOG_MAX_MINUTES
from echohub.mentoring.models import CreditMode, EmailChoice, Mentor, MentoringTopic
from echohub.mentoring.services import (
    CAPACITY_MAX,
    MESSAGE_MAX,
    TARGET_DAYS_MAX,
    mentor_candidates,
)
from echohub.programs.models import Program
from echohub.scheduling.planning import HOLIDAY_REGIONS

BODY_HELP = _(
    "Only you and your mentor read this conversation; coordinators see its topic, dates and "
    "status, never its text. No names, dates, places or numbers that could identify a "
    "patient: every message is checked like case text."
)


class TopicChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return bilingual.text(obj, "name")


class TopicsChoice(limits.IdsChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return bilingual.text(obj, "name")


class AskForm(forms.Form):
    topic = TopicChoice(
        label=_("Topic"),
        queryset=MentoringTopic.objects.none(),
        required=False,
        empty_label=_("Not sure: a coordinator will choose a mentor"),
        help_text=_("The topic decides which mentor gets your question."),
    )
    body = forms.CharField(
        label=_("Your question"),
        error_messages={"required": _("Write your question.")},
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = MentoringTopic.objects.filter(  # type: ignore[attr-defined]
            program=program, active=True
        )

    def clean_body(self) -> str:
        return limits.checked_field(
            partial(services.check_body, question=True), self.cleaned_data["body"]
        )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        error_messages={"required": _("Write your message.")},
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
    )

    def clean_body(self) -> str:
        return limits.checked_field(services.check_body, self.cleaned_data["body"])


class CallNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note of the call"),
        error_messages={"required": _("Write the note of the call.")},
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed and advised; checked for identifiers like any message."),
    )


class OverrideForm(forms.Form):
    message = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(max_length=200, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Not identifying, because"), max_length=300, min_length=5)


class EditHeldForm(forms.Form):
    message = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your text"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


class CallForm(forms.Form):
    time1 = forms.DateTimeField(
        label=_("Proposed time 1"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    time2 = forms.DateTimeField(
        label=_("Proposed time 2 (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time3 = forms.DateTimeField(
        label=_("Proposed time 3 (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def times(self) -> list[Any]:
        return [self.cleaned_data.get(f"time{i}") for i in range(1, CALL_TIMES_MAX + 1)]


class ChooseTimeForm(forms.Form):
    call = forms.IntegerField(widget=forms.HiddenInput)
    when = forms.DateTimeField(widget=forms.HiddenInput)


class MinutesForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=max(LOG_MAX_MINUTES, CLAIM_MAX_MINUTES),
    )


class AwayForm(forms.Form):
    away_until = forms.DateField(
        label=_("Away until (last day away)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty when you are available. No questions are sent to you meanwhile."),
    )


class AssignForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        field.queryset = Mentor.objects.filter(program=program, active=True).select_related("user")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: m.user.full_name or m.user.email  # type: ignore[attr-defined]
        name_blank_choices(self)


class MentorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=Mentor.objects.none())
    disciplines = forms.CharField(
        label=_("Disciplines"),
        max_length=200,
        required=False,
        help_text=_("E.g. family medicine, pharmacy, psychology."),
    )
    disciplines_fr = forms.CharField(
        label=_("Disciplines (French)"),
        max_length=200,
        required=False,
        help_text=_("Shown to French readers; left empty, they see the English."),
    )
    topics = TopicsChoice(
        label=_("Topics"),
        queryset=MentoringTopic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Open questions at once"), min_value=1, max_value=CAPACITY_MAX, initial=3
    )
    away_until = forms.DateField(
        label=_("Away until (last day away)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    active = forms.BooleanField(label=_("Takes questions"), required=False, initial=True)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = mentor_candidates(program)  # type: ignore[attr-defined]
        field.label_from_instance = _person_label  # type: ignore[attr-defined]
        self.fields["topics"].queryset = MentoringTopic.objects.filter(program=program)  # type: ignore[attr-defined]
        name_blank_choices(self)


def _person_label(user: Any) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120, required=False)
    position = forms.IntegerField(
        label=_("Position in lists"), min_value=0, max_value=999, initial=0
    )
    active = forms.BooleanField(label=_("Offered to people asking"), required=False, initial=True)


class SettingsForm(forms.Form):
    first_answer_days = forms.IntegerField(
        label=_("First answer within (business days)"), min_value=1, max_value=TARGET_DAYS_MAX
    )
    remind_hours = forms.IntegerField(
        label=_("Remind the mentor this many hours before the target"),
        min_value=1,
        max_value=24 * TARGET_DAYS_MAX,
    )
    holiday_region = forms.ChoiceField(
        label=_("Holidays skipped"),
        choices=HOLIDAY_REGIONS,
        required=False,
        help_text=_("Business days skip weekends and these statutory holidays."),
    )
    credit_mode = forms.ChoiceField(label=_("Mentee credit"), choices=CreditMode.choices)
    credits_per_hour = forms.DecimalField(
        label=_("Credits per hour"), min_value=0, max_value=5, decimal_places=2, required=False
    )
    credit_statement = forms.CharField(
        label=_("Credit statement"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown with each claim, e.g. the Mainpro+ Self-Learning wording your provider gives."
        ),
    )
    credit_statement_fr = forms.CharField(
        label=_("Credit statement (French)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoticeEmailForm(forms.Form):
    email = forms.ChoiceField(
        label=_("Email me about mentoring"),
        choices=EmailChoice.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "You always see the news here. Reminders of a question's service target are "
            "emailed to mentors and coordinators whatever you choose."
        ),
    )
