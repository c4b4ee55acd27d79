"""The identifier (PHI) scanner: rules, checksums and word lists, standard library only.

The rule is HIPAA Safe Harbor's, applied to Canadian and US clinical notes. The recognizers
(``phi/recognizers``, one module per family, run in the order of their registry) add candidate
spans with a priority; overlapping candidates are resolved by priority, then length, so a
checksum-valid health number beats a phone-shaped reading of the same digits and a facility
name beats the town inside it. Patterns are written to run in linear time (no nested unbounded
quantifiers), so adversarial input cannot make the scanner hang; they are tried only where the
words or numbers they start from occur (``phi/index.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from phi.core import Collector, Finding, resolve
from phi.index import TextIndex
from phi.lexicon import lexicon

if TYPE_CHECKING:
    from phi.recognizers import Recognizer

__all__ = ["KINDS", "Finding", "redact", "scan"]

KINDS = (
    "NAME",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "ADDRESS",
    "POSTAL_CODE",
    "HEALTH_NUMBER",
    "SIN",
    "SSN",
    "MRN",
    "URL",
    "IP",
    "ID",
    "FACILITY",
)


@lru_cache(maxsize=1)
def _registry() -> tuple[tuple[str, str, Recognizer], ...]:
    from phi.recognizers import registry

    return tuple(registry())


def scan(text: str) -> list[Finding]:
    """Find identifiers in ``text``: sorted, non-overlapping findings."""
    if not isinstance(text, str):
        raise TypeError("phi.scan() needs a str")
    if not text or text.isspace():
        return []
    lex = lexicon()
    recognizers = _registry()  # imports every recognizer, so the index knows their words
    c = Collector(text)
    idx = TextIndex(text, lex)
    for _family, _name, recognizer in recognizers:
        recognizer(c, lex, idx)
    return resolve(text, c.cands, c.vetoes)


def redact(text: str) -> str:
    """``text`` with every finding replaced by ``[KIND]``."""
    findings = scan(text)
    out: list[str] = []
    pos = 0
    for f in findings:
        out.append(text[pos : f.start])
        out.append(f"[{f.kind}]")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
