"""Which language a page is in: the person's profile, then the switch (cookie), then
Accept-Language, then (on a program's pages) the program's default language, then the
deployment's default; the switch on every page keeps the page (and a signed-in person's
choice); signing in brings the person's own language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import ProgramFactory, UserFactory

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


# The program's default language ------------------------------------------------------------


@pytest.fixture
def french_program():
    """A program whose content is French first (its default language is French)."""
    return ProgramFactory(
        slug="douleur",
        name="Chronic pain",
        name_fr="Douleur chronique",
        content_languages="fr+en",
        is_public=True,
    )


@pytest.mark.parametrize("accept", [None, "de", "de-DE, es;q=0.8", "*", "xx-invalid!!"])
def test_an_anonymous_reader_gets_a_french_program_in_french(client, french_program, accept):
    headers = {} if accept is None else {"HTTP_ACCEPT_LANGUAGE": accept}
    response = client.get(f"/p/{french_program.slug}/", **headers)
    assert response.status_code == 200
    assert _lang(response) == "fr" and response["Content-Language"] == "fr"
    assert "Douleur chronique" in response.content.decode()
    assert "Comment y participer" in response.content.decode()
    # Outside the program's pages nothing names a program: the deployment's default.
    assert _lang(client.get("/programs/", **headers)) == settings.LANGUAGE_CODE == "en"


def test_an_english_program_stays_english_for_the_same_reader(client, program):
    assert program.default_language == "en"
    assert _lang(client.get(f"/p/{program.slug}/", HTTP_ACCEPT_LANGUAGE="de")) == "en"


@pytest.mark.parametrize("accept", ["en", "en-CA", "de, en;q=0.5"])
def test_an_english_accept_language_wins_over_the_programs_default(client, french_program, accept):
    response = client.get(f"/p/{french_program.slug}/", HTTP_ACCEPT_LANGUAGE=accept)
    assert _lang(response) == "en" and response["Content-Language"] == "en"
    assert "How to join" in response.content.decode()


def test_the_switch_wins_over_the_programs_default(client, french_program):
    page = f"/p/{french_program.slug}/"
    client.post("/accounts/language/", {"language": "en", "next": page})
    assert _lang(client.get(page, HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_a_person_without_a_language_gets_the_programs_default(client, french_program, make_member):
    person = make_member(french_program, Role.PARTICIPANT, language="")
    client.force_login(person)
    for page in ("", "sessions/", "library/"):  # program_view and the library's own resolver
        response = client.get(f"/p/{french_program.slug}/{page}")
        assert response.status_code == 200, page
        assert _lang(response) == "fr", page
    assert _lang(client.get(f"/p/{french_program.slug}/", HTTP_ACCEPT_LANGUAGE="en")) == "en"
    # A member without the permission gets the refusal page in the program's language too.
    response = client.get(f"/p/{french_program.slug}/manage/people/")
    assert response.status_code == 403 and _lang(response) == "fr"
    # Their own home page belongs to no program.
    assert _lang(client.get("/")) == "en"


def test_the_persons_own_language_wins_over_the_programs_default(
    client, french_program, make_member
):
    client.force_login(make_member(french_program, Role.PARTICIPANT, language="en"))
    response = client.get(f"/p/{french_program.slug}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert _lang(response) == "en" and response["Content-Language"] == "en"


def test_an_outsider_gets_the_not_found_page_in_the_default_language(client):
    private = ProgramFactory(content_languages="fr", name_fr="Privé", is_public=False)
    response = client.get(f"/p/{private.slug}/")
    assert response.status_code == 404 and _lang(response) == "en"


def test_the_programs_default_costs_no_query(client, french_program, make_member):
    """The program is loaded to check access anyway; its language comes with it."""
    client.force_login(make_member(french_program, Role.PARTICIPANT, language=""))
    url = f"/p/{french_program.slug}/"
    client.get(url)  # warm caches before counting

    def count(headers: dict[str, str]) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        return len(ctx.captured_queries), _lang(response)

    assert count({}) == (count({"HTTP_ACCEPT_LANGUAGE": "fr"})[0], "fr")
    assert count({"HTTP_ACCEPT_LANGUAGE": "en"})[1] == "en"
