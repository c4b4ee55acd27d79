"""What the walk of round 1223 found in the library's forms: "Add a talk" offered "Remove the
slides" (and "Add a tool" "Remove the file") when there was nothing to remove. The box is
there only for a file there is; ticked, it still removes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from echohub.library import services
from echohub.library.models import Talk, Tool
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR)


def _url(name: str, program: Any, **kw: Any) -> str:
    return reverse(f"library:{name}", kwargs={"slug": program.slug, **kw})


def test_new_talk_and_new_tool_offer_nothing_to_remove(
    client: Any, program: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    talk_page = client.get(_url("talk_new", program)).content.decode()
    assert 'name="slides"' in talk_page
    assert 'name="remove_slides"' not in talk_page
    assert 'name="remove_recording"' not in talk_page
    tool_page = client.get(_url("tool_new", program)).content.decode()
    assert 'name="upload"' in tool_page
    assert 'name="remove_file"' not in tool_page


def test_a_refused_new_talk_still_offers_nothing_to_remove(
    client: Any, program: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    response = client.post(
        _url("talk_new", program),
        {"title": "Invented talk", "given_on": "2026-01-05", "recording_url": "javascript:x"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Invented talk"' in page, "the title typed is kept"
    assert 'name="remove_slides"' not in page


def test_editing_without_a_file_offers_nothing_to_remove(
    client: Any, program: Any, coordinator: Any
) -> None:
    talk = services.save_talk(
        actor=coordinator,
        program=program,
        data={"title": "No slides", "presenter_name": "Guest", "given_on": dt.date(2026, 1, 5)},
    )
    tool = services.save_tool(
        actor=coordinator,
        program=program,
        data={"title": "Linked tool", "url": "https://example.test/tool"},
    )
    client.force_login(coordinator)
    assert (
        'name="remove_slides"'
        not in client.get(_url("talk_edit", program, pk=talk.pk)).content.decode()
    )
    assert (
        'name="remove_file"'
        not in client.get(_url("tool_edit", program, pk=tool.pk)).content.decode()
    )
    # A stale page that still sends the box: saved, nothing else changes.
    response = client.post(
        _url("tool_edit", program, pk=tool.pk),
        {"title": "Linked tool", "url": "https://example.test/tool", "remove_file": "on"},
    )
    assert response.status_code == 302
    assert Tool.objects.get(pk=tool.pk).url == "https://example.test/tool"


def test_with_a_file_the_box_is_there_and_removes_it(
    client: Any,
    program: Any,
    coordinator: Any,
    _library_files: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    talk = services.save_talk(
        actor=coordinator,
        program=program,
        data={"title": "Slides", "presenter_name": "Guest", "given_on": dt.date(2026, 1, 5)},
        slides=SimpleUploadedFile("deck.pdf", PDF),
    )
    tool = services.save_tool(
        actor=coordinator,
        program=program,
        data={"title": "Filed tool", "url": "https://example.test/t"},
        upload=SimpleUploadedFile("tool.pdf", PDF),
    )
    client.force_login(coordinator)
    assert (
        'name="remove_slides"'
        in client.get(_url("talk_edit", program, pk=talk.pk)).content.decode()
    )
    assert (
        'name="remove_file"' in client.get(_url("tool_edit", program, pk=tool.pk)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("talk_edit", program, pk=talk.pk),
            {
                "title": "Slides",
                "presenter_name": "Guest",
                "given_on": "2026-01-05",
                "remove_slides": "on",
            },
        )
        assert response.status_code == 302
        response = client.post(
            _url("tool_edit", program, pk=tool.pk),
            {"title": "Filed tool", "url": "https://example.test/t", "remove_file": "on"},
        )
        assert response.status_code == 302
    assert not Talk.objects.get(pk=talk.pk).slides
    assert not Tool.objects.get(pk=tool.pk).file


def test_the_managed_lists_read_as_cards_on_a_phone(
    client: Any, program: Any, coordinator: Any
) -> None:
    """Talks (five columns), tools and tools to review scrolled sideways at 390 px: each is a
    table.stack now, each cell naming its column (data-label) but the title heading it."""
    import re

    services.save_talk(
        actor=coordinator,
        program=program,
        data={"title": "Invented talk", "presenter_name": "Guest", "given_on": dt.date(2026, 1, 5)},
    )
    services.save_tool(
        actor=coordinator,
        program=program,
        data={
            "title": "Invented tool",
            "url": "https://example.test/tool",
            "review_by": dt.date(2020, 1, 1),
        },
    )
    client.force_login(coordinator)
    page = client.get(_url("manage", program)).content.decode()
    tables = re.findall(r"<table[^>]*>.*?</table>", page, flags=re.S)
    assert len(tables) == 3, "tools to review, talks, tools"
    for table in tables:
        assert re.match(r'<table class="stack"', table), table[:80]
        body = table.split("<tbody>", 1)[1]
        cells = re.findall(r"<td([^>]*)>", body)
        assert cells
        assert all('class="stack-head"' in c or "data-label=" in c for c in cells), cells
    assert 'data-label="Recording"' in page and 'data-label="Review by"' in page
