"""recognizers/layout.py: table columns and chat speakers."""

from __future__ import annotations

from phi.recognizers import layout

from .helpers import candidates, vetoed

TABLE = """Date        Enc #      Seen by       DIN        Qty
2024-01-03  E-7731905  HALLORAN, B   02345678   30
2024-02-11  E-7733118  HALLORAN, B   02345678   30
"""


def test_a_column_header_decides_its_cells() -> None:
    got = candidates(layout.tables, TABLE)
    assert ("E-7731905", "ID") in got
    assert ("HALLORAN, B", "NAME") in got
    assert ("2024-01-03", "DATE") in got
    assert vetoed(layout.tables, TABLE, "02345678", "ID")


def test_prose_with_two_spaces_is_no_table() -> None:
    assert candidates(layout.tables, "Pain  better.  Sleep  worse.  Mood  ok.") == []


def test_chat_speakers() -> None:
    text = "Tue 6/2 17:02  Marigold (home care): slept well\nTue 6/2 17:05  me: good\n"
    assert candidates(layout.speakers, text) == [("Marigold", "NAME")]
