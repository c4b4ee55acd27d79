"""Identifiers spoken in words: dictated notes, voicemail transcripts, speech-to-text (EN, FR).

- Digit words read one by one (``six one three, five five five, oh one seven three``, ``double
  five``, ``six-un-trois, cinq cent cinquante-cinq``): PHONE for 10 digits (11 starting with
  one; 7 after a phone cue), HEALTH_NUMBER for 10 after a health-card cue (``OHIP``, ``carte
  soleil``, ``RAMQ``) or 4-3-3 with the Ontario check digit, SIN/SSN/MRN/ID after their cue,
  and ID for any other run of five or more digits read one by one (never an extension).
- Dates with a month word and a day or a year in words (``march third nineteen fifty two``, ``the
  twenty eighth of october``, ``le trois mars mille neuf cent cinquante-deux``): DATE. A day and
  month without a year is a DATE, as in ``dates.py``; a year alone is not. A day in words after
  a weekday (``Tuesday the twenty third``, ``mardi le vingt-trois``), as ``dates.py`` does for
  ``Wed the 14th``.
- A name spelled letter by letter after ``spelled``, ``that's``, ``ça s'écrit``: NAME.
- Said aloud: EMAIL (``jane dot doe at example dot com``, ``jean point tremblay arobase exemple
  point ca``; never a common word before ``at``, nor a web site), URL (``www dot example dot
  ca``), POSTAL_CODE (``K one A, zero B one``, ``H deux X un A quatre``).

Never a lone number word: doses, frequencies, scales and tapers (``two tablets three times a
day``, ``thirty, then twenty, then ten``, ``zero to ten``) make no run of digit words. A run needs
single digit words for at least half its digits (a third after a cue), and is never a list of
single digits between commas, a count (``one two three four five``), a mix of English and French
words, a product code (DIN, lot) nor followed by a unit. A cardinal day after an English month
(``october two``) needs a year, a stop or a word such as ``at`` after it.

Standard library only, like the rest of ``phi``: number words are read by the small parser in
``spoken_words.py`` (``text2num`` would rewrite the text and lose offsets, and converts any
``one``). Tried only where the index found a number word, a month, a weekday, a spelling cue,
``at``/``arobase``/``www`` or a single letter that can start a postal code.
"""

from __future__ import annotations

import re
from itertools import pairwise

from phi import checksums
from phi.core import (
    P_DATE,
    P_EMAIL,
    P_LABELLED,
    P_NAME,
    P_NUMBER,
    P_PHONE,
    P_POSTAL,
    P_URL,
    Collector,
)
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers import spoken_words as sw
from phi.recognizers.common import words
from phi.recognizers.labels import _negative_label
from phi.recognizers.spoken_words import Tok

# ---- digit runs: phones, health numbers, identifiers ---------------------------------------

_CUE_RE = re.compile(
    r"(?i)(?<![\w])(?:"
    r"(?P<HEALTH_NUMBER>ohip|health[ \t]+card|health[ \t]+(?:number|no)|hcn|phn|ramq|nam|"
    r"version[ \t]+code|carte[ \t]+(?:soleil|santé|sante|d['’][ \t]*assurance)|"
    r"assurance[ \t-]+maladie|health[ \t]+insurance)"
    r"|(?P<SIN>sin|social[ \t]+insurance|nas|assurance[ \t]+sociale)"
    r"|(?P<SSN>ssn|social[ \t]+security)"
    r"|(?P<MRN>mrn|chart|medical[ \t]+record|hospital[ \t]+number|dossier|unit[ \t]+number)"
    r"|(?P<ID>claim|file|policy|member|licen[cs]e|permis|account|reference|confirmation|"
    r"certificate|réclamation|plate|plaque|case[ \t]+number|badge|employee|employé)"
    r"|(?P<PHONE>phone|telephone|téléphone|tel|tél|cell|cellphone|cellulaire|mobile|fax|pager|"
    r"call|called|callback|reach|reached|text|voicemail|r?appel(?:er|ez|le)|r?ejoindre|"
    r"area[ \t]+code|indicatif|ligne)"
    r"|(?P<EXT>extension|ext|poste)"
    r"|(?P<weak>numbers?|numéro|no\.?|\#))(?![\w])"
)
_AREA_BEFORE_RE = re.compile(r"(?<![\w.,/-])(?:\(\d{3}\)|\d{3})(?:[ \t]*[-,.][ \t]*|[ \t]+)$")
_AREA_CODE_RE = re.compile(r"(?i)(?:area[ \t]+code|indicatif(?:[ \t]+régional)?)[ \t:,]*$")
_VERSION_RE = re.compile(r"[ \t]*,?[ \t]*[A-Z][ \t.-]?[A-Z](?![\w])")  # a version code
_C_NUMBER = category("spoken number word", sorted(sw.RUN_START))


