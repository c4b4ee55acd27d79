"""Probe 1214: a session signed in with the password only (the second step still to pass, or
still to set up) reaches nothing else, whatever headers the browser adds.

The sign-in middleware skipped its session checks for any request carrying an Authorization
header (meant for API bearer tokens), so a made-up `Authorization: x` header turned a
half-signed-in session into a whole one: the pages and the API answered as the person."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

HEADERS = ["x", "Basic Zm9vOmJhcg==", "Token eh_whatever", "Bearer"]


def _coordinator(*, enrolled: bool):
    program = ProgramFactory(slug="pain-probe")
    user = UserFactory(email="coord-1214@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    if enrolled:
        enrol(user)
    return user, program


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("enrolled", [True, False], ids=["to-verify", "to-set-up"])
def test_an_authorization_header_does_not_skip_the_second_step(sign_in, header, enrolled):
    _user, program = _coordinator(enrolled=enrolled)
    client = address_client("198.51.100.21")
    first = sign_in(client, "coord-1214@example.test")
    step = "/accounts/security/verify/" if enrolled else "/accounts/security/setup/"
    assert first["Location"].startswith(step)
    for path in (f"/p/{program.slug}/", "/accounts/profile/", "/"):
        page = client.get(path, HTTP_AUTHORIZATION=header)
        assert page.status_code == 302, (path, header)
        assert page["Location"].startswith(step), (path, header)
    api = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert api.status_code in (401, 403), header
    assert "coord-1214@example.test" not in api.content.decode()
    token = client.post(
        "/accounts/profile/tokens/", {"name": "sneaky", "scope": "write"}, HTTP_AUTHORIZATION=header
    )
    assert token.status_code == 302 and token["Location"].startswith(step)
    from echohub.accounts.models import ApiToken

    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("header", HEADERS)
def test_an_authorization_header_does_not_keep_an_idle_session_alive(sign_in, header):
    MembershipFactory(
        program=ProgramFactory(slug="pain-idle"),
        user=UserFactory(email="fp-1214@example.test"),
        role=Role.PARTICIPANT,
    )
    start = dt.datetime(2031, 5, 6, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client = address_client("198.51.100.22")
        assert sign_in(client, "fp-1214@example.test")["Location"] == "/"
    with time_machine.travel(start + dt.timedelta(minutes=481), tick=False):
        page = client.get("/accounts/profile/", HTTP_AUTHORIZATION=header)
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/login/")
        assert client.get("/accounts/profile/").status_code == 302


def test_a_real_bearer_token_still_works_beside_no_session(sign_in):
    """The API's own door: a valid token, no session, is the token's person (the fix must not
    send token calls to the second step)."""
    from echohub.security import services

    user, _program = _coordinator(enrolled=True)
    _token, raw = services.issue_api_token(
        actor=user, user=user, name="sync", scope="read", days=30
    )
    client = address_client("198.51.100.23")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["email"] == "coord-1214@example.test"


def test_a_bearer_token_beside_a_half_signed_in_session_answers_as_the_token(sign_in):
    user, _program = _coordinator(enrolled=True)
    from echohub.security import services

    _token, raw = services.issue_api_token(
        actor=user, user=user, name="sync", scope="read", days=30
    )
    client = address_client("198.51.100.24")
    sign_in(client, "coord-1214@example.test")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["email"] == "coord-1214@example.test"
