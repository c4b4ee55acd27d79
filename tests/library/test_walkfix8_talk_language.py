"""walk7 (French reader): a talk's learning objectives and key points have one field each, no
French twin; written in English they were read with a French voice. Text written in the
program's first content language, when that is not the reader's, now carries its `lang` and
the visible marker the bilingual fields use (« (en anglais) »)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from echohub.library import services
from echohub.programs.models import Role


def _talk(coordinator, program):
    return services.save_talk(
        actor=coordinator,
        program=program,
        data={
            "title": "Tapering",
            "presenter_name": "Guest",
            "given_on": dt.date(2026, 1, 5),
            "learning_objectives": "Plan a taper",
            "key_points": "Go slowly",
        },
    )


def test_english_objectives_are_marked_english_for_a_french_reader(client, program, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    talk = _talk(coordinator, program)
    reader = make_member(program, Role.PARTICIPANT, language="fr")
    client.force_login(reader)
    with translation.override("fr"):
        html = client.get(
            f"/p/{program.slug}/library/talks/{talk.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert '<span lang="en">Plan a taper</span>' in html, html
    assert '<span lang="en">Go slowly</span>' in html
    assert html.count('class="lang-fallback"') >= 2


def test_english_objectives_are_plain_for_an_english_reader(client, program, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    talk = _talk(coordinator, program)
    client.force_login(make_member(program, Role.PARTICIPANT, language="en"))
    html = client.get(f"/p/{program.slug}/library/talks/{talk.pk}/").content.decode()
    assert "<p>Plan a taper</p>" in html and 'lang="en">Plan' not in html
