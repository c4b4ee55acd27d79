from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, cast

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from echohub.accounts.forms import TimeZoneField
from echohub.accounts.models import User
from echohub.core import bilingual, bilingual_forms
from echohub.core.limits import LONG_TEXT_MAX, SEARCH_MAX, URL_MAX, VERSION_MAX, cap_text
from echohub.programs.models import HubMember, Program
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    Frequency,
    Series,
    Session,
    SessionStatus,
)
from echohub.scheduling.planning import HOLIDAY_REGIONS, SeriesPlan, default_region
from echohub.scheduling.queries import follow_up_candidates, followable_statuses
from echohub.scheduling.recurrence import Recurrence, local_to_utc
from echohub.scheduling.services import agenda_item_version

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEKS = [(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))]


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Frequency.choices)
    interval = forms.IntegerField(
        label=_("Every N weeks / months"), min_value=1, max_value=12, initial=1
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, initial=3)
    week_of_month = forms.TypedChoiceField(
        label=_("Week of the month (monthly only)"),
        choices=[("", "—"), *WEEKS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    first_date = forms.DateField(label=_("First date"), widget=DateInput)
    last_date = forms.DateField(label=_("Last date"), widget=DateInput, required=False)
    count = forms.IntegerField(
        label=_("Or: number of sessions"), min_value=1, max_value=400, required=False
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput, initial=dt.time(12, 30))
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=720, initial=90
    )
    time_zone = TimeZoneField(label=_("Time zone"))
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    topics = forms.CharField(
        label=_("Curriculum (one didactic topic per line, in order)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    topics_fr = forms.CharField(
        label=_("Curriculum (French)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    holiday_region = forms.ChoiceField(
        label=_("Skip the statutory holidays of"),
        choices=HOLIDAY_REGIONS,
        required=False,
        help_text=_(
            "The program’s own breaks are always skipped. With a number of sessions, skipped "
            "dates do not count: the series runs on until it has that many."
        ),
    )
    # What the coordinator last previewed (planning.SeriesPlan.fingerprint): creating needs it.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("time_zone", program.time_zone)
        initial.setdefault("holiday_region", default_region(program.time_zone))
        super().__init__(*args, **kwargs)
        bilingual_forms.adapt(self, program.languages, ["title", "topics"], ["title"])

    def recurrence(self) -> Recurrence:
        d = self.cleaned_data
        return Recurrence(
            frequency=d["frequency"],
            interval=d["interval"],
            weekday=d["weekday"],
            week_of_month=d["week_of_month"],
            first_date=d["first_date"],
            last_date=d["last_date"],
            count=d["count"],
            start_time=d["start_time"],
            duration_minutes=d["duration_minutes"],
            time_zone=d["time_zone"],
        )

    def topic_pairs(self) -> list[tuple[str, str]]:
        """The curriculum, one topic a line, as (English, French) pairs: a French line goes
        with the English line of the same number; lines empty in both are dropped."""
        en = [t.strip() for t in (self.cleaned_data.get("topics") or "").splitlines()]
        fr = [t.strip() for t in (self.cleaned_data.get("topics_fr") or "").splitlines()]
        n = max(len(en), len(fr))
        en, fr = en + [""] * (n - len(en)), fr + [""] * (n - len(fr))
        return [(e, f) for e, f in zip(en, fr, strict=True) if e or f]

    def topic_list(self) -> list[str]:
        """The topics as the preview shows them (English, else French)."""
        return [e or f for e, f in self.topic_pairs()]

    def fingerprint(self, plan: SeriesPlan) -> str:
        """The plan and everything else the preview shows (titles, topics, link)."""
        d = self.cleaned_data
        pairs = self.topic_pairs()
        return plan.fingerprint(
            (d.get("title") or "").strip(),
            (d.get("title_fr") or "").strip(),
            d["video_url"],
            *(e for e, _f in pairs),
            *(f for _e, f in pairs),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bilingual_forms.check_required(self, data)
        if not data.get("last_date") and not data.get("count"):
            self.add_error("count", _("Give a last date or a number of sessions."))
        if data.get("last_date") and data.get("count"):
            self.add_error("count", _("Give a last date or a number of sessions, not both."))
        if data.get("frequency") == Frequency.MONTHLY_WEEKDAY and not data.get("week_of_month"):
            self.add_error("week_of_month", _("Choose which week of the month."))
        return data


class SessionTimesForm(forms.Form):
    """A date and wall-clock start/end in a time zone, turned into aware UTC datetimes."""

    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput)
    time_zone = TimeZoneField(label=_("Time zone"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        tz = zoneinfo.ZoneInfo(data["time_zone"])
        data["starts_at"] = local_to_utc(data["date"], data["start_time"], tz)
        data["ends_at"] = local_to_utc(data["date"], data["end_time"], tz)
        if data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", _("The end must be after the start."))
        return data


def _presenter_label(user: Any) -> str:
    """A person in the presenter list: the hub team marked as such."""
    if getattr(user, "on_hub", False):
        return f"{user} · {_('Hub team')}"
    return str(user)


class SeriesChoiceField(forms.ModelChoiceField):
    """A program's series named by their title in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return bilingual.text(obj, "title")


class NewSessionForm(SessionTimesForm):
    # A session added after a cycle's last one, or to make up a cancelled one, belongs to its
    # series: numbered after its last session, with its video link when none is given.
    series = SeriesChoiceField(
        label=_("Series"),
        queryset=Series.objects.none(),
        required=False,
        empty_label=_("None: a session on its own"),
        help_text=_(
            "In a series, the session is numbered after the series' last one and takes its "
            "video link when you give none."
        ),
        error_messages={"invalid_choice": _("Choose a series of this program.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    field_order = [
        "series",
        "title",
        "title_fr",
        "date",
        "start_time",
        "end_time",
        "time_zone",
        "video_url",
    ]

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual_forms.adapt(self, program.languages, ["title"], ["title"])
        series = cast(forms.ModelChoiceField, self.fields["series"])
        series.queryset = Series.objects.filter(program=program).order_by("-first_date", "-pk")
        if not series.queryset.exists():  # nothing to choose: no field to explain
            del self.fields["series"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        bilingual_forms.check_required(self, data)
        return data


class SessionTitleForm(forms.Form):
    """A session's title after it was created (in the program's languages)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual_forms.adapt(self, program.languages, ["title"], ["title"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bilingual_forms.check_required(self, data)
        return data


class SessionChoiceField(forms.ModelChoiceField):
    """Sessions named by their date in their own time zone, then their title."""

    def label_from_instance(self, obj: Any) -> str:
        when = formats.date_format(
            timezone.localtime(obj.starts_at, zoneinfo.ZoneInfo(obj.time_zone)), "D j M Y, H:i"
        )
        return f"{when} · {bilingual.text(obj, 'title')}"


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to participants)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    move_didactic_to = SessionChoiceField(
        label=_("Move its didactic to"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Do not move it"),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["move_didactic_to"])
        self.didactics = [i for i in session.agenda_items.all() if i.kind == AgendaKind.DIDACTIC]
        if not self.didactics:
            del self.fields["move_didactic_to"]
            return
        field.queryset = (
            Session.objects.filter(
                program_id=session.program_id,
                status=SessionStatus.SCHEDULED,
                ends_at__gt=timezone.now(),
            )
            .exclude(pk=session.pk)
            .order_by("starts_at")
        )
        topics = ", ".join(f"“{i.title}”" for i in self.didactics)
        field.label = ngettext(
            "Move its didactic %(topics)s to",
            "Move its didactics %(topics)s to",
            len(self.didactics),
        ) % {"topics": topics}
        field.help_text = _(
            "One of the program’s upcoming sessions; it goes after that session’s own didactic."
        )


class BreakForm(forms.Form):
    title = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example “Winter break”.")
    )
    first_day = forms.DateField(label=_("First day"), widget=DateInput)
    last_day = forms.DateField(label=_("Last day"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day is before the first day."))
        return data


class SessionFilterForm(forms.Form):
    WHEN = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]
    when = forms.ChoiceField(label=_("When"), choices=WHEN, required=False)
    q = forms.CharField(label=_("Search"), required=False)
    cancelled = forms.BooleanField(label=_("Include cancelled"), required=False)


class AgendaItemForm(forms.ModelForm):
    # The version read when the form was opened (optimistic locking; see save_agenda_item).
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # A case id, checked by save_agenda_item (a case of another program, one not yet sent, a
    # slot of another kind are refused there in words, for the API too); the list is short,
    # and the search below narrows it.
    followed_case = forms.IntegerField(
        label=_("Case followed up"),
        required=False,
        min_value=1,
        widget=forms.Select,
        help_text=_(
            "For a case follow-up only: one of this program’s cases whose recommendations were "
            "sent. Cases whose presenter asked for a follow-up come first."
        ),
    )
    case_q = forms.CharField(
        label=_("Find a case for the follow-up (title, site or case number)"),
        required=False,
        max_length=100,
    )

    field_order = [
        "kind",
        "title",
        "title_fr",
        "presenter",
        "duration_minutes",
        "notes",
        "notes_fr",
        "position",
        "case_q",
        "followed_case",
    ]

    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "title",
            "title_fr",
            "presenter",
            "duration_minutes",
            "notes",
            "notes_fr",
            "position",
        ]

    def __init__(
        self, *args: Any, program: Program, actor: Any = None, case_q: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = AgendaKind.choices
        self._follow_up_choices(program, actor, case_q)
        # The hub team first, each marked, then everyone else by name: a talk's presenter was
        # lost among a program's participants (about 150 in the demo) with nothing to tell.
        presenter = cast(forms.ModelChoiceField, self.fields["presenter"])
        on_hub = HubMember.objects.filter(hub__program=program, is_active=True, user=OuterRef("pk"))
        presenter.queryset = (
            User.objects.filter(memberships__program=program, memberships__is_active=True)
            .annotate(on_hub=Exists(on_hub))
            .distinct()
            .order_by("-on_hub", "last_name", "first_name")
        )
        presenter.label_from_instance = _presenter_label  # type: ignore[method-assign,assignment]
        presenter.empty_label = _("No presenter named")  # not Django's "---------"
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Leave empty to add it at the end.")
        self.fields["notes"].widget.attrs["rows"] = 3
        self.fields["notes_fr"].widget.attrs["rows"] = 3
        bilingual_forms.adapt(self, program.languages, ["title", "notes"], ["title"])
        # A follow-up slot linked to its case may go without a title (it is called after the
        # case's number); save_agenda_item asks for one otherwise.
        for name in ("title", "title_fr"):
            if name in self.fields:
                self.fields[name].required = False
        if not self.instance.pk:
            self.initial["position"] = None
        else:
            # Kept as first read when the form comes back from a case search.
            self.initial.setdefault("version", agenda_item_version(self.instance))

    def _follow_up_choices(self, program: Program, actor: Any, case_q: str) -> None:
        """The cases offered for a follow-up slot: `case_ids` (what the page shows, for its
        audit entry). The case chosen (typed, or the slot's) is kept in the list when it may
        be chosen, so a search or a refused save never loses it."""
        self.case_ids: list[int] = []
        if actor is None:
            self.fields["followed_case"].widget = forms.HiddenInput()
            return
        self.initial.setdefault("case_q", case_q)
        if self.instance.pk and "followed_case" not in self.initial:
            self.initial["followed_case"] = self.instance.followed_case_id
        cases = follow_up_candidates(actor, program, case_q)
        chosen = self.data.get("followed_case") if self.is_bound else None
        chosen = chosen if chosen not in (None, "") else self.initial.get("followed_case")
        if chosen and str(chosen).isdecimal() and all(c.pk != int(chosen) for c in cases):
            from echohub.cases.queries import visible_cases  # cases sits above scheduling

            cases += list(
                visible_cases(actor, program).filter(
                    pk=int(chosen), sent_at__isnull=False, status__in=followable_statuses()
                )
            )
        self.case_ids = [c.pk for c in cases]
        cast(forms.Select, self.fields["followed_case"].widget).choices = [
            ("", _("No case")),
            *((c.pk, _case_label(c)) for c in cases),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("followed_case"):
            bilingual_forms.check_required(self, data)
        return data


def _case_label(case: Any) -> str:
    """A case as the follow-up list names it: number, title, the presenter's site."""
    parts = [str(case), case.title or "—", case.site.name if case.site else _("no site")]
    label = " — ".join(str(p) for p in parts)
    if getattr(case, "asked", False):
        label += " · " + str(_("follow-up asked for"))
    return label


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Resource title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    url = forms.URLField(label=_("Link"), assume_scheme="https")


# Ceilings (core.limits; the API takes the same), also told to the browser.
cap_text(AgendaItemForm.base_fields, LONG_TEXT_MAX, "notes", "notes_fr")
cap_text(SeriesForm.base_fields, LONG_TEXT_MAX, "topics", "topics_fr")
cap_text(SeriesForm.base_fields, URL_MAX, "video_url")
cap_text(NewSessionForm.base_fields, URL_MAX, "video_url")
cap_text(ResourceForm.base_fields, URL_MAX, "url")
cap_text(SessionFilterForm.base_fields, SEARCH_MAX, "q")
cap_text(AgendaItemForm.base_fields, VERSION_MAX, "version")
cap_text(SeriesForm.base_fields, VERSION_MAX, "previewed")
