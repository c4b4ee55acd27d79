"""Reusable reads for surveys: lists with response rates, rates per session, a person's
pending surveys, and the invitation behind a personal link."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from echohub.evaluation.models import Survey, SurveyInvitation, SurveyStatus
from echohub.programs.models import Program


def _count(filter_q: Q | None = None) -> Coalesce:
    qs = SurveyInvitation.objects.filter(survey=OuterRef("pk"))
    if filter_q is not None:
        qs = qs.filter(filter_q)
    counted = qs.order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def surveys_with_rates(program: Program) -> QuerySet[Survey]:
    """The program's surveys with `sent` and `answered` invitation counts (subqueries, so
    one query whatever the number of invitations)."""
    return (
        Survey.objects.filter(program=program)
        .annotate(sent=_count(), answered=_count(Q(responded=True)))
        .select_related("series")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Rate:
    sent: int
    answered: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None


def rate(sent: int, answered: int) -> Rate:
    return Rate(sent, answered)


def session_rates(survey: Survey) -> list[dict[str, Any]]:
    """Invitations sent and answered per session (newest first); one row for invitations with
    no session (surveys sent to all participants)."""
    from echohub.core import bilingual

    rows = (
        SurveyInvitation.objects.filter(survey=survey)
        .values("session_id", "session__title", "session__title_fr", "session__starts_at")
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(responded=True)))
        .order_by("-session__starts_at")
    )
    # the session's title in the reader's language (walk 1224: English titles on French pages)
    return [
        {
            **r,
            "session_title": bilingual.text(r, "session__title"),
            "rate": Rate(r["sent"], r["answered"]),
        }
        for r in rows
    ]


def pending_for(user: Any) -> list[SurveyInvitation]:
    """The person's unanswered invitations to surveys still taking answers (one query)."""
    now = timezone.now()
    return list(
        SurveyInvitation.objects.filter(
            user=user, responded=False, survey__status=SurveyStatus.OPEN
        )
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey", "survey__program", "session")
        .order_by("-created_at")[:10]
    )


def invitation_for_token(token: str) -> SurveyInvitation | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return (
        SurveyInvitation.objects.select_related("survey", "survey__program", "session")
        .filter(token_hash=digest)
        .first()
    )


def survey_structure(survey: Survey) -> list[tuple[Any, list[Any]]]:
    """[(section or None, [questions])] in order: questions outside any section come first."""
    sections = list(survey.sections.all())
    questions = list(survey.questions.all())
    groups: list[tuple[Any, list[Any]]] = []
    loose = [q for q in questions if q.section_id is None]
    if loose:
        groups.append((None, loose))
    for s in sections:
        groups.append((s, [q for q in questions if q.section_id == s.pk]))
    return groups
