"""Jobs whose worker died (issue 18, "the same for every long job"): a job row left RUNNING past
the lease (JOB_LEASE_MINUTES) is failed with the reason and, when the job is idempotent per item,
queued again; emails left unsent whose job is gone are queued again; nothing is ever emailed
twice; a job still within its lease is left alone. The queue is django-tasks-db's, run here the
way `db_worker` runs it (take a READY row, mark it RUNNING, call, record the end)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from echohub.community import services as community
from echohub.community.models import EmailMode, Notification, NotificationSettings, Topic
from echohub.community.tasks import (
    notify_new_post,
    requeue_unsent_notifications,
    send_notification_email,
)
from echohub.core.job_recovery import LOST, recover_stale_jobs
from echohub.core.models import AuditEntry
from echohub.joining.notices import session_changed_task
from echohub.programs import announcements
from echohub.programs.models import AnnouncementRecipient, Role
from echohub.programs.tasks import requeue_unsent_announcements, send_announcement_email
from tests.credits.conftest import rule_data
from tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _database_queue(settings: Any) -> None:
    settings.TASKS = DB_QUEUE
    settings.JOB_LEASE_MINUTES = 30


@pytest.fixture
def people(program: Any, make_member: Any) -> list[Any]:
    return [make_member(program, Role.PARTICIPANT, first_name=n) for n in ("Ana", "Ben", "Cy")]


def take(row: DBTaskResult, *, minutes_ago: float = 0, worker: str = "w-killed") -> DBTaskResult:
    """A worker takes the row (RUNNING), `minutes_ago`."""
    row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    row.refresh_from_db()
    return row


def run_one(row: DBTaskResult) -> None:
    """What `db_worker` does with a row it took."""
    args = row.args_kwargs
    try:
        row.set_successful(row.task.call(*args["args"], **args["kwargs"]))
    except Exception as exc:
        row.set_failed(exc)


def run_queue() -> int:
    ran = 0
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("w-alive")
        run_one(row)
        ran += 1
    return ran


def rows(task: Any, status: str | None = None) -> list[DBTaskResult]:
    qs = DBTaskResult.objects.filter(task_path=task.module_path)
    return list(qs.filter(status=status) if status else qs)


def announce(program: Any, capture: Any) -> Any:
    draft = announcements.Draft("Hello", "A short note.", announcements.Audience())
    with capture(execute=True):
        return announcements.send_announcement(actor=None, program=program, draft=draft)


def sent_to(mailoutbox: list[Any]) -> Counter[str]:
    return Counter(m.to[0] for m in mailoutbox)


def test_a_job_left_running_by_a_killed_worker_is_failed_and_queued_again_sending_once(
    program, people, mailoutbox, django_capture_on_commit_callbacks, as_role
):
    announcement = announce(program, django_capture_on_commit_callbacks)
    queued = rows(send_announcement_email, "READY")
    assert len(queued) == 3
    # One job ran; a worker took the next two and was killed: one before its email went out,
    # the other right after (its recipient is marked sent, the row stays RUNNING).
    first, before_send, after_send = queued
    take(first)
    run_one(first)
    take(before_send, minutes_ago=31)
    take(after_send, minutes_ago=31)
    AnnouncementRecipient.objects.filter(pk=after_send.args_kwargs["args"][0]).update(
        sent_at=timezone.now()
    )
    mailoutbox_before = len(mailoutbox)

    found = recover_stale_jobs()

    assert sorted(found.failed) == sorted([str(before_send.pk), str(after_send.pk)])
    for row in (before_send, after_send):
        row.refresh_from_db()
        assert row.status == "FAILED" and row.exception_class_path == LOST
        assert "still running after 31 minutes" in row.traceback
        assert "queued again" in row.traceback and "w-killed" in row.traceback
    assert len(found.requeued) == 2 and len(rows(send_announcement_email, "READY")) == 2
    assert run_queue() == 2
    # The email that went out before the crash is not sent again; the other one is sent once.
    assert mailoutbox_before == 1
    who = {r.pk: r.user.email for r in AnnouncementRecipient.objects.select_related("user")}
    assert sent_to(mailoutbox) == Counter(
        {who[first.args_kwargs["args"][0]]: 1, who[before_send.args_kwargs["args"][0]]: 1}
    )
    assert not AnnouncementRecipient.objects.filter(sent_at__isnull=True).exists()
    # A second sweep finds nothing more to do.
    assert len(recover_stale_jobs()) == 0 and run_queue() == 0
    # The coordinator sees it on the announcements page.
    entries = AuditEntry.objects.filter(action="announcement.resumed")
    assert {(e.object_id, e.changes["how"]) for e in entries} == {
        (str(announcement.pk), "worker_lost")
    }
    page = as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/announcements/")
    assert "Sending was interrupted and resumed: everyone was emailed." in page.content.decode()


def test_a_job_still_within_its_lease_is_left_alone(
    program, people, settings, django_capture_on_commit_callbacks
):
    announce(program, django_capture_on_commit_callbacks)
    row = take(rows(send_announcement_email, "READY")[0], minutes_ago=29)
    assert len(recover_stale_jobs()) == 0
    row.refresh_from_db()
    assert row.status == "RUNNING" and len(rows(send_announcement_email)) == 3
    settings.JOB_LEASE_MINUTES = 20  # the deployment's lease counts
    assert len(recover_stale_jobs()) == 1


def test_a_job_that_is_not_idempotent_is_failed_not_repeated(settings):
    from echohub.core.mail import send_templated_email_task
    from echohub.credits.tasks import run_certificate_batch

    one_email = send_templated_email_task.enqueue(["a@example.test"], "Hi", "t.txt", {}, "en")
    batch = run_certificate_batch.enqueue(999_999)  # no such batch: no heartbeat either
    for result in (one_email, batch):
        take(DBTaskResult.objects.get(pk=result.id), minutes_ago=90)
    found = recover_stale_jobs()
    assert len(found) == 2 and found.requeued == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED"}
    assert "Not run again" in DBTaskResult.objects.get(pk=one_email.id).traceback


def test_a_certificate_job_is_left_alone_while_its_batch_heartbeat_is_fresh(program, make_member):
    from echohub.credits import services as credits
    from echohub.credits.models import BatchStatus, CertificateBatch
    from echohub.credits.tasks import run_certificate_batch

    coordinator = make_member(program, Role.COORDINATOR)
    rule = credits.create_rule(actor=coordinator, program=program, data=rule_data())
    batch = CertificateBatch.objects.create(
        program=program,
        series=SeriesFactory(program=program, count=3),
        rule=rule,
        status=BatchStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )
    row = take(
        DBTaskResult.objects.get(pk=run_certificate_batch.enqueue(batch.pk).id), minutes_ago=90
    )
    assert len(recover_stale_jobs()) == 0  # a big batch, still renewing its lease
    row.refresh_from_db()
    assert row.status == "RUNNING"
    # Its runner stops renewing: the row is failed, not run again (the batch's own recovery
    # queues a new run of the batch).
    CertificateBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    found = recover_stale_jobs()
    assert found.failed == [str(row.pk)] and found.requeued == []


def test_the_periodic_command_recovers_lost_jobs(
    program, people, mailoutbox, django_capture_on_commit_callbacks
):
    announce(program, django_capture_on_commit_callbacks)
    take(rows(send_announcement_email, "READY")[0], minutes_ago=45)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "failed 1 lost job(s), queued 1 again" in out.getvalue()
    assert run_queue() == 3 and len(mailoutbox) == 3


def test_unsent_announcement_emails_whose_job_is_gone_are_queued_again_then_given_up(
    program, people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, as_role
):
    import echohub.programs.tasks as tasks

    real_send = tasks.send_mail
    broken = {people[0].email}

    def send_mail(subject: str, body: str, sender: str, to: list[str], **kw: Any) -> int:
        if to[0] in broken:
            raise OSError("mail server refused")
        return real_send(subject, body, sender, to, **kw)

    monkeypatch.setattr(tasks, "send_mail", send_mail)
    announcement = announce(program, django_capture_on_commit_callbacks)
    run_queue()
    assert len(mailoutbox) == 2 and len(rows(send_announcement_email, "FAILED")) == 1
    unsent = AnnouncementRecipient.objects.get(sent_at__isnull=True)  # the claim was released
    assert unsent.user == people[0]
    assert requeue_unsent_announcements() == 0  # within the lease: not yet

    later = timezone.now() + dt.timedelta(minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_unsent_announcements(now=later) == 1
    assert requeue_unsent_announcements(now=later) == 0  # its job waits in the queue
    run_queue()  # fails again
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            requeue_unsent_announcements(now=later)
        run_queue()
    assert len(rows(send_announcement_email, "FAILED")) == 3  # MAX_ATTEMPTS, then given up
    client = as_role(program, Role.COORDINATOR)
    with time_machine.travel(later):
        page = client.get(f"/p/{program.slug}/announcements/").content.decode()
    assert "Sending was interrupted: 2 of 3 people emailed so far" in page
    with time_machine.travel(later + dt.timedelta(days=1)):
        page = client.get(f"/p/{program.slug}/announcements/").content.decode()
    assert "1 of 3 people could not be emailed." in page

    broken.clear()  # the server would take it now, but the email was given up
    with django_capture_on_commit_callbacks(execute=True):
        requeue_unsent_announcements(now=later)
    assert run_queue() == 0  # given up: nothing queued
    assert sent_to(mailoutbox) == Counter({people[1].email: 1, people[2].email: 1})
    assert AuditEntry.objects.filter(
        action="announcement.resumed", object_id=str(announcement.pk)
    ).exists()


def test_notifications_are_written_once_and_emailed_once_after_a_lost_worker(
    program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    author = make_member(program, Role.PARTICIPANT, first_name="Ana", last_name="Lopes")
    reader = make_member(program, Role.PARTICIPANT, first_name="Ben", last_name="Okafor")
    NotificationSettings.objects.create(user=reader, email=EmailMode.IMMEDIATE)
    topic = Topic.objects.create(program=program, title="Tapering")
    with django_capture_on_commit_callbacks(execute=True):
        first = community.start_thread(actor=author, topic=topic, title="Slow taper", body="How?")
        post = community.reply(
            actor=author, thread=first.thread, body="@ben.okafor what do you do?"
        )
    written = [r for r in rows(notify_new_post, "READY") if r.args_kwargs["args"] == [post.pk]]
    assert len(written) == 1
    row = take(written[0])
    with django_capture_on_commit_callbacks(execute=True):
        run_one(row)
        assert notify_new_post.call(post.pk) == 0  # run again: nothing written twice
    note = Notification.objects.get(user=reader, post=post)
    assert note.email == EmailMode.IMMEDIATE and note.emailed_at is None
    # Its email job is taken by a worker that dies before sending.
    email_row = take(rows(send_notification_email, "READY")[0], minutes_ago=40)
    found = recover_stale_jobs()
    assert found.failed == [str(email_row.pk)] and len(found.requeued) == 1
    run_queue()
    assert sent_to(mailoutbox) == Counter({reader.email: 1})
    assert len(recover_stale_jobs()) == 0 and run_queue() == 0
    # Unsent with its job failed (a mail server error): queued again after the lease, once.
    Notification.objects.filter(pk=note.pk).update(
        emailed_at=None, created_at=timezone.now() - dt.timedelta(minutes=40)
    )
    assert requeue_unsent_notifications(now=timezone.now() - dt.timedelta(minutes=20)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_unsent_notifications() == 1
    run_queue()
    assert sent_to(mailoutbox) == Counter({reader.email: 2})  # the one we marked unsent
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_unsent_notifications() == 0  # emailed: nothing to do
    assert run_queue() == 0


def test_a_session_change_job_run_again_tells_nobody_twice(
    program, people, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    session = SessionFactory(program=program)
    session.sequence += 1  # rescheduled
    session.save(update_fields=["sequence"])
    with django_capture_on_commit_callbacks(execute=True):
        assert session_changed_task.call(session.pk, "rescheduled") == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert session_changed_task.call(session.pk, "rescheduled") == 0  # the job again
    assert sent_to(mailoutbox) == Counter({u.email: 1 for u in people})
    session.sequence += 1  # moved again: everyone is told again
    session.save(update_fields=["sequence"])
    with django_capture_on_commit_callbacks(execute=True):
        assert session_changed_task.call(session.pk, "rescheduled") == 3
    assert sent_to(mailoutbox) == Counter({u.email: 2 for u in people})


@pytest.mark.django_db(transaction=True)
def test_postgres_skips_a_row_another_sweep_holds_and_recovers_it_once(program, people):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED: PostgreSQL (SQLite runs one write transaction at a time)")
    draft = announcements.Draft("Hello", "A short note.", announcements.Audience())
    announcements.send_announcement(actor=None, program=program, draft=draft)
    held, free = [take(r, minutes_ago=60) for r in rows(send_announcement_email, "READY")[:2]]
    locked, release = threading.Event(), threading.Event()

    def other_sweep() -> None:
        from django.db import connections

        try:
            with transaction.atomic():
                DBTaskResult.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_sweep)
    thread.start()
    assert locked.wait(10)
    try:
        found = recover_stale_jobs()
    finally:
        release.set()
        thread.join()
    assert found.failed == [str(free.pk)]  # the held row is skipped, not waited for
    assert recover_stale_jobs().failed == [str(held.pk)]
    assert recover_stale_jobs().failed == []
    assert len(rows(send_announcement_email, "FAILED")) == 2


@pytest.mark.django_db(transaction=True)
def test_postgres_two_jobs_for_one_recipient_at_once_send_one_email(program, people, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    draft = announcements.Draft("Hello", "A short note.", announcements.Audience())
    announcements.send_announcement(actor=None, program=program, draft=draft)
    recipient = AnnouncementRecipient.objects.first()
    assert recipient is not None
    locked, release = threading.Event(), threading.Event()

    def first_job() -> None:  # holds the row as a job in the middle of its claim would
        from django.db import connections

        try:
            with transaction.atomic():
                AnnouncementRecipient.objects.select_for_update().get(pk=recipient.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_job)
    thread.start()
    assert locked.wait(10)
    try:
        assert send_announcement_email.call(recipient.pk) == 0  # skipped, not waited for
    finally:
        release.set()
        thread.join()
    assert send_announcement_email.call(recipient.pk) == 1
    assert send_announcement_email.call(recipient.pk) == 0
    assert sent_to(mailoutbox)[recipient.user.email] == 1
