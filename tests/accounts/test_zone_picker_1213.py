"""The time-zone picker (profile, invitation) names zones in words in the person's language,
Canada's common zones first, and still accepts any key zoneinfo knows; program pages name the
program's zone in words too (a French walk found ~400 raw keys such as "America/Toronto")."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="time_zone".*?</select>', html, re.S)
    assert select, "no time-zone picker"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def _profile_data(**extra: str) -> dict[str, str]:
    data = {"first_name": "Ana", "last_name": "Roy", "language": "fr", "time_zone": ""}
    data.update(extra)
    return data


def test_the_profile_picker_names_zones_in_french_with_canada_first(client):
    client.force_login(UserFactory(language="fr", time_zone="America/Toronto"))
    html = client.get("/accounts/profile/").content.decode()
    options = _options(html)
    assert options[0] == ("America/Toronto", "Heure de l’Est (Toronto)")
    assert ("America/Vancouver", "Heure du Pacifique (Vancouver)") in options[:8]
    assert '<optgroup label="Canada">' in html
    assert not [label for _key, label in options if "/" in label or "_" in label]
    assert re.search(r'<option value="America/Toronto" selected>', html)


def test_the_profile_picker_names_zones_in_english(client):
    client.force_login(UserFactory(language="en", time_zone="Europe/Paris"))
    options = _options(client.get("/accounts/profile/").content.decode())
    assert options[0] == ("America/Toronto", "Eastern time (Toronto)")
    assert ("America/Argentina/Buenos_Aires", "Buenos Aires, Argentina") in options


def test_a_zone_the_picker_does_not_list_is_accepted_and_stays_selected(client):
    user = UserFactory(language="fr", time_zone="America/Toronto")
    client.force_login(user)
    saved = client.post("/accounts/profile/", _profile_data(time_zone="Canada/Eastern"))
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Canada/Eastern"
    html = client.get("/accounts/profile/").content.decode()
    assert re.search(r'<option value="Canada/Eastern" selected>', html)


def test_an_unknown_zone_is_refused_and_the_typed_names_kept(client):
    user = UserFactory(language="fr", time_zone="America/Toronto")
    client.force_login(user)
    refused = client.post(
        "/accounts/profile/", _profile_data(first_name="Béatrice", time_zone="Mars/Base")
    )
    assert refused.status_code == 400
    assert 'value="Béatrice"' in refused.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "America/Toronto"


def test_the_program_page_names_its_zone_in_words(client):
    program = ProgramFactory(time_zone="America/Vancouver")
    user = UserFactory(language="fr")
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    client.force_login(user)
    html = client.get(f"/p/{program.slug}/").content.decode()
    assert "Heure du Pacifique (Vancouver)" in html
    assert "America/Vancouver" not in html


def test_the_person_page_names_their_zone_in_words(client):
    program = ProgramFactory()
    coordinator = UserFactory(language="fr")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    person = UserFactory(time_zone="America/Halifax")
    MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
    client.force_login(coordinator)
    html = client.get(f"/p/{program.slug}/manage/people/{person.pk}/").content.decode()
    assert "Heure de l’Atlantique (Halifax)" in html
    assert "America/Halifax" not in html
