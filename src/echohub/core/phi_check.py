"""Identifier checks for clinical free text, shared by every form that holds it.

`check_fields` scans each field with the `phi` package and marks the findings the author has
overridden (matched by field, kind and a keyed hash of the flagged text, so an override holds
while that text is unchanged). `highlight` renders a field's text with each finding in a <mark>.
The flagged text itself is never logged or stored: only its kind, position and keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
    def key(self) -> str:
        """Identifies the finding in forms (field, kind and hash, never the text)."""
        return f"{self.field}:{self.kind}:{self.text_hash}"


def text_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def check_fields(
    values: Mapping[str, str], overridden: Iterable[tuple[str, str, str]] = ()
) -> list[FieldFinding]:
    import phi  # the plain scanner package; imported here so Django start-up stays light

    done = set(overridden)
    found: list[FieldFinding] = []
    for field, text in values.items():
        if not text or not text.strip():
            continue
        for f in phi.scan(text):
            digest = text_hash(f.text)
            found.append(
                FieldFinding(
                    field=field,
                    start=f.start,
                    end=f.end,
                    kind=f.kind,
                    reason=f.why,  # in words a clinician reads (phi.Finding.why)
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
                f.kind,
                f.reason,
                text[f.start : f.end],
                f.kind,
            )
        )
        pos = f.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part is escaped above
