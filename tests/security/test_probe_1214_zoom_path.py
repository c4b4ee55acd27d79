"""Probe 1214: the Zoom meeting id a coordinator types goes into the URL of an API call made with
the deployment's Zoom token (POST /v2/meetings/{id}/registrants). It went in as typed (spaces
removed), so '1/../../users/me/meetings?x=' sent that authenticated POST, with the clicker's
name and email, to another endpoint of the Zoom account shared by every program. Only a numeric
meeting id now reaches the API."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
import time_machine
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.joining import services
from echohub.joining.models import ProviderRegistration
from echohub.joining.video import http
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory
from tests.joining.conftest import json_response

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 17, 20, tzinfo=dt.UTC)
REGISTRANTS = re.compile(r"/v2/meetings/\d+/registrants")
ZOOM = {"ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "cid", "ZOOM_CLIENT_SECRET": "csecret"}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(clock):
    program = ProgramFactory(slug="pain-zoom")
    start = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    person = UserFactory(email="spoke-1214@example.test")
    MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
    return session, person


@pytest.fixture
def zoom_http(monkeypatch):
    """zoom_http(handler) routes provider calls to `handler` and returns the requests made."""
    from django.core.cache import cache

    cache.clear()

    def install(handler):
        seen: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return handler(request)

        monkeypatch.setattr(http, "transport", httpx.MockTransport(record))
        return seen

    yield install
    cache.clear()


def _zoom(request: httpx.Request) -> httpx.Response:
    if request.url.host == "zoom.us":
        return json_response("zoom_oauth_token.json")
    return json_response("zoom_add_registrant.json", 201)


def _join(client, session, person):
    token = services.join_token_for(session=session, user=person).token
    return client.get(f"/join/{token}/")


@pytest.mark.parametrize(
    "room",
    [
        "85746065432/../../users/me/meetings?type=scheduled",
        "../users",
        "85746065432/registrants/questions#",
        "85746065432?x=1",
        "%2e%2e/users",
    ],
)
@override_settings(**ZOOM)
def test_a_typed_meeting_id_never_leaves_the_registrants_path(client, setup, zoom_http, room):
    session, person = setup
    requests = zoom_http(_zoom)
    session.video_provider, session.video_room = "zoom", room
    session.save()
    _join(client, session, person)
    api_calls = [r for r in requests if r.url.host != "zoom.us"]
    assert all(REGISTRANTS.fullmatch(r.url.raw_path.decode()) for r in api_calls), [
        r.url.raw_path for r in api_calls
    ]
    assert not api_calls
    assert not ProviderRegistration.objects.exists()


@override_settings(**ZOOM)
def test_a_numeric_meeting_id_with_spaces_still_registers(client, setup, zoom_http):
    session, person = setup
    requests = zoom_http(_zoom)
    session.video_provider, session.video_room = "zoom", "857 4606 5432"
    session.save()
    assert _join(client, session, person)["Location"].startswith("https://us06web.zoom.us/")
    assert [r.url.raw_path for r in requests if r.url.host != "zoom.us"] == [
        b"/v2/meetings/85746065432/registrants"
    ]


@override_settings(**ZOOM)
def test_a_bad_meeting_id_falls_back_to_the_meeting_link(client, setup, zoom_http):
    session, person = setup
    requests = zoom_http(_zoom)
    session.video_provider = "zoom"
    session.video_room = "../users"
    session.video_url = "https://zoom.us/j/85746065432"
    session.save()
    assert _join(client, session, person)["Location"] == "https://zoom.us/j/85746065432"
    assert requests == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(room=st.text(min_size=1, max_size=40))
@override_settings(**ZOOM)
def test_whatever_is_typed_the_api_path_is_the_registrants_one(client, setup, zoom_http, room):
    session, person = setup
    requests = zoom_http(_zoom)
    session.video_provider, session.video_room = "zoom", room.replace("\x00", "")
    session.video_url = ""
    session.save()
    ProviderRegistration.objects.all().delete()
    _join(client, session, person)
    for r in requests:
        if r.url.host != "zoom.us":
            assert REGISTRANTS.fullmatch(r.url.raw_path.decode()), r.url.raw_path
