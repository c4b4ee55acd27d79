"""Which language a page is in: the person's profile, then Accept-Language, then the default;
the switch on every page keeps the page (and a signed-in person's choice); signing in brings
the person's own language."""

from __future__ import annotations

import pytest
from django.conf import settings

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="')[1].split('"')[0]


def test_accept_language_chooses_french_for_anyone(client):
    assert _lang(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"
    assert _lang(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de, en;q=0.5")) == "en"
    assert _lang(client.get("/accounts/login/")) == settings.LANGUAGE_CODE == "en"


def test_the_profile_language_wins_over_accept_language(client, program, make_member):
    person = make_member(program, Role.PARTICIPANT, language="en")
    client.force_login(person)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert _lang(response) == "en" and "Your programs" in response.content.decode()
    person.language = "fr"
    person.save()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(response) == "fr" and "Vos programmes" in response.content.decode()
    assert response["Content-Language"] == "fr"


def test_no_profile_language_falls_back_to_accept_language(client, program, make_member):
    client.force_login(make_member(program, Role.PARTICIPANT, language=""))
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"


def test_every_page_has_a_switch_that_keeps_the_page(client, program):
    page = f"/p/{program.slug}/"
    html = client.get(page).content.decode()
    assert 'action="/accounts/language/"' in html
    assert f'name="next" value="{page}"' in html
    assert 'name="language" value="fr" lang="fr"' in html and ">Français</button>" in html
    response = client.post("/accounts/language/", {"language": "fr", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()  # the cookie now says French
    assert '<html lang="fr">' in html and "Comment y participer" in html
    assert ">English</button>" in html and ">Français</button>" not in html


def test_the_switch_keeps_the_query_string(client, program):
    page = f"/p/{program.slug}/sessions/?when=past"
    html = client.get("/programs/?q=pain").content.decode()
    assert 'name="next" value="/programs/?q=pain"' in html
    response = client.post("/accounts/language/", {"language": "fr", "next": page})
    assert response["Location"] == page


def test_the_switch_refuses_an_unknown_language_and_another_site(client):
    response = client.post("/accounts/language/", {"language": "xx", "next": "/programs/"})
    assert response["Location"] == "/programs/"
    assert _lang(client.get("/programs/")) == "en"
    response = client.post(
        "/accounts/language/", {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/accounts/language/").status_code == 405


def test_a_signed_in_persons_switch_is_saved_to_their_profile_and_audited(
    client, program, make_member
):
    person = make_member(program, Role.PARTICIPANT, language="en")
    client.force_login(person)
    client.post("/accounts/language/", {"language": "fr", "next": "/"})
    person.refresh_from_db()
    assert person.language == "fr"
    entry = AuditEntry.objects.filter(action="profile.updated", actor=person).latest("pk")
    assert entry.changes == {"language": ["en", "fr"]}
    assert "Vos programmes" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_signing_in_brings_the_persons_language(client, program, make_member):
    person = make_member(program, Role.PARTICIPANT, language="fr")
    person.set_password(PASSWORD)
    person.save()
    assert _lang(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")) == "en"
    response = client.post(
        "/accounts/login/",
        {"username": person.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.wsgi_request.user == person
    assert _lang(response) == "fr" and "Vos programmes" in response.content.decode()


def test_the_profile_form_sets_the_language(client):
    person = UserFactory(language="")
    client.force_login(person)
    html = client.get("/accounts/profile/").content.decode()
    assert 'name="language"' in html
    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Alex",
            "last_name": "Martin",
            "time_zone": "America/Toronto",
            "language": "fr",
            "email_reminders": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "fr"
    assert "Votre profil a été enregistré." in client.get("/accounts/profile/").content.decode()
    response = client.post(
        "/accounts/profile/",
        {"first_name": "A", "last_name": "M", "time_zone": "America/Toronto", "language": "de"},
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.language == "fr"
