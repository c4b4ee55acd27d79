"""A formula behind spaces or a line break is still quoted in a CSV cell (secprobe5: some
spreadsheets trim the spaces on import and then run "=HYPERLINK(...)")."""

from __future__ import annotations

import pytest

from echohub.core.csvsafe import cell, row


@pytest.mark.parametrize(
    "text", [" =1+1", "  @SUM(A1)", "\u00a0+cmd|' /C calc'!A0", "\n-2+3", "\u3000=HYPERLINK(1)"]
)
def test_a_formula_behind_spaces_is_quoted(text: str) -> None:
    assert cell(text) == "'" + text


@pytest.mark.parametrize("value", ["a = b", " plain", "", "   ", -3, 2.5, None, "1-2 tabs"])
def test_other_cells_are_left_alone(value: object) -> None:
    assert cell(value) == value
    assert row([value]) == [value]
