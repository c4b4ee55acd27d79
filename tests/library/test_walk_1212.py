"""What a walk as a new clinician (round 1212) found on the library: at phone width the word
search sat only inside the folded program menu, so the library page offered theme, tag and
year filters but no way to look a talk up by a word. The page now carries its own search."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def test_library_page_has_its_own_word_search(as_role, program):
    client = as_role(program, Role.PARTICIPANT)
    html = client.get(reverse("library:home", kwargs={"slug": program.slug})).content.decode()
    main = html.split('<main id="main"', 1)[1]
    search = reverse("search:search", kwargs={"slug": program.slug})
    form = re.search(
        r'<form method="get" action="' + re.escape(search) + r'"[^>]*>(.*?)</form>', main, re.S
    )
    assert form, "no search form in the library page's main content"
    assert 'name="q"' in form.group(1)
    label = re.search(r'<label for="([\w-]+)">Search the library</label>', form.group(1))
    assert label and f'id="{label.group(1)}"' in form.group(1)


def test_shared_library_reader_gets_no_search_of_a_program_they_are_not_in(
    client, program, other_program
):
    from echohub.library.models import LibrarySettings
    from tests.factories import MembershipFactory, UserFactory

    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    reader = UserFactory()
    MembershipFactory(program=other_program, user=reader, role=Role.PARTICIPANT)
    client.force_login(reader)
    response = client.get(reverse("library:home", kwargs={"slug": program.slug}))
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1]
    assert reverse("search:search", kwargs={"slug": program.slug}) not in main
