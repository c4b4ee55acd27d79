"""Limits on what people send, and the cleaning every text gets, in one place.

- Sizes: every field, file and request has a ceiling here (the settings can lower or raise the
  request-wide ones). Services check their fields against these constants, so the web form, the
  API and the CLI refuse the same things with the same words.
- Control characters: a NUL (U+0000) is refused in any input (PostgreSQL cannot store it); the
  check runs once per request in :class:`echohub.core.middleware.InputSafetyMiddleware`.
- Names (people, sites, studies): zero-width characters are removed, and the characters that
  reorder text (bidi overrides and isolates, used to make "gpj.exe" look like "exe.jpg") are
  refused, by :func:`clean_name`, used by the forms (:class:`NameField`) and API schemas
  (:data:`NameStr`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator

from echohub.core.errors import DomainError

# --- sizes ---------------------------------------------------------------------------------

#: One free-text field of a case, a recommendation, a review comment (about 10 pages).
CASE_TEXT_MAX = 20_000
#: A credit rule's accreditation statement, printed on every certificate (a paragraph or two).
ACCREDITATION_STATEMENT_MAX = 2_000
#: Text sent to the identifier scanner in one call (a whole case fits several times).
PHI_SCAN_MAX_CHARS = 100_000
#: (Attendance reports: at most attendance.services.MAX_UPLOAD_BYTES (5 MB) and
#: attendance.zoom_csv.MAX_RECORDS (20,000 rows), checked where the file is read.)
#: Any request body, files included (DATA_UPLOAD_MAX_MEMORY_SIZE bounds non-file bodies).
REQUEST_MAX_BYTES = 10 * 1024 * 1024
#: New case drafts one person may start in 24 hours (a program sees a few cases a week; more
#: than this is a script or a stuck button, and each draft is a row a coordinator must triage).
DRAFTS_PER_DAY = 20


class TooLong(DomainError):
    """A field over its limit (status 400, `code` "too_long", `field` the field)."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__("too_long", too_long_message(limit), field=field)


def too_long_message(limit: int) -> str:
    return _("This text is too long: at most %(max)s characters.") % {"max": f"{limit:,}"}


def check_lengths(values: Mapping[str, Any], limit: int, fields: Iterable[str] = ()) -> None:
    """Raise :class:`TooLong` for the first text in `values` (or in `fields` of it) over `limit`."""
    keys = list(fields) or list(values)
    for key in keys:
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise TooLong(key, limit)


# --- control characters --------------------------------------------------------------------

NUL_MESSAGE = gettext_lazy(
    "Your text contains a null character (an invisible control character, often left by "
    "copying from another program), which cannot be saved. Remove it or retype the text, "
    "then send it again."
)
_JSON_NUL = re.compile(rb"\\u0000")


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def json_holds_nul(body: bytes) -> bool:
    """Whether a JSON body carries a NUL in any string or key (raw, or escaped as \\u0000)."""
    if b"\x00" in body:
        return True
    if not _JSON_NUL.search(body):
        return False
    try:
        return _holds_nul(json.loads(body))
    except ValueError:
        return False  # not JSON: the parser refuses it with its own error


def params_hold_nul(params: Any) -> bool:
    """Whether a QueryDict (GET or POST) holds a NUL in a key or any of its values."""
    return any("\x00" in key or any("\x00" in v for v in params.getlist(key)) for key in params)


# --- names ---------------------------------------------------------------------------------

#: Removed from names: zero-width space, non-joiner, joiner, word joiner, invisible separators,
#: soft hyphen, byte-order mark, Mongolian vowel separator.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u00ad\ufeff\u180e")
#: Refused in names: left-to-right/right-to-left marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
NAME_BIDI_MESSAGE = gettext_lazy(
    "Names cannot contain invisible characters that change the direction of the text. "
    "Retype the name."
)
NAME_CONTROL_MESSAGE = gettext_lazy(
    "Names cannot contain control characters (such as a null character). Retype the name."
)


def clean_name(value: str) -> str:
    """A name as stored: NFC-normalised, zero-width characters removed, runs of spaces folded,
    trimmed (tabs and line breaks count as spaces). Raises ValueError (with a message for people)
    on bidi or other control characters."""
    if any(char in BIDI_CONTROLS for char in value):
        raise ValueError(str(NAME_BIDI_MESSAGE))
    text = "".join(char for char in value if char not in ZERO_WIDTH)
    if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text):
        raise ValueError(str(NAME_CONTROL_MESSAGE))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _clean_required_name(value: str) -> str:
    name = clean_name(value)
    if not name:
        raise ValueError(str(NAME_EMPTY_MESSAGE))
    return name


def _clean_name_or_none(value: str | None) -> str | None:
    return None if value is None else _clean_required_name(value)


NAME_EMPTY_MESSAGE = gettext_lazy("Give a name (visible letters, not only spaces).")
#: For ninja schemas: `name: NameStr = Field(min_length=1, max_length=200)` (never empty once
#: cleaned); `BlankNameStr` may be empty; `OptionalNameStr` for PATCH (None = not sent).
NameStr = Annotated[str, AfterValidator(_clean_required_name)]
BlankNameStr = Annotated[str, AfterValidator(clean_name)]
OptionalNameStr = Annotated[str | None, AfterValidator(_clean_name_or_none)]


class NameField(forms.CharField):
    """A form field for a person's or a place's name (see :func:`clean_name`)."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return text or ""
        try:
            return clean_name(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_name") from None


def clean_name_field(form: forms.BaseForm, field: str) -> str:
    """For ModelForms whose name field is generated: call from `clean_<field>`."""
    value = form.cleaned_data.get(field) or ""
    try:
        return clean_name(value)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_name") from None


class TooMany(DomainError):
    """A daily cap reached (status 429, `code` "too_many")."""

    status = 429


def check_daily_cap(*, used: int, cap: int, what: str | Promise) -> None:
    """Refuse one more `what` when `used` (counted over the last 24 hours) has reached `cap`."""
    if used >= cap:
        raise TooMany(
            "too_many",
            _(
                "You have started %(cap)d %(what)s in the last 24 hours, the most allowed in a "
                "day. Finish or delete one, or try again tomorrow."
            )
            % {"cap": cap, "what": what},
        )
