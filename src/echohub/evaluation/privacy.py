"""Small cells on the insight dashboards: who stands behind each figure, and what to hide.

The selectors in `dashboards` compute the figures; for a viewer who may see only aggregates
(an evaluator) they then hand their result here, with the querysets it came from, and every
figure that would stand for fewer than 5 distinct people is replaced by
:data:`SUPPRESSED` through the one rule in :mod:`echohub.core.smallcells` (primary cells, the
complement of a person filter, and secondary cells that would let a reader subtract). The
pages, the CSV and SVG downloads, the PDF report and the API all read the same replaced
figures, so none of them can show what another hides.

People behind each figure (the "stands for" of the rule):

- reach and sessions: the participants with recorded minutes counted in it (sites, minutes,
  attendances and shares stand for the people behind them);
- cases: the presenters of the cases counted;
- surveys: the people who answered (an anonymous response counts as a different person only
  from the other responses of its session, see `smallcells.Anonymous`); a verbatim comment is
  shown only where the results around it may be.

Figures about the program's calendar (sessions held, sessions with attendance recorded, the
didactic topics) stand for no participant and are shown as they are.

When the people behind a whole page are too few (or the person filter leaves out 1 to 4
people), every figure about people on the page is hidden and the page says why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.accounts.models import User
from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseScore, CaseStatus, FollowUp
from echohub.core.smallcells import MIN_PEOPLE, Anonymous, count_people, enough, hidden_groups
from echohub.evaluation.models import (
    Answer,
    FrozenAttendance,
    FrozenFacts,
    FrozenSite,
    Response,
    Survey,
)
from echohub.evaluation.redaction import RedactedComments
from echohub.programs.models import Membership, Program, Role, Site
from echohub.scheduling.models import Session, SessionStatus

SUPPRESSED = "<5"
People = frozenset[Hashable]
NOBODY: People = frozenset()


DIMENSIONS = ("profession", "region", "rurality")
Keep = Callable[[Any], bool]


def narrower(f: Any) -> list[tuple[str, ...]]:
    """Each set of fewer person filters than the viewer chose (none at all included): the
    figures a click away, which a reader could subtract the filtered figure from."""
    dims = [d for d in DIMENSIONS if getattr(f, d)]
    return [subset for n in range(len(dims)) for subset in itertools.combinations(dims, n)]


def split_hides(cells: Mapping[Hashable, Iterable[Hashable]], own: Hashable) -> bool:
    """Whether the part `own` of a wider figure, split by the values of one filter (`cells`:
    value -> the people of the wider figure with that value, "" for none), is hidden. The
    wider figure minus the parts shown under the other values gives back the parts hidden,
    so the parts are one table: a part of 1 to 4 people is hidden, and while the hidden
    parts together stand for 1 to 4 people, the smallest shown one too (the same decision
    whichever value the viewer chose, since the parts do not depend on it)."""
    order = sorted(cells, key=str)
    if own not in cells:
        return False
    hide = hidden_groups({i: frozenset(cells[k]) for i, k in enumerate(order)})
    return order.index(own) in hide


#: How one filter splits a wider figure: (the test of the other filters on an element of the
#: figure's `parent`, the filter's value of an element, the viewer's value).
Split = tuple[Callable[[Any], bool], Callable[[Any], Hashable], Hashable]


@dataclass
class Figure:
    box: Any  # the dict (or list) holding the figure
    key: Any  # its key (or index) there
    people: People
    parent: People | None = None  # the same figure without any person filter
    parents: list[People] | None = None  # or, given, under each narrower set of filters
    # or, given, the parts of each wider figure split by one filter, with the viewer's part
    siblings: list[tuple[dict[Hashable, People], Hashable]] | None = None


class Sheet:
    """The figures of one page, in the groups in which they are shown together. `wider`: for
    a person-filtered page, a test per narrower set of filters (see `narrower`), applied to a
    figure's `parent` people."""

    def __init__(
        self,
        wider: list[Keep],
        project: Callable[[Any], Hashable] | None = None,
        splits: list[Split] | None = None,
    ) -> None:
        self.wider = wider
        self.project = project  # from a figure's `parent` elements to people, when not people
        self.splits = splits or []  # how each chosen filter splits a figure's `parent`
        self.groups: list[list[Figure]] = []
        self.forced: set[int] = set()  # figures hidden for another reason (see `force`)

    def siblings_of(self, fig: Figure) -> list[tuple[dict[Hashable, People], Hashable]]:
        if fig.siblings is not None:
            return fig.siblings
        if fig.parent is None:
            return []
        to = self.project or (lambda p: p)
        out = []
        for keep, attr, own in self.splits:
            cells: dict[Hashable, set[Hashable]] = {}
            for p in fig.parent:
                if keep(p):
                    cells.setdefault(attr(p), set()).add(to(p))
            out.append(({k: frozenset(v) for k, v in cells.items()}, own))
        return out

    def split_hidden(self, fig: Figure) -> bool:
        """Whether a part of a wider figure split by one of the viewer's filters is hidden
        there (see `split_hides`): the other values' figures are a click away."""
        return any(split_hides(cells, own) for cells, own in self.siblings_of(fig))

    def parents_of(self, fig: Figure) -> list[People]:
        if fig.parents is not None:
            return fig.parents
        if fig.parent is None:
            return []
        to = self.project or (lambda p: p)
        return [frozenset(to(p) for p in fig.parent if keep(p)) for keep in self.wider]

    def hides(self, fig: Figure) -> bool:
        """Whether the rule hides this figure on its own (fewer than 5 people, or 1 to 4 from
        the same figure under fewer filters)."""
        return bool(hidden_groups({0: fig.people}, {0: self.parents_of(fig)})) or (
            bool(fig.people) and self.split_hidden(fig)
        )

    def too_few(self, people: People, parent: People | None) -> bool:
        """Whether a page's whole group is too small (every figure about people hidden)."""
        fig = Figure({0: 0}, 0, people, parent)
        return self.hides(fig)

    def group(self, figures: Iterable[Figure]) -> None:
        figures = [fig for fig in figures if fig.box[fig.key] is not None]
        if figures:
            self.groups.append(figures)

    def one(self, box: Any, key: Any, people: People, parent: People | None = None) -> Figure:
        fig = Figure(box, key, people, parent)
        self.group([fig])
        return fig

    def force(self, fig: Figure) -> None:
        """Hide `fig` whatever its own people (the rule found a reason elsewhere), and let the
        groups it belongs to hide what would give it back."""
        self.forced.add(id(fig))

    def apply(self) -> int:
        """Hide what the rule hides (until no group changes its mind); the number hidden."""
        hidden: set[int] = set(self.forced)
        for figures in self.groups:
            for fig in figures:
                if fig.people and self.split_hidden(fig):
                    hidden.add(id(fig))
        changed = True
        while changed:
            changed = False
            for figures in self.groups:
                keys = {i: id(fig) for i, fig in enumerate(figures)}
                parents = {i: self.parents_of(fig) for i, fig in enumerate(figures)}
                already = [i for i, k in keys.items() if k in hidden]
                hide = hidden_groups(
                    {i: fig.people for i, fig in enumerate(figures)}, parents, already
                )
                for i in hide:
                    if keys[i] not in hidden:
                        hidden.add(keys[i])
                        changed = True
        for figures in self.groups:
            for fig in figures:
                if id(fig) in hidden and fig.box[fig.key] is not None:
                    fig.box[fig.key] = SUPPRESSED
        return len(hidden)


def _hide_all(box: Any, keys: Iterable[Any]) -> None:
    for key in keys:
        if box.get(key) is not None:
            box[key] = SUPPRESSED


#: The freezes already run in this reading (see `one_reading`): (what, program id).
_READING: ContextVar[set[tuple[str, int]] | None] = ContextVar("echohub_reading", default=None)
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def one_reading() -> Iterator[None]:
    """Within it, each freeze (`freeze_facts`, `freeze_sites`, `freeze_attendance`) runs once
    per program: a page reads the frozen rows many times (each figure, each filter a click
    away), and nothing it freezes changes while it computes. Nested readings share the
    outer one's."""
    token = _READING.set(set()) if _READING.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _READING.reset(token)


