"""Errors raised by the attendance engine. Plain Python: no Django import."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta


def gettext_noop(message: str) -> str:
    """Mark an engine message for the translation catalogue without importing Django.

    `makemessages` (xgettext) finds every string given to a function of this name; the engine
    keeps the English, and a page says it in its reader's language with
    `echohub.attendance.import_text.refusal`, from the error's template and values.
    """
    return message


def english_value(value: object) -> str:
    """A value of an engine message as the English text writes it: times as people read them
    ("Thursday 4 Dec 2026, 12:30", in the zone the engine gave them), spans in hours."""
    if isinstance(value, datetime):
        return f"{value:%A} {value.day} {value:%b %Y, %H:%M}"
    if isinstance(value, timedelta):
        hours = value.total_seconds() / 3600
        return f"{hours:g} hour{'s' if hours != 1 else ''}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


class AttendanceError(Exception):
    """Bad attendance input, with a stable machine-readable ``code``.

    ``row`` is the 1-based participant row (after the header) when the problem is in one row,
    ``line`` the 1-based physical line of the file when known. ``template`` is the English
    message, marked with :func:`gettext_noop`, with ``%(name)s`` placeholders for ``params``
    (strings, numbers, local datetimes, timedeltas); ``message`` is it filled in English.
    ``str(error)`` is one readable sentence that names the row or the reason; the command line
    shows it as is, pages translate ``template`` and fill it with the same values.
    """

    def __init__(
        self,
        code: str,
        template: str,
        *,
        row: int | None = None,
        line: int | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.code = code
        self.template = template
        self.params: dict[str, object] = dict(params or {})
        self.message = (
            template % {k: english_value(v) for k, v in self.params.items()}
            if self.params
            else template
        )
        self.row = row
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{self.message} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "row": self.row, "line": self.line}
