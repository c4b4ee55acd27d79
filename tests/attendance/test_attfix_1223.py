# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""Fixes of the tenth attendance hunt (each test failed before its fix)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from tests.attendance_webhooks.conftest import (  # noqa: F401 (fixtures)
    ZOOM_SECRET,
    _fresh_replay_memory,
    people,
    recorded,
    zoom_session,
    zoom_webhook,
)

pytestmark = pytest.mark.django_db

JOINED = json.loads(recorded("zoom_participant_joined.json"))
LEFT = json.loads(recorded("zoom_participant_left.json"))


def event(kind: str, device: str, minute: int, **extra: Any) -> dict[str, Any]:
    """Hope's device ``device`` joins or leaves ``minute`` minutes after 17:30 UTC (the
    session's start); each device is its own Zoom participant (participant_uuid)."""
    body = json.loads(json.dumps(JOINED if kind == "joined" else LEFT))
    hour, rest = divmod(30 + minute, 60)
    at = f"2026-01-08T{17 + hour:02d}:{rest:02d}:00Z"
    person = body["payload"]["object"]["participant"]
    person.update(
        registrant_id="",
        email="hope.mercer@clinic.test",
        user_name=f"Hope ({device})",
        participant_uuid=f"p-hope-{device}",
        user_id=str(16000000 + ord(device[0])),
        **extra,
    )
    person["join_time" if kind == "joined" else "leave_time"] = at
    return body


def minutes_of(user: Any) -> int:
    found = Attendance.objects.filter(user=user).first()
    return found.minutes if found else 0


@pytest.mark.parametrize(
    ("order", "truth"),
    [
        # The phone in 0-20, the laptop 40-90; the laptop's leave comes before its join.
        (
            [
                ("joined", "phone", 0),
                ("left", "laptop", 90),
                ("joined", "laptop", 40),
                ("left", "phone", 20),
            ],
            70,
        ),
        # The phone in 0-90, the laptop 10-80; the laptop's leave comes before its join.
        (
            [
                ("joined", "phone", 0),
                ("left", "laptop", 80),
                ("left", "phone", 90),
                ("joined", "laptop", 10),
            ],
            90,
        ),
    ],
)
def test_a_leave_before_its_join_never_closes_the_other_device(
    zoom_webhook, zoom_session, people, order, truth
):
    for kind, device, minute in order:
        response = zoom_webhook(event(kind, device, minute))
        assert response.status_code == 200, response.content
    assert minutes_of(people["hope"]) == truth


def test_a_rejoin_on_one_device_delivered_backwards_counts_each_stay(
    zoom_webhook, zoom_session, people
):
    """The same device (one participant uuid) in 0-30 and 40-90; its events arrive last
    first. Before: the leave at 90 was dropped ('no open join'), the join at 40 stayed open,
    30 minutes for 80."""
    for kind, minute in [("left", 90), ("joined", 0), ("joined", 40), ("left", 30)]:
        assert zoom_webhook(event(kind, "laptop", minute)).status_code == 200
    assert minutes_of(people["hope"]) == 80
    assert not AttendanceRow.objects.filter(join_at__isnull=True).exists()
    assert not AttendanceRow.objects.filter(leave_at__isnull=True).exists()


def test_a_leave_under_a_new_name_without_its_address_closes_its_own_join(
    zoom_webhook, zoom_session, people
):
    """Someone renamed themselves during the meeting; Zoom's leave carries the new name and no
    e-mail. Before: no open join had that name, the leave was dropped and nothing counted."""
    zoom_webhook(event("joined", "laptop", 0))
    left = event("left", "laptop", 45)
    left["payload"]["object"]["participant"].update(user_name="HM (iPad)", email="")
    assert zoom_webhook(left).json()["status"] == "closed"
    assert minutes_of(people["hope"]) == 45


def test_a_leave_whose_join_never_comes_waits_in_review_with_a_reason(
    zoom_webhook, zoom_session, people, client
):
    """Never dropped: the coordinator's queue shows it, saying who it may be and that no
    minutes count (before: 'ignored', nothing anywhere). Its replay adds nothing."""
    response = zoom_webhook(event("left", "phone", 50))
    assert response.status_code == 200 and response.json()["status"] == "held"
    row = AttendanceRow.objects.get()
    assert row.status == RowStatus.REVIEW and row.join_at is None and row.user is None
    assert row.candidates == [people["hope"].pk]
    assert row.reason.startswith("leave received before its join: Hope Mercer")
    again = zoom_webhook(event("left", "phone", 50), timestamp=int(time.time()) + 1)
    assert again.json()["status"] == "ignored"
    assert AttendanceRow.objects.count() == 1
    assert minutes_of(people["hope"]) == 0
    client.force_login(people["coordinator"])
    url = f"/p/{zoom_session.program.slug}/attendance/sessions/{zoom_session.pk}/"
    page = client.get(url).content.decode()
    assert "leave received before its join" in page and "Hope (phone)" in page
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert french.status_code == 200 and "Hope (phone)" in french.content.decode()
    # Its join comes at last: one row, the whole stay, matched; the queue is empty.
    assert zoom_webhook(event("joined", "phone", 5)).json()["status"] == "closed"
    row = AttendanceRow.objects.get()
    assert row.status == RowStatus.MATCHED and row.user == people["hope"]
    assert minutes_of(people["hope"]) == 45


def test_a_leave_whose_join_came_with_an_offset_is_found_again(zoom_webhook, zoom_session, people):
    """A join written with Toronto's offset and its leave in UTC are one connection (the
    stored join is found by its time's text: it is kept in UTC)."""
    joined = event("joined", "laptop", 0)
    joined["payload"]["object"]["participant"]["join_time"] = "2026-01-08T12:30:00-05:00"
    zoom_webhook(joined)
    left = event("left", "laptop", 30)
    left["payload"]["object"]["participant"]["leave_time"] = "2026-01-08T13:00:00-05:00"
    zoom_webhook(left)
    assert zoom_webhook(event("left", "laptop", 30)).json()["status"] == "ignored"
    assert minutes_of(people["hope"]) == 30
    assert AttendanceRow.objects.count() == 1


def test_a_live_join_whose_leave_never_came_is_told_after_the_session(
    zoom_webhook, zoom_session, people, client
):
    """A leave lost for good gives no minutes (nothing invented), and no longer silently: once
    the session is over the coordinator's page says how many live joins have no leave and to
    import the platform's report, in English and in French (before: nothing said)."""
    zoom_webhook(event("joined", "laptop", 0))
    client.force_login(people["coordinator"])
    url = f"/p/{zoom_session.program.slug}/attendance/sessions/{zoom_session.pk}/"
    page = client.get(url).content.decode()
    assert "1 live join has no leave: its minutes are not counted." in page
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert french.status_code == 200 and 'class="notice" role="status"' in french.content.decode()
    zoom_webhook(event("left", "laptop", 40))
    assert "live join has no leave" not in client.get(url).content.decode()
    assert minutes_of(people["hope"]) == 40
