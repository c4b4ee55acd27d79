"""A coordinator imports a Zoom report, assigns a review row in place and adjusts minutes."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Priya Cardinal,priya.cardinal@example.org,"
    "01/08/2026 12:25:00 PM,01/08/2026 01:40:30 PM,75,No\n"
    "Hope Mercer,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n"
    "Thunder Bay Boardroom,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n"
)


def test_import_review_and_adjust(page, tmp_path):
    shots = Path(os.environ.get("ECHOHUB_SHOTS", tmp_path))
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test", first_name="Cora", last_name="Ord")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    people = {}
    for first, last, email in [
        ("Priya", "Cardinal", "priya.cardinal@example.org"),
        ("Hope", "Mercer", "hope.mercer@example.org"),
        ("Hope", "Mercer", "m.hope.mercer@example.org"),
    ]:
        people[email] = UserFactory(first_name=first, last_name=last, email=email)
        MembershipFactory(program=program, user=people[email], role=Role.PARTICIPANT)
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program,
        title="Opioid tapering",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        video_provider="zoom",
        video_room="812 3456 7890",
    )
    report = tmp_path / "participants.csv"
    report.write_text(REPORT, encoding="utf-8")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/p/chronic-pain/sessions/{session.pk}/")
    page.get_by_role("link", name="Attendance", exact=True).last.click()
    page.get_by_label("Zoom participants report (CSV)").set_input_files(str(report))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 3 of 3 rows").wait_for()
    page.screenshot(path=str(shots / "attendance-session.png"), full_page=True)
    width = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(width), "the page scrolls sideways"
    # Each row's "import N" reads whole under its row number (walk 14: "impor / t 12").
    batches = page.locator(".queue-batch")
    expect(batches.first).to_be_visible()
    lines = batches.evaluate_all("els => els.map(el => el.getClientRects().length)")
    assert lines and set(lines) == {1}, lines

    row = AttendanceRow.objects.get(name="Hope Mercer")
    # Two suggestions share the name: search by email instead (htmx lists the matches).
    page.get_by_label("Someone else for row 2: name or email").fill("m.hope")
    matches = page.locator(f"#matches-{row.pk}")
    matches.get_by_text("1 person matches").wait_for()
    matches.get_by_role("button", name="Assign row 2 to Hope Mercer").click()
    page.get_by_text("Assigned to Hope Mercer").wait_for()  # swapped in place by htmx
    row.refresh_from_db()
    assert row.status == RowStatus.MATCHED
    assert row.user == people["m.hope.mercer@example.org"]

    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm question
    priya = people["priya.cardinal@example.org"]
    page.goto(f"/p/chronic-pain/attendance/sessions/{session.pk}/people/{priya.pk}/adjust/")
    page.get_by_label("Minutes attended").fill("88")
    page.get_by_label("Reason").fill("Also dialled in by phone, host confirms")
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Save adjustment").click()
    page.get_by_text("Attendance of Priya Cardinal adjusted").wait_for()
    assert Attendance.objects.get(user=priya).minutes == 88
