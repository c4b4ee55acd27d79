from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from echohub.accounts.models import User
from echohub.core.limits import PASSWORD_MAX
from echohub.security import limits, policy, services
from echohub.security.models import SignInOutcome

#: The longest email an account can have (the model's field).
EMAIL_MAX = User._meta.get_field("email").max_length or 254


class SignInForm(AuthenticationForm):
    """Django's sign-in form with lockouts per account and per client address.

    The account lockout is keyed on the email typed, whether or not an account has it, so the
    answer never tells anyone whether an email has an account."""

    # Django's field with a ceiling (core.limits.PASSWORD_MAX).
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self) -> dict[str, Any]:
        email = str(self.data.get("username", "")).strip().lower()
        address = policy.counted_address(self.request) if self.request else ""
        by_account, by_address = policy.signin_account(), policy.signin_address()
        wait = max(limits.locked_for(by_account, email), limits.locked_for(by_address, address))
        if wait:
            self._record(email, SignInOutcome.LOCKED)
            raise self._locked(wait)
        try:
            return super().clean()
        except forms.ValidationError:
            wait = max(limits.record(by_account, email), limits.record(by_address, address))
            self._record(email, SignInOutcome.WRONG_PASSWORD)
            if wait:
                raise self._locked(wait) from None
            raise

    def _locked(self, wait: int) -> forms.ValidationError:
        minutes = max(1, -(-wait // 60))
        return forms.ValidationError(
            ngettext(
                "Too many unsuccessful sign-ins for this email address or from your network. "
                "Wait %(n)d minute and try again, or reset your password.",
                "Too many unsuccessful sign-ins for this email address or from your network. "
                "Wait %(n)d minutes and try again, or reset your password.",
                minutes,
            )
            % {"n": minutes},
            code="locked",
        )

    def _record(self, email: str, outcome: SignInOutcome) -> None:
        """Failures go on the person's own record when the email is theirs (never shown to
        whoever typed it)."""
        # The raw text typed, before the field's own length check: an email longer than any
        # account's is nobody's (and a LIKE over 50,000 bytes is an error on SQLite).
        fits = 0 < len(email) <= EMAIL_MAX
        user = User.objects.filter(email__iexact=email).first() if fits else None
        if user is not None and self.request is not None:
            services.record_sign_in(
                user=user,
                outcome=outcome,
                address=policy.client_address(self.request),
                user_agent=self.request.headers.get("User-Agent", ""),
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("After adding echohub to the app, type the 6 digits it shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasskeyAddForm(forms.Form):
    """A passkey's name; `credential` is filled by passkeys.js with the authenticator's answer."""

    name = forms.CharField(
        label=_("Name for this passkey"),
        max_length=60,
        help_text=_("So you can tell your keys apart, for example “Work laptop” or “Blue key”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    credential = forms.CharField(widget=forms.HiddenInput, max_length=20_000, required=False)


class PasskeyAssertionForm(forms.Form):
    credential = forms.CharField(widget=forms.HiddenInput, max_length=20_000)


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
