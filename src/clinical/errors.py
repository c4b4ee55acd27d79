"""The one error type the clinical package raises for bad input."""

from __future__ import annotations


class ClinicalInputError(ValueError):
    """Input that the clinical calculators refuse.

    ``code`` is stable (callers branch on it and turn it into a form error or a 4xx);
    ``message`` is a plain sentence a clinician can act on; ``field`` names the offending
    input (e.g. ``"rows[2].dose"`` or ``"items[8]"``) when there is one; ``reason``, when
    given, is a stable finer code within ``code`` (e.g. ``"inexact_concentration"`` for a
    label's "10 mg/3 mL"), for callers that say more than the code does, in any language,
    without reading the English message.
    """

    def __init__(
        self, code: str, message: str, *, field: str | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        return f"{self.message}{where} [{self.code}]"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}
