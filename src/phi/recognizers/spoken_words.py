"""English and French number words, read with their offsets: digits, numbers under a million,
days of the month and years (``nineteen fifty two``, ``twenty oh four``, ``mille neuf cent
cinquante-deux``, ``dix-neuf cent``). Used by :mod:`phi.recognizers.spoken`.

A parser returns ``(value, words used)`` for the longest reading starting at ``w[i]`` of a list
of lower-case words, or None; nothing here adds a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phi.recognizers.common import words


def numbered(names: str, first: int, step: int = 1) -> dict[str, int]:
    """``"one two three", 1`` -> ``{"one": 1, "two": 2, "three": 3}``."""
    return {w: first + step * i for i, w in enumerate(names.split())}


DIGITS = {
    **dict.fromkeys(("zero", "oh", "o", "zéro"), 0),
    **numbered("one two three four five six seven eight nine", 1),
    **numbered("un deux trois quatre cinq six sept huit neuf", 1),
}
EN_TEENS = numbered(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
FR_TEENS = {"onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
EN_TENS = numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
EN_UNITS = numbered("one two three four five six seven eight nine", 1)
FR_UNITS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7}
FR_UNITS |= {"huit": 8, "neuf": 9}
HUNDRED = frozenset(("hundred", "cent", "cents"))
THOUSAND = frozenset(("thousand", "mille", "mil"))
REPEAT = {"double": 2, "triple": 3}
EN_ORD = numbered(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth",
    1,
)
EN_ORD |= {"twentieth": 20, "thirtieth": 30}

RUN_START = (
    set(DIGITS) | set(EN_TEENS) | set(FR_TEENS) | set(EN_TENS) | set(FR_TENS) | {"dix"}
) | set(REPEAT)

RUN_WORDS = frozenset(RUN_START | HUNDRED | THOUSAND | {"et", "and", "vingts"})

UNIT_WORDS = words(
    """mg milligram milligrams milligrammes mcg micrograms g gram grams grammes ml millilitres
    milliliters cc units unit unités tabs tablets tablet pills pill caps capsules puffs puff
    doses dose times time fois days day jours jour weeks week semaines months month mois years
    year ans hours hour heures minutes minute min mins percent pour points point kilos kg pounds
    lbs drops gouttes sprays comprimés comprimé patches refills"""
)

Tok = tuple[int, int, str]  # start, end, lower-case word

# a separator inside a spoken run (no line break), then one word or a number with its suffix
STEP_RE = re.compile(
    r"([ \t]{0,3}(?:[-–‑,.;:…/]{1,3}[ \t]{0,3})?)"
    r"([^\W\d_]+(?:['’][^\W\d_]+)?|\d{1,4}(?:st|nd|rd|th|er|re|e)?)(?![\w])"
)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d{1,4}(?:st|nd|rd|th|er|re|e)?(?![\w])")


def read(
    text: str, pos: int, limit: int, vocab: frozenset[str] | None = None
) -> list[tuple[str, Tok]]:
    """Up to ``limit`` words from ``pos`` (a word start), each with the separator before it;
    with ``vocab``, only while the words are in it (or are digits: ``six one three 555 0173``)."""
    out: list[tuple[str, Tok]] = []
    m = WORD_RE.match(text, pos)
    if m is None:
        return out
    out.append(("", (m.start(), m.end(), m.group().lower())))
    while len(out) < limit:
        s = STEP_RE.match(text, out[-1][1][1])
        if s is None or not s.group(1):
            break
        word = s.group(2).lower()
        if vocab is not None and word not in vocab and not word.isdigit():
            break
        out.append((s.group(1), (s.start(2), s.end(2), word)))
    return out


def below100(w: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number under 100 in words at ``w[i]``: (value, words used), the longest reading."""
    if i >= len(w):
        return None
    a = w[i]
    b = w[i + 1] if i + 1 < len(w) else ""
    if a in EN_TENS:
        return (EN_TENS[a] + EN_UNITS[b], 2) if b in EN_UNITS else (EN_TENS[a], 1)
    if a in EN_TEENS:
        return EN_TEENS[a], 1
    if a == "dix":
        return (10 + FR_UNITS[b], 2) if b in ("sept", "huit", "neuf") else (10, 1)
    if a in FR_TEENS:
        return FR_TEENS[a], 1
    base, used = 0, 0
    if a in FR_TENS:
        base, used = FR_TENS[a], 1
    elif a == "quatre" and b in ("vingt", "vingts"):
        base, used = 80, 2
    if base:
        x = w[i + used] if i + used < len(w) else ""
        y = w[i + used + 1] if i + used + 1 < len(w) else ""
        if x == "et" and (y == "un" or (y == "onze" and base == 60)):
            return base + (1 if y == "un" else 11), used + 2
        if base in (60, 80):
            tail = below100(w, i + used)
            if tail and 10 <= tail[0] <= 19 and w[i + used] in ("dix", *FR_TEENS):
                return base + tail[0], used + tail[1]
        if x in FR_UNITS and (x != "un" or base == 80):
            return base + FR_UNITS[x], used + 1
        return base, used
    if a in DIGITS and a not in ("oh", "o"):
        return DIGITS[a], 1
    return None


