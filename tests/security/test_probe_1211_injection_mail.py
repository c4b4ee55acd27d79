"""Probe 1211 (output injection), emails: typed text in a subject or a body."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from typing import Any

import pytest
import time_machine

from echohub.joining.notices import send_due_reminders
from echohub.programs.models import Program, Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\u2028"])
def test_a_session_title_with_a_line_break_still_gets_its_reminder(
    program: Program,
    make_member: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    brk: str,
) -> None:
    SessionFactory(
        program=program,
        title=f"Session 12{brk}Bcc: someone@example.test",
        starts_at=START,
        ends_at=START + dt.timedelta(minutes=90),
    )
    make_member(program, Role.PARTICIPANT, email="keen@example.test")
    with (
        time_machine.travel(START - dt.timedelta(hours=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_due_reminders()
    [mail] = mailoutbox
    assert mail.to == ["keen@example.test"] and not mail.bcc
    parsed = email.message_from_bytes(mail.message().as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["To"] == "keen@example.test"
    assert str(parsed["Subject"]) == "Tomorrow: Session 12 Bcc: someone@example.test"
    assert mail.subject == "Tomorrow: Session 12 Bcc: someone@example.test"
