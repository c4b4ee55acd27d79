"""The library's filter row in a browser: the Theme select, the Tag and Year boxes are of one
height and line up (their tops and their labels), and the Year box fits a year."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.browser.test_search_facets import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_filter_row_lines_up(page, width):
    program = ProgramFactory(slug="chronic-pain")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto("/p/chronic-pain/library/")
    boxes = [page.locator(f"form.filters #{i}").bounding_box() for i in ("theme", "tag", "year")]
    heights = [round(b["height"]) for b in boxes]
    assert max(heights) - min(heights) <= 1, heights
    year = boxes[2]
    assert year["width"] >= 80, year
    if width >= 1024:  # one row: the boxes' tops (and so their labels') line up
        tops = [round(b["y"]) for b in boxes]
        assert max(tops) - min(tops) <= 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= width
