"""Schema pieces shared by the routers: times, emails, small references, the error body."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from echohub.core.limits import LOOKALIKE_EMAIL_MESSAGE, lookalike_email

#: The largest id a database row can have (BigAutoField: a signed 64-bit integer). An id filter
#: beyond it cannot match, and SQLite refuses to compare a foreign key with it (OverflowError,
#: a 500 before probe 1221): id filters in query strings are bounded by it.
DB_ID_MAX = 2**63 - 1


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


# Output datetimes: always UTC, ISO 8601 with an explicit +00:00 offset.
UtcDatetime = Annotated[
    dt.datetime,
    PlainSerializer(_utc, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


# A wall-clock time of day in a named time zone: "HH:MM" or "HH:MM:SS", never an offset (JSON
# Schema's "time" format requires one, so it is declared by pattern instead).
WALL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _wall_time_text(value: Any) -> Any:
    if isinstance(value, dt.time) and value.tzinfo is None:
        return value
    if not isinstance(value, str) or not re.fullmatch(WALL_TIME_PATTERN, value):
        raise ValueError(_("Give a wall-clock time as HH:MM (24-hour), without an offset."))
    return value


def _wall_time_out(value: dt.time) -> str:
    return value.replace(microsecond=0).isoformat()


WallTime = Annotated[
    dt.time,
    BeforeValidator(_wall_time_text),
    PlainSerializer(_wall_time_out, return_type=str),
    WithJsonSchema({"type": "string", "pattern": WALL_TIME_PATTERN, "example": "12:30"}),
]


def _email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError(_("Enter a valid email address.")) from None
    if lookalike_email(value):
        raise ValueError(str(LOOKALIKE_EMAIL_MESSAGE))
    return value


Email = Annotated[
    str,
    Field(max_length=254),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]


def _http_url(value: str) -> str:
    value = value.strip()
    if value and not value.startswith(("https://", "http://")):
        raise ValueError(_("Give a full http(s):// link."))
    return value


HttpUrl = Annotated[
    str,
    Field(max_length=200),
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": 200}),
]


class ErrorOut(Schema):
    code: str = Field(description="Stable, machine-readable reason (e.g. `not_found`).")
    message: str = Field(description="For people: what went wrong.")
    field: str | None = Field(None, description="The input field at fault, if any.")


class ValidationErrorOut(ErrorOut):
    errors: list[dict[str, Any]] = Field(default_factory=list)


class PersonRef(Schema):
    """A person as other members see them (no email, no licence number)."""

    id: int
    first_name: str
    last_name: str
    full_name: str
    profession: str
    credentials: str


class SiteRef(Schema):
    id: int
    name: str
    region: str


class ProgramRef(Schema):
    slug: str
    name: str


# Error responses for the OpenAPI schema, merged into each operation's `response`.
AUTH_ERRORS: dict[int, Any] = {401: ErrorOut}
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


def finding_out(f: Any) -> dict[str, Any]:
    """An identifier finding as the API gives it (a `core.phi_check.FieldFinding`): where it is,
    its kind and reason, and the key that keeps it; never the flagged text."""
    return {
        "field": f.field,
        "start": f.start,
        "end": f.end,
        "kind": f.kind,
        "reason": f.reason,
        "key": f.key,
        "overridden": f.overridden,
    }
