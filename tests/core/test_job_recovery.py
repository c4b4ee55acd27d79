"""Jobs whose worker died (issue 18, "the same for every long job"): a job row left RUNNING past
the lease (JOB_LEASE_MINUTES) is failed with the reason and, when the job is idempotent per item,
queued again; emails left unsent whose job is gone, or whose worker died between claiming and
sending them, are queued again (at least once: never lost, twice only when the worker died
right after the mail server took the email), at most 3 tries each counted on the row whatever
the job backend; a job still within its lease is left alone. The queue is django-tasks-db's,
run here the way `db_worker` runs it (take a READY row, mark it RUNNING, call, record the
end)."""

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


class Killed(BaseException):
    """The worker process dies here (not an error the job could catch and release)."""


def dies_sending(monkeypatch: Any, module: Any, name: str, *, after: bool = False) -> None:
    """The worker dies in `module.name` (the mail call): before the mail server takes the email,
    or (`after`) right after it took it."""
    real = getattr(module, name)

    def killed(*args: Any, **kwargs: Any) -> int:
        if after:
            real(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(module, name, killed)


def page_of(client: Any, program: Any) -> str:
    return " ".join(client.get(f"/p/{program.slug}/announcements/").content.decode().split())


def test_a_worker_dying_between_claim_and_send_leaves_the_email_to_be_sent_once_more(
    program, people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, as_role
):
    import echohub.programs.tasks as tasks

    announcement = announce(program, django_capture_on_commit_callbacks)
    queued = rows(send_announcement_email, "READY")
    assert len(queued) == 3
    # One job ran; a worker took the next one and died before claiming anything; another
    # worker took the last one, claimed its recipient and died before the email went out.
    first, before_claim, claimed = queued
    take(first)
    run_one(first)
    take(before_claim)
    take(claimed)
    with monkeypatch.context() as patch:
        dies_sending(patch, tasks, "send_mail")
        with pytest.raises(Killed):
            run_one(claimed)
    who = {r.pk: r.user.email for r in AnnouncementRecipient.objects.select_related("user")}
    lost = AnnouncementRecipient.objects.get(pk=claimed.args_kwargs["args"][0])
    assert lost.claimed_at is not None and lost.claim_token and lost.attempts == 1
    assert lost.sent_at is None  # claimed, never sent: not counted as emailed
    assert sent_to(mailoutbox) == Counter({who[first.args_kwargs["args"][0]]: 1})
    coordinator = as_role(program, Role.COORDINATOR)
    assert "Sending: 1 of 3 people emailed so far." in page_of(coordinator, program)
    # A run of the same job now (within the lease) leaves the claimed row to its holder.
    assert send_announcement_email.call(lost.pk) == 0 and len(mailoutbox) == 1

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        page = page_of(coordinator, program)
        assert "Sending was interrupted: 1 of 3 emailed so far; 2 people are tried again" in page
        assert "everyone was emailed" not in page
        found = recover_stale_jobs()
        assert sorted(found.failed) == sorted([str(before_claim.pk), str(claimed.pk)])
        for row in (before_claim, claimed):
            row.refresh_from_db()
            assert row.status == "FAILED" and row.exception_class_path == LOST
            assert "still running after 31 minutes" in row.traceback
            assert "queued again" in row.traceback and "w-killed" in row.traceback
        assert len(found.requeued) == 2
        assert run_queue() == 2
        # Everyone has the announcement exactly once: the claimed-but-unsent one was sent.
        assert sent_to(mailoutbox) == Counter(who.values())
        lost.refresh_from_db()
        assert lost.sent_at is not None and lost.claim_token == "" and lost.attempts == 2
        assert not AnnouncementRecipient.objects.filter(sent_at__isnull=True).exists()
        # A second sweep and the unsent sweep find nothing more to do.
        assert len(recover_stale_jobs()) == 0 and requeue_unsent_announcements() == 0
        assert run_queue() == 0 and len(mailoutbox) == 3
        entries = AuditEntry.objects.filter(action="announcement.resumed")
        assert {(e.object_id, e.changes["how"]) for e in entries} == {
            (str(announcement.pk), "worker_lost")
        }
        page = page_of(coordinator, program)
    assert "Sending was interrupted and resumed: everyone was emailed." in page


def test_a_worker_dying_after_the_mail_server_took_the_email_sends_it_again_and_says_so(
    program, people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, as_role
):
    import echohub.programs.tasks as tasks

    announce(program, django_capture_on_commit_callbacks)
    first, second, third = rows(send_announcement_email, "READY")
    for row in (first, second):
        take(row)
        run_one(row)
    take(third)
    with monkeypatch.context() as patch:
        dies_sending(patch, tasks, "send_mail", after=True)
        with pytest.raises(Killed):
            run_one(third)
    unsure = AnnouncementRecipient.objects.select_related("user").get(
        pk=third.args_kwargs["args"][0]
    )
    assert unsure.sent_at is None and len(mailoutbox) == 3  # it went out, unrecorded
    coordinator = as_role(program, Role.COORDINATOR)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        page = page_of(coordinator, program)
        assert "2 of 3 emailed so far; 1 person is tried again automatically." in page
        assert (
            "For 1 person the sending stopped before the mail server confirmed it: they may get "
            "the announcement twice." in page
        )
        recover_stale_jobs()
        assert run_queue() == 1
    # At least once: the person whose confirmation was lost gets it a second time, nobody else.
    assert sent_to(mailoutbox)[unsure.user.email] == 2 and len(mailoutbox) == 4


def test_a_claim_never_confirmed_and_out_of_tries_is_reported_as_maybe_not_emailed(
    program, people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, as_role
):
    import echohub.programs.tasks as tasks

    announce(program, django_capture_on_commit_callbacks)
    queued = rows(send_announcement_email, "READY")
    for row in queued[:2]:
        take(row)
        run_one(row)
    take(queued[2])
    with monkeypatch.context() as patch:
        dies_sending(patch, tasks, "send_mail")
        with pytest.raises(Killed):
            run_one(queued[2])
    AnnouncementRecipient.objects.filter(sent_at__isnull=True).update(attempts=tasks.MAX_ATTEMPTS)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_announcements() == 0  # out of tries
        recover_stale_jobs()
        assert run_queue() == 1  # the recovered job: it respects the cap too
        page = page_of(as_role(program, Role.COORDINATOR), program)
    assert len(mailoutbox) == 2
    assert (
        "1 of 3 people may not have been emailed: the sending stopped before the mail server "
        "confirmed it, and is not tried again." in page
    )
    assert "tried again automatically" not in page and "everyone was emailed" not in page


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


def broken_mail(monkeypatch: Any, broken: set[str]) -> list[str]:
    """The mail server refuses the addresses in `broken`; returns the list of tries."""
    import echohub.programs.tasks as tasks

    real_send = tasks.send_mail
    tries: list[str] = []

    def send_mail(subject: str, body: str, sender: str, to: list[str], **kw: Any) -> int:
        tries.append(to[0])
        if to[0] in broken:
            raise OSError("mail server refused")
        return real_send(subject, body, sender, to, **kw)

    monkeypatch.setattr(tasks, "send_mail", send_mail)
    return tries


def test_unsent_announcement_emails_whose_job_is_gone_are_queued_again_then_given_up(
    program, people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, as_role
):
    from echohub.accounts.models import User

    broken = {people[0].email}
    tries = broken_mail(monkeypatch, broken)
    announcement = announce(program, django_capture_on_commit_callbacks)
    User.objects.filter(pk=people[2].pk).update(is_active=False)  # left before their email
    run_queue()
    assert len(mailoutbox) == 1 and len(rows(send_announcement_email, "FAILED")) == 1
    unsent = AnnouncementRecipient.objects.get(user=people[0])
    assert unsent.sent_at is None and unsent.claim_token == "" and unsent.attempts == 1
    assert requeue_unsent_announcements() == 0  # within the lease: not yet
    client = as_role(program, Role.COORDINATOR)
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=31)):
        page = page_of(client, program)
        # The failed one is tried again; the one who left is not, and the page says which.
        assert "Sending was interrupted: 1 of 3 emailed so far; 1 person is tried again" in page
        assert "1 of 3 people could not be emailed." in page
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_announcements() == 1
        assert requeue_unsent_announcements() == 0  # its job waits in the queue
        run_queue()  # fails again
        assert requeue_unsent_announcements() == 0  # tried a moment ago: a lease apart
    for step in (2, 3, 4):
        with time_machine.travel(start + dt.timedelta(minutes=31 * step)):
            with django_capture_on_commit_callbacks(execute=True):
                requeue_unsent_announcements()
            run_queue()
    unsent.refresh_from_db()
    assert unsent.attempts == 3 and tries.count(people[0].email) == 3  # MAX_ATTEMPTS
    assert len(rows(send_announcement_email, "FAILED")) == 3
    with time_machine.travel(start + dt.timedelta(minutes=31 * 5)):
        page = page_of(client, program)
        broken.clear()  # the server would take it now, but the email was given up
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_announcements() == 0
        assert run_queue() == 0
    # Within the day, but no one is tried again: the page does not promise it.
    assert "tried again" not in page
    assert "2 of 3 people could not be emailed." in page
    assert sent_to(mailoutbox) == Counter({people[1].email: 1})
    assert AuditEntry.objects.filter(
        action="announcement.resumed", object_id=str(announcement.pk)
    ).exists()


