"""A hub expert's home says what is waiting for them: the cases (scheduled or presented, not yet
sent) that still lack their discipline's recommendations, each with its due date (the
session's end + 7 days), overdue ones marked; the list is an audited list read. Other roles,
and a case once their discipline wrote or once sent, are not listed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus, Recommendation
from echohub.core.models import AuditEntry
from echohub.portal.todo import expert_todo_for
from echohub.programs.models import HubMember, Role
from tests.factories import (
    HubFactory,
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _case(program: Any, title: str, ended_days_ago: float, status: str = CaseStatus.PRESENTED):
    end = timezone.now() - dt.timedelta(days=ended_days_ago)
    session = SessionFactory(program=program, starts_at=end - dt.timedelta(hours=2), ends_at=end)
    presenter = UserFactory()
    MembershipFactory(user=presenter, program=program, role=Role.PARTICIPANT)
    return Case.objects.create(
        program=program,
        presenter=presenter,
        session=session,
        status=status,
        title=title,
        number=f"C-{Case.objects.count() + 1:03d}",
    )


def _expert(program: Any, discipline: str = "pharmacist", **fields: Any) -> Any:
    user = UserFactory(**fields)
    MembershipFactory(user=user, program=program, role=Role.EXPERT)
    if discipline:
        HubMember.objects.create(
            hub=HubFactory(program=program), user=user, hub_role="expert", discipline=discipline
        )
    return user


@pytest.fixture
def program() -> Any:
    return ProgramFactory(name="Pain and opioids ECHO", slug="pain-opioids")


def test_expert_home_lists_cases_waiting_for_their_discipline_with_due_dates(client, program):
    pharmacist = _expert(program)
    overdue = _case(program, "Hip pain with sleep apnea on methadone", ended_days_ago=9)
    due = _case(program, "Neck pain after a crash on tramadol", ended_days_ago=1)
    upcoming = _case(
        program, "Knee pain on codeine before surgery", ended_days_ago=-3, status="scheduled"
    )
    done = _case(program, "Back pain, pharmacy already wrote", ended_days_ago=2)
    Recommendation.objects.create(case=done, discipline="pharmacy", text="x", author=pharmacist)
    other_discipline = _case(program, "Shoulder pain, medicine wrote only", ended_days_ago=2)
    Recommendation.objects.create(
        case=other_discipline, discipline="medicine", text="x", author=pharmacist
    )
    _case(program, "Foot pain already sent back", ended_days_ago=3, status="sent")
    client.force_login(pharmacist)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html.split('id="expert-todo-heading"')[1].split("</section>")[0]
    assert "Pharmacy" in section
    titles = [overdue.title, other_discipline.title, due.title, upcoming.title]
    positions = [section.index(t) for t in titles]
    assert positions == sorted(positions), "oldest due first"
    assert done.title not in section and "Foot pain" not in section
    assert f"/p/{program.slug}/cases/{overdue.pk}/" in section
    item = section[section.rindex("<li", 0, section.index(overdue.title)) :]
    assert item.startswith('<li class="urgent"') and "overdue since" in item
    zone = ZoneInfo(pharmacist.time_zone)
    due_on = timezone.localtime(due.session.ends_at + dt.timedelta(days=7), zone)
    item = section[section.rindex("<li", 0, section.index(due.title)) :]
    item = item[: item.index("</li>")]
    assert re.search(rf"· due \w+ {due_on.day} {due_on:%b}<", item), item
    assert not item.startswith('<li class="urgent"')
    entry = AuditEntry.objects.get(actor=pharmacist, action="case.list_read")
    assert entry.changes["view"] == "home.expert_todo"
    assert sorted(entry.changes["ids"]) == sorted(
        [overdue.pk, due.pk, upcoming.pk, other_discipline.pk]
    )


def test_expert_named_on_no_hub_goes_by_profession_else_sees_cases_with_no_advice(program):
    by_profession = _expert(program, discipline="", profession="physiotherapist")
    unknown = _expert(program, discipline="", profession="other")
    written = _case(program, "Ankle pain, physiotherapy wrote", ended_days_ago=1)
    Recommendation.objects.create(
        case=written, discipline="physiotherapy", text="x", author=by_profession
    )
    untouched = _case(program, "Wrist pain, nobody wrote yet", ended_days_ago=1)
    [mine] = expert_todo_for(by_profession)
    assert [c.case for c in mine.cases] == [untouched]
    [theirs] = expert_todo_for(unknown)
    assert theirs.disciplines == [] and [c.case for c in theirs.cases] == [untouched]


def test_participants_and_coordinators_get_no_expert_list(client, program):
    _case(program, "Elbow pain waiting for advice", ended_days_ago=1)
    for role in (Role.PARTICIPANT, Role.COORDINATOR, Role.EVALUATOR):
        user = UserFactory(profession="pharmacist")
        MembershipFactory(user=user, program=program, role=role)
        assert expert_todo_for(user) == []
        client.force_login(user)
        assert 'id="expert-todo-heading"' not in client.get("/").content.decode()


def test_expert_list_queries_do_not_grow_with_programs(program):
    expert = _expert(program)
    _case(program, "Pelvic pain waiting for advice", ended_days_ago=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert expert_todo_for(expert)
        return len(ctx.captured_queries)

    one = count()
    for i in range(3):
        other = ProgramFactory(name=f"Another ECHO {i}", slug=f"another-{i}")
        MembershipFactory(user=expert, program=other, role=Role.EXPERT)
        _case(other, f"Jaw pain waiting for advice {i}", ended_days_ago=1)
    assert count() == one
