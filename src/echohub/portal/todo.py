"""What needs a coordinator, per program they coordinate: the to-do list of their home page.

A layer above the domain apps (it reads their models; none of them imports it). One query per
kind of item, whatever the number of programs, so the home page stays fast for a coordinator of
many programs (pinned by a query-count test).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from echohub.attendance.models import QUEUE_STATUSES, AttendanceRow
from echohub.cases.models import Case, CaseStatus, Discipline, Recommendation
from echohub.credits.models import BatchStatus
from echohub.evaluation.models import Survey, SurveyStatus
from echohub.joining.models import ProviderIncident
from echohub.programs.models import (
    HubMember,
    Membership,
    Program,
    Registration,
    RegistrationStatus,
    Role,
)
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    FollowUpRequest,
    Series,
    Session,
    SessionStatus,
)
from echohub.search.documents import discipline_of

COORDINATING = (Role.PROGRAM_ADMIN, Role.COORDINATOR)
SURVEY_HORIZON = dt.timedelta(days=7)


@dataclass
class Item:
    label: str
    count: int
    url: str
    #: How long the oldest has waited, or when the first closes, in words.
    detail: str = ""
    urgent: bool = False


@dataclass
class ProgramTodo:
    program: Program
    items: list[Item] = field(default_factory=list)
    next_session: Session | None = None
    gaps: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items and not self.gaps


def _waited(since: dt.datetime | None, now: dt.datetime) -> str:
    if since is None:
        return ""
    days = max((now - since).days, 0)
    if days == 0:
        return _("oldest today")
    return ngettext("oldest waiting %(n)d day", "oldest waiting %(n)d days", days) % {"n": days}


def _by_program(rows: Any, key: str = "program_id") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows}


def todo_for(user: Any) -> list[ProgramTodo]:
    """Per program the user coordinates (admin or coordinator), what is waiting for them."""
    ids = list(
        Membership.objects.filter(user=user, is_active=True, role__in=COORDINATING)
        .values_list("program_id", flat=True)
        .distinct()
    )
    if not ids:
        return []
    now = timezone.now()
    programs = list(
        Program.objects.filter(pk__in=ids)
        .only("slug", "name")
        .annotate(
            next_session_id=Subquery(
                Session.objects.filter(
                    program=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gt=now
                )
                .order_by("starts_at")
                .values("pk")[:1]
            )
        )
        .order_by("name")
    )
    registrations = _by_program(
        Registration.objects.filter(program_id__in=ids, status=RegistrationStatus.PENDING)
        .values("program_id")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    )
    review = _by_program(
        Case.objects.filter(program_id__in=ids, status=CaseStatus.SUBMITTED)
        .values("program_id")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
    )
    recommendations = _by_program(
        Case.objects.filter(
            program_id__in=ids,
            status__in=(CaseStatus.SCHEDULED, CaseStatus.PRESENTED),
            session__ends_at__lt=now,
            sent_at__isnull=True,
        )
        .values("program_id")
        .annotate(n=Count("pk"), oldest=Min("session__ends_at"))
    )
    follow_ups = _by_program(
        FollowUpRequest.objects.filter(case__program_id__in=ids, answered_at__isnull=True)
        .values("case__program_id")
        .annotate(n=Count("pk"), oldest=Min("created_at")),
        key="case__program_id",
    )
    rows = _by_program(
        AttendanceRow.objects.filter(session__program_id__in=ids, status__in=QUEUE_STATUSES)
        .values("session__program_id")
        .annotate(n=Count("pk"), sessions=Count("session", distinct=True)),
        key="session__program_id",
    )
    incidents = _by_program(
        ProviderIncident.objects.filter(session__program_id__in=ids, resolved_at__isnull=True)
        .values("session__program_id")
        .annotate(n=Count("pk")),
        key="session__program_id",
    )
    surveys = _by_program(
        Survey.objects.filter(
            program_id__in=ids,
            status=SurveyStatus.OPEN,
            closes_at__gt=now,
            closes_at__lte=now + SURVEY_HORIZON,
        )
        .values("program_id")
        .annotate(n=Count("pk"), first=Min("closes_at"))
    )
    # Finished cycles (every session ended) with no certificate batch done: one row each.
    cycles: dict[int, dict[str, Any]] = {}
    for program_id in (
        Series.objects.filter(program_id__in=ids)
        .annotate(
            last_end=Max("sessions__ends_at"),
            done=Count(
                "certificate_batches",
                filter=Q(certificate_batches__status=BatchStatus.DONE),
                distinct=True,
            ),
        )
        .filter(last_end__lt=now, done=0)
        .values_list("program_id", flat=True)
    ):
        cycles.setdefault(program_id, {"n": 0})["n"] += 1
    next_ids = [p.next_session_id for p in programs if p.next_session_id]
    sessions = {
        s.pk: s
        for s in Session.objects.filter(pk__in=next_ids).only("title", "starts_at", "program_id")
    }
    open_slots: dict[int, int] = defaultdict(int)
    no_presenter: dict[int, int] = defaultdict(int)
    for item in AgendaItem.objects.filter(session_id__in=next_ids).values(
        "session_id", "kind", "presenter_id", "case"
    ):
        if item["kind"] == AgendaKind.CASE and item["case"] is None:
            open_slots[item["session_id"]] += 1
        if item["kind"] == AgendaKind.DIDACTIC and item["presenter_id"] is None:
            no_presenter[item["session_id"]] += 1

    out = []
    for program in programs:
        todo = ProgramTodo(program=program)
        slug = program.slug
        pid = program.pk
        if pid in registrations:
            r = registrations[pid]
            todo.items.append(
                Item(
                    ngettext("registration to decide", "registrations to decide", r["n"]),
                    r["n"],
                    reverse("programs:registrations", kwargs={"slug": slug}) + "?status=pending",
                    _waited(r["oldest"], now),
                )
            )
        if pid in review:
            r = review[pid]
            todo.items.append(
                Item(
                    ngettext(
                        "case waiting for privacy review",
                        "cases waiting for privacy review",
                        r["n"],
                    ),
                    r["n"],
                    reverse("cases:list", kwargs={"slug": slug}) + "?status=submitted",
                    _waited(r["oldest"], now),
                    urgent=(now - (r["oldest"] or now)).days >= 3,
                )
            )
        if pid in recommendations:
            r = recommendations[pid]
            todo.items.append(
                Item(
                    ngettext(
                        "presented case waiting for recommendations",
                        "presented cases waiting for recommendations",
                        r["n"],
                    ),
                    r["n"],
                    reverse("cases:list", kwargs={"slug": slug}) + "?status=presented",
                    _waited(r["oldest"], now),
                    urgent=now - (r["oldest"] or now) >= RECOMMENDATIONS_DUE,
                )
            )
        if pid in follow_ups:
            r = follow_ups[pid]
            todo.items.append(
                Item(
                    ngettext(
                        "follow-up asked for, waiting for a slot",
                        "follow-ups asked for, waiting for a slot",
                        r["n"],
                    ),
                    r["n"],
                    reverse("scheduling:follow_ups", kwargs={"slug": slug}),
                    _waited(r["oldest"], now),
                )
            )
        if pid in rows:
            r = rows[pid]
            todo.items.append(
                Item(
                    ngettext("attendance row to review", "attendance rows to review", r["n"]),
                    r["n"],
                    reverse("attendance:overview", kwargs={"slug": slug}),
                    ngettext("in %(n)d session", "in %(n)d sessions", r["sessions"])
                    % {"n": r["sessions"]},
                )
            )
        if pid in incidents:
            r = incidents[pid]
            todo.items.append(
                Item(
                    ngettext(
                        "video provider problem unresolved",
                        "video provider problems unresolved",
                        r["n"],
                    ),
                    r["n"],
                    reverse("scheduling:list", kwargs={"slug": slug}),
                    urgent=True,
                )
            )
        if pid in surveys:
            r = surveys[pid]
            todo.items.append(
                Item(
                    ngettext("survey closing this week", "surveys closing this week", r["n"]),
                    r["n"],
                    reverse("evaluation:surveys", kwargs={"slug": slug}),
                )
            )
        if pid in cycles:
            r = cycles[pid]
            todo.items.append(
                Item(
                    ngettext(
                        "finished cycle without certificates",
                        "finished cycles without certificates",
                        r["n"],
                    ),
                    r["n"],
                    reverse("credits:batches", kwargs={"slug": slug}),
                )
            )
        session = sessions.get(program.next_session_id)
        if session is not None:
            todo.next_session = session
            if open_slots[session.pk]:
                todo.gaps.append(
                    ngettext(
                        "%(n)d case slot without a case",
                        "%(n)d case slots without a case",
                        open_slots[session.pk],
                    )
                    % {"n": open_slots[session.pk]}
                )
            if no_presenter[session.pk]:
                todo.gaps.append(
                    ngettext(
                        "%(n)d talk without a presenter",
                        "%(n)d talks without a presenter",
                        no_presenter[session.pk],
                    )
                    % {"n": no_presenter[session.pk]}
                )
        out.append(todo)
    return out


#: The hub's recommendations are due this long after the session that presented the case (a
#: presented case still waiting past it is urgent on the coordinator's list too).
RECOMMENDATIONS_DUE = dt.timedelta(days=7)
#: Cases listed on an expert's home (the oldest due first); the rest are counted.
EXPERT_CASES_SHOWN = 20


@dataclass
class ExpertCase:
    case: Case
    due: dt.datetime
    overdue: bool


@dataclass
class ExpertTodo:
    """A hub expert's cases waiting for their discipline's recommendations, in one program."""

    program: Program
    #: the disciplines' labels (none: not named on the hub team, nor by profession)
    disciplines: list[Any]
    cases: list[ExpertCase] = field(default_factory=list)
    more: int = 0


def _disciplines_of(user: Any, program_ids: list[int]) -> dict[int, set[str]]:
    """Per program, the disciplines (cases.Discipline) `user` writes recommendations for: their
    hub membership's discipline there, else their own profession (an expert named on no hub)."""
    out: dict[int, set[str]] = {pid: set() for pid in program_ids}
    for pid, discipline in HubMember.objects.filter(
        user=user, is_active=True, hub__program_id__in=program_ids
    ).values_list("hub__program_id", "discipline"):
        if discipline_of(discipline or "") in Discipline.values:
            out[pid].add(discipline_of(discipline))
    own = discipline_of(getattr(user, "profession", "") or "")
    for found in out.values():
        if not found and own in Discipline.values:
            found.add(own)
    return out


