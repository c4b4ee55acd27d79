"""The home page's program cards give evaluators (and coordinators) a door to the program's
insights, their main task; participants get none."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.EVALUATOR, True), (Role.COORDINATOR, True), (Role.PARTICIPANT, False)],
)
def test_the_program_card_links_to_insights_for_those_who_may_open_them(
    client: Client, role: str, shown: bool
) -> None:
    program = ProgramFactory(slug="pain", name="Pain ECHO")
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=role)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    link = f'href="{reverse("evaluation:insights", args=[program.slug])}"'
    assert (link in html) is shown
    if shown:
        assert client.get(reverse("evaluation:insights", args=[program.slug])).status_code == 200
