from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.accounts.zones import is_zone, zone_choices, zone_name
from echohub.core.choices import name_blank_choices
from echohub.core.limits import PASSWORD_MAX, NameField, cap_text


def tz_choices() -> list[tuple[str, Any]]:
    """The zones in words in the active language, Canada's first (called each time the picker
    is drawn, so its words follow the language of the request)."""
    return zone_choices(get_language() or "en")


class TimeZoneField(forms.ChoiceField):
    """A picker of zones in words that still accepts any key zoneinfo knows (one the picker
    does not list, such as "UTC" or an old "Canada/Eastern", sent by a script or kept from
    before)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=tz_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return is_zone(str(value))

    def keep_current(self, key: str) -> None:
        """List `key` first if the picker would not show it, so a saved zone stays selected."""
        if key and is_zone(key) and key not in {k for _g, opts in tz_choices() for k, _l in opts}:
            self.choices = [(key, zone_name(key, get_language() or "en")), *tz_choices()]


class AcceptInvitationForm(forms.Form):
    first_name = NameField(label=_("First name"), max_length=100)
    last_name = NameField(label=_("Last name"), max_length=100)
    time_zone = TimeZoneField(label=_("Your time zone"), initial="America/Toronto")
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1,
                    User(
                        email=self.email,
                        first_name=data.get("first_name", ""),
                        last_name=data.get("last_name", ""),
                    ),
                )
            except forms.ValidationError as err:
                self.add_error("password1", err)
        return data


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label=_("Time zone"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, TimeZoneField)
        field.keep_current(self.instance.time_zone)
        # A name is what certificates, rosters and the header show: it cannot be saved empty
        # (the model allows blank for accounts made by import, not for a profile one edits).
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        # Blank means no language of one's own: pages follow this browser (the language switch,
        # else its settings; see accounts.language), so it says that, not "---------".
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Same as my browser")), *settings.LANGUAGES]
        name_blank_choices(self)

    class Meta:
        model = User
        field_classes = {"first_name": NameField, "last_name": NameField}
        fields = [
            "first_name",
            "last_name",
            "credentials",
            "profession",
            "licence_number",
            "time_zone",
            "language",
            "email_reminders",
        ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “REDCap sync”.")
    )
    scope = forms.ChoiceField(
        label=_("It may"),
        choices=[("read", _("read only")), ("write", _("read and write"))],
        initial="read",
        required=False,  # not sent: read only (the least it can be)
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        required=False,  # not sent: API_TOKEN_DEFAULT_DAYS
        help_text=_("It stops working after that; resetting your password revokes it at once."),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A token outlives the session: the password typed again, so a stolen session cookie
        # alone cannot make one (checked in the view, with the sign-in lockout).
        if user is not None and user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                max_length=PASSWORD_MAX,
                strip=False,
                help_text=_("Type it again: a token lets a program act as you."),
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": _("Type your password to create a token.")},
            )

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or "read"

    def clean_days(self) -> int:
        return self.cleaned_data.get("days") or settings.API_TOKEN_DEFAULT_DAYS


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent through the job queue like every other email.

    It also reaches an active account that has no password yet (approved or added by a
    coordinator, the first email never opened): its link is then the first sign-in. Django's
    form skips such accounts, and the coordinator cannot invite them again (they already have
    the role), so they had no way in. Inactive and erased accounts still get nothing, and the
    page answers the same either way."""

    def get_users(self, email: str) -> Iterator[User]:
        users = User.objects.filter(email__iexact=email, is_active=True, erasure__isnull=True)
        # Django's own check after the database's case-insensitive match (Unicode case folding,
        # UTR 36), so the link goes only to the very address asked for.
        folded = unicodedata.normalize("NFKC", email).casefold()
        return (u for u in users if unicodedata.normalize("NFKC", u.email).casefold() == folded)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.utils import translation

        from echohub.accounts.tasks import send_password_reset_task

        # The job holds the person's id only; the link (a password-reset token) is made when
        # it runs, so no token waits in the job table.
        transaction.on_commit(
            partial(
                send_password_reset_task.enqueue,
                context["user"].pk,
                subject_template_name,
                email_template_name,
                context["domain"],
                context["protocol"],
                translation.get_language() or "en",
            )
        )


# Ceilings (core.limits), also told to the browser.
cap_text(AcceptInvitationForm.base_fields, PASSWORD_MAX, "password1", "password2")
