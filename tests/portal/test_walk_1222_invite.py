"""A coordinator's first invitation goes through (the walk of round 1222: the invite form's
role picker started on "Program admin", which only a program admin may give, so a
coordinator who typed an email and pressed Send was refused). The picker now starts on
Participant and offers only the roles the inviter may give; the rule itself still holds."""

from __future__ import annotations

import re

import pytest

from echohub.accounts.models import Invitation
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _role_options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="role"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no role picker"
    return [
        (value, "selected" in attrs)
        for value, attrs in re.findall(r'<option value="([^"]*)"([^>]*)>', select.group(1))
    ]


def test_a_coordinator_is_offered_the_roles_they_may_give_starting_on_participant(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    options = _role_options(client.get(f"/p/{program.slug}/manage/people/invite/").content.decode())
    assert Role.PROGRAM_ADMIN.value not in [v for v, _ in options]
    assert [v for v, chosen in options if chosen] == [Role.PARTICIPANT.value]


def test_a_program_admin_may_still_invite_an_admin(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    options = _role_options(client.get(f"/p/{program.slug}/manage/people/invite/").content.decode())
    assert Role.PROGRAM_ADMIN.value in [v for v, _ in options]
    assert [v for v, chosen in options if chosen] == [Role.PARTICIPANT.value]


def test_a_coordinator_who_forces_the_admin_role_is_still_refused(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/manage/people/invite/",
        {"email": "invented.person@example.test", "role": Role.PROGRAM_ADMIN.value},
    )
    assert response.status_code == 400
    assert not Invitation.objects.filter(email="invented.person@example.test").exists()
    # What was typed stays on the page.
    assert 'value="invented.person@example.test"' in response.content.decode()
