"""Scan text for patient identifiers before it is shared (the `phi` package does the work)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from echohub.api.access import caller
from echohub.api.errors import ApiError
from echohub.api.schemas import ErrorOut, ValidationErrorOut
from echohub.api.throttles import phi_scan_throttle
from echohub.core.limits import PHI_SCAN_MAX_CHARS

router = Router(tags=["phi"])

MAX_CHARS = PHI_SCAN_MAX_CHARS


class ScanIn(Schema):
    # The ceiling is checked by the endpoint (413 `text_too_long`, before any scanning), and
    # declared here for clients.
    text: str = Field(
        description=f"At most {MAX_CHARS:,} characters.",
        json_schema_extra={"maxLength": MAX_CHARS},
    )


class ScanFindingOut(Schema):
    start: int = Field(description="Offset of the first character (Python string index).")
    end: int = Field(description="Offset after the last character.")
    kind: str
    text: str
    reason: str


class ScanOut(Schema):
    findings: list[ScanFindingOut]


def scan_text(text: str) -> list[Any]:
    """The scanner, imported when first used so the API loads without it."""
    import phi

    return list(phi.scan(text))


@router.post(
    "/phi/scan",
    response={
        200: ScanOut,
        401: ErrorOut,
        413: ErrorOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    throttle=phi_scan_throttle,
    summary="Scan text for identifiers",
    description=(
        "Finds likely patient identifiers (names, health numbers, dates, ...). Nothing is "
        f"stored or logged. Errors: `text_too_long` (413, over {MAX_CHARS:,} characters), "
        "`payload_too_large` (413), `throttled` (429: too many calls a minute, see `Retry-After`)."
    ),
)
def scan(request: HttpRequest, payload: ScanIn) -> dict[str, Any]:
    caller(request)
    if len(payload.text) > MAX_CHARS:
        raise ApiError(
            "text_too_long",
            _("Send at most %(max)s characters at a time.") % {"max": f"{MAX_CHARS:,}"},
            status=413,
            field="text",
        )
    findings = scan_text(payload.text)
    return {
        "findings": [
            {
                "start": f.start,
                "end": f.end,
                "kind": str(getattr(f.kind, "value", f.kind)),
                "text": f.text,
                "reason": f.reason,
            }
            for f in findings
        ]
    }
