"""Two follow-ups of one day each name their medications table apart (the walk of round 1222:
axe found two regions both named "Medications at this follow-up (with MME/day)",
landmark-unique)."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role
from tests.cases.test_walk_1222_schedule_help import _sent

pytestmark = pytest.mark.django_db

OXY = [{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "2"}]


def test_each_follow_up_medications_region_has_its_own_name(
    client, program, presenter, draft, upcoming_session, make_member
):
    from echohub.cases import services

    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    approved = services.review_case(actor=coordinator, case=draft, approve=True)
    case, _ = _sent(program, (approved, coordinator), upcoming_session, make_member)
    for text in ("Slower taper.", "Sleeping better."):
        services.add_follow_up(
            actor=presenter, case=case, what_changed=text, medications=OXY, scores=[]
        )
    client.force_login(presenter)
    html = client.get(f"/p/{program.slug}/cases/{case.pk}/").content.decode()
    names = re.findall(r'role="region" aria-label="([^"]+)"', html)
    follow_up_names = [n for n in names if "follow-up" in n]
    assert len(follow_up_names) == 2
    assert len(set(names)) == len(names), names
