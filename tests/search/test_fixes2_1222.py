"""A library item's tags are indexed apart ("guideline, opioids"), so a snippet no longer
reads two tags as one phrase ("…under 90. guideline opioids Elijah Kettleby"), and each tag
still finds its item. Everything here is synthetic."""

from __future__ import annotations

import re
from typing import Any

import pytest

from echohub.library.models import Tag
from echohub.programs.models import Role
from tests.search.conftest import make_talk, make_tool

pytestmark = pytest.mark.django_db


def _snippets(client: Any, program: Any, q: str) -> list[str]:
    html = client.get(f"/p/{program.slug}/search/", {"q": q}).content.decode()
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def _tag(obj: Any, *names: str) -> None:
    obj.tags.add(*(Tag.objects.create(name=name) for name in names))


def test_a_talks_tags_are_separated_by_commas_and_each_finds_it(as_role: Any, program: Any) -> None:
    talk = make_talk(
        program, "Invented guideline talk", key_points="Prefer a slow taper.", presenter_name="X Y"
    )
    _tag(talk, "guidewords", "opiwords")
    client = as_role(program, Role.PARTICIPANT)
    (first,) = _snippets(client, program, "guidewords")
    assert "<mark>guidewords</mark>, opiwords" in first, first
    (second,) = _snippets(client, program, "opiwords")
    assert "guidewords, <mark>opiwords</mark>" in second, second


def test_a_tools_tags_are_separated_by_commas_and_each_finds_it(as_role: Any, program: Any) -> None:
    tool = make_tool(program, "Invented tapering tool", source="Invented Practice Centre")
    _tag(tool, "alphawords", "betawords", "gammawords")
    client = as_role(program, Role.PARTICIPANT)
    for name in ("alphawords", "betawords", "gammawords"):
        (snippet,) = _snippets(client, program, name)
        assert f"<mark>{name}</mark>" in snippet
    (snippet,) = _snippets(client, program, "betawords")
    assert "alphawords, <mark>betawords</mark>, gammawords" in snippet, snippet


def test_a_single_tag_gets_no_comma(as_role: Any, program: Any) -> None:
    tool = make_tool(program, "Invented one-tag tool", source="Invented Centre")
    _tag(tool, "lonewords")
    client = as_role(program, Role.PARTICIPANT)
    (snippet,) = _snippets(client, program, "lonewords")
    assert "<mark>lonewords</mark>," not in snippet and ", <mark>lonewords" not in snippet
