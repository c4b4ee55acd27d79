"""In a bilingual program a required text (e.g. a credit rule's accreditation statement) needs
at least one language: neither input alone is required, but both are marked as the pair being
required, like the form's other required fields: the star (hidden from screen readers) and words
a screen reader reads in the label (a French walk found no marker on either)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _label(page: str, name: str) -> str:
    found = re.search(rf'<label for="id_{name}">(.*?)</label>', page, re.S)
    assert found, f"no label for {name}"
    return found.group(1)


def _page(program: Any, make_member: Any, languages: str) -> str:
    program.content_languages = languages
    program.save(update_fields=["content_languages"])
    client = Client()
    client.force_login(make_member(program, Role.COORDINATOR))
    response = client.get(reverse("credits:rule_new", args=[program.slug]))
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize("languages", ["en+fr", "fr+en"])
def test_both_languages_of_a_required_pair_are_marked(
    program: Any, make_member: Any, languages: str
) -> None:
    page = _page(program, make_member, languages)
    for name in ("accreditation_statement", "accreditation_statement_fr"):
        label = _label(page, name)
        assert '<span class="req" aria-hidden="true">*</span>' in label, name
        # (in the page's language: a French-first program's page may be in French)
        assert re.search(
            r'<span class="visually-hidden">[^<]*(?:required|obligatoire)[^<]*</span>', label
        ), name
        # Neither input alone is required: the browser must not demand both.
        box = re.search(rf'<textarea[^>]*id="id_{name}"[^>]*>', page)
        assert box and " required" not in box.group(0), name
    # Only the pair carries the words; a field required by itself keeps its own star.
    assert len(re.findall(r'<span class="visually-hidden"> \(', page)) == 2
    assert "visually-hidden" not in _label(page, "provider_contact")


def test_a_single_language_program_marks_its_one_field_as_before(
    program: Any, make_member: Any
) -> None:
    page = _page(program, make_member, "en")
    label = _label(page, "accreditation_statement")
    assert '<span class="req" aria-hidden="true">*</span>' in label
    assert "visually-hidden" not in label  # the input's own required attribute says it
    assert "id_accreditation_statement_fr" not in page


def test_the_pair_still_needs_one_language(program: Any, make_member: Any) -> None:
    program.content_languages = "en+fr"
    program.save(update_fields=["content_languages"])
    client = Client()
    client.force_login(make_member(program, Role.COORDINATOR))
    response = client.post(
        reverse("credits:rule_new", args=[program.slug]),
        {"name": "Rule", "accreditation_statement": "", "accreditation_statement_fr": "  "},
    )
    assert response.status_code == 200
    assert "Give this in English, in French or in both" in html_lib.unescape(
        response.content.decode()
    )
