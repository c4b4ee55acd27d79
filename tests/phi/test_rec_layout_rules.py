"""recognizers/layout.py, one rule at a time: a column's header decides its cells (names,
numbers, beds, charts, dates, or nothing), and the speaker of a chat line is a name."""

from __future__ import annotations

import pytest

from phi.core import P_DATE, P_LABELLED, P_NAME
from phi.lexicon import lexicon
from phi.recognizers import layout

from .helpers import candidates, proposals, vetoed


def _table(header: str, *rows: str) -> str:
    return "\n".join((header, *rows)) + "\n"


@pytest.mark.parametrize(
    "header,kind",
    [
        ("Patient", "NAME"),
        ("Seen by:", "NAME"),
        ("RPh", "NAME"),
        ("Prescriber", "NAME"),
        ("Enc #", "ID"),
        ("Enc#", "ID"),
        ("Rx No.", "ID"),
        ("Rx N°", "ID"),
        ("Order #:", "ID"),
        ("Bed", "SHORT_ID"),
        ("Ch./lit", "SHORT_ID"),
        ("MRN", "MRN"),
        ("Chart #", "MRN"),
        ("No dossier", "MRN"),
        ("DIN", "VETO"),
        ("Qty.", "VETO"),
        ("Lot #", "VETO"),
        ("Date", "DATE"),
        ("Visit date", "DATE"),
        ("Dispensed", "DATE"),
        ("Comments", None),
    ],
)
def test_column_kinds_by_header(header: str, kind: str | None) -> None:
    assert layout._column_kind(header) == kind


def test_a_table_needs_three_cells_two_of_them_known_headers() -> None:
    cells = layout._cells("Date    Seen by    Notes", 0)
    assert cells == [(0, 4, "Date"), (8, 15, "Seen by"), (19, 24, "Notes")]
    assert layout._is_header(cells)
    assert layout._cells("ab  cd", 10) == [(10, 12, "ab"), (14, 16, "cd")]
    assert not layout._is_header(layout._cells("Date    Seen by", 0))
    assert not layout._is_header(layout._cells("Date    Notes    Comments", 0))
    assert layout._is_header(layout._cells("Date    Pain (0-10)    Patient", 0))
    # a cell with digits or longer than 28 characters is data, not a header
    assert not layout._is_header(layout._cells("Date    Patient    2024", 0))
    long = "A very long heading of more words"
    assert not layout._is_header(layout._cells(f"Date    Patient    {long}", 0))


def test_the_column_of_a_cell_is_the_one_it_overlaps_most() -> None:
    cols = [(0, "DATE"), (10, "NAME"), (20, "ID")]
    assert layout._column_of(cols, 0, 8) == "DATE"
    assert layout._column_of(cols, 8, 15) == "NAME"  # 2 in Date, 5 in Name
    assert layout._column_of(cols, 6, 12) == "DATE"  # 4 in Date, 2 in Name
    assert layout._column_of(cols, 19, 40) == "ID"
    assert layout._column_of(cols, 500, 510) == "ID"  # the last column runs to the end
    assert layout._column_of([(10, "NAME")], 0, 5) is None


@pytest.mark.parametrize(
    "cell,ok",
    [
        ("HALLORAN, B", True),
        ("km", True),
        ("KM", True),
        ("JW", True),
        ("RN", False),
        ("RPh", False),
        ("MD", False),
        ("XXXXXXX", False),
        ("XXXX, XX", False),
        ("123", False),
        ("A", False),
        ("Oxycodone", False),
        ("pain clinic", False),
        ("a" * 41, False),
        ("Tremblay", True),
    ],
)
def test_cells_of_a_name_column(cell: str, ok: bool) -> None:
    assert layout._name_cell_ok(cell, lexicon()) is ok


def test_cells_under_each_kind_of_header() -> None:
    text = _table(
        "Date         Patient       Enc #       Bed    MRN        DIN        Qty",
        "2024-01-03   HALLORAN, B   E-7731905   4      00412331   02345678   30",
        "2024-01-04   n/a           2           12B    12         02345678   120",
    )
    got = proposals(layout.tables, text)
    assert ("2024-01-03", "DATE", "in a date column", P_DATE) in got
    assert ("HALLORAN, B", "NAME", "in a column of people's names", P_NAME + 2) in got
    assert ("E-7731905", "ID", "in a column headed like an ID number", P_LABELLED) in got
    assert ("4", "ID", "in a column headed like an ID number", P_LABELLED) in got
    assert ("12B", "ID", "in a column headed like an ID number", P_LABELLED) in got
    assert ("00412331", "MRN", "in a column headed like an MRN number", P_LABELLED) in got
    texts = [t for t, *_ in got]
    assert "2" not in texts  # a visit's rank, not its number
    assert "12" not in texts  # under MRN: too short for a chart number
    assert "n/a" not in texts
    assert vetoed(layout.tables, text, "02345678", "ID")
    assert vetoed(layout.tables, text, "120", "PHONE")


