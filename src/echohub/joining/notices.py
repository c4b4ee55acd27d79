"""Emails about sessions: agenda the day before, reminder shortly before, notice of a
cancellation or reschedule, and provider failures for coordinators. All go through the queue."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from echohub.accounts.models import User
from echohub.core import bilingual
from echohub.core.job_recovery import resumable
from echohub.core.mail import queue_email
from echohub.joining.models import ProviderIncident, ReminderKind, ReminderLog
from echohub.programs.models import Membership, Role
from echohub.scheduling.models import AgendaItem, Session, SessionStatus
from echohub.scheduling.queries import with_agenda

log = logging.getLogger(__name__)


def _people(session: Session, *, reminders_only: bool) -> list[User]:
    members = Membership.objects.filter(program_id=session.program_id, is_active=True)
    qs = User.objects.filter(pk__in=members.values("user_id"), is_active=True)
    if reminders_only:
        qs = qs.filter(email_reminders=True)
    return list(qs.order_by("pk"))


def _send_session_email(
    session: Session, users: list[User], template: str, subject: str, **extra: object
) -> None:
    from echohub.joining.services import join_tokens_for

    tokens = (
        join_tokens_for(session=session, users=users)
        if session.status == SessionStatus.SCHEDULED
        else {}
    )
    page = reverse("scheduling:session", kwargs={"slug": session.program.slug, "pk": session.pk})
    for user in users:
        token = tokens.get(user.pk)
        with timezone.override(_zone(user.time_zone)):
            queue_email(
                to=user.email,
                subject=subject,
                subject_values={"title": session},  # its title in the recipient's language
                template=template,
                context={
                    "session": session,
                    "user": user,
                    "join_path": reverse("joining:join", kwargs={"token": token}) if token else "",
                    "session_path": page,
                    **extra,
                },
                program=session.program,
            )


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Queue every agenda and reminder email that is due and not yet sent. Idempotent: the
    ReminderLog row (session, person, kind, sequence) is written in the same transaction."""
    now = now or timezone.now()
    reminder_until = now + dt.timedelta(minutes=settings.REMINDER_MINUTES_BEFORE)
    agenda_until = now + dt.timedelta(hours=settings.AGENDA_EMAIL_HOURS_BEFORE)
    due = Session.objects.filter(
        status=SessionStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=agenda_until
    )
    sent = 0
    for session_id, starts_at in due.values_list("pk", "starts_at"):
        kind = ReminderKind.REMINDER if starts_at <= reminder_until else ReminderKind.AGENDA
        sent += _send_reminders_for(session_id, kind)
    return sent


@transaction.atomic
def _send_reminders_for(session_id: int, kind: str) -> int:
    session = with_agenda(Session.objects.select_for_update(of=("self",))).get(pk=session_id)
    if session.status != SessionStatus.SCHEDULED:
        return 0
    done = set(
        ReminderLog.objects.filter(
            session=session, kind=kind, sequence=session.sequence
        ).values_list("user_id", flat=True)
    )
    users = [u for u in _people(session, reminders_only=True) if u.pk not in done]
    if not users:
        return 0
    ReminderLog.objects.bulk_create(
        [ReminderLog(session=session, user=u, kind=kind, sequence=session.sequence) for u in users],
        ignore_conflicts=True,
    )
    if kind == ReminderKind.AGENDA:
        subject = gettext_noop("Tomorrow: %(title)s")
        template = "joining/email/agenda.txt"
    else:
        subject = gettext_noop("Starting soon: %(title)s")
        template = "joining/email/reminder.txt"
    _send_session_email(session, users, template, subject)
    return len(users)


def _next_session_after(session: Session) -> Session | None:
    # The one after the cancelled session, not merely the next from today.
    return (
        Session.objects.filter(
            program_id=session.program_id,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=max(session.starts_at, timezone.now()),
        )
        .exclude(pk=session.pk)
        .order_by("starts_at")
        .first()
    )


