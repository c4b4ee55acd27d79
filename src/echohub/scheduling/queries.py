"""Reusable reads for sessions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from echohub.programs.models import Membership
from echohub.scheduling.models import AgendaItem, Session, SessionStatus


def with_agenda(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("program").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("presenter").prefetch_related("resources"),
        )
    )


def sessions_of_user(user: Any) -> QuerySet[Session]:
    program_ids = Membership.objects.filter(user=user, is_active=True).values("program_id")
    return Session.objects.filter(program_id__in=program_ids)


def next_session_for(user: Any) -> Session | None:
    now = timezone.now()
    return (
        with_agenda(sessions_of_user(user))
        .filter(status=SessionStatus.SCHEDULED, ends_at__gt=now)
        .order_by("starts_at")
        .first()
    )


def past_sessions_for(user: Any, limit: int = 10) -> list[Session]:
    return list(
        sessions_of_user(user)
        .select_related("program")
        .filter(ends_at__lte=timezone.now())
        .order_by("-starts_at")[:limit]
    )


def upcoming_sessions(program_id: int, limit: int = 5) -> list[Session]:
    return list(
        Session.objects.filter(
            program_id=program_id, status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now()
        ).order_by("starts_at")[:limit]
    )


def case_ids_on_agenda(session: Session) -> list[int]:
    """The cases scheduled in the session's case slots (whose titles its agenda shows)."""
    return list(
        AgendaItem.objects.filter(session=session, case__isnull=False)
        .order_by("position")
        .values_list("case", flat=True)
    )
