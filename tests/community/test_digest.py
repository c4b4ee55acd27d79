"""Emails: right away or the daily/weekly digest, one email per person in their language, with
an unsubscribe link that works without signing in (and the one-click header)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from echohub.community import services, tasks
from echohub.community.models import EmailMode, Notification, NotificationSettings
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(participant: Any, topic: Any) -> Any:
    return services.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body=CLEAN
    ).thread


def test_daily_digest_is_one_email_in_the_persons_language(
    participant, expert, coordinator, thread
):
    participant.language = "fr"
    participant.save()
    services.reply(actor=expert, thread=thread, body="First answer")
    services.reply(actor=coordinator, thread=thread, body="Second answer @ana.lopes")
    # The participant (two replies, one mention) and the expert (the coordinator's reply).
    assert tasks.due_digests() == [(participant.pk, "daily"), (expert.pk, "daily")]
    assert tasks.queue_due_digests() == 2
    (email,) = [m for m in mail.outbox if m.to == [participant.email]]
    assert "1 mention" in email.body.replace("1 mention de vous", "1 mention")
    assert "Slow tapers" in email.body
    assert "Bonjour Ana" in email.body and "quotidien" in email.subject
    assert "First answer" not in email.body  # titles and links, never a message's text
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert not Notification.objects.filter(user=participant, emailed_at__isnull=True).exists()
    # Nothing new: nothing sent; and not twice the same day.
    assert tasks.queue_due_digests() == 0
    services.reply(actor=expert, thread=thread, body="Third answer")
    # The participant had today's digest; the coordinator (following since their reply) had none.
    assert tasks.due_digests() == [(coordinator.pk, "daily")]
    tasks.queue_due_digests()
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert tasks.due_digests() == [(participant.pk, "daily")]
        assert tasks.queue_due_digests() == 1
    assert len(mail.outbox) == 4


def test_english_digest(participant, expert, thread):
    participant.language = "en"
    participant.save()
    services.reply(actor=expert, thread=thread, body="An answer")
    tasks.queue_due_digests()
    (email,) = mail.outbox
    assert "Hello Ana" in email.body and "daily" in email.subject


def test_weekly_and_off_and_thread_override(
    participant, expert, thread, django_capture_on_commit_callbacks
):
    services.set_email_mode(actor=participant, mode=EmailMode.WEEKLY)
    services.reply(actor=expert, thread=thread, body="An answer")
    assert tasks.due_digests() == [(participant.pk, EmailMode.WEEKLY)]
    services.set_email_mode(actor=participant, mode=EmailMode.OFF)
    assert tasks.due_digests() == []
    services.set_subscription(
        actor=participant, thread=thread, active=True, email=EmailMode.IMMEDIATE
    )
    # "Off" wins over the thread's own choice: no email (it is what unsubscribing promises).
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="Another answer")
    assert mail.outbox == []
    # Emails on again (weekly): the thread's own choice applies to it.
    services.set_email_mode(actor=participant, mode=EmailMode.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="A third answer")
    (email,) = mail.outbox
    assert "Slow tapers" in email.subject and "A third answer" not in email.body


def test_unsubscribe_without_signing_in(participant, expert, thread):
    services.reply(actor=expert, thread=thread, body="An answer")
    tasks.queue_due_digests()
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)  # one-click: no session, no CSRF token
    page = client.get("/" + path)
    assert page.status_code == 200 and b"Stop discussion emails" in page.content
    assert services.email_mode_of(participant) == EmailMode.DAILY  # a GET changes nothing
    done = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert NotificationSettings.objects.get(user=participant).email == EmailMode.OFF
    assert client.get("/community/unsubscribe/forged-token/").status_code == 404


def test_notification_email_right_away(
    participant, expert, thread, django_capture_on_commit_callbacks
):
    services.set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="Quick answer")
    (email,) = mail.outbox
    assert "New reply" in email.subject and "/community/unsubscribe/" in email.body
    assert tasks.due_digests() == []
