"""What the hubweek5 walk (hubwalk10) found as the hub expert writing a taper plan: the plan
named its conversion factors by the table's code ("factors: cdc2022") where the case form
says "CDC 2022"; and a preview of the plan opened the case page at its top, so on a phone the
expert scrolled past the whole case to find the schedule they had asked for."""

from __future__ import annotations

import re

import pytest

from echohub.cases import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    return draft


def _preview(client, program, case):
    return client.post(
        f"/p/{program.slug}/cases/{case.pk}/taper/",
        {
            "rule": "cdc2022-long-term",
            "interval": "",
            "duration": "long-term",
            "start_date": "2026-12-01",
            "do": "preview",
        },
    )


def test_the_plan_names_its_conversion_table_in_words(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    response = _preview(client, program, scheduled)
    page = response.content.decode()
    assert response.status_code == 200
    assert "factors: CDC 2022<" in page
    assert "cdc2022<" not in page


def test_the_taper_form_opens_the_page_at_its_card(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    page = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/").content.decode()
    form = re.search(r'<form method="post" action="([^"]*/taper/[^"]*)"', page)
    assert form and form.group(1).endswith("#taper-h"), form
    assert 'id="taper-h"' in page


@pytest.mark.parametrize(
    ("pain_type", "pain_duration", "shown"),
    [
        ("", "", "—"),
        ("mixed", "", "Mixed"),
        ("", "gt5y", "More than 5 years"),
        ("mixed", "gt5y", "Mixed, More than 5 years"),
    ],
)
def test_the_pain_line_shows_what_was_given_without_empty_dashes(
    as_role, program, draft, presenter, pain_type, pain_duration, shown
):
    """The walk's case read "Pain: —, —" where the presenter had left both blank."""
    services.submit_case(actor=presenter, case=draft)
    draft.pain_type, draft.pain_duration = pain_type, pain_duration
    draft.save(update_fields=["pain_type", "pain_duration"])
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/").content.decode()
    line = re.search(r"<dt>Pain</dt><dd>(.*?)</dd>", page)
    assert line and line.group(1) == shown
