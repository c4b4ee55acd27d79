"""Probe 1219: an account with no password of its own (made by an approved registration before
its invitation set one, or whose password an administrator switched off) and an API token.

Before: the token form had no password field for such an account and the view skipped the
re-authentication, so anyone holding its session cookie made a 365-day write token without
typing anything (the bypass probe 1214's re-authentication was meant to close). Now the profile
says a password must be set first and how (the invitation's link: Django's reset emails
only accounts that have a password), and a POST is refused (400), makes
nothing, and counts nothing toward the sign-in lockout. Removing a passkey says the same."""

from __future__ import annotations

import pytest
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.security.middleware import VERIFIED
from echohub.security.models import RateCounter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/tokens/"
TYPED = {"name": "Nightly sync", "scope": "write", "days": "365"}
NO_PASSWORD = "Your account has no password yet"


def _passwordless() -> tuple[Client, object]:
    user = UserFactory(email="nopass-1219@example.test")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client = Client()
    client.force_login(user)
    return client, user


def test_a_session_of_an_account_without_a_password_makes_no_token():
    client, user = _passwordless()
    for body in (TYPED, {**TYPED, "password": ""}, {**TYPED, "password": "anything"}):
        response = client.post(URL, body)
        assert response.status_code == 400
        page = response.content.decode()
        assert NO_PASSWORD in page
        assert "eh_" not in page
    assert not ApiToken.objects.filter(user=user).exists()
    # Nothing was guessed: the sign-in lockout is not touched.
    assert not RateCounter.objects.exists()


def test_the_profile_says_to_set_a_password_first_and_how():
    client, _user = _passwordless()
    page = client.get("/accounts/profile/").content.decode()
    tokens = page[page.index('id="tokens-h"') :]
    tokens = tokens[: tokens.index("</section>")]
    assert NO_PASSWORD in tokens
    assert "link in your invitation email" in tokens
    assert 'action="/accounts/profile/tokens/"' not in tokens  # no form to fill in vain


def test_removing_a_passkey_without_a_password_says_why():
    from echohub.security.models import WebAuthnCredential

    client, user = _passwordless()
    row = WebAuthnCredential.objects.create(
        user=user, name="Laptop", credential_id="cred-1219", public_key=b"key"
    )
    session = client.session
    session[VERIFIED] = True  # the passkey was the second step of this session
    session.save()
    response = client.post(
        f"/accounts/security/passkeys/{row.pk}/remove/",
        {f"passkey-{row.pk}-password": "anything"},
        follow=True,
    )
    assert NO_PASSWORD in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=row.pk).exists()
    assert not RateCounter.objects.exists()
