"""Digests in batches (issue 16's measured part): one job builds the digests of many people
with set-based queries and queues one email job per person carrying ids and counts only; a
person never gets the same period's digest twice; notifications of threads a person may no
longer read are done with rather than left pending forever."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.community import queries, services, tasks
from echohub.community.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Subscription,
    Thread,
)
from echohub.programs.models import Membership, Role
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db


def _followers(program: Any, make_member: Any, n: int) -> list[Any]:
    return [
        make_member(program, Role.PARTICIPANT, language="fr" if i % 2 else "en") for i in range(n)
    ]


def test_batches_of_people_each_get_one_digest_in_their_language(
    program, expert, topic, make_member, monkeypatch
):
    monkeypatch.setattr(tasks, "DIGEST_BATCH", 2)
    thread = services.start_thread(
        actor=expert, topic=topic, title="Slow tapers", body=CLEAN
    ).thread
    people = _followers(program, make_member, 5)
    for person in people:
        Subscription.objects.create(thread=thread, user=person)
    services.reply(actor=expert, thread=thread, body="An answer")
    batches: list[list[int]] = []
    real = tasks.send_digests

    class Spy:
        @staticmethod
        def enqueue(user_ids: list[int], mode: str) -> Any:
            batches.append(list(user_ids))
            return real.enqueue(user_ids, mode)

    monkeypatch.setattr(tasks, "send_digests", Spy)
    assert tasks.queue_due_digests() == 5
    assert [len(b) for b in batches] == [2, 2, 1]  # 5 people, 2 per job
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for person in people:
        (email,) = [m for m in mail.outbox if m.to == [person.email]]
        hello = "Bonjour" if person.language == "fr" else "Hello"
        assert hello in email.body and "Slow tapers" in email.body
    # The same jobs again (a retry, an overlapping runner): nobody gets a second one.
    for batch in batches:
        assert real.call(batch, "daily") == 0
    assert tasks.queue_due_digests() == 0
    assert len(mail.outbox) == 5


def test_the_email_job_carries_ids_and_counts_never_text(
    program, participant, expert, topic, monkeypatch
):
    thread = services.start_thread(
        actor=expert, topic=topic, title="Slow tapers", body=CLEAN
    ).thread
    Subscription.objects.create(thread=thread, user=participant)
    services.reply(actor=expert, thread=thread, body="A private detail of the answer")
    queued: list[tuple[Any, ...]] = []
    real = tasks.send_digest_email

    class Spy:
        @staticmethod
        def enqueue(*args: Any) -> None:
            queued.append(json.loads(json.dumps(args)))  # as a job row stores them

    monkeypatch.setattr(tasks, "send_digest_email", Spy)
    tasks.queue_due_digests()
    ((uid, mode, digest),) = queued
    assert uid == participant.pk and mode == "daily"
    assert digest == {"threads": [[thread.pk, 1, 0, 0]], "more": 0, "count": 1}
    text = json.dumps(queued)
    assert "Slow tapers" not in text and "private detail" not in text
    assert participant.email not in text
    # Rendered only when the job runs.
    assert real.call(uid, mode, digest) == 1
    assert "Slow tapers" in mail.outbox[0].body


def test_notifications_of_a_thread_no_longer_readable_are_done_with(
    program, participant, expert, topic
):
    thread = services.start_thread(
        actor=expert, topic=topic, title="Taper question", body=CLEAN
    ).thread
    Subscription.objects.create(thread=thread, user=participant)
    services.reply(actor=expert, thread=thread, body="A reply.")
    note = Notification.objects.get(user=participant)
    Membership.objects.filter(program=program, user=participant).update(is_active=False)
    assert tasks.due_digests() == [(participant.pk, "daily")]
    tasks.queue_due_digests()
    assert not mail.outbox
    note.refresh_from_db()
    # Handled (not emailed, nothing to open): not pending, not unread.
    assert note.emailed_at is not None and note.read_at is not None
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert tasks.due_digests() == []  # not found due again every day, forever


def test_a_digest_lists_only_the_threads_still_readable(program, participant, expert, topic):
    open_thread = services.start_thread(actor=expert, topic=topic, title="Open", body=CLEAN).thread
    case = Case.objects.create(
        program=program, presenter=expert, status=CaseStatus.PRESENTED, number="2026-001"
    )
    case_thread = services.case_thread(actor=expert, case=case)
    for thread in (open_thread, case_thread):
        Subscription.objects.create(thread=thread, user=participant)
        services.reply(actor=expert, thread=thread, body="A reply.")
    # The case goes back to the hub only (not shared with attendees): its thread is not theirs.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DRAFT)
    tasks.queue_due_digests()
    (email,) = mail.outbox
    assert "Open" in email.body and "2026-001" not in email.body
    stale = Notification.objects.get(user=participant, post__thread=case_thread)
    assert stale.emailed_at is not None and stale.read_at is not None
    kept = Notification.objects.get(user=participant, post__thread=open_thread)
    assert kept.emailed_at is not None and kept.read_at is None  # emailed, still to read


def test_off_means_no_digest_even_with_a_thread_set_to_daily(program, participant, expert, topic):
    thread = services.start_thread(
        actor=expert, topic=topic, title="Taper question", body=CLEAN
    ).thread
    services.set_subscription(actor=participant, thread=thread, active=True, email="daily")
    services.set_email_mode(actor=participant, mode=EmailMode.OFF)
    services.reply(actor=expert, thread=thread, body="A reply.")
    tasks.queue_due_digests()
    assert not mail.outbox
    assert NotificationSettings.objects.get(user=participant).email == EmailMode.OFF


def test_readable_pairs_is_may_read_thread_for_every_pair(
    program, participant, expert, coordinator, evaluator, topic, make_member
):
    """The batch rule (three queries for listed threads) answers exactly as the one-by-one
    rule, for every kind of person and thread."""
    listed = services.start_thread(actor=expert, topic=topic, title="Listed", body=CLEAN).thread
    hidden = services.start_thread(actor=expert, topic=topic, title="Hidden", body=CLEAN).thread
    services.moderate_thread(actor=coordinator, thread=hidden, action="hide")
    held = services.start_thread(
        actor=participant, topic=topic, title="Held", body="Call 416-555-0199 now."
    ).thread
    shared = Case.objects.create(
        program=program, presenter=expert, status=CaseStatus.PRESENTED, number="A"
    )
    private = Case.objects.create(
        program=program, presenter=participant, status=CaseStatus.SUBMITTED, number="B"
    )
    case_threads = [
        Thread.objects.create(program=program, kind="case", case=c, title=c.number, author=expert)
        for c in (shared, private)
    ]
    talkless = Thread.objects.create(
        program=program, kind="talk", title="Talk", author=expert, hidden=False
    )
    inactive = make_member(program, Role.PARTICIPANT)
    inactive.is_active = False
    inactive.save()
    outsider = make_member(program, Role.PARTICIPANT)
    Membership.objects.filter(user=outsider).update(is_active=False)
    people = [participant, expert, coordinator, evaluator, inactive, outsider]
    threads = [listed, hidden, held, talkless, *case_threads]
    fresh = {p.pk: type(p).objects.get(pk=p.pk) for p in people}
    pairs = {(p.pk, t.pk) for p in people for t in threads}
    got = queries.readable_pairs(fresh, pairs)
    for person in people:
        for thread in Thread.objects.filter(pk__in=[t.pk for t in threads]):
            user = type(person).objects.get(pk=person.pk)
            expected = queries.may_read_thread(user, thread)
            assert ((person.pk, thread.pk) in got) == expected, (person, thread.title)
            assert queries.may_read_loaded(type(person).objects.get(pk=person.pk), thread) == (
                expected
            )
    assert (participant.pk, listed.pk) in got and (participant.pk, hidden.pk) not in got


def test_an_immediate_email_no_longer_readable_is_done_with(program, participant, expert, topic):
    services.set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    thread = services.start_thread(
        actor=expert, topic=topic, title="Taper question", body=CLEAN
    ).thread
    Subscription.objects.create(thread=thread, user=participant)
    services.reply(actor=expert, thread=thread, body="A reply.")
    note = Notification.objects.get(user=participant)
    Membership.objects.filter(program=program, user=participant).update(is_active=False)
    assert tasks.send_notification_email.call(note.pk) == 0
    note.refresh_from_db()
    assert note.emailed_at is not None and note.read_at is not None
    assert not mail.outbox
    assert tasks.send_notification_email.call(note.pk) == 0  # a second run: nothing to do
