"""OCR look-alikes (since 1.13.0): a scanned and OCR'd page writes digits with letters that look
like them (``O``/``o`` for 0, ``l``/``I``/``|`` for 1, ``S`` for 5, ``B`` for 8) inside numbers,
and ``1``/``0`` for ``l``/``o`` inside words. :func:`ocr_tokens` finds such tokens and a reading
of each, position for position; :func:`phi.scanner.scan` reads their lines once more with them
and keeps only what the reading adds on those tokens, of the kinds the token can hold: a number's
shape (a date, phone, postal code, health number or file number) must hold after the mapping,
and a word read back as letters can only complete a name, a place or a facility.

Nothing is read differently when a token has no real digit beside its look-alikes (``lol``,
``So``), when look-alikes outnumber its digits, or when ``S``/``B`` do not sit between digits
(``B12``, ``S1``, ``O2``: a vitamin, a heart sound, oxygen keep their letters).
"""

from __future__ import annotations

import re

NUMBER_KINDS = frozenset(["DATE", "PHONE", "POSTAL_CODE", "HEALTH_NUMBER", "SIN", "ID", "MRN"])
WORD_KINDS = frozenset(["NAME", "FACILITY", "ADDRESS"])

# where a look-alike touches a digit, or a 1/0 touches a letter (the token around it is read next)
_HINT_RE = re.compile(r"[OolI|SB]\d|\d[OolI|SB]|[A-Za-z][01]|[01][a-z]")
_STRIP = "(),;:.\"'«»"
_MONTH_RE = re.compile(r"[A-Za-zéû]{3,}\.?")
_NUMBERISH_RE = re.compile(r"[0-9OolI|SB/.,:-]+")
_WORDISH_RE = re.compile(r"[A-Za-z'’-]*[A-Za-z][01][A-Za-z01'’-]*|[A-Za-z'’-]*[A-Za-z]{2}[01]+")
_ONES = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "janv",
        "févr",
        "fév",
        "mars",
        "avr",
        "mai",
        "juin",
        "juil",
        "août",
        "sept",
        "déc",
    ]
)


def _read_number(core: str) -> str | None:
    """The token's digits with its look-alikes mapped, or None when it is no damaged number."""
    out: list[str] = []
    real = mapped = 0
    pos = 0
    for m in _MONTH_RE.finditer(core):
        if m.group().rstrip(".").lower() not in _MONTHS:
            return None
        part = _map_digits(core[pos : m.start()])
        if part is None:
            return None
        out.append(part[0])
        real, mapped = real + part[1], mapped + part[2]
        out.append(m.group())
        pos = m.end()
    part = _map_digits(core[pos:])
    if part is None:
        return None
    out.append(part[0])
    real, mapped = real + part[1], mapped + part[2]
    if mapped == 0 or real == 0 or mapped > real:
        return None
    return "".join(out)


def _map_digits(part: str) -> tuple[str, int, int] | None:
    if not part:
        return "", 0, 0
    if not _NUMBERISH_RE.fullmatch(part):
        return None
    chars = list(part)
    real = mapped = 0
    for i, ch in enumerate(chars):
        if ch.isdigit():
            real += 1
        elif ch in _ONES:
            chars[i] = _ONES[ch]
            mapped += 1
        elif ch in "SB":
            before = part[i - 1] if i else ""
            after = part[i + 1] if i + 1 < len(part) else ""
            if not (before.isdigit() and after.isdigit()):
                return None
            chars[i] = "5" if ch == "S" else "8"
            mapped += 1
    return "".join(chars), real, mapped


def _read_word(core: str) -> str | None:
    """The word with its 1s and 0s read as letters, or None."""
    if not _WORDISH_RE.fullmatch(core):
        return None
    letters = sum(ch.isalpha() for ch in core)
    digits = sum(ch in "01" for ch in core)
    if letters < 3 or digits > letters // 2:
        return None
    upper = core.isupper() or sum(ch.isupper() for ch in core) > letters // 2
    chars = list(core)
    for i, ch in enumerate(chars):
        if ch == "1":
            chars[i] = "I" if upper else "l"
        elif ch == "0":
            chars[i] = "O" if upper else "o"
    return "".join(chars)


def ocr_tokens(text: str) -> dict[int, list[tuple[int, int, str, frozenset[str] | None]]]:
    """Start of each line holding damaged tokens -> those tokens (start, end, reading, kinds)."""
    lines: dict[int, list[tuple[int, int, str, frozenset[str] | None]]] = {}
    last = -1
    n = len(text)
    for hint in _HINT_RE.finditer(text):
        if hint.start() < last:
            continue
        start = hint.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = hint.end()
        while end < n and not text[end].isspace():
            end += 1
        last = end
        token = text[start:end]
        lead = len(token) - len(token.lstrip(_STRIP))
        core = token.strip(_STRIP)
        if not core:
            continue
        c_start = start + lead
        reading = _read_number(core)
        kinds = NUMBER_KINDS
        if reading is None:
            reading = _read_word(core)
            kinds = WORD_KINDS
        if reading is None or reading == core:
            continue
        line = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start))
        lines.setdefault(line + 1, []).append((c_start, c_start + len(core), reading, kinds))
    return lines
