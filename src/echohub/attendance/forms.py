"""Forms for the attendance screens: the only door for input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.accounts.forms import TimeZoneField
from echohub.attendance.services import MAX_UPLOAD_BYTES
from echohub.core.limits import IdsChoiceField, whole_number


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime_field(label: Any, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("In the session's time zone."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Zoom participants report (CSV)"),
        help_text=_(
            "As downloaded from Zoom (Reports › Usage › Participants), any layout. "
            "Importing the same report again changes nothing."
        ),
    )
    time_zone = TimeZoneField(
        label=_("Time zone of the report's times"),
        help_text=_(
            "The Zoom account's time zone, usually the session's. For a BigBlueButton "
            "dashboard: the time zone of the computer that downloaded it."
        ),
    )

    date_order = forms.ChoiceField(
        label=_("Dates in this file"),
        choices=[
            ("auto", _("Automatic")),
            ("day", _("Day first (31/12/2026)")),
            ("month", _("Month first (12/31/2026)")),
        ],
        initial="auto",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Automatic reads most reports. When a report is refused because its dates read "
            "both ways (01/07: 1 July or 7 January), say how they are written."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("date_order"):
            # Sent without it (an older page, a script): automatic, and shown so when refused.
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict: its copy is mutable
            data["date_order"] = "auto"
            self.data = data

    def clean_date_order(self) -> str:
        return self.cleaned_data.get("date_order") or "auto"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB: is it really a participants report?")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class PersonChoiceField(forms.ModelChoiceField):
    """One person, sent by id: an id that is not a whole number a database integer holds is
    refused like an unknown one (Django's lookup overflows on SQLite past 2**63)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and whole_number(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.email
        return f"{name} ({obj.email})"


class PeopleChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.email
        return f"{name} ({obj.email})"


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        span = f" ({obj.minutes_span} min)" if obj.join_at and obj.leave_at else ""
        return f"{_('Row')} {obj.row_number}: {obj.name}{span}"


class AssignForm(forms.Form):
    user = PersonChoiceField(queryset=None, label=_("Person"), empty_label=_("Choose a person"))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class ManualForm(forms.Form):
    user = PersonChoiceField(queryset=None, label=_("Person"), empty_label=_("Choose a person"))
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        help_text=_(
            "Either minutes, or join and leave times. Minutes count when the report shows "
            "fewer and are never added to the report's, which may be the same time: for "
            "time the report missed, give the join and leave times."
        ),
    )
    join_at = _datetime_field(_("Joined"))
    leave_at = _datetime_field(_("Left"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Why this is entered by hand (kept with the record and exported)."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class RollCallForm(forms.Form):
    room_row = RoomChoiceField(
        queryset=None,
        label=_("Shared-room row from the report"),
        required=False,
        empty_label=_("None: enter the times"),
    )
    users = PeopleChoiceField(
        queryset=None,
        label=_("People present in the room"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    join_at = _datetime_field(_("Joined"))
    leave_at = _datetime_field(_("Left"))
    reason = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Required when no report row is chosen."),
    )

    def __init__(self, *args: Any, people: Any, rooms: Any, **kwargs: Any) -> None:
        # Its own ids: it shares the session page with ManualForm (join_at, leave_at, reason),
        # and two fields with one id leave the second without a label.
        kwargs.setdefault("auto_id", "roll_%s")
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = people  # type: ignore[attr-defined]
        self.fields["room_row"].queryset = rooms  # type: ignore[attr-defined]


class AdjustForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes attended"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to remove the adjustment and use the computed minutes."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. Shown in exports and kept in the audit log."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm this change to the person's attendance."), required=True
    )
