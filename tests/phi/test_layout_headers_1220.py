"""Header lists written over several lines are read name by name (before, the first header of
every continued line kept its indentation and never matched: ``userid``, ``rx #``,
``employee id``...). Examples invented."""

from __future__ import annotations

import phi
from phi.recognizers import layout


def test_every_listed_header_is_a_clean_name():
    for headers in (
        layout._NAME_HEADERS,
        layout._ID_HEADERS,
        layout._HEALTH_HEADERS,
        layout._TOWN_HEADERS,
        layout._ADDRESS_HEADERS,
        layout._VETO_HEADERS,
    ):
        assert headers and all(h and h == h.strip() for h in headers)
    assert {"userid", "employee id", "rx #"} <= layout._NAME_HEADERS | layout._ID_HEADERS


def test_a_column_headed_by_a_continued_line_header_is_read():
    text = "Shift roster export\nEmployee ID,Role,Hours\nQX-48213,RN,12\nQX-59107,LPN,8\n"
    found = {text[f.start : f.end] for f in phi.scan(text) if f.kind == "ID"}
    assert found == {"QX-48213", "QX-59107"}
