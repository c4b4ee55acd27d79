import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from echohub.joining.models import ReminderLog
from echohub.joining.notices import send_due_reminders
from echohub.programs.models import Role
from echohub.scheduling import services as scheduling
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(program):
    s = SessionFactory(
        program=program,
        title="Session 12",
        starts_at=START,
        ends_at=START + dt.timedelta(minutes=90),
    )
    AgendaItemFactory(session=s, title="Naloxone in primary care")
    return s


def test_agenda_goes_out_the_day_before_once_and_respects_opt_out(
    program, make_member, session, mailoutbox, django_capture_on_commit_callbacks
):
    keen = make_member(
        program, Role.PARTICIPANT, email="keen@example.test", time_zone="America/Edmonton"
    )
    make_member(program, Role.PARTICIPANT, email="quiet@example.test", email_reminders=False)
    with (
        time_machine.travel(START - dt.timedelta(hours=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0  # idempotent
    [mail] = mailoutbox
    assert mail.to == [keen.email] and mail.subject == "Tomorrow: Session 12"
    assert "Naloxone in primary care" in mail.body and "/join/" in mail.body
    assert "10:30–12:00 MST" in mail.body  # in the reader's time zone


def test_reminder_shortly_before_and_again_after_a_reschedule(
    program, make_member, session, mailoutbox, django_capture_on_commit_callbacks
):
    make_member(program, Role.PARTICIPANT)
    with (
        time_machine.travel(START - dt.timedelta(minutes=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders")
        call_command("send_reminders")
    assert [m.subject for m in mailoutbox] == ["Starting soon: Session 12"]
    assert ReminderLog.objects.get().kind == "reminder"


def test_nothing_is_sent_for_cancelled_or_far_away_sessions(
    program, make_member, session, mailoutbox, django_capture_on_commit_callbacks
):
    make_member(program, Role.PARTICIPANT)
    with time_machine.travel(START - dt.timedelta(days=3), tick=False):
        assert send_due_reminders() == 0
    scheduling.cancel_session(actor=None, session=session, reason="Holiday")
    with time_machine.travel(START - dt.timedelta(hours=2), tick=False):
        assert send_due_reminders() == 0


def test_cancellation_and_reschedule_notices_reach_everyone(
    program, make_member, session, mailoutbox, django_capture_on_commit_callbacks
):
    make_member(
        program, Role.PARTICIPANT, email_reminders=False
    )  # opted out of reminders, not of notices
    make_member(program, Role.EXPERT)
    nxt = SessionFactory(
        program=program,
        title="Session 13",
        starts_at=START + dt.timedelta(days=7),
        ends_at=START + dt.timedelta(days=7, minutes=90),
    )
    with time_machine.travel(START - dt.timedelta(days=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            scheduling.cancel_session(actor=None, session=session, reason="Statutory holiday")
        assert len(mailoutbox) == 2
        assert all(m.subject == "Cancelled: Session 12" for m in mailoutbox)
        assert "Statutory holiday" in mailoutbox[0].body and "Session 13" in mailoutbox[0].body
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            scheduling.reschedule_session(
                actor=None,
                session=nxt,
                starts_at=nxt.starts_at + dt.timedelta(days=1),
                ends_at=nxt.ends_at + dt.timedelta(days=1),
            )
        assert len(mailoutbox) == 2 and mailoutbox[0].subject == "New time: Session 13"
        assert "/join/" in mailoutbox[0].body


def test_a_cancellation_names_the_session_after_it_not_an_earlier_one(
    program, make_member, session, mailoutbox, django_capture_on_commit_callbacks
):
    make_member(program, Role.PARTICIPANT)
    earlier = SessionFactory(
        program=program,
        title="Session 11",
        starts_at=START - dt.timedelta(days=7),
        ends_at=START - dt.timedelta(days=7, minutes=-90),
    )
    SessionFactory(
        program=program,
        title="Session 13",
        starts_at=START + dt.timedelta(days=14),
        ends_at=START + dt.timedelta(days=14, minutes=90),
    )
    with (
        time_machine.travel(earlier.starts_at - dt.timedelta(days=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduling.cancel_session(actor=None, session=session, reason="Holiday")
    body = mailoutbox[0].body
    assert "Session 13" in body and "Session 11" not in body