def test_a_date_cell_with_a_time_keeps_only_the_date() -> None:
    text = _table("Date              User      Event id", "2024-02-27 08:31  mchen     88123")
    got = candidates(layout.tables, text)
    assert ("2024-02-27", "DATE") in got
    assert ("mchen", "NAME") in got
    assert ("88123", "ID") in got


def test_a_long_cell_under_an_id_header_is_text() -> None:
    text = _table("Date        Enc #", "")  # a header without rows is not a table
    assert candidates(layout.tables, text) == []
    long = "1234 and some notes here written"
    text = _table(
        "Date        Enc #                                Patient", f"2024-01-03  {long}   Bo Li"
    )
    assert not any(t == long for t, _k in candidates(layout.tables, text))


def test_rows_end_at_a_blank_line_or_a_rule_and_a_rule_under_the_header_is_skipped() -> None:
    text = _table(
        "Date        Patient      Enc #",
        "----------  -----------  -------",
        "2024-01-03  Bo Li        7731905",
        "==========",
        "2024-01-05  Al Ng        7731906",
    )
    got = candidates(layout.tables, text)
    assert ("Bo Li", "NAME") in got and ("7731905", "ID") in got
    assert ("Al Ng", "NAME") not in got


def test_one_cell_rows_end_the_table() -> None:
    text = _table("Date        Patient      Enc #", "2024-01-03", "2024-01-04  Bo Li  7731905")
    assert candidates(layout.tables, text) == []


# --- chat speakers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,name",
    [
        ("Mon 5/2 08:14  Dana (home care): slept", "Dana"),
        ("[08:14] Marigold Tremblay: ok", "Marigold Tremblay"),
        ("12:01:07  From  dr.nguyen  to  Everyone: hi", "dr.nguyen"),
        ("2024-02-27 8:31 pm Ines: ok", "Ines"),
        ("[Ines Moreau]: ok", "Ines Moreau"),
        ("mchen  2024-02-27 08:31", "mchen"),
    ],
)
def test_the_speaker_of_a_chat_line(line: str, name: str) -> None:
    got = proposals(layout.speakers, f"{line}\nnext\n")
    assert (name, "NAME", "the person speaking in a chat or message log", P_NAME) in got


@pytest.mark.parametrize(
    "line",
    [
        "08:14 me: ok",
        "08:14 Everyone: hi",
        "08:14 Hub Team: ok",
        "08:14 Oxycodone: 5 mg",
        "08:14 Plan: rest",
        "no colon here 08 14",
    ],
)
def test_not_speakers(line: str) -> None:
    assert candidates(layout.speakers, f"{line}\n") == []


def test_a_plain_name_and_colon_counts_when_the_speaker_recurs() -> None:
    text = "Dana: slept well\nIan: good\nDana: thanks\n"
    assert candidates(layout.speakers, text) == [("Dana", "NAME"), ("Dana", "NAME")]
    assert candidates(layout.speakers, "Dana: slept well\n") == []


def test_speaker_words_known_as_names_are_kept_even_if_common() -> None:
    lex = lexicon()
    assert layout._speaker_ok("Grace", lex)
    assert not layout._speaker_ok("Gabapentin", lex)
    assert not layout._speaker_ok("Dana pt", lex)
    assert not layout._speaker_ok("", lex)


# --- workplaces (facilities.py) ---------------------------------------------------------------


def test_a_workplace_in_lower_case_keeps_the_two_words_before_its_keyword() -> None:
    from phi.core import P_FACILITY
    from phi.recognizers import facilities

    reason = "names a workplace or a place where people are found"
    got = proposals(facilities.workplaces, "he drinks at the loon call tavern most nights")
    assert got == [("loon call tavern", "FACILITY", reason, P_FACILITY)]
    got = proposals(facilities.workplaces, "works at tamarack ridge mine now")
    assert got == [("tamarack ridge mine", "FACILITY", reason, P_FACILITY)]
    assert proposals(facilities.workplaces, "He works at The Mine now") == []
    assert proposals(facilities.workplaces, "ask the nearest pharmacy") == []
