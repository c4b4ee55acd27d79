"""The funders' PDF for dates after the last month that is over (walk 1223): an evaluator's report
covers whole months that are over, so its period read "1 Jan 2030 to 30 Nov 2026" (the end pulled
back to last month, the start left in the future). It now says no month of those dates is over."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.evaluation.test_probe_1212_reach import FP, JAN8, World, _pdf_text
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_future_period_is_never_written_backwards(client):
    world = World("pdffuture", [(0, JAN8)], [(FP, [0]) for _i in range(6)])
    evaluator = UserFactory()
    MembershipFactory(program=world.program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    response = client.get(
        "/p/pdffuture/insights/report.pdf", {"date_from": "2040-01-01", "date_to": "2040-06-30"}
    )
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "from 1 Jan 2040: no month of these dates is over yet" in text.replace("January", "Jan")
    assert " to 30 " not in text.split("Program report:", 1)[1][:80]
