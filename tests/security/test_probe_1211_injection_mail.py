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


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"])
def test_an_announcement_subject_with_a_line_break_is_still_sent_on_one_line(
    program: Program, make_member: Any, mailoutbox: list[Any], brk: str
) -> None:
    from echohub.programs import announcements
    from echohub.programs.tasks import send_announcement_email

    make_member(program, Role.PARTICIPANT, email="ana@example.test")
    draft = announcements.Draft(
        f"Session moved{brk}X-Injected: yes",
        "Starts at 14:00 & ends <late>.",
        announcements.Audience(),
    )
    announcement = announcements.send_announcement(actor=None, program=program, draft=draft)
    assert send_announcement_email.call(announcement.recipients.get().pk) == 1
    [mail] = mailoutbox
    parsed = email.message_from_bytes(mail.message().as_bytes(), policy=email.policy.default)
    assert parsed["X-Injected"] is None and parsed["To"] == "ana@example.test"
    assert str(parsed["Subject"]).endswith("] Session moved X-Injected: yes")
    assert "Starts at 14:00 & ends <late>." in mail.body  # plain text: not HTML-escaped


def test_typed_markup_characters_reach_a_reminder_as_they_were_typed(
    program: Program,
    make_member: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Emails are plain text: "&", "<" and quotes are not HTML-escaped into "&amp;" and the like."""
    from tests.factories import AgendaItemFactory

    session = SessionFactory(
        program=program,
        title="Pain & <sleep>",
        starts_at=START,
        ends_at=START + dt.timedelta(minutes=90),
    )
    AgendaItemFactory(session=session, title="Naloxone \"kits\" & 'take-home' <doses>")
    make_member(program, Role.PARTICIPANT, email="keen@example.test")
    with (
        time_machine.travel(START - dt.timedelta(hours=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_due_reminders()
    [mail] = mailoutbox
    assert mail.subject == "Tomorrow: Pain & <sleep>"
    assert "Naloxone \"kits\" & 'take-home' <doses>" in mail.body
    assert "&amp;" not in mail.body and "&lt;" not in mail.body and "&#x27;" not in mail.body
