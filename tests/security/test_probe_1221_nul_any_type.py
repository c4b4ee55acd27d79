"""Probe 1221: a JSON body sent to the API under another content type.

InputSafetyMiddleware refuses a NUL character (raw, or escaped as \\u0000) and a body nested
past JSON_MAX_DEPTH before any view runs, but it looked inside the body only when the
Content-Type ended in "json". The API's parser reads any body that is not a multipart form as
JSON, whatever its type: `text/plain`, the `application/x-www-form-urlencoded` that
`curl -d` sends, or no type at all carried the NUL past the check into the database (a
mentoring question, a site's name...). PostgreSQL refuses a NUL in text (a 500 there); SQLite
kept it. Now every API body but a multipart form gets the JSON checks.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.programs.models import Program, Role, Site

NUL_BODY = b'{"name": "Clinic\\u0000 North", "region": "North East"}'
RAW_NUL_BODY = b'{"name": "Clinic\x00 North", "region": "North East"}'
CONTENT_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "application/x-json-but-not-quite; charset=utf-8",
    "",
]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    """tests/security switches the second factor on; these probes are about input, not sign-in."""
    settings.TWO_FACTOR_ENFORCED = False


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("body", [NUL_BODY, RAW_NUL_BODY], ids=["escaped", "raw"])
def test_a_nul_in_a_json_body_is_refused_whatever_its_content_type(
    program: Program, make_member: Any, content_type: str, body: bytes
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_member(program, Role.COORDINATOR))
    url = f"/api/v1/programs/{program.slug}/sites"
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "nul_character"
    assert not Site.objects.filter(program=program).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_the_same_body_without_a_nul_is_still_read(
    program: Program, make_member: Any, content_type: str
) -> None:
    """What the API accepted before, it still accepts: only the NUL is refused."""
    client = Client(raise_request_exception=False)
    client.force_login(make_member(program, Role.COORDINATOR))
    url = f"/api/v1/programs/{program.slug}/sites"
    body = b'{"name": "Clinic North", "region": "North East"}'
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 201, response.content[:300]
    assert Site.objects.get(program=program).name == "Clinic North"
