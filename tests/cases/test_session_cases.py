import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.cases.models import Case, CaseMedication, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _add_cases(program, presenter, session, n, start=0):
    for i in range(start, start + n):
        case = Case.objects.create(
            program=program,
            presenter=presenter,
            session=session,
            status=CaseStatus.SCHEDULED,
            title=f"Session case {i}",
        )
        CaseMedication.objects.create(case=case, drug="oxycodone", dose=10, unit="mg",
                                      times_per_day=4)  # fmt: skip


def _get(client, program, session):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/p/{program.slug}/sessions/{session.pk}/cases/")
    return response, len(queries)


def test_session_view_audits_each_case_in_constant_queries(
    as_role, program, presenter, upcoming_session
):
    client = as_role(program, Role.COORDINATOR)
    _add_cases(program, presenter, upcoming_session, 1)
    response, one = _get(client, program, upcoming_session)
    assert response.status_code == 200 and "Session case 0" in response.content.decode()
    _add_cases(program, presenter, upcoming_session, 5, start=1)
    response, many = _get(client, program, upcoming_session)
    page = response.content.decode()
    assert "Session case 5" in page and "60" in page
    assert one == many
    assert AuditEntry.objects.filter(action="case.read", actor=client.user).count() == 1 + 6


def test_session_view_is_refused_to_participants_and_evaluators(as_role, program, upcoming_session):
    path = f"/p/{program.slug}/sessions/{upcoming_session.pk}/cases/"
    assert as_role(program, Role.PARTICIPANT).get(path).status_code == 403
    assert as_role(program, Role.EVALUATOR).get(path).status_code == 403
    assert as_role(program, None).get(path).status_code == 404
