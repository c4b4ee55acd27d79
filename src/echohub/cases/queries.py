"""Who sees which case: the presenter and the hub see it; members see the approved cases
scheduled in their program's sessions; evaluators see no case content here."""

from __future__ import annotations

from decimal import Decimal
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

    data = _mme_input(rows)
    return calculate_mme(data, table=table).to_dict() if data else {}


def mme_total(rows: list[Any], table: str) -> Decimal | None:
    """Total MME/day only (no JSON conversion): for aggregates over many cases."""
    from clinical import calculate_mme

    data = _mme_input(rows)
    return calculate_mme(data, table=table).total_mme_per_day if data else None


def _mme_input(rows: list[Any]) -> list[dict[str, Any]]:
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
    return [{k: v for k, v in row.items() if v is not None} for row in data]


#: Breakdowns by presenter profession or region show "fewer than" below this many cases, so
#: that a small region's only pharmacist cannot be picked out of the evaluators' figures.
MIN_CELL = 5


def _cells(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    out = []
    for label, n in rows:
        out.append({"label": label, "n": n if n >= MIN_CELL else None})
    return out


def case_summary(program: Program) -> dict[str, Any]:
    """De-identified aggregates of a program's submitted cases: counts and outcomes, never
    case text, numbers or names. A fixed number of queries, whatever the number of cases."""
    import statistics

    from django.db.models import Count

    from echohub.accounts.professions import Profession
    from echohub.cases.models import CaseMedication

    cases = Case.objects.filter(program=program).exclude(status=CaseStatus.DRAFT)
    status_counts = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    by_status = [
        {"label": label, "n": status_counts.get(value, 0)}
        for value, label in CaseStatus.choices
        if value != CaseStatus.DRAFT
    ]
    professions = dict(Profession.choices)
    by_profession = _cells(
        [
            (str(professions.get(p, p) or "—"), n)
            for p, n in cases.values_list("presenter_profession")
            .annotate(n=Count("id"))
            .order_by("presenter_profession")
        ]
    )
    by_region = _cells(
        [
            (r or "—", n)
            for r, n in cases.values_list("region").annotate(n=Count("id")).order_by("region")
        ]
    )
    hours = [
        (sent - ends).total_seconds() / 3600
        for sent, ends in cases.filter(sent_at__isnull=False, session__isnull=False).values_list(
            "sent_at", "session__ends_at"
        )
        if sent is not None and ends is not None
    ]
    closed = list(
        cases.filter(status=CaseStatus.CLOSED).values_list(
            "advice_followed", "plan_changed", "referral_avoided"
        )
    )
    closeout = {
        "closed": len(closed),
        "advice": {k: sum(1 for a, _p, _r in closed if a == k) for k in ("all", "some", "none")},
        "plan_changed": sum(1 for _a, p, _r in closed if p),
        "referral_avoided": sum(1 for _a, _p, r in closed if r),
    }
    # MME/day at presentation against the last follow-up that listed medications.
    followed = cases.filter(follow_ups__isnull=False).distinct()
    tables = dict(followed.values_list("pk", "mme_table"))
    meds = (
        CaseMedication.objects.filter(case__in=followed)
        .select_related("follow_up")
        .only(
            "case_id", "drug", "formulation", "dose", "unit", "times_per_day", "frequency",
            "as_needed", "follow_up__created_at",
        )
    )  # fmt: skip
    groups: dict[int, dict[Any, list[Any]]] = {}
    for m in meds:
        groups.setdefault(m.case_id, {}).setdefault(m.follow_up, []).append(m)
    changes: list[Decimal] = []
    for case_id, by_point in groups.items():
        baseline = by_point.get(None)
        later = [fu for fu in by_point if fu is not None]
        if not baseline or not later:
            continue
        last = max(later, key=lambda fu: (fu.created_at, fu.pk))
        table = tables[case_id]
        before = mme_total(baseline, table)
        after = mme_total(by_point[last], table)
        if before is not None and after is not None:
            changes.append(after - before)
    return {
        "total": sum(status_counts.values()),
        "by_status": by_status,
        "by_profession": by_profession,
        "by_region": by_region,
        "min_cell": MIN_CELL,
        "recommendations_sent": len(hours),
        "median_hours_to_recommendations": round(statistics.median(hours), 1) if hours else None,
        "closeout": closeout,
        "mme_cases": len(changes),
        "mean_mme_change": round(sum(changes) / len(changes), 1) if changes else None,
    }
