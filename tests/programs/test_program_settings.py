"""The program settings page: program admins change the program's texts in its content
languages and its settings; everyone else is refused; nothing leaves a program without a name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role

pytestmark = pytest.mark.django_db


def _url(program: Program) -> str:
    return reverse("programs:settings", kwargs={"slug": program.slug})


def _form(**changes: str) -> dict[str, str]:
    data = {
        "content_languages": "en",
        "name": "Chronic Pain & Opioid Stewardship",
        "summary": "",
        "description": "",
        "audience": "",
        "how_to_join": "",
        "time_zone": "America/Toronto",
        "contact_email": "",
        "video_provider": "jitsi",
        "is_public": "on",
        "registration_open": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAM_ADMIN, 200),
        (Role.COORDINATOR, 403),
        (Role.EXPERT, 403),
        (Role.PARTICIPANT, 403),
        (Role.EVALUATOR, 403),
        (None, 404),
    ],
)
def test_only_program_admins_open_the_settings(as_role, program, role, status):
    client = as_role(program, role)
    assert client.get(_url(program)).status_code == status
    posted = client.post(_url(program), _form(name="Renamed"))
    assert posted.status_code == (302 if status == 200 else status)
    program.refresh_from_db()
    assert program.name == ("Renamed" if status == 200 else "Chronic Pain & Opioid Stewardship")


def test_an_admin_makes_the_program_bilingual_then_gives_the_french_texts(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    page = client.get(_url(program)).content.decode()
    assert 'name="name_fr"' not in page  # English only: one field per text
    # Choosing English and French asks for the French texts on the same page.
    response = client.post(_url(program), _form(content_languages="en+fr"), follow=True)
    assert response.status_code == 200
    program.refresh_from_db()
    assert program.languages == ("en", "fr")
    page = client.get(_url(program)).content.decode()
    assert 'name="name_fr"' in page and "Name (French)" in page
    client.post(
        _url(program),
        _form(
            content_languages="en+fr",
            name_fr="Douleur chronique et gestion des opioïdes",
            summary_fr="Séances hebdomadaires",
        ),
    )
    program.refresh_from_db()
    assert program.name_fr == "Douleur chronique et gestion des opioïdes"
    entry = (
        AuditEntry.objects.filter(action="program.updated", program=program).order_by("pk").last()
    )
    assert entry is not None and "name_fr" in entry.changes
    # A French reader of the program's page now reads its French name.
    client.cookies["django_language"] = "fr"
    home = client.get(
        reverse("programs:detail", kwargs={"slug": program.slug}), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Douleur chronique" in home.content.decode()


def test_switching_to_french_only_without_a_french_name_is_refused_and_keeps_the_input(
    as_role, program
):
    client = as_role(program, Role.PROGRAM_ADMIN)
    response = client.post(_url(program), _form(content_languages="fr", summary="Kept as typed"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="name_fr"' in page  # the field to fill is on the page
    assert "Kept as typed" in page
    program.refresh_from_db()
    assert program.content_languages == "en"


def test_bad_input_is_refused_in_words(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    response = client.post(_url(program), _form(name="", time_zone="Mars/Olympus"))
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.name == "Chronic Pain & Opioid Stewardship"