def reading(func: Callable[P, R]) -> Callable[P, R]:
    """`func` computes within `one_reading` (the dashboards, the PDF report)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_reading():
            return func(*args, **kwargs)

    return wrapper


def _first_time(what: str, program: Program) -> bool:
    """Whether the freeze `what` has yet to run for `program` in this reading (always, outside
    one)."""
    done = _READING.get()
    if done is None:
        return True
    key = (what, program.pk)
    if key in done:
        return False
    done.add(key)
    return True


def freeze_facts(program: Program) -> None:
    """Take the facts an evaluator's figures count people under (`FrozenFacts`: profession,
    participant site, its region and rurality as they are now) for everyone the insights may
    count who has none yet: the program's participants, attendees and identified respondents.
    Taken once: a later change of profession or site (or a site re-classed) would move the
    person from one filtered figure to another in months already over, and two readings of
    the same figure a change apart would differ by that one person (probe 1222).

    One statement (INSERT ... SELECT), whatever the number of people: a page costs the same
    number of queries with few or many people, new or not; once per reading (`one_reading`)."""
    if not _first_time("facts", program):
        return
    names = {
        "ff": FrozenFacts._meta.db_table,
        "u": User._meta.db_table,
        "m": Membership._meta.db_table,
        "s": Site._meta.db_table,
        "a": Attendance._meta.db_table,
        "fa": FrozenAttendance._meta.db_table,
        "se": Session._meta.db_table,
        "r": Response._meta.db_table,
        "sv": Survey._meta.db_table,
    }
    q = {k: connection.ops.quote_name(v) for k, v in names.items()}
    # Table names come from the models and are quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {q['ff']} "  # noqa: S608
        "(program_id, user_id, profession, site_id_then, region, rurality, frozen_at) "
        "SELECT %s, u.id, u.profession, st.id, COALESCE(st.region, ''), "
        "COALESCE(st.rurality, ''), %s "
        f"FROM {q['u']} u LEFT JOIN {q['s']} st ON st.id = ("
        f"SELECT m.site_id FROM {q['m']} m WHERE m.program_id = %s AND m.user_id = u.id "
        "AND m.role = %s AND m.site_id IS NOT NULL ORDER BY m.id LIMIT 1) "
        "WHERE u.id IN ("
        f"SELECT m.user_id FROM {q['m']} m WHERE m.program_id = %s AND m.role = %s "
        f"UNION SELECT a.user_id FROM {q['a']} a JOIN {q['se']} se ON se.id = a.session_id "
        "WHERE se.program_id = %s "
        f"UNION SELECT fa.user_id FROM {q['fa']} fa WHERE fa.program_id = %s "
        "AND fa.user_id IS NOT NULL "
        f"UNION SELECT r.user_id FROM {q['r']} r JOIN {q['sv']} sv ON sv.id = r.survey_id "
        "WHERE sv.program_id = %s AND r.user_id IS NOT NULL) "
        f"AND NOT EXISTS (SELECT 1 FROM {q['ff']} f WHERE f.program_id = %s "
        "AND f.user_id = u.id) "
        "ON CONFLICT DO NOTHING"
    )
    pid, role = program.pk, Role.PARTICIPANT.value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [pid, now, pid, role, pid, role, pid, pid, pid, pid])


def freeze_sites(program: Program) -> None:
    """Take each of the program's sites' region and rurality (`FrozenSite`) the first time:
    a site re-classed later does not move its cases between an evaluator's filtered figures
    (probe 1222). One statement, whatever the number of sites; once per reading."""
    if not _first_time("sites", program):
        return
    ff, st = (connection.ops.quote_name(m._meta.db_table) for m in (FrozenSite, Site))
    sql = (
        f"INSERT INTO {ff} (program_id, site_id_then, region, rurality, frozen_at) "  # noqa: S608
        "SELECT %s, s.id, s.region, s.rurality, %s "
        f"FROM {st} s WHERE s.program_id = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {ff} f WHERE f.program_id = %s AND f.site_id_then = s.id) "
        "ON CONFLICT DO NOTHING"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [program.pk, now, program.pk, program.pk])


def month_over_before(program: Program) -> dt.datetime:
    """The start of the program's current month (its time zone): the sessions before it are
    in months that are over (`last_month_over`, `whole_months`)."""
    tz = ZoneInfo(program.time_zone)
    first = timezone.localdate(timezone=tz).replace(day=1)
    return dt.datetime.combine(first, dt.time.min, tzinfo=tz)


def freeze_attendance(program: Program) -> None:
    """Take the attendance of each of the program's sessions whose month is over and that is
    not taken yet (`FrozenAttendance`: each record's person and minutes, and the session's
    mark), as it stands now. Taken once: attendance recorded, adjusted or deleted after its
    month (a review resolved late, a late import) would change figures an evaluator already
    saw for that month, and two readings a change apart would differ by that change's 1 to 4
    people (probe 1223). Every evaluator attendance figure reads these rows for such sessions
    (`frozen_attendance`, `evaluator_attendance`).

    One statement (INSERT ... SELECT, the records and the marks together), whatever the
    number of sessions; once per reading (`one_reading`)."""
    if not _first_time("attendance", program):
        return
    fa, a, se = (
        connection.ops.quote_name(m._meta.db_table) for m in (FrozenAttendance, Attendance, Session)
    )
    # Table names come from the models and are quoted; every value is a parameter.
    untaken = (
        f"se.program_id = %s AND se.starts_at < %s AND NOT EXISTS (SELECT 1 FROM {fa} f "  # noqa: S608
        "WHERE f.session_id = se.id AND f.user_id IS NULL)"
    )
    sql = (
        f"INSERT INTO {fa} (program_id, session_id, user_id, minutes, frozen_at) "  # noqa: S608
        f"SELECT %s, a.session_id, a.user_id, a.minutes, %s FROM {a} a "
        f"JOIN {se} se ON se.id = a.session_id WHERE {untaken} "
        f"UNION ALL SELECT %s, se.id, NULL, 0, %s FROM {se} se WHERE {untaken} "
        "ON CONFLICT DO NOTHING"
    )
    pid = program.pk
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    before = connection.ops.adapt_datetimefield_value(month_over_before(program))
    with connection.cursor() as cursor:
        cursor.execute(sql, [pid, now, pid, before, pid, now, pid, before])


def frozen_attendance(program: Program) -> QuerySet[FrozenAttendance]:
    """The program's attendance as an evaluator's figures count it in months that are over
    (taken first: `freeze_attendance`): one row per person and session, like `Attendance`
    (session, user, minutes)."""
    freeze_attendance(program)
    return FrozenAttendance.objects.filter(program=program, user__isnull=False)


def evaluator_attendance(
    program: Program, session_ids: Collection[int]
) -> list[tuple[int, int, int]]:
    """(session, person, minutes) of the attendance with minutes at these sessions as an
    evaluator's figures count it: as taken (`freeze_attendance`) for the sessions of months
    that are over, as it stands for the others (a month under way)."""
    freeze_attendance(program)
    ids = list(session_ids)
    taken = FrozenAttendance.objects.filter(session_id__in=ids, user__isnull=True).values(
        "session_id"
    )
    rows: list[tuple[int, int, int]] = list(
        FrozenAttendance.objects.filter(
            session_id__in=taken, user__isnull=False, minutes__gt=0
        ).values_list("session_id", "user_id", "minutes")
    )
    rows += (
        Attendance.objects.filter(session_id__in=ids, minutes__gt=0)
        .exclude(session_id__in=taken)
        .values_list("session_id", "user_id", "minutes")
    )
    return rows


def frozen_rurality() -> Subquery:
    """A case's site's rurality as frozen (`freeze_sites`), for `Case.objects.annotate`."""
    return Subquery(
        FrozenSite.objects.filter(
            program_id=OuterRef("program_id"), site_id_then=OuterRef("site_id")
        ).values("rurality")[:1]
    )


def frozen_people(program: Program, f: Any) -> QuerySet[FrozenFacts]:
    """The people an evaluator's person filters keep, by their frozen facts (taken first)."""
    freeze_facts(program)
    qs = FrozenFacts.objects.filter(program=program)
    if f.profession:
        qs = qs.filter(profession=f.profession)
    if f.region or f.rurality:
        qs = qs.filter(site_id_then__isnull=False)
    if f.region:
        qs = qs.filter(region=f.region)
    if f.rurality:
        qs = qs.filter(rurality=f.rurality)
    return qs


class Persons:
    """The person filters (profession, region, rurality of the participant site) as a test
    on person ids, with each person's profession and site facts for the breakdowns: the facts
    frozen for evaluators (`freeze_facts`)."""

    def __init__(self, program: Program, f: Any, user_ids: QuerySet[Any] | Collection[int]) -> None:
        self.f = f
        freeze_facts(program)
        rows = list(
            FrozenFacts.objects.filter(program=program, user_id__in=user_ids).values_list(
                "user_id", "profession", "site_id_then", "region", "rurality"
            )
        )
        self.profession: dict[int, str] = {u: p for u, p, _s, _r, _ru in rows}
        self.site: dict[int, tuple[int | None, str, str]] = {
            u: (site, region, rurality) for u, _p, site, region, rurality in rows
        }

    def keeper(self, dims: Iterable[str]) -> Keep:
        """The test of the viewer's filters on these dimensions, on a person id (an anonymous
        answer passes no person filter)."""
        f, dims = self.f, set(dims)
        profession = f.profession if "profession" in dims else ""
        region = f.region if "region" in dims else ""
        rurality = f.rurality if "rurality" in dims else ""

        def keep(user: Any) -> bool:
            if profession and self.profession.get(user) != profession:
                return False
            if region or rurality:
                site = self.site.get(user)
                if site is None or site[0] is None:
                    return False
                if region and site[1] != region:
                    return False
                if rurality and site[2] != rurality:
                    return False
            return True

        return keep

    def keep(self, user: Hashable) -> bool:
        return self.keeper(DIMENSIONS)(user)

    def wider(self) -> list[Keep]:
        return [self.keeper(dims) for dims in narrower(self.f)]

    def value(self, dim: str, user: Any) -> str:
        """The person's value of one filter ("" for none: no profession, no site)."""
        if dim == "profession":
            return self.profession.get(user) or ""
        site = self.site.get(user)
        if site is None or site[0] is None:
            return ""
        return site[1] if dim == "region" else site[2]

    def splits(self) -> list[Split]:
        """For `Sheet`: each chosen filter splitting the figure under the others."""
        chosen = [d for d in DIMENSIONS if getattr(self.f, d)]
        return [
            (self.keeper([o for o in chosen if o != d]), self.values_of(d), getattr(self.f, d))
            for d in chosen
        ]

    def values_of(self, dim: str) -> Callable[[Any], Hashable]:
        return lambda user: self.value(dim, user)

    def has_site(self, user: Hashable) -> bool:
        return self.site.get(user, (None, "", ""))[0] is not None  # type: ignore[call-overload]


def _month(value: dt.datetime, tz: ZoneInfo) -> dt.date:
    return value.astimezone(tz).date().replace(day=1)


