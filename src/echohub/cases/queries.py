"""Who sees which case: the presenter and the hub see it (the hub's reviewers from its
submission, its experts once a reviewer approved it); members see the approved cases
scheduled in their program's sessions; evaluators see no case content here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus, CaseTheme
from echohub.core.smallcells import MIN_PEOPLE, hidden_figure, hidden_groups
from echohub.programs.models import Program, region_label
from echohub.programs.rules import has_perm, roles_of
from echohub.scheduling.models import AgendaItem, AgendaKind, Session, SessionStatus

SHARED_WITH_ATTENDEES = [
    CaseStatus.SCHEDULED,
    CaseStatus.PRESENTED,
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
    CaseStatus.CLOSED,
]
HUB_VISIBLE = [s for s in CaseStatus.values if s != CaseStatus.DRAFT]
#: What the hub's experts (who see cases but do not review them) see: a case once a reviewer
#: approved it. A case waiting for its privacy review, or returned to its presenter, may still
#: hold what the automatic check missed: only the presenter and the reviewers read it then.
EXPERT_VISIBLE = [s for s in HUB_VISIBLE if s not in (CaseStatus.SUBMITTED, CaseStatus.RETURNED)]


def visible_cases(user: Any, program: Program) -> QuerySet[Case]:
    qs = Case.objects.filter(program=program).select_related("presenter", "session", "site")
    if has_perm(user, program, "cases.view_all"):
        reviewer = has_perm(user, program, "cases.review")
        return qs.filter(
            Q(status__in=HUB_VISIBLE if reviewer else EXPERT_VISIBLE) | Q(presenter=user)
        )
    if "participant" in roles_of(user, program):
        return qs.filter(Q(presenter=user) | Q(status__in=SHARED_WITH_ATTENDEES))
    return qs.none()


def followed_on_agenda(user: Any, program: Program, items: list[Any]) -> dict[int, Case]:
    """The cases the agenda's follow-up slots follow up that `user` may open: slot id -> case
    (a slot whose case they may not open is left out, and shows its typed title only)."""
    wanted = {
        i.followed_case_id for i in items if i.kind == AgendaKind.FOLLOW_UP and i.followed_case_id
    }
    if not wanted:
        return {}
    cases = {c.pk: c for c in visible_cases(user, program).filter(pk__in=wanted)}
    return {i.pk: cases[i.followed_case_id] for i in items if i.followed_case_id in cases}


def follow_ups_to_prepare(session: Session, user: Any, program: Program) -> list[Case]:
    """The cases the session's follow-up slots follow up, in agenda order, that `user` may
    open, with their recommendations, follow-ups, medications and scores read in one query
    each (whatever the number of slots). Each case has `slot` (its first slot here)."""
    items = list(
        AgendaItem.objects.filter(
            session=session, kind=AgendaKind.FOLLOW_UP, followed_case__isnull=False
        ).order_by("position", "pk")
    )
    if not items:
        return []
    cases = {
        c.pk: c
        for c in visible_cases(user, program)
        .filter(pk__in={i.followed_case_id for i in items})
        .prefetch_related("recommendations", "follow_ups", "medications", "scores")
    }
    out: list[Case] = []
    for item in items:
        case = cases.get(item.followed_case_id or 0)
        if case is not None and case not in out:
            case.slot = item  # type: ignore[attr-defined]
            out.append(case)
    return out


def mme_of(rows: list[Any], table: str) -> dict[str, Any]:
    from clinical import calculate_mme

    data = mme_input(rows)
    return calculate_mme(data, table=table).to_dict() if data else {}


def mme_total(rows: list[Any], table: str) -> Decimal | None:
    """Total MME/day only (no JSON conversion): for aggregates over many cases."""
    from clinical import calculate_mme

    data = mme_input(rows)
    return calculate_mme(data, table=table).total_mme_per_day if data else None


#: Case.mme_total and FollowUp.mme_total hold one decimal place in nine digits.
STORED_MME_MAX = Decimal("99999999.9")


def stored_mme_total(rows: list[Any], table: str) -> Decimal | None:
    """The total MME/day to store on a case or follow-up (one decimal place): None when there
    are no rows or no row converts (only non-opioids, buprenorphine, unknown drugs), and for an
    implausible total that would not fit the column."""
    from clinical import ClinicalInputError, calculate_mme

    data = mme_input(rows)
    if not data:
        return None
    try:
        result = calculate_mme(data, table=table)
    except ClinicalInputError:
        return None  # a row the calculator cannot read: nothing converts
    if not result.rows:
        return None
    total = result.total_mme_per_day.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return total if total <= STORED_MME_MAX else None


def mme_input(rows: list[Any]) -> list[dict[str, Any]]:
    """Medication rows (model instances) as the clinical calculators' input rows."""
    data = [
        {
            "drug": m.drug,
            "formulation": m.formulation or None,
            "dose": m.dose,
            "unit": m.unit,
            **({"times_per_day": m.times_per_day} if m.times_per_day else {}),
            **({"frequency": m.frequency} if m.frequency else {}),
            "as_needed": m.as_needed,
            **({"strengths": m.strength_list} if m.strength_list else {}),
            **({"purpose": m.purpose} if m.purpose else {}),
            **({"concentration": m.concentration} if m.concentration else {}),
        }
        for m in rows
    ]
    return [{k: v for k, v in row.items() if v is not None} for row in data]


