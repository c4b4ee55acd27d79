"""Probe 1221: digits that are not ASCII where a code or a timestamp is read.

`str.isdigit()` is true for Arabic-Indic ("١٢٣٤٥٦"), superscript ("²") and circled ("①")
digits. Two places still trusted it (probe 1209 fixed the query strings and forms):

- The second sign-in step (and the app's set-up and removal) checked a 6-"digit" code with
  `isdigit()` and then `secrets.compare_digest` against the app's code, which raises TypeError
  for a non-ASCII string: a 500 for a half-signed-in person, and no wrong-code count. Now such a
  code is read as NFKC (a full-width or superscript "２" is the "2" the app shows) and anything
  still not 0-9 is a wrong code, refused in words and counted.
- The Zoom webhook read `x-zm-request-timestamp` with `isdigit()` then `int()`: "²" (a valid
  Latin-1 header byte) or 5,000 digits was a 500 for anyone, before the signature was checked.
  Now it is the 400 `bad_timestamp` an unreadable timestamp already got. Its signature header
  was compared as text the same way: "v0=é" was a 500, now the 401 `bad_signature`.
"""

from __future__ import annotations

import time
import unicodedata
from typing import Any

import pytest
from django.test import Client

from echohub.programs.models import Role
from echohub.security.models import SignInEvent
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def half_signed_in_coordinator(sign_in: Any) -> tuple[Client, Any]:
    program = ProgramFactory(slug="pain")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    assert sign_in(client, "coord@example.test").status_code == 302
    return client, totp


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "²²²²²²", "①②③④⑤⑥", "۱۲۳۴۵۶"])
def test_a_code_in_other_digits_is_a_wrong_code_not_a_crash(sign_in, code):
    client, _totp = half_signed_in_coordinator(sign_in)
    client.raise_request_exception = False
    response = client.post("/accounts/security/verify/", {"code": code})
    assert response.status_code == 400
    assert "did not match" in response.content.decode()
    assert SignInEvent.objects.filter(outcome="second_factor_failed").count() == 1
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/security/verify/")


def test_the_right_code_in_full_width_digits_is_the_right_code(sign_in):
    client, totp = half_signed_in_coordinator(sign_in)
    code = "".join(FULL_WIDTH[ch] for ch in totp.now())
    assert unicodedata.normalize("NFKC", code) == totp.now()
    response = client.post("/accounts/security/verify/", {"code": code, "next": "/p/pain/"})
    assert response.status_code == 302 and response["Location"] == "/p/pain/"


def test_setting_up_the_app_with_other_digits_is_refused_in_words(sign_in):
    program = ProgramFactory(slug="pain")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    client = address_client("198.51.100.7")
    client.raise_request_exception = False
    assert sign_in(client, "coord@example.test").status_code == 302
    assert client.get("/accounts/security/setup/").status_code == 200
    response = client.post("/accounts/security/setup/", {"code": "١٢٣٤٥٦"})
    assert response.status_code == 400
    assert "did not match" in response.content.decode()


@pytest.mark.parametrize(
    "stamp", ["²", "١٧٠٠٠٠٠٠٠٠", "9" * 5000], ids=["superscript", "arabic-indic", "5000-digits"]
)
def test_a_zoom_timestamp_in_other_digits_is_a_400(settings, stamp):
    settings.ZOOM_WEBHOOK_SECRET = "probe-secret-not-real"
    client = Client(raise_request_exception=False)
    response = client.post(
        "/webhooks/zoom/",
        data=b'{"event": "meeting.participant_joined"}',
        content_type="application/json",
        headers={"x-zm-request-timestamp": stamp, "x-zm-signature": "v0=00"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "bad_timestamp"
    # A real stamp still reaches the signature check.
    response = client.post(
        "/webhooks/zoom/",
        data=b"{}",
        content_type="application/json",
        headers={"x-zm-request-timestamp": str(int(time.time())), "x-zm-signature": "v0=00"},
    )
    assert response.status_code == 401 and response.json()["error"] == "bad_signature"


def test_a_zoom_signature_with_a_letter_outside_ascii_is_a_401(settings):
    """The signature header was compared as text with hmac.compare_digest, which raises
    TypeError for non-ASCII text: "v0=é" (a valid Latin-1 header byte) was a 500."""
    settings.ZOOM_WEBHOOK_SECRET = "probe-secret-not-real"
    client = Client(raise_request_exception=False)
    response = client.post(
        "/webhooks/zoom/",
        data=b"{}",
        content_type="application/json",
        headers={"x-zm-request-timestamp": str(int(time.time())), "x-zm-signature": "v0=é"},
    )
    assert response.status_code == 401 and response.json()["error"] == "bad_signature"
