"""Community emails: one per notification (people who chose "right away") and the daily or
weekly digest (one email per person, in their language, listing the discussions with news).

Jobs take ids and render when they run; the emails carry thread titles and links, never a
message's text. Every email has an unsubscribe link that works without signing in (a signed
token: one click on the confirmation page, or the List-Unsubscribe-Post one-click of RFC 8058).

`queue_due_digests` runs from the scheduled job runner (`echohub send_reminders`): it finds the
people whose daily (24 h) or weekly (7 days) digest is due and have something waiting, and
queues one `send_digests` job per DIGEST_BATCH people. That job claims them (once per period),
builds their digests with a few set-based queries (their pending notifications, who may still
read which thread) and queues one `send_digest_email` job per person carrying thread ids and
counts; the email is rendered when that job runs, in the person's language. A notification of a
thread its person may no longer read is done with (emailed_at set, and read_at: nothing to
open), never left pending.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from echohub.accounts.models import User
from echohub.community.models import (
    EmailMode,
    Notification,
    NotificationKind,
    NotificationSettings,
    Post,
    PostStatus,
    Thread,
)
from echohub.community.queries import may_read_thread, readable_pairs
from echohub.core import job_recovery
from echohub.core.job_recovery import resumable
from echohub.core.mail import mail_language
from echohub.core.oneline import one_line

UNSUBSCRIBE_SALT = "community.unsubscribe"
DIGEST_PERIODS: dict[str, dt.timedelta] = {
    EmailMode.DAILY: dt.timedelta(days=1),
    EmailMode.WEEKLY: dt.timedelta(days=7),
}
#: At most this many discussions listed in one digest (the rest: "and N more").
DIGEST_MAX_THREADS = 30
#: People per digest job: one job claims, reads and marks its people's notifications with a
#: few set-based queries, then queues one email job per person.
DIGEST_BATCH = 500
#: Slack so a runner started a little early still sends the digest due "tomorrow".
SLACK = dt.timedelta(minutes=30)


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


def unsubscribe_url(user: User) -> str:
    return settings.SITE_URL + reverse(
        "community_public:unsubscribe", kwargs={"token": unsubscribe_token(user)}
    )


def _send(user: User, subject: str, body: str, template: str) -> int:
    from echohub.core.mail_backends import TEMPLATE_HEADER

    url = unsubscribe_url(user)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            TEMPLATE_HEADER: template,
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return message.send(fail_silently=False)


def _language(user: User, programs: Iterable[Any] = ()) -> str:
    """The person's language, else the program's default when the email is about one program
    only (a digest over several programs: LANGUAGE_CODE)."""
    distinct = {program.pk: program for program in programs}
    only = next(iter(distinct.values())) if len(distinct) == 1 else None
    return mail_language(user, program=only)


@resumable
@task()
def send_notification_email(notification_id: int) -> int:
    """Email one notification right away. The row is claimed first (`email_claimed_at`, a fresh
    `email_claim_token`, `email_attempts` + 1, committed), then the email is sent, and
    `emailed_at` is set only once the mail server took it. A run at the same moment skips the
    row another run holds (locked, or claimed within the lease); a claim older than the lease
    without `emailed_at` (its worker died) is emailed again: at least once. A notification read
    on the site meanwhile is done with, not emailed; so is one whose person turned emails off
    since (re-checked here: "off" wins over a thread's own choice), while one switched to a
    daily or weekly digest is left for the digest. A failed email releases the claim and
    fails the job: `requeue_unsent_notifications` tries again later, MAX_ATTEMPTS tries in all."""
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("user", "program", "post__thread__program", "post__author")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.user.is_active:
            return 0
        if note.read_at is not None:  # seen on the site: nothing to tell
            note.emailed_at = now
            note.save(update_fields=["emailed_at"])
            return 0
        if note.email in DIGEST_PERIODS:
            return 0  # switched to a digest since it was queued: the digest lists it
        person = NotificationSettings.objects.filter(user_id=note.user_id).values_list(
            "email", flat=True
        )
        if note.email != EmailMode.IMMEDIATE or person.first() == EmailMode.OFF:
            # Emails turned off since it was queued (the unsubscribe link, or the settings):
            # "off" wins over the thread's own choice. Done with, never left pending.
            note.emailed_at = now
            note.save(update_fields=["emailed_at"])
            return 0
        held = note.email_claim_token and note.email_claimed_at
        if held and note.email_claimed_at > now - job_recovery.lease():  # type: ignore[operator]
            return 0  # another run is sending it
        if note.email_attempts >= MAX_ATTEMPTS:
            return 0  # given up (it stays on the site)
        note.post.thread.program = note.program
        if not may_read_thread(note.user, note.post.thread):
            # No longer theirs to read (left the program, lost the case): done with, and not
            # left unread in their count either (there is nothing they could open).
            note.emailed_at = note.read_at = now
            note.save(update_fields=["emailed_at", "read_at"])
            return 0
        note.email_claimed_at = now
        note.email_claim_token = token
        note.email_attempts += 1
        note.save(update_fields=["email_claimed_at", "email_claim_token", "email_attempts"])
    user = note.user
    try:
        with translation.override(_language(user, [note.program])):
            context = {
                "user": user,
                "note": note,
                "thread": note.post.thread,
                "program": note.program,
                "url": settings.SITE_URL + note.post.get_absolute_url(),
                "unsubscribe_url": unsubscribe_url(user),
                "settings_url": settings.SITE_URL
                + reverse("community:settings", kwargs={"slug": note.program.slug}),
            }
            subject = render_to_string("community/email/notification_subject.txt", context)
            body = render_to_string("community/email/notification.txt", context)
        sent = _send(
            user, one_line(" ".join(subject.split())), body, "community/email/notification.txt"
        )
    except Exception:
        Notification.objects.filter(pk=note.pk, email_claim_token=token).update(
            email_claim_token=""
        )
        raise
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), email_claim_token=""
    )
    return sent


#: An unsent "right away" notification, still unread, is queued again (job gone, or its worker
#: died after claiming it) for this long after it was made, a lease after its last try, at
#: most MAX_ATTEMPTS tries (counted on the row: `email_attempts`); later ones wait for nothing
#: (the person sees it on the site).
RETRY_FOR = dt.timedelta(days=1)
MAX_ATTEMPTS = 3
REQUEUE_LIMIT = 5000


def requeue_unsent_notifications(*, now: dt.datetime | None = None) -> int:
    """Queue again the "right away" emails still unsent and unread a lease (JOB_LEASE_MINUTES)
    after their notification was made whose job is gone (failed, lost, never queued) or whose
    claim is older than the lease (its worker died). Called by `echohub send_reminders`;
    returns how many were queued."""
    now = now or timezone.now()
    stale = now - job_recovery.lease()
    unsent = (
        Notification.objects.filter(
            email=EmailMode.IMMEDIATE,
            emailed_at__isnull=True,
            read_at__isnull=True,
            user__is_active=True,
            email_attempts__lt=MAX_ATTEMPTS,
            created_at__lt=stale,
            created_at__gte=now - RETRY_FOR,
        )
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=stale))
        .order_by("pk")
    )
    ids = list(unsent.values_list("pk", flat=True)[:REQUEUE_LIMIT])
    if not ids:
        return 0
    waiting = job_recovery.queued_args(send_notification_email)
    again = [pk for pk in ids if pk not in waiting]
    for pk in again:
        transaction.on_commit(partial(send_notification_email.enqueue, pk))
    return len(again)


@resumable
@task()
def notify_new_post(post_id: int) -> int:
    """Write the notifications of a newly published post (queued when it is published, in the
    same transaction). Nothing for a post removed or hidden meanwhile. Returns how many. Once
    per post: the post row is locked and a second run (the job queued again after its worker
    died) finds its reply and mention notifications written and does nothing."""
    from echohub.community import services

    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("thread__program")
            .filter(pk=post_id, status=PostStatus.PUBLISHED, hidden=False)
            .first()
        )
        if post is None:
            return 0
        kinds = (NotificationKind.REPLY, NotificationKind.MENTION)
        if Notification.objects.filter(post=post, kind__in=kinds).exists():
            return 0
        return services.notify_new_post(post)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _claim(user_ids: list[int], mode: str, now: dt.datetime) -> list[int]:
    """The people of `user_ids` whose digest in `mode` is due, stamped as sent now (their
    settings rows locked): a second job for the same people in the same period claims nobody."""
    stamp = _stamp(mode)
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user_id=uid) for uid in user_ids], ignore_conflicts=True
    )
    before = now - DIGEST_PERIODS[mode] + SLACK
    rows = list(
        NotificationSettings.objects.select_for_update()
        .filter(user_id__in=user_ids)
        .exclude(email=EmailMode.OFF)
        .filter(Q(**{f"{stamp}__isnull": True}) | Q(**{f"{stamp}__lte": before}))
        .values_list("pk", "user_id")
    )
    NotificationSettings.objects.filter(pk__in=[pk for pk, _uid in rows]).update(**{stamp: now})
    return [uid for _pk, uid in rows]


def build_digests(
    user_ids: list[int], mode: str, now: dt.datetime | None = None
) -> dict[int, dict[str, Any]]:
    """Build the digests of many people (claimed by the caller): user id -> {"threads": [[thread
    id, replies, mentions, messages of theirs hidden], ...] newest first, at most
    DIGEST_MAX_THREADS, "more": further threads, "count": messages}. Every pending notification
    of theirs in this mode is done with (emailed_at set): those listed, those past the cap, and
    those of threads they may no longer read (also marked read: nothing to open). A constant
    number of queries per call."""
    now = now or timezone.now()
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in=user_ids).only(
            "pk", "is_active", "is_superuser", "language", "email", "first_name", "last_name"
        )
    }
    pending = Notification.objects.filter(user_id__in=user_ids, emailed_at__isnull=True, email=mode)
    rows = list(
        pending.order_by("user_id", "-id").values_list("id", "user_id", "post__thread_id", "kind")
    )
    if not rows:
        return {}
    last_id = max(r[0] for r in rows)
    readable = readable_pairs(users, {(uid, tid) for _id, uid, tid, _kind in rows})
    digests: dict[int, dict[str, Any]] = {}
    per_thread: dict[int, OrderedDict[int, list[int]]] = {}
    stale: list[int] = []
    for note_id, uid, tid, kind in rows:
        if (uid, tid) not in readable:
            stale.append(note_id)
            continue
        entry = per_thread.setdefault(uid, OrderedDict()).setdefault(tid, [tid, 0, 0, 0])
        slots: dict[str, int] = {NotificationKind.MENTION: 2, NotificationKind.HIDDEN: 3}
        slot = slots.get(kind, 1)
        entry[slot] += 1
    for uid, threads in per_thread.items():
        listed = list(threads.values())
        digests[uid] = {
            "threads": listed[:DIGEST_MAX_THREADS],
            "more": max(0, len(listed) - DIGEST_MAX_THREADS),
            "count": sum(sum(counts) for _t, *counts in listed),
        }
    # Done with, whatever happens to the email: never listed twice (new ones wait for next time).
    pending.filter(id__lte=last_id).update(emailed_at=now)
    for ids in _chunks(stale, 500):
        Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
    return digests


def digest_for(user: User, modes: list[str]) -> dict[str, Any] | None:
    """What one person's digest would list (nothing is marked): for tests and the shell."""
    with transaction.atomic():
        sid = transaction.savepoint()
        try:
            found = {}
            for mode in modes:
                found.update(build_digests([user.pk], mode))
        finally:
            transaction.savepoint_rollback(sid)
    return found.get(user.pk)


@resumable
@task()
def send_digests(user_ids: list[int], mode: str) -> int:
    """The daily or weekly digest of a batch of people (DIGEST_BATCH): claimed once per period
    (their settings rows locked and stamped, so an overlapping job finds them done), built with
    a few set-based queries, and one email job queued per person with ids and counts only (the
    email is rendered when that job runs, in the person's language). Returns emails queued."""
    if mode not in DIGEST_PERIODS:
        return 0
    now = timezone.now()
    with transaction.atomic():
        claimed = _claim(list(user_ids), mode, now)
        if not claimed:
            return 0
        digests = build_digests(claimed, mode, now)
        for uid, digest in digests.items():
            send_digest_email.enqueue(uid, str(mode), digest)
    return len(digests)


@resumable
@task()
def send_digest(user_id: int, mode: str) -> int:
    """One person's digest (jobs queued before digests were batched)."""
    return send_digests.call([user_id], mode)


@task()
def send_digest_email(user_id: int, mode: str, digest: dict[str, Any]) -> int:
    """Render and send one digest (built by `send_digests`: thread ids and counts), in the
    person's language; threads they may no longer read by now are left out. Not resumable (one
    email, which may have gone out): a job whose worker died is failed, never repeated."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    # [thread, replies, mentions, hidden] (jobs queued before `hidden` have three items).
    wanted = {
        int(t): (int(r), int(m), int(h[0]) if h else 0) for t, r, m, *h in digest.get("threads", [])
    }
    threads = {t.pk: t for t in Thread.objects.filter(pk__in=wanted).select_related("program")}
    shown = readable_pairs({user.pk: user}, {(user.pk, tid) for tid in threads})
    entries: list[dict[str, Any]] = [
        {
            "thread": threads[tid],
            "program": threads[tid].program,
            "replies": r,
            "mentions": m,
            "hidden": h,
        }
        for tid, (r, m, h) in wanted.items()
        if (user.pk, tid) in shown
    ]
    if not entries:
        return 0
    count = sum(int(e["replies"]) + int(e["mentions"]) + int(e["hidden"]) for e in entries)
    if len(entries) == len(wanted):
        count = max(count, int(digest.get("count", 0)))
    context = {
        "user": user,
        "digest": {"threads": entries, "more": int(digest.get("more", 0)), "count": count},
        "weekly": mode == EmailMode.WEEKLY,
        "SITE_URL": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(user),
    }
    with translation.override(_language(user, (e["program"] for e in entries))):
        subject = render_to_string("community/email/digest_subject.txt", context)
        body = render_to_string("community/email/digest.txt", context)
    return _send(user, one_line(" ".join(subject.split())), body, "community/email/digest.txt")


def _stamp(mode: str) -> str:
    return "last_weekly_at" if mode == EmailMode.WEEKLY else "last_digest_at"


def _due_ids(mode: str, now: dt.datetime) -> Iterator[int]:
    """Ids of the people with notifications waiting in `mode` whose last digest in it is older
    than the period (one query over the pending rows only, streamed)."""
    waiting = (
        Notification.objects.filter(emailed_at__isnull=True, email=mode)
        .values_list("user_id", flat=True)
        .distinct()
    )
    recent = NotificationSettings.objects.filter(
        **{f"{_stamp(mode)}__gt": now - DIGEST_PERIODS[mode] + SLACK}
    ).values("user_id")
    return waiting.exclude(user_id__in=recent).order_by("user_id").iterator(2000)


def due_digests(now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """(user id, mode) of every digest due (for tests and the shell; the runner streams)."""
    now = now or timezone.now()
    return [(uid, str(mode)) for mode in DIGEST_PERIODS for uid in _due_ids(mode, now)]


def settle_turned_off(now: dt.datetime | None = None) -> int:
    """Mark done the digest notifications still pending for people whose emails are off (made
    before "off" won over a thread's own choice): no digest job is queued for them each run.
    One update over the pending rows. Returns how many."""
    off = NotificationSettings.objects.filter(email=EmailMode.OFF).values("user_id")
    return Notification.objects.filter(
        emailed_at__isnull=True, email__in=list(DIGEST_PERIODS), user_id__in=off
    ).update(emailed_at=now or timezone.now())


def queue_due_digests(now: dt.datetime | None = None) -> int:
    """Queue the digests due, DIGEST_BATCH people per job (called by `send_reminders`).
    Returns the number of people queued."""
    now = now or timezone.now()
    settle_turned_off(now)
    people = 0
    for mode in DIGEST_PERIODS:
        for batch in _chunks(_due_ids(mode, now), DIGEST_BATCH):
            send_digests.enqueue(batch, str(mode))
            people += len(batch)
    return people