def below1000(w: Sequence[str], i: int, *, loose_tail: bool = True) -> tuple[int, int] | None:
    """``[unit or 10-99] hundred [and] [under 100]``, or a number under 100."""
    head = below100(w, i)
    at_hundred = i + (head[1] if head else 0)
    if at_hundred < len(w) and w[at_hundred] in HUNDRED and (head is None or head[0] > 0):
        value, used = (head[0] if head else 1) * 100, at_hundred - i + 1
        j = i + used
        if j < len(w) and w[j] in ("and", "et") and (tail := below100(w, j + 1)):
            return value + tail[0], used + 1 + tail[1]
        tail = below100(w, j)
        if tail and (loose_tail or tail[0] >= 10):
            return value + tail[0], used + tail[1]
        return value, used
    return head


def cardinal(w: Sequence[str], i: int) -> tuple[int, int] | None:
    """A whole number in words (up to 999,999): ``two thousand and four``, ``mille neuf cent``."""
    head = below1000(w, i)
    j = i + (head[1] if head else 0)
    if j < len(w) and w[j] in THOUSAND and (head is None or head[0] > 0):
        value = (head[0] if head else 1) * 1000
        j += 1
        if j < len(w) and w[j] in ("and", "et"):
            j += 1
        tail = below1000(w, j)
        return (value + tail[0], j + tail[1] - i) if tail else (value, j - i)
    return head


MONTHS = words(
    """january february march april may june july august september october november december
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre"""
)
FR_MONTHS = words(
    """janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre"""
)
FR_ONLY = words(
    """un deux trois quatre cinq sept huit neuf zéro dix onze douze treize quatorze quinze seize
    vingt vingts trente quarante cinquante soixante cent cents mille mil et premier première"""
)
EN_ONLY = (set(EN_UNITS) | set(EN_TEENS) | set(EN_TENS) | set(EN_ORD) | {"hundred", "thousand"}) - {
    "six"
}
SPOKEN = RUN_WORDS | set(EN_ORD) | THOUSAND | {"premier", "première"}


def ordinal_day(w: Sequence[str], i: int) -> tuple[int, int] | None:
    a = w[i] if i < len(w) else ""
    b = w[i + 1] if i + 1 < len(w) else ""
    if a in ("twenty", "thirty") and b in EN_ORD and EN_ORD[b] <= 9:
        return EN_TENS[a] + EN_ORD[b], 2
    if a in EN_ORD:
        return EN_ORD[a], 1
    if a in ("premier", "première", "1er"):
        return 1, 1
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|e)", a)
    return (int(m.group(1)), 1) if m else None


def day(w: Sequence[str], i: int, *, cardinal: bool) -> tuple[int, int, bool] | None:
    """A day of the month at ``w[i]``: (day, words used, ordinal)."""
    got = ordinal_day(w, i)
    if got and 1 <= got[0] <= 31:
        return got[0], got[1], True
    if not cardinal:
        return None
    num = below100(w, i) if i < len(w) and not w[i].isdigit() else None
    if num is None and i < len(w) and w[i].isdigit():
        num = int(w[i]), 1
    if num and 1 <= num[0] <= 31:
        return num[0], num[1], False
    return None


def year(w: Sequence[str], i: int, *, short: bool) -> int:
    """Words used by a year at ``w[i]`` (0 when none): ``nineteen fifty two``, ``twenty oh
    four``, ``two thousand and four``, ``mille neuf cent cinquante-deux``; two digits in words
    (``fifty-two``) when ``short``."""
    if i >= len(w):
        return 0
    if re.fullmatch(r"(?:18|19|20)\d\d", w[i]):
        return 1
    best = 0
    whole = cardinal(w, i)
    if whole and 1850 <= whole[0] <= 2099:
        best = whole[1]
    century = below100(w, i)
    if century and 18 <= century[0] <= 20:
        j = i + century[1]
        if j + 1 < len(w) and w[j] in ("oh", "o", "zero", "zéro") and w[j + 1] in DIGITS:
            best = max(best, century[1] + 2)
        tail = below100(w, j)
        if tail and tail[0] >= 10 and w[j] not in ("un", "one"):
            best = max(best, century[1] + tail[1])
    if short and not best:
        two = below100(w, i)
        if two and two[0] >= 10:
            best = two[1]
        elif i + 1 < len(w) and w[i] in ("oh", "o") and w[i + 1] in DIGITS:
            best = 2
    if best and i + best < len(w) and w[i + best] in UNIT_WORDS:
        return 0
    return best
