"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``@SUM(...)``,
``-2+3+cmd|...``). Every text cell written to a CSV people download goes through :func:`cell`,
which puts a single quote in front of such text: spreadsheets then show it as text, and a
program reading the CSV sees the quote and can strip it. Numbers are written as numbers (a
negative number is not text and stays as it is). Spaces and line breaks before such a
character count too (" =HYPERLINK(...)": some spreadsheets trim them on import).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What may stand before a formula's first character and still be trimmed by a spreadsheet.
LEADING = " \u00a0\u3000\n"


def cell(value: Any) -> Any:
    """`value` as a CSV cell: text that a spreadsheet would run gets a leading single quote."""
    if isinstance(value, str) and value.lstrip(LEADING).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: Any) -> list[Any]:
    return [cell(v) for v in values]
