"""A small program where one person can be picked out by a filter, and an independent oracle
of who stands behind each figure (plain Python over the records this module created, no
dashboard code).

Sites: A Toronto urban (f1-f3, n1-n3), C North West urban (f4-f6, n4-n5), B North West rural
(d1, the program's one dietitian). Three held sessions of one cycle in January 2026: everyone
but d1 attends all three (60 minutes); d1 attends the first only, for 97 minutes. A survey
after the sessions: d1 answers six times (rating 5, a comment), f1-f5 once each (rating 4).
Cases: d1 presented two (opioid tapering), f1-f5 one each (low back pain).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseStatus
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

TZ = ZoneInfo("America/Toronto")
HIDDEN = "<5"
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
PROFESSIONS = ["", "dietitian", "family_physician", "nurse_practitioner"]
REGIONS = ["", "Toronto", "North West"]
RURALITIES = ["", "urban", "rural"]


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@dataclass
class Person:
    user: Any
    key: str
    profession: str
    region: str
    rurality: str
    site: Any


#: (person key, profession, site) of the fixed program
LAYOUT = (
    [("d1", "dietitian", "B")]
    + [(f"f{i}", "family_physician", "A" if i <= 3 else "C") for i in range(1, 7)]
    + [(f"n{i}", "nurse_practitioner", "A" if i <= 3 else "C") for i in range(1, 6)]
)


class Tiny:
    """The fixed program of this module's docstring by default; the property tests pass their
    own people, attendance, responses and cases."""

    def __init__(
        self,
        layout: list[tuple[str, str, str]] | None = None,
        attendance: list[tuple[str, int, int]] | None = None,
        responses: list[tuple[str, int, str]] | None = None,
        response_days: list[dt.date] | None = None,
        cases: list[tuple[str, str]] | None = None,
        n_sessions: int = 3,
        slug: str = "tiny",
    ) -> None:
        self.program = p = ProgramFactory(slug=slug, name="Tiny", time_zone="America/Toronto")
        sites = {
            "A": SiteFactory(program=p, name="A", region="Toronto", rurality="urban"),
            "B": SiteFactory(program=p, name="B", region="North West", rurality="rural"),
            "C": SiteFactory(program=p, name="C", region="North West", rurality="urban"),
        }
        self.people: dict[str, Person] = {}
        for key, profession, site in LAYOUT if layout is None else layout:
            user = UserFactory(profession=profession, email=f"{key}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT, site=sites[site])
            s = sites[site]
            self.people[key] = Person(user, key, profession, s.region, s.rurality, s)
        self.cycle = SeriesFactory(program=p, title="Cycle", first_date=dt.date(2026, 1, 8))
        self.sessions = [
            SessionFactory(
                program=p, series=self.cycle, number=i + 1, starts_at=at(d), ends_at=at(d, 14)
            )
            for i, d in enumerate(
                dt.date(2026, 1, 8) + dt.timedelta(days=7 * i) for i in range(n_sessions)
            )
        ]
        #: (person key, session index, minutes)
        if attendance is None:
            attendance = [("d1", 0, 97)]
            attendance += [(k, s, 60) for k in self.people if k != "d1" for s in range(3)]
        self.attendance = attendance
        for key, s, minutes in self.attendance:
            Attendance.objects.create(
                session=self.sessions[s],
                user=self.people[key].user,
                computed_minutes=minutes,
                minutes=minutes,
            )
        self.survey = Survey.objects.create(
            program=p, kind="post_session", title="After the session", status="open"
        )
        useful = Question.objects.create(
            survey=self.survey, code="useful", kind="likert", text="Useful?", options=LIKERT
        )
        comments = Question.objects.create(
            survey=self.survey, code="comments", kind="text", text="Comments"
        )
        #: (person key, rating, comment)
        if responses is None:
            responses = [("d1", 5, "Dietitian comment")] * 6
            responses += [(f"f{i}", 4, "") for i in range(1, 6)]
        self.responses = responses
        self.response_days = response_days or [dt.date(2026, 1, 25)] * len(responses)
        for i, (key, rating, text) in enumerate(self.responses):
            r = Response.objects.create(
                survey=self.survey,
                user=self.people[key].user,
                session=self.sessions[i % n_sessions],
                submitted_on=response_days[i] if response_days else dt.date(2026, 1, 25),
            )
            Answer.objects.create(response=r, question=useful, number=Decimal(rating))
            if text:
                Answer.objects.create(response=r, question=comments, text=text)
        #: (presenter key, theme)
        if cases is None:
            cases = [("d1", "opioid_tapering")] * 2 + [(f"f{i}", "low_back") for i in range(1, 6)]
        self.cases = cases
        for i, (key, theme) in enumerate(self.cases):
            person = self.people[key]
            session = self.sessions[i % n_sessions]
            Case.objects.create(
                program=p,
                presenter=person.user,
                presenter_profession=person.profession,
                region=person.region,
                site=person.site,
                session=session,
                theme=theme,
                status=CaseStatus.PRESENTED,
                submitted_at=session.starts_at - dt.timedelta(days=7),
            )

    # -- the oracle -------------------------------------------------------------------------

    def keep(self, key: str, filters: dict[str, str]) -> bool:
        person = self.people[key]
        return all(
            not filters.get(name) or getattr(person, name) == filters[name]
            for name in ("profession", "region", "rurality")
        )

    def attendees(self, session: int | None = None) -> set[str]:
        return {k for k, s, _m in self.attendance if session is None or s == session}

    def respondents(self) -> set[str]:
        return {k for k, _r, _t in self.responses}

    def presenters(self) -> set[str]:
        return {k for k, _t in self.cases}


def figure_problems(
    tiny: Tiny, filters: dict[str, str], name: str, fig: dict[str, Any]
) -> list[str]:
    """Figures shown for fewer than 5 people, or with a complement of fewer than 5 people,
    and groups whose hidden cells could be subtracted back (oracle in conftest)."""
    out: list[str] = []
    # the same figure with fewer person filters is a click away: each of them, minus this
    # one, gives the people this filter leaves out
    wider = [
        {k: filters[k] for k in subset}
        for n in range(len(filters))
        for subset in itertools.combinations(sorted(filters), n)
    ]

    def keep(people: set[str], chosen: dict[str, str] = filters) -> set[str]:
        return {k for k in people if tiny.keep(k, chosen)}

    def check(where: str, value: Any, everyone: set[str]) -> None:
        if value in (HIDDEN, None):
            return
        kept = keep(everyone)
        if small(kept):
            out.append(f"{name} {where}={value} stands for {sorted(kept)}")
        for parent in wider:
            left_out = keep(everyone, parent) - kept
            if len(keep(everyone, parent)) >= 5 and small(left_out):  # the wider one may show
                out.append(f"{name} {where}={value}: {parent} leaves out {sorted(left_out)}")

    def group(where: str, cells: list[tuple[Any, set[str]]], total: Any) -> None:
        """With the total shown, the hidden cells add up to total - the shown ones."""
        hidden = set().union(*[keep(p) for v, p in cells if v == HIDDEN])
        if total not in (HIDDEN, None) and small(hidden):
            out.append(f"{name} {where}: hidden cells add up to {sorted(hidden)}")

    attendees = tiny.attendees()
    attr = {
        "by_profession": lambda k: tiny.people[k].profession,
        "by_region": lambda k: tiny.people[k].region,
        "by_rurality": lambda k: tiny.people[k].rurality,
    }
    if name == "reach":
        for key in ("people", "person_sessions", "sites", "new"):
            check(key, fig["totals"][key], attendees)
        for m in fig["months"]:
            for key in ("people", "sites", "new"):
                check(f"{m['label']} {key}", m[key], attendees)
        cells = []
        for i, r in enumerate(fig["per_session"]):
            check(f"per_session {i}", r["people"], tiny.attendees(i))
            cells.append((r["people"], tiny.attendees(i)))
        group("per_session", cells, fig["totals"]["person_sessions"])
        for key, of in attr.items():
            cells = []
            for r in fig[key]:
                people = {k for k in attendees if of(k) == r["key"]}
                check(f"{key}[{r['key']}]", r["n"], people)
                cells.append((r["n"], people))
            group(key, cells, fig["totals"]["people"])
        ret = fig["retention"]
        if ret and ret["curve"]:  # a quarter of up to four sessions is one session
            cohort = tiny.attendees(0)
            check("cohort", ret["cohort"], cohort)
            last = tiny.attendees(len(tiny.sessions) - 1)
            check("retained", ret["retained"], cohort & last)
            for i, c in enumerate(ret["curve"]):
                check(f"curve {i}", c["n"], cohort & tiny.attendees(i))
    elif name == "sessions":
        cells = []
        for i, r in enumerate(fig["rows"]):
            check(f"session {i} attendees", r["attendees"], tiny.attendees(i))
            check(f"session {i} minutes", r["minutes"], tiny.attendees(i))
            cells.append((r["attendees"], tiny.attendees(i)))
            presenters = {k for j, (k, _t) in enumerate(tiny.cases) if j % len(tiny.sessions) == i}
            if r["cases"] not in (HIDDEN, 0) and small(presenters):
                out.append(f"sessions {i} cases={r['cases']} stands for {sorted(presenters)}")
        group("rows", cells, fig["totals"]["person_sessions"])
        # attendances add up over sessions: two date ranges one session apart would give a
        # hidden session back, so no total beside one
        if fig["totals"]["person_sessions"] != HIDDEN and HIDDEN in [v for v, _p in cells]:
            out.append(f"sessions: attendances total shown beside a hidden session {filters}")
        for key in ("person_sessions", "hours", "mean_attendees"):
            check(key, fig["totals"][key], attendees)
    elif name == "cases":
        check("total", fig["total"], tiny.presenters())
        for key, col in (("by_theme", 1), ("by_profession", None)):
            cells = []
            for r in fig[key]:
                people = {
                    k
                    for k, theme in tiny.cases
                    if (theme if col else tiny.people[k].profession) == r["key"]
                }
                check(f"{key}[{r['key']}]", r["n"], people)
                cells.append((r["n"], people))
            group(key, cells, fig["total"])
        check("awaiting", fig["recommendations"]["awaiting"], tiny.presenters())
    elif name == "surveys":  # answers count by whole months of 5 or more people
        counted = counted_responses(tiny, filters)
        people = {tiny.responses[i][0] for i in counted}
        for r in [*fig["rows"], {"n": fig["total"]}]:
            if r["n"] in (HIDDEN, 0):
                continue
            if r["n"] != len(counted):
                out.append(f"surveys counts {r['n']}, the oracle {len(counted)}")
            if small(people):
                out.append(f"surveys {r['n']} stands for {sorted(people)}")
            for n in range(len(filters)):
                for dims in itertools.combinations(sorted(filters), n):
                    wider = counted_responses(tiny, {d: filters[d] for d in dims})
                    gap = {tiny.responses[i][0] for i in wider - counted}
                    if len({tiny.responses[i][0] for i in wider}) >= 5 and small(gap):
                        out.append(f"surveys {dims} one click away differ by {sorted(gap)}")
    return out


def counted_responses(tiny: Tiny, filters: dict[str, str]) -> set[int]:
    """The responses an evaluator's survey figures count under `filters`: kept by them, in a
    month where 5 or more people answered and the filters keep none or 5 or more of them."""
    months: dict[dt.date, tuple[set[str], set[str]]] = {}
    for (key, _r, _t), day in zip(tiny.responses, tiny.response_days, strict=True):
        everyone, kept = months.setdefault(day.replace(day=1), (set(), set()))
        everyone.add(key)
        if tiny.keep(key, filters):
            kept.add(key)
    counting = {m for m, (e, k) in months.items() if len(e) >= 5 and not small(k)}
    return {
        i
        for i, ((key, _r, _t), day) in enumerate(
            zip(tiny.responses, tiny.response_days, strict=True)
        )
        if tiny.keep(key, filters) and day.replace(day=1) in counting
    }


def left_out(tiny: Tiny, filters: dict[str, str], everyone: set[str]) -> list[set[str]]:
    """Who `filters` leave out of each figure one click wider (fewer person filters) that
    may itself be shown (5 or more people): a reader could subtract."""
    kept = {k for k in everyone if tiny.keep(k, filters)}
    out = []
    for n in range(len(filters)):
        for subset in itertools.combinations(sorted(filters), n):
            wider = {k for k in everyone if tiny.keep(k, {d: filters[d] for d in subset})}
            if len(wider) >= 5:
                out.append(wider - kept)
    return out


def small(people: set[str] | frozenset[str]) -> bool:
    """A figure standing for these people may not be shown."""
    return 0 < len(people) < 5


@pytest.fixture
def tiny(db: None) -> Tiny:
    return Tiny()
