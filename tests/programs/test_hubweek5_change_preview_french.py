"""What the hubweek5 walk (hubwalk10) found in French: a rescheduled session's email preview
labelled its recipients « Au » (the "To" of a date range on the breaks page, « du … au … »),
so the coordinator read « Au : tout le monde dans … ». The recipients' "To" has its own
message now (proposed: « Destinataires »)."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_recipients_are_not_labelled_as_the_end_of_a_date_range(as_role, program):
    session = SessionFactory(program=program)
    client = as_role(program, Role.COORDINATOR)
    client.user.language = "fr"
    client.user.save(update_fields=["language"])
    response = client.post(
        f"/p/{program.slug}/sessions/{session.pk}/reschedule/",
        {
            "date": "2027-03-18",
            "start_time": "12:30",
            "end_time": "14:00",
            "time_zone": "America/Toronto",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    label = re.search(r"<dt>([^<]*)</dt><dd>(?:tout le monde|1 personne)", page)
    assert label, page
    assert label.group(1) != "Au"
