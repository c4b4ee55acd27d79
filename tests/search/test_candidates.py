"""The one candidates read (backends.candidates) that gives the count, facet counts and page:
when it is cut short (a broad query), counts and pages stay exact, under facets too."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from echohub.search import services
from echohub.search.services import search
from tests.search.conftest import make_talk

pytestmark = pytest.mark.django_db


def test_a_capped_read_gives_the_same_counts_and_pages_as_a_full_one(
    program, make_member, monkeypatch
):
    for n in range(7):
        # ranks differ: "pain" in the title, the objectives or only the key points
        title = f"Pain talk {n}" if n % 3 == 0 else f"Talk {n}"
        make_talk(
            program,
            title,
            learning_objectives="pain and sleep" if n % 3 == 1 else "sleep",
            key_points=f"pain {'pain ' * n}",
            theme="opioid_tapering" if n % 2 else "neuropathic",
        )
    user = make_member(program, Role.PARTICIPANT)

    def pages(facets: dict[str, list[str]]) -> tuple[int, list[list[str]]]:
        out = []
        for page in (1, 2, 3, 4):
            results = search(user, "pain", facets, page, per_page=2)
            out.append([h.title for h in results.hits])
        return results.count, out

    monkeypatch.setattr(services, "FACET_ROW_CAP", 100)
    full = {name: pages(f) for name, f in (("all", {}), ("theme", {"theme": ["neuropathic"]}))}
    assert full["all"][0] == 7 and full["theme"][0] == 4
    for cap in (1, 2, 3, 5):
        monkeypatch.setattr(services, "FACET_ROW_CAP", cap)
        assert pages({}) == full["all"], cap
        assert pages({"theme": ["neuropathic"]}) == full["theme"], cap
