"""Errors raised by the attendance engine. Plain Python: no Django import."""

from __future__ import annotations


class AttendanceError(Exception):
    """Bad attendance input, with a stable machine-readable ``code``.

    ``row`` is the 1-based participant row (after the header) when the problem is in one row,
    ``line`` the 1-based physical line of the file when known. ``str(error)`` is one readable
    sentence that names the row or the reason; callers show it as is.
    """

    def __init__(
        self, code: str, message: str, *, row: int | None = None, line: int | None = None
    ) -> None:
        self.code = code
        self.message = message
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
