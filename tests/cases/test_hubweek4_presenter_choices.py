"""What the hubweek4 walk found when a new coordinator set a session's didactic talk: the
Presenter list held every active member of the program (about 150 in the demo) by last name,
the hub team's presenters lost among the participants, with nothing telling them apart. The hub
team now comes first, each marked "Hub team"; everyone else follows by name."""

import re

import pytest

from echohub.programs.models import Role
from tests.factories import HubFactory, HubMemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_hub_team_comes_first_in_the_presenter_list(as_role, program, upcoming_session):
    hub = HubFactory(program=program)
    for first, last in [("Aaron", "Abbott"), ("Bea", "Baker")]:
        MembershipFactory(program=program, user=UserFactory(first_name=first, last_name=last))
    speaker = UserFactory(first_name="Yasmin", last_name="Zimmer")
    MembershipFactory(program=program, user=speaker, role=Role.EXPERT)
    HubMemberFactory(hub=hub, user=speaker)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/").content.decode()
    select = re.search(r'<select name="presenter"[^>]*>(.*?)</select>', page, re.S)
    assert select, "no presenter list on the session page"
    names = [
        n.strip()
        for n in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select.group(1))
    ]
    assert names[0] == "Yasmin Zimmer · Hub team"
    assert names.index("Aaron Abbott") < names.index("Bea Baker")
