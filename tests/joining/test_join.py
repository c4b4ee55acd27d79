import datetime as dt
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from echohub.joining import services
from echohub.joining.models import JoinEvent, ProviderIncident, ProviderRegistration
from echohub.joining.video.bbb import checksum
from echohub.programs.models import Membership, Role
from echohub.scheduling.services import cancel_session
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.joining.conftest import json_response, recorded

pytestmark = pytest.mark.django_db
SECRET = "a-jitsi-app-secret-of-at-least-32-bytes!"
NOW = dt.datetime(2026, 11, 26, 17, 20, tzinfo=dt.UTC)  # ten minutes before the session


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session(program, clock):
    start = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)
    return SessionFactory(
        program=program,
        title="Session 12",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )


@pytest.fixture
def person(program):
    user = UserFactory(first_name="Ana", last_name="Lopes", email="ana@example.test")
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    return user


def link(session, user):
    return f"/join/{services.join_token_for(session=session, user=user).token}/"


def test_jitsi_join_redirects_to_an_unguessable_room_and_records_it(client, session, person):
    response = client.get(link(session, person))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.netloc == "meet.jit.si"
    room = url.path.strip("/")
    session.refresh_from_db()
    assert room == session.video_room and len(room) >= 32
    event = JoinEvent.objects.get(user=person)
    assert (event.session, event.provider, event.outcome) == (session, "jitsi", "redirected")
    # the same room for everyone, and another session gets another room
    other = UserFactory()
    MembershipFactory(program=session.program, user=other)
    assert client.get(link(session, other))["Location"] == response["Location"]


@override_settings(JITSI_APP_SECRET=SECRET, JITSI_APP_ID="echohub-test", JITSI_AUDIENCE="jitsi")
def test_jitsi_jwt_carries_the_person_and_room(client, session, person, program):
    expert = UserFactory()
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    location = client.get(link(session, person))["Location"]
    token = parse_qs(urlsplit(location).query)["jwt"][0]
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi")
    session.refresh_from_db()
    assert claims["room"] == session.video_room and claims["iss"] == "echohub-test"
    assert claims["context"]["user"] == {
        "id": str(person.pk),
        "name": "Ana Lopes",
        "email": "ana@example.test",
        "moderator": "false",
    }
    assert claims["exp"] > session.ends_at.timestamp()
    expert_claims = jwt.decode(
        parse_qs(urlsplit(client.get(link(session, expert))["Location"]).query)["jwt"][0],
        SECRET,
        algorithms=["HS256"],
        audience="jitsi",
    )
    assert expert_claims["context"]["user"]["moderator"] == "true"


def test_bbb_checksum_matches_the_documented_example():
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert (
        checksum("create", query, "639259d4-9dd8-4b25-bf01-95f9567eaf4b")
        == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
    )


@override_settings(BBB_URL="https://bbb.example.test/bigbluebutton", BBB_SECRET="bbb-secret")
def test_bbb_creates_the_meeting_once_then_signs_a_join_url_with_our_user_id(
    client, session, person, provider_http
):
    requests = provider_http(
        lambda request: httpx.Response(200, text=recorded("bbb_create_success.xml"))
    )
    session.video_provider = "bbb"
    session.save()
    first = client.get(link(session, person))
    assert first.status_code == 302
    join = urlsplit(first["Location"])
    params = parse_qs(join.query)
    assert join.path == "/bigbluebutton/api/join"
    assert (
        params["userID"] == [str(person.pk)]
        and params["role"] == ["VIEWER"]
        and params["fullName"] == ["Ana Lopes"]
    )
    query_without_checksum = join.query.rsplit("&checksum=", 1)[0]
    assert params["checksum"] == [checksum("join", query_without_checksum, "bbb-secret")]
    [create] = requests
    assert create.url.path == "/bigbluebutton/api/create"
    create_query = create.url.query.decode().rsplit("&checksum=", 1)
    assert create_query[1] == checksum("create", create_query[0], "bbb-secret")
    client.get(link(session, person))
    assert len(requests) == 1  # create is trusted for a while


