"""POST /webhooks/zoom/: signature, staleness, replays, URL validation, joined/left segments."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.core.models import AuditEntry

from .conftest import ZOOM_SECRET, recorded

pytestmark = pytest.mark.django_db

JOINED = recorded("zoom_participant_joined.json")
LEFT = recorded("zoom_participant_left.json")


def state() -> tuple[list[dict], list[dict]]:
    return (
        list(AttendanceRow.objects.order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
    )


def test_url_validation_challenge_is_answered(zoom_webhook):
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}}
    response = zoom_webhook(body)
    assert response.status_code == 200
    expected = hmac.new(ZOOM_SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert response.json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}


def test_joined_then_left_stores_one_segment_and_minutes(zoom_webhook, zoom_session, people):
    joined = zoom_webhook(JOINED)
    assert joined.status_code == 200 and joined.json()["status"] == "opened"
    row = AttendanceRow.objects.get(session=zoom_session)
    assert row.leave_at is None and row.user == people["okafor"]
    assert row.method == "registrant_id" and row.status == RowStatus.MATCHED

    left = zoom_webhook(LEFT)
    assert left.status_code == 200 and left.json()["status"] == "closed"
    row.refresh_from_db()
    assert row.leave_at is not None and row.duration_minutes == 60
    attendance = Attendance.objects.get(session=zoom_session, user=people["okafor"])
    assert attendance.minutes == 60
    assert AuditEntry.objects.filter(action="attendance.segment_opened").count() == 1
    assert AuditEntry.objects.filter(action="attendance.segment_closed").count() == 1


def test_rejoin_opens_a_second_segment_and_minutes_are_the_union(
    zoom_webhook, zoom_session, people
):
    zoom_webhook(JOINED)
    zoom_webhook(LEFT)
    again = json.loads(JOINED)
    again["payload"]["object"]["participant"]["join_time"] = "2026-01-08T18:41:00Z"
    zoom_webhook(again)
    left = json.loads(LEFT)
    left["payload"]["object"]["participant"]["leave_time"] = "2026-01-08T18:51:00Z"
    zoom_webhook(left)
    assert AttendanceRow.objects.filter(session=zoom_session).count() == 2
    assert Attendance.objects.get(user=people["okafor"]).minutes == 70


def test_replayed_delivery_is_processed_once(zoom_webhook, zoom_session, people):
    stamp = int(time.time())
    first = zoom_webhook(JOINED, timestamp=stamp)
    replay = zoom_webhook(JOINED, timestamp=stamp)
    assert first.json()["status"] == "opened"
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    # Re-signed with a new timestamp, the same join is still stored once.
    later = zoom_webhook(JOINED, timestamp=stamp + 1)
    assert later.json()["status"] == "duplicate"
    assert AttendanceRow.objects.filter(session=zoom_session).count() == 1


def test_replayed_leave_changes_nothing(zoom_webhook, zoom_session, people):
    zoom_webhook(JOINED)
    zoom_webhook(LEFT)
    before = state()
    again = zoom_webhook(LEFT, timestamp=int(time.time()) + 1)
    assert again.json()["status"] == "ignored"
    assert state() == before


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"secret": "not-the-secret"}, "bad_signature"),
        ({"signature": "v0=" + "0" * 64}, "bad_signature"),
        ({"timestamp": -301}, "stale"),  # seconds from now, taken when the test runs (not
        ({"timestamp": +600}, "stale"),  # at collection: a long run made +600 fresh again)
    ],
)
def test_forged_or_stale_delivery_is_refused_and_changes_nothing(
    zoom_webhook, zoom_session, people, kwargs, code
):
    if "timestamp" in kwargs:
        kwargs = {**kwargs, "timestamp": int(time.time()) + kwargs["timestamp"]}
    response = zoom_webhook(JOINED, **kwargs)
    assert response.status_code == 401
    assert response.json()["error"] == code and response.json()["message"]
    assert not AttendanceRow.objects.exists() and not AuditEntry.objects.exists()


def test_unsigned_delivery_is_refused(client, settings, zoom_session, people):
    settings.ZOOM_WEBHOOK_SECRET = ZOOM_SECRET
    response = client.post("/webhooks/zoom/", data=JOINED, content_type="application/json")
    assert response.status_code == 401 and response.json()["error"] == "unsigned"
    assert not AttendanceRow.objects.exists()


def test_validation_challenge_with_bad_signature_is_refused(zoom_webhook):
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "abc"}}
    response = zoom_webhook(body, secret="wrong")
    assert response.status_code == 401 and "encryptedToken" not in response.json()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        json.dumps({"event": "meeting.participant_joined", "payload": {}}).encode(),
        JOINED.replace("2026-01-08T17:31:00Z", "yesterday").encode(),
        JOINED.replace('"id": "81234567890"', '"id": ""').encode(),
    ],
)
def test_malformed_delivery_is_a_400_and_changes_nothing(zoom_webhook, zoom_session, people, body):
    response = zoom_webhook(body)
    assert response.status_code == 400
    assert response.json()["error"] and response.json()["message"]
    assert not AttendanceRow.objects.exists() and not AuditEntry.objects.exists()


def test_event_for_an_unknown_meeting_is_acknowledged_and_ignored(zoom_webhook, zoom_session):
    response = zoom_webhook(JOINED.replace("81234567890", "99999999999"))
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert not AttendanceRow.objects.exists()


def test_other_events_are_acknowledged_and_ignored(zoom_webhook, zoom_session):
    response = zoom_webhook({"event": "meeting.started", "payload": {"object": {"id": "1"}}})
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert not AttendanceRow.objects.exists()


def test_guest_by_email_only_is_matched_by_email(zoom_webhook, zoom_session, people):
    body = json.loads(JOINED)
    person = body["payload"]["object"]["participant"]
    person.update(
        registrant_id="", email="Hope.Mercer@clinic.test", user_name="Hope", participant_uuid="p2"
    )
    zoom_webhook(body)
    left = json.loads(LEFT)
    left["payload"]["object"]["participant"].update(
        registrant_id="", email="hope.mercer@clinic.test", user_name="Hope", participant_uuid="p2"
    )
    zoom_webhook(left)
    assert Attendance.objects.get(user=people["hope"]).minutes == 60


def test_without_a_secret_webhooks_are_off(client, settings):
    settings.ZOOM_WEBHOOK_SECRET = ""
    response = client.post("/webhooks/zoom/", data=JOINED, content_type="application/json")
    assert response.status_code == 503 and response.json()["error"] == "not_configured"


def test_get_is_not_allowed(client):
    assert client.get("/webhooks/zoom/").status_code == 405


def test_an_open_segment_gives_no_attendance_yet(zoom_webhook, zoom_session, people):
    from echohub.attendance import services

    zoom_webhook(JOINED)
    services.recompute(session=zoom_session, user_ids={people["okafor"].pk})
    assert not Attendance.objects.filter(user=people["okafor"]).exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"user_id": "16778240"', '"user_id": "\u00b2"'),  # a digit int() refuses
        ('"user_id": "16778240"', '"user_id": "' + "9" * 40 + '"'),  # past a database integer
        ('"join_time": "2026-01-08T17:31:00Z"', '"join_time": "\u00b2"'),
        ('"join_time": "2026-01-08T17:31:00Z"', '"join_time": "' + "9" * 5000 + '"'),
    ],
)
def test_odd_digits_in_a_delivery_are_never_a_server_error(
    zoom_webhook, zoom_session, people, old, new
):
    """A platform's user id or time written with digits Python reads as digits but int()
    refuses ("²"), or with more digits than any id or time has, is a 400 or an ordinary
    delivery, never a 500."""
    assert old in JOINED
    response = zoom_webhook(JOINED.replace(old, new))
    assert response.status_code in (200, 400), response.status_code
