# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""Fixes of the thirteenth attendance hunt (each test failed before its fix). Every name,
address and number is invented."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from tests.attendance_webhooks.conftest import (  # noqa: F401 (fixtures)
    _fresh_replay_memory,
    people,
    recorded,
    zoom_session,
)

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
# Zoom's export of the fixture's session (12:30 to 14:00 in Toronto): Hope 38 min 50 s, a
# guest and a phone line.
ORIGINAL = (
    HEADER
    + "\r\n"
    + "Hope Mercer,hope.mercer@clinic.test,01/08/2026 12:31:30 PM,01/08/2026 01:10:20 PM,38,No\r\n"
    + "Guest 4,,01/08/2026 12:35:10 PM,01/08/2026 01:00:40 PM,25,Yes\r\n"
    + "+1 613 *** **27,,01/08/2026 12:40:05 PM,01/08/2026 01:05:45 PM,25,Yes\r\n"
).encode()
JOINED = json.loads(recorded("zoom_participant_joined.json"))
LEFT = json.loads(recorded("zoom_participant_left.json"))
START = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)
LIVE = [
    ("Hope Mercer", "hope.mercer@clinic.test", "c1", (90, 2420)),
    ("Guest 4", "", "c2", (310, 1840)),
    ("+1 613 *** **27", "", "c3", (605, 2145)),
]


def minutes_of(user: Any) -> int:
    found = Attendance.objects.filter(user=user).first()
    return found.minutes if found else 0


def zoom_event(kind: str, name: str, email: str, key: str, at: datetime) -> dict[str, Any]:
    body = json.loads(json.dumps(JOINED if kind == "joined" else LEFT))
    participant = body["payload"]["object"]["participant"]
    participant.update(
        user_name=name, email=email, registrant_id="", participant_uuid=key, user_id="", id=""
    )
    participant["join_time" if kind == "joined" else "leave_time"] = at.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return body


def queued() -> list[str]:
    return sorted(
        AttendanceRow.objects.filter(
            status__in=(RowStatus.UNMATCHED, RowStatus.REVIEW)
        ).values_list("name", flat=True)
    )


def live(lost: set[str]) -> None:
    """The webhooks of LIVE, the leaves of the ``lost`` connections never delivered."""
    for name, email, key, (join, leave) in LIVE:
        services.record_zoom_event(
            event=zoom_event("joined", name, email, key, START + timedelta(seconds=join))
        )
        if key not in lost:
            services.record_zoom_event(
                event=zoom_event("left", name, email, key, START + timedelta(seconds=leave))
            )


# --- (a) Atthunt12's leftover: a connection whose leave webhook was lost -----------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lost", [{"c2"}, {"c2", "c3"}, {"c1", "c2", "c3"}])
def test_a_csv_after_a_lost_leave_lists_each_guest_once(zoom_session, people, lost):
    """Before: the guest's open join (its leave webhook lost) stayed in the queue and the
    report's row of the same connection was queued beside it: 'Guest 4' twice."""
    live(lost)
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    assert minutes_of(people["hope"]) == 38
    # The report completed the open joins: no join is left without its leave.
    assert not AttendanceRow.objects.filter(join_at__isnull=False, leave_at__isnull=True).exists()
    guest = AttendanceRow.objects.get(name="Guest 4")
    assert guest.join_at == START + timedelta(seconds=310)
    assert guest.leave_at == datetime(2026, 1, 8, 18, 0, 40, tzinfo=UTC)
    # The same report again, and a decision kept.
    services.mark_guest(actor=people["coordinator"], row=guest)
    again = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=ORIGINAL
    )
    assert again.new_rows == 0 and queued() == ["+1 613 *** **27"]


@pytest.mark.django_db
def test_a_lost_leave_of_hope_is_completed_by_the_report(zoom_session, people):
    """Her open join counted nothing; the report gives her 38 minutes and the open join is
    closed by it (the session page no longer counts a join without its leave)."""
    live({"c1"})
    assert minutes_of(people["hope"]) == 0
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=ORIGINAL
    )
    assert minutes_of(people["hope"]) == 38
    assert AttendanceRow.objects.filter(user=people["hope"]).count() == 1
    assert result.new_rows == 0


@pytest.mark.django_db
def test_the_lost_leave_delivered_late_after_the_report_changes_nothing(zoom_session, people):
    """Zoom retries a delivery: the leave the report already gave comes at last. It is that
    leave (within a minute), not a leave without its join for the queue."""
    live({"c2"})
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    # Zoom's report and its webhook write a leave from different clocks: a second apart.
    outcome = services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1842))
    )
    assert outcome.status == "closed"
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    guest = AttendanceRow.objects.get(name="Guest 4")
    assert guest.leave_at == START + timedelta(seconds=1842)  # the platform's own
    # Delivered once more: nothing.
    services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1842))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4"]


@pytest.mark.django_db
def test_a_leave_a_minute_after_one_the_webhooks_gave_is_still_held(zoom_session, people):
    """Only a leave a report gave is taken over by a late webhook: two leaves of one
    connection delivered by webhooks a few seconds apart (a rejoin's join still on its way)
    keep being paired as before, the second held until its join comes."""
    live(set())
    services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1870))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=1850))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_report_row_far_from_the_open_join_is_another_stay(zoom_session, people):
    """Only the report's row that starts within a minute of the open join completes it; a
    later stay of the guest is queued as before, and the open join stays open."""
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=310))
    )
    later = (
        HEADER + "\r\n" + "Guest 4,,01/08/2026 01:20:00 PM,01/08/2026 01:40:00 PM,20,Yes\r\n"
    ).encode()
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=later
    )
    assert result.new_rows == 1
    assert AttendanceRow.objects.filter(name="Guest 4").count() == 2
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_another_persons_row_never_completes_an_open_join(zoom_session, people):
    """Same minute, another name: the guest's open join is not the phone line's row."""
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=605))
    )
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 1
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]


@pytest.mark.django_db
def test_the_import_page_says_the_report_ended_the_open_joins(client, zoom_session, people):
    """Before: the page said 3 rows imported, the open join untouched beside them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    live({"c1", "c2"})
    client.force_login(people["coordinator"])
    page = client.post(
        f"/p/{zoom_session.program.slug}/attendance/sessions/{zoom_session.pk}/import/",
        {
            "file": SimpleUploadedFile("participants.csv", ORIGINAL, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": "month",
        },
        follow=True,
    )
    said = page.content.decode()
    assert "2 joins seen live, whose leaves never arrived, now end at this report" in said
    assert "nothing changed" not in said
    assert minutes_of(people["hope"]) == 38
