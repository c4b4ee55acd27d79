"""Identifier checks for clinical free text, shared by every form that holds it.

`check_fields` scans each field with the `phi` package and marks the findings the author has
overridden (matched by field, kind and a keyed hash of the flagged text, so an override holds
while that text is unchanged). A text that is not about patients (an announcement) does not
flag a date on its own: its dates are the program's schedule. `highlight` renders a field's
text with each finding in a <mark>.
The flagged text itself is never logged or stored: only its kind, position and keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

# What each kind of finding is called, and why it was flagged, in the reader's language (the
# scanner's own `why` is English; it is the fallback for a kind added to the scanner later).
KIND_LABELS = {
    "NAME": gettext_lazy("name"),
    "DATE": gettext_lazy("date"),
    "AGE": gettext_lazy("age"),
    "PHONE": gettext_lazy("phone"),
    "EMAIL": gettext_lazy("email"),
    "ADDRESS": gettext_lazy("address"),
    "POSTAL_CODE": gettext_lazy("postal code"),
    "HEALTH_NUMBER": gettext_lazy("health card"),
    "SIN": gettext_lazy("SIN"),
    "SSN": gettext_lazy("SSN"),
    "MRN": gettext_lazy("chart number"),
    "URL": gettext_lazy("web address"),
    "IP": gettext_lazy("IP address"),
    "ID": gettext_lazy("identifier"),
    "FACILITY": gettext_lazy("place"),
}
KIND_REASONS = {
    "NAME": gettext_lazy("looks like a person's name"),
    "DATE": gettext_lazy("looks like a date tied to a person (birth, visit, admission)"),
    "AGE": gettext_lazy("an age over 89, which identifies a person"),
    "PHONE": gettext_lazy("looks like a phone or fax number"),
    "EMAIL": gettext_lazy("an email address"),
    "ADDRESS": gettext_lazy("looks like a street address, town or community"),
    "POSTAL_CODE": gettext_lazy("looks like a postal or ZIP code"),
    "HEALTH_NUMBER": gettext_lazy("looks like a health card number"),
    "SIN": gettext_lazy("looks like a social insurance number"),
    "SSN": gettext_lazy("looks like a social security number"),
    "MRN": gettext_lazy("looks like a chart or file number"),
    "URL": gettext_lazy("a web address"),
    "IP": gettext_lazy("a computer's network (IP) address"),
    "ID": gettext_lazy(
        "looks like an identifying number (claim, employee, licence, order, bed or room)"
    ),
    "FACILITY": gettext_lazy(
        "names a clinic, hospital, workplace or other place a person can be found"
    ),
}


def kind_label(kind: str) -> str:
    """A finding kind as a reader says it, in the active language ("HEALTH_NUMBER" -> "health
    card", « carte santé »); an unknown kind is shown as it is."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def kind_reason(kind: str, fallback: str = "") -> str:
    """Why a finding of this kind was flagged, in the active language."""
    reason = KIND_REASONS.get(kind)
    return str(reason) if reason is not None else (fallback or kind)


@dataclass(frozen=True)
class FieldFinding:
    field: str
    start: int
    end: int
    kind: str
    reason: str
    text_hash: str
    overridden: bool = False

    @property
    def label(self) -> str:
        """The kind in the reader's words and language (shown on badges; `kind` is the code)."""
        return kind_label(self.kind)

    @property
    def key(self) -> str:
        """Identifies the finding in forms (field, kind and hash, never the text)."""
        return f"{self.field}:{self.kind}:{self.text_hash}"


def text_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


#: Words that tie a date to a person's own record (the dates HIPAA's Safe Harbor names: birth,
#: admission, discharge, death), English and French. A date after one of them, in the same
#: sentence, is flagged even in a text that is not about a patient.
_PERSONAL_DATE_CUE = re.compile(
    r"\b(?:born|birth\w*|d\.?o\.?b|ddn|n[ée]e|né|naissance|admitted|admissions?|admise?|"
    r"discharged?|died|death|deceased|d[ée]c[èe]s|d[ée]c[ée]d[ée]e?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end] (a date's own dots, "5.1.2027",
    are inside the finding and do not cut it)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _date_stands_alone(text: str, date: Any, findings: Sequence[Any]) -> bool:
    """A date in a text that is not about a patient (an announcement's "starts on 5 January")
    is the schedule's, unless its sentence ties it to a person: a birth, admission, discharge
    or death word before it, or another identifier (a name, a number, a place...)."""
    first, last = _sentence(text, date.start, date.end)
    if _PERSONAL_DATE_CUE.search(text, first, date.start):
        return False
    return not any(
        f.kind != "DATE" and f.start < last and f.end > first for f in findings if f is not date
    )


def check_fields(
    values: Mapping[str, str],
    overridden: Iterable[tuple[str, str, str]] = (),
    *,
    about_patients: bool = True,
) -> list[FieldFinding]:
    """Identifier findings in each field. A text that is not about patients
    (``about_patients=False``: an announcement of sessions) drops a date that stands alone
    (see `_date_stands_alone`); every other kind is flagged the same in every text."""
    import phi  # the plain scanner package; imported here so Django start-up stays light

    done = set(overridden)
    found: list[FieldFinding] = []
    for field, text in values.items():
        if not text or not text.strip():
            continue
        scanned = list(phi.scan(text))
        for f in scanned:
            if not about_patients and f.kind == "DATE" and _date_stands_alone(text, f, scanned):
                continue
            digest = text_hash(f.text)
            found.append(
                FieldFinding(
                    field=field,
                    start=f.start,
                    end=f.end,
                    kind=f.kind,
                    # in words a clinician reads, in the active language (phi's `why` is English)
                    reason=kind_reason(f.kind, f.why),
                    text_hash=digest,
                    overridden=(field, f.kind, digest) in done,
                )
            )
    return found


def highlight(text: str, findings: Iterable[FieldFinding]) -> SafeString:
    """The text, escaped, with each finding wrapped in <mark> carrying its kind and reason."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts.append(escape(text[pos : f.start]))
        css = "phi phi-overridden" if f.overridden else "phi"
        parts.append(
            format_html(
                '<mark class="{}" title="{}: {}">{}<span class="phi-kind">{}</span></mark>',
                css,
                f.label,
                f.reason,
                text[f.start : f.end],
                f.label,
            )
        )
        pos = f.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part is escaped above