def test_tries_are_counted_on_the_row_with_the_in_process_backend(
    program, people, mailoutbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from echohub.programs.tasks import MAX_ATTEMPTS

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    tries = broken_mail(monkeypatch, {people[0].email})
    announce(program, django_capture_on_commit_callbacks)  # runs the jobs: one fails
    assert not DBTaskResult.objects.exists()  # no job rows to count failures in
    assert len(mailoutbox) == 2 and tries.count(people[0].email) == 1
    start = timezone.now()
    queued = []
    for step in range(1, 8):  # `send_reminders --loop` a lease apart, all within the day
        with (
            time_machine.travel(start + dt.timedelta(minutes=31 * step)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            queued.append(requeue_unsent_announcements())
    assert queued == [1, 1, 0, 0, 0, 0, 0]
    assert tries.count(people[0].email) == MAX_ATTEMPTS
    assert AnnouncementRecipient.objects.get(user=people[0]).attempts == MAX_ATTEMPTS
    # Called directly (a stray job), the row at its cap is not tried either.
    assert send_announcement_email.call(AnnouncementRecipient.objects.get(user=people[0]).pk) == 0
    assert tries.count(people[0].email) == MAX_ATTEMPTS
    # One "resumed" audit entry per requeue run that queued something, not one per minute.
    assert AuditEntry.objects.filter(action="announcement.resumed").count() == 2


def test_notifications_are_written_once_and_emailed_once_after_a_lost_worker(
    program, make_member, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import echohub.community.tasks as community_tasks

    author = make_member(program, Role.PARTICIPANT, first_name="Ana", last_name="Lopes")
    reader = make_member(program, Role.PARTICIPANT, first_name="Ben", last_name="Okafor")
    NotificationSettings.objects.create(user=reader, email=EmailMode.IMMEDIATE)
    topic = Topic.objects.create(program=program, title="Tapering")
    with django_capture_on_commit_callbacks(execute=True):
        first = community.start_thread(
            actor=author, topic=topic, title="Slow taper", body="How slowly should we taper?"
        )
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
    # Its email job is taken by a worker that claims it and dies before sending.
    email_row = take(rows(send_notification_email, "READY")[0])
    with monkeypatch.context() as patch:
        dies_sending(patch, community_tasks, "_send")
        with pytest.raises(Killed):
            run_one(email_row)
    note.refresh_from_db()
    assert note.emailed_at is None and note.email_claim_token and note.email_attempts == 1
    assert len(mailoutbox) == 0
    later = timezone.now() + dt.timedelta(minutes=40)
    with time_machine.travel(later):
        found = recover_stale_jobs()
        assert found.failed == [str(email_row.pk)] and len(found.requeued) == 1
        run_queue()
        assert sent_to(mailoutbox) == Counter({reader.email: 1})  # sent, once
        note.refresh_from_db()
        assert note.emailed_at is not None and note.email_attempts == 2
        assert len(recover_stale_jobs()) == 0 and run_queue() == 0
        assert requeue_unsent_notifications() == 0  # emailed: nothing to do
    # Unsent with its job failed (a mail server error, claim released): queued again a lease
    # after it was made and after its last try.
    Notification.objects.filter(pk=note.pk).update(
        emailed_at=None,
        email_claim_token="",
        email_claimed_at=later - dt.timedelta(minutes=40),
        created_at=later - dt.timedelta(minutes=40),
    )
    with time_machine.travel(later):
        assert requeue_unsent_notifications(now=later - dt.timedelta(minutes=20)) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_notifications() == 1
        run_queue()
        assert sent_to(mailoutbox) == Counter({reader.email: 2})  # the one we marked unsent
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_notifications() == 0  # emailed: nothing to do
        assert run_queue() == 0
    note.refresh_from_db()
    assert note.email_attempts == 3


def test_a_notification_read_on_the_site_is_not_emailed_by_the_retry(
    program, make_member, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import echohub.community.tasks as community_tasks

    author = make_member(program, Role.PARTICIPANT, first_name="Ana", last_name="Lopes")
    reader = make_member(program, Role.PARTICIPANT, first_name="Ben", last_name="Okafor")
    NotificationSettings.objects.create(user=reader, email=EmailMode.IMMEDIATE)
    topic = Topic.objects.create(program=program, title="Tapering")
    with django_capture_on_commit_callbacks(execute=True):
        first = community.start_thread(
            actor=author, topic=topic, title="Slow taper", body="How slowly should we taper?"
        )
        post = community.reply(actor=author, thread=first.thread, body="@ben.okafor any tips?")
    with django_capture_on_commit_callbacks(execute=True):
        run_queue()  # writes the notification and queues its email
    email_row = take(rows(send_notification_email, "READY")[0])
    with monkeypatch.context() as patch:
        dies_sending(patch, community_tasks, "_send")
        with pytest.raises(Killed):
            run_one(email_row)
    note = Notification.objects.get(user=reader, post=post)
    Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())  # they opened it
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=40)):
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_unsent_notifications() == 0
        recover_stale_jobs()  # the lost job itself is run again: it finds the notice read
        run_queue()
    assert len(mailoutbox) == 0
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_attempts == 1  # done with, not emailed


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