#: Breakdowns by presenter profession, region, theme or answer show "fewer than" where the cases
#: counted come from fewer than this many presenters (the one small-cell rule,
#: `echohub.core.smallcells`, which counts distinct people, not cases), so that a small
#: region's only pharmacist cannot be picked out of the aggregate figures.
MIN_CELL = MIN_PEOPLE


def _cells(rows: list[tuple[str, list[int]]]) -> list[dict[str, Any]]:
    """[(label, the presenter of each case counted)] -> [{label, n}], n the number of cases or
    None where hidden: fewer than 5 presenters behind it, or it would let a hidden group be
    worked out from the total (an empty group reads None too)."""
    hidden = hidden_groups({i: people for i, (_label, people) in enumerate(rows)})
    return [
        {"label": label, "n": len(people) if people and i not in hidden else None}
        for i, (label, people) in enumerate(rows)
    ]


def _choice_answers(program: Program, cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """Counts of the answers to the program's own choice questions (never free text), small
    groups suppressed like the other breakdowns. Two queries at most, whatever the cases."""
    from echohub.cases.formconfig import config_of

    choice_questions = [q for q in config_of(program).questions if q.kind == "choice"]
    if not choice_questions:
        return []
    presenters: dict[str, dict[str, list[int]]] = {q.name: {} for q in choice_questions}
    for presenter, extra in cases.exclude(extra={}).values_list("presenter_id", "extra"):
        for q in choice_questions:
            answer = (extra or {}).get(q.name)
            value = answer.get("value") if isinstance(answer, dict) else None
            if value in q.choices:
                presenters[q.name].setdefault(value, []).append(presenter)
    return [
        {
            "label": q.display_label(),
            "rows": _cells([(c, presenters[q.name].get(c, [])) for c in q.choices]),
        }
        for q in choice_questions
    ]


def settled_cases(program: Program, today: Any = None) -> tuple[QuerySet[Case], Any]:
    """For an aggregate-only viewer (an evaluator), the cases the summary counts and the month
    at whose end they stand (probe 1221). Live counts read a day apart give back one case's
    profession, region, theme or status; a case keeps changing until it is closed, and its
    past states are not all recorded (scheduling, returns and theme edits have no time). So
    the summary counts closed cases (their record no longer changes), from the month they
    were closed, up to the end of the last month that is over since which every figure the
    closings move (the total, each profession, region, theme, answer, close-out and outcome)
    changed by none or 5 or more presenters (`evaluation.privacy.last_settled`): any two
    readings differ, figure by figure, by none or 5 or more people. Cases with no time
    recorded at all (closed with none, or submitted before times were kept) stand still and
    always count. (cases, that month or None)."""
    import datetime as dt

    from echohub.evaluation.privacy import last_settled

    today = today or timezone.localdate()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    cases = Case.objects.filter(program=program).exclude(status=CaseStatus.DRAFT)
    still = Q(status=CaseStatus.CLOSED, closed_at__isnull=True) | (
        ~Q(status=CaseStatus.CLOSED) & Q(submitted_at__isnull=True)
    )
    closed = list(
        cases.filter(status=CaseStatus.CLOSED, closed_at__isnull=False)
        .order_by()
        .values_list(
            "pk",
            "closed_at",
            "presenter_id",
            "presenter_profession",
            "region",
            "theme",
            "extra",
            "sent_at",
            "advice_followed",
            "plan_changed",
            "referral_avoided",
            "mme_total",
        )
    )
    changes: list[tuple[Any, Any, Any]] = []
    month_of: dict[int, Any] = {}
    for pk, at, who, prof, region, theme, extra, sent, advice, plan, referral, mme in closed:
        month = timezone.localtime(at).date().replace(day=1)
        month_of[pk] = month
        answers = [
            (name, a.get("value")) for name, a in (extra or {}).items() if isinstance(a, dict)
        ]
        for figure in (
            "total",
            ("profession", prof),
            ("region", region),
            ("theme", theme),
            *(("answer", *a) for a in answers),
            ("hours", sent is not None),
            ("advice", advice),
            ("plan", bool(plan)),
            ("referral", bool(referral)),
            ("mme", mme is not None),
        ):
            changes.append((figure, who, month))
    point = last_settled(changes, last)
    counted = [pk for pk, month in month_of.items() if point is not None and month <= point]
    return cases.filter(still | Q(pk__in=counted)), point


def case_summary(program: Program, cases: QuerySet[Case] | None = None) -> dict[str, Any]:
    """De-identified aggregates of a program's submitted cases (or of `cases`, see
    `settled_cases`): counts and outcomes, never case text, numbers or names. A fixed number
    of queries, whatever the number of cases."""
    import statistics

    from django.db.models import OuterRef, Subquery

    from echohub.accounts.professions import Profession
    from echohub.cases.models import FollowUp

    if cases is None:
        cases = Case.objects.filter(program=program).exclude(status=CaseStatus.DRAFT)
    # Status counts, times to recommendations and close-outs from one read of a few columns.
    # Every figure is shown only where it stands for 5 or more presenters (core.smallcells):
    # a median of one case's hours, or "plan changed: 1", is that one presenter's case.
    facts = list(
        cases.order_by().values_list(
            "status",
            "sent_at",
            "session__ends_at",
            "advice_followed",
            "plan_changed",
            "referral_avoided",
            "presenter_id",
        )
    )
    by_status = _cells(
        [
            (str(label), [row[6] for row in facts if row[0] == value])
            for value, label in CaseStatus.choices
            if value != CaseStatus.DRAFT
        ]
    )
    # Who presented each case, by profession, region and theme: one read of a few columns.
    groups: dict[str, dict[str, list[int]]] = {"profession": {}, "region": {}, "theme": {}}
    for presenter, profession, region, theme in cases.order_by().values_list(
        "presenter_id", "presenter_profession", "region", "theme"
    ):
        groups["profession"].setdefault(profession or "", []).append(presenter)
        groups["region"].setdefault(region or "", []).append(presenter)
        groups["theme"].setdefault(theme or "", []).append(presenter)
    professions = dict(Profession.choices)
    by_profession = _cells(
        [(str(professions.get(p, p) or "—"), v) for p, v in sorted(groups["profession"].items())]
    )
    by_region = _cells(
        [(region_label(r) if r else "—", v) for r, v in sorted(groups["region"].items())]
    )
    themes = dict(CaseTheme.choices)
    by_theme = _cells(
        [(str(themes.get(t, t) or "—"), v) for t, v in sorted(groups["theme"].items())]
    )
    questions = _choice_answers(program, cases)
    timed = [
        ((sent - ends).total_seconds() / 3600, who)
        for _s, sent, ends, _a, _p, _r, who in facts
        if sent is not None and ends is not None
    ]
    hours_hidden = hidden_figure([who for _h, who in timed])
    closed = [
        (a, p, r, who) for status, _se, _e, a, p, r, who in facts if status == CaseStatus.CLOSED
    ]
    closeout = _closeout(closed)
    # MME/day at presentation against the last follow-up with a stored total (both stored
    # when the medication rows are saved: no per-case calculation here).
    last_follow_up = (
        FollowUp.objects.filter(case=OuterRef("pk"), mme_total__isnull=False)
        .order_by("-created_at", "-pk")
        .values("mme_total")[:1]
    )
    pairs = list(
        cases.filter(mme_total__isnull=False)
        .annotate(after=Subquery(last_follow_up))
        .filter(after__isnull=False)
        .values_list("mme_total", "after", "presenter_id")
    )
    changes = [Decimal(str(after)) - Decimal(str(before)) for before, after, _who in pairs]
    mme_hidden = hidden_figure([who for _b, _a, who in pairs])
    return {
        "total": None if hidden_figure([row[6] for row in facts]) else len(facts),
        "by_status": by_status,
        "by_profession": by_profession,
        "by_region": by_region,
        "by_theme": by_theme,
        "questions": questions,
        "min_cell": MIN_CELL,
        "recommendations_sent": None if hours_hidden else len(timed),
        # The median of 5 to 9 cases' times is one case's own time (the 3rd of 5): shown from
        # 10, as the evaluation pages show a median (privacy.MIN_FOR_QUARTILES; probe 12-24).
        "median_hours_to_recommendations": (
            round(statistics.median(h for h, _who in timed), 1)
            if len(timed) >= 2 * MIN_CELL and not hours_hidden
            else None
        ),
        "median_from": 2 * MIN_CELL,
        "hours_hidden": hours_hidden,
        "closeout": closeout,
        "mme_cases": None if mme_hidden else len(changes),
        "mean_mme_change": (
            round(sum(changes) / len(changes), 1) if changes and not mme_hidden else None
        ),
        "mme_hidden": mme_hidden,
    }


def _closeout(closed: list[tuple[str, bool | None, bool | None, int]]) -> dict[str, Any]:
    """Close-out counts (advice followed; plan changed; referral avoided), each group of
    figures under the small-cell rule with its complement (the closed cases not in it, and
    those with no answer), so that no hidden figure can be worked out from the others."""
    people = [who for *_rest, who in closed]
    if hidden_figure(people):
        return {
            "closed": None,
            "advice": {"all": None, "some": None, "none": None},
            "plan_changed": None,
            "referral_avoided": None,
            "hidden": True,
        }
    advice = _cells(
        [(k, [who for a, _p, _r, who in closed if a == k]) for k in ("all", "some", "none")]
        + [("", [who for a, _p, _r, who in closed if a not in ("all", "some", "none")])]
    )
    plan = _cells(
        [
            ("yes", [w for _a, p, _r, w in closed if p]),
            ("no", [w for _a, p, _r, w in closed if not p]),
        ]
    )
    referral = _cells(
        [
            ("yes", [w for _a, _p, r, w in closed if r]),
            ("no", [w for _a, _p, r, w in closed if not r]),
        ]
    )
    return {
        "closed": len(closed),
        "advice": {row["label"]: row["n"] for row in advice if row["label"]},
        "plan_changed": plan[0]["n"],
        "referral_avoided": referral[0]["n"],
        "hidden": any(row["n"] is None and row["label"] for row in advice)
        or plan[0]["n"] is None
        or referral[0]["n"] is None,
    }


def schedulable_sessions(program: Program) -> QuerySet[Session]:
    """The program's upcoming sessions, soonest first, each with `case_slots` (its case
    presentation slots) and `free_slots` (those without a case yet)."""
    case_slot = Q(agenda_items__kind=AgendaKind.CASE)
    return (
        Session.objects.filter(
            program=program, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()
        )
        .annotate(
            case_slots=Count("agenda_items", filter=case_slot),
            free_slots=Count("agenda_items", filter=case_slot & Q(agenda_items__case__isnull=True)),
        )
        .order_by("starts_at")
    )
