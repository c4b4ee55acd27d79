"""Free-text survey answers as everyone but their author reads them: identifiers redacted.

A respondent may keep text the identifier scanner flagged by confirming each finding ("not
identifying"); the stored answer is then verbatim. Outside the response itself (research
exports, the insights pages and every other aggregate) the answer is shown through
`redact_text`: what the scanner finds becomes ``[KIND]``. One function, so the dashboards and the
research export can never disagree about what a comment says.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload


def redact_text(text: str) -> str:
    """``text`` with every identifier finding replaced by ``[KIND]``."""
    if not text:
        return text
    import phi  # loaded on first use: its word lists are large

    return phi.redact(text)


class RedactedComments(Sequence[dict[str, Any]]):
    """A lazy list of comment rows (dicts with a ``text`` key) whose text is redacted when read.

    It wraps a query (or a list) and supports what a paginator needs (``count``, ``len``,
    slicing), so a page of 20 comments scans 20 texts, not every comment of the survey.
    """

    def __init__(self, rows: Any, *, field: str = "text") -> None:
        self._rows = rows
        self._field = field

    def _redact(self, row: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(row)
        out[self._field] = redact_text(str(out.get(self._field) or ""))
        return out

    def without_questions(self, ids: list[int]) -> RedactedComments:
        """The same comments but those answering the questions ``ids`` (a query's rows carry
        their question as ``question_id``; a list's rows as ``question_id`` too)."""
        rows = self._rows
        if hasattr(rows, "query") and hasattr(rows, "exclude"):
            return RedactedComments(rows.exclude(question_id__in=ids), field=self._field)
        return RedactedComments(
            [r for r in rows if r.get("question_id") not in set(ids)], field=self._field
        )

    def count(self) -> int:  # type: ignore[override]  # a row count, as a queryset's
        """The number of rows (what `Paginator` asks; one COUNT query for a queryset)."""
        rows = self._rows
        if hasattr(rows, "query") and callable(getattr(rows, "count", None)):
            return int(rows.count())
        return len(rows)

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._redact(r) for r in self._rows[index]]
        return self._redact(self._rows[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self._rows:
            yield self._redact(row)

    def __bool__(self) -> bool:
        rows = self._rows
        if hasattr(rows, "exists"):
            return bool(rows.exists())
        return bool(rows)
