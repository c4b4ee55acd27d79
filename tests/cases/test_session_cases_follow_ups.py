"""The hub's preparation view lists the session's linked follow-ups: the case's last
recommendations and its trajectory (MME/day over time), each case read audited like the
presented ones, in a number of queries that does not grow with the follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.cases.models import Case, CaseMedication, CaseStatus, FollowUp, Recommendation
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind

pytestmark = pytest.mark.django_db


def _followed(program, presenter, author, session, n):
    case = Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.FOLLOWED_UP,
        number=f"F-{n:03d}",
        title=f"Followed case {n}",
        sent_at=timezone.now() - dt.timedelta(days=20),
        presented_at=timezone.now() - dt.timedelta(days=25),
        recommendations_summary="Taper slowly and add a walking program.",
    )
    CaseMedication.objects.create(case=case, drug="oxycodone", dose=10, unit="mg",
                                  times_per_day=4)  # fmt: skip
    Recommendation.objects.create(
        case=case, discipline="pharmacy", text=f"Reduce by 10% a month ({n}).", author=author
    )
    fu = FollowUp.objects.create(case=case, reported_by=presenter, what_changed="Less pain.")
    CaseMedication.objects.create(case=case, follow_up=fu, drug="oxycodone", dose=5, unit="mg",
                                  times_per_day=4)  # fmt: skip
    FollowUp.objects.create(case=case, reported_by=presenter, what_changed="No opioid list.")
    AgendaItem.objects.create(
        session=session,
        kind=AgendaKind.FOLLOW_UP,
        title=f"Follow-up: case F-{n:03d}",
        position=10 + n,
        followed_case=case,
    )
    return case


def _get(client, program, session):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/p/{program.slug}/sessions/{session.pk}/cases/")
    return response, len(queries)


def test_prep_view_lists_follow_ups_with_recommendations_and_trajectory(
    as_role, program, presenter, upcoming_session, make_member
):
    author = make_member(program, Role.EXPERT)
    case = _followed(program, presenter, author, upcoming_session, 1)
    client = as_role(program, Role.EXPERT)
    response, one = _get(client, program, upcoming_session)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Follow-ups" in page and case.title in page
    assert "Reduce by 10% a month (1)." in page and "Taper slowly" in page
    rows = page.split(case.title)[1].split("</table>")[0]
    # Presented at 60 MME/day, then 30, then a follow-up with no opioid listed: a gap, not 0.
    assert ">60</td>" in rows and ">30</td>" in rows and "<td>—</td>" in rows
    assert ">0</td>" not in rows
    reads = AuditEntry.objects.filter(action="case.read", actor=client.user, object_id=str(case.pk))
    assert reads.count() == 1
    for n in (2, 3, 4):
        _followed(program, presenter, author, upcoming_session, n)
    response, many = _get(client, program, upcoming_session)
    assert "Followed case 4" in response.content.decode()
    assert one == many
    assert AuditEntry.objects.filter(action="case.read", actor=client.user).count() == 1 + 4


def test_an_unlinked_follow_up_slot_lists_nothing(as_role, program, upcoming_session):
    AgendaItem.objects.create(
        session=upcoming_session, kind=AgendaKind.FOLLOW_UP, title="Someone reports back"
    )
    client = as_role(program, Role.COORDINATOR)
    response, _n = _get(client, program, upcoming_session)
    assert response.status_code == 200 and "Last recommendations" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="case.read", actor=client.user).exists()
