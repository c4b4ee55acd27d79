"""A presenter's own data download holds the follow-up slots they asked for and the follow-ups
they reported (when, for which case, the slot that answered), never what changed (case text);
the audit entry counts them. Someone else's requests are not theirs."""

# ruff: noqa: F811 (the case fixtures imported below are pytest fixtures, named as arguments)
from __future__ import annotations

import json
from typing import Any

import pytest

from echohub.cases import services
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling import services as scheduling
from tests.cases.conftest import draft, presenter, upcoming_session  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

WHAT_CHANGED = "Down to three tablets a day; sleeping better since the change."


@pytest.fixture
def followed(program: Any, presenter: Any, draft: Any, upcoming_session: Any, make_member: Any):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Reduce by 10% a month."
    )
    services.send_recommendations(actor=coordinator, case=draft, summary="Slow taper.")
    services.add_follow_up(
        actor=presenter, case=draft, what_changed=WHAT_CHANGED, medications=[], scores=[]
    )
    scheduling.ask_for_follow_up_slot(actor=presenter, program=program, case_id=draft.pk)
    draft.refresh_from_db()
    return draft


def _download(client: Any, user: Any) -> dict[str, Any]:
    client.force_login(user)
    response = client.post("/accounts/profile/data/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_my_data_holds_my_follow_up_requests_and_follow_ups_without_case_text(
    client, presenter, followed
):
    data = _download(client, presenter)
    [asked] = data["follow_up_requests"]
    assert asked["case"] == followed.number and asked["program"] == followed.program.name
    assert asked["asked_at"] and asked["answered_at"] is None and asked["slot_session"] is None
    [reported] = data["case_follow_ups"]
    assert reported["case"] == followed.number and reported["reported_at"]
    assert WHAT_CHANGED not in json.dumps(data, ensure_ascii=False)
    entry = AuditEntry.objects.get(action="account.data_downloaded", actor=presenter)
    assert entry.changes["follow_up_requests"] == 1 and entry.changes["case_follow_ups"] == 1


def test_someone_elses_follow_up_requests_are_not_in_my_data(
    client, program, followed, make_member
):
    other = make_member(program, Role.PARTICIPANT)
    data = _download(client, other)
    assert data["follow_up_requests"] == [] and data["case_follow_ups"] == []
    entry = AuditEntry.objects.get(action="account.data_downloaded", actor=other)
    assert "follow_up_requests" not in entry.changes  # an empty section is not counted