def expert_todo_for(user: Any) -> list[ExpertTodo]:
    """Per program where `user` is a hub expert, the cases (scheduled or presented, not yet
    sent) that still wait for their discipline's recommendations, the oldest due first, each
    with its due date (the session's end + RECOMMENDATIONS_DUE). Where no discipline is known,
    the cases that have no recommendation at all. Three queries whatever the number of
    programs."""
    ids = list(
        Membership.objects.filter(user=user, is_active=True, role=Role.EXPERT)
        .values_list("program_id", flat=True)
        .distinct()
    )
    if not ids:
        return []
    disciplines = _disciplines_of(user, ids)
    now = timezone.now()
    wanted = Q()
    for pid, mine in disciplines.items():
        written = Recommendation.objects.filter(case=OuterRef("pk"))
        if mine:
            written = written.filter(discipline__in=sorted(mine))
        wanted |= Q(Q(program_id=pid), ~Exists(written))
    cases = list(
        Case.objects.filter(
            wanted,
            status__in=(CaseStatus.SCHEDULED, CaseStatus.PRESENTED),
            sent_at__isnull=True,
            session__isnull=False,
        )
        .select_related("program", "session")
        .only("number", "title", "status", "program__slug", "program__name", "session__ends_at")
        .order_by("session__ends_at", "pk")
    )
    programs = {p.pk: p for p in Program.objects.filter(pk__in=ids).order_by("name")}
    labels = dict(Discipline.choices)
    todos = {
        pid: ExpertTodo(
            program=p, disciplines=[labels[d] for d in sorted(disciplines.get(pid, set()))]
        )
        for pid, p in programs.items()
    }
    for case in cases:
        todo = todos[case.program_id]
        if len(todo.cases) >= EXPERT_CASES_SHOWN:
            todo.more += 1
            continue
        case.program = todo.program
        due = case.session.ends_at + RECOMMENDATIONS_DUE  # type: ignore[union-attr]
        todo.cases.append(ExpertCase(case=case, due=due, overdue=due < now))
    return [t for t in todos.values() if t.cases]
