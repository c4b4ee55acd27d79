"""Who sees which case: the presenter and the hub see it; members see the approved cases
scheduled in their program's sessions; evaluators see no case content here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Program
from echohub.programs.rules import has_perm, roles_of

SHARED_WITH_ATTENDEES = [
    CaseStatus.SCHEDULED,
    CaseStatus.PRESENTED,
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
    CaseStatus.CLOSED,
]
HUB_VISIBLE = [s for s in CaseStatus.values if s != CaseStatus.DRAFT]


def visible_cases(user: Any, program: Program) -> QuerySet[Case]:
    qs = Case.objects.filter(program=program).select_related("presenter", "session", "site")
    if has_perm(user, program, "cases.view_all"):
        return qs.filter(Q(status__in=HUB_VISIBLE) | Q(presenter=user))
    if "participant" in roles_of(user, program):
        return qs.filter(Q(presenter=user) | Q(status__in=SHARED_WITH_ATTENDEES))
    return qs.none()


def mme_of(rows: list[Any], table: str) -> dict[str, Any]:
    from clinical import calculate_mme

    data = [
        {
            "drug": m.drug,
            "formulation": m.formulation or None,
            "dose": m.dose,
            "unit": m.unit,
            **({"times_per_day": m.times_per_day} if m.times_per_day else {}),
            **({"frequency": m.frequency} if m.frequency else {}),
            "as_needed": m.as_needed,
        }
        for m in rows
    ]
    data = [{k: v for k, v in row.items() if v is not None} for row in data]
    return calculate_mme(data, table=table).to_dict() if data else {}
