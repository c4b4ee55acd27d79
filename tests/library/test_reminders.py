"""Stale tools: flagged on the manage page and emailed once to the coordinators by the
send_reminders job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from echohub.library import services
from echohub.library.models import Tool, ToolReminder
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _review_emails() -> list:
    from echohub.core.mail_backends import TEMPLATE_HEADER

    return [
        m
        for m in mail.outbox
        if m.extra_headers.get(TEMPLATE_HEADER) == "library/email/review_due.txt"
    ]


@pytest.fixture
def stale(program):
    today = timezone.localdate()
    return {
        "due": Tool.objects.create(
            program=program,
            title="CDC 2022 guideline",
            url="https://cdc.gov/x",
            review_by=today - dt.timedelta(days=1),
        ),
        "later": Tool.objects.create(
            program=program,
            title="Fresh tool",
            url="https://a.org",
            review_by=today + dt.timedelta(days=30),
        ),
    }


def test_send_reminders_emails_the_coordinators_once(
    program, make_member, stale, django_capture_on_commit_callbacks
):
    coordinator = make_member(program, Role.COORDINATOR, email="coord@example.org")
    make_member(program, Role.PARTICIPANT, email="part@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    sent = _review_emails()
    assert [m.to for m in sent] == [[coordinator.email]]
    body = sent[0].body
    assert "CDC 2022 guideline" in body and "Fresh tool" not in body
    assert f"/p/{program.slug}/library/manage/" in body
    # A second run sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert len(_review_emails()) == 1
    assert ToolReminder.objects.filter(tool=stale["due"]).count() == 1


def test_a_new_review_date_starts_the_reminders_again(
    program, make_member, stale, django_capture_on_commit_callbacks
):
    coordinator = make_member(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_review_reminders() == 1
    today = timezone.localdate()
    services.mark_tool_checked(
        actor=coordinator, tool=stale["due"], review_by=today + dt.timedelta(days=10)
    )
    assert services.send_review_reminders() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_review_reminders(today=today + dt.timedelta(days=11)) == 1


def test_no_coordinator_tells_the_admins(
    program, make_member, stale, django_capture_on_commit_callbacks
):
    admin = make_member(program, Role.PROGRAM_ADMIN, email="admin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_review_reminders()
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_manage_page_lists_stale_tools_and_marks_them_checked(as_role, program, stale):
    client = as_role(program, Role.COORDINATOR)
    url = reverse("library:manage", kwargs={"slug": program.slug})
    page = client.get(url).content.decode()
    section = page.split('id="stale-h"')[1].split("</section>")[0]
    assert "CDC 2022 guideline" in section and "Fresh tool" not in section
    next_date = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    response = client.post(
        reverse("library:tool_checked", kwargs={"slug": program.slug, "pk": stale["due"].pk}),
        {"review_by": next_date},
    )
    assert response.status_code == 302
    stale["due"].refresh_from_db()
    assert stale["due"].checked_on == timezone.localdate()
    assert stale["due"].review_by.isoformat() == next_date
    assert "No tool is due for review." in client.get(url).content.decode()


def test_a_review_date_in_the_past_is_refused(as_role, program, stale):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        reverse("library:tool_checked", kwargs={"slug": program.slug, "pk": stale["due"].pk}),
        {"review_by": "2001-01-01"},
        follow=True,
    )
    assert "Choose a review date after today." in response.content.decode()


def test_participants_cannot_mark_tools_checked(as_role, program, stale):
    client = as_role(program, Role.PARTICIPANT)
    response = client.post(
        reverse("library:tool_checked", kwargs={"slug": program.slug, "pk": stale["due"].pk}),
        {"review_by": ""},
    )
    assert response.status_code == 403
    stale["due"].refresh_from_db()
    assert stale["due"].checked_on is None


def test_checked_without_a_date_is_due_again_in_a_year(as_role, program, stale):
    # an empty date left the tool never due again, without a word (walk 6)
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        reverse("library:tool_checked", kwargs={"slug": program.slug, "pk": stale["due"].pk}),
        {"review_by": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    stale["due"].refresh_from_db()
    today = timezone.localdate()
    assert stale["due"].checked_on == today
    assert stale["due"].review_by is not None
    assert 365 <= (stale["due"].review_by - today).days <= 366
    assert "next review by" in response.content.decode()
