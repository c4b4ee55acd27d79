"""The API's agenda items carry a follow-up slot's case (`followed_case_id`), checked as on the
page: the program's cases whose recommendations were sent, that the caller may open; hidden
from callers who may not read cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role
from echohub.scheduling.models import AgendaItem
from echohub.scheduling.services import agenda_item_version
from tests.factories import ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain")


@pytest.fixture
def session(pain: Program) -> Any:
    start = timezone.now() + dt.timedelta(days=7)
    return SessionFactory(program=pain, starts_at=start, ends_at=start + dt.timedelta(hours=1))


def make_case(program: Program, status: str = CaseStatus.RECOMMENDATIONS_SENT) -> Case:
    return Case.objects.create(
        program=program,
        presenter=UserFactory(),
        status=status,
        number=f"A-{Case.objects.count() + 1:03d}",
        title="Hand pain in a carpenter",
        sent_at=timezone.now() if status == CaseStatus.RECOMMENDATIONS_SENT else None,
    )


def test_add_and_read_a_linked_follow_up_slot(pain, session, member_api: Any) -> None:
    case = make_case(pain)
    api = member_api(pain, Role.COORDINATOR)
    path = f"/programs/pain/sessions/{session.pk}/agenda"
    response = api.post(path, {"kind": "follow_up", "followed_case_id": case.pk})
    assert response.status_code == 201, response.content
    assert response.json()["followed_case_id"] == case.pk
    assert response.json()["title"] == f"Follow-up: case {case.number}"
    detail = api.get(f"/programs/pain/sessions/{session.pk}").json()
    assert detail["agenda"][0]["followed_case_id"] == case.pk
    entry = AuditEntry.objects.filter(action="case.list_read").latest("pk")
    assert entry.changes == {"view": "api.sessions.detail", "ids": [case.pk]}
    # A participant reads it too (a sent case is shared with members); an evaluator does not.
    shown = member_api(pain, Role.PARTICIPANT).get(f"/programs/pain/sessions/{session.pk}")
    assert shown.json()["agenda"][0]["followed_case_id"] == case.pk
    hidden = member_api(pain, Role.EVALUATOR).get(f"/programs/pain/sessions/{session.pk}")
    assert hidden.json()["agenda"][0]["followed_case_id"] is None


@pytest.mark.parametrize(
    ("which", "status", "code"),
    [
        ("other_program", 400, "follow_up_case_unknown"),
        ("not_sent", 400, "follow_up_case_not_sent"),
        ("wrong_kind", 400, "follow_up_case_wrong_kind"),
        ("no_such_case", 400, "follow_up_case_unknown"),
        ("zero", 422, "invalid"),
    ],
)
def test_bad_follow_up_cases_are_refused(
    pain, session, member_api: Any, which: str, status: int, code: str
) -> None:
    body: dict[str, Any] = {"kind": "follow_up", "title": "Report back"}
    if which == "other_program":
        body["followed_case_id"] = make_case(ProgramFactory()).pk
    elif which == "not_sent":
        body["followed_case_id"] = make_case(pain, CaseStatus.PRESENTED).pk
    elif which == "wrong_kind":
        body.update(kind="didactic", followed_case_id=make_case(pain).pk)
    elif which == "no_such_case":
        body["followed_case_id"] = 987654
    else:
        body["followed_case_id"] = 0
    api = member_api(pain, Role.COORDINATOR)
    response = api.post(f"/programs/pain/sessions/{session.pk}/agenda", body)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    if status == 400:
        assert response.json()["field"] == "followed_case_id"
    assert not AgendaItem.objects.exists()


def test_patch_links_and_unlinks_the_case(pain, session, member_api: Any) -> None:
    case = make_case(pain)
    item = AgendaItem.objects.create(session=session, kind="follow_up", title="Report back")
    api = member_api(pain, Role.COORDINATOR)
    path = f"/programs/pain/sessions/{session.pk}/agenda/{item.pk}"

    def version() -> str:
        return agenda_item_version(AgendaItem.objects.get(pk=item.pk))

    linked = api.patch(path, {"version": version(), "followed_case_id": case.pk})
    assert linked.status_code == 200 and linked.json()["followed_case_id"] == case.pk
    assert linked.json()["title"] == "Report back"  # a typed title is kept
    # Changing the kind alone keeps the case: refused in words until the case is removed.
    refused = api.patch(path, {"version": version(), "kind": "didactic"})
    assert refused.status_code == 400 and refused.json()["code"] == "follow_up_case_wrong_kind"
    both = api.patch(path, {"version": version(), "kind": "didactic", "followed_case_id": None})
    assert both.status_code == 200 and both.json()["followed_case_id"] is None
