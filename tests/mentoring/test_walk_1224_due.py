"""What the walk of round 1224 found in mentoring: a question asked on a weekend starts its
clock at midnight, so it falls due at midnight, and the pages read "due 9 Dec 2026, 00:00"
(a time nobody set, and a day later than people read a deadline). A due time at midnight now
shows the day it ends, alone ("due 8 Dec 2026"); any other due time keeps its time."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from echohub.mentoring import services, tasks
from tests.mentoring.conftest import CLEAN

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def _settings(program: Any, coordinator: Any) -> None:
    services.save_settings(
        actor=coordinator,
        program=program,
        first_answer_days=2,
        remind_hours=24,
        holiday_region="CA-ON",
        credit_mode="off",
        credits_per_hour=Decimal("0"),
    )


def _ask(program: Any, participant: Any, topics: Any, when: dt.datetime) -> Any:
    with time_machine.travel(when, tick=False):
        return services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_weekend_question_is_due_on_a_date_without_midnight(
    client: Any, program: Any, participant: Any, coordinator: Any, topics: Any, mentor: Any
) -> None:
    _settings(program, coordinator)
    # Sunday 6 December 2026, 17:15 in Toronto: the clock starts Monday at midnight.
    question = _ask(program, participant, topics, dt.datetime(2026, 12, 6, 17, 15, tzinfo=TORONTO))
    assert question.due_at.astimezone(TORONTO) == dt.datetime(2026, 12, 9, 0, 0, tzinfo=TORONTO)

    client.force_login(coordinator)
    manage = _text(client.get(reverse("mentoring:manage", args=[program.slug])).content.decode())
    assert "due 8 Dec 2026" in manage, manage
    assert "00:00" not in manage
    detail = client.get(reverse("mentoring:manage_question", args=[program.slug, question.pk]))
    text = _text(detail.content.decode())
    assert re.search(r"First answer due 8 Dec 2026 ", text), text
    assert "00:00" not in text

    client.force_login(participant)
    mine = client.get(reverse("mentoring:question", args=[program.slug, question.pk]))
    text = _text(mine.content.decode())
    assert re.search(r"First answer due 8 Dec 2026 ", text), text
    assert "00:00" not in text


def test_a_weekday_question_keeps_its_due_time(
    client: Any, program: Any, participant: Any, coordinator: Any, topics: Any, mentor: Any
) -> None:
    _settings(program, coordinator)
    # Tuesday 1 December 2026, 10:30: due Thursday at 10:30, a time that was set.
    question = _ask(program, participant, topics, dt.datetime(2026, 12, 1, 10, 30, tzinfo=TORONTO))
    client.force_login(coordinator)
    manage = _text(client.get(reverse("mentoring:manage", args=[program.slug])).content.decode())
    assert "due 3 Dec 2026, 10:30" in manage, manage
    client.force_login(participant)
    mine = client.get(reverse("mentoring:question", args=[program.slug, question.pk]))
    assert "3 Dec 2026, 10:30" in _text(mine.content.decode())


def test_the_reminder_email_names_the_date_alone(
    program: Any,
    participant: Any,
    coordinator: Any,
    topics: Any,
    mentor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _settings(program, coordinator)
    _ask(program, participant, topics, dt.datetime(2026, 12, 5, 11, 0, tzinfo=TORONTO))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.send_due_service_reminders(now=dt.datetime(2026, 12, 8, 9, 0, tzinfo=TORONTO))
    assert sent == 1
    bodies = [m.body for m in mail.outbox if "First answer due" in m.body]
    assert bodies, [m.subject for m in mail.outbox]
    assert all("00:00" not in b and "8 Dec 2026" in b for b in bodies), bodies
