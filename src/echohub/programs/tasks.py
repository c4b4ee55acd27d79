"""Jobs for programs: each takes ids and renders its email when it runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from echohub.core import audit, bilingual, job_recovery
from echohub.core.job_recovery import resumable
from echohub.core.mail import mail_language
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
    subject = f"[{name}] {bilingual.text(announcement, 'subject')}"
    return subject, render_to_string("programs/email/announcement.txt", context)


@resumable
@task()
def send_announcement_email(recipient_id: int) -> int:
    """Email one person one announcement, at most once. The row is claimed (`sent_at` set and
    committed) before the email goes out, so a second run, or the same job queued again after
    its worker died (`core.job_recovery`), finds it claimed and sends nothing; a run at the
    same moment skips the row another run holds. If the email cannot be sent, the claim is
    released and the job fails: `requeue_unsent_announcements` tries again later."""
    with transaction.atomic():
        recipient = (
            AnnouncementRecipient.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("announcement__program", "announcement__author", "user")
            .filter(pk=recipient_id, sent_at__isnull=True)
            .first()
        )
        if recipient is None or not recipient.user.is_active:
            return 0
        claimed = timezone.now()
        recipient.sent_at = claimed
        recipient.save(update_fields=["sent_at"])
    try:
        language = mail_language(recipient.user, program=recipient.announcement.program)
        with translation.override(language):
            subject, body = render_announcement(recipient)
        return send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.user.email], fail_silently=False
        )
    except Exception:
        AnnouncementRecipient.objects.filter(pk=recipient.pk, sent_at=claimed).update(sent_at=None)
        raise


#: An unsent recipient is queued again (job gone, see below) for this long after the
#: announcement was sent; after that, or after MAX_ATTEMPTS failed jobs, it is given up and the
#: announcement says so.
RETRY_FOR = dt.timedelta(days=1)
MAX_ATTEMPTS = 3
#: Recipients queued again per run at most (the rest: next run).
REQUEUE_LIMIT = 5000


def requeue_unsent_announcements(*, now: dt.datetime | None = None) -> int:
    """Queue again the emails of recipients still unsent a lease (JOB_LEASE_MINUTES) after
    their announcement whose job is gone (failed, lost, or never queued), each at most
    MAX_ATTEMPTS times within RETRY_FOR; the announcement's audit trail records it. Called by
    `echohub send_reminders`. Returns how many were queued."""
    now = now or timezone.now()
    unsent = AnnouncementRecipient.objects.filter(
        sent_at__isnull=True,
        user__is_active=True,
        announcement__sent_at__lt=now - job_recovery.lease(),
        announcement__sent_at__gte=now - RETRY_FOR,
    ).order_by("pk")
    rows = list(unsent.values_list("pk", "announcement_id")[:REQUEUE_LIMIT])
    if not rows:
        return 0
    waiting = job_recovery.queued_args(send_announcement_email)
    failed = job_recovery.failed_args(
        send_announcement_email, now - RETRY_FOR - job_recovery.lease()
    )
    again = [(pk, aid) for pk, aid in rows if pk not in waiting and failed[pk] < MAX_ATTEMPTS]
    with transaction.atomic():
        for pk, _aid in again:
            transaction.on_commit(partial(send_announcement_email.enqueue, pk))
        note_resumed(Counter(aid for _pk, aid in again), how="unsent")
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
