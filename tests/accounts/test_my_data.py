"""A person downloads their own data as JSON from their profile page: everything that is theirs,
nothing of anyone else, no case text, no anonymous response; each download is audited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.cases import services as case_services
from echohub.core.models import AuditEntry
from echohub.credits import services as credit_services
from echohub.evaluation.models import Answer, Question, Response
from echohub.programs.models import Registration, Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    SiteFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/data/"
CASE_TEXT = "Lumbar pain radiating to the left leg since the fall"


class World:
    def __init__(self) -> None:
        self.program = ProgramFactory(name="Pain ECHO", slug="pain")
        site = SiteFactory(program=self.program, name="Northside FHT")
        self.me = UserFactory(
            first_name="Priya", last_name="Cardinal", email="priya@example.test",
            licence_number="CPSO 123456", profession="family_physician",
        )  # fmt: skip
        self.other = UserFactory(first_name="Otto", last_name="Other", email="otto@example.test")
        for user in (self.me, self.other):
            MembershipFactory(program=self.program, user=user, role=Role.PARTICIPANT, site=site)
        self.coordinator = UserFactory()
        MembershipFactory(program=self.program, user=self.coordinator, role=Role.COORDINATOR)
        Registration.objects.create(
            program=self.program, email=self.me.email, first_name="Priya", last_name="Cardinal",
            profession="family_physician", licence_number="CPSO 123456", site=site,
            status="approved", user=self.me,
        )  # fmt: skip
        series = SeriesFactory(program=self.program, title="Cycle 2026")
        start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
        self.sessions = [
            SessionFactory(
                program=self.program,
                series=series,
                number=i + 1,
                title=f"Tapering {i + 1}",
                starts_at=start + dt.timedelta(days=7 * i),
                ends_at=start + dt.timedelta(days=7 * i, minutes=90),
            )
            for i in range(2)
        ]
        self.attend(self.me, 90)
        self.attend(self.other, 60)
        from tests.credits.conftest import rule_data

        self.rule = credit_services.create_rule(
            actor=self.coordinator, program=self.program, data=rule_data()
        )
        credit_services.recompute_program(actor=self.coordinator, program=self.program)
        self.certificate = credit_services.issue_certificate(
            actor=self.coordinator, rule=self.rule, user=self.me, session=self.sessions[0]
        )
        case = case_services.start_case(actor=self.me, program=self.program)
        self.case = case_services.save_draft(
            actor=self.me,
            case=case,
            data={"title": "Back pain on oxycodone", "pain_locations": CASE_TEXT},
            medications=[],
            scores=[],
        )
        case_services.start_case(actor=self.other, program=self.program)
        self.survey = SurveyFactory(program=self.program, title="After the session")
        self.anon_survey = SurveyFactory(
            program=self.program, title="Anonymous pulse", anonymous=True
        )
        self.respond(self.survey, self.me, "My own comment", 4)
        self.respond(self.survey, self.other, "Otto's comment", 2)
        self.respond(self.anon_survey, None, "Nobody's comment", 5)
        ApiToken.issue(user=self.me, name="laptop")

    def attend(self, user: Any, minutes: int) -> None:
        for s in self.sessions:
            Attendance.objects.create(
                session=s, user=user, computed_minutes=minutes, minutes=minutes
            )

    def respond(self, survey: Any, user: Any, comment: str, rating: int) -> None:
        useful, _ = Question.objects.get_or_create(
            survey=survey, code="useful", defaults={"kind": "number", "text": "How useful?"}
        )
        text, _ = Question.objects.get_or_create(
            survey=survey, code="comments", defaults={"kind": "text", "text": "Comments"}
        )
        r = Response.objects.create(
            survey=survey, user=user, session=self.sessions[0],
            submitted_on=dt.date(2026, 1, 9), submitted_at=None,
        )  # fmt: skip
        Answer.objects.create(response=r, question=useful, number=Decimal(rating))
        Answer.objects.create(response=r, question=text, text=comment)


@pytest.fixture
def world(db: None) -> World:
    return World()


def download(client: Client, user: Any) -> Any:
    client.force_login(user)
    response = client.post(URL)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="echohub-my-data-')
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def test_the_download_holds_every_section_of_the_persons_data(world, client):
    data = download(client, world.me)
    assert data["format"] == "echohub personal data" and data["version"] == 1
    assert data["profile"]["email"] == "priya@example.test"
    assert data["profile"]["licence_number"] == "CPSO 123456"
    assert [(r["program"], r["role"]) for r in data["roles"]] == [("Pain ECHO", "participant")]
    assert [r["status"] for r in data["registrations"]] == ["approved"]
    assert [(a["session"], a["minutes"]) for a in data["attendance"]] == [
        ("Tapering 1", 90),
        ("Tapering 2", 90),
    ]
    assert [c["credits"] for c in data["credits"]] == [1.5, 1.5]
    assert [c["number"] for c in data["certificates"]] == [world.certificate.number]
    assert data["certificates"][0]["printed_facts"]["credits"]
    assert [(c["program"], c["status"]) for c in data["cases"]] == [("Pain ECHO", "draft")]
    [response] = data["survey_responses"]
    assert response["survey"] == "After the session"
    answers = {a["question"]: a["answer"] for a in response["answers"]}
    assert answers == {"useful": 4, "comments": "My own comment"}
    assert [(t["name"], len(t["starts_with"])) for t in data["api_tokens"]] == [("laptop", 8)]


def test_nothing_of_anyone_else_no_case_text_and_no_anonymous_response(world, client):
    blob = json.dumps(download(client, world.me))
    for absent in ("Otto", "otto@example.test", "Otto's comment", "Nobody's comment",
                   "Anonymous pulse", CASE_TEXT, "Back pain on oxycodone", "key_hash"):  # fmt: skip
        assert absent not in blob, absent


def test_every_download_is_audited_with_counts_only(world, client):
    download(client, world.me)
    [entry] = AuditEntry.objects.filter(action="account.data_downloaded")
    assert entry.actor == world.me and entry.object_id == str(world.me.pk)
    assert entry.changes == {
        "roles": 1, "registrations": 1, "attendance": 2, "credits": 2, "certificates": 1,
        "cases": 1, "survey_responses": 1, "api_tokens": 1,
    }  # fmt: skip
    assert "Priya" not in json.dumps(entry.changes)


def test_someone_with_no_data_gets_empty_sections(world, client):
    data = download(client, UserFactory(email="new@example.test"))
    assert data["profile"]["email"] == "new@example.test"
    for key in ("roles", "registrations", "attendance", "credits", "certificates", "cases",
                "survey_responses", "api_tokens"):  # fmt: skip
        assert data[key] == []


def test_signed_out_is_sent_to_sign_in_and_a_get_is_refused(world, client):
    response = client.post(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(world.me)
    assert client.get(URL).status_code == 405
    assert not AuditEntry.objects.filter(action="account.data_downloaded").exists()


def test_the_download_needs_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.me)
    assert strict.post(URL).status_code == 403
    assert not AuditEntry.objects.filter(action="account.data_downloaded").exists()


def test_the_profile_page_offers_the_download(world, client):
    client.force_login(world.me)
    page = client.get("/accounts/profile/").content.decode()
    assert f'action="{URL}"' in page and "Download my data (JSON)" in page


def test_query_count_does_not_grow_with_the_rows(world, client):
    client.force_login(world.me)
    client.post(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(URL).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    more = SessionFactory(program=world.program, title="Tapering 3")
    Attendance.objects.create(session=more, user=world.me, computed_minutes=30, minutes=30)
    for _ in range(3):
        world.respond(world.survey, world.me, "Again", 3)
        case_services.start_case(actor=world.me, program=world.program)
    assert count() == few