@override_settings(BBB_URL="https://bbb.example.test/bigbluebutton", BBB_SECRET="wrong")
def test_bbb_refusal_shows_an_apology_records_it_and_tells_coordinators(
    client,
    session,
    person,
    provider_http,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    coordinator = make_member(session.program, Role.COORDINATOR)
    provider_http(
        lambda request: httpx.Response(200, text=recorded("bbb_create_checksum_error.xml"))
    )
    session.video_provider = "bbb"
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link(session, person))
        client.get(link(session, person))  # a second failure does not email again
    assert response.status_code == 503
    assert "The coordinator has been told" in response.content.decode()
    incident = ProviderIncident.objects.get()
    assert (incident.code, incident.provider) == (
        "provider_refused",
        "bbb",
    ) and "checksumError" in incident.message
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert JoinEvent.objects.filter(outcome="provider_failed").count() == 2
    client.force_login(coordinator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Video provider problem" in page and "checksumError" in page


@override_settings(BBB_URL="https://bbb.example.test/bigbluebutton", BBB_SECRET="x")
def test_bbb_down_is_a_clear_page_not_a_crash(client, session, person, provider_http):
    def down(request):
        raise httpx.ConnectError("connection refused")

    provider_http(down)
    session.video_provider = "bbb"
    session.save()
    response = client.get(link(session, person))
    assert response.status_code == 503
    assert ProviderIncident.objects.get().code == "provider_unreachable"


def test_bbb_not_configured_is_reported(client, session, person):
    session.video_provider = "bbb"
    session.save()
    assert client.get(link(session, person)).status_code == 503
    assert ProviderIncident.objects.get().code == "provider_not_configured"


@override_settings(ZOOM_ACCOUNT_ID="acct", ZOOM_CLIENT_ID="cid", ZOOM_CLIENT_SECRET="csecret")
def test_zoom_registers_each_person_once_and_sends_them_to_their_registrant_link(
    client, session, person, provider_http
):
    def zoom(request):
        if request.url.host == "zoom.us":
            assert request.url.params["grant_type"] == "account_credentials"
            assert request.headers["authorization"].startswith("Basic ")
            return json_response("zoom_oauth_token.json")
        assert request.url.path == "/v2/meetings/85746065432/registrants"
        assert request.headers["authorization"].startswith("Bearer ")
        return json_response("zoom_add_registrant.json", 201)

    requests = provider_http(zoom)
    session.video_provider, session.video_room = "zoom", "857 4606 5432"
    session.save()
    response = client.get(link(session, person))
    assert response["Location"].startswith("https://us06web.zoom.us/w/85746065432?tk=")
    registration = ProviderRegistration.objects.get()
    assert (registration.external_id, registration.user) == ("9tboDiHUQAeOnbmudzWa5g", person)
    client.get(link(session, person))
    assert len(requests) == 2  # token + registrant, once


@override_settings(ZOOM_ACCOUNT_ID="acct", ZOOM_CLIENT_ID="cid", ZOOM_CLIENT_SECRET="csecret")
def test_zoom_refusal_is_an_incident(client, session, person, provider_http):
    provider_http(
        lambda r: (
            json_response("zoom_oauth_token.json")
            if r.url.host == "zoom.us"
            else json_response("zoom_registrant_error.json", 400)
        )
    )
    session.video_provider, session.video_room = "zoom", "85746065432"
    session.save()
    assert client.get(link(session, person)).status_code == 503
    assert "registration is not enabled" in ProviderIncident.objects.get().message


def test_zoom_without_api_credentials_uses_the_meeting_link(client, session, person):
    session.video_provider, session.video_url = "zoom", "https://zoom.us/j/85746065432"
    session.save()
    assert client.get(link(session, person))["Location"] == "https://zoom.us/j/85746065432"


def test_external_link_and_missing_link(client, session, person):
    session.video_provider, session.video_url = "external", "https://teams.example.test/meet/abc"
    session.save()
    assert client.get(link(session, person))["Location"] == "https://teams.example.test/meet/abc"
    session.video_url = ""
    session.save()
    assert client.get(link(session, person)).status_code == 503


def test_unknown_token_is_404(client, db):
    response = client.get("/join/not-a-real-token/")
    assert response.status_code == 404 and "not valid" in response.content.decode()


def test_cancelled_session_says_so_with_the_next_session(client, session, person, program):
    nxt = SessionFactory(
        program=program,
        title="Session 13",
        starts_at=session.starts_at + dt.timedelta(days=7),
        ends_at=session.ends_at + dt.timedelta(days=7),
    )
    url = link(session, person)
    cancel_session(actor=None, session=session, reason="Statutory holiday")
    response = client.get(url)
    page = response.content.decode()
    assert (
        response.status_code == 410
        and "cancelled" in page
        and "Statutory holiday" in page
        and nxt.title in page
    )
    assert not JoinEvent.objects.exists()


def test_long_past_session_is_closed(client, session, person):
    url = link(session, person)
    with time_machine.travel(session.ends_at + dt.timedelta(hours=2), tick=False):
        response = client.get(url)
    assert response.status_code == 410 and "has ended" in response.content.decode()


def test_too_early_says_when_the_link_opens(client, program, person, clock):
    start = NOW + dt.timedelta(days=2)
    later = SessionFactory(program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    response = client.get(link(later, person))
    assert response.status_code == 200 and "Your link opens at" in response.content.decode()
    assert not JoinEvent.objects.exists()


def test_person_no_longer_registered_cannot_join(client, session, person):
    url = link(session, person)
    Membership.objects.filter(user=person).update(is_active=False)
    response = client.get(url)
    assert response.status_code == 403 and "no longer registered" in response.content.decode()
    assert not JoinEvent.objects.exists()


def test_join_hot_path_uses_three_queries(client, session, person):
    url = link(session, person)
    session.video_room = "EchoPrepared0123456789abcdef0123456789"
    session.save()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 302
    assert len(ctx.captured_queries) <= 3, [q["sql"][:80] for q in ctx.captured_queries]


def test_precompiled_lookup_reads_roles_and_refuses_odd_tokens(session, person, program):
    from echohub.joining.queries import join_row

    token = services.join_token_for(session=session, user=person).token
    row = join_row(token)
    assert (row.session_id, row.user_id, row.registered, row.moderator) == (
        session.pk,
        person.pk,
        True,
        False,
    )
    assert row.starts_at == session.starts_at and row.program_slug == program.slug
    MembershipFactory(program=program, user=person, role=Role.EXPERT)
    assert join_row(token).moderator is True
    Membership.objects.filter(user=person).update(is_active=False)
    assert join_row(token).registered is False
    for odd in ("' OR '1'='1", "x" * 500, "\x00", "%", ""):
        assert join_row(odd) is None


def test_a_nul_byte_in_the_link_is_just_an_unknown_link(client, db):
    assert client.get("/join/abc%00def/").status_code == 404


@override_settings(BBB_URL="https://bbb.example.test/bigbluebutton", BBB_SECRET="bbb-secret")
def test_bbb_create_asks_for_the_analytics_callback(client, session, person, provider_http):
    requests = provider_http(
        lambda request: httpx.Response(200, text=recorded("bbb_create_success.xml"))
    )
    session.video_provider = "bbb"
    session.save()
    client.get(link(session, person))
    callback = requests[0].url.params["meta_analytics-callback-url"]
    assert callback.endswith(f"/webhooks/bbb/{session.pk}/")
