"""A search hit's snippet keeps the parts of what was indexed apart (the walk of round 1222:
a talk's snippet read "…prefer under 90. guideline opioids Elijah Kettleby", its key points,
tags and presenter run together; a tool's "Centre for Effective Practice opioids tapering")."""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from echohub.library.models import Tag
from echohub.programs.models import Role
from echohub.search.views import separate_parts
from tests.search.conftest import make_talk, make_tool

pytestmark = pytest.mark.django_db


def _snippets(html: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def test_a_talk_snippet_shows_key_points_tags_and_presenter_apart(as_role, program):
    talk = make_talk(
        program,
        "Invented guideline talk",
        key_points="Prefer a slow taper.",
        presenter_name="Invented Presenter",
    )
    talk.tags.add(Tag.objects.create(name="taperwords"))
    client = as_role(program, Role.PARTICIPANT)
    html = client.get(f"/p/{program.slug}/search/", {"q": "taperwords"}).content.decode()
    (snippet,) = _snippets(html)
    assert "\n" not in snippet
    assert re.search(r"slow taper\. · <mark>taperwords</mark> · Invented Presenter", snippet), (
        snippet
    )


def test_a_tool_snippet_shows_its_source_and_tags_apart(as_role, program):
    tool = make_tool(program, "Invented tapering tool", source="Invented Practice Centre")
    tool.tags.add(Tag.objects.create(name="toolwords"))
    client = as_role(program, Role.PARTICIPANT)
    html = client.get(f"/p/{program.slug}/search/", {"q": "toolwords"}).content.decode()
    (snippet,) = _snippets(html)
    assert "Invented Practice Centre · <mark>toolwords</mark>" in snippet, snippet


@given(st.lists(st.text(alphabet="ab <>&\n\r\t", max_size=12), max_size=5))
def test_separating_parts_never_leaves_a_line_break_or_adds_markup(parts):
    from django.utils.html import escape

    text = "\n".join(str(escape(p)) for p in parts)
    out = separate_parts(SafeString(text))
    assert isinstance(out, SafeString)
    assert "\n" not in out and "\r" not in out
    # Nothing but the separators is added: the words and escaped characters stay as they were.
    assert out.replace(" · ", "").replace(" ", "").replace("\t", "") == text.replace(
        "\n", ""
    ).replace("\r", "").replace(" ", "").replace("\t", "")