def _change_email(
    session: Session, kind: str, moved_to: Session | None, moved_items: list[AgendaItem]
) -> tuple[str, str, dict[str, object]]:
    """(subject as its message id, template, extra context) of the email telling people about
    the change."""
    if kind == "cancelled":
        return (
            gettext_noop("Cancelled: %(title)s"),
            "joining/email/cancelled.txt",
            {
                "next_session": _next_session_after(session),
                "moved_to": moved_to if moved_items else None,
                "moved_items": moved_items,
            },
        )
    return (
        gettext_noop("New time: %(title)s"),
        "joining/email/rescheduled.txt",
        {"next_session": None},
    )


@resumable
@task()
def session_changed_task(
    session_id: int, kind: str, moved_to: int | None = None, moved_items: list[int] | None = None
) -> int:
    """Tell everyone in the program that a session was cancelled or rescheduled (for a
    cancellation, naming where its didactic moved, when it did). Once per person and change:
    each email is logged (ReminderLog, the session's sequence, which every change bumps) in the
    transaction that queues it, under a lock on the session, so a second run (the job queued
    again after its worker died) emails only those not yet told."""
    log_kind = ReminderKind.CANCELLED if kind == "cancelled" else ReminderKind.MOVED
    with transaction.atomic():
        session = with_agenda(
            Session.objects.select_for_update(of=("self",)).select_related("program")
        ).get(pk=session_id)
        told = set(
            ReminderLog.objects.filter(
                session=session, kind=log_kind, sequence=session.sequence
            ).values_list("user_id", flat=True)
        )
        users = [u for u in _people(session, reminders_only=False) if u.pk not in told]
        target = Session.objects.filter(pk=moved_to).first() if moved_to else None
        items = list(
            AgendaItem.objects.filter(pk__in=moved_items or [], session=target).order_by("position")
        )
        subject, template, extra = _change_email(session, kind, target, items)
        ReminderLog.objects.bulk_create(
            [
                ReminderLog(session=session, user=u, kind=log_kind, sequence=session.sequence)
                for u in users
            ],
            ignore_conflicts=True,
        )
        _send_session_email(session, users, template, subject, **extra)
    return len(users)


def queue_session_changed(
    session: Session,
    kind: str,
    *,
    moved_to: int | None = None,
    moved_items: list[int] | None = None,
) -> None:
    transaction.on_commit(
        lambda: session_changed_task.enqueue(session.pk, kind, moved_to, moved_items or [])
    )


def change_recipient_count(session: Session) -> int:
    """How many people a cancellation or reschedule of ``session`` emails."""
    members = Membership.objects.filter(program_id=session.program_id, is_active=True)
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).count()


def preview_session_change(
    session: Session,
    kind: str,
    *,
    moved_to: Session | None = None,
    moved_items: list[AgendaItem] | None = None,
) -> tuple[str, str]:
    """(subject, body) of the change email as it will read, for the page that asks the
    coordinator to confirm. ``session`` carries the new times or the cancellation, unsaved;
    times are in the active time zone and the personal join link is a placeholder."""
    subject, template, extra = _change_email(session, kind, moved_to, moved_items or [])
    body = render_to_string(
        template,
        {
            "session": session,
            "user": None,
            "join_path": "/join/…/" if kind != "cancelled" else "",
            "session_path": session.get_absolute_url(),
            "SITE_URL": settings.SITE_URL,
            **extra,
        },
    )
    return translation.gettext(subject) % {"title": bilingual.text(session, "title")}, body


def notify_coordinators_of_incident(incident: ProviderIncident) -> None:
    session = incident.session
    coordinators = User.objects.filter(
        memberships__program_id=session.program_id,
        memberships__role__in=[Role.COORDINATOR, Role.PROGRAM_ADMIN],
        memberships__is_active=True,
    ).distinct()
    for user in coordinators:
        with timezone.override(_zone(user.time_zone)):
            queue_email(
                to=user.email,
                subject=gettext_noop("Video problem: %(title)s"),
                subject_values={"title": session},  # its title in the recipient's language
                template="joining/email/provider_incident.txt",
                context={
                    "incident": incident,
                    "session": session,
                    "session_path": reverse(
                        "scheduling:session",
                        kwargs={"slug": session.program.slug, "pk": session.pk},
                    ),
                },
                program=session.program,
            )
