"""What the hubweek5 walk (hubwalk10) found on a session's agenda form: the presenter list
started with Django's "---------" where the other lists say in words what no choice means."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_presenter_list_says_no_presenter_in_words(as_role, program):
    session = SessionFactory(program=program)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    select = re.search(r'<select name="presenter"[^>]*>(.*?)</select>', page, re.S)
    assert select, page
    first = re.search(r'<option value=""[^>]*>([^<]*)</option>', select.group(1))
    assert first and first.group(1) == "No presenter named"
    assert "---------" not in select.group(1)
