"""Probe 1214: making an API token asks for the account's password again.

A write token lasts up to 365 days and outlives the session: before, anyone holding a stolen
session cookie could make one from the profile page and keep access after the person signed
out (or changed nothing). Now the password is typed again, wrong ones count toward the
sign-in lockout, and a refusal shows the form again as typed, the error next to the field."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from echohub.accounts.models import ApiToken
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.security.conftest import address_client

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/tokens/"
TYPED = {"name": "Nightly sync", "scope": "write", "days": "90"}


def _signed_in(email: str = "token-1214@example.test") -> tuple[Client, object]:
    user = UserFactory(email=email)
    client = address_client("198.51.100.41")
    client.force_login(user)
    return client, user


def _error_of(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def _kept_as_typed(page: str) -> None:
    assert 'value="Nightly sync"' in page
    assert re.search(r'<option value="write"\s+selected>', page)
    assert re.search(r'name="days" value="90"', page)


def test_the_profile_asks_for_the_password_in_the_token_form():
    client, _user = _signed_in()
    page = client.get("/accounts/profile/").content.decode()
    form = page[page.index('action="/accounts/profile/tokens/"') :]
    form = form[: form.index("</form>")]
    assert 'type="password" name="password"' in form
    assert 'autocomplete="current-password"' in form


def test_a_stolen_session_without_the_password_makes_no_token():
    _client, user = _signed_in()
    thief = Client()  # another browser, holding only the session cookie
    thief.cookies = _client.cookies
    response = thief.post(URL, TYPED)
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()
    page = response.content.decode()
    assert _error_of(page, "password") == "Type your password to create a token."
    _kept_as_typed(page)
    assert "eh_" not in page


def test_a_wrong_password_makes_no_token_and_keeps_the_rest_typed():
    client, user = _signed_in()
    response = client.post(URL, {**TYPED, "password": "not the one"})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()
    page = response.content.decode()
    assert _error_of(page, "password") == "That is not your password. Type it again."
    _kept_as_typed(page)
    assert "not the one" not in page  # a password is never written back into the page


def test_the_right_password_makes_the_token():
    client, user = _signed_in()
    response = client.post(URL, {**TYPED, "password": PASSWORD})
    assert response.status_code == 200
    assert re.search(r'<code id="token">eh_[^<]+</code>', response.content.decode())
    token = ApiToken.objects.get(user=user)
    assert token.name == "Nightly sync" and token.grant.scope == "write"


def test_wrong_passwords_count_toward_the_sign_in_lockout(sign_in):
    client, user = _signed_in()
    for _ in range(5):  # SIGNIN_MAX_FAILURES in the security tests
        client.post(URL, {**TYPED, "password": "guess"})
    locked = client.post(URL, {**TYPED, "password": PASSWORD})
    assert locked.status_code == 400
    assert "Too many wrong passwords" in _error_of(locked.content.decode(), "password")
    assert not ApiToken.objects.filter(user=user).exists()
    # The same count as the sign-in's: the account is locked there too.
    again = sign_in(address_client("198.51.100.42"), "token-1214@example.test")
    assert again.status_code == 200 and "Too many unsuccessful sign-ins" in again.content.decode()


def test_a_field_error_keeps_the_password_check_apart():
    """A wrong number of days is told as before; nothing is made, the password not counted."""
    client, user = _signed_in()
    response = client.post(URL, {**TYPED, "days": "400", "password": PASSWORD})
    assert response.status_code == 400
    page = response.content.decode()
    assert "how many days it lasts" in page
    assert _error_of(page, "days")
    assert not _error_of(page, "password")
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_account_without_a_password_is_not_asked_for_one():
    """Accounts with no usable password (made by an approved registration, before the
    invitation sets one) have nothing to type: the form has no password field."""
    user = UserFactory(email="nopass-1214@example.test")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="password"' not in page


@hsettings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=60).filter(lambda s: s != PASSWORD))
def test_no_password_but_the_account_s_own_makes_a_token(settings, typed):
    settings.SIGNIN_MAX_FAILURES = 10_000  # the lockout is tested above
    cache.clear()
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post(URL, {**TYPED, "password": typed})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()
