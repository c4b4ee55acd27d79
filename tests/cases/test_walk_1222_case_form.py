"""The case form's pickers say "nothing chosen" with "—" like the rest of the product (the walk
of round 1222: Theme, Age band, Sex / gender, Pain duration, Pain type and Work status showed
Django's "---------" beside the program's own questions' "—")."""

from __future__ import annotations

import re

import pytest

from echohub.cases.forms import CaseForm

pytestmark = pytest.mark.django_db


def test_the_case_page_has_no_dashed_blank_choice(client, program, presenter, draft):
    client.force_login(presenter)
    html = client.get(f"/p/{program.slug}/cases/{draft.pk}/edit/").content.decode()
    assert "---------" not in html
    theme = re.search(r'<select name="theme"[^>]*>(.*?)</select>', html, re.S)
    assert theme, "no theme picker"
    assert re.match(r'\s*<option value=""[^>]*>—</option>', theme.group(1))


def test_every_blank_choice_of_the_case_form_is_a_dash(program):
    form = CaseForm()
    pickers = [f for f in form.fields.values() if hasattr(f, "choices")]
    assert pickers
    for field in pickers:
        for value, label in field.choices:
            if value == "":
                assert label == "—", field.label
