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

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from phi.core import Collector, Finding, resolve
from phi.index import TextIndex
from phi.lexicon import lexicon
from phi.ocr import ocr_tokens

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


# (1.18.0) Markdown's strong emphasis ("- Age **93**", "**DOB:** 1931-02-03", chats and wikis
# exported as Markdown): its asterisks read as spaces, position for position, so a label and its
# value are read as plain text.
_EMPHASIS_RE = re.compile(r"\*\*(?=\S)|(?<=\S)\*\*")


def _emphasis(text: str) -> str:
    if "**" not in text:
        return text
    return _EMPHASIS_RE.sub("  ", text)


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
    found = _run(text, _emphasis(_leaders(text)))
    glued = _glued_lines(text)
    if glued:
        # Lines with joined tokens are read a second time with their joiners as spaces (only
        # those lines, so a long note costs little more); what that reading adds where the
        # first found nothing joins the findings, quoted as written.
        found = _reread(text, found, {k: [(*t, None) for t in v] for k, v in glued.items()})
    damaged = ocr_tokens(text)
    if damaged:
        # (1.13.0) lines with OCR look-alikes, read once more with them mapped: only the kinds
        # each damaged token can hold are kept
        found = _reread(text, found, damaged, grow=True)
    return found


def _reread(
    text: str,
    found: list[Finding],
    lines: dict[int, list[tuple[int, int, str, frozenset[str] | None]]],
    grow: bool = False,
) -> list[Finding]:
    """Read ``lines`` once more with their tokens' readings; add what touches a token. With
    ``grow``, a finding of the new reading also replaces the shorter ones inside it (an OCR'd
    date's first reading stopped at the damaged digit)."""
    if grow:
        kept = list(found)
        mark = bytearray(len(text))  # where a first-pass finding lies (found is sorted)
        for f in found:
            mark[f.start : f.end] = b"\x01" * (f.end - f.start)
        starts = [g.start for g in found]
        dropped: set[int] = set()
        for start, tokens in lines.items():
            for f in _reread(text, [], {start: tokens}):
                if mark.find(1, f.start, f.end) < 0:
                    kept.append(f)  # nothing there yet
                    continue
                k = max(bisect.bisect_right(starts, f.start) - 1, 0)
                inside = []
                while k < len(found) and found[k].start < f.end:
                    g = found[k]
                    if f.start < g.end and g.start < f.end:
                        inside.append(k)
                    k += 1
                if inside and all(
                    f.start <= found[k].start
                    and found[k].end <= f.end
                    and found[k].end - found[k].start < f.end - f.start
                    for k in inside
                ):
                    dropped.update(inside)
                    kept.append(f)
        if dropped:
            kept = [g for k, g in enumerate(kept) if k not in dropped]
        return sorted(kept)
    taken = bytearray(len(text))
    for f in found:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    extra: list[Finding] = []
    for start, tokens in lines.items():
        end = _line_end(text, start)
        line = text[start:end]
        parts, pos = [], start
        for t_start, t_end, reading, _kinds in tokens:
            parts.append(text[pos:t_start])
            parts.append(reading)
            pos = t_end
        parts.append(text[pos:end])
        t_starts = [t[0] for t in tokens]  # in order, never overlapping
        for f in _run(line, "".join(parts)):
            a, b = start + f.start, start + f.end
            # only what touches a read token (the rest of the line was read in its context),
            # and of a kind that token can hold; the tokens before the finding's end, back to
            # its start (1.13.0: no longer every token of the line for each finding)
            k = bisect.bisect_left(t_starts, b) - 1
            touches = False
            while k >= 0 and not touches:
                t_start, t_end, _, kinds = tokens[k]
                if t_end <= a and k < len(tokens) and t_start < a:
                    break
                touches = a < t_end and t_start < b and (kinds is None or f.kind in kinds)
                k -= 1
            if touches and taken.find(1, a, b) < 0:
                taken[a:b] = b"\x01" * (b - a)
                extra.append(Finding(a, b, f.kind, f.text, f.reason))
    return sorted(found + extra) if extra else found


def _line_end(text: str, start: int) -> int:
    ends = [i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0]
    return min(ends) if ends else len(text)


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
