"""Probe 1219: costly downloads, one at a time per person.

The insights PDF takes seconds to make, exports and certificates stream for as long; the app
runs on a few workers. Before, one signed-in person (or one API token) firing a handful of them
in parallel held every worker and the site stopped answering everyone else. Now a person has at
most COSTLY_DOWNLOADS_AT_ONCE downloads (and COSTLY_SEARCHES_AT_ONCE searches) being made at
once, counted in Django's cache (Redis in production: every process sees the same count); one
more is refused at once with 429, Retry-After and a message saying why, and the slot is given
back when the download ends (a streamed one when its last byte is sent), refused or not.

"In parallel" is stood for by a streamed export left unread: the test client, like a WSGI
server, closes a streamed response (and gives its slot back) only once it has been sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from echohub.accounts.models import ApiToken
from echohub.programs.models import Role
from echohub.security import services as security
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

BUSY = "still being prepared"


@pytest.fixture
def world(settings: Any) -> dict[str, Any]:
    settings.COSTLY_DOWNLOADS_AT_ONCE = 1
    settings.COSTLY_SEARCHES_AT_ONCE = 2
    settings.TWO_FACTOR_ENFORCED = False  # coordinators' second step is tested elsewhere
    program = ProgramFactory(slug="busy-1219")
    SessionFactory(program=program, starts_at=timezone.now() - dt.timedelta(days=7))
    people = {}
    for name in ("ana", "bob"):
        user = UserFactory(email=f"{name}-1219@example.test")
        MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
        client = Client()
        client.force_login(user)
        people[name] = (client, user)
    return {"program": program, "people": people}


def _export(client: Client) -> Any:
    response = client.get("/p/busy-1219/attendance/export.csv")
    assert response.status_code == 200 and response.streaming
    return response


def test_a_second_download_while_one_is_made_is_refused_then_allowed(world):
    client, _user = world["people"]["ana"]
    first = _export(client)  # being sent: the person's one slot is taken
    refused = client.get("/p/busy-1219/insights/report.pdf")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert BUSY in page and "<html" in page  # a page saying why, in the site's frame
    assert not refused.has_header("Content-Disposition")
    b"".join(first.streaming_content)  # the export ends: its slot is given back
    again = client.get("/p/busy-1219/insights/report.pdf")
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"


def test_another_person_is_not_held_up(world):
    ana, _ = world["people"]["ana"]
    bob, _ = world["people"]["bob"]
    first = _export(ana)
    assert _export(bob).status_code == 200
    b"".join(first.streaming_content)


def test_a_refused_or_failed_download_gives_its_slot_back(world):
    client, _user = world["people"]["ana"]
    for _ in range(3):  # someone else's certificate: 404, and the slot is free again
        assert client.get("/p/busy-1219/credits/certificates/999999.pdf").status_code == 404
    b"".join(_export(client).streaming_content)
    b"".join(_export(client).streaming_content)


def test_an_api_token_counts_as_its_person(world):
    client, user = world["people"]["ana"]
    _token, raw = security.issue_api_token(actor=user, user=user, name="t", scope="read", days=5)
    assert ApiToken.objects.filter(user=user).exists()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    held = [_export(client)]
    # Searches have their own count (two at once): the browser's export does not stop them.
    assert api.get("/api/v1/programs/busy-1219/search", {"q": "pain"}).status_code == 200
    b"".join(held[0].streaming_content)


def test_searches_at_once_are_capped_per_person(world, settings):
    settings.COSTLY_SEARCHES_AT_ONCE = 0  # none may run: stands for two already running
    client, user = world["people"]["ana"]
    _token, raw = security.issue_api_token(actor=user, user=user, name="t", scope="read", days=5)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = api.get("/api/v1/programs/busy-1219/search", {"q": "pain"})
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "busy" and BUSY in body["message"]
    assert int(refused["Retry-After"]) > 0
    page = client.get("/p/busy-1219/search/", {"q": "pain"})
    assert page.status_code == 429 and BUSY in page.content.decode()


def test_the_french_message(world):
    client, user = world["people"]["ana"]
    user.language = "fr"
    user.save(update_fields=["language"])
    first = _export(client)
    refused = client.get("/p/busy-1219/insights/report.pdf")
    assert refused.status_code == 429
    assert '<html lang="fr"' in refused.content.decode()
    b"".join(first.streaming_content)


def test_calendar_feeds_are_counted_per_feed_not_per_address(world):
    """Calendar services (Google, Outlook) fetch everyone's feed from a few addresses: one
    person's feed being fetched must not refuse another person's from the same address."""
    from echohub.joining import services as joining
    from echohub.security import busy

    ana = world["people"]["ana"][1]
    bob = world["people"]["bob"][1]
    ana_feed, bob_feed = joining.calendar_feed_for(ana), joining.calendar_feed_for(bob)
    held = busy.take(busy.DOWNLOAD, "feed:" + ana_feed.token)  # Ana's feed being fetched
    held_address = busy.take(busy.DOWNLOAD, "address:127.0.0.1")  # and a download by address
    try:
        fetcher = Client()  # signed out, as a calendar service is
        assert fetcher.get(f"/calendar/{bob_feed.token}.ics").status_code == 200
        assert fetcher.get(f"/calendar/{ana_feed.token}.ics").status_code == 429
    finally:
        busy.give_back(held)
        busy.give_back(held_address)
    assert Client().get(f"/calendar/{ana_feed.token}.ics").status_code == 200
