"""A small program with everything a research export reads: consenting and non-consenting
participants, sessions and attendance, identified and anonymous surveys, cases with follow-ups.
People's names and emails are distinctive so a test can search the zip's bytes for them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseScore, FollowUp
from echohub.evaluation.models import Answer, Question, Response, Study, Survey
from echohub.programs.models import Membership, Program, Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    SurveyFactory,
    UserFactory,
)

LIKERT = [
    {"value": str(i), "label": label, "label_fr": ""}
    for i, label in enumerate(["Disagree", "Neutral", "Agree"], start=1)
]


@dataclass
class World:
    program: Program
    study: Study
    consenting: list[Any]
    refusing: list[Any]
    survey: Survey
    anonymous_survey: Survey
    sessions: list[Any]
    questions: dict[str, Question]
    secrets: list[str]  # names and emails that must never appear in an export

    def add_attendance(self, n_people: int, sessions: int = 3) -> None:
        """More consenting people with attendance (for tests that need more rows)."""
        site = SiteFactory(program=self.program)
        for i in range(n_people):
            user = UserFactory(first_name="Extra", last_name=f"Person{i}")
            Membership.objects.create(
                program=self.program,
                user=user,
                role=Role.PARTICIPANT,
                site=site,
                consent_research=True,
            )
            for s in self.sessions[:sessions]:
                Attendance.objects.create(session=s, user=user, minutes=60)


def _respond(survey: Survey, user: Any, session: Any, on: dt.date, answers: list[tuple]) -> None:
    response = Response.objects.create(
        survey=survey,
        user=user,
        session=session,
        submitted_on=on,
        submitted_at=None if user is None else timezone.now(),
    )
    for question, row_key, number, text in answers:
        Answer.objects.create(
            response=response, question=question, row_key=row_key, number=number, text=text
        )


@pytest.fixture
def world(db: None) -> World:
    program = ProgramFactory(slug="pain-echo", name="Pain ECHO")
    site = SiteFactory(program=program, region="North West", rurality="remote", kind="chc")
    ann = UserFactory(
        first_name="Annabelle",
        last_name="Quixote",
        email="annabelle.q@example.test",
        profession="pharmacist",
    )
    cal = UserFactory(
        first_name="Calliope",
        last_name="Vantablack",
        email="calliope.v@example.test",
        profession="registered_nurse",
    )
    bob = UserFactory(
        first_name="Bartholomew", last_name="Nonconsent", email="bart.nope@example.test"
    )
    dee = UserFactory(
        first_name="Desdemona", last_name="Expertise", email="dee.expert@example.test"
    )
    MembershipFactory(program=program, user=ann, site=site, consent_research=True)
    MembershipFactory(program=program, user=cal, site=site, consent_research=True, is_active=False)
    MembershipFactory(program=program, user=bob, site=site, consent_research=False)
    # Consent on a non-participant role does not count.
    MembershipFactory(program=program, user=dee, role=Role.EXPERT, consent_research=True)
    start = dt.datetime(2026, 3, 5, 17, 30, tzinfo=dt.UTC)
    sessions = [
        SessionFactory(program=program, number=i + 1, starts_at=start + dt.timedelta(days=7 * i))
        for i in range(4)
    ]
    for s in sessions[:3]:
        for user in (ann, cal, bob, dee):
            Attendance.objects.create(session=s, user=user, minutes=75)

    survey = SurveyFactory(program=program, title="After the session")
    q = {
        "rel": Question.objects.create(
            survey=survey,
            code="relevance",
            kind="likert",
            text="Relevant?",
            options=LIKERT,
            position=1,
        ),
        "use": Question.objects.create(
            survey=survey,
            code="will-use",
            kind="multiple",
            text="What will you use?",
            position=2,
            options=[
                {"value": "taper", "label": "Tapering | plan"},
                {"value": "peg", "label": "PEG"},
            ],
        ),
        "hours": Question.objects.create(
            survey=survey,
            code="hours",
            kind="number",
            text="Hours?",
            position=3,
            min_value=Decimal(0),
            max_value=Decimal(40),
        ),
        "mat": Question.objects.create(
            survey=survey,
            code="confidence",
            kind="matrix",
            text="Confidence",
            position=4,
            options=LIKERT,
            rows=[{"key": "taper", "label": "Tapering"}, {"key": "naloxone", "label": "Naloxone"}],
        ),
        "comment": Question.objects.create(
            survey=survey, code="comments", kind="text", text="Comments", position=5
        ),
    }
    day = dt.date(2026, 3, 6)
    for user, words in (
        (ann, "Great, call 705-555-0134 or annabelle.q@example.test"),
        (cal, "very useful"),
        (bob, "Bartholomew secret words"),
    ):
        _respond(
            survey,
            user,
            sessions[0],
            day,
            [
                (q["rel"], "", Decimal(3), ""),
                (q["use"], "", None, "taper"),
                (q["use"], "", None, "peg"),
                (q["hours"], "", Decimal("2.5"), ""),
                (q["mat"], "taper", Decimal(2), ""),
                (q["mat"], "naloxone", Decimal(1), ""),
                (q["comment"], "", None, words),
            ],
        )
    anon = SurveyFactory(program=program, title="Anonymous pulse", anonymous=True)
    aq = Question.objects.create(
        survey=anon, code="pulse", kind="likert", text="Pulse", options=LIKERT
    )
    aq_text = Question.objects.create(survey=anon, code="pulse_text", kind="text", text="Say")
    _respond(
        anon, None, None, day, [(aq, "", Decimal(1), ""), (aq_text, "", None, "anonymous words")]
    )

    def case(presenter: Any, n: int) -> Case:
        c = Case.objects.create(
            program=program,
            presenter=presenter,
            presenter_profession=presenter.profession,
            region="North West",
            status="closed",
            theme="low_back",
            age_band="40-49",
            title=f"{presenter.last_name} case",
            submitted_at=start,
            sent_at=start + dt.timedelta(days=9),
            mme_total=Decimal("120.0"),
            advice_followed="some",
            plan_changed=True,
            referral_avoided=None,
            questions=f"Private question from {presenter.first_name}",
            number=f"CASE-{n}",
        )
        CaseScore.objects.create(case=c, instrument="peg", total=Decimal("7.33"))
        fu = FollowUp.objects.create(
            case=c, reported_by=presenter, what_changed="tapered", mme_total=Decimal("60.0")
        )
        CaseScore.objects.create(case=c, follow_up=fu, instrument="peg", total=Decimal("5"))
        return c

    case(ann, 1)
    case(bob, 2)
    Case.objects.create(program=program, presenter=cal, status="draft", title="a draft")
    study = Study.objects.create(program=program, name="Pain ECHO evaluation 2026")
    secrets = [
        "Annabelle",
        "Quixote",
        "annabelle.q@example.test",
        "Calliope",
        "Vantablack",
        "calliope.v",
        "Bartholomew",
        "Nonconsent",
        "bart.nope",
        "Desdemona",
        "dee.expert",
        "example.test",
        "Private question",
    ]
    return World(
        program=program,
        study=study,
        consenting=[ann, cal],
        refusing=[bob, dee],
        survey=survey,
        anonymous_survey=anon,
        sessions=sessions,
        questions=q,
        secrets=secrets,
    )


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def download(client: Any) -> Callable[..., Any]:
    """download(world, user, **choices) -> the response to the download POST."""

    def post(world: World, user: Any, **choices: Any) -> Any:
        client.force_login(user)
        data: dict[str, Any] = {
            "study": world.study.pk,
            "datasets": ["people", "attendance", "survey_answers", "free_text", "case_outcomes"],
            "format": "csv",
        }
        data.update(choices)
        return client.post(f"/p/{world.program.slug}/research/export/download/", data)

    return post


@pytest.fixture
def evaluator(world: World) -> Any:
    user = UserFactory(first_name="Evie", last_name="Evaluator", email="evie.eval@example.test")
    MembershipFactory(program=world.program, user=user, role=Role.EVALUATOR)
    return user
