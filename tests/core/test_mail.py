"""Email jobs carry references, not text: no case title, summary or reset link waits in the job
table; the body is rendered when the job runs, in the language and time zone it was queued in."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.utils import timezone

from echohub.core import mail
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Spy:
    """Stands for a task: records what would be stored with the job, then enqueues it."""

    def __init__(self, task, calls):
        self.task, self.calls = task, calls

    def enqueue(self, *args):
        self.calls.append(args)
        return self.task.enqueue(*args)

    def call(self, *args):
        return self.task.call(*args)


def test_a_job_holds_references_and_the_body_is_rendered_when_it_runs(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(
        title="Woman in her 80s, Smalltown clinic",
        starts_at=dt.datetime(2027, 1, 7, 17, 30, tzinfo=dt.UTC),
    )
    queued = []
    monkeypatch.setattr(
        mail, "send_templated_email_task", _Spy(mail.send_templated_email_task, queued)
    )
    with (
        timezone.override(zoneinfo.ZoneInfo("America/Toronto")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mail.queue_email(
            to="someone@example.test",
            subject="Reminder",
            template="joining/email/reminder.txt",
            context={
                "session": session,
                "user": UserFactory(),
                "join_path": "",
                "session_path": "/x",
            },
        )
    (args,) = queued
    payload = json.dumps(args)
    assert "Smalltown" not in payload and "80s" not in payload
    assert args[3]["session"] == {"__model__": "scheduling.session", "pk": session.pk}
    assert args[5] == "America/Toronto"
    (sent,) = mailoutbox
    assert "Smalltown" in sent.body  # rendered at send time
    assert "12:30" in sent.body  # in the time zone it was queued in, not UTC


def test_a_job_whose_object_is_gone_sends_nothing(mailoutbox):
    session = SessionFactory()
    ref = mail._ref({"session": session})
    session.delete()
    assert mail.send_templated_email_task.call(["a@example.test"], "s", "x.txt", ref, "en") == 0
    assert mailoutbox == []


def test_a_password_reset_job_holds_no_link(
    client, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from echohub.accounts import tasks

    user = UserFactory(email="reset@example.test")
    queued = []
    monkeypatch.setattr(
        tasks, "send_password_reset_task", _Spy(tasks.send_password_reset_task, queued)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    (args,) = queued
    assert args[0] == user.pk and "reset" not in json.dumps(args[3:])
    (sent,) = mailoutbox
    assert "/accounts/reset/" in sent.body or "reset" in sent.body
