"""Probe: the API answers a body it cannot read with a 4xx in its JSON shape, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from echohub.programs.models import Program, Role


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    """tests/security switches the second factor on; these probes are about input, not sign-in."""
    settings.TWO_FACTOR_ENFORCED = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/chronic-pain/registrations",  # public, throttled per email typed
        "/api/v1/surveys/respond/some-token",  # public, answered by token
    ],
)
def test_a_form_body_to_a_json_endpoint_is_refused_not_a_crash(program: Program, url: str) -> None:
    client = Client(raise_request_exception=False)
    for body in ({}, {"email": "someone@example.org"}):
        response = client.post(url, body)  # multipart/form-data, as a browser form would send
        assert response.status_code in (400, 404, 422), (body, response.content[:300])
        assert response.json()["code"]
        assert response.json()["message"]


@pytest.mark.django_db
def test_a_member_writing_with_a_form_body_gets_a_4xx(
    program: Program, make_member: Callable[..., Any]
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_member(program, Role.COORDINATOR))
    response = client.post(
        "/api/v1/programs/chronic-pain/sites",
        "name=A+clinic",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 422), response.content[:300]
    assert response.json()["message"]
