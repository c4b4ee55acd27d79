"""What the walk of round 1223 found in the discussions on a phone: the list of topics (title
and description, number of discussions, last message) scrolled sideways at 390 px in French,
the last message's date cut at the edge. It reads as cards now (table.stack), each figure
naming its column (data-label) in the page's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "labels"),
    [("en", ("Discussions", "Last message")), ("fr", ("Discussions", "Dernier message"))],
)
def test_the_topics_read_as_cards(
    client: Any, program: Any, topic: Any, participant: Any, language: str, labels: Any
) -> None:
    client.force_login(participant)
    with translation.override(language):
        page = client.get(
            reverse("community:index", kwargs={"slug": program.slug}),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert page.status_code == 200
    html = page.content.decode()
    table = re.search(r"<table[^>]*>.*?</table>", html, flags=re.S)
    assert table and table.group(0).startswith('<table class="stack"')
    cells = re.findall(r"<td([^>]*)>", table.group(0).split("<tbody>", 1)[1])
    assert cells and all('class="stack-head"' in c or "data-label=" in c for c in cells)
    for label in labels:
        assert f'data-label="{label}"' in html
