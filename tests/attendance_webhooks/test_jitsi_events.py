"""POST /webhooks/jitsi/: event_sync occupant joined/left with a shared secret."""

from __future__ import annotations

import datetime as dt

import pytest

from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.core.models import AuditEntry
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

SECRET = "jitsi-events-test-secret"  # a test value
ROOM = "EchoChronicPain0123456789abcdef0123456789abcdef"
START = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def jitsi_session(program, settings):
    settings.JITSI_EVENTS_SECRET = SECRET
    return SessionFactory(
        program=program,
        starts_at=START,
        ends_at=START + dt.timedelta(minutes=90),
        video_provider="jitsi",
        video_room=ROOM,
    )


def ts(minutes: int) -> int:
    return int((START + dt.timedelta(minutes=minutes)).timestamp())


def occupant(user, joined: int, left: int | None = None) -> dict:
    data = {
        "occupant_jid": f"{ROOM.lower()}@conference.meet.example.org/ab12cd34",
        "name": user.get_full_name() if user else "Visitor",
        "email": "",
        "id": str(user.pk) if user else "",
        "joined_at": joined,
    }
    if left is not None:
        data["left_at"] = left
    return data


def joined(user, minutes: int) -> dict:
    return {
        "event_name": "muc-occupant-joined",
        "room_name": ROOM.lower(),  # Prosody lower-cases room names
        "occupant": occupant(user, ts(minutes)),
    }


def left(user, join_minutes: int, leave_minutes: int) -> dict:
    return {
        "event_name": "muc-occupant-left",
        "room_name": ROOM.lower(),
        "occupant": occupant(user, ts(join_minutes), ts(leave_minutes)),
    }


def post(client, body, secret: str | None = SECRET, path: str = "/webhooks/jitsi/events/occupant"):
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    return client.post(path, data=body, content_type="application/json", headers=headers)


def test_joined_then_left_is_a_segment_of_our_user(client, jitsi_session, people):
    first = post(client, joined(people["hope"], -2))
    assert first.status_code == 200 and first.json()["status"] == "opened"
    second = post(client, left(people["hope"], -2, 45))
    assert second.status_code == 200 and second.json()["status"] == "closed"
    row = AttendanceRow.objects.get(session=jitsi_session)
    assert (row.user, row.method, row.status) == (people["hope"], "user_id", RowStatus.MATCHED)
    assert row.source == "jitsi"
    assert Attendance.objects.get(user=people["hope"]).minutes == 45


def test_left_without_joined_stores_the_whole_segment(client, jitsi_session, people):
    response = post(client, left(people["okafor"], 10, 40), path="/webhooks/jitsi/")
    assert response.status_code == 200
    assert Attendance.objects.get(user=people["okafor"]).minutes == 30


def test_repeated_events_are_stored_once(client, jitsi_session, people):
    for _ in range(2):
        post(client, joined(people["hope"], 0))
        post(client, left(people["hope"], 0, 30))
    assert AttendanceRow.objects.filter(session=jitsi_session).count() == 1
    assert Attendance.objects.get(user=people["hope"]).minutes == 30


def test_visitor_without_our_id_goes_to_the_queue(client, jitsi_session, people):
    post(client, joined(None, 5))
    row = AttendanceRow.objects.get(session=jitsi_session)
    assert row.user is None and row.status in (RowStatus.UNMATCHED, RowStatus.REVIEW)


def test_x_echohub_secret_header_is_accepted(client, jitsi_session, people):
    response = client.post(
        "/webhooks/jitsi/",
        data=joined(people["hope"], 0),
        content_type="application/json",
        headers={"X-Echohub-Secret": SECRET},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(("secret", "code"), [(None, "unsigned"), ("guess", "bad_secret")])
def test_wrong_secret_is_refused_and_changes_nothing(client, jitsi_session, people, secret, code):
    response = post(client, joined(people["hope"], 0), secret=secret)
    assert response.status_code == 401 and response.json()["error"] == code
    assert not AttendanceRow.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        {"event_name": "muc-occupant-joined", "room_name": ROOM},
        {"event_name": "muc-occupant-joined", "room_name": ROOM, "occupant": {"joined_at": "x"}},
    ],
)
def test_malformed_event_is_a_400_and_changes_nothing(client, jitsi_session, people, body):
    response = post(client, body)
    assert response.status_code == 400 and response.json()["message"]
    assert not AttendanceRow.objects.exists()


def test_room_events_and_unknown_rooms_are_ignored(client, jitsi_session, people):
    created = post(client, {"event_name": "muc-room-created", "room_name": ROOM.lower()})
    assert created.status_code == 200 and created.json()["status"] == "ignored"
    other = joined(people["hope"], 0)
    other["room_name"] = "someotherroom"
    assert post(client, other).json()["status"] == "ignored"
    assert not AttendanceRow.objects.exists()


def test_without_a_secret_events_are_off(client, jitsi_session, people, settings):
    settings.JITSI_EVENTS_SECRET = ""
    assert post(client, joined(people["hope"], 0)).status_code == 503
