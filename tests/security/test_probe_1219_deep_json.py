"""Probe 1219: a JSON body nested deeper than Python's parser goes.

`[[[[…]]]]` 100,000 deep is 200 kB, well under the body limit. Before, the parsers that read
a JSON body before the API (the NUL check of core's InputSafetyMiddleware when the body holds
an escaped NUL, the sign-in protections reading the email of a registration) caught only
ValueError, so Python's RecursionError came out as a 500, for a caller not even signed in, with
a traceback logged each time; the API's own parser did the same to a signed-in caller. Now such
a body is a 400 in the API's JSON shape, saying the body could not be read."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

DEEP = 100_000


def _post(client: Client, path: str, body: str) -> object:
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        "[" * DEEP + "]" * DEEP,
        '{"email": ' + "[" * DEEP + "]" * DEEP + "}",
        '{"text": "\\u0000", "x": ' + "[" * DEEP + "]" * DEEP + "}",
    ],
    ids=["array", "in-a-field", "with-an-escaped-nul"],
)
def test_a_body_nested_too_deep_is_a_400_for_anyone(body):
    ProgramFactory(slug="deep-1219")
    anonymous = Client(REMOTE_ADDR="198.51.100.91", raise_request_exception=False)
    response = _post(anonymous, "/api/v1/programs/deep-1219/registrations", body)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "bad_request"
    signed_in = Client(REMOTE_ADDR="198.51.100.92", raise_request_exception=False)
    signed_in.force_login(UserFactory())
    response = _post(signed_in, "/api/v1/phi/scan", body)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "bad_request"
