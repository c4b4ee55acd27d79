"""The footer names a person's time zone in words ("Eastern time (Toronto)"), in their
language, never as a database key such as "America/Toronto"."""

import pytest

from echohub.accounts.zones import zone_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "english", "french"),
    [
        ("America/Toronto", "Eastern time (Toronto)", "de l’Est (Toronto)"),
        ("America/Vancouver", "Pacific time (Vancouver)", "du Pacifique (Vancouver)"),
        ("America/Regina", "Central time (Regina)", "du Centre (Regina)"),
        ("America/Edmonton", "Mountain time (Edmonton)", "des Rocheuses (Edmonton)"),
        ("America/Halifax", "Atlantic time (Halifax)", "de l’Atlantique (Halifax)"),
        ("America/St_Johns", "Newfoundland time (St Johns)", "de Terre-Neuve (St Johns)"),
        ("Europe/Paris", "Paris time", "de Paris"),
        ("Europe/Amsterdam", "Amsterdam time", "d’Amsterdam"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time", "de Buenos Aires"),
        ("UTC", "UTC", "UTC"),
    ],
)
def test_zone_name_in_each_language(key, english, french):
    assert zone_name(key, "en") == english
    assert zone_name(key, "fr-ca") == french


def test_footer_names_the_zone_in_english(client):
    user = UserFactory(email="tz-en@example.test", time_zone="America/Toronto", language="en")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Times are shown in Eastern time (Toronto)." in html
    assert "America/Toronto" not in html


def test_footer_names_the_zone_in_french(client):
    user = UserFactory(email="tz-fr@example.test", time_zone="America/Toronto", language="fr")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "selon le fuseau de l’Est (Toronto)." in html
    assert "America/Toronto" not in html
