"""Reusable reads for sessions."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from echohub.accounts.models import User
from echohub.programs.models import Membership, Program
from echohub.programs.rules import PERMISSIONS
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    FollowUpRequest,
    Session,
    SessionStatus,
)

#: How many cases the follow-up slot's case list offers at once (a search narrows it).
FOLLOW_UP_CHOICES = 30


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
    """The person's own past sessions: those of their programs that ended after they joined
    (a role there, still active, that began before the session ended), and any they have an
    attendance record for. Not the program's sessions from before they were part of it."""
    joined = Membership.objects.filter(
        user=user,
        program_id=OuterRef("program_id"),
        is_active=True,
        created_at__lt=OuterRef("ends_at"),
    )
    # Through the reverse name, so scheduling imports nothing from attendance (which sits above).
    attended = Session.objects.filter(attendances__user=user).values("pk")
    return list(
        sessions_of_user(user)
        .select_related("program")
        .filter(ends_at__lte=timezone.now())
        .filter(Exists(joined) | Q(pk__in=attended))
        .order_by("-starts_at")[:limit]
    )


def upcoming_sessions(program_id: int, limit: int = 5) -> list[Session]:
    return list(
        Session.objects.filter(
            program_id=program_id, status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now()
        ).order_by("starts_at")[:limit]
    )


def case_ids_on_agenda(session: Session) -> list[int]:
    """The cases the session's agenda names: those scheduled in its case slots (whose titles
    it shows) and those its follow-up slots follow up, in agenda order, each once."""
    rows = (
        AgendaItem.objects.filter(session=session)
        .filter(Q(case__isnull=False) | Q(followed_case__isnull=False))
        .order_by("position", "pk")
        .values_list("case", "followed_case")
    )
    ids: list[int] = []
    for presented, followed in rows:
        for pk in (presented, followed):
            if pk is not None and pk not in ids:
                ids.append(pk)
    return ids


def followable_statuses() -> tuple[str, ...]:
    """A case may be followed up once its recommendations were sent."""
    from echohub.cases.models import CaseStatus  # cases sits above scheduling

    return (CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED)


def follow_up_candidates(
    user: Any, program: Program, q: str = "", *, limit: int = FOLLOW_UP_CHOICES
) -> list[Any]:
    """The cases `user` may link to a follow-up slot: the program's cases they may open whose
    recommendations were sent, those a presenter asked a slot for first, then the most recently
    sent; `q` narrows them by title, the presenter's site or the case number. Each case has
    `asked` (an open request)."""
    from echohub.cases.queries import visible_cases  # cases sits above scheduling

    qs = visible_cases(user, program).filter(
        sent_at__isnull=False, status__in=followable_statuses()
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(site__name__icontains=q) | Q(number__icontains=q))
    open_request = FollowUpRequest.objects.filter(case=OuterRef("pk"), answered_at__isnull=True)
    return list(
        qs.annotate(asked=Exists(open_request)).order_by("-asked", "-sent_at", "-pk")[:limit]
    )


def own_followable_cases(user: Any, program: Program) -> list[Any]:
    """The cases `user` presented in `program` whose recommendations were sent, newest first,
    each with `open_request` (their request not yet answered, or None)."""
    from echohub.cases.models import Case  # cases sits above scheduling

    cases = list(
        Case.objects.filter(
            program=program,
            presenter_id=getattr(user, "pk", None),
            sent_at__isnull=False,
            status__in=followable_statuses(),
        )
        .select_related("site")
        .order_by("-sent_at", "-pk")
    )
    requests = {
        r.case_id: r
        for r in FollowUpRequest.objects.filter(
            case__in=[c.pk for c in cases], answered_at__isnull=True
        )
    }
    for case in cases:
        case.open_request = requests.get(case.pk)  # type: ignore[attr-defined]
    return cases


def open_follow_up_requests(program: Program) -> QuerySet[FollowUpRequest]:
    return (
        FollowUpRequest.objects.filter(case__program=program, answered_at__isnull=True)
        .select_related("case__site", "requested_by")
        .order_by("created_at", "pk")
    )


def follow_up_slots_of_case(case_ids: list[int]) -> dict[int, AgendaItem]:
    """Each case's next follow-up slot in a coming session (not cancelled)."""
    found: dict[int, AgendaItem] = {}
    for item in (
        AgendaItem.objects.filter(
            followed_case_id__in=case_ids,
            kind=AgendaKind.FOLLOW_UP,
            session__status=SessionStatus.SCHEDULED,
            session__ends_at__gt=timezone.now(),
        )
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ):
        if item.followed_case_id is not None:
            found.setdefault(item.followed_case_id, item)
    return found


def session_managers(program: Program) -> list[Any]:
    """The active people who plan the program's agendas (its admins and coordinators): those
    told when a presenter asks for a follow-up slot."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__is_active=True,
            memberships__role__in=PERMISSIONS["sessions.manage"],
        )
        .distinct()
        .order_by("pk")
    )


def follow_up_state(case: Any) -> dict[str, Any]:
    """Where a case stands for a follow-up slot, as its presenter reads it on the case page:
    `next_slot` (its follow-up slot in a coming session), `open_request` (asked for, not yet
    answered) and `answered` (the last request a slot answered, with that slot's session)."""
    return {
        "next_slot": follow_up_slots_of_case([case.pk]).get(case.pk),
        "open_request": FollowUpRequest.objects.filter(case=case, answered_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first(),
        "answered": FollowUpRequest.objects.filter(
            case=case, answered_at__isnull=False, slot__isnull=False
        )
        .select_related("slot__session")
        .order_by("-answered_at", "-pk")
        .first(),
    }
