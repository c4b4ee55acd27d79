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

import re
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


# A "joined" token: words glued by underscores, or three or more parts glued by hyphens with
# letters and digits among them, as in file names and record keys (``John_Smith_DOB_1961-03-14``,
# ``Smith-John-1961-03-14-MRI.pdf``). Addresses, links and handles keep their joiners.
_TOKEN_RE = re.compile(r"[^\s_-]*[_-]\S*")  # a token with a joiner in it
_WORD_RUN_RE = re.compile(r"\S+")
_HYPHENS_RE = re.compile(r"[^\W_]+(?:-[^\W_]+){2,}")
_SEPARATOR_RE = re.compile(r"_|-(?!(?<=\d-)\d)")
_LINKISH = ("@", "://", "www.")


def _unjoin(token: str) -> str:
    if any(mark in token for mark in _LINKISH):
        return token
    glued = "_" in token
    if not glued:
        m = _HYPHENS_RE.search(token)
        glued = bool(
            m and any(ch.isdigit() for ch in m.group()) and any(ch.isalpha() for ch in m.group())
        )
    if not glued:
        return token
    # a space for each joiner (the same length, so positions hold), except a hyphen between two
    # digits, which belongs to a date, phone or health number
    return _SEPARATOR_RE.sub(" ", token)


def _unjoined(text: str) -> str:
    """``text`` with the joiners inside joined tokens read as spaces, position for position."""
    if "_" not in text and "-" not in text:
        return text
    return _TOKEN_RE.sub(lambda m: _unjoin(m.group()), text)


def _glued_lines(text: str) -> dict[int, list[tuple[int, int, str]]]:
    """Start of each line holding joined tokens -> those tokens (start, end, reading)."""
    lines: dict[int, list[tuple[int, int, str]]] = {}
    if "_" not in text and "-" not in text:
        return lines
    cr = "\r" in text  # (1.12.0) else looking back for one scans to the text's start each time
    # a token with a joiner is a whole run of non-spaces holding one (what ``_TOKEN_RE`` finds;
    # a run of non-spaces is found in linear time, where ``_TOKEN_RE`` retries at each letter)
    for m in _WORD_RUN_RE.finditer(text):
        token = m.group()
        if "-" not in token and "_" not in token:
            continue
        reading = _unjoin(token)
        if reading != token:
            start = m.start()
            line = text.rfind("\n", 0, start)
            if cr:
                line = max(line, text.rfind("\r", 0, start))
            lines.setdefault(line + 1, []).append((start, m.end(), reading))
    return lines


# Dot leaders of a printed form ("First name ........ X", "Claim number .... 1234"): read as a
# colon and spaces, position for position, so the label rules see "First name:        X".
_LEADER_RE = re.compile(r"(?<=\S)[ \t]?\.{4,}(?=[ \t])")


def _leaders(text: str) -> str:
    if "...." not in text:
        return text
    return _LEADER_RE.sub(lambda m: ":" + " " * (len(m.group()) - 1), text)


def _run(text: str, read: str) -> list[Finding]:
    lex = lexicon()
    recognizers = _registry()  # imports every recognizer, so the index knows their words
    c = Collector(read)
    idx = TextIndex(read, lex)
    for _family, _name, recognizer in recognizers:
        recognizer(c, lex, idx)
    return resolve(text, c.cands, c.vetoes)  # findings quote the text itself


def scan(text: str) -> list[Finding]:
    """Find identifiers in ``text``: sorted, non-overlapping findings."""
    if not isinstance(text, str):
        raise TypeError("phi.scan() needs a str")
    if not text or text.isspace():
        return []
    found = _run(text, _leaders(text))
    glued = _glued_lines(text)
    if not glued:
        return found
    # Lines with joined tokens are read a second time with their joiners as spaces (only those
    # lines, so a long note costs little more); what that reading adds where the first found
    # nothing joins the findings, quoted as written.
    taken = bytearray(len(text))
    for f in found:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    extra: list[Finding] = []
    for start, tokens in glued.items():
        ends = [i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0]
        end = min(ends) if ends else len(text)
        line = text[start:end]
        parts, pos = [], start
        for t_start, t_end, reading in tokens:
            parts.append(text[pos:t_start])
            parts.append(reading)
            pos = t_end
        parts.append(text[pos:end])
        for f in _run(line, "".join(parts)):
            a, b = start + f.start, start + f.end
            # only what touches a joined token (the rest of the line was read in its context)
            touches = any(a < t_end and t_start < b for t_start, t_end, _ in tokens)
            if touches and taken.find(1, a, b) < 0:
                extra.append(Finding(a, b, f.kind, f.text, f.reason))
    return sorted(found + extra) if extra else found


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
