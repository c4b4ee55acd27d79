import datetime as dt

import pytest
import time_machine
from ical.calendar_stream import IcsCalendarStream

from echohub.joining import services
from echohub.joining.models import CalendarFeed
from echohub.programs.models import Role
from echohub.scheduling import services as scheduling
from echohub.scheduling.recurrence import Recurrence
from tests.factories import ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def parse(body: bytes):
    """Read our output back with `ical`, an RFC 5545 parser independent of the `icalendar`
    library that wrote it."""
    return IcsCalendarStream.calendar_from_ics(body.decode())


@pytest.fixture
def series(program):
    rule = Recurrence(
        frequency="weekly",
        weekday=3,
        first_date=dt.date(2026, 10, 22),
        start_time=dt.time(12, 30),
        duration_minutes=90,
        time_zone="America/Toronto",
        count=3,
    )
    s = scheduling.create_series(
        actor=None, program=program, title="Cycle", rule=rule, topics=["Opioid tapering"]
    )
    for session in s.sessions.all():
        session.video_url = "https://zoom.us/j/123?pwd=SECRETPASSCODE"
        session.video_room = "EchoRoomNameThatMustNotLeak"
        session.save()
    return s


def test_session_ics_is_valid_with_time_zone_stable_uid_and_personal_link(
    client, program, make_member, series
):
    user = make_member(program, Role.PARTICIPANT)
    client.force_login(user)
    first = series.sessions.order_by("starts_at").first()
    response = client.get(f"/p/{program.slug}/sessions/{first.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [event] = parse(response.content).events
    assert event.uid == f"session-{first.pk}@127.0.0.1"
    assert event.dtstart.replace(tzinfo=None) == dt.datetime(2026, 10, 22, 12, 30)
    assert event.dtstart.astimezone(dt.UTC) == first.starts_at
    assert event.sequence == 0 and event.status == "CONFIRMED"
    token = services.join_token_for(session=first, user=user).token
    assert f"/join/{token}/" in event.description and "Opioid tapering" in event.description
    body = response.content.decode()
    assert "DTSTART;TZID=America/Toronto:20261022T123000" in body
    assert "SECRETPASSCODE" not in body and "EchoRoomNameThatMustNotLeak" not in body
    assert "BEGIN:VTIMEZONE" in body


def test_times_are_right_on_both_sides_of_the_dst_change(client, program, make_member, series):
    user = make_member(program, Role.PARTICIPANT)
    feed = services.calendar_feed_for(user)
    body = client.get(f"/calendar/{feed.token}.ics").content
    # Read the zone from our VTIMEZONE, not from the parser's own database: rename the TZID.
    for text in (body, body.replace(b"America/Toronto", b"Echo-Test-Zone")):
        starts = sorted(e.dtstart for e in parse(text).events)
        assert [s.astimezone(dt.UTC).hour for s in starts] == [16, 16, 17]  # Oct 22, Oct 29, Nov 5
        assert {s.replace(tzinfo=None).time() for s in starts} == {dt.time(12, 30)}


def test_reschedule_bumps_sequence_and_cancel_marks_cancelled_keeping_the_uid(
    client, program, make_member, series
):
    user = make_member(program, Role.PARTICIPANT)
    feed = services.calendar_feed_for(user)
    a, b, _c = series.sessions.order_by("starts_at")
    with time_machine.travel(a.starts_at - dt.timedelta(days=7), tick=False):
        scheduling.reschedule_session(  # a week before: sessions move forward, never into the past
            actor=None,
            session=a,
            starts_at=a.starts_at + dt.timedelta(hours=1),
            ends_at=a.ends_at + dt.timedelta(hours=1),
        )
    scheduling.cancel_session(actor=None, session=b, reason="Holiday")
    events = {e.uid: e for e in parse(client.get(f"/calendar/{feed.token}.ics").content).events}
    ea, eb = events[f"session-{a.pk}@127.0.0.1"], events[f"session-{b.pk}@127.0.0.1"]
    assert ea.sequence == 1 and ea.dtstart.replace(tzinfo=None) == dt.datetime(2026, 10, 22, 13, 30)
    assert eb.status == "CANCELLED" and eb.sequence == 1
    assert "/join/" not in eb.description


def test_feed_only_has_my_programs(client, program, make_member, series):
    user = make_member(program, Role.PARTICIPANT)
    SessionFactory(program=ProgramFactory(), title="Someone else's program")
    body = client.get(f"/calendar/{services.calendar_feed_for(user).token}.ics").content.decode()
    assert "Someone else" not in body and body.count("BEGIN:VEVENT") == 3


def test_revoked_feed_stops_working_and_a_new_one_does(client, program, make_member, series):
    user = make_member(program, Role.PARTICIPANT)
    old = services.calendar_feed_for(user)
    client.force_login(user)
    page = client.get("/calendar/").content.decode()
    assert f"/calendar/{old.token}.ics" in page
    client.post("/calendar/")
    response = client.get(f"/calendar/{old.token}.ics")
    assert response.status_code == 410 and "revoked" in response.content.decode()
    new = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    assert new.token != old.token
    assert client.get(f"/calendar/{new.token}.ics").status_code == 200
    assert client.get("/calendar/unknown-token.ics").status_code == 404


def test_session_ics_needs_membership(client, program, series):
    client.force_login(UserFactory())
    first = series.sessions.first()
    assert client.get(f"/p/{program.slug}/sessions/{first.pk}/calendar.ics").status_code == 404


def test_a_malformed_feed_token_is_404(client, db):
    assert client.get("/calendar/abc%00.ics").status_code == 404
