"""Probe 1221: passing the second sign-in step gives the browser a new session key.

The password step signs in with a new session key (Django's login), but the second step only
marked that session as verified: the cookie of a half-signed-in session (seen on a shared
computer left at the code prompt, or read before the code was typed) became a whole session
the moment its owner typed the code, without the thief knowing the code. A privilege change
gets a new session key (OWASP session management); the half-signed-in key now ends there.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.authenticator import SoftAuthenticator
from tests.security.conftest import address_client, enrol
from tests.security.test_passkeys import options_from, registered

pytestmark = pytest.mark.django_db


def coordinator():
    program = ProgramFactory(slug="pain")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    return user, program


def half_signed_in(sign_in) -> tuple[Client, Client]:
    """The person's client after the password step, and a thief's client holding a copy of its
    session cookie."""
    person = address_client("198.51.100.7")
    response = sign_in(person, "coord@example.test")
    assert response.status_code == 302
    thief = address_client("203.0.113.9")
    thief.cookies[settings.SESSION_COOKIE_NAME] = person.cookies[settings.SESSION_COOKIE_NAME].value
    return person, thief


def assert_copied_key_is_dead(person: Client, thief: Client, half_key: str, path: str) -> None:
    assert person.cookies[settings.SESSION_COOKIE_NAME].value != half_key
    assert person.get(path).status_code == 200
    blocked = thief.get(path)
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/accounts/login/")
    api = thief.get("/api/v1/me")
    assert api.status_code == 401


def test_a_code_typed_gives_a_new_session_key(sign_in):
    user, _program = coordinator()
    totp = enrol(user)
    person, thief = half_signed_in(sign_in)
    half_key = person.cookies[settings.SESSION_COOKIE_NAME].value
    ok = person.post("/accounts/security/verify/", {"code": totp.now(), "next": "/p/pain/"})
    assert ok["Location"] == "/p/pain/"
    assert_copied_key_is_dead(person, thief, half_key, "/accounts/profile/")


def test_a_passkey_answer_gives_a_new_session_key(sign_in):
    user, program = coordinator()
    key, _session = registered(user)
    person = address_client("198.51.100.7")
    assert sign_in(person, "coord@example.test", HTTP_HOST="testserver").status_code == 302
    half_key = person.cookies[settings.SESSION_COOKIE_NAME].value
    thief = address_client("203.0.113.9")
    thief.cookies[settings.SESSION_COOKIE_NAME] = half_key
    assert isinstance(key, SoftAuthenticator)
    options = options_from(person, "/accounts/security/verify/passkey/options/")
    done = person.post(
        "/accounts/security/verify/passkey/",
        {"credential": json.dumps(key.get(options)), "next": f"/p/{program.slug}/"},
    )
    assert done.status_code == 302 and done["Location"] == f"/p/{program.slug}/"
    assert_copied_key_is_dead(person, thief, half_key, "/accounts/profile/")


def test_setting_up_the_app_gives_a_new_session_key(sign_in):
    import pyotp

    _user, _program = coordinator()
    person, thief = half_signed_in(sign_in)
    half_key = person.cookies[settings.SESSION_COOKIE_NAME].value
    page = person.get("/accounts/security/setup/").content.decode()
    secret = page.split('id="totp-secret">')[1].split("<", 1)[0].replace(" ", "")
    done = person.post("/accounts/security/setup/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "recovery" in done.content.decode().lower()
    assert_copied_key_is_dead(person, thief, half_key, "/accounts/profile/")


def test_a_recovery_code_typed_gives_a_new_session_key(sign_in):
    from echohub.security import services

    user, _program = coordinator()
    enrol(user)
    codes = services.new_recovery_codes(user)
    person, thief = half_signed_in(sign_in)
    half_key = person.cookies[settings.SESSION_COOKIE_NAME].value
    ok = person.post("/accounts/security/verify/", {"code": codes[0], "next": "/p/pain/"})
    assert ok.status_code == 302
    assert_copied_key_is_dead(person, thief, half_key, "/accounts/profile/")
