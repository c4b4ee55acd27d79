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


class Tiny:
    def __init__(self) -> None:
        self.program = p = ProgramFactory(slug="tiny", name="Tiny", time_zone="America/Toronto")
        sites = {
            "A": SiteFactory(program=p, name="A", region="Toronto", rurality="urban"),
            "B": SiteFactory(program=p, name="B", region="North West", rurality="rural"),
            "C": SiteFactory(program=p, name="C", region="North West", rurality="urban"),
        }
        layout = [("d1", "dietitian", "B")]
        layout += [(f"f{i}", "family_physician", "A" if i <= 3 else "C") for i in range(1, 7)]
        layout += [(f"n{i}", "nurse_practitioner", "A" if i <= 3 else "C") for i in range(1, 6)]
        self.people: dict[str, Person] = {}
        for key, profession, site in layout:
            user = UserFactory(profession=profession, email=f"{key}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT, site=sites[site])
            s = sites[site]
            self.people[key] = Person(user, key, profession, s.region, s.rurality, s)
        self.cycle = SeriesFactory(program=p, title="Cycle", first_date=dt.date(2026, 1, 8))
        self.sessions = [
            SessionFactory(
                program=p, series=self.cycle, number=i + 1, starts_at=at(d), ends_at=at(d, 14)
            )
            for i, d in enumerate([dt.date(2026, 1, 8), dt.date(2026, 1, 15), dt.date(2026, 1, 22)])
        ]
        #: (person key, session index, minutes)
        self.attendance: list[tuple[str, int, int]] = [("d1", 0, 97)]
        self.attendance += [(k, s, 60) for k in self.people if k != "d1" for s in range(3)]
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
        self.responses = [("d1", 5, "Dietitian comment")] * 6
        self.responses += [(f"f{i}", 4, "") for i in range(1, 6)]
        for i, (key, rating, text) in enumerate(self.responses):
            r = Response.objects.create(
                survey=self.survey,
                user=self.people[key].user,
                session=self.sessions[i % 3],
                submitted_on=dt.date(2026, 1, 25),
            )
            Answer.objects.create(response=r, question=useful, number=Decimal(rating))
            if text:
                Answer.objects.create(response=r, question=comments, text=text)
        #: (presenter key, theme)
        self.cases = [("d1", "opioid_tapering")] * 2 + [(f"f{i}", "low_back") for i in range(1, 6)]
        for i, (key, theme) in enumerate(self.cases):
            person = self.people[key]
            session = self.sessions[i % 3]
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


def small(people: set[str] | frozenset[str]) -> bool:
    """A figure standing for these people may not be shown."""
    return 0 < len(people) < 5


@pytest.fixture
def tiny(db: None) -> Tiny:
    return Tiny()
