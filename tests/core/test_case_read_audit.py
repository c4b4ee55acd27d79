"""Every read path of case content writes an audit entry: lists, agendas, the home page, the
patient summary, the Django admin and the API. A page that shows several cases writes one
`case.list_read` entry naming them (never one per case, never their text); a page about one
case writes `case.read`. Calendar files and agenda emails name no case, so they read none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.cases import services
from echohub.cases.models import Case, Recommendation
from echohub.core import audit
from echohub.core.models import AuditEntry
from echohub.joining import notices
from echohub.programs.models import Program, Role
from echohub.scheduling.models import AgendaItem, Session
from tests.api.conftest import Api
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Shoulder pain after a fall, tapering oxycodone"


class World:
    def __init__(self) -> None:
        self.program: Program = ProgramFactory(slug="pain", name="Pain ECHO")
        self.coordinator = self.member(Role.COORDINATOR)
        self.presenter = self.member(Role.PARTICIPANT, first_name="Ana", last_name="Lopes")
        start = timezone.now() + dt.timedelta(days=7)
        self.session: Session = SessionFactory(
            program=self.program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
        )
        self.cases: list[Case] = []
        self.add_cases(1)

    def member(self, role: str, **fields: Any) -> Any:
        user = UserFactory(**fields)
        MembershipFactory(
            program=self.program, user=user, role=role, site=SiteFactory(program=self.program)
        )
        return user

    def add_cases(self, n: int) -> list[Case]:
        """`n` cases scheduled into new case slots of the session (title "<TITLE> <i>")."""
        added = []
        for _ in range(n):
            i = len(self.cases)
            AgendaItem.objects.create(
                session=self.session, kind="case", title="open slot", position=10 + i
            )
            case = services.start_case(actor=self.presenter, program=self.program)
            case = services.save_draft(
                actor=self.presenter,
                case=case,
                data={**CLEAN, "title": f"{TITLE} {i}"},
                medications=MEDS,
                scores=[],
            )
            services.submit_case(actor=self.presenter, case=case)
            services.review_case(actor=self.coordinator, case=case, approve=True)
            case = services.schedule_case(actor=self.coordinator, case=case, session=self.session)
            self.cases.append(case)
            added.append(case)
        return added

    @property
    def ids(self) -> list[int]:
        return sorted(c.pk for c in self.cases)


@pytest.fixture
def world(db: None) -> World:
    return World()


def reads(user: Any, action: str = "case.list_read") -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=user, action=action).order_by("pk"))


def sign_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def queries_of(fn: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return len(ctx.captured_queries), response


# The helper -----------------------------------------------------------------------------------


def test_record_reads_writes_one_entry_with_the_ids_and_no_text(world):
    entries = audit.record_reads(
        actor=world.coordinator,
        action="case.list_read",
        object_type="cases.case",
        ids=[3, 1, 2, 1],
        view="somewhere",
        program=world.program,
    )
    assert len(entries) == 1
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    assert entry.changes == {"view": "somewhere", "ids": [1, 2, 3]}
    assert entry.program == world.program and entry.actor == world.coordinator
    assert entry.object_id == "" and entry.object_repr == "3 shown (somewhere)"


def test_record_reads_of_one_object_names_it_and_of_none_writes_nothing(world):
    one = audit.record_reads(
        actor=world.coordinator, action="case.list_read", object_type="cases.case",
        ids=[7], view="v", program=world.program.pk,
    )  # fmt: skip
    assert one[0].object_id == "7"
    before = AuditEntry.objects.count()
    none = audit.record_reads(
        actor=world.coordinator, action="case.list_read", object_type="cases.case",
        ids=[], view="v", program=world.program,
    )  # fmt: skip
    assert none == []
    assert AuditEntry.objects.count() == before


def test_record_reads_by_program_writes_one_entry_per_program_in_one_insert(world):
    other = ProgramFactory()
    with CaptureQueriesContext(connection) as ctx:
        entries = audit.record_reads(
            actor=None,
            action="case.list_read",
            object_type="cases.case",
            ids=(),
            view="admin",
            by_program={world.program.pk: [1, 2], other.pk: [5], None: []},
        )
    assert len(ctx.captured_queries) == 1
    got = {e.program_id: e.changes["ids"] for e in entries}
    assert got == {world.program.pk: [1, 2], other.pk: [5]}
    assert all(e.actor is None for e in entries)


# The case list --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EXPERT, Role.PROGRAM_ADMIN])
def test_case_list_writes_one_entry_naming_the_cases_of_the_page(world, client, role):
    user = world.member(role)
    page = sign_in(client, user).get(f"/p/{world.program.slug}/cases/").content.decode()
    assert f"{TITLE} 0" in page
    [entry] = reads(user)
    assert entry.changes == {"view": "cases.list", "ids": world.ids}
    assert entry.program == world.program


def test_case_list_of_the_presenter_names_their_cases(world, client):
    page = sign_in(client, world.presenter).get(f"/p/{world.program.slug}/cases/")
    assert f"{TITLE} 0" in page.content.decode()
    assert reads(world.presenter)[-1].changes["ids"] == world.ids


def test_case_list_refused_and_hidden_pages_write_no_read(world, client):
    evaluator = world.member(Role.EVALUATOR)
    assert sign_in(client, evaluator).get(f"/p/{world.program.slug}/cases/").status_code == 403
    outsider = UserFactory()
    assert sign_in(client, outsider).get(f"/p/{world.program.slug}/cases/").status_code == 404
    assert not reads(evaluator) and not reads(outsider)


def test_case_list_audits_in_constant_queries_and_only_the_page_shown(world, client, settings):
    settings.PAGE_SIZE = 3
    client = sign_in(client, world.coordinator)
    url = f"/p/{world.program.slug}/cases/"
    client.get(url)  # warm the session
    one, _ = queries_of(lambda: client.get(url))
    world.add_cases(4)
    many, _ = queries_of(lambda: client.get(url))
    assert one == many
    shown = reads(world.coordinator)[-1].changes["ids"]
    assert len(shown) == 3 and set(shown) < set(world.ids)
    queries_of(lambda: client.get(url, {"page": 2}))
    assert len(reads(world.coordinator)[-1].changes["ids"]) == 2


# Agendas: the session page, its htmx partial, the home page ----------------------------------


def test_session_page_names_its_cases_in_one_entry(world, client):
    participant = world.member(Role.PARTICIPANT)
    client = sign_in(client, participant)
    page = client.get(f"/p/{world.program.slug}/sessions/{world.session.pk}/").content.decode()
    assert f"{TITLE} 0" in page
    [entry] = reads(participant)
    assert entry.changes == {"view": "sessions.detail", "ids": world.ids}


def test_session_page_of_an_evaluator_shows_no_case_and_writes_no_read(world, client):
    evaluator = world.member(Role.EVALUATOR)
    page = sign_in(client, evaluator).get(f"/p/{world.program.slug}/sessions/{world.session.pk}/")
    assert page.status_code == 200 and TITLE not in page.content.decode()
    assert not reads(evaluator)


def test_session_page_without_cases_writes_nothing_and_outsider_gets_404(world, client):
    empty = SessionFactory(program=world.program)
    participant = world.member(Role.PARTICIPANT)
    client = sign_in(client, participant)
    assert client.get(f"/p/{world.program.slug}/sessions/{empty.pk}/").status_code == 200
    assert not reads(participant)
    outsider = UserFactory()
    path = f"/p/{world.program.slug}/sessions/{world.session.pk}/"
    assert sign_in(client, outsider).get(path).status_code == 404
    assert not reads(outsider)


def test_session_page_audits_in_constant_queries(world, client):
    client = sign_in(client, world.member(Role.PARTICIPANT))
    url = f"/p/{world.program.slug}/sessions/{world.session.pk}/"
    client.get(url)
    one, _ = queries_of(lambda: client.get(url))
    world.add_cases(5)
    many, response = queries_of(lambda: client.get(url))
    assert f"{TITLE} 5" in response.content.decode()
    assert one == many


def test_agenda_partial_after_an_edit_is_audited(world, client):
    client = sign_in(client, world.coordinator)
    item = AgendaItem.objects.filter(session=world.session, kind="didactic").first()
    response = client.post(
        f"/p/{world.program.slug}/sessions/{world.session.pk}/agenda/new/",
        {"kind": "didactic", "title": "Sleep and pain", "duration_minutes": 20, "position": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content[:300]
    assert item is None and f"{TITLE} 0" in response.content.decode()
    assert reads(world.coordinator)[-1].changes == {"view": "sessions.agenda", "ids": world.ids}


def test_home_page_names_the_next_sessions_cases_in_one_entry(world, client):
    participant = world.member(Role.PARTICIPANT)
    page = sign_in(client, participant).get("/").content.decode()
    assert f"{TITLE} 0" in page
    [entry] = reads(participant)
    assert entry.changes == {"view": "home.next_session", "ids": world.ids}
    assert entry.program == world.program


def test_home_page_of_an_evaluator_writes_no_read(world, client):
    evaluator = world.member(Role.EVALUATOR)
    page = sign_in(client, evaluator).get("/").content.decode()
    assert TITLE not in page and not reads(evaluator)


def test_home_page_audits_in_constant_queries(world, client):
    client = sign_in(client, world.member(Role.PARTICIPANT))
    client.get("/")
    one, _ = queries_of(lambda: client.get("/"))
    world.add_cases(4)
    many, _ = queries_of(lambda: client.get("/"))
    assert one == many


# The patient summary --------------------------------------------------------------------------


def test_patient_summary_is_audited_for_its_presenter_only(world, client):
    case = world.cases[0]
    url = f"/p/{world.program.slug}/cases/{case.pk}/patient-summary/"
    response = sign_in(client, world.presenter).get(url)
    assert response.status_code == 200
    [entry] = reads(world.presenter, "case.read")
    assert entry.object_id == str(case.pk)
    assert entry.changes == {"view": "cases.patient_summary"}
    other = world.member(Role.PARTICIPANT)
    assert sign_in(client, other).get(url).status_code == 404
    outsider = UserFactory()
    assert sign_in(client, outsider).get(url).status_code == 404
    assert not reads(other, "case.read") and not reads(outsider, "case.read")


# The Django admin -----------------------------------------------------------------------------


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(is_superuser=True, is_staff=True)


def test_admin_case_list_writes_one_entry_per_program(world, client, superuser):
    elsewhere = ProgramFactory()
    presenter = UserFactory()
    MembershipFactory(program=elsewhere, user=presenter)
    far = services.start_case(actor=presenter, program=elsewhere)
    response = sign_in(client, superuser).get("/admin/cases/case/")
    assert response.status_code == 200
    got = {e.program_id: e.changes["ids"] for e in reads(superuser)}
    assert got == {world.program.pk: world.ids, elsewhere.pk: [far.pk]}
    assert {e.changes["view"] for e in reads(superuser)} == {"admin.case.list"}


def test_admin_case_page_writes_a_case_read(world, client, superuser):
    case = world.cases[0]
    response = sign_in(client, superuser).get(f"/admin/cases/case/{case.pk}/change/")
    assert response.status_code == 200 and f"{TITLE} 0" in response.content.decode()
    [entry] = reads(superuser, "case.read")
    assert entry.object_id == str(case.pk) and entry.program == world.program
    assert entry.changes == {"view": "admin.case.change"}


def test_admin_recommendation_pages_read_their_case(world, client, superuser):
    case = world.cases[0]
    rec = Recommendation.objects.create(
        case=case, discipline="pharmacy", author=world.coordinator, text="Slow taper."
    )
    client = sign_in(client, superuser)
    assert client.get("/admin/cases/recommendation/").status_code == 200
    assert reads(superuser)[-1].changes == {"view": "admin.recommendation.list", "ids": [case.pk]}
    assert client.get(f"/admin/cases/recommendation/{rec.pk}/change/").status_code == 200
    assert reads(superuser, "case.read")[-1].object_id == str(case.pk)


def test_admin_is_refused_to_a_coordinator_without_a_read(world, client):
    response = sign_in(client, world.coordinator).get("/admin/cases/case/")
    assert response.status_code == 302  # to the admin's sign-in
    assert not reads(world.coordinator)


# The API --------------------------------------------------------------------------------------


def test_api_case_list_writes_one_entry_for_the_page(world, client):
    api = Api(client, world.coordinator)
    response = api.get(f"/programs/{world.program.slug}/cases")
    assert response.status_code == 200
    assert {c["title"] for c in response.json()["items"]} == {f"{TITLE} 0"}
    [entry] = reads(world.coordinator)
    assert entry.changes == {"view": "api.cases.list", "ids": world.ids}
    assert entry.program == world.program


def test_api_case_list_audits_only_the_page_in_constant_queries(world, client):
    api = Api(client, world.coordinator)
    path = f"/programs/{world.program.slug}/cases"
    api.get(path)  # the token's first use is recorded once
    one, _ = queries_of(lambda: api.get(path, limit=2))
    world.add_cases(4)
    many, response = queries_of(lambda: api.get(path, limit=2))
    assert one == many
    shown = [c["id"] for c in response.json()["items"]]
    assert reads(world.coordinator)[-1].changes["ids"] == sorted(shown) and len(shown) == 2


def test_api_case_list_refused_to_an_evaluator_and_an_outsider_without_a_read(world, client):
    evaluator = world.member(Role.EVALUATOR)
    outsider = UserFactory()
    path = f"/programs/{world.program.slug}/cases"
    assert Api(client, evaluator).get(path).status_code == 403
    assert Api(client, outsider).get(path).status_code == 404
    assert not reads(evaluator) and not reads(outsider)


def test_api_empty_case_list_writes_nothing(world, client):
    other = world.member(Role.PARTICIPANT)
    response = Api(client, other).get(f"/programs/{world.program.slug}/cases", mine=True)
    assert response.status_code == 200 and response.json()["items"] == []
    assert not reads(other)


def test_api_session_detail_names_its_cases_in_one_entry(world, client):
    participant = world.member(Role.PARTICIPANT)
    path = f"/programs/{world.program.slug}/sessions/{world.session.pk}"
    body = Api(client, participant).get(path).json()
    assert any(TITLE in item["title"] for item in body["agenda"])
    [entry] = reads(participant)
    assert entry.changes == {"view": "api.sessions.detail", "ids": world.ids}


def test_api_session_detail_of_an_evaluator_names_no_case_and_writes_no_read(world, client):
    evaluator = world.member(Role.EVALUATOR)
    path = f"/programs/{world.program.slug}/sessions/{world.session.pk}"
    response = Api(client, evaluator).get(path)
    assert response.status_code == 200 and TITLE not in response.content.decode()
    assert not reads(evaluator)


def test_api_session_detail_audits_in_constant_queries(world, client):
    api = Api(client, world.member(Role.PARTICIPANT))
    path = f"/programs/{world.program.slug}/sessions/{world.session.pk}"
    api.get(path)  # the token's first use and the join token are written once
    one, _ = queries_of(lambda: api.get(path))
    world.add_cases(4)
    many, _ = queries_of(lambda: api.get(path))
    assert one == many


# Calendar files and agenda emails name no case ------------------------------------------------


def test_calendar_file_names_no_case_so_reads_none(world, client):
    participant = world.member(Role.PARTICIPANT)
    response = sign_in(client, participant).get(
        f"/p/{world.program.slug}/sessions/{world.session.pk}/calendar.ics"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Case presentation" in body
    assert TITLE not in body and "Lopes" not in body and world.cases[0].number not in body
    assert not reads(participant) and not reads(participant, "case.read")


def test_agenda_email_names_no_case_nor_its_presenter(world, django_capture_on_commit_callbacks):
    AgendaItem.objects.create(
        session=world.session, kind="didactic", title="Sleep and pain", position=1
    )
    evaluator = world.member(Role.EVALUATOR)
    mail.outbox.clear()
    day_before = world.session.starts_at - dt.timedelta(hours=20)
    with (
        time_machine.travel(day_before, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert notices.send_due_reminders() > 0
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert evaluator.email in bodies
    for body in bodies.values():
        assert "Sleep and pain" in body and "- Case presentation" in body
        assert TITLE not in body and "Lopes" not in body
