"""What the hubweek4 walk found on a session's page: the hub's "Cases at a glance" page of a
session (its cases' questions, MME/day and scores, and its follow-ups) was linked from nowhere;
a coordinator or expert preparing the session had to know its address. The session page now
links to it for those who may read the session's cases, and only for them."""

import pytest

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EXPERT])
def test_the_session_page_links_its_cases_for_the_hub(as_role, program, upcoming_session, role):
    client = as_role(program, role)
    page = client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/").content.decode()
    assert f'href="/p/{program.slug}/sessions/{upcoming_session.pk}/cases/"' in page
    assert client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/cases/").status_code == 200


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EVALUATOR])
def test_the_link_is_not_shown_to_who_may_not_read_the_cases(
    as_role, program, upcoming_session, role
):
    client = as_role(program, role)
    page = client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/").content.decode()
    assert f"/sessions/{upcoming_session.pk}/cases/" not in page
    assert client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/cases/").status_code in (
        403,
        404,
    )
