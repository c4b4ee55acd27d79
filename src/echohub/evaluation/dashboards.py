"""Selectors for the insight dashboards: reach, sessions, cases, surveys.

Every figure is computed with aggregate SQL scoped to one program (a fixed number of queries
whatever the data size), under the same filters: cycle (series), date range (session dates in the
program's time zone), profession and region/rurality of the person (their participant site).

Definitions (shown on the pages too):

- A *participant* in a period is anyone with recorded minutes (> 0) at a held session of the
  program in that period. A *held* session is one not cancelled that has started.
- *New* in a period: their first attendance in the program falls inside it; *returning*: they
  attended the program before it started. With no start (no date and no cycle) everyone is new.
- *Retention* across a cycle: the cohort is everyone at the cycle's first quarter of held
  sessions (at least one session); retained = cohort members present at any session of its last
  quarter. The curve gives, per session, how many of the cohort attended.
- *Missing is not zero*: a month or session with no sessions held, or no attendance recorded,
  gives ``None`` ("no data"), never 0.
- *Small cells*: for viewers who are only evaluators, each selector hands its figures to
  :mod:`echohub.evaluation.privacy`, which counts the distinct people behind every figure and
  replaces by :data:`SUPPRESSED` what the one rule (:mod:`echohub.core.smallcells`) hides:
  figures of 1 to 4 people, figures 1 to 4 people away from the same figure under fewer person
  filters, and the cells that would let a reader subtract a hidden one back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from echohub.accounts.models import User
from echohub.accounts.professions import Profession
from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseScore, CaseStatus, CaseTheme, FollowUp
from echohub.core.smallcells import MIN_PEOPLE, enough, hidden_groups
from echohub.evaluation import privacy, stats
from echohub.evaluation.exports import is_quasi_identifier
from echohub.evaluation.models import (
    Answer,
    FrozenAttendance,
    FrozenFacts,
    FrozenSite,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from echohub.evaluation.privacy import SUPPRESSED as SUPPRESSED
from echohub.evaluation.redaction import RedactedComments
from echohub.programs.models import Membership, Program, Role, Rurality
from echohub.scheduling.models import AgendaItem, AgendaKind, Series, Session, SessionStatus

MIN_CELL = MIN_PEOPLE
PRESENTED = [
    CaseStatus.PRESENTED,
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
    CaseStatus.CLOSED,
]

CHOICE_KINDS = (
    QuestionKind.LIKERT,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.MATRIX,
)
Cell = int | float | str | None  # a number, SUPPRESSED, or None (no data)


@dataclass
class Filters:
    series: Series | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    profession: str = ""
    region: str = ""
    rurality: str = ""
    suppress: bool = False  # small-cell suppression (evaluators)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    @classmethod
    def for_viewer(cls, user: Any, program: Program, data: dict[str, Any]) -> Filters:
        """The filters from a filter form's cleaned data, for `user`: small groups are
        suppressed for viewers who see the program only as evaluators."""
        from echohub.programs.rules import roles_of

        suppress = not getattr(user, "is_superuser", False) and not (
            roles_of(user, program) & {Role.PROGRAM_ADMIN, Role.COORDINATOR}
        )
        return cls(
            series=data.get("series"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            profession=data.get("profession") or "",
            region=data.get("region") or "",
            rurality=data.get("rurality") or "",
            suppress=suppress,
            tz=ZoneInfo(program.time_zone),
        )

    @property
    def start(self) -> dt.datetime | None:
        if self.date_from:
            return dt.datetime.combine(self.date_from, dt.time.min, tzinfo=self.tz)
        return None

    @property
    def end(self) -> dt.datetime | None:
        if self.date_to:
            return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min, self.tz)
        return None

    @property
    def person_filtered(self) -> bool:
        return bool(self.profession or self.region or self.rurality)

    def session_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.series is not None:
            q &= Q(**{f"{prefix}series": self.series})
        if self.start:
            q &= Q(**{f"{prefix}starts_at__gte": self.start})
        if self.end:
            q &= Q(**{f"{prefix}starts_at__lt": self.end})
        return q


def _site_users(program: Program, f: Filters) -> QuerySet[Membership]:
    q = Q(program=program, role=Role.PARTICIPANT)
    if f.region:
        q &= Q(site__region=f.region)
    if f.rurality:
        q &= Q(site__rurality=f.rurality)
    return Membership.objects.filter(q)


def person_q(program: Program, f: Filters, prefix: str = "") -> Q:
    """People matching the profession and site filters (`prefix` leads to the user id); for
    an evaluator by the facts frozen when the insights first counted them (probe 1222)."""
    q = Q()
    if f.suppress:
        if f.person_filtered:
            q &= Q(**{f"{prefix}user_id__in": privacy.frozen_people(program, f).values("user_id")})
        return q
    if f.profession:
        q &= Q(**{f"{prefix}user__profession": f.profession})
    if f.region or f.rurality:
        q &= Q(**{f"{prefix}user_id__in": _site_users(program, f).values("user_id")})
    return q


def held_sessions(program: Program, f: Filters) -> QuerySet[Session]:
    return (
        Session.objects.filter(program=program, starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .filter(f.session_q())
    )


def attendance(program: Program, f: Filters) -> QuerySet[Any]:
    """The attendance with minutes at held sessions under the filters; for an evaluator as
    taken once its month was over (`privacy.frozen_attendance`, probe 1223): their filters
    cover whole months that are over (`privacy.whole_months`)."""
    base: Any = privacy.frozen_attendance(program) if f.suppress else Attendance.objects
    return (
        base.filter(session__program=program, session__starts_at__lte=timezone.now(), minutes__gt=0)
        .exclude(session__status=SessionStatus.CANCELLED)
        .filter(f.session_q("session__"))
        .filter(person_q(program, f))
    )


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    out, cur = [], first.replace(day=1)
    while cur <= last:
        out.append(cur)
        cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _month(value: Any, tz: ZoneInfo) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(tz).date().replace(day=1) if value.tzinfo else value.date()
    day: dt.date = value.replace(day=1)
    return day


def _labelled(
    rows: list[tuple[str | None, int]], labels: dict[str, Any], total: int | None
) -> list[dict[str, Any]]:
    """[(key, n)] -> [{label, key, n}] sorted by label, with "Not recorded" for the rest.

    Not by n: for an evaluator a hidden row ("<5") would keep its place among the counts and
    tell what it hides (the larger of two hidden cells that add up to a known figure, between
    which shown counts it falls: probe 1214). One order for every viewer, whatever the counts.
    """
    out = []
    counted = 0
    for key, n in rows:
        if not key:
            continue
        counted += n
        out.append({"key": key, "label": str(labels.get(key, key)), "n": n})
    out.sort(key=lambda r: (r["label"], str(r["key"])))
    missing = (total - counted) if total is not None else sum(n for k, n in rows if not k)
    if missing:
        out.append({"key": "", "label": _("Not recorded"), "n": missing})
    return out


# Reach -----------------------------------------------------------------------------------


@privacy.reading
def reach(program: Program, f: Filters) -> dict[str, Any]:
    if f.suppress:  # an evaluator: whole months (two ranges a session apart give it back)
        f = privacy.whole_months(f)
    tz = f.tz
    att = attendance(program, f)
    users = att.values("user_id")
    total_people = att.aggregate(n=Count("user_id", distinct=True))["n"]
    sessions_by_month = dict(
        held_sessions(program, f)
        .annotate(month=TruncMonth("starts_at", tzinfo=tz))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    people_by_month = dict(
        att.annotate(month=TruncMonth("session__starts_at", tzinfo=tz))
        .values_list("month")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    # Months and sessions with any attendance recorded (whoever it was): there, a filter that
    # matches nobody is a real zero; elsewhere the figure is missing.
    everyone = Filters(
        series=f.series, date_from=f.date_from, date_to=f.date_to, tz=tz, suppress=f.suppress
    )
    # the attendance evaluators count (taken when its month was over: probe 1223)
    source: Any = FrozenAttendance if f.suppress else Attendance
    recorded_months = {
        _month(m, tz)
        for m in attendance(program, everyone)
        .annotate(month=TruncMonth("session__starts_at", tzinfo=tz))
        .values_list("month", flat=True)
        .distinct()
        if m
    }
    per_session: list[dict[str, Any]] = []
    held_ids: list[int] = []
    if f.series is not None:
        held = list(
            held_sessions(program, f)
            .annotate(
                recorded=Exists(
                    source.objects.filter(session=OuterRef("pk"), minutes__gt=0, user__isnull=False)
                )
            )
            .order_by("starts_at", "pk")
            .values_list("pk", "starts_at", "number", "recorded")
        )
        at_session = dict(
            att.values_list("session_id").annotate(n=Count("user_id", distinct=True)).order_by()
        )
        per_session = [
            {
                "label": f"#{number or i} "
                + formats.date_format(starts.astimezone(tz), "SHORT_MONTH_DAY_FORMAT"),
                "people": at_session.get(pk, 0) if rec else None,
            }
            for i, (pk, starts, number, rec) in enumerate(held, start=1)
        ]
        held_ids = [row[0] for row in held]
    if f.suppress:
        # the sites people were at when first counted (probe 1222), of the attendance taken
        # (probe 1223)
        privacy.freeze_facts(program)
        sited: QuerySet[Any] = att.annotate(
            site=Subquery(
                FrozenFacts.objects.filter(program=program, user_id=OuterRef("user_id")).values(
                    "site_id_then"
                )[:1]
            )
        ).filter(site__isnull=False)
        sites_by_month = dict(
            sited.annotate(month=TruncMonth("session__starts_at", tzinfo=tz))
            .values_list("month")
            .annotate(n=Count("site", distinct=True))
            .order_by()
        )
        total_sites = sited.aggregate(n=Count("site", distinct=True))["n"]
    else:
        site_members: QuerySet[Any] = _site_users(program, f).filter(site__isnull=False)
        site_att = Q(
            user__attendances__session__program=program,
            user__attendances__minutes__gt=0,
            user__attendances__session__starts_at__lte=timezone.now(),
            user__attendances__session__status=SessionStatus.SCHEDULED,
        ) & f.session_q("user__attendances__session__")
        if f.profession:
            site_att &= Q(user__profession=f.profession)
        sites_q = site_members.filter(site_att)
        sites_by_month = dict(
            sites_q.annotate(month=TruncMonth("user__attendances__session__starts_at", tzinfo=tz))
            .values_list("month")
            .annotate(n=Count("site_id", distinct=True))
            .order_by()
        )
        total_sites = sites_q.aggregate(n=Count("site_id", distinct=True))["n"]

    # New versus returning: the first attendance in the program, per person of the period.
    start = f.start
    if start is None and f.series is not None:
        start = (
            held_sessions(program, Filters(series=f.series))
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
    # One grouped query: each person's first attendance in the program (one row per person).
    firsts = list(
        source.objects.filter(session__program=program, minutes__gt=0, user_id__in=users)
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("user_id")
        .annotate(first=Min("session__starts_at"))
        .order_by()
        .values_list("first", flat=True)
    )
    new_by_month = Counter(_month(first, tz) for first in firsts)
    returning = sum(1 for first in firsts if first < start) if start is not None else 0

    months: list[dict[str, Any]] = []
    session_months = {_month(k, tz): v for k, v in sessions_by_month.items() if k}
    people_months = {_month(k, tz): v for k, v in people_by_month.items() if k}
    site_months = {_month(k, tz): v for k, v in sites_by_month.items() if k}
    new_months = new_by_month
    if session_months:
        first_m, last_m = min(session_months), max(session_months)
        if f.date_from:
            first_m = min(first_m, f.date_from.replace(day=1))
        for m in months_between(first_m, last_m):
            held = session_months.get(m, 0)
            recorded = m in recorded_months
            months.append(
                {
                    "month": m,
                    "label": formats.date_format(m, "SHORT_YEAR_MONTH_FORMAT"),
                    "sessions": held,
                    "people": people_months.get(m, 0) if recorded else None,
                    "sites": site_months.get(m, 0) if recorded else None,
                    "new": new_months.get(m, 0) if recorded else None,
                    "missing": _("no sessions")
                    if not held
                    else (_("no attendance recorded") if not recorded else ""),
                }
            )

    professions = dict(Profession.choices)
    facts: QuerySet[Any] = Membership.objects.filter(
        program=program, role=Role.PARTICIPANT, user_id__in=users
    )
    fields = ("user__profession", "site__region", "site__rurality")
    if f.suppress:  # the facts frozen when first counted (probe 1222)
        facts = privacy.frozen_people(program, Filters()).filter(user_id__in=users)
        fields = ("profession", "region", "rurality")
    by_profession = _labelled(
        list(
            (facts if f.suppress else att)
            .values_list(fields[0])
            .annotate(n=Count("user_id", distinct=True))
            .order_by()
        ),
        professions,
        total_people,
    )
    region_rows = list(
        facts.values_list(fields[1]).annotate(n=Count("user_id", distinct=True)).order_by()
    )
    by_region = _labelled(region_rows, {}, total_people)
    rurality_rows = list(
        facts.values_list(fields[2]).annotate(n=Count("user_id", distinct=True)).order_by()
    )
    by_rurality = _labelled(rurality_rows, dict(Rurality.choices), total_people)
    out = {
        "totals": {
            "people": total_people,
            "sites": total_sites,
            "sessions": sum(session_months.values()),
            "person_sessions": att.count(),
            "new": total_people - returning if total_people else 0,
            "returning": returning,
            "period_start": start,
        },
        "months": months,
        "per_session": per_session,
        "by_profession": by_profession,
        "by_region": by_region,
        "by_rurality": by_rurality,
        "retention": retention(program, f),
        "empty": total_people == 0,
        "hidden_page": False,
        # SUPPRESSED where distinct people are hidden over several months (evaluators)
        "several_months": None,
        # a month's new people hidden as its people less them are 1 to 4 returning (evaluators)
        "returning_hidden": False,
    }
    if f.suppress:
        uncycled = (
            attendance(
                program, Filters(date_from=f.date_from, date_to=f.date_to, tz=tz, suppress=True)
            )
            if f.series is not None
            else None
        )
        privacy.protect_reach(
            program, f, out, attendance(program, everyone), held_ids, uncycled=uncycled
        )
    return out


def retention(program: Program, f: Filters) -> dict[str, Any] | None:
    """The cycle's cohort (everyone at its first quarter of held sessions) and how many of them
    came to each later session and to its last quarter. None when no cycle has held sessions."""
    series = f.series
    base = Session.objects.filter(program=program, starts_at__lte=timezone.now()).exclude(
        status=SessionStatus.CANCELLED
    )
    if series is None:
        latest = base.filter(series__isnull=False).order_by("-starts_at").values("series_id")[:1]
        series = Series.objects.filter(pk__in=Subquery(latest)).first()
        if series is None:
            return None
    sessions = list(
        base.filter(series=series)
        .order_by("starts_at", "pk")
        .values_list("pk", "starts_at", "number", "title")
    )
    out: dict[str, Any] = {
        "series": series,
        "sessions": len(sessions),
        "chosen": f.series is not None,
        "hidden": None,  # SUPPRESSED: hidden from evaluators (privacy)
    }
    if len(sessions) < 2:
        out.update(cohort=None, retained=None, share=None, curve=[], quarter=0)
        return out
    k = max(1, math.ceil(len(sessions) / 4))
    first_ids = [s[0] for s in sessions[:k]]
    last_ids = [s[0] for s in sessions[-k:]]
    if f.suppress:  # the attendance evaluators count (probe 1223)
        cohort, retained, present, recorded = _retention_taken(
            program, f, [s[0] for s in sessions], first_ids, last_ids
        )
    else:
        cohort, retained, present, recorded = _retention_live(
            program, f, [s[0] for s in sessions], first_ids, last_ids
        )
    curve = []
    for i, (pk, starts, number, title) in enumerate(sessions, start=1):
        n = present.get(pk, 0) if pk in recorded else None
        curve.append(
            {
                "label": f"#{number or i}",
                "title": title,
                "date": starts,
                "n": n,
                "share": round(100 * n / cohort, 1) if n is not None and cohort else None,
            }
        )
    out.update(
        cohort=cohort,
        retained=retained,
        share=round(100 * retained / cohort, 1) if cohort else None,
        curve=curve,
        quarter=k,
    )
    return out


def _retention_live(
    program: Program, f: Filters, ids: list[int], first_ids: list[int], last_ids: list[int]
) -> tuple[int, int, dict[int, int], set[int]]:
    """(cohort, retained, the cohort's people per session, the sessions with attendance)."""
    att = Attendance.objects.filter(minutes__gt=0).filter(person_q(program, f))
    cohort_q = att.filter(session_id__in=first_ids).values("user_id")
    cohort = cohort_q.aggregate(n=Count("user_id", distinct=True))["n"]
    retained = (
        att.filter(session_id__in=last_ids, user_id__in=cohort_q).aggregate(
            n=Count("user_id", distinct=True)
        )["n"]
        if cohort
        else 0
    )
    present = dict(
        att.filter(session_id__in=ids, user_id__in=cohort_q)
        .values_list("session_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    recorded = set(
        Attendance.objects.filter(session_id__in=ids, minutes__gt=0)
        .values_list("session_id", flat=True)
        .distinct()
    )
    return cohort, retained, present, recorded


def _retention_taken(
    program: Program, f: Filters, ids: list[int], first_ids: list[int], last_ids: list[int]
) -> tuple[int, int, dict[int, int], set[int]]:
    """`_retention_live` of the attendance evaluators count (`privacy.evaluator_attendance`):
    as taken for the sessions of months that are over."""
    rows = privacy.evaluator_attendance(program, ids)
    kept = _kept_users(program, f)
    by_session: dict[int, set[int]] = {}
    for s, u, _m in rows:
        if kept is None or u in kept:
            by_session.setdefault(s, set()).add(u)
    cohort = set().union(*(by_session.get(s, set()) for s in first_ids))
    last = set().union(*(by_session.get(s, set()) for s in last_ids))
    present = {s: len(v & cohort) for s, v in by_session.items() if v & cohort}
    return len(cohort), len(cohort & last), present, {s for s, _u, _m in rows}


def _kept_users(program: Program, f: Filters) -> set[int] | None:
    """The people an evaluator's person filters keep (None: no person filter)."""
    if not f.person_filtered:
        return None
    return set(privacy.frozen_people(program, f).values_list("user_id", flat=True))


# Sessions --------------------------------------------------------------------------------


@privacy.reading
def sessions(program: Program, f: Filters) -> dict[str, Any]:
    at = Q(attendances__minutes__gt=0) & person_q(program, f, "attendances__")
    cases = (
        Case.objects.filter(session=OuterRef("pk"), status__in=PRESENTED)
        .order_by()
        .values("session")
        .annotate(c=Count("id"))
        .values("c")
    )
    recorded = Attendance.objects.filter(session=OuterRef("pk"), minutes__gt=0)
    qs = held_sessions(program, f).annotate(
        n_cases=Coalesce(Subquery(cases, output_field=IntegerField()), Value(0))
    )
    fields = ["pk", "title", "number", "starts_at", "n_cases"]
    if not f.suppress:
        qs = qs.annotate(
            attendees=Count("attendances", filter=at),
            minutes=Sum("attendances__minutes", filter=at),
            recorded=Exists(recorded),
        )
        fields += ["attendees", "minutes", "recorded"]
    rows = list(qs.order_by("starts_at", "pk").values(*fields))
    ids = [r["pk"] for r in rows]
    taken: list[tuple[int, int, int]] = []
    if f.suppress:
        # as evaluators count it: taken once the session's month was over (probe 1223)
        taken = privacy.evaluator_attendance(program, ids)
        kept = _kept_users(program, f)
        attendees: Counter[int] = Counter()
        minutes: Counter[int] = Counter()
        for s, u, m in taken:
            if kept is None or u in kept:
                attendees[s] += 1
                minutes[s] += m
        with_any = {s for s, _u, _m in taken}
        for r in rows:
            pk = r["pk"]
            r.update(attendees=attendees[pk], minutes=minutes[pk], recorded=pk in with_any)
    topics: dict[int, list[str]] = {}
    for sid, title in (
        AgendaItem.objects.filter(session_id__in=ids, kind=AgendaKind.DIDACTIC)
        .order_by("session_id", "position", "pk")
        .values_list("session_id", "title")
    ):
        topics.setdefault(sid, []).append(title)
    out = []
    for r in rows:
        rec = r["recorded"]
        out.append(
            {
                **{k: v for k, v in r.items() if k != "n_cases"},
                "date": r["starts_at"].astimezone(f.tz).date(),
                "attendees": r["attendees"] if rec else None,
                "minutes": (r["minutes"] or 0) if rec else None,
                "topics": topics.get(r["pk"], []),
                "cases": r["n_cases"],
            }
        )
    with_data = [r for r in rows if r["recorded"]]
    person_sessions = sum(r["attendees"] for r in with_data)
    data = {
        "rows": out,
        "totals": {
            "sessions": len(rows),
            "recorded": len(with_data),
            "person_sessions": person_sessions,
            "hours": round(sum(r["minutes"] or 0 for r in with_data) / 60, 1),
            "mean_attendees": round(person_sessions / len(with_data), 1) if with_data else None,
            "cases": sum(r["n_cases"] for r in rows),
            "didactics": sum(len(t) for t in topics.values()),
        },
        "empty": not rows,
        "hidden_page": False,
    }
    if f.suppress:
        privacy.protect_sessions(
            program,
            f,
            data,
            taken,
            Case.objects.filter(program=program, status__in=PRESENTED),
        )
    return data


# Cases -----------------------------------------------------------------------------------


def presented_cases(program: Program, f: Filters) -> QuerySet[Case]:
    qs = Case.objects.filter(program=program, status__in=PRESENTED).filter(f.session_q("session__"))
    if f.profession:
        qs = qs.filter(presenter_profession=f.profession)
    if f.region:
        qs = qs.filter(region=f.region)
    if f.rurality and f.suppress:  # the site's rurality as first counted (probe 1222)
        qs = qs.filter(
            site_id__in=FrozenSite.objects.filter(program=program, rurality=f.rurality).values(
                "site_id_then"
            )
        )
    elif f.rurality:
        qs = qs.filter(site__rurality=f.rurality)
    return qs


def _pairs_summary(pairs: list[tuple[float, float]]) -> dict[str, Any]:
    pre = [a for a, _b in pairs]
    post = [b for _a, b in pairs]
    changes = [b - a for a, b in pairs]
    s_change = stats.summarise(changes)
    test = stats.wilcoxon_paired(pre, post) if len(pairs) >= 2 else None
    return {
        "n": len(pairs),
        "before": stats.summarise(pre),
        "after": stats.summarise(post),
        "change": s_change,
        "decreased": sum(1 for c in changes if c < 0),
        "unchanged": sum(1 for c in changes if c == 0),
        "increased": sum(1 for c in changes if c > 0),
        "test": test,
    }


def _response_hours(
    qs: QuerySet[Case], before: dt.datetime | None = None
) -> list[tuple[int, float]]:
    """(case id, hours from its session's start to the recommendations sent); `before`: as
    the cases stood then (sent later: not yet)."""
    sent_q = Q(sent_at__isnull=False) & (Q(sent_at__lt=before) if before else Q())
    return [
        (pk, (sent - start).total_seconds() / 3600)
        for pk, start, sent in qs.filter(sent_q).values_list("pk", "session__starts_at", "sent_at")
        if start is not None and sent is not None
    ]


def _outcome_rows(
    qs: QuerySet[Case], cutoffs: dict[str, dt.datetime | None] | None = None
) -> list[tuple[Any, ...]]:
    """(MME before, after, PEG before, after, case id) of the cases with a follow-up value;
    `cutoffs`: the MME and PEG as the cases stood then (later follow-ups left out)."""
    cut = cutoffs or {}
    mme_by, peg_by = cut.get("mme"), cut.get("peg")
    # Outcomes: at presentation versus the latest follow-up that recorded the value.
    last_mme = (
        FollowUp.objects.filter(case=OuterRef("pk"), mme_total__isnull=False)
        .filter(Q(created_at__lt=mme_by) if mme_by else Q())
        .order_by("-created_at", "-pk")
        .values("mme_total")[:1]
    )
    base_peg = CaseScore.objects.filter(
        case=OuterRef("pk"), follow_up__isnull=True, instrument="peg"
    ).values("total")[:1]
    last_peg = (
        CaseScore.objects.filter(case=OuterRef("pk"), follow_up__isnull=False, instrument="peg")
        .filter(Q(follow_up__created_at__lt=peg_by) if peg_by else Q())
        .order_by("-follow_up__created_at", "-follow_up_id")
        .values("total")[:1]
    )
    return list(
        qs.annotate(
            mme_after=Subquery(last_mme),
            peg_before=Subquery(base_peg),
            peg_after=Subquery(last_peg),
        )
        .filter(Q(mme_after__isnull=False) | Q(peg_after__isnull=False))
        .values_list("mme_total", "mme_after", "peg_before", "peg_after", "pk")
    )


def _pair_changes(outcome_rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[int, float]]]:
    """(case id, change after minus before) of each outcome measured on both sides."""
    return {
        "mme": [
            (pk, b - a) for a, b, _c, _d, pk in outcome_rows if a is not None and b is not None
        ],
        "peg": [
            (pk, d - c) for _a, _b, c, d, pk in outcome_rows if c is not None and d is not None
        ],
    }


@privacy.reading
def cases(program: Program, f: Filters) -> dict[str, Any]:
    months = None
    if f.suppress:  # an evaluator: whole months, and only months that count (privacy)
        f = privacy.whole_months(f)
        privacy.freeze_sites(program)
        months = privacy.CaseMonths(f, Case.objects.filter(program=program, status__in=PRESENTED))
    qs = presented_cases(program, f)
    if months is not None and months.restrict(qs).exists():
        qs = months.restrict(qs)
    # What happens to a case after its month (recommendations sent, follow-ups, close-out)
    # changes its figures, and read a month apart they would give back the cases that changed
    # (probe 1221): for an evaluator, as the cases stood at the end of a month since which none
    # or 5 or more presenters' cases changed.
    cuts: dict[str, dt.datetime | None] = {}
    if months is not None:
        views = [qs]
        for dims in privacy.narrower(f):
            g = dataclasses.replace(
                f,
                profession=f.profession if "profession" in dims else "",
                region=f.region if "region" in dims else "",
                rurality=f.rurality if "rurality" in dims else "",
            )
            views.append(months.restrict(presented_cases(program, g), dims))
        cuts = privacy.case_cutoffs(views, f.tz)
    # else every month of these cases is left out: the figures are computed and all hidden
    # (privacy.protect_cases), so that the page shows "<5", not 0
    total = qs.count()
    themes = dict(CaseTheme.choices)
    by_theme = _labelled(
        list(qs.values_list("theme").annotate(n=Count("id")).order_by()), themes, total
    )
    by_profession = _labelled(
        list(qs.values_list("presenter_profession").annotate(n=Count("id")).order_by()),
        dict(Profession.choices),
        total,
    )
    timed = _response_hours(qs, cuts.get("recommendations"))
    hours = [h for _pk, h in timed]
    bins = [
        (_("Within 1 day"), 0, 24),
        (_("1–2 days"), 24, 48),
        (_("2–3 days"), 48, 72),
        (_("3–7 days"), 72, 168),
        (_("More than 7 days"), 168, math.inf),
    ]
    recs = {
        "summary": stats.summarise(hours),
        "bins": [
            {"label": label, "n": sum(1 for h in hours if lo <= h < hi)} for label, lo, hi in bins
        ],
        "awaiting": qs.filter(privacy.awaiting_at(cuts.get("recommendations"))).count(),
    }
    bin_cases = [[pk for pk, h in timed if lo <= h < hi] for _label, lo, hi in bins]
    outcome_rows = _outcome_rows(qs, cuts)
    mme_pairs = [
        (float(a), float(b))
        for a, b, _c, _d, _pk in outcome_rows
        if a is not None and b is not None
    ]
    peg_pairs = [
        (float(c), float(d))
        for _a, _b, c, d, _pk in outcome_rows
        if c is not None and d is not None
    ]
    pair_cases = _pair_changes(outcome_rows)
    closed = qs.filter(privacy.closed_by(cuts.get("closeout"))).aggregate(
        closed=Count("id"),
        advice_all=Count("id", filter=Q(advice_followed="all")),
        advice_some=Count("id", filter=Q(advice_followed="some")),
        advice_none=Count("id", filter=Q(advice_followed="none")),
        advice_missing=Count("id", filter=~Q(advice_followed__in=["all", "some", "none"])),
        plan_yes=Count("id", filter=Q(plan_changed=True)),
        plan_no=Count("id", filter=Q(plan_changed=False)),
        plan_missing=Count("id", filter=Q(plan_changed__isnull=True)),
        referral_yes=Count("id", filter=Q(referral_avoided=True)),
        referral_no=Count("id", filter=Q(referral_avoided=False)),
        referral_missing=Count("id", filter=Q(referral_avoided__isnull=True)),
    )
    data = {
        "total": total,
        "by_theme": by_theme,
        "by_profession": by_profession,
        "recommendations": recs,
        "mme": _pairs_summary(mme_pairs),
        "peg": _pairs_summary(peg_pairs),
        "closeout": closed,
        "empty": total == 0,
        "hidden_page": False,
        # for an evaluator: the groups of figures hidden, having changed since they were last
        # shown, and the day each group is taken at (after its month: see `privacy`)
        "changed_since": [],
        "as_of": {},
    }
    if f.suppress:
        everyone = Filters(series=f.series, date_from=f.date_from, date_to=f.date_to, tz=f.tz)
        parent = presented_cases(program, everyone)
        parent_timed = (
            _response_hours(parent, cuts.get("recommendations")) if f.person_filtered else []
        )
        # The same figures without the person filters, a click away: each case's response
        # time and outcome changes, so a filtered figure 1 to 4 presenters away is hidden.
        privacy.protect_cases(
            f,
            data,
            parent,
            bin_cases,
            pair_cases,
            parent_bins=[[pk for pk, h in parent_timed if lo <= h < hi] for _label, lo, hi in bins],
            parent_pairs=(
                _pair_changes(_outcome_rows(parent, cuts)) if f.person_filtered else None
            ),
            months=months,
            cutoffs=cuts,
        )
        data["changed_since"] = privacy.protect_case_changes(data, qs, cuts)
        data["as_of"] = {
            k: (v - dt.timedelta(days=1)).date() if v else None for k, v in cuts.items()
        }
        privacy.coarsen_summaries(data)  # n and mean only below 10 values (probe 1220)
    return data


# Surveys ---------------------------------------------------------------------------------


def _responses(
    program: Program, survey: Survey, f: Filters, restrict: bool = True
) -> QuerySet[Response]:
    if f.suppress:  # an evaluator: whole months, and only months that count (privacy)
        f = privacy.whole_months(f)
    qs = Response.objects.filter(survey=survey, survey__program=program)
    if f.date_from:
        qs = qs.filter(submitted_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(submitted_on__lte=f.date_to)
    if f.series is not None and survey.series_id is None:
        qs = qs.filter(session__series=f.series)
    if not survey.anonymous:
        qs = qs.filter(person_q(program, f))
    if f.suppress and restrict:
        qs = privacy.survey_months(program, f, survey).restrict(qs, survey.pk)
    return qs


@privacy.reading
def surveys(program: Program, f: Filters) -> dict[str, Any]:
    if f.suppress:
        f = privacy.whole_months(f)
    rq = Q()
    if f.date_from:
        rq &= Q(responses__submitted_on__gte=f.date_from)
    if f.date_to:
        rq &= Q(responses__submitted_on__lte=f.date_to)
    rq &= person_q(program, f, "responses__")
    qs = Survey.objects.filter(program=program)
    if f.series is not None:
        qs = qs.filter(Q(series=f.series) | Q(series__isnull=True))
    rows = list(
        qs.annotate(n=Count("responses", filter=rq))
        .order_by("-created_at", "-pk")
        .values(
            "pk", "title", "kind", "anonymous", "status", "n", "pre_survey_id", "pre_survey__title"
        )
    )
    kinds = dict(SurveyKind.choices)
    for r in rows:
        r["kind_label"] = kinds.get(r["kind"], r["kind"])
    data = {"rows": rows, "total": sum(r["n"] for r in rows), "empty": not rows}
    if f.suppress:
        parent = Response.objects.filter(survey_id__in=[r["pk"] for r in rows])
        if f.date_from:
            parent = parent.filter(submitted_on__gte=f.date_from)
        if f.date_to:
            parent = parent.filter(submitted_on__lte=f.date_to)
        kept = parent.filter(person_q(program, f))
        privacy.protect_surveys(program, f, data, kept, parent)
    return data


@privacy.reading
def survey_results(program: Program, survey: Survey, f: Filters) -> dict[str, Any]:
    """Per question: distribution (counts and %), mean/median for numbers, per row for a
    matrix, comments for free text; and the pre/post comparison when the survey has a pre."""
    resp = _responses(program, survey, f)
    n_responses = resp.count()
    questions = list(survey.questions.order_by("position", "pk"))
    # Answers are reached through the survey's question ids (the (question, response) index),
    # never by scanning every answer of the deployment.
    ids = {
        kind: [q.pk for q in questions if q.kind in kinds]
        for kind, kinds in (
            ("choice", CHOICE_KINDS),
            ("number", (QuestionKind.NUMBER,)),
            ("text", (QuestionKind.TEXT,)),
        )
    }
    answers = Answer.objects.filter(response__in=resp.values("pk"))
    counts: dict[tuple[int, str, str], int] = {}
    for qid, row_key, text, number, n in (
        answers.filter(question_id__in=ids["choice"])
        .values_list("question_id", "row_key", "text", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        value = _norm(number) if number is not None else text
        counts[(qid, row_key, value)] = counts.get((qid, row_key, value), 0) + n
    answered = dict(
        answers.filter(question_id__in=[q.pk for q in questions])
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    numbers: dict[int, list[float]] = {}
    for qid, number in answers.filter(
        question_id__in=ids["number"], number__isnull=False
    ).values_list("question_id", "number"):
        if number is not None:
            numbers.setdefault(qid, []).append(float(number))
    # For an evaluator a free-text question about the respondent (their town, discipline...)
    # lists no answers: each stands for one person, and the list is a count of each value
    # (probe 1219; the research export withholds them too).
    about_respondent = (
        [
            q.pk
            for q in questions
            if q.kind == QuestionKind.TEXT and is_quasi_identifier(q.code, q.text, q.text_fr)
        ]
        if f.suppress
        else []
    )
    out = []
    for q in questions:
        item: dict[str, Any] = {"q": q, "kind": q.kind, "answered": answered.get(q.pk, 0)}
        if q.kind in CHOICE_KINDS:
            item["keys"] = {  # the answer values counted in each option, for `privacy`
                o_value: _option_key(q, o_value)
                for o_value in (str(o.get("value", "")) for o in q.options)
            }
        if q.kind in (QuestionKind.LIKERT, QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            item["dist"] = _distribution(q, "", counts, answered.get(q.pk, 0))
        elif q.kind == QuestionKind.MATRIX:
            item["rows"] = [
                {
                    "key": r.get("key", ""),
                    "label": r.get("label", r.get("key", "")),
                    "dist": _distribution(
                        q,
                        r.get("key", ""),
                        counts,
                        sum(
                            counts.get((q.pk, r.get("key", ""), str(o.get("value"))), 0)
                            for o in q.options
                        ),
                    ),
                }
                for r in q.rows
            ]
        elif q.kind == QuestionKind.NUMBER:
            item["summary"] = stats.summarise(numbers.get(q.pk, []))
        out.append(item)
    data = {
        "survey": survey,
        "n": n_responses,
        "too_few": False,
        "questions": out,
        # Redacted as the research export redacts them (read lazily, a page at a time).
        # By their text within a question, never in response order: the n-th comments of two
        # questions would otherwise be one person's (probe 1219).
        "comments": RedactedComments(
            answers.filter(question_id__in=ids["text"])
            .exclude(text="")
            .exclude(question_id__in=about_respondent)
            .order_by("question__position", "question_id", "text", "pk")
            .values("question__text", "text")
        ),
        "comments_about_respondent": bool(about_respondent),
        "person_filter_ignored": survey.anonymous and f.person_filtered,
        "whole_months": f.suppress,
        "comparison": compare_pre_post(program, survey, f) if survey.pre_survey_id else None,
        "empty": n_responses == 0,
    }
    if f.suppress:
        everyone = Filters(
            series=f.series, date_from=f.date_from, date_to=f.date_to, tz=f.tz, suppress=True
        )
        privacy.protect_survey_results(
            program,
            f,
            data,
            resp,
            _responses(program, survey, f, restrict=False),
            _responses(program, survey, everyone),
            Answer.objects.filter(question_id__in=[q.pk for q in questions]),
        )
    # A comment is the same text on every page that lists it: the lists of two person-filtered
    # pages side by side ("nurses", "North West") intersect into the comments of a group the
    # rule hides when asked for (the North West nurses, maybe one person). For an evaluator the
    # comments of an identified survey are listed without person filters only (probe 1214);
    # dates and cycles count by whole months that split safely, so their lists do not.
    if f.suppress:
        privacy.coarsen_summaries(data["questions"])  # n and mean below 10 (probe 1220)
        if data["comparison"] is not None:
            privacy.coarsen_summaries(data["comparison"])
    data["comments_filtered_out"] = f.suppress and f.person_filtered and not survey.anonymous
    if data["comments_filtered_out"]:
        data["comments"] = []
    return data


def _norm(number: Decimal | float) -> str:
    d = Decimal(str(number))
    return str(d.to_integral_value()) if d == d.to_integral_value() else str(d.normalize())


def _option_key(q: Question, value: str) -> str:
    """How an option's value is stored in `Answer` (numbers normalised for scales)."""
    try:
        if q.kind in (QuestionKind.LIKERT, QuestionKind.MATRIX):
            return _norm(Decimal(value))
    except ArithmeticError:
        pass
    return value


def _distribution(
    q: Question, row_key: str, counts: dict[tuple[int, str, str], int], base: int
) -> list[dict[str, Any]]:
    out = []
    for o in q.options:
        value = str(o.get("value", ""))
        n = counts.get((q.pk, row_key, _option_key(q, value)), 0)
        out.append(
            {
                "value": value,
                "label": o.get("label", value),
                "n": n,
                "pct": round(100 * n / base, 1) if base else None,
            }
        )
    return out


def compare_pre_post(program: Program, post: Survey, f: Filters) -> dict[str, Any]:
    """Questions of a post-cycle survey paired by code with its pre-cycle survey's.
    Identified on both sides: paired by person (their latest response to each): Wilcoxon
    signed-rank for rating scales, paired t for numbers. Anonymous on either side: pairs cannot
    exist, so the two groups are compared as independent samples (Mann-Whitney U)."""
    pre = post.pre_survey
    assert pre is not None
    paired = not (pre.anonymous or post.anonymous)
    kinds = (QuestionKind.LIKERT, QuestionKind.MATRIX, QuestionKind.NUMBER)
    post_qs = {q.code: q for q in post.questions.filter(kind__in=kinds)}
    pre_qs = {q.code: q for q in pre.questions.filter(kind__in=kinds, code__in=list(post_qs))}
    codes = [c for c in post_qs if c in pre_qs]
    if f.suppress and paired:
        # Pairs do not add up over time: a person counts from the later of their two answers'
        # months, so the pairs of January to March and of January to April (or the page read
        # in April and in May) differ by the people who completed a pair in April, 2 of them
        # say, and 12 x one mean less 10 x the other is their answers (probe 1221). For an
        # evaluator the comparison covers every month that is over, whatever the dates, and is
        # shown only where no month's new pairs are hidden (`privacy.pairs_shown`).
        f = dataclasses.replace(f, date_from=None, date_to=None)
    # (survey, code, row, who) -> the month of the answer paired (its latest response)
    answered_in: dict[tuple[int, str, str, int], dt.date] = {}

    def values(
        survey: Survey, g: Filters = f
    ) -> tuple[dict[tuple[str, str], dict[int, float]], dict[int, Any]]:
        """Per (code, row): who -> number; and who -> the person behind it (`privacy`)."""
        out: dict[tuple[str, str], dict[int, float]] = {}
        people: dict[int, Any] = {}
        by_code = post_qs if survey == post else pre_qs
        qs = Answer.objects.filter(
            response__in=_responses(program, survey, g).values("pk"),
            question_id__in=[by_code[c].pk for c in codes],
            number__isnull=False,
        ).order_by("response_id", "pk")
        for code, row, rid, user, session, number, day in qs.values_list(
            "question__code",
            "row_key",
            "response_id",
            "response__user_id",
            "response__session_id",
            "number",
            "response__submitted_on",
        ):
            if number is None:  # excluded by the filter; for the type checker
                continue
            who = user if paired else rid
            out.setdefault((code, row), {})[who] = float(number)
            people[who] = privacy.response_key(survey.pk, session, user, rid)
            answered_in[(survey.pk, code, row, who)] = day.replace(day=1)
        return out, people

    def sides(g: Filters = f) -> tuple[Any, Any]:
        return (values(pre, g), values(post, g)) if codes else (({}, {}), ({}, {}))

    (before, pre_people), (after, post_people) = sides()
    # An evaluator's person-filtered comparison stands beside the same comparison under fewer
    # of its filters (a click away): where the two differ by 1 to 4 people, subtracting one
    # mean from the other gives those people's answers back, so it is hidden.
    wider = (
        [
            sides(
                dataclasses.replace(
                    f,
                    profession=f.profession if "profession" in dims else "",
                    region=f.region if "region" in dims else "",
                    rurality=f.rurality if "rurality" in dims else "",
                )
            )
            for dims in privacy.narrower(f)
        ]
        if f.suppress and f.person_filtered
        else []
    )

    def who(
        a: dict[int, float], b: dict[int, float], pre_p: dict[int, Any], post_p: dict[int, Any]
    ) -> list[frozenset[Any]]:
        """The people behind a comparison: the pairs, or each side's people when unpaired."""
        if paired:
            return [frozenset(set(a) & set(b))]
        return [frozenset(pre_p[k] for k in a), frozenset(post_p[k] for k in b)]

    # Each chosen filter splits the comparison under the others into one part per value
    # (each a click away): the wider comparison less the parts shown gives back those hidden,
    # so the viewer's part is hidden where the parts' table hides it (`privacy.split_hides`).
    chosen = [d for d in privacy.DIMENSIONS if getattr(f, d)]
    dims_index = {dims: i for i, dims in enumerate(privacy.narrower(f))}
    persons = (
        privacy.Persons(
            program,
            f,
            User.objects.filter(  # the people behind the wider comparisons
                pk__in=[
                    u
                    for (_a, side_p), (_b, side_q) in wider
                    for u in (*side_p.values(), *side_q.values())
                    if isinstance(u, int)
                ]
            ).values("pk"),
        )
        if wider
        else None
    )

    def split_away(key: tuple[str, str]) -> bool:
        if persons is None:
            return False
        for d in chosen:
            (wa, wpre), (wb, wpost) = wider[dims_index[tuple(o for o in chosen if o != d)]]
            for part in who(wa.get(key, {}), wb.get(key, {}), wpre, wpost):
                cells: dict[Hashable, set[Hashable]] = {}
                for person in part:
                    user = person if isinstance(person, int) else None
                    cells.setdefault(persons.value(d, user), set()).add(person)
                if privacy.split_hides(cells, getattr(f, d)):
                    return True
        return False

    def one_click_away(key: tuple[str, str]) -> bool:
        mine = who(before.get(key, {}), after.get(key, {}), pre_people, post_people)
        for (wa, wpre), (wb, wpost) in wider:
            theirs = who(wa.get(key, {}), wb.get(key, {}), wpre, wpost)
            for kept, parent in zip(mine, theirs, strict=True):
                if hidden_groups({0: kept}, {0: [parent]}):
                    return True
        return split_away(key)

    def compared(pre_side: dict[int, float], post_side: dict[int, float]) -> tuple[Any, Any]:
        """The answers a comparison's means are over: the pairs', or each side's."""
        if not paired:
            return pre_side, post_side
        both = set(pre_side) & set(post_side)
        return {p: pre_side[p] for p in both}, {p: post_side[p] for p in both}

    def few_options_in(key: tuple[str, str]) -> bool:
        """Whether a scale point of either side was chosen by 1 to 4 people, or by 1 to 4
        fewer than under fewer filters (`privacy.few_chose_an_option`)."""
        a, b = before.get(key, {}), after.get(key, {})
        mine = compared(a, b)
        theirs = [
            (compared(wa.get(key, {}), wb.get(key, {})), wpre, wpost)
            for (wa, wpre), (wb, wpost) in wider
        ]
        # A side's mean is over that survey's answers on its results page (read without
        # dates) only where all of them are paired; else 5 or more more answers are there.
        return (
            (not paired or set(a) <= set(b))
            and privacy.few_chose_an_option(
                (mine[0], pre_people), [(t[0], wpre) for t, wpre, _w in theirs]
            )
        ) or (
            (not paired or set(b) <= set(a))
            and privacy.few_chose_an_option(
                (mine[1], post_people), [(t[1], wpost) for t, _w, wpost in theirs]
            )
        )

    # answers from a month that one of the viewer's filters splits (`SurveyMonths.split_out`)
    split_hit = f.suppress and any(
        privacy.survey_months(program, f, s).hits(s.pk, _responses(program, s, f))
        for s in (pre, post)
    )
    items = []
    for code in codes:
        q = post_qs[code]
        rows = (
            [(r.get("key", ""), r.get("label", "")) for r in q.rows]
            if q.kind == QuestionKind.MATRIX
            else [("", "")]
        )
        for row_key, row_label in rows:
            a, b = before.get((code, row_key), {}), after.get((code, row_key), {})
            if paired:
                people = sorted(set(a) & set(b))
                x, y = [a[p] for p in people], [b[p] for p in people]
                result = (
                    stats.paired_t(x, y)
                    if q.kind == QuestionKind.NUMBER
                    else stats.wilcoxon_paired(x, y)
                )
            else:
                result = stats.mann_whitney(list(a.values()), list(b.values()))
            n_people = result.n if paired else min(result.n_pre, result.n_post)
            # paired: each survey's answers to the question are shown on its own results page,
            # and less the pairs they are who answered only one of the two (1 to 4: hidden)
            unpaired_people = [set(a) - set(b), set(b) - set(a)] if paired else []
            hidden = f.suppress and (
                split_hit
                or not enough(n_people)
                or any(not enough(len(alone)) for alone in unpaired_people)
                or one_click_away((code, row_key))
            )
            # paired: the people who completed a pair in a month, beside the comparison of
            # the months before it (`privacy.pairs_shown`)
            new_pairs = (
                f.suppress
                and paired
                and not hidden
                and not privacy.pairs_shown(
                    {
                        p: max(
                            answered_in[(pre.pk, code, row_key, p)],
                            answered_in[(post.pk, code, row_key, p)],
                        )
                        for p in people
                    }
                )
            )
            hidden = hidden or new_pairs
            # a rating scale's means with their n beside each survey's answers per option give
            # back the options hidden there (probe 1226): hidden where one side's compared
            # answers hold a scale point chosen by 1 to 4 people
            few_options = (
                f.suppress
                and not hidden
                and q.kind != QuestionKind.NUMBER
                and few_options_in((code, row_key))
            )
            hidden = hidden or few_options
            shown: Any = privacy.HIDDEN_RESULT if hidden else result
            items.append(
                {
                    "code": code,
                    "text": q.text,
                    "row": row_label,
                    "kind": q.kind,
                    "result": shown,
                    "hidden": hidden,
                    # why, when it is the month's new pairs (the page says so)
                    "new_pairs": bool(new_pairs),
                    # why, when it is a scale point chosen by 1 to 4 people (the page says so)
                    "few_options": bool(few_options),
                }
            )
    return {"pre": pre, "paired": paired, "items": items}
