"""Forms of the library's manage pages: talks, tools, the sharing setting. They only parse;
`library.services` decides (and checks uploads by their content)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.cases.models import CaseTheme
from echohub.core.limits import CASE_TEXT_MAX, cap_text
from echohub.library.files import LIBRARY_FILE_MAX_BYTES, recording_uploads_allowed
from echohub.library.models import Talk, Tool
from echohub.programs.models import Program
from echohub.scheduling.models import AgendaItem, AgendaKind, Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MB = LIBRARY_FILE_MAX_BYTES // (1024 * 1024)


def _at_most_mb() -> str:
    return gettext("At most %(mb)s MB.") % {"mb": MB}


#: The size limit's help, translated when a form is shown (a `gettext_lazy(...) % values` at
#: import would fix it in English for everyone).
AT_MOST_MB = lazy(_at_most_mb, str)()


class _PresenterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class _SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.starts_at:%Y-%m-%d} · {obj.title}"


class _ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.session.starts_at:%Y-%m-%d} · {obj.title}"


class TalkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    presenter = _PresenterChoice(
        label=_("Presenter"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A member of the program. Leave empty and type a name for a guest speaker."),
    )
    presenter_name = forms.CharField(
        label=_("Presenter's name (guest speaker)"), max_length=200, required=False
    )
    given_on = forms.DateField(label=_("Date"), widget=DATE)
    session = _SessionChoice(label=_("Session"), queryset=Session.objects.none(), required=False)
    agenda_item = _ItemChoice(
        label=_("Didactic agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("Links the talk to the session's agenda (its resources stay on the session)."),
    )
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", "—"), *CaseTheme.choices], required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=800,
        required=False,
        help_text=_("Separated by commas, e.g. buprenorphine, sleep."),
    )
    learning_objectives = forms.CharField(
        label=_("Learning objectives"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    key_points = forms.CharField(
        label=_("Key points"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    slides = forms.FileField(
        label=_("Slides (PDF or PPTX)"),
        required=False,
        help_text=AT_MOST_MB,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx"}),
    )
    remove_slides = forms.BooleanField(label=_("Remove the slides"), required=False)
    recording_url = forms.URLField(
        label=_("Recording link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The recording on the video platform."),
    )
    recording_file = forms.FileField(
        label=_("Recording file (MP4 or WebM)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".mp4,.webm"}),
    )
    remove_recording = forms.BooleanField(label=_("Remove the recording file"), required=False)
    recording_consent = forms.BooleanField(
        label=_("The presenter agreed to the recording being kept and shown"),
        required=False,
        help_text=_("Without it the talk is never shown as recorded. Cases are never recorded."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__program=program, memberships__is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["session"].queryset = Session.objects.filter(program=program).order_by(  # type: ignore[attr-defined]
            "-starts_at"
        )
        self.fields["agenda_item"].queryset = (  # type: ignore[attr-defined]
            AgendaItem.objects.filter(session__program=program, kind=AgendaKind.DIDACTIC)
            .select_related("session")
            .order_by("-session__starts_at", "position")
        )
        if not recording_uploads_allowed():
            del self.fields["recording_file"]
            del self.fields["remove_recording"]

    @staticmethod
    def initial_for(talk: Talk) -> dict[str, Any]:
        return {
            "title": talk.title,
            "title_fr": talk.title_fr,
            "presenter": talk.presenter_id,
            "presenter_name": talk.presenter_name,
            "given_on": talk.given_on,
            "session": talk.session_id,
            "agenda_item": talk.agenda_item_id,
            "theme": talk.theme,
            "tags": ", ".join(t.name for t in talk.tags.all()),
            "learning_objectives": talk.learning_objectives,
            "key_points": talk.key_points,
            "recording_url": talk.recording_url,
            "recording_consent": talk.recording_consent,
        }


class ToolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Who publishes it, e.g. Centre for Effective Practice."),
    )
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("File (PDF or PPTX)"),
        required=False,
        help_text=AT_MOST_MB,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx"}),
    )
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    checked_on = forms.DateField(label=_("Date checked"), widget=DATE, required=False)
    review_by = forms.DateField(
        label=_("Review by"),
        widget=DATE,
        required=False,
        help_text=_("The coordinators are reminded on this date to check it again."),
    )
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", "—"), *CaseTheme.choices], required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=800,
        required=False,
        help_text=_("Separated by commas."),
    )
    for_all_programs = forms.BooleanField(
        label=_("For every program of this site"),
        required=False,
        help_text=_("Site administrators only."),
    )

    def __init__(self, *args: Any, superuser: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not superuser:
            del self.fields["for_all_programs"]

    @staticmethod
    def initial_for(tool: Tool) -> dict[str, Any]:
        return {
            "title": tool.title,
            "title_fr": tool.title_fr,
            "source": tool.source,
            "url": tool.url,
            "description": tool.description,
            "checked_on": tool.checked_on,
            "review_by": tool.review_by,
            "theme": tool.theme,
            "tags": ", ".join(t.name for t in tool.tags.all()),
            "for_all_programs": tool.program_id is None,
        }


class CheckedForm(forms.Form):
    review_by = forms.DateField(label=_("Next review by"), widget=DATE, required=False)


class SharingForm(forms.Form):
    share_with_deployment = forms.BooleanField(
        label=_("Share this library with the other programs of this site"),
        required=False,
        help_text=_(
            "Members of every other program can then read your talks, tools and past cases, "
            "without presenters' names. Evaluators never read past cases."
        ),
    )


# Ceilings (core.limits; library.services checks the same), also told to the browser.
cap_text(TalkForm.base_fields, CASE_TEXT_MAX, "learning_objectives", "key_points")
cap_text(ToolForm.base_fields, CASE_TEXT_MAX, "description")
