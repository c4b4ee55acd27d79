"""Probe 12-22: text far longer than any form takes, where no field caps it, reached a LIKE query.

Found over HTTP on the demo (SQLite, the default database):
- GET /programs/?q=<60,000 letters> (no sign-in needed) was a 500: "LIKE or GLOB pattern too
  complex" (SQLite refuses a LIKE pattern over 50,000 bytes). Any list filtered with `icontains`
  from the query string is exposed the same way.
- POST /accounts/login/ with a 300,000-character email, while the address or the email was
  locked out, was a 500 for the same reason: the lockout's record looked the email up with
  `email__iexact` before the field's own length check had any say.

Now a query string longer than core.limits.QUERY_STRING_MAX is refused before any view (414,
a page or the API's JSON), and the sign-in form never looks up an email no account can have.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.core.limits import QUERY_STRING_MAX
from echohub.security.models import SignInEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "a" * 60_000


def test_a_public_list_searched_with_a_huge_query_is_refused_in_words() -> None:
    response = Client(raise_request_exception=False).get("/programs/", {"q": HUGE})
    assert response.status_code == 414
    assert "too long" in response.content.decode()


def test_the_api_refuses_a_huge_query_string_with_its_json_error() -> None:
    response = Client(raise_request_exception=False).get("/api/v1/programs", {"q": HUGE})
    assert response.status_code == 414
    assert response.json()["code"] == "uri_too_long"


def test_a_query_string_at_the_limit_still_reaches_the_page() -> None:
    query = "a" * (QUERY_STRING_MAX - len("q="))
    response = Client(raise_request_exception=False).get(f"/programs/?q={query}")
    assert response.status_code == 200


@pytest.mark.parametrize("encoded", ["%FF", "\u00e9"])
def test_the_limit_holds_for_characters_of_several_bytes(encoded: str) -> None:
    """The cap counts the raw query string; each character of it is at most 3 bytes in the
    database's pattern (an invalid byte is read as U+FFFD), so the largest allowed query stays
    under SQLite's 50,000-byte LIKE pattern."""
    assert QUERY_STRING_MAX * 3 + 2 < 50_000
    response = Client(raise_request_exception=False).get(
        "/programs/", {"q": encoded * (QUERY_STRING_MAX // len(encoded.encode()))}
    )
    assert response.status_code in (200, 414)


def test_a_huge_email_typed_while_locked_out_is_a_refusal_not_a_crash(
    sign_in: Any, settings: Any
) -> None:
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 1
    user = UserFactory(email="ada.quill@example.test")
    client = Client(raise_request_exception=False)
    sign_in(client, user.email, "not-the-password")  # the address is now locked
    response = sign_in(client, "b" * 300_000 + "@example.test", "not-the-password")
    assert response.status_code == 200
    assert "Too many unsuccessful sign-ins" in response.content.decode()
    # Still on the person's own record when the email typed is theirs.
    before = SignInEvent.objects.filter(user=user).count()
    sign_in(client, user.email.upper(), "not-the-password")
    assert SignInEvent.objects.filter(user=user).count() == before + 1