def _cue(text: str, start: int) -> str | None:
    """The kind the words just before ``start`` name (same line, last 60 characters)."""
    lo = max(text.rfind("\n", 0, start) + 1, start - 60)
    found = [m.lastgroup for m in _CUE_RE.finditer(text, lo, start)]
    strong = [k for k in found if k != "weak"]
    if strong:
        return strong[-1]
    return "PHONE" if found else None


def _items(toks: list[tuple[str, Tok]]) -> list[tuple[int, int, str, bool, str]]:
    """Digit items of a run: (start, end, digits, read one digit a word, separator before)."""
    words = [t[2] for _s, t in toks]
    out: list[tuple[int, int, str, bool, str]] = []
    i = 0
    while i < len(words):
        sep, (s, e, w) = toks[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (out and sep.strip(" \t-‑–,.…")) or (sep.strip(" \t") == "." and sep[-1:] != " "):
            break  # a colon, a slash or a decimal point ends the run
        if w in sw.REPEAT and nxt in sw.DIGITS and toks[i + 1][0].strip(" -") == "":
            out.append((s, toks[i + 1][1][1], str(sw.DIGITS[nxt]) * sw.REPEAT[w], True, sep))
            i += 2
            continue
        if w in sw.DIGITS and sw.DIGITS[w] and nxt in sw.THOUSAND:  # "five five five, two thousand"
            out.append((s, toks[i + 1][1][1], str(sw.DIGITS[w] * 1000), False, sep))
            i += 2
            continue
        if w.isdigit():  # digits written among the words: "six one three 555 0173"
            if len(w) not in (3, 4) or re.fullmatch(r"(?:19|20)\d\d", w) or "." in sep:
                break
            out.append((s, e, w, True, sep))
            i += 1
            continue
        single = (
            w in sw.DIGITS and nxt not in sw.HUNDRED and not (w == "quatre" and nxt[:5] == "vingt")
        )
        if single:
            out.append((s, e, str(sw.DIGITS[w]), True, sep))
            i += 1
            continue
        if w in ("oh", "o") or w not in sw.RUN_START:
            break
        got = sw.below1000(words, i, loose_tail=False)
        if got is None:
            break
        value, used = got
        out.append((s, toks[i + used - 1][1][1], str(value), False, sep))
        i += used
    return out


def _monotone(digits: str) -> bool:
    steps = {int(b) - int(a) for a, b in pairwise(digits)}
    return len(steps) == 1 and steps <= {1, -1}


def _monotone_values(values: list[int]) -> bool:
    """Counting said word by word, "eight nine ten" included (its digits are not monotone)."""
    steps = {b - a for a, b in pairwise(values)}
    return len(values) >= 3 and len(steps) == 1 and steps <= {1, -1}


def _nanp(digits: str) -> bool:
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def _run_kind(digits: str, groups: list[int], cue: str | None) -> tuple[str, int, str] | None:
    """(kind, priority, reason) of a run of spoken digits, or None."""
    n = len(digits)
    if len(set(digits)) < 2:
        return None  # "oh oh oh oh oh", "zero zero zero...": no number is one digit repeated
    if cue == "PHONE" and (n in (7, 10) or (n == 11 and digits[0] == "1")):
        return "PHONE", P_PHONE, "phone number read out digit by digit after a phone word"
    if cue == "HEALTH_NUMBER" and 7 <= n <= 14:
        return "HEALTH_NUMBER", P_LABELLED, "health number read out after a health-card word"
    if cue in ("SIN", "SSN") and n == 9:
        return cue, P_LABELLED, f"{cue} read out after its label"
    if cue in ("MRN", "ID") and n >= 5:
        return cue, P_LABELLED, "a number read out after a label that names a person's number"
    if n == 10:
        if groups == [4, 3, 3] and checksums.luhn_valid(digits):
            return "HEALTH_NUMBER", P_LABELLED, "Ontario health number read out (check digit)"
        if _nanp(digits):
            return "PHONE", P_PHONE, "ten digits read out like a phone number"
        if checksums.luhn_valid(digits) and digits[0] != "0":
            return "HEALTH_NUMBER", P_NUMBER, "ten digits read out (health number check digit)"
    if n == 11 and digits[0] == "1" and _nanp(digits[1:]):
        return "PHONE", P_PHONE, "phone number with its 1 read out"
    if n == 9 and checksums.sin_valid(digits):
        return "SIN", P_NUMBER, "nine digits read out (SIN check digit)"
    if n >= 5 and (cue or (n >= 8 and len(set(digits)) >= 3)):
        # with no label, a short run is a digit-span test or a list of scores as often as a
        # number: only a long one, of varied digits, is taken for an identifier
        return "ID", P_NUMBER, f"{n} digits read out one by one"
    return None


def _digit_runs(c: Collector, idx: TextIndex) -> None:
    text = c.text
    done = -1
    for p in idx.at(_C_NUMBER):
        if p < done or not word_start_ok(text, p):
            continue
        toks = sw.read(text, p, 40, sw.RUN_WORDS)
        if len(toks) < 2:
            continue
        items = _items(toks)
        if not items:
            continue
        digits = "".join(d for _s, _e, d, _one, _sep in items)
        ones = sum(len(d) for _s, _e, d, one, _sep in items if one)
        start, end = items[0][0], items[-1][1]
        done = end
        if sum(1 for s, e, _d, one, _sep in items if one and not text[s:e].isdigit()) < 3:
            continue  # at least three digits said in words
        if len(digits) == 7 and (area := _AREA_BEFORE_RE.search(text, max(0, start - 12), start)):
            start, digits = area.start(), re.sub(r"\D", "", area.group()) + digits
            ones += 3
        n = len(digits)
        if n < 3 or (n < 5 and not _AREA_CODE_RE.search(text, max(0, start - 30), start)):
            continue
        if n == 3:
            c.add(start, end, "PHONE", "area code read out", P_PHONE)
            continue
        if _negative_label(text, start):
            continue  # a DIN, a lot, a form read out
        cue = _cue(text, start)
        if cue == "EXT":
            continue  # an extension stays outside the phone number
        if ones * (3 if cue else 2) < n or ones < 3:
            continue
        seps = [sep for _s, _e, _d, _one, sep in items[1:]]
        counting = _monotone(digits) or _monotone_values([int(d) for _s, _e, d, _o, _p in items])
        if not cue and (counting or all(any(ch in s for ch in ",.…") for s in seps)):
            continue  # counting, or a list of scores
        after = sw.WORD_RE.match(text, end + 1) if text[end : end + 1] in (" ", "\t") else None
        if after is not None and after.group().lower() in sw.UNIT_WORDS:
            continue
        # groups: split at commas and stops, else at spaces between hyphenated words
        groups, size, hyphens = [], 0, any("-" in s for s in seps)
        for k, (_s, _e, d, _one, sep) in enumerate(items):
            if k and (any(ch in sep for ch in ",.;") or (hyphens and "-" not in sep)):
                groups.append(size)
                size = 0
            size += len(d)
        groups.append(size)
        decided = _run_kind(digits, groups, cue)
        if decided is None:
            continue
        kind, prio, reason = decided
        if kind == "ID" and not cue and ones < n:
            continue  # an identifier with no label is read one digit at a time
        said = {t[2] for _s, t in toks if items[0][0] <= t[0] < end}
        if said & sw.EN_ONLY and said & sw.FR_ONLY:
            continue  # one number is said in one language
        if kind == "HEALTH_NUMBER" and (vm := _VERSION_RE.match(text, end)):
            end = vm.end()
        c.add(start, end, kind, reason, prio)


# ---- dates ---------------------------------------------------------------------------------

_C_MONTH = category("spoken month", sorted(sw.MONTHS))
_DATE_SEP_RE = re.compile(r"[ \t]{1,3}|[-‑]|,[ \t]{1,3}")  # between the words of one date
_JOIN_RE = re.compile(r"[ \t]{1,3}|[ \t]*[-‑][ \t]*")  # between the words of one date
_AFTER_DAY = words(
    """at in on for with by was is were will she he we they i his her appointment appt
    visit follow à au pour avec chez vers il elle rendez"""
)
#: After an ordinal, what makes it an adjective rather than a day: a hyphenated word, or a
#: noun an ordinal commonly counts ("first line", "second opinion", "third trimester").
_ORDINAL_NOUN_RE = re.compile(
    r"(?i)[-‑][^\W\d_]|[ \t]+(?:lines?|line[-‑]|degree|time|times|trimester|round|choice|"
    r"option|step|dose|opinion|place|attempt|course|cycle)(?![\w])"
)
_MAY_CUE_RE = re.compile(r"(?i)(?<![\w])(?:on|since|until|till|by|from|before|after|born)[ \t]+$")


def _dates(c: Collector, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_MONTH):
        if not word_start_ok(text, p):
            continue
        after = sw.read(text, p, 9)
        month = after[0][1][2]
        if month not in sw.MONTHS:
            continue
        for i in range(1, len(after)):  # a date never runs past a stop, nor a comma early on
            if not _DATE_SEP_RE.fullmatch(after[i][0]) or ("," in after[i][0] and i == 1):
                del after[i:]
                break
        french = month in sw.FR_MONTHS
        w = [t[2] for _s, t in after]
        seps = [s for s, _t in after]
        # the words before the month, read back within the line
        lo = max(text.rfind("\n", 0, p) + 1, p - 48)
        back: list[re.Match[str]] = []
        right = p
        for m in reversed(list(sw.WORD_RE.finditer(text, lo, p))):
            if not _JOIN_RE.fullmatch(text, m.end(), right):
                break
            back.insert(0, m)
            right = m.start()
        bw = [m.group().lower() for m in back]
        start, end, day_first = p, 0, False
        k = len(bw) - (1 if bw[-1:] in (["of"], ["de"]) and not french else 0)
        for used in (3, 2, 1):
            if k - used < 0:
                continue
            j = k - used
            got = sw.day(bw, j, cardinal=french)
            if got and got[1] == used and (got[2] or got[0] > 1 or bw[j] != "un"):
                if k == len(bw) and not got[2] and not french:
                    continue
                start, day_first = back[j].start(), True
                break
        if day_first:
            if bw[-1:] == ["of"] and french:
                continue
            yw = 1 + (1 if w[1:2] in (["of"], ["de"]) else 0)
            used = sw.year(w, yw, short=True) if "\n" not in "".join(seps[1 : yw + 1]) else 0
            end = after[yw + used - 1][1][1] if used else after[0][1][1]
        elif not french:
            j = 1 + (1 if w[1:2] in (["the"], ["of"]) else 0)
            year = sw.year(w, j, short=False) if w[1:2] != ["the"] else 0
            if year >= 2:  # month and year: "march nineteen fifty two"
                end = after[j + year - 1][1][1]
            else:
                j = 1 + (1 if w[1:2] == ["the"] else 0)
                got = sw.day(w, j, cardinal=True)
                if got is None or any(sep.strip(" \t") for sep in seps[1 : j + 1]):
                    continue
                cued = _MAY_CUE_RE.search(text, max(0, p - 12), p)
                if not got[2] and month in ("may", "march") and not cued:
                    continue  # "may two", "march three": words, not dates
                k = j + got[1]
                used = sw.year(w, k, short=True)
                end = after[k + used - 1][1][1] if used else after[k - 1][1][1]
                if not used and got[2] and _ORDINAL_NOUN_RE.match(text, end):
                    continue  # "June second-line therapy", "march first line": an adjective
                nxt = sw.STEP_RE.match(text, end) if not used and not got[2] else None
                word = nxt.group(2).lower() if nxt and not nxt.group(1).strip() else ""
                if word and (got[0] < 10 or word not in _AFTER_DAY):
                    continue  # "october twenty eight at noon", not "october two tablets"
                if not used and month == "may":
                    cap = text[p] == "M" and text[max(0, p - 2) : p].strip(" ") not in (".", "")
                    if not (cap or cued):
                        continue
        else:
            j = 1 + (1 if w[1:2] == ["de"] else 0)
            used = sw.year(w, j, short=False)
            if used < 2:
                continue  # "mars 2024" is read by dates.py
            end = after[j + used - 1][1][1]
        if end - start <= len(month) + 1 and not day_first:
            continue
        if start == p and end == after[0][1][1]:
            continue
        said = {m.group().lower() for m in sw.WORD_RE.finditer(text, start, end)}
        if not said & sw.SPOKEN:
            continue  # digits and a month: read by dates.py
        if said & (sw.EN_ONLY if french else sw.FR_ONLY):
            continue  # one date is said in one language
        c.add(start, end, "DATE", "a date read out in words", P_DATE)


_EN_WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
_WEEKDAYS = words(
    """monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche"""
)
_C_WEEKDAY = category("spoken weekday", sorted(_WEEKDAYS))


def _weekday_days(c: Collector, idx: TextIndex) -> None:
    """A day of the month in words after a weekday: ``Tuesday the twenty third``, ``mardi le
    vingt-trois`` (the weekday stays outside, as in ``dates.py``)."""
    text = c.text
    for p in idx.at(_C_WEEKDAY):
        after = sw.read(text, p, 5)
        if after[0][1][2] not in _WEEKDAYS or not word_start_ok(text, p):
            continue
        french = after[0][1][2] not in _EN_WEEKDAYS
        w = [t[2] for _s, t in after]
        j = 1 + (1 if w[1:2] in (["the"], ["le"]) else 0)
        if any(not _JOIN_RE.fullmatch(sep) for sep, _t in after[1 : j + 1]):
            continue
        got = sw.day(w, j, cardinal=french)
        if got is None or w[j].isdigit() or w[j][:1].isdigit():
            continue  # digits are read by dates.py
        k = j + got[1]
        if k < len(w) and not after[k][0].strip() and w[k] not in _AFTER_DAY:
            continue  # "lundi deux comprimés", "Friday the first thing"; a month: read with it
        said = set(w[j : j + got[1]])
        if said & (sw.EN_ONLY if french else sw.FR_ONLY):
            continue
        c.add(after[j][1][0], after[j + got[1] - 1][1][1], "DATE", "a day after a weekday", P_DATE)


# ---- names spelled out ---------------------------------------------------------------------

_C_SPELL = category(
    "spelling cue", "spell spelled spelt spells spelling that écrit épelé épelée épeler épelle"
)
_SPELL_CUE_RE = re.compile(
    r"(?i)(?:spell(?:ed|s|ing)?|spelt|that['’]s|that[ \t]+is|(?<=[sS]['’])écrit|épel(?:ée?|er|le))"
    r"(?:[ \t]*(?:[:,—–-]|it|is|as|like|out|comme|ça|ca)(?![\w]))*[ \t]*"
)
_LETTER_RE = re.compile(
    r"(?i)(?:(?:double|triple)[ \t-]+)?([^\W\d_])(?![\w'’])"
    r"(?:[ \t]+(?:accent[ \t]+(?:aigu|grave|circonflexe)|acute|grave))?"
)
_LETTER_SEP_RE = re.compile(
    r"(?i)[ \t]*(?:[-.,][ \t]*|(?:hyphen|dash|apostrophe|tiret|trait[ \t]+d['’]union)[ \t]+)"
    r"|[ \t]+"
)


def _spelled(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_SPELL):
        cue = _SPELL_CUE_RE.match(text, p)
        if cue is None or (p and text[p - 1].isalnum()):
            continue
        pos, first, last, count, spaced = cue.end(), -1, -1, 0, False
        while True:
            m = _LETTER_RE.match(text, pos)
            if m is None:
                break
            if first < 0:
                first = m.start()
            last, count = m.end(), count + (2 if m.group().lower().startswith("double") else 1)
            s = _LETTER_SEP_RE.match(text, m.end())
            if s is None or not s.group():
                break
            spaced = spaced or s.group().strip(" \t") == ""
            pos = s.end()
        if first < 0:
            continue
        if spaced and text[last - 1] in "aAiI" and last - first > 1:
            nxt = sw.WORD_RE.match(text, last + 1)
            if nxt and len(nxt.group()) > 1:  # "... k i a week ago": the article is no letter
                last, count = text.rfind(" ", first, last - 1), count - 1
                while last > first and not text[last - 1].isalpha():
                    last -= 1
        strong = not cue.group().lower().startswith("that")
        spelled = "".join(ch for ch in text[first:last].lower() if ch.isalpha())
        if (
            spelled in lex.clinical
            or spelled in lex.drugs
            or (
                spelled in lex.frequent
                and spelled not in lex.first_names_all
                and spelled not in lex.surnames_all
            )
        ):
            continue  # "spelled P R N", "ça s'écrit D O S E": a term or a word, not a person
        if count >= (3 if strong else 4):
            c.add(first, last, "NAME", "a name spelled out letter by letter", P_NAME)


# ---- emails, web and postal codes said aloud ------------------------------------------------

_DOT = r"(?:[ \t]+(?:dot|point)[ \t]+|\.)"
_C_AT = category("spoken at", "at arobase à a www")
_EMAIL_DOMAIN_RE = re.compile(
    rf"(?i)(?:at|arobase|a[ \t]+commercial|à)[ \t]+[a-z0-9-]+(?:{_DOT}[a-z0-9-]+){{0,3}}"
    rf"{_DOT}(?:com|ca|net|org|edu|gov|info|fr|us)(?![\w.@/])"
)
_EMAIL_LOCAL_RE = re.compile(
    r"(?i)(?<![\w@.])[a-z0-9]+(?:(?:[ \t]+(?:dot|point|underscore|dash|hyphen|tiret)[ \t]+|[._-])"
    r"[a-z0-9]+){0,4}[ \t]+$"
)
_NO_HOST = words("a an the and or to of in on at by for with et le la les de du un une")
_WWW_RE = re.compile(
    rf"(?i)(?:www|w[ \t]+w[ \t]+w){_DOT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+){{0,3}}"
    rf"{_DOT}(?:com|ca|net|org|edu|gov|info|fr|us)(?![\w.])"
)
_PC_DIGIT = "(?:(?:" + "|".join(sorted(sw.DIGITS, key=len, reverse=True)) + r")(?![^\W\d_])|\d)"
_PC_SEP = r"[ \t]*[-,.]?[ \t]*"
_PC_L = r"(?![^\W\d_])"  # a letter said alone (not the start of a word)
_POSTAL_RE = re.compile(
    rf"(?i)[ABCEGHJ-NPRSTVXY]{_PC_L}{_PC_SEP}{_PC_DIGIT}{_PC_SEP}[ABCEGHJ-NPRSTV-Z]{_PC_L}"
    rf"{_PC_SEP}{_PC_DIGIT}{_PC_SEP}[ABCEGHJ-NPRSTV-Z]{_PC_L}{_PC_SEP}{_PC_DIGIT}(?![\w])"
)
_POSTAL_WRITTEN_RE = re.compile(r"[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d")
#: Since 1.22.0: a letter-and-digit token beside letters and digits in pairs ("P5 T6 D2 N1 A4 S3
#: Dep3"): a string of symptom scores (ESAS-r, a pain diary), no postal code said aloud.
_SCORE_TOKEN_BEFORE_RE = re.compile(r"(?<![\w-])[A-Za-z]{1,4}\d{1,2}[ \t]+$")
_SCORE_TOKEN_AFTER_RE = re.compile(r"[ \t]+[A-Za-z]{1,4}(?:\d{1,2}|\?)(?![\w-])")
_C_PC_LETTER = category("spoken postal code letter", "a b c e g h j k l m n p r s t v x y")


def _said_addresses(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``jane dot doe at example dot com``, ``www dot example dot ca``, ``K one A, zero B one``."""
    text = c.text
    for p in idx.at(_C_AT):
        if not word_start_ok(text, p):
            continue
        if text[p] in "wW":
            if (m := _WWW_RE.match(text, p)) is not None and "." not in m.group():
                c.add(p, m.end(), "URL", "a web address said aloud", P_URL)
            continue
        m = _EMAIL_DOMAIN_RE.match(text, p)
        if m is None:
            continue
        local = _EMAIL_LOCAL_RE.search(text, max(text.rfind("\n", 0, p) + 1, p - 80), p)
        if local is None:
            continue
        name = local.group().strip().lower()
        if "." in m.group() and not re.search(r"[._\d-]| (?:dot|point|underscore|dash) ", name):
            continue  # "her page at example.com": a web site, not a mailbox
        host = sw.WORD_RE.findall(m.group().lower())[1]
        everyday = name.isalpha() and (
            name in lex.common or (name in lex.frequent and name not in lex.first_names_all)
        )
        if everyday or name in sw.RUN_WORDS or host in _NO_HOST:
            continue  # "available at mychart dot com", "ten at and dot com": words, no mailbox
        c.add(local.start(), m.end(), "EMAIL", "an email address said aloud", P_EMAIL)
    for p in idx.at(_C_PC_LETTER):
        if word_start_ok(text, p) and (m := _POSTAL_RE.match(text, p)) is not None:
            if _POSTAL_WRITTEN_RE.fullmatch(m.group()):
                continue  # read by contacts.py
            said = sw.WORD_RE.findall(m.group())
            if not any(len(w) > 1 for w in said) and not m.group().isupper():
                continue  # "a 1 b 2 c 3"; "K1A 0B1" is read by contacts.py
            if _SCORE_TOKEN_BEFORE_RE.search(text, max(0, p - 8), p) or _SCORE_TOKEN_AFTER_RE.match(
                text, m.end()
            ):
                continue  # (1.22.0) a symptom score string: "D2 N1 A4 S3 Dep2" (ESAS-r)
            c.add(p, m.end(), "POSTAL_CODE", "a postal code said aloud", P_POSTAL)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Phones, health numbers, identifiers and dates spoken in words; names spelled out;
    emails, web addresses and postal codes said aloud."""
    _digit_runs(c, idx)
    _dates(c, idx)
    _weekday_days(c, idx)
    _spelled(c, lex, idx)
    _said_addresses(c, lex, idx)
