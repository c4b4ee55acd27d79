"""Attendance exports (CSV and XLSX), shaped for reconciliation: one row per person per session.

The one small interface: :func:`csv_lines` (streamed, UTF-8 with a byte-order mark so that
spreadsheet programs read accents) and :func:`xlsx_bytes` (a workbook with one sheet per table).
Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) are prefixed
with an apostrophe: names and e-mails come from outside (a Zoom display name can be anything).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook

from echohub.core.csvsafe import cell as safe_cell


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text, a few lines at a time (for a StreamingHttpResponse)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per ``(title, columns, rows)``; header row bold and frozen."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append(list(columns))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
