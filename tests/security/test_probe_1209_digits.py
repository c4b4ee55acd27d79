"""Probe: numbers read from query strings and form fields. `str.isdigit()` is true for
superscripts and circled digits ("²", "①") that `int()` refuses, and `int()` refuses more than
4,300 digits: either was a 500. Each is now read as "no number" (or a conflict)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.core.limits import whole_number
from tests.browser import site_map
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db

ODD = ["²", "①", "9" * 5000]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


@pytest.fixture
def demo() -> site_map.Objects:
    return site_map.build()


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=site_map.ROLES[role]))
    return client


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("\u0661\u0662", 12),
        ("²", None),
        ("①", None),
        ("", None),
        (None, None),
        ("-3", None),
        ("1.5", None),
        ("9" * 19, None),
        ("9" * 18, 10**18 - 1),
    ],
)
def test_whole_number(value: str | None, expected: int | None) -> None:
    assert whole_number(value) == expected


def test_query_string_numbers(demo: site_map.Objects) -> None:
    slug, session = demo.slug, demo.upcoming.pk
    participant = _client("participant")
    admin = _client("program_admin")
    for odd in ODD:
        _query_string_numbers(participant, admin, slug, session, odd)


def _query_string_numbers(
    participant: Client, admin: Client, slug: str, session: int, odd: str
) -> None:
    for url in (
        f"/p/{slug}/library/?year={odd}",
        f"/p/{slug}/live/{session}/events.json?after={odd}",
    ):
        response = participant.get(url)
        assert response.status_code == 200, (url, response.status_code)
    response = admin.get(f"/p/{slug}/research/?study={odd}")
    assert response.status_code == 200, response.status_code


def test_live_console_numbers(demo: site_map.Objects) -> None:
    admin = _client("program_admin")
    for odd in ODD:
        _live_console_numbers(admin, demo, odd)


def _live_console_numbers(admin: Client, demo: site_map.Objects, odd: str) -> None:
    slug, session = demo.slug, demo.upcoming.pk
    response = admin.post(
        f"/p/{slug}/live/{session}/console/action/", {"action": "next", "at": odd}
    )
    assert response.status_code < 500, response.status_code
    case = demo.cases[2]
    response = admin.post(
        f"/p/{slug}/live/{session}/console/cases/{case.pk}/draft/",
        {"discipline": "medicine", "text": "Lower the dose slowly.", "version": odd},
    )
    assert response.status_code < 500, response.status_code


def test_case_form_window_count(demo: site_map.Objects) -> None:
    draft = demo.own_draft
    participant = _client("participant")
    for odd in ODD:
        data = form_data(version=str(draft.version), window="w" * 20, seq=odd)
        response = participant.post(f"/p/{demo.slug}/cases/{draft.pk}/edit/", data)
        assert response.status_code < 500, response.status_code
        draft.refresh_from_db()
