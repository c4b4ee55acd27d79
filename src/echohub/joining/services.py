"""Personal join links, calendar feeds and what happens when someone clicks a join link."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from echohub.accounts.models import User
from echohub.core import audit
from echohub.joining.models import (
    CalendarFeed,
    JoinEvent,
    JoinOutcome,
    JoinToken,
    ProviderIncident,
)
from echohub.joining.queries import join_row
from echohub.joining.video import Attendee, ProviderError, provider_for
from echohub.programs.models import Program
from echohub.scheduling.models import Session, SessionStatus

log = logging.getLogger(__name__)


def join_token_for(*, session: Session, user: Any) -> JoinToken:
    token, _created = JoinToken.objects.get_or_create(session=session, user=user)
    return token


def join_tokens_for(*, session: Session, users: list[Any]) -> dict[int, str]:
    """Tokens for many people at once (emails to a whole program): {user_id: token}."""
    existing = dict(
        JoinToken.objects.filter(session=session, user__in=users).values_list("user_id", "token")
    )
    missing = [JoinToken(session=session, user=u) for u in users if u.pk not in existing]
    if missing:
        JoinToken.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(
            JoinToken.objects.filter(session=session, user__in=users).values_list(
                "user_id", "token"
            )
        )
    return existing


def join_tokens_of_user(*, user: Any, sessions: list[Session]) -> dict[int, str]:
    """One person's tokens for many sessions (their calendar feed): {session_id: token}."""
    ids = [s.pk for s in sessions]
    existing = dict(
        JoinToken.objects.filter(user=user, session_id__in=ids).values_list("session_id", "token")
    )
    missing = [JoinToken(session_id=pk, user=user) for pk in ids if pk not in existing]
    if missing:
        JoinToken.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(
            JoinToken.objects.filter(user=user, session_id__in=ids).values_list(
                "session_id", "token"
            )
        )
    return existing


@dataclass(frozen=True)
class JoinResult:
    """What the join view does: redirect to `url`, or show a page for `problem`."""

    url: str = ""
    problem: str = ""  # unknown | cancelled | ended | too_early | not_registered | provider_failed
    session: Session | None = None
    next_session: Session | None = None
    opens_at: dt.datetime | None = None


def _next_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            program_id=session.program_id,
            status=SessionStatus.SCHEDULED,
            ends_at__gt=timezone.now(),
            starts_at__gt=session.starts_at,  # after this one (e.g. a cancelled 31 December)
        )
        .exclude(pk=session.pk)
        .order_by("starts_at")
        .first()
    )


def resolve_join(token: str) -> JoinResult:
    """The hot path: one precompiled read (link, session, program, person, roles), one insert
    to record the join, then the provider's URL. Refusals re-read the session in full."""
    row = join_row(token)
    if row is None:
        return JoinResult(problem="unknown")
    now = timezone.now()
    problem = ""
    if row.status == SessionStatus.CANCELLED:
        problem = "cancelled"
    elif now > row.ends_at + dt.timedelta(minutes=settings.JOIN_CLOSES_MINUTES_AFTER):
        problem = "ended"
    elif now < row.starts_at - dt.timedelta(minutes=settings.JOIN_OPENS_MINUTES_BEFORE):
        problem = "too_early"
    elif not (row.registered and row.user_active):
        problem = "not_registered"
    if problem:
        session = Session.objects.select_related("program").get(pk=row.session_id)
        return JoinResult(
            problem=problem,
            session=session,
            next_session=_next_session(session) if problem in ("cancelled", "ended") else None,
            opens_at=session.starts_at - dt.timedelta(minutes=settings.JOIN_OPENS_MINUTES_BEFORE),
        )
    program = Program(
        id=row.program_id,
        video_provider=row.program_video_provider,
        slug=row.program_slug,
        name=row.program_name,
        name_fr=row.program_name_fr,
    )
    session = Session(
        id=row.session_id,
        program=program,
        title=row.title,
        title_fr=row.title_fr,
        status=row.status,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        time_zone=row.time_zone,
        video_provider=row.video_provider,
        video_room=row.video_room,
        video_url=row.video_url,
    )
    provider = provider_for(session)
    attendee = Attendee(
        user_id=row.user_id,
        name=f"{row.first_name} {row.last_name}".strip(),
        email=row.email,
        moderator=row.moderator,
    )
    try:
        url = provider.join_url(session, attendee)
    except ProviderError as err:
        JoinEvent.objects.create(
            session_id=row.session_id,
            user_id=row.user_id,
            provider=provider.name,
            outcome=JoinOutcome.PROVIDER_FAILED,
        )
        full = Session.objects.select_related("program").get(pk=row.session_id)
        report_incident(session=full, provider=provider.name, error=err)
        return JoinResult(problem="provider_failed", session=full)
    JoinEvent.objects.create(
        session_id=row.session_id,
        user_id=row.user_id,
        provider=provider.name,
        outcome=JoinOutcome.REDIRECTED,
    )
    _tell_live(row.session_id, row.user_id)
    return JoinResult(url=url, session=session)


def _tell_live(session_id: int, user_id: int) -> None:
    """After the commit, the live console's roster (echohub.live, above joining) learns of the
    click as it does of a video platform's join (a person's first click only: later ones cost
    no query). A failure there is logged, never the join's."""

    def push() -> None:
        try:
            from echohub.live.services import join_link_used

            join_link_used(session_id=session_id, user_id=user_id)
        except Exception:
            log.warning("live roster update failed", exc_info=True)

    transaction.on_commit(push)


def report_incident(*, session: Session, provider: str, error: ProviderError) -> ProviderIncident:
    """Record a provider failure and tell the program's coordinators (once per open incident)."""
    from echohub.joining.notices import notify_coordinators_of_incident

    open_incident = ProviderIncident.objects.filter(
        session=session, provider=provider, code=error.code, resolved_at__isnull=True
    ).first()
    log.warning("video provider %s failed for session %s: %s", provider, session.pk, error.code)
    if open_incident is not None:
        return open_incident
    incident = ProviderIncident.objects.create(
        session=session, provider=provider, code=error.code, message=error.message[:300]
    )
    notify_coordinators_of_incident(incident)
    return incident


@transaction.atomic
def resolve_incidents(*, actor: Any, session: Session) -> int:
    count = ProviderIncident.objects.filter(session=session, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    if count:
        audit.record(
            actor=actor,
            action="video.incidents_resolved",
            obj=session,
            program=session.program,
            changes={"count": count},
        )
    return count


@transaction.atomic
def set_video(*, actor: Any, session: Session, provider: str, room: str, url: str) -> Session:
    """Choose a session's video provider and its meeting (room / meeting id / link)."""
    before = audit.snapshot(session, ["video_provider", "video_room", "video_url"])
    session.video_provider, session.video_room, session.video_url = (
        provider,
        room.strip(),
        url.strip(),
    )
    provider_for(session).prepare(session)
    session.save()
    audit.record(
        actor=actor,
        action="session.video_changed",
        obj=session,
        program=session.program,
        changes=audit.diff(session, ["video_provider", "video_url"], before),
    )
    return session


# Calendar feeds --------------------------------------------------------------------------------


def calendar_feed_for(user: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user)
        except IntegrityError:  # created concurrently
            feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> CalendarFeed:
    """Retire the current secret URL for good and issue a new one."""
    for feed in CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="calendar_feed.revoked", obj=feed)
    return CalendarFeed.objects.create(user=user)
