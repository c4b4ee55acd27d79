"""Business-day service targets (weekends and provincial holidays skipped), and the reminder
and escalation job: each email once, whatever the number of runs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.core.models import AuditEntry
from echohub.mentoring import services, targets
from echohub.mentoring.models import QuestionStatus
from echohub.mentoring.tasks import send_due_service_reminders
from tests.mentoring.conftest import ANSWER, CLEAN

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TORONTO)


def due(start: dt.datetime, days: int = 2, region: str = "CA-ON") -> dt.datetime:
    return targets.add_business_days(
        start, days, region=region, time_zone="America/Toronto"
    ).astimezone(TORONTO)


def test_two_business_days_from_a_monday() -> None:
    assert due(at(2026, 3, 2, 10, 0)) == at(2026, 3, 4, 10, 0)


def test_friday_skips_the_weekend() -> None:
    assert due(at(2026, 3, 6, 15, 30)) == at(2026, 3, 10, 15, 30)


def test_saturday_starts_the_clock_on_monday_midnight() -> None:
    assert due(at(2026, 3, 7, 11, 0)) == at(2026, 3, 11, 0, 0)


def test_ontario_holidays_are_skipped() -> None:
    # Thursday 24 Dec 2026: Christmas (Fri), the weekend, Boxing Day observed (Mon 28).
    assert due(at(2026, 12, 24, 10, 0)) == at(2026, 12, 30, 10, 0)
    # Family Day (Mon 16 Feb 2026) is an Ontario holiday, not a federal one.
    assert due(at(2026, 2, 13, 9, 0)) == at(2026, 2, 18, 9, 0)
    assert due(at(2026, 2, 13, 9, 0), region="CA") == at(2026, 2, 17, 9, 0)
    assert due(at(2026, 2, 13, 9, 0), region="") == at(2026, 2, 17, 9, 0)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31)),
    days=st.integers(min_value=1, max_value=10),
)
def test_a_target_lands_on_a_business_day_after_the_start(start: dt.datetime, days: int) -> None:
    start = start.replace(tzinfo=TORONTO)
    end = due(start, days)
    assert end > start
    assert targets.is_business_day(end.date(), "CA-ON") or end.time() == dt.time(0, 0)
    first = start.date()
    if not targets.is_business_day(first, "CA-ON"):  # the clock starts the next business day
        first = targets.next_business_day(first, "CA-ON")
        assert end.time() == dt.time(0, 0)
    else:
        assert end.time() == start.time()
    business = sum(
        targets.is_business_day(first + dt.timedelta(days=i), "CA-ON")
        for i in range(1, (end.date() - first).days + 1)
    )
    assert business == days  # exactly `days` business days counted, none more


@pytest.mark.django_db
def test_reminder_then_escalation_each_once(
    program: Any,
    participant: Any,
    mentor: Any,
    coordinator: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program.time_zone = "America/Toronto"
    program.save()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    q.refresh_from_db()
    assert q.due_at == at(2026, 3, 4, 10, 0)
    assert q.remind_at == at(2026, 3, 3, 10, 0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_service_reminders(at(2026, 3, 3, 9, 0)) == 0
        assert send_due_service_reminders(at(2026, 3, 3, 10, 30)) == 1
        assert send_due_service_reminders(at(2026, 3, 3, 11, 0)) == 0
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert CLEAN not in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_service_reminders(at(2026, 3, 4, 10, 1)) == 1
        assert send_due_service_reminders(at(2026, 3, 5, 10, 1)) == 0
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert AuditEntry.objects.filter(action="mentoring.escalated").count() == 1
    assert AuditEntry.objects.filter(action="mentoring.mentor_reminded").count() == 1


@pytest.mark.django_db
def test_an_answered_question_is_neither_reminded_nor_escalated(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    q.refresh_from_db()
    assert q.status == QuestionStatus.OPEN
    assert send_due_service_reminders(q.due_at + dt.timedelta(days=10)) == 0


@pytest.mark.django_db
def test_triage_questions_escalate_too(program: Any, participant: Any, coordinator: Any) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN)
    assert q.status == QuestionStatus.TRIAGE
    assert send_due_service_reminders(q.due_at + dt.timedelta(minutes=1)) == 1
    assert send_due_service_reminders(q.due_at + dt.timedelta(minutes=2)) == 0


@pytest.mark.django_db
def test_the_command_runs_the_job(program: Any, participant: Any, coordinator: Any) -> None:
    from django.core.management import call_command

    q = services.ask(actor=participant, program=program, body=CLEAN)
    with time_machine.travel(q.due_at + dt.timedelta(hours=1)):
        call_command("send_reminders")
    q.refresh_from_db()
    assert q.escalated_at is not None


@pytest.mark.django_db
def test_reminder_email_gives_the_due_time_in_the_programs_zone(
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program.time_zone = "America/Vancouver"  # not the server's default zone
    program.save()
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_service_reminders(at(2026, 3, 3, 10, 30))
    (email,) = mail.outbox
    # Asked 07:00 in Vancouver (10:00 in Toronto): due 4 Mar at 07:00 PST, not 10:00 EST.
    assert "7:00" in email.body and "PST" in email.body and "EST" not in email.body
