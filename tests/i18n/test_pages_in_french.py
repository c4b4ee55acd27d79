"""Pages render in French for a French reader: each role's home page and the key pages, with
specific French text (not merely a changed `lang`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.programs.models import Role
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9,en;q=0.5"}


def _page(client: Any, url: str, **headers: Any) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PARTICIPANT, ["Vos programmes", "Votre prochaine séance"]),
        (Role.EXPERT, ["Vos programmes", "Votre prochaine séance"]),
        (Role.COORDINATOR, ["Vos programmes", "Ce qui vous attend"]),
        (Role.PROGRAM_ADMIN, ["Vos programmes", "Ce qui vous attend"]),
        (Role.EVALUATOR, ["Vos programmes"]),
    ],
)
def test_each_roles_home_page_is_in_french(client, program, make_member, role, expected):
    client.force_login(make_member(program, role))
    html = _page(client, "/", **FR)
    assert '<html lang="fr">' in html
    for text in [*expected, "Accueil", "Se déconnecter", "Passer au contenu"]:
        assert text in html, text
    assert "Sign out" not in html and "Your programs" not in html


def test_without_a_language_the_home_page_stays_in_english(client, program, make_member):
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = _page(client, "/")
    assert '<html lang="en">' in html and "Your programs" in html and "Vos programmes" not in html


def test_the_sign_in_page_and_the_public_program_page_are_in_french(client, program):
    html = _page(client, "/accounts/login/", **FR)
    assert "Mot de passe oublié?" in html and "Se connecter" in html
    html = _page(client, f"/p/{program.slug}/", **FR)
    assert "Le carrefour" in html and "Comment y participer" in html
    assert "Aucune séance n’est encore planifiée." in html


def test_a_session_page_is_in_french(client, program, make_member):
    session = SessionFactory(
        program=program,
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=2),
    )
    AgendaItemFactory(session=session, kind="didactic", title="Opioid tapering", position=1)
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = _page(client, f"/p/{program.slug}/sessions/{session.pk}/", **FR)
    assert "Ordre du jour" in html
    assert "Présentation didactique" in html  # the agenda item's kind
    assert "Ajouter à mon calendrier" in html


def test_the_case_form_is_in_french(client, program, make_member):
    client.force_login(make_member(program, Role.PARTICIPANT))
    response = client.post(f"/p/{program.slug}/cases/new/", follow=True, **FR)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Médicaments actuels" in html
    assert "questions pour le carrefour" in html.lower()
    assert "Enregistrer le brouillon" in html
    assert "Current medications" not in html


def test_form_errors_are_in_french(client):
    response = client.post(
        "/accounts/login/", {"username": "nobody@example.org", "password": "x"}, **FR
    )
    html = response.content.decode()
    # Django's own messages come from Django's French catalogue
    assert "Saisissez" in html or "Veuillez" in html or "correct" in html
    assert "Please enter a correct" not in html


def test_the_sign_in_page_offers_english_in_english_words(client):
    html = _page(client, "/accounts/login/", **FR)
    assert 'lang="en"' in html and ">English</button>" in html
