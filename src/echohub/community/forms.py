"""The community's forms: the doors for typed input (the services check the rules)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from echohub.community import services
from echohub.community.models import EmailMode, ReactionKind, Topic
from echohub.community.services import ATTACHMENTS_PER_POST, POST_MAX, TITLE_MAX
from echohub.core import limits


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


BODY_HELP = _(
    "No names, dates, places or numbers that could identify a patient: every message is checked "
    "like case text. Markdown: *italic*, **bold**, `code`, > quote, - lists, [text](https://…). "
    "Mention a member with @first.last."
)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=POST_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages={"required": _("Write your message.")},  # the service's words
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a field named like BaseForm.files
        label=_("Attach files (optional)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Interpolated per form, in the request's language (a module-level `%` on a lazy
        # string froze it in English at import).
        self.fields["files"].help_text = gettext(
            "PDF or images (PNG, JPEG, GIF), at most %(n)d files of 5 MB each."
        ) % {"n": ATTACHMENTS_PER_POST}

    def clean_body(self) -> str:
        return limits.checked_field(services.check_body, self.cleaned_data["body"])

    def say_files_not_kept(self) -> None:
        """A refused form cannot keep the files chosen with it (a browser never fills a file
        input again): name them under the field, so that the person chooses them again instead
        of publishing later without them. Nothing when the files themselves were refused."""
        if not self.errors or "files" in self.errors or not self.files:
            return
        uploads: Any = self.files  # the request's files (the field of that name is the class's)
        names = [f.name for f in uploads.getlist("files") if f and f.name]
        if names:
            self.add_error(
                "files",
                gettext("Choose %(names)s again: files are not kept when a message is refused.")
                % {"names": ", ".join(names)},
            )


class ThreadForm(ReplyForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the discussion a title.")},
    )
    field_order = ["title", "body", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your message")

    def clean_title(self) -> str:
        return limits.checked_field(services.check_title, self.cleaned_data["title"])

    def clean_body(self) -> str:
        return limits.checked_field(
            partial(services.check_body, first=True), self.cleaned_data["body"]
        )


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=500,
        help_text=_("Only the program's coordinators see your report."),
    )


class OverrideForm(forms.Form):
    key = forms.CharField(max_length=200)
    reason = forms.CharField(max_length=300)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class SettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("Email me about discussions"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Replies in discussions you follow and mentions of you. Every discussion can "
            "override this on its page."
        ),
    )


class ThreadEmailForm(forms.Form):
    following = forms.BooleanField(label=_("Follow this discussion"), required=False)
    email = forms.ChoiceField(
        label=_("Email for this discussion"),
        choices=[("", _("As in my settings")), *EmailMode.choices],
        required=False,
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic title"), max_length=120)
    title_fr = forms.CharField(
        label=_("Topic title in French (optional)"), max_length=120, required=False
    )
    description = forms.CharField(label=_("Description (optional)"), max_length=300, required=False)
    description_fr = forms.CharField(
        label=_("Description in French (optional)"), max_length=300, required=False
    )


class MoveForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Move to topic"), queryset=Topic.objects.none())

    def __init__(self, *args: Any, program: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(program=program)  # type: ignore[attr-defined]
