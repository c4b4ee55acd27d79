"""A small hand-built program whose every dashboard figure is known.

Sessions (program time zone America/Toronto, 12:00 local):
  s0 2025-12-04 (no cycle)  p1 p2
  s1 2026-01-08 (Cycle 1)   p1 p2 p3 p4      cases c1, c2
  s2 2026-01-15 (Cycle 1)   p1 p3            case c3
  s3 2026-01-22 (Cycle 1)   (no attendance recorded)
  s4 2026-01-29 (Cycle 1)   p1 p4 p5         case c4
  s5 2026-03-05 (no cycle)  p1
  (cancelled 2026-02-05, p6: never counted)
p1-p3 family physicians at site A (North East, rural); p4 nurse practitioner and p5 pharmacist
at site B (Toronto, urban); p6 (site B) never attends.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseScore, CaseStatus, FollowUp
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from echohub.scheduling.models import SessionStatus
from tests.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

TZ = ZoneInfo("America/Toronto")
LIKERT5 = [{"value": str(i), "label": label} for i, label in enumerate(
    ["Not at all", "A little", "Somewhat", "Quite", "Very"], start=1)]  # fmt: skip
PRE_CONF = [2, 3, 2, 3, 1, 4]
POST_CONF = [4, 4, 3, 3, 3, 5]
PRE_NUM = [1, 2, 3, 4, 5]
POST_NUM = [2, 2, 5, 5, 6]


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


class Net:
    def __init__(self) -> None:
        self.program = ProgramFactory(slug="cp", name="Chronic Pain", time_zone="America/Toronto")
        p = self.program
        self.site_a = SiteFactory(program=p, name="A", region="North East", rurality="rural")
        self.site_b = SiteFactory(program=p, name="B", region="Toronto", rurality="urban")
        self.people = []
        for i, (prof, site) in enumerate(
            [
                ("family_physician", self.site_a),
                ("family_physician", self.site_a),
                ("family_physician", self.site_a),
                ("nurse_practitioner", self.site_b),
                ("pharmacist", self.site_b),
                ("pharmacist", self.site_b),
            ],
            start=1,
        ):
            u = UserFactory(profession=prof, email=f"p{i}@example.test")
            MembershipFactory(program=p, user=u, role=Role.PARTICIPANT, site=site)
            self.people.append(u)
        self.cycle = SeriesFactory(program=p, title="Cycle 1", first_date=dt.date(2026, 1, 8))
        days = [
            (dt.date(2025, 12, 4), None),
            (dt.date(2026, 1, 8), self.cycle),
            (dt.date(2026, 1, 15), self.cycle),
            (dt.date(2026, 1, 22), self.cycle),
            (dt.date(2026, 1, 29), self.cycle),
            (dt.date(2026, 3, 5), None),
        ]
        self.sessions = [
            SessionFactory(program=p, series=s, number=i, starts_at=at(d), ends_at=at(d, 14))
            for i, (d, s) in enumerate(days)
        ]
        cancelled = SessionFactory(
            program=p, starts_at=at(dt.date(2026, 2, 5)), status=SessionStatus.CANCELLED
        )
        AgendaItemFactory(session=self.sessions[1], title="Tapering basics")
        AgendaItemFactory(session=self.sessions[2], title="Sleep and pain")
        who = {0: [1, 2], 1: [1, 2, 3, 4], 2: [1, 3], 4: [1, 4, 5], 5: [1]}
        for si, people in who.items():
            for pi in people:
                self.attend(self.sessions[si], self.people[pi - 1], 60 + pi)
        self.attend(cancelled, self.people[5], 90)
        s1, s2, s4 = self.sessions[1], self.sessions[2], self.sessions[4]
        self.c1 = self.case(s1, "opioid_tapering", CaseStatus.FOLLOWED_UP, 24, "90")
        self.c2 = self.case(s1, "opioid_tapering", CaseStatus.CLOSED, 48, "50")
        self.c2.advice_followed, self.c2.referral_avoided = "all", True
        self.c2.save()
        self.c3 = self.case(s2, "low_back", CaseStatus.RECOMMENDATIONS_SENT, 72, "120")
        self.c4 = self.case(s4, "", CaseStatus.PRESENTED, None, None)
        self.follow_up(self.c1, s1.starts_at + dt.timedelta(days=30), "60")
        fu2 = self.follow_up(self.c1, s1.starts_at + dt.timedelta(days=60), "45")
        self.follow_up(self.c2, s1.starts_at + dt.timedelta(days=30), "50")
        CaseScore.objects.create(case=self.c1, instrument="peg", total=Decimal("7"))
        CaseScore.objects.create(case=self.c1, follow_up=fu2, instrument="peg", total=Decimal("5"))

    def attend(self, session: Any, user: Any, minutes: int) -> Attendance:
        return Attendance.objects.create(
            session=session, user=user, computed_minutes=minutes, minutes=minutes
        )

    def case(
        self, session: Any, theme: str, status: str, hours: int | None, mme: str | None
    ) -> Case:
        presenter = self.people[0]
        return Case.objects.create(
            program=self.program,
            presenter=presenter,
            presenter_profession=presenter.profession,
            region="North East",
            session=session,
            theme=theme,
            status=status,
            submitted_at=session.starts_at - dt.timedelta(days=7),
            sent_at=session.starts_at + dt.timedelta(hours=hours) if hours is not None else None,
            mme_total=Decimal(mme) if mme else None,
        )

    def follow_up(self, case: Case, when: dt.datetime, mme: str) -> FollowUp:
        fu = FollowUp.objects.create(
            case=case, reported_by=self.people[0], what_changed="x", mme_total=Decimal(mme)
        )
        FollowUp.objects.filter(pk=fu.pk).update(created_at=when)
        return fu

    def pre_post(self, *, anonymous: bool = False) -> tuple[Survey, Survey]:
        p = self.program
        pre = Survey.objects.create(
            program=p, kind="pre_cycle", title="Pre", series=self.cycle, anonymous=anonymous
        )
        post = Survey.objects.create(
            program=p,
            kind="post_cycle",
            title="Post",
            series=self.cycle,
            anonymous=anonymous,
            pre_survey=pre,
        )
        for s in (pre, post):
            Question.objects.create(
                survey=s, code="confidence", kind="likert", text="Confidence", options=LIKERT5
            )
            Question.objects.create(survey=s, code="per_week", kind="number", text="Per week")
        Question.objects.create(survey=post, code="comments", kind="text", text="Comments")
        for survey, conf, num in ((pre, PRE_CONF, PRE_NUM), (post, POST_CONF, POST_NUM)):
            for i, user in enumerate(self.people):
                r = self.respond(survey, None if anonymous else user)
                self.answer(r, "confidence", conf[i])
                if i < len(num):
                    self.answer(r, "per_week", num[i])
                if survey is post and i < 3:
                    Answer.objects.create(
                        response=r,
                        question=survey.questions.get(code="comments"),
                        text=f"Comment {i}",
                    )
        return pre, post

    def respond(self, survey: Survey, user: Any) -> Response:
        return Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 2, 1))

    def answer(self, response: Response, code: str, value: float) -> Answer:
        return Answer.objects.create(
            response=response,
            question=response.survey.questions.get(code=code),
            number=Decimal(str(value)),
        )


@pytest.fixture
def net(db: None) -> Net:
    return Net()