def _by(rows: Iterable[tuple[Hashable, Hashable]]) -> dict[Hashable, set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = {}
    for key, person in rows:
        out.setdefault(key, set()).add(person)
    return out


def _split(
    groups: dict[Hashable, set[Hashable]], keep: Callable[[Hashable], bool]
) -> tuple[dict[Hashable, People], dict[Hashable, People]]:
    """(kept by the person filters, everyone) per key."""
    return (
        {k: frozenset(p for p in v if keep(p)) for k, v in groups.items()},
        {k: frozenset(v) for k, v in groups.items()},
    )


# Reach ------------------------------------------------------------------------------------


def protect_reach(
    program: Program,
    f: Any,
    data: dict[str, Any],
    scope: QuerySet[FrozenAttendance],
    held_ids: list[int],
    uncycled: QuerySet[FrozenAttendance] | None = None,
) -> None:
    """`scope`: the attendance of the period without the person filters; `uncycled`: the
    same without the cycle too (when one is chosen).

    Counts of distinct people do not add up over time: the people of January and February
    minus those of January are the people who came only in February, however many they are.
    So an aggregate-only viewer sees distinct people over fixed periods only, calendar months
    that are over (`whole_months`): the months table; the totals and breakdowns when the
    period is one month, or runs from the program's first month with no cycle (such a prefix
    adds up over the months of people's first attendance, so it is shown only while no
    month's newcomers are hidden); elsewhere they are hidden and `several_months` reads
    SUPPRESSED. A figure is hidden where one of its parts shown elsewhere (a session's
    attendees, a month's people) leaves out 1 to 4 of its people, or two such parts share 1
    to 4 (`splits_safely`), and, for a cycle, where the month's other cycles would give back
    1 to 4 (a cycle is a filter like the person ones). Retention follows the same people
    across a cycle's sessions (several periods): hidden."""
    tz = f.tz
    rows = list(scope.values_list("session_id", "session__starts_at", "user_id"))
    persons = Persons(program, f, (uncycled if uncycled is not None else scope).values("user_id"))
    keep = persons.keep
    everyone = frozenset(u for _s, _d, u in rows)
    kept = frozenset(u for u in everyone if keep(u))
    # each person's first attendance as evaluators count it (`scope` is taken attendance:
    # whole months that are over)
    firsts = dict(
        frozen_attendance(program)
        .filter(session__program=program, minutes__gt=0, user_id__in=scope.values("user_id"))
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("user_id")
        .annotate(first=Min("session__starts_at"))
        .order_by()
        .values_list("user_id", "first")
    )
    # The parts of each month shown elsewhere: its sessions, and (for a cycle) its cycles.
    month_of: dict[Hashable, dt.date] = {s: _month(d, tz) for s, d, _u in rows}
    sessions_of: dict[dt.date, list[set[Hashable]]] = {}
    for s, people in _by((s, u) for s, _d, u in rows).items():
        sessions_of.setdefault(month_of[s], []).append(people)
    cycles_of: dict[dt.date, dict[Hashable, set[Hashable]]] = {}
    if uncycled is not None:
        for d, u, c in uncycled.values_list("session__starts_at", "user_id", "session__series_id"):
            cycles_of.setdefault(_month(d, tz), {}).setdefault(c, set()).add(u)

    def shown(parts: Iterable[Iterable[Hashable]], sel: Keep) -> list[People]:
        """The parts under the filters and `sel`, those that may be shown (5 or more people;
        one of 1 to 4 is hidden where it is shown, so it gives nothing back)."""
        cut = [frozenset(u for u in p if keep(u) and sel(u)) for p in parts]
        return [p for p in cut if count_people(p) >= MIN_PEOPLE]

    def fits(month: dt.date, whole: People, sel: Keep, parts: bool = True) -> bool:
        """Whether `whole` (a figure's people in `month`, all of whom pass `sel`) may be shown
        beside the same figure for the month's sessions and cycles."""
        if parts:
            sessions = shown(sessions_of.get(month, []), sel)
            if not (splits_safely(whole, sessions) and repeats_safely(whole, sessions)):
                return False
        if uncycled is not None and f.series is not None:
            cycles = cycles_of.get(month, {})
            every = frozenset(u for v in cycles.values() for u in v if keep(u) and sel(u))
            if not enough(count_people(every - whole)):
                return False
            present = shown(cycles.values(), sel)
            if len(present) == 2 and not enough(count_people(present[0] & present[1])):
                return False
            # the month's other cycles, each a click away, split it (see `split_hides`)
            cells = {c: frozenset(u for u in v if keep(u) and sel(u)) for c, v in cycles.items()}
            if split_hides({c: v for c, v in cells.items() if v}, f.series.pk):
                return False
        return True

    month_figures: list[Figure] = []
    # Figures that add up to another one shown beside them (see `_tie_sums`).
    people_total: Figure | None = None
    partitions: list[list[Figure]] = []
    month_new: list[tuple[Figure, Figure]] = []

    def everybody(_user: Hashable) -> bool:
        return True

    sheet = Sheet(persons.wider(), splits=persons.splits())
    t = data["totals"]
    the_month = f.date_from.replace(day=1) if one_month(f) else None
    # From the first month up to a month, with no cycle: the people of a prefix add up over
    # the months of their first attendance (`new`), so they may be shown where no other
    # prefix is 1 to 4 people away (`_prefix_shown`) and no month or session shown leaves
    # out 1 to 4 of them (`fits_period`).
    prefix = the_month is None and f.series is None and f.date_from is None
    months_people = _by((_month(d, tz), u) for _s, d, u in rows)
    if prefix:
        prefix = _prefix_shown(
            _by((_month(firsts[u], tz), u) for u in everyone if keep(u)),
            count_people,
            returning=_few_returning(
                {m: frozenset(u for u in v if keep(u)) for m, v in months_people.items()},
                firsts,
                tz,
            ),
        )

    def fits_period(whole: People, sel: Keep, parts: bool = True) -> bool:
        if the_month is not None:
            return fits(the_month, whole, sel, parts)
        every_session = [p for v in sessions_of.values() for p in v]
        return not parts or (
            splits_safely(whole, shown([*months_people.values(), *every_session], sel))
            and repeats_safely(whole, shown(months_people.values(), sel))
            and repeats_safely(whole, shown(every_session, sel))
        )

    page_hidden = sheet.too_few(kept, everyone)
    if page_hidden:
        _hide_all(t, ("people", "sites", "person_sessions", "new", "returning"))
        for m in data["months"]:
            _hide_all(m, ("people", "sites", "new"))
        for r in data["per_session"]:
            _hide_all(r, ("people",))
        for key in ("by_profession", "by_region", "by_rurality"):
            for r in data[key]:
                _hide_all(r, ("n",))
        data["hidden_page"] = True
    else:
        with_site = frozenset(u for u in kept if persons.has_site(u))
        start = t["period_start"]
        new = frozenset(u for u in kept if start is None or firsts[u] >= start)
        by_session = _split(_by((s, u) for s, _d, u in rows), keep)
        per_session = [
            Figure({0: 0}, 0, by_session[0].get(pk, NOBODY), by_session[1].get(pk, NOBODY))
            for pk in by_session[1]
        ]
        if any(sheet.hides(fig) for fig in per_session):  # adds up over sessions: see sessions
            _hide_all(t, ("person_sessions",))
        else:
            sheet.one(t, "person_sessions", kept, everyone)
        if the_month is None and not prefix:
            # over several months (or none chosen), distinct people are not shown
            _hide_all(t, ("people", "sites", "new", "returning"))
            for key in ("by_profession", "by_region", "by_rurality"):
                for r in data[key]:
                    _hide_all(r, ("n",))
            data["several_months"] = SUPPRESSED
        else:
            fig = people_total = sheet.one(t, "people", kept, everyone)
            if not fits_period(kept, everybody):
                sheet.force(fig)
            fig = sheet.one(
                t, "sites", with_site, frozenset(u for u in everyone if persons.has_site(u))
            )
            if not fits_period(with_site, persons.has_site):
                sheet.force(fig)
            all_new = frozenset(u for u in everyone if start is None or firsts[u] >= start)
            figs = [
                Figure(t, "new", new, all_new),
                Figure(t, "returning", kept - new, everyone - all_new),
            ]
            sheet.group(figs)
            partitions.append(figs)
            for fig in figs:
                if not fits_period(fig.people, _member(fig.people), parts=False):
                    sheet.force(fig)
        by_month = _split(_by((_month(d, tz), u) for _s, d, u in rows), keep)
        new_month = _split(_by((_month(firsts[u], tz), u) for u in everyone), keep)
        new_cells = []
        for m in data["months"]:
            month = m["month"]
            kept_m = by_month[0].get(month, NOBODY)
            all_m = by_month[1].get(month, NOBODY)
            fig = month_people = sheet.one(m, "people", kept_m, all_m)
            month_figures.append(fig)
            if not fits(month, kept_m, everybody):
                sheet.force(fig)
            sited = frozenset(u for u in kept_m if persons.has_site(u))
            fig = sheet.one(m, "sites", sited, frozenset(u for u in all_m if persons.has_site(u)))
            if not fits(month, sited, persons.has_site):
                sheet.force(fig)
            fig = Figure(m, "new", new_month[0].get(month, NOBODY), new_month[1].get(month, NOBODY))
            if not fits(month, fig.people, _member(fig.people), parts=False):
                sheet.force(fig)
            # the month's people less its new ones are its returning people (probe 1226)
            if m["new"] is not None and not _returning_safe(kept_m, fig.people):
                sheet.force(fig)
                data["returning_hidden"] = True
            new_cells.append(fig)
            month_new.append((month_people, fig))
        sheet.group(new_cells)
        for r, pk in zip(data["per_session"], held_ids, strict=False):
            sheet.one(r, "people", by_session[0].get(pk, NOBODY), by_session[1].get(pk, NOBODY))
        if the_month is not None or prefix:
            professions = {u: persons.profession.get(u) or "" for u in everyone}
            sites = {u: persons.site.get(u, (None, "", "")) for u in everyone}
            for key, attr in (
                ("by_profession", lambda u: professions.get(u, "")),
                ("by_region", lambda u: sites.get(u, (None, "", ""))[1]),
                ("by_rurality", lambda u: sites.get(u, (None, "", ""))[2]),
            ):
                groups = _split(_by((attr(u), u) for u in everyone), keep)
                figs = [
                    Figure(r, "n", groups[0].get(r["key"], NOBODY), groups[1].get(r["key"], NOBODY))
                    for r in data[key]
                ]
                sheet.group(figs)
                partitions.append(figs)
                for fig in figs:
                    value = fig.box["key"]
                    if not fits_period(fig.people, _having(attr, value)):
                        sheet.force(fig)
    ret = data.get("retention")
    if ret:
        _hide_retention(ret)
    sheet.apply()
    while _tie_sums(sheet, people_total, partitions, month_new):
        sheet.apply()
    # Attendances add up over months: a total beside a month of 1 to 4 people (or 1 to 4 away
    # from the same month under fewer filters) would give it back.
    if any(sheet.hides(fig) for fig in month_figures):
        _hide_all(t, ("person_sessions",))


def _tie_sums(
    sheet: Sheet,
    total: Figure | None,
    partitions: list[list[Figure]],
    month_new: list[tuple[Figure, Figure]],
) -> bool:
    """Hide what would give back a hidden figure of people from figures shown beside it, after
    `Sheet.apply`; whether anything more was hidden (apply again). New and returning people
    add up to the period's people, and so does each breakdown (profession, region, rurality):
    with the people hidden, one of each shown in full is hidden too. A month's new people are
    its people in the program's first month (and whenever nobody returned): with the month's
    people hidden, its new people are hidden."""

    def hidden(fig: Figure) -> bool:
        return fig.box[fig.key] == SUPPRESSED

    more = False
    if total is not None and hidden(total):
        for figs in partitions:
            shown = [fig for fig in figs if fig.box[fig.key] is not None]
            if shown and not any(hidden(fig) for fig in shown):
                sheet.force(min(shown, key=lambda fig: (len(fig.people) == 0, len(fig.people))))
                more = True
    for people, new in month_new:
        if hidden(people) and new.box[new.key] is not None and not hidden(new):
            sheet.force(new)
            more = True
    return more


def _member(people: People) -> Keep:
    return lambda user: user in people


def _having(attr: Callable[[Any], Any], value: Any) -> Keep:
    return lambda user: bool(attr(user) == value)


def _prefix_shown(
    newcomers: dict[Hashable, set[Hashable]],
    count: Callable[[Iterable[Hashable]], int],
    returning: Mapping[Hashable, People] | None = None,
) -> bool:
    """Whether the people of a prefix (from the first month up to the last of `newcomers`,
    month -> the people whose first attendance falls in it) may be shown. A prefix is known
    for every month (its own date filter, or the page read a month earlier): walking the
    months in order, a prefix is shown where it is none or 5 or more people away from the
    last one shown (nobody before the first month), so any two shown prefixes differ by none
    or 5 or more people.

    Two shown prefixes differ by the new people of the months between them, and a month's
    people (shown in the months table) less its new people are its returning people. So a
    prefix is not shown either while the months since the last one shown include a month of
    1 to 4 returning people (`returning`: those months -> those people), unless such months
    together return 5 or more people, or another month between has 1 to 4 new people
    (hidden, so the months' new people are not all known). Probe 1226: January 10 people,
    February 12 of whom 9 new; the prefixes to January and to February, 10 and 19, give
    February's 9 new, and 12 - 9 its 3 returning."""
    returning = returning or {}
    total = last = 0
    window: set[Hashable] = set()
    masked = False  # a month since the last prefix shown has 1 to 4 new people (hidden)
    for month in sorted({*newcomers, *returning}, key=str):
        new = count(newcomers.get(month, ()))
        total += new
        if new and month in returning:  # (with no new people, they are all its people)
            window |= returning[month]
        elif not enough(new):
            masked = True  # the new people of the months between are not all known
        if enough(total - last) and (masked or enough(count(window))):
            last = total
            window, masked = set(), False
    return total == last and (masked or enough(count(window)))


def _returning_safe(people: People, new: People) -> bool:
    """Whether a month's new people may be shown beside its `people`: the difference (the
    month's returning people, as sets and as counts) is none or 5 or more people."""
    return enough(count_people(people - new)) and enough(
        abs(count_people(people) - count_people(new))
    )


def _few_returning(
    months: Mapping[Any, People], firsts: Mapping[Any, dt.datetime], tz: ZoneInfo
) -> dict[Hashable, People]:
    """The months (`months`: month -> its people) whose returning people (a first attendance
    before the month) are 1 to 4, with those people."""
    out: dict[Hashable, People] = {}
    for month, people in months.items():
        back = frozenset(u for u in people if u in firsts and _month(firsts[u], tz) < month)
        if not enough(count_people(back)):
            out[month] = back
    return out


Answers = tuple[Mapping[Hashable, float], Mapping[Hashable, Any]]


def few_chose_an_option(answers: Answers, wider: Iterable[Answers] = ()) -> bool:
    """Whether one value of a rating scale among `answers` (who -> their answer, and who ->
    the person behind it) was chosen by 1 to 4 people, or by 1 to 4 fewer than among the
    same answers under fewer person filters (`wider`, a click away). A mean shown with its n
    is the sum of the options' counts weighted by their values: beside the options shown on
    the survey's results page (whose n is the same) it gives back the options hidden there
    (probe 1226: 20 answers, 10 of "5" shown, "1" and "4" hidden, a mean of 4.20 gives 2
    and 8)."""

    def by_value(values: Mapping[Hashable, float], people: Mapping[Hashable, Any]) -> dict:
        out: dict[float, set[Any]] = {}
        for who, value in values.items():
            out.setdefault(value, set()).add(people.get(who, who))
        return out

    mine = by_value(*answers)
    if any(not enough(count_people(v)) for v in mine.values()):
        return True
    for theirs in (by_value(*w) for w in wider):
        for value, people in theirs.items():
            if enough(count_people(people)) and not enough(
                count_people(people - mine.get(value, set()))
            ):
                return True
    return False


def pairs_shown(completed: Mapping[Hashable, dt.date]) -> bool:
    """Whether a paired pre/post comparison (`completed`: each pair's person -> the month of
    the later of their two answers) may be shown to an aggregate-only viewer. Its pairs are a
    prefix of the months, known for every month (read a month earlier, or with an earlier end
    date): as for reach (`_prefix_shown`), it is shown where the pairs completed since the
    last month it would have been shown are none or 5 or more people (probe 1221)."""
    return settled((p, month) for p, month in completed.items())


def settled(changes: Iterable[tuple[Hashable, dt.date]]) -> bool:
    """Whether figures that change after their own period (a case's close-out, its
    recommendations, its follow-ups; a pre/post pair completed by a later answer) may be shown
    as they stand at the end of the last month that is over. `changes`: (person, month) of
    each change. The same figures read a month earlier are known, so walking the months in
    order they are shown where the people whose records changed since the last month shown
    are none or 5 or more; any two readings shown then differ by none or 5 or more people's
    changes (probe 1221)."""
    by_month: dict[dt.date, set[Hashable]] = {}
    for person, month in changes:
        by_month.setdefault(month, set()).add(person)
    since: set[Hashable] = set()
    for month in sorted(by_month):
        since |= by_month[month]
        if enough(count_people(since)):
            since = set()
    return not since


def last_settled(
    changes: Iterable[tuple[Hashable, Hashable, dt.date]], last: dt.date
) -> dt.date | None:
    """The last month up to `last` (the last month that is over) at whose end figures may be
    taken for an aggregate-only viewer, when each figure must differ between any two readings
    by none or 5 or more people. `changes`: (figure, person, month) of each change to a
    figure. Walking the months in order, a month is a point where, since the last point, every
    figure's changes are none or 5 or more people; the changes between any two points are
    unions of such sets, so none or 5 or more people too (`settled`, per figure). None: no
    such month (the figures stand as before any change); `last` when every change is settled."""
    by_month: dict[dt.date, dict[Hashable, set[Hashable]]] = {}
    for figure, person, month in changes:
        if month <= last:
            by_month.setdefault(month, {}).setdefault(figure, set()).add(person)
    since: dict[Hashable, set[Hashable]] = {}
    point = None
    for month in sorted(by_month):
        for figure, people in by_month[month].items():
            since.setdefault(figure, set()).update(people)
        if all(enough(count_people(p)) for p in since.values()):
            since, point = {}, month
    return last if not since else point


#: The case figures that change after the cases' months, and the changes that move them.
CASE_CHANGES = ("closeout", "recommendations", "mme", "peg")


def case_changes(cases: QuerySet[Case]) -> dict[str, list[tuple[Any, dt.datetime]]]:
    """(presenter, when) of each change to these cases after they were presented, per group
    of figures: closed (close-out), recommendations sent (time to them, awaiting), a
    follow-up's MME or PEG (the latest value of a pair)."""
    rows: dict[str, Iterable[tuple[Any, Any]]] = {
        "closeout": cases.filter(status=CaseStatus.CLOSED, closed_at__isnull=False).values_list(
            "presenter_id", "closed_at"
        ),
        "recommendations": cases.filter(sent_at__isnull=False).values_list(
            "presenter_id", "sent_at"
        ),
        "mme": FollowUp.objects.filter(
            case__in=cases, case__mme_total__isnull=False, mme_total__isnull=False
        ).values_list("case__presenter_id", "created_at"),
        "peg": CaseScore.objects.filter(
            case__in=cases, follow_up__isnull=False, instrument="peg"
        ).values_list("case__presenter_id", "follow_up__created_at"),
    }
    return {k: [(p, w) for p, w in v if w is not None] for k, v in rows.items()}


def _settled_after(
    changes: list[tuple[Any, dt.datetime]], months: list[dt.date], tz: ZoneInfo
) -> set[dt.date]:
    """The months at whose end the changes so far are `settled`."""
    by_month: dict[dt.date, set[Hashable]] = {}
    for person, when in changes:
        by_month.setdefault(_month(when, tz), set()).add(person)
    out, since = set(), set()
    for month in months:
        since |= by_month.get(month, set())
        if enough(count_people(since)):
            since = set()
            out.add(month)
    return out


def case_cutoffs(views: list[QuerySet[Case]], tz: ZoneInfo) -> dict[str, dt.datetime | None]:
    """For an aggregate-only viewer, the time up to which each group of case figures counts
    the changes (`case_changes`): the end of the last month that is over at which the changes
    of every view (the page's cases, and the same under each narrower set of person filters,
    a click away) are `settled`, so that two readings shown differ by none or 5 or more
    presenters' changes, and the figures of one reading are taken at one time (probe 1221).
    None: nothing changed. A month under way never counts (read a week apart)."""
    last = last_month_over(tz).replace(day=1)
    per_view = [case_changes(v) for v in views]
    out: dict[str, dt.datetime | None] = {}
    for key in CASE_CHANGES:
        changes = [c for view in per_view for c in view[key]]
        if not changes:
            out[key] = None
            continue
        first = min(_month(w, tz) for _p, w in changes)
        months = _months_from(first, last)
        common = set(months)
        for view in per_view:
            common &= _settled_after([c for c in view[key] if _month(c[1], tz) <= last], months, tz)
        month = max(common) if common else None
        out[key] = dt.datetime.combine(_next_month(month) if month else first, dt.time.min, tz)
    return out


def _months_from(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], first
    while month <= last:
        out.append(month)
        month = _next_month(month)
    return out


def closed_by(until: dt.datetime | None) -> Q:
    """Cases closed before `until` (a case closed with no time recorded counts as closed)."""
    if until is None:
        return Q(status=CaseStatus.CLOSED)
    return Q(status=CaseStatus.CLOSED) & (Q(closed_at__isnull=True) | Q(closed_at__lt=until))


def awaiting_at(until: dt.datetime | None) -> Q:
    """Cases whose recommendations were not sent before `until`."""
    if until is None:
        return Q(sent_at__isnull=True)
    return Q(sent_at__isnull=True) | Q(sent_at__gte=until)


def protect_case_changes(
    data: dict[str, Any], cases: QuerySet[Case], cutoffs: dict[str, dt.datetime | None]
) -> list[str]:
    """After `protect_cases`: a group of figures taken before changes that came later (its
    cutoff) and standing for nobody then, while changes are there, is hidden rather than
    shown as none. The names of the groups hidden so (the page says why)."""
    changes = case_changes(cases)
    hidden = []
    for key in CASE_CHANGES:
        until = cutoffs.get(key)
        if until is None or any(when < until for _p, when in changes[key]) or not changes[key]:
            continue
        hidden.append(key)
        if key == "closeout":
            _hide_all(data["closeout"], list(data["closeout"]))
        elif key == "recommendations":
            recs = data["recommendations"]
            for b in recs["bins"]:
                _hide_all(b, ("n",))
            recs["summary"], recs["awaiting"] = HiddenSummary(), SUPPRESSED
        else:
            data[key] = _hidden_pairs()
    return hidden


def _hide_retention(ret: dict[str, Any]) -> None:
    """Retention follows one cohort across a cycle's sessions: its figures beside each
    session's attendees, or a month's people, would give back who joined or left (see
    `protect_reach`). Hidden from aggregate-only viewers; `hidden` says why on the page."""
    if ret.get("cohort") is None and not ret.get("curve"):
        return
    _hide_all(ret, ("cohort", "retained", "share"))
    for c in ret.get("curve", []):
        _hide_all(c, ("n", "share"))
    ret["hidden"] = SUPPRESSED


# Sessions -----------------------------------------------------------------------------------


def protect_sessions(
    program: Program,
    f: Any,
    data: dict[str, Any],
    scope: Iterable[tuple[int, int, int]],
    cases: QuerySet[Case],
) -> None:
    """`scope`: (session, person, minutes) of the attendance at the page's sessions without
    the person filters, as evaluators count it (`evaluator_attendance`); `cases`: the cases
    presented at them."""
    rows = data["rows"]
    ids = {r["pk"] for r in rows}
    pairs = [(s, u) for s, u, _m in scope if s in ids]
    persons = Persons(program, f, {u for _s, u in pairs})
    at = _split(_by(pairs), persons.keep)
    everyone = frozenset(u for _s, u in pairs)
    kept = frozenset(u for u in everyone if persons.keep(u))
    presenters = _by(cases.filter(session_id__in=ids).values_list("session_id", "presenter_id"))
    sheet = Sheet(persons.wider(), splits=persons.splits())
    t = data["totals"]
    if sheet.too_few(kept, everyone):
        _hide_all(t, ("person_sessions", "hours", "mean_attendees"))
        for r in rows:
            _hide_all(r, ("attendees", "minutes"))
        data["hidden_page"] = True
    else:
        figures = [
            Figure(r, "attendees", at[0].get(r["pk"], NOBODY), at[1].get(r["pk"], NOBODY))
            for r in rows
            if r["attendees"] is not None
        ]
        for fig in figures:
            sheet.group([fig])
        # Attendances and minutes add up over sessions: a total beside a hidden session, or two
        # date ranges one session apart, would give that session back. Hidden with any.
        if any(sheet.hides(fig) for fig in figures):
            _hide_all(t, ("person_sessions", "hours", "mean_attendees"))
        else:
            for key in ("person_sessions", "hours", "mean_attendees"):
                sheet.one(t, key, kept, everyone)
    case_figures = [Figure(r, "cases", frozenset(presenters.get(r["pk"], ()))) for r in rows]
    sheet.group(case_figures)
    # Cases add up over sessions too: no total beside a hidden session (two date ranges one
    # session apart would give it back).
    if any(sheet.hides(fig) for fig in case_figures if fig.box[fig.key] is not None):
        _hide_all(t, ("cases",))
    else:
        sheet.one(t, "cases", frozenset(p for v in presenters.values() for p in v))
    sheet.apply()
    for r in rows:
        if r["attendees"] == SUPPRESSED:
            r["minutes"] = SUPPRESSED
    # A session's cases beside its month's case total (the cases dashboard counts by whole
    # months) would give back the month's other sessions: a session's case count shows only
    # where every session of its month stands for none or 5 or more presenters.
    bad = _months_with_a_small_session(f.tz, cases, [r["starts_at"] for r in rows])
    if any(_month(r["starts_at"], f.tz) in bad for r in rows):
        _hide_all(t, ("cases",))
        for r in rows:
            if _month(r["starts_at"], f.tz) in bad:
                _hide_all(r, ("cases",))


def _months_with_a_small_session(
    tz: ZoneInfo, cases: QuerySet[Case], starts: list[dt.datetime]
) -> set[dt.date]:
    """The months (of these sessions) in which a session's cases stand for 1 to 4 presenters."""
    if not starts:
        return set()
    months = {_month(s, tz) for s in starts}
    lo = dt.datetime.combine(min(months), dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(_next_month(max(months)), dt.time.min, tzinfo=tz)
    by_session: dict[int, set[int]] = {}
    month_of: dict[int, dt.date] = {}
    for sid, begins, presenter in cases.filter(
        session__starts_at__gte=lo, session__starts_at__lt=hi
    ).values_list("session_id", "session__starts_at", "presenter_id"):
        by_session.setdefault(sid, set()).add(presenter)
        month_of[sid] = _month(begins, tz)
    return {month_of[sid] for sid, people in by_session.items() if not enough(len(people))}


def response_key(survey_id: int, session_id: int | None, user_id: int | None, pk: int) -> Any:
    """The person behind one survey response (see `smallcells.Anonymous`)."""
    if user_id is None:
        return Anonymous((survey_id, session_id), pk)
    return user_id


# Cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HiddenSummary:
    """A summary (n, mean, median, quartiles) that stands for too few people to show."""

    n: str = SUPPRESSED
    mean: None = None
    median: None = None
    q1: None = None
    q3: None = None
    withheld: str = ""


# A summary's median and quartiles are shown to an evaluator from this many values (probe 1220).
MIN_FOR_QUARTILES = 2 * MIN_PEOPLE


def coarse_summary(s: Any) -> Any:
    """`s` (a `stats.Summary`) as an evaluator may see it: of 5 to 9 values, n and the mean only.

    By the inclusive method the quartiles and median of 5 values are the 2nd, 3rd and 4th
    values themselves, and the mean beside them gives the sum of the other two: three people's
    exact answers out of five. From 10 values on, each of them lies between answers often
    enough, and a rank stands for a tenth of the group or less."""
    from echohub.evaluation.stats import Summary

    if not isinstance(s, Summary) or not 0 < s.n < MIN_FOR_QUARTILES:
        return s
    return dataclasses.replace(
        s,
        median=None,
        q1=None,
        q3=None,
        withheld=str(
            _(
                "Median and quartiles are shown from %(n)s answers: with fewer, each would be "
                "one person's answer."
            )
            % {"n": MIN_FOR_QUARTILES}
        ),
    )


def coarsen_summaries(data: Any) -> Any:
    """Every `stats.Summary` inside `data` (dicts and lists) through `coarse_summary`."""
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = coarsen_summaries(value)
        return data
    if isinstance(data, list):
        data[:] = [coarsen_summaries(v) for v in data]
        return data
    return coarse_summary(data)


def _hidden_pairs() -> dict[str, Any]:
    return {
        "n": SUPPRESSED,
        "before": HiddenSummary(),
        "after": HiddenSummary(),
        "change": HiddenSummary(),
        "decreased": SUPPRESSED,
        "unchanged": SUPPRESSED,
        "increased": SUPPRESSED,
        "test": None,
        "hidden": True,
    }


class CaseMonths:
    """Cases add up over sessions: two date ranges one session apart (or a cycle that shares a
    month with another) would give back the cases of that one session, whose presenters are
    usually one or two people. So for an aggregate-only viewer case dates are whole months
    (`whole_months`), and a month counts only where 5 or more people presented, and where the
    viewer's filters (profession, region, rurality, and the cycle) keep none or 5 or more of
    them and leave out none or 5 or more of them (the same test for each narrower set of
    person filters, for the figures one click away). `cases`: the program's presented cases."""

    def __init__(self, f: Any, cases: QuerySet[Case]) -> None:
        self.f = f
        self.tz: ZoneInfo = f.tz
        self.rows = [
            (presenter, profession, region or "", rurality or "", series, _month(starts, f.tz))
            for presenter, profession, region, rurality, series, starts in cases.filter(
                session__isnull=False
            )
            .annotate(frozen_rurality=frozen_rurality())
            .values_list(
                "presenter_id",
                "presenter_profession",
                "region",
                "frozen_rurality",
                "session__series_id",
                "session__starts_at",
            )
        ]
        self._left_out: dict[tuple[str, ...], set[dt.date]] = {}

    def keeper(self, dims: Iterable[str]) -> Keep:
        """The person filters on these dimensions, on a case row (presenter, profession,
        region, rurality, ...) as `protect_cases` reads them."""
        columns = {"profession": 1, "region": 2, "rurality": 3}
        tests = [(columns[d], getattr(self.f, d)) for d in dims if getattr(self.f, d)]
        return lambda row: all((row[col] or "") == value for col, value in tests)

    def left_out(self, dims: Iterable[str] = DIMENSIONS) -> set[dt.date]:
        """The months whose cases do not count under these person filters (and the cycle)."""
        dims = tuple(dims)
        if dims not in self._left_out:
            keep = self.keeper(dims)
            series = getattr(self.f.series, "pk", None)
            everyone: dict[dt.date, set[Hashable]] = {}
            kept: dict[dt.date, set[Hashable]] = {}
            all_cycles: dict[dt.date, set[Hashable]] = {}
            for row in self.rows:
                month = row[5]
                everyone.setdefault(month, set()).add(row[0])
                if keep(row):
                    all_cycles.setdefault(month, set()).add(row[0])
                    if series is None or row[4] == series:
                        kept.setdefault(month, set()).add(row[0])
            self._left_out[dims] = {
                m
                for m, people in everyone.items()
                if len(people) < MIN_PEOPLE
                or not enough(len(kept.get(m, ())))
                or not enough(len(all_cycles.get(m, set()) - kept.get(m, set())))
            } | self._split_out(dims)
        return self._left_out[dims]

    def _split_out(self, dims: tuple[str, ...]) -> set[dt.date]:
        """The months in which one of the chosen filters (the cycle included) splits the
        month's presenters under the other filters into parts of which the viewer's is hidden
        (`split_hides`): the other values' months, a click away, would give it back."""
        columns = {"profession": 1, "region": 2, "rurality": 3}
        series = getattr(self.f.series, "pk", None)
        chosen = [d for d in dims if getattr(self.f, d)]
        # (test on a row, the filter's column, the viewer's value)
        tests: list[tuple[Callable[[Any], bool], int, Hashable]] = []
        for d in chosen:
            others = _in_cycle(self.keeper([o for o in chosen if o != d]), series)
            tests.append((others, columns[d], getattr(self.f, d)))
        if series is not None:
            tests.append((self.keeper(chosen), 4, series))
        out: set[dt.date] = set()
        for test, col, own in tests:
            cells: dict[dt.date, dict[Hashable, set[Hashable]]] = {}
            for row in self.rows:
                if test(row):
                    value = row[col] if col == 4 else (row[col] or "")
                    cells.setdefault(row[5], {}).setdefault(value, set()).add(row[0])
            out |= {m for m, c in cells.items() if split_hides(c, own)}
        return out

    def restrict(self, qs: QuerySet[Case], dims: Iterable[str] = DIMENSIONS) -> QuerySet[Case]:
        """`qs` without the months that do not count (under these person filters)."""
        for month in sorted(self.left_out(dims)):
            start = dt.datetime.combine(month, dt.time.min, tzinfo=self.tz)
            end = dt.datetime.combine(_next_month(month), dt.time.min, tzinfo=self.tz)
            qs = qs.exclude(session__starts_at__gte=start, session__starts_at__lt=end)
        return qs

    def counts(self, dims: Iterable[str], starts: dt.datetime | None) -> bool:
        """Whether a case of a session starting at `starts` counts under these filters."""
        return starts is not None and _month(starts, self.tz) not in self.left_out(dims)


def protect_cases(
    f: Any,
    data: dict[str, Any],
    parent: QuerySet[Case],
    bin_cases: list[list[int]],
    pair_cases: dict[str, list[tuple[int, Any]]],
    parent_bins: list[list[int]] | None = None,
    parent_pairs: dict[str, list[tuple[int, Any]]] | None = None,
    months: CaseMonths | None = None,
    cutoffs: dict[str, dt.datetime | None] | None = None,
) -> None:
    """`parent`: the presented cases of the period without the presenter filters; the people
    behind a case figure are the cases' presenters. `parent_bins` and `parent_pairs`: the
    response-time bins' and the outcome pairs' cases of `parent` (for a person-filtered view),
    so that those figures too are hidden 1 to 4 presenters away from the unfiltered ones."""
    rows = list(
        parent.annotate(frozen_rurality=frozen_rurality()).values_list(
            "pk",
            "presenter_id",
            "theme",
            "presenter_profession",
            "region",
            "frozen_rurality",
            "status",
            "sent_at",
            "advice_followed",
            "plan_changed",
            "referral_avoided",
            "session__starts_at",
            "closed_at",
        )
    )
    cut = cutoffs or {}
    sent_by, closed_until = cut.get("recommendations"), cut.get("closeout")

    columns = {"profession": 3, "region": 4, "rurality": 5}

    def keeper(dims: Iterable[str]) -> Keep:
        dims = tuple(dims)
        tests = [(columns[d], getattr(f, d)) for d in dims if getattr(f, d)]
        if months is None:
            return lambda row: all(row[col] == value for col, value in tests)
        # whole months, each narrower set of filters with the months that count under it
        return lambda row: (
            all(row[col] == value for col, value in tests) and months.counts(dims, row[11])
        )

    keep = keeper(DIMENSIONS)
    wider = [keeper(dims) for dims in narrower(f)]
    presenter = {row[0]: row[1] for row in rows}
    kept_rows = [row for row in rows if keep(row)]

    def who(rows_: Iterable[tuple[Any, ...]]) -> People:
        return frozenset(row[1] for row in rows_)

    def who_cases(pks: Iterable[int]) -> People:
        return frozenset(presenter[pk] for pk in pks if pk in presenter)

    chosen = [d for d in DIMENSIONS if getattr(f, d)]
    # each chosen filter splitting a figure under the others (see `split_hides`)
    splits = [(keeper([o for o in chosen if o != d]), columns[d], getattr(f, d)) for d in chosen]

    def split(test: Callable[[tuple[Any, ...]], bool]) -> list[tuple[dict[Hashable, People], Any]]:
        out = []
        for others, col, own in splits:
            cells: dict[Hashable, set[Hashable]] = {}
            for r in rows:
                if test(r) and others(r):
                    cells.setdefault(r[col] or "", set()).add(r[1])
            out.append(({k: frozenset(v) for k, v in cells.items()}, own))
        return out

    def fig(box: Any, key: Any, test: Callable[[tuple[Any, ...]], bool]) -> Figure:
        return Figure(
            box,
            key,
            who(r for r in kept_rows if test(r)),
            parents=[who(r for r in rows if test(r) and w(r)) for w in wider],
            siblings=split(test),
        )

    sheet = Sheet([])
    recs = data["recommendations"]
    closed = data["closeout"]
    # cases there, in months that do not count: hidden, not 0
    plain_keep = [(columns[d], getattr(f, d)) for d in DIMENSIONS if getattr(f, d)]
    left_out_only = (
        months is not None
        and not kept_rows
        and any(all(row[col] == value for col, value in plain_keep) for row in rows)
    )
    if left_out_only or Sheet([]).hides(fig({0: 0}, 0, lambda r: True)):
        data["total"] = SUPPRESSED
        for key in ("by_theme", "by_profession"):
            for r in data[key]:
                _hide_all(r, ("n",))
        for b in recs["bins"]:
            _hide_all(b, ("n",))
        recs["summary"], recs["awaiting"] = HiddenSummary(), SUPPRESSED
        data["mme"], data["peg"] = _hidden_pairs(), _hidden_pairs()
        _hide_all(closed, list(closed))
        data["hidden_page"] = True
        data["empty"] = False
        return

    def column_is(col: int, value: Any) -> Callable[[tuple[Any, ...]], bool]:
        return lambda row: (row[col] or "") == value

    def closed_with(col: int, values: tuple[Any, ...], within: bool) -> Callable[..., bool]:
        return lambda row: is_closed(row) and (row[col] in values) == within

    sheet.group([fig(data, "total", lambda r: True)])
    for key, col in (("by_theme", 2), ("by_profession", 3)):
        sheet.group(fig(r, "n", column_is(col, r["key"])) for r in data[key])

    def among(pks: Iterable[int]) -> list[People]:
        """The presenters of these cases of `parent` under each narrower set of filters."""
        within = set(pks)
        return [who(r for r in rows if r[0] in within and w(r)) for w in wider]

    def split_among(pks: Iterable[int]) -> list[tuple[dict[Hashable, People], Any]]:
        within = set(pks)
        return split(lambda r: r[0] in within)

    all_bins = parent_bins if parent_bins is not None and wider else [[] for _b in bin_cases]
    sheet.group(
        Figure(
            b,
            "n",
            who_cases(pks),
            parents=among(wide) if wider else None,
            siblings=split_among(wide) if wider else None,
        )
        for b, pks, wide in zip(recs["bins"], bin_cases, all_bins, strict=True)
    )
    sent = {"n": recs["summary"].n}
    sheet.group(
        [
            Figure(
                sent,
                "n",
                who_cases(pk for pks in bin_cases for pk in pks),
                parents=among(pk for pks in all_bins for pk in pks) if wider else None,
                siblings=split_among(pk for pks in all_bins for pk in pks) if wider else None,
            ),
            fig(
                recs,
                "awaiting",
                lambda r: r[7] is None or (sent_by is not None and r[7] >= sent_by),
            ),
        ]
    )
    for key in ("mme", "peg"):
        pairs = data[key]
        changes = pair_cases[key]
        wide_changes = (parent_pairs or {}).get(key, [])
        box = {"n": pairs["n"]}
        box_fig = Figure(
            box,
            "n",
            who_cases(pk for pk, _c in changes),
            parents=among(pk for pk, _c in wide_changes) if wider else None,
            siblings=split_among(pk for pk, _c in wide_changes) if wider else None,
        )
        sheet.group([box_fig])
        sheet.group(
            Figure(
                pairs,
                k,
                who_cases(pk for pk, c in changes if test(c)),
                parents=among(pk for pk, c in wide_changes if test(c)) if wider else None,
                siblings=split_among(pk for pk, c in wide_changes if test(c)) if wider else None,
            )
            for k, test in (
                ("decreased", lambda c: c < 0),
                ("unchanged", lambda c: c == 0),
                ("increased", lambda c: c > 0),
            )
        )
        pairs["_box"] = box

    def is_closed(row: tuple[Any, ...]) -> bool:
        """Closed before the close-out's cutoff (as `closed_by`)."""
        return bool(row[6] == CaseStatus.CLOSED) and (
            closed_until is None or row[12] is None or row[12] < closed_until
        )

    sheet.group([fig(closed, "closed", is_closed)])
    for keys, col, values in (
        (("advice_all", "advice_some", "advice_none"), 8, ("all", "some", "none")),
        (("plan_yes", "plan_no"), 9, (True, False)),
        (("referral_yes", "referral_no"), 10, (True, False)),
    ):
        figs = [
            fig(closed, k, closed_with(col, (v,), True)) for k, v in zip(keys, values, strict=True)
        ]
        missing = keys[0].split("_")[0] + "_missing"
        figs.append(fig(closed, missing, closed_with(col, values, False)))
        sheet.group(figs)
    sheet.apply()
    if sent["n"] == SUPPRESSED:
        recs["summary"] = HiddenSummary()
    for key in ("mme", "peg"):
        box = data[key].pop("_box")
        if box["n"] == SUPPRESSED:
            data[key] = _hidden_pairs()


# Surveys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HiddenResult:
    """A pre/post test that stands for too few people to show."""

    test: str = ""
    n: str = SUPPRESSED
    statistic: None = None
    p: None = None
    effect: None = None
    effect_name: str = ""
    mean_pre: None = None
    mean_post: None = None
    n_pre: str = SUPPRESSED
    n_post: str = SUPPRESSED
    note: str = ""


HIDDEN_RESULT = HiddenResult()


def last_month_over(tz: ZoneInfo) -> dt.date:
    """The last day of the last month that is over (in the program's time zone)."""
    return timezone.localdate(timezone=tz).replace(day=1) - dt.timedelta(days=1)


def whole_months(f: Any) -> Any:
    """The viewer's filters with their dates widened to whole months that are over: an
    aggregate-only viewer's smallest unit of time (see `SurveyMonths`, `CaseMonths`,
    `protect_reach`). A month still running is left out: read a week apart, its figures
    would give back that week's people."""
    start, end = f.date_from, f.date_to
    if end is not None:
        end = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    last = last_month_over(f.tz)
    if end is None or end > last:
        end = last
    return dataclasses.replace(f, date_from=start.replace(day=1) if start else None, date_to=end)


def one_month(f: Any) -> bool:
    """Whether these (whole-month) filters cover one calendar month: the only period over
    which an aggregate-only viewer sees counts of distinct people (see `protect_reach`)."""
    return bool(
        f.date_from and f.date_to and f.date_from.replace(day=1) == f.date_to.replace(day=1)
    )


def splits_safely(whole: People, parts: Iterable[People]) -> bool:
    """Whether `whole` may be shown beside figures of its `parts` (subsets of it, each shown
    elsewhere): none of them leaves out 1 to 4 of its people, and two parts (whose counts and
    the whole's give their overlap) do not share 1 to 4 people."""
    inside = [p & whole for p in parts]
    if any(not enough(count_people(whole - p)) for p in inside):
        return False
    present = [p for p in inside if p]
    return len(present) != 2 or enough(count_people(present[0] & present[1]))


def repeats_safely(whole: People, parts: Iterable[People]) -> bool:
    """Whether `whole` may be shown beside figures of its `parts` (subsets of it that do not
    nest: its sessions, or its months, each shown elsewhere) as far as their sum goes: the
    parts' figures add up to more than the whole by the times its people came again (the
    attendances less the people: 15 less 14 in a month of three sessions of 5 people is one
    person who came twice, probe 1226), so the people in two or more parts are none or 5 or
    more."""
    seen: set[Hashable] = set()
    again: set[Hashable] = set()
    for part in parts:
        inside = part & whole
        again |= seen & inside
        seen |= inside
    return enough(count_people(again))


def _in_cycle(keep: Callable[[Any], bool], series: Any) -> Callable[[Any], bool]:
    """A case row's test: `keep`, and in the cycle `series` (any when None)."""
    return lambda row: keep(row) and (series is None or row[4] == series)


def _element_test(keep: Callable[[Any], bool], months: set[dt.date]) -> Callable[[Any], bool]:
    """A survey element's (person, user, month) test: `keep` on the user, outside `months`."""
    return lambda x: keep(x[1]) and x[2] not in months


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class SurveyMonths:
    """Survey answers add up over time: two date ranges a day apart would give back the
    answers of whoever answered that day. So for an aggregate-only viewer dates are whole
    months, and a survey's month counts only where 5 or more people answered it in that month,
    and where the viewer's person filters keep none or 5 or more of them (the same test for
    each narrower set of filters, for the figures one click away)."""

    def __init__(self, program: Program, f: Any, surveys: QuerySet[Any]) -> None:
        responses = Response.objects.filter(survey__in=surveys)
        self.f = f
        self.anonymous = dict(surveys.values_list("pk", "anonymous"))
        # A cycle slices a survey's answers by session (of a survey not bound to a cycle):
        # a month shared by two cycles, read for all cycles and for one, would give back
        # the other's answers, so the cycle counts here as a filter like the person ones.
        self.sliced = (
            set(surveys.filter(series__isnull=True).values_list("pk", flat=True))
            if f.series is not None
            else set()
        )
        self.in_cycle: set[int] = set()
        self.series: dict[int, int | None] = {}  # response -> its session's cycle
        self.rows = []
        for pk, survey, session, user, day, series in responses.values_list(
            "pk", "survey_id", "session_id", "user_id", "submitted_on", "session__series_id"
        ):
            self.rows.append(
                (pk, survey, response_key(survey, session, user, pk), user, day.replace(day=1))
            )
            self.series[pk] = series
            if f.series is not None and series == f.series.pk:
                self.in_cycle.add(pk)
        self.persons = Persons(program, f, responses.values("user_id"))
        self._left_out: dict[tuple[int, tuple[str, ...]], set[dt.date]] = {}
        self._split: dict[int, set[dt.date]] = {}

    def keeper(self, survey: int, dims: Iterable[str]) -> Callable[[Any], bool]:
        """The person filters on these dimensions, on a response's user id (ignored for an
        anonymous survey; an anonymous response of an identified survey passes none)."""
        dims = tuple(d for d in dims if getattr(self.f, d))
        if self.anonymous.get(survey) or not dims:
            return lambda user: True
        keep = self.persons.keeper(dims)
        return lambda user: user is not None and keep(user)

    def left_out(self, survey: int, dims: Iterable[str] = DIMENSIONS) -> set[dt.date]:
        """The months of `survey` whose answers do not count under these filters."""
        dims = tuple(dims)
        if (survey, dims) not in self._left_out:
            keep = self.keeper(survey, dims)
            sliced = survey in self.sliced
            everyone: dict[dt.date, set[Hashable]] = {}
            kept: dict[dt.date, set[Hashable]] = {}
            all_cycles: dict[dt.date, set[Hashable]] = {}  # kept but for the cycle
            for pk, s, person, user, month in self.rows:
                if s == survey:
                    everyone.setdefault(month, set()).add(person)
                    if keep(user):
                        all_cycles.setdefault(month, set()).add(person)
                        if not sliced or pk in self.in_cycle:
                            kept.setdefault(month, set()).add(person)
            self._left_out[(survey, dims)] = {
                m
                for m, people in everyone.items()
                if count_people(people) < MIN_PEOPLE
                or not enough(count_people(kept.get(m, ())))
                or not enough(count_people(all_cycles.get(m, set()) - kept.get(m, set())))
            }
        return self._left_out[(survey, dims)]

    def split_out(self, survey: int) -> set[dt.date]:
        """The months of `survey` in which one of the viewer's filters (the cycle of a survey
        it slices included) splits the month's respondents under the other filters into parts
        of which the viewer's is hidden (`split_hides`): the other values' figures, a click
        away, would give it back. A figure with answers from such a month is hidden whole
        (leaving the month out instead would make the figure for a range of months give the
        month back beside the same figure without it)."""
        if survey not in self._split:
            self._split[survey] = self._split_out(survey, DIMENSIONS)
        return self._split[survey]

    def hits(self, survey: int, qs: QuerySet[Response]) -> bool:
        """Whether responses of `qs` fall in a month of `split_out`."""
        months = self.split_out(survey)
        if not months:
            return False
        q = Q()
        for month in months:
            q |= Q(submitted_on__gte=month, submitted_on__lt=_next_month(month))
        return qs.filter(q).exists()

    def _split_out(self, survey: int, dims: tuple[str, ...]) -> set[dt.date]:
        sliced = survey in self.sliced
        chosen = [] if self.anonymous.get(survey) else [d for d in dims if getattr(self.f, d)]
        tests: list[tuple[Callable[[Any], bool], Callable[[Any], Hashable], Hashable]] = []
        for d in chosen:
            others = self.keeper(survey, [o for o in chosen if o != d])
            tests.append((self._row_test(others, sliced), self._row_value(d), getattr(self.f, d)))
        if sliced:
            tests.append(
                (
                    self._row_test(self.keeper(survey, chosen), False),
                    self._row_cycle,
                    self.f.series.pk,
                )
            )
        out: set[dt.date] = set()
        for test, attr, own in tests:
            cells: dict[dt.date, dict[Hashable, set[Hashable]]] = {}
            for r in self.rows:
                if r[1] == survey and test(r):
                    cells.setdefault(r[4], {}).setdefault(attr(r), set()).add(r[2])
            out |= {m for m, c in cells.items() if split_hides(c, own)}
        return out

    def _row_test(self, keep: Callable[[Any], bool], sliced: bool) -> Callable[[Any], bool]:
        return lambda r: keep(r[3]) and (not sliced or r[0] in self.in_cycle)

    def _row_value(self, dim: str) -> Callable[[Any], Hashable]:
        return lambda r: self.persons.value(dim, r[3])

    def _row_cycle(self, r: Any) -> Hashable:
        return self.series.get(r[0])

    def splits(self, survey: int) -> list[Split]:
        """For `Sheet`: each chosen person filter splitting a figure's elements (person, user,
        month) under the other filters, in the months that count under them."""
        if self.anonymous.get(survey):
            return []
        chosen = [d for d in DIMENSIONS if getattr(self.f, d)]
        out: list[Split] = []
        for d in chosen:
            others = tuple(o for o in chosen if o != d)
            out.append(
                (
                    _element_test(self.keeper(survey, others), self.left_out(survey, others)),
                    self._element_value(d),
                    getattr(self.f, d),
                )
            )
        return out

    def _element_value(self, dim: str) -> Callable[[Any], Hashable]:
        return lambda x: self.persons.value(dim, x[1])

    def restrict(self, qs: QuerySet[Response], survey: int) -> QuerySet[Response]:
        """`qs` without the months that do not count."""
        for month in sorted(self.left_out(survey)):
            qs = qs.exclude(submitted_on__gte=month, submitted_on__lt=_next_month(month))
        return qs

    def wider(self, survey: int) -> list[Keep]:
        """For `Sheet`: a test per narrower set of person filters on (person, user, month)."""

        def test(keep: Callable[[Any], bool], months: set[dt.date]) -> Keep:
            return lambda x: keep(x[1]) and x[2] not in months

        return [
            test(self.keeper(survey, dims), self.left_out(survey, dims))
            for dims in narrower(self.f)
        ]


def survey_months(program: Program, f: Any, survey: Survey) -> SurveyMonths:
    """`SurveyMonths` of one survey for these person filters, read once per request (kept on
    the survey object, which a request loads once)."""
    cache: dict[tuple[str, ...], SurveyMonths] = survey.__dict__.setdefault("_echohub_months", {})
    key = (*(getattr(f, d) or "" for d in DIMENSIONS), str(getattr(f.series, "pk", "")))
    if key not in cache:
        cache[key] = SurveyMonths(program, f, Survey.objects.filter(pk=survey.pk))
    return cache[key]


def _elements(survey: int, responses: QuerySet[Response]) -> dict[int, tuple[Any, Any, Any]]:
    """Response id -> (the person behind it, user id, month) for `SurveyMonths.wider`."""
    return {
        pk: (response_key(survey, session, user, pk), user, day.replace(day=1))
        for pk, session, user, day in responses.values_list(
            "pk", "session_id", "user_id", "submitted_on"
        )
    }


def protect_surveys(
    program: Program,
    f: Any,
    data: dict[str, Any],
    kept: QuerySet[Response],
    parent: QuerySet[Response],
) -> None:
    """Responses per survey: `kept` under the viewer's filters, `parent` without the person
    filters (dates already in whole months). Each survey's count is recounted without the
    months that do not count (`SurveyMonths`), then hidden where the rule says."""
    rows = data["rows"]
    months = SurveyMonths(program, f, Survey.objects.filter(pk__in=[r["pk"] for r in rows]))
    kept_ids = set(kept.values_list("pk", flat=True))
    wider = narrower(f)
    figures: list[Figure] = []
    total_people: set[Hashable] = set()
    total_parents: list[set[Hashable]] = [set() for _ in wider]
    total_cells: dict[int, dict[Hashable, set[Hashable]]] = {}  # split i: value -> people
    forced: list[Figure] = []  # with answers in a month the viewer's filters split (see above)
    for r in rows:
        survey = r["pk"]
        left_out, left_out_all = months.left_out(survey), months.left_out(survey, ())
        elements = _elements(survey, parent.filter(survey_id=survey))
        counted = [pk for pk in kept_ids & set(elements) if elements[pk][2] not in left_out]
        universe = {x for x in elements.values() if x[2] not in left_out_all}
        people = frozenset(elements[pk][0] for pk in counted)
        parents = [frozenset(x[0] for x in universe if w(x)) for w in months.wider(survey)]
        siblings: list[tuple[dict[Hashable, People], Hashable]] = []
        for keep, attr, own in months.splits(survey):
            split: dict[Hashable, set[Hashable]] = {}
            for x in universe:
                if keep(x):
                    split.setdefault(attr(x), set()).add(x[0])
            siblings.append(({k: frozenset(v) for k, v in split.items()}, own))
        for i, (parts, _own) in enumerate(siblings):
            for k, v in parts.items():
                total_cells.setdefault(i, {}).setdefault(k, set()).update(v)
        r["n"] = len(counted)
        figures.append(Figure(r, "n", people, parents=parents, siblings=siblings))
        split_months = months.split_out(survey)
        if any(elements[pk][2] in split_months for pk in counted):
            forced.append(figures[-1])
        if not counted and kept_ids & set(elements):
            r["n"] = SUPPRESSED  # answers there, in months that do not count: not 0
        total_people |= people
        for i, p in enumerate(parents):
            total_parents[i] |= p
    data["total"] = sum(r["n"] for r in rows if r["n"] != SUPPRESSED)
    if not data["total"] and any(r["n"] == SUPPRESSED for r in rows):
        data["total"] = SUPPRESSED
    sheet = Sheet([])
    sheet.group(figures)
    total = Figure(
        data,
        "total",
        frozenset(total_people),
        parents=[frozenset(p) for p in total_parents],
        siblings=[
            ({k: frozenset(v) for k, v in total_cells[i].items()}, getattr(f, d))
            for i, d in enumerate(d for d in DIMENSIONS if getattr(f, d))
            if i in total_cells
        ],
    )
    sheet.group([total])
    for fig in [*forced, total] if forced else []:
        sheet.force(fig)
    sheet.apply()


def protect_survey_results(
    program: Program,
    f: Any,
    data: dict[str, Any],
    kept: QuerySet[Response],
    unrestricted: QuerySet[Response],
    parent: QuerySet[Response],
    answers: QuerySet[Answer],
) -> None:
    """One survey's results: `kept` are the responses under the viewer's filters, `parent`
    the same without the person filters (for an anonymous survey they are ignored anyway);
    both already without the months that do not count (`SurveyMonths`)."""
    survey = data["survey"]
    months = survey_months(program, f, survey)
    element = _elements(survey.pk, parent)
    kept_ids = set(kept.values_list("pk", flat=True))
    filtered = f.person_filtered and not survey.anonymous
    sheet = Sheet(
        months.wider(survey.pk) if filtered else [],
        project=lambda x: x[0],
        splits=months.splits(survey.pk) if filtered else [],
    )
    people_kept = frozenset(element[pk][0] for pk in kept_ids if pk in element)
    left_out_only = not kept_ids and unrestricted.exists()  # not 0: none of them counts
    if (
        left_out_only
        or sheet.too_few(people_kept, frozenset(element.values()))
        or months.hits(survey.pk, kept)
    ):
        data["empty"] = False
        _hide_survey_results(data)
        return
    rows = list(
        answers.filter(response_id__in=parent.values("pk")).values_list(
            "question_id", "row_key", "text", "number", "response_id"
        )
    )
    who: dict[tuple[int, str, str], tuple[set[Hashable], set[Hashable]]] = {}
    answered: dict[int, tuple[set[Hashable], set[Hashable]]] = {}
    # the kept responses answering each question, and each matrix row (counts are of answers,
    # one per response: a person answering twice skips once and answers once)
    rids: dict[tuple[int, str | None], set[int]] = {}
    for qid, row_key, _text, _number, rid in rows:
        if rid in kept_ids:
            rids.setdefault((qid, None), set()).add(rid)
            if row_key:
                rids.setdefault((qid, row_key), set()).add(rid)

    def skipped(have: Iterable[int], of: Iterable[int]) -> bool:
        """Whether the responses `of` less those `have` stand for 1 to 4 people (shown beside
        each other, their difference is who skipped: probe 1214)."""
        rest = set(of) - set(have)
        return bool(rest) and not enough(
            count_people(frozenset(element[pk][0] for pk in rest if pk in element))
        )

    for qid, row_key, text, number, rid in rows:
        value = _norm(number) if number is not None else text
        for box in (
            who.setdefault((qid, row_key, value), (set(), set())),
            answered.setdefault(qid, (set(), set())),
        ):
            box[1].add(element[rid])
            if rid in kept_ids:
                box[0].add(element[rid][0])
    for item in data["questions"]:
        q = item["q"]
        kept_q, all_q = answered.get(q.pk, (set(), set()))
        fig = sheet.one(item, "answered", frozenset(kept_q), frozenset(all_q))
        # The page's responses less a question's answers are who skipped it: 1 to 4 people
        # (beside the count shown on the page) hide the question's answers.
        q_rids = rids.get((q.pk, None), set())
        skips = bool(kept_q) and (
            not enough(count_people(people_kept - frozenset(kept_q))) or skipped(q_rids, kept_ids)
        )
        if skips:
            sheet.force(fig)
        if "summary" in item:
            summary = {"n": item["summary"].n}
            fig = sheet.one(summary, "n", frozenset(kept_q), frozenset(all_q))
            if skips:
                sheet.force(fig)
            item["_summary"] = summary
        dists = (
            [("", item["dist"])]
            if "dist" in item
            else [(r["key"], r["dist"]) for r in item.get("rows", [])]
        )
        for row_key, dist in dists:
            figures = []
            for d in dist:
                people = who.get(
                    (q.pk, row_key, item["keys"].get(d["value"], d["value"])), (set(), set())
                )
                figures.append(Figure(d, "n", frozenset(people[0]), frozenset(people[1])))
            sheet.group(figures)
            # a matrix row's options add up to who answered the row (its shares give that
            # count): less the question's answers, 1 to 4 people skipped the row
            row_people = frozenset(p for fig in figures for p in fig.people)
            if (
                row_key
                and row_people
                and (
                    not enough(count_people(frozenset(kept_q) - row_people))
                    or skipped(rids.get((q.pk, row_key), set()), q_rids)
                )
            ):
                for fig in figures:
                    sheet.force(fig)
    sheet.apply()
    for item in data["questions"]:
        item.pop("keys", None)
        summary_box = item.pop("_summary", None)
        if summary_box is not None and summary_box["n"] == SUPPRESSED:
            item["summary"] = HiddenSummary()
        shown: list[list[dict[str, Any]]] = (
            [item["dist"]] if "dist" in item else [r["dist"] for r in item.get("rows", [])]
        )
        # The options add up to the question's answers (a share is a count over them): with
        # that count hidden, shown options or shares would give it back, so all are hidden.
        whole = item.get("answered") == SUPPRESSED
        for options in shown:
            for option in options:
                if whole:
                    option["n"] = SUPPRESSED
                if option["n"] == SUPPRESSED:
                    option["pct"] = SUPPRESSED
    # A free-text question's comments are its answers, one per person: listed beside its
    # hidden answer count, they would give the count back (and each stands for one person).
    silent = [item["q"].pk for item in data["questions"] if item.get("answered") == SUPPRESSED]
    comments = data.get("comments")
    if silent and isinstance(comments, RedactedComments):
        data["comments"] = comments.without_questions(silent)


def _hide_survey_results(data: dict[str, Any]) -> None:
    data["too_few"] = True
    data["n"] = SUPPRESSED
    data["comments"] = []
    for item in data["questions"]:
        item.pop("keys", None)
        item["answered"] = SUPPRESSED
        if "summary" in item:
            item["summary"] = HiddenSummary()
        dists = [item["dist"]] if "dist" in item else [r["dist"] for r in item.get("rows", [])]
        for dist in dists:
            for d in dist:
                d["n"] = d["pct"] = SUPPRESSED
    comparison = data.get("comparison")
    if comparison:
        for it in comparison["items"]:
            it["hidden"], it["result"] = True, HIDDEN_RESULT


def _norm(number: Any) -> str:
    from decimal import Decimal

    d = Decimal(str(number))
    return str(d.to_integral_value()) if d == d.to_integral_value() else str(d.normalize())
