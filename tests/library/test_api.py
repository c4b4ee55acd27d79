"""The library's API: the same rights as the pages, one schema per audience, audited reads."""

from __future__ import annotations

import datetime as dt

import pytest

from echohub.core.models import AuditEntry
from echohub.library.models import LibrarySettings, Talk, Tool
from echohub.programs.models import Role
from tests.api.conftest import Api
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return lambda user: Api(client, user)


@pytest.fixture
def content(program, make_case):
    presenter = UserFactory(first_name="Quentin", last_name="Uniquename")
    MembershipFactory(program=program, user=presenter, role=Role.PARTICIPANT)
    talk = Talk.objects.create(
        program=program,
        title="Buprenorphine starts",
        presenter_name="Guest",
        given_on=dt.date(2026, 4, 1),
        recording_url="https://video.example.org/r",
    )
    Tool.objects.create(program=program, title="Opioid Manager", url="https://cep.health/")
    case = make_case(program, presenter=presenter, title="Knee pain and oxycodone")
    return {"talk": talk, "case": case}


def test_member_lists_talks_tools_and_cases_with_presenter(api, program, make_member, content):
    member = make_member(program, Role.PARTICIPANT)
    client = api(member)
    talks = client.get("/library/talks", program=program.slug).json()
    assert [t["title"] for t in talks["items"]] == ["Buprenorphine starts"]
    assert talks["items"][0]["recorded"] is False  # no consent
    detail = client.get(f"/library/talks/{content['talk'].pk}").json()
    assert detail["recording_url"] is None
    tools = client.get("/library/tools").json()
    assert [t["title"] for t in tools["items"]] == ["Opioid Manager"]
    cases = client.get("/library/cases").json()
    assert cases["count"] == 1 and cases["items"][0]["presenter"] == "Quentin Uniquename"
    entry = client.get(f"/library/cases/{content['case'].pk}").json()
    assert entry["presenter"] == "Quentin Uniquename"
    assert entry["recommendations_by_discipline"][0]["discipline"] == "pharmacy"
    listed = AuditEntry.objects.get(action="case.list_read", actor=member)
    assert listed.changes["ids"] == [content["case"].pk] and listed.program_id == program.pk
    assert (
        AuditEntry.objects.filter(
            action="case.read", actor=member, object_id=str(content["case"].pk)
        ).count()
        == 1
    )


def test_reader_from_a_sharing_program_gets_no_presenter_field(
    api, program, other_program, content
):
    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    reader = UserFactory()
    MembershipFactory(program=other_program, user=reader, role=Role.EXPERT)
    client = api(reader)
    cases = client.get("/library/cases").json()
    assert cases["count"] == 1 and "presenter" not in cases["items"][0]
    entry = client.get(f"/library/cases/{content['case'].pk}")
    assert entry.status_code == 200 and "presenter" not in entry.json()
    assert "Uniquename" not in entry.content.decode()
    assert AuditEntry.objects.filter(action="case.read", actor=reader, program=program).exists()


def test_evaluator_gets_no_case_entries_and_no_audit(api, program, make_member, content):
    evaluator = make_member(program, Role.EVALUATOR)
    client = api(evaluator)
    assert client.get("/library/cases").json() == {"items": [], "count": 0}
    assert client.get(f"/library/cases/{content['case'].pk}").status_code == 404
    assert client.get("/library/talks").json()["count"] == 1
    assert not AuditEntry.objects.filter(actor=evaluator, action__startswith="case.").exists()


def test_outsider_sees_nothing(api, program, content):
    client = api(UserFactory())
    assert client.get("/library/talks").json()["count"] == 0
    assert client.get("/library/talks", program=program.slug).status_code == 404
    assert client.get(f"/library/talks/{content['talk'].pk}").status_code == 404
    assert client.get(f"/library/cases/{content['case'].pk}").status_code == 404
    assert client.get("/library/tools").json()["count"] == 0


def test_anonymous_is_refused(api, content):
    assert api(None).get("/library/talks").status_code == 401
