"""Bearer tokens and browser sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from echohub.accounts.models import ApiToken
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_valid_token_identifies_the_caller(client: Client) -> None:
    user = UserFactory(email="ada@example.test")
    _token, raw = ApiToken.issue(user=user, name="script")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.test"


@pytest.mark.parametrize(
    "header",
    ["Bearer eh_not-a-real-token", "Bearer ", "Token abc", "Basic YTpi", "eh_abc"],
)
def test_bad_or_missing_credentials_are_401_json(client: Client, header: str) -> None:
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated" and body["message"]


def test_revoked_tokens_and_deactivated_people_are_refused(client: Client) -> None:
    user = UserFactory()
    revoked, raw_revoked = ApiToken.issue(user=user, name="old")
    revoked.revoked_at = timezone.now()
    revoked.save()
    gone = UserFactory(is_active=False)
    _t, raw_gone = ApiToken.issue(user=gone, name="x")
    for raw in (raw_revoked, raw_gone):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client: Client) -> None:
    token, raw = ApiToken.issue(user=UserFactory(), name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    start = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/me", **auth)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client.get("/api/v1/me", **auth)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.get("/api/v1/me", **auth)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_a_signed_in_browser_may_read_with_its_session(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200 and response.json()["id"] == user.pk


def test_an_invalid_token_is_refused_even_with_a_session(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer eh_wrong").status_code == 401


def _coordinator() -> tuple[Any, Any]:
    program = ProgramFactory(slug="pain")
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    return program, user


def test_session_writes_need_the_csrf_token() -> None:
    _program, user = _coordinator()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    body = {"name": "Moosonee Clinic", "region": "North East"}
    refused = browser.post("/api/v1/programs/pain/sites", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    browser.get("/api/v1/docs")  # any page rendering the token sets the cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/programs/pain/sites", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201, accepted.content


def test_bearer_writes_need_no_csrf_token() -> None:
    _program, user = _coordinator()
    _t, raw = ApiToken.issue(user=user, name="script")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/programs/pain/sites",
        {"name": "Moosonee Clinic", "region": "North East"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201


def test_anonymous_write_without_csrf_is_401_not_403() -> None:
    _coordinator()
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/programs/pain/sites", {"name": "X", "region": "Y"}, content_type="application/json"
    )
    assert response.status_code == 401
