"""Jobs for programs: each takes ids and renders its email when it runs."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from echohub.core import audit, bilingual, job_recovery
from echohub.core.job_recovery import resumable
from echohub.core.mail import mail_language
from echohub.core.models import AuditEntry
from echohub.core.oneline import one_line
from echohub.programs.models import Announcement, AnnouncementRecipient


def render_announcement(recipient: AnnouncementRecipient) -> tuple[str, str]:
    """The subject and text of an announcement's email to one person (also the preview), in
    the active language: the program's texts in it, else in the other one, marked."""
    announcement = recipient.announcement
    body = bilingual.localized(announcement, "body")
    context = {
        "announcement": announcement,
        "body": body,
        "fallback_marker": bilingual.marker(body),
        "program": announcement.program,
        "recipient": recipient.user,
        "SITE_URL": settings.SITE_URL,
    }
    name = bilingual.text(announcement.program, "name")
    # One line (core.oneline): a subject typed with a line break would make Django refuse the
    # header, and the email would fail on every try.
    subject = one_line(f"[{name}] {bilingual.text(announcement, 'subject')}")
    return subject, render_to_string("programs/email/announcement.txt", context)


@resumable
@task()
def send_announcement_email(recipient_id: int) -> int:
    """Email one person one announcement. The row is claimed first (`claimed_at`, a fresh
    `claim_token`, `attempts` + 1, committed), then the email is sent, and `sent_at` is set only
    once the mail server took it. A run at the same moment skips the row another run holds
    (locked, or claimed within the lease); a run after `sent_at` sends nothing. A claim older
    than the lease without `sent_at` means its worker died between claim and confirmation: the
    email is sent again (at least once: a worker killed right after the mail server took it
    sends it twice). A failed email releases the claim and fails the job:
    `requeue_unsent_announcements` tries again later, MAX_ATTEMPTS tries in all."""
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        recipient = (
            AnnouncementRecipient.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("announcement__program", "announcement__author", "user")
            .filter(pk=recipient_id, sent_at__isnull=True)
            .first()
        )
        if recipient is None or not recipient.user.is_active:
            return 0
        held = recipient.claim_token and recipient.claimed_at
        if held and recipient.claimed_at > now - job_recovery.lease():  # type: ignore[operator]
            return 0  # another run is sending it
        if recipient.attempts >= MAX_ATTEMPTS:
            return 0  # given up
        recipient.claimed_at = now
        recipient.claim_token = token
        recipient.attempts += 1
        recipient.save(update_fields=["claimed_at", "claim_token", "attempts"])
    mine = AnnouncementRecipient.objects.filter(pk=recipient.pk, claim_token=token)
    try:
        language = mail_language(recipient.user, program=recipient.announcement.program)
        with translation.override(language):
            subject, body = render_announcement(recipient)
        sent = send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.user.email], fail_silently=False
        )
    except Exception:
        mine.update(claim_token="")
        raise
    AnnouncementRecipient.objects.filter(pk=recipient.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), claim_token=""
    )
    return sent


#: An unsent recipient is queued again (job gone, see below) for this long after the
#: announcement was sent, a lease after their last try; after that, or after MAX_ATTEMPTS
#: tries (counted on the row: `attempts`), it is given up and the announcement says so.
RETRY_FOR = dt.timedelta(days=1)
MAX_ATTEMPTS = 3
#: Recipients queued again per run at most (the rest: next run).
REQUEUE_LIMIT = 5000


def retryable(now: dt.datetime, prefix: str = "") -> Q:
    """The recipients (`prefix`: the path to them) a later run will email: unsent, active, under
    MAX_ATTEMPTS tries, their last claim (if any) ended or older than the lease. The caller
    checks the announcement's age (RETRY_FOR)."""
    stale = now - job_recovery.lease()
    return Q(
        **{
            f"{prefix}sent_at__isnull": True,
            f"{prefix}user__is_active": True,
            f"{prefix}attempts__lt": MAX_ATTEMPTS,
        }
    ) & (Q(**{f"{prefix}claim_token": ""}) | Q(**{f"{prefix}claimed_at__lt": stale}))


def requeue_unsent_announcements(*, now: dt.datetime | None = None) -> int:
    """Queue again the emails of recipients still unsent a lease (JOB_LEASE_MINUTES) after
    their announcement whose job is gone (failed, lost, or never queued) or whose claim is older
    than the lease without `sent_at` (its worker died), a lease after their last try, at most
    MAX_ATTEMPTS tries within RETRY_FOR; the announcement's audit trail records it (once per
    lease). Called by `echohub send_reminders`. Returns how many were queued."""
    now = now or timezone.now()
    stale = now - job_recovery.lease()
    unsent = (
        AnnouncementRecipient.objects.filter(retryable(now))
        .filter(announcement__sent_at__lt=stale, announcement__sent_at__gte=now - RETRY_FOR)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .order_by("pk")
    )
    rows = list(unsent.values_list("pk", "announcement_id")[:REQUEUE_LIMIT])
    if not rows:
        return 0
    waiting = job_recovery.queued_args(send_announcement_email)
    again = [(pk, aid) for pk, aid in rows if pk not in waiting]
    if not again:
        return 0
    with transaction.atomic():
        for pk, _aid in again:
            transaction.on_commit(partial(send_announcement_email.enqueue, pk))
        noted = set(
            AuditEntry.objects.filter(
                action=RESUMED,
                object_type=Announcement._meta.label_lower,
                object_id__in=[str(aid) for _pk, aid in again],
                at__gte=stale,
            ).values_list("object_id", flat=True)
        )
        note_resumed(Counter(aid for _pk, aid in again if str(aid) not in noted), how="unsent")
    return len(again)


def note_resumed(counts: Counter[int], *, how: str) -> None:
    """Record on each announcement that its sending was interrupted and resumed (its page says
    so): `counts` is announcement id -> emails queued again."""
    for announcement in Announcement.objects.filter(pk__in=list(counts)).select_related("program"):
        audit.record(
            actor=None,
            action=RESUMED,
            obj=announcement,
            program=announcement.program,
            changes={"requeued": counts[announcement.pk], "how": how},
        )


#: The audit action of an interrupted and resumed sending.
RESUMED = "announcement.resumed"


def _resumed_job(args: list[Any], kwargs: dict[str, Any]) -> None:
    recipient_id = int(args[0] if args else kwargs["recipient_id"])
    found = (
        AnnouncementRecipient.objects.filter(pk=recipient_id)
        .values_list("announcement_id", flat=True)
        .first()
    )
    if found is not None:
        note_resumed(Counter([found]), how="worker_lost")


job_recovery.on_resume(send_announcement_email, _resumed_job)
