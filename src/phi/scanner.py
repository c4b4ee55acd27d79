"""The identifier (PHI) scanner: rules, checksums and word lists, standard library only.

The rule is HIPAA Safe Harbor's, applied to Canadian and US clinical notes. Every detector adds
candidate spans with a priority; overlapping candidates are resolved by priority, then length,
so a checksum-valid health number beats a phone-shaped reading of the same digits and a
facility name beats the town inside it. Patterns are written to run in linear time (no nested
unbounded quantifiers), so adversarial input cannot make the scanner hang.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from phi import checksums
from phi.core import (
    P_AGE,
    P_CHECKED,
    P_DATE,
    P_EMAIL,
    P_FACILITY,
    P_IP,
    P_LABELLED,
    P_NAME,
    P_NAME_PAIR,
    P_NAME_WEAK,
    P_NUMBER,
    P_PHONE,
    P_POSTAL,
    P_STREET,
    P_TOWN,
    P_URL,
    Finding,
    resolve,
)
from phi.core import Collector as _Collector
from phi.index import _KEY_RE, TextIndex, category
from phi.index import ASCII_LETTERS as _ASCII_LETTERS
from phi.index import anchored as _anchored
from phi.index import first_word as _first_word
from phi.index import word_start_ok as _word_start_ok
from phi.lexicon import Lexicon, lexicon

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


# --------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------

_L = r"[^\W\d_]"  # one letter, any script
_UP = r"[A-ZÀ-ÖØ-ÞŒ]"  # an upper-case Latin letter
_PROV_ABBR = "ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|PEI|YT|NT|NU|Ont|Qué|Que"
_STATE_ABBR = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_PROV_NAMES = (
    "Ontario|Québec|Quebec|Manitoba|Saskatchewan|Alberta|British Columbia|Nova Scotia|"
    "New Brunswick|Newfoundland|Prince Edward Island|Nunavut|Yukon|Northwest Territories"
)

_TITLE = (
    r"(?:Dr|Dre|Drs|Doctor|Docteur|Docteure|Mr|Mrs|Ms|Mss|Miss|Mx|Mme|Mmes|Mlle|Madame|Monsieur|"
    r"Prof|Professor|Rev|Sr|Sister|Father|Pastor|Nurse|Chief|Elder|Capt|Sgt|Officer|Judge|Me)"
)
_TITLE_RE = re.compile(rf"(?<![\w.]){_TITLE}\.?[ \t]+|(?<![\w.])M\.[ \t]+(?={_UP})")
_DETERMINER_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:the|a|an|my|her|his|our|your|their|le|la|un|une)[ \t]+$"
)
_LOWER_TITLE_RE = re.compile(r"(?:dr|dre|mr|mrs|mme|dr\.|dre\.|mr\.|mrs\.)[ \t]+(?=[a-zà-ÿ])")

_CRED = (
    r"MD|M\.D\.|DO|NP|NP-PHC|NP-Adult|NP-Peds|RN\(EC\)|RN|RPN|LPN|RPh|PharmD|PT|OT|PA-C|PA|FNP-C|"
    r"FNP-BC|FNP|APRN|DNP|CRNA|LMSW|LCSW|LICSW|MSW|RSW|BSW|CCFP|FCFP|FRCPC|PhD|MSc|BScN|CNA|"
    r"PSW|DC|ND|RD|RDH|RMT|SLP|CCC-SLP|MPT|DPT|OTR|OTR/L|RRT|EMT|CDE|RSSW|inf\.|pharmacienne|"
    r"pharmacien|infirmière(?: praticienne)?|infirmier|médecin|physiothérapeute|ergothérapeute|"
    r"travailleuse sociale|travailleur social|np|md|rn|rph|pt"
)
_CRED_RE = re.compile(rf"[ \t]*,?[ \t]*\(?(?:{_CRED})\)?(?![\w-])")
_CRED_TOKEN_RE = re.compile(rf"(?:{_CRED})(?![\w-])")
_CRED_LEAD_RE = re.compile(r"(?:,[ \t]*|[ \t]+|[ \t]*\()$")
_CRED_WORDS = [w.replace("\\", "") for w in _CRED.split("|")]

_WORD_RE = re.compile(rf"{_L}+(?:['’]{_L}+)*(?:-{_L}+(?:['’]{_L}+)*)*")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "st",
        "st.",
        "ste",
        "mac",
        "mc",
        "bin",
        "ibn",
        "al",
        "el",
        "ben",
        "ter",
        "ten",
        "dos",
        "das",
    ]
)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


# --------------------------------------------------------------------------------------------
# Labels before a number: "OHIP #:", "MRN", "WSIB claim #:", "SIN (from the form):"
# --------------------------------------------------------------------------------------------

_LABEL_GROUPS: tuple[tuple[str, str], ...] = (
    (
        "HEALTH_NUMBER",
        r"ohip|hcn|hin|health\s+card(?:\s+number)?|health\s+(?:number|no\.?|#)|health\s+insurance"
        r"(?:\s+number)?|version\s+code|carte\s+(?:santé|sante|soleil)|numéro\s+d'assurance\s+maladie"
        r"|nam|ramq|phn|personal\s+health\s+number|msp|ahcip|mcp|hsn|no\s+de\s+carte\s+santé",
    ),
    (
        "SIN",
        r"sin|social\s+insurance(?:\s+number)?|nas|numéro\s+d'assurance\s+sociale|assurance\s+sociale",
    ),
    ("SSN", r"ssn|ss#|social\s+security(?:\s+number)?|soc\.?\s*sec\.?"),
    (
        "MRN",
        r"mrn|medical\s+record(?:\s+number)?|chart|hospital\s+(?:number|no\.?|#)|patient\s+id|pt\s+id"
        r"|dossier\s+(?:médical|medical)|no\s+de\s+dossier|n°\s+de\s+dossier|unit\s+number|emr\s+id",
    ),
    (
        "ID",
        r"claim|certificate|cert|policy|member|account|acct|licen[cs]e|permis|plate|plaque|serial|s/n"
        r"|rx|prescription|registration|npi|dea|cpso|cno|ocp|cpsbc|cpsa|cmq|oiiq|opq|medicaid|medicare"
        r"|mbi|saaq|cnesst|csst|icbc|wcb|wsib|file|dossier|case\s+(?:number|no\.?|#)|reference|ref"
        r"|beneficiary|insurer|subscriber|group|badge|employee|student|passport|licence\s+plate|vin"
        r"|device|pacemaker|implant|identifier|id|ident|band",
    ),
)
_LABEL_RES = tuple(
    (
        kind,
        re.compile(
            rf"(?i)(?<![\w])(?:{pat})(?:\s+(?:#|no\.?|n°|number|num(?:é|e)ro|id))?"
            r"(?:\s+[a-z]{2,12}){0,2}[\s#:.°-]{0,6}(?:no\.?\s*)?\(?$"
        ),
    )
    for kind, pat in _LABEL_GROUPS
)
_NEG_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:din|din-?pin|ndc|npn|lot|batch|icd(?:-?1[01])?|lu(?:\s+code)?|code|form|session|"
    r"room|bed|page|step|item|upc|gtin|imprint|version|cpt|hcpcs|ref\s+range|fax\s+cover|ticket|"
    r"invoice|order|postal|zip|model|catalog(?:ue)?|cat\.?|part)[\s#:.°-]{0,4}(?:no\.?\s*)?$"
)
_PAREN_TAIL_RE = re.compile(r"\([^()\n]{0,90}\)[\s:#]*$")


def _label_window(text: str, start: int) -> str:
    lo = max(0, start - 120)
    window = text[lo:start]
    nl = window.rfind("\n")
    if nl >= 0:
        window = window[nl + 1 :]
    window = (
        _PAREN_TAIL_RE.sub("", window) if window.endswith((")", ") ", "): ", ") : ")) else window
    )
    return window[-60:]


def _label_kind(text: str, start: int) -> str | None:
    window = _label_window(text, start)
    if not window.strip():
        return None
    for kind, rx in _LABEL_RES:
        if rx.search(window):
            return kind
    return None


def _negative_label(text: str, start: int) -> bool:
    window = text[max(0, start - 30) : start]
    return bool(_NEG_LABEL_RE.search(window))


# --------------------------------------------------------------------------------------------
# Formatted identifiers
# --------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?){0,8}\.[A-Za-z]{2,24}(?![\w-])"
)
_TLDS = (
    "com|ca|org|net|edu|gov|io|co|us|info|biz|me|ly|app|health|care|blog|site|online|page|link|"
    "qc\\.ca|on\\.ca|uk|fr|de|au|tv|fm"
)
_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}$")
_URL_TLD_RE = re.compile(rf"\.(?:{_TLDS})/")
_URL_HOST_BEFORE_RE = re.compile(r"(?<![\w@.-])[A-Za-z0-9][A-Za-z0-9.-]{0,199}$")
_URL_SCHEME_RE = re.compile(
    r"(?i)(?<![\w@.-])(?:(?:https?|ftp)://[^\s<>\"'()\[\]{}]{1,2000}"
    r"|www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}(?:/[^\s<>\"'()\[\]{}]{0,2000})?)"
)
_URL_SCHEME_BEFORE_RE = re.compile(r"(?i)(?<![\w@.-])(?:https?|ftp)$")
_URL_RE = re.compile(
    r"(?i)(?<![\w@.-])(?:"
    r"(?:https?|ftp)://[^\s<>\"'()\[\]{}]{1,2000}"
    r"|www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}(?:/[^\s<>\"'()\[\]{}]{0,2000})?"
    rf"|[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{0,4}}\.(?:{_TLDS})/[^\s<>\"'()\[\]{{}}]{{1,2000}}"
    r")"
)
_IPV4_RE = re.compile(r"(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)")
_IPV6_PROBE_RE = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")

_PHONE_RE = re.compile(
    r"(?<![\w+/.-])(?:\+?1[ \t.-]?)?(?:\([ \t]?[2-9]\d\d[ \t]?\)|[2-9]\d\d)"
    r"[ \t.-]?[2-9]\d\d[ \t.-]?\d{4}(?![\w]|[-/.]\d)"
)
_PHONE_LOCAL_RE = re.compile(r"(?<![\w/.-])[2-9]\d\d[-.][0-9]{4}(?![\w]|[-/.]\d)")
_PHONE_CUE_RE = re.compile(
    r"(?i)(?:tel|tél|phone|téléphone|telephone|ph|cell|cellulaire|mobile|fax|télécopieur|call|"
    r"contact|line|ligne|pager|home|work|text|texts|#)\W{0,6}$"
)

_POSTAL_CA_RE = re.compile(
    r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w-])"
)
_POSTAL_LOWER_TAIL_RE = re.compile(r"\d[abceghj-nprstv-z][ -]\d[abceghj-nprstv-z]\d(?![\w-])")
_POSTAL_LOWER_RE = re.compile(r"(?<![\w-])[abceghj-nprstvxy]\d[a-z][ -]\d[a-z]\d(?![\w-])")
_ZIP4_RE = re.compile(r"(?<![\w-])\d{5}-\d{4}(?![\w-])")
_ZIP5_RE = re.compile(r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])")
_STATE_BEFORE_RE = re.compile(rf"(?<![\w])(?:{_STATE_ABBR}),?[ \t]+$")

# Ontario / BC style: 10 digits as 4-3-3 (or plain), optional version code.
_HN10_RE = re.compile(r"(?<![\w-])([1-9]\d{3})([ -]?)(\d{3})\2(\d{3})(?:[ -]?([A-Z]{2}))?(?![\w-])")
_RAMQ_RE = re.compile(r"(?<![\w-])[A-Z]{4}[ -]?\d{4}[ -]?\d{4}(?![\w-])")
_NINE_RE = re.compile(r"(?<![\w-])(\d{3})([ -]?)(\d{3})\2(\d{3})(?![\w-])")
_SSN_RE = re.compile(r"(?<![\w-])\d{3}([ -])\d{2}\1\d{4}(?![\w-])")
_ON_DL_RE = re.compile(r"(?<![\w-])[A-Z]\d{4}[- ]?\d{5}[- ]?\d{5}(?![\w-])")
_DEA_RE = re.compile(r"(?<![\w-])[A-Z][A-Z9]\d{7}(?![\w-])")
_DIGITS_RE = re.compile(r"(?<![\w.,/-])\d{7,14}(?![\w-]|[.,/]\d)")
_DASHED_RE = re.compile(r"(?<![\w.,/-])\d{2,8}(?:-\d{2,8}){1,3}(?![\w-]|[.,/]\d)")
_NPI_BEFORE_RE = re.compile(r"(?i)npi\W{0,4}$")
_ALNUM_RE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,5}(?:-?[A-Z0-9]{2,12}){1,3}(?![\w-])"
)
_LABELLED_TOKEN_RE = re.compile(
    r"[ \t]*(?:[#:]|no\.?|n°)?[ \t]*\(?"
    r"((?:[A-Z]{1,4}[- ]?)?\d[0-9A-Z]{1,14}(?:[-/][0-9A-Z]{1,12}){0,3}|[A-Z]{1,4}[- ]\d{1,4}"
    r"|[A-Z]{2,4}[ -]?\d{2,4}|\d{2,4}[ -]?[A-Z]{2,4})(?![\w-])"
)


def _emails(c: _Collector) -> None:
    text = c.text
    at = text.find("@")
    while at >= 0:
        lo = max(0, at - 64)
        lm = _EMAIL_LOCAL_RE.search(text, lo, at)
        if lm is not None:
            m = _EMAIL_RE.match(text, lm.start())
            if m is not None and m.end() > at:
                c.add(m.start(), m.end(), "EMAIL", "email address", P_EMAIL)
        at = text.find("@", at + 1)


def _urls(c: _Collector) -> None:
    text = c.text
    cands: list[re.Match[str]] = []
    low = c.lower
    seen: set[int] = set()
    i = text.find("://")
    while i >= 0:
        sm = _URL_SCHEME_BEFORE_RE.search(text, max(0, i - 6), i)
        if sm is not None:
            m = _URL_SCHEME_RE.match(text, sm.start())
            if m is not None and m.start() not in seen:
                seen.add(m.start())
                cands.append(m)
        i = text.find("://", i + 3)
    i = low.find("www.")
    while i >= 0:
        m = _URL_SCHEME_RE.match(text, i) if len(low) == len(text) else None
        if m is not None and m.start() not in seen:
            seen.add(m.start())
            cands.append(m)
        i = low.find("www.", i + 4)
    for tm in _URL_TLD_RE.finditer(text):
        host = _URL_HOST_BEFORE_RE.search(text, max(0, tm.start() - 200), tm.start())
        if host is None:
            continue
        m = _URL_RE.match(text, host.start())
        if m is not None:
            cands.append(m)
    for m in cands:
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?'\"":
            end -= 1
        c.add(m.start(), end, "URL", "web address", P_URL)


def _formatted(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    _emails(c)
    _urls(c)
    for m in _anchored(_IPV4_RE, text, idx.nums(1, 2, 3, after=".")):
        if all(int(x) <= 255 for x in m.group().split(".")):
            c.add(m.start(), m.end(), "IP", "IPv4 address", P_IP)
    if _IPV6_PROBE_RE.search(text) is not None:
        for m in _IPV6_RE.finditer(text):
            token = m.group()
            if token.count(":") < 2 or not any(ch.isalnum() for ch in token):
                continue
            import ipaddress

            try:
                ipaddress.IPv6Address(token)
            except ValueError:
                continue
            if token.count(":") >= 3 or "::" in token:
                c.add(m.start(), m.end(), "IP", "IPv6 address", P_IP)

    for m in _anchored(_POSTAL_CA_RE, text, idx.cap_starts):
        c.add(m.start(), m.end(), "POSTAL_CODE", "Canadian postal code", P_POSTAL)
    for m in _POSTAL_LOWER_TAIL_RE.finditer(text):
        s0 = m.start() - 1
        if s0 >= 0 and _POSTAL_LOWER_RE.match(text, s0):
            c.add(s0, m.end(), "POSTAL_CODE", "Canadian postal code (lower case)", P_POSTAL)
    for m in _anchored(_ZIP4_RE, text, idx.nums(5)):
        c.add(m.start(), m.end(), "POSTAL_CODE", "US ZIP+4 code", P_POSTAL)
    for m in _anchored(_ZIP5_RE, text, idx.nums(5)):
        if _STATE_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):
            c.add(m.start(), m.end(), "POSTAL_CODE", "US ZIP code after a state", P_POSTAL)

    _phones(c, idx)
    _numbers(c, idx)


def _phones(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    for m in _anchored(_PHONE_RE, text, idx.phone_starts):
        token = m.group()
        digits = checksums.digits_of(token)
        plain = token.isdigit()
        if plain:
            # Ten bare digits are a phone number only with a phone cue before them.
            if not _PHONE_CUE_RE.search(text[max(0, m.start() - 25) : m.start()]):
                continue
        elif len(digits) == 10 and token[4:5] in " -" and token[:4].isdigit():
            continue  # 4-3-3 grouping is a health number, not a phone
        if _negative_label(text, m.start()):
            continue
        c.add(m.start(), m.end(), "PHONE", "North American phone number", P_PHONE)
    for m in _anchored(_PHONE_LOCAL_RE, text, idx.nums(3)):
        if _PHONE_CUE_RE.search(text[max(0, m.start() - 25) : m.start()]):
            c.add(m.start(), m.end(), "PHONE", "phone number (no area code)", P_PHONE - 2)


def _numbers(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    # Ontario health numbers and BC PHNs (4-3-3 or ten digits)
    for m in _anchored(_HN10_RE, text, idx.nums(4, 10)):
        digits = m.group(1) + m.group(3) + m.group(4)
        version = m.group(5)
        label = _label_kind(text, m.start())
        if _negative_label(text, m.start()):
            continue
        if digits[0] == "9" and checksums.bc_phn_valid(digits) and not version:
            c.add(
                m.start(), m.end(), "HEALTH_NUMBER", "BC PHN (mod-11 check digit valid)", P_CHECKED
            )
        elif checksums.luhn_valid(digits):
            end = m.end() if version else m.end(4)
            reason = "Ontario health number (Luhn check digit valid)"
            if version:
                reason = "Ontario health number with version code (Luhn check digit valid)"
            if label == "ID" and checksums.npi_valid(digits):
                continue  # handled as an NPI below
            c.add(m.start(), end, "HEALTH_NUMBER", reason, P_CHECKED)
        elif label == "HEALTH_NUMBER" or version:
            c.add(
                m.start(),
                m.end(),
                "HEALTH_NUMBER",
                "health number (labelled; check digit invalid)",
                P_LABELLED,
            )
    # Quebec RAMQ: 4 letters + YYMMDD (+50 for women) + 2 digits
    for m in _anchored(_RAMQ_RE, text, idx.cap_starts):
        born = checksums.ramq_birth_date(m.group())
        if born is None:
            continue
        date, _sex = born
        reason = "Quebec RAMQ number (valid encoded birth date)"
        if _date_in_text(c.lower[max(0, m.start() - 3000) : m.end() + 3000], date):
            reason = "Quebec RAMQ number (encoded birth date matches a date in the text)"
        c.add(m.start(), m.end(), "HEALTH_NUMBER", reason, P_CHECKED)
    # SSN (dashed or spaced 3-2-4)
    for m in _anchored(_SSN_RE, text, idx.nums(3)):
        if checksums.ssn_valid(m.group()) and not _negative_label(text, m.start()):
            c.add(
                m.start(),
                m.end(),
                "SSN",
                "US Social Security number (valid area/group/serial)",
                P_CHECKED,
            )
    # Nine digits: SIN (Luhn) or a labelled SSN/SIN
    for m in _anchored(_NINE_RE, text, idx.nums(3, 9)):
        token = m.group()
        if _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        if label == "SSN" and checksums.ssn_valid(token):
            c.add(m.start(), m.end(), "SSN", "US Social Security number (labelled)", P_CHECKED)
        elif checksums.sin_valid(token):
            c.add(m.start(), m.end(), "SIN", "Canadian SIN (Luhn check digit valid)", P_CHECKED)
        elif label == "SIN":
            c.add(m.start(), m.end(), "SIN", "SIN (labelled; check digit invalid)", P_LABELLED)
        elif label in ("HEALTH_NUMBER", "MRN", "ID"):
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled)",
                P_LABELLED,
            )
        elif m.group(2):
            c.add(m.start(), m.end(), "ID", "nine-digit identifier (3-3-3 grouping)", P_NUMBER)
    # Ontario driver's licence: A1234-12345-12345
    for m in _anchored(_ON_DL_RE, text, idx.cap_starts):
        c.add(m.start(), m.end(), "ID", "Ontario driver's licence number format", P_CHECKED)
    # DEA registration numbers
    for m in _anchored(_DEA_RE, text, idx.cap_starts):
        if checksums.dea_valid(m.group()):
            c.add(
                m.start(), m.end(), "ID", "DEA registration number (check digit valid)", P_CHECKED
            )
    # Labelled identifiers of any shape: "MRN: KLM-004417", "plate BXRT 482", "Rx# 2207814"
    _labelled_tokens(c, idx)
    # Long digit runs and dashed numbers: any 8-14 digit identifier (clinical.md section 6.1)
    for m in _anchored(_DIGITS_RE, text, idx.nums(7, 8, 9, 10, 11, 12, 13, 14)):
        token = m.group()
        if _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        if (
            len(token) == 10
            and checksums.npi_valid(token)
            and label in ("ID", None)
            and (label == "ID" or _NPI_BEFORE_RE.search(text, max(0, m.start() - 10), m.start()))
        ):
            c.add(m.start(), m.end(), "ID", "NPI (Luhn check digit valid)", P_CHECKED)
            continue
        if label is not None:
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled number)",
                P_LABELLED,
            )
        elif len(token) >= 8:
            c.add(m.start(), m.end(), "ID", f"{len(token)}-digit identifier", P_NUMBER)
    for m in _anchored(_DASHED_RE, text, idx.nums(2, 3, 4, 5, 6, 7, 8, after="-")):
        token = m.group()
        ndigits = sum(ch.isdigit() for ch in token)
        if ndigits < 7 or _negative_label(text, m.start()):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d-(?:(?:1[89]|20)\d\d|\d\d)", token):
            continue  # a range of years
        label = _label_kind(text, m.start())
        if label is not None:
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled number)",
                P_LABELLED,
            )
        elif ndigits >= 8:
            c.add(m.start(), m.end(), "ID", "dashed identifier number", P_NUMBER - 5)
    for m in _anchored(_ALNUM_RE, text, idx.cap_starts):
        token = m.group()
        ndigits = sum(ch.isdigit() for ch in token)
        if ndigits < 6 or _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        kind = label or "ID"
        c.add(m.start(), m.end(), kind, "alphanumeric identifier", P_NUMBER - 5)


_TRIGGER_PHRASES = [
    "mrn",
    "chart",
    "medical",
    "hospital",
    "patient",
    "claim",
    "certificate",
    "policy",
    "member",
    "licence",
    "license",
    "permis",
    "plate",
    "plaque",
    "serial",
    "s/n",
    "rx",
    "registration",
    "npi",
    "dea",
    "cpso",
    "cno",
    "ocp",
    "cpsbc",
    "cmq",
    "medicaid",
    "medicare",
    "file",
    "dossier",
    "case",
    "account",
    "beneficiary",
    "device",
    "band",
    "status",
]
_LABEL_TRIGGER_RE = re.compile(
    r"(?i)(?:mrn|chart|medical\s+record(?:\s+number)?|hospital\s+number|patient\s+id"
    r"|claim|certificate|policy|member\s+id|licen[cs]e|permis|plate|plaque|serial|s/n|rx|registration"
    r"|npi|dea|cpso|cno|ocp|cpsbc|cmq|medicaid(?:\s+id)?|medicare(?:\s+id)?|file|dossier|case\s+number"
    r"|account|beneficiary|device\s+id|band\s+number|status\s+number)"
)


def _labelled_tokens(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_TRIGGER):
        if not _word_start_ok(text, p):
            continue
        m = _LABEL_TRIGGER_RE.match(text, p)
        if m is None:
            continue
        label_kind = _label_kind(text, m.end() + 0) or "ID"
        pos = m.end()
        # allow "#", "no", ":" and up to two short words ("on file:", "SAAQ :") before the value
        tail = re.compile(
            r"(?:[ \t]*(?:#|no\.?|n°|number|id)?[ \t]*:?)(?:[ \t]+[A-Za-z]{2,8}){0,2}[ \t]*[:#]?"
        )
        tm = tail.match(text, pos)
        pos2 = tm.end() if tm else pos
        for start_at in (pos2, pos):
            vm = _LABELLED_TOKEN_RE.match(text, start_at)
            if vm is None:
                continue
            value = vm.group(1)
            ndigits = sum(ch.isdigit() for ch in value)
            word = m.group().lower()
            plate = word.startswith(("plate", "plaque"))
            if ndigits < (2 if plate else 4):
                continue
            if re.fullmatch(r"(?:19|20)\d\d", value):
                continue
            kind = (
                "MRN"
                if word.startswith(("mrn", "chart", "medical", "hospital", "patient"))
                else "ID"
            )
            if word.startswith("dossier") and "saaq" not in text[m.start() : m.end() + 12].lower():
                kind = "MRN" if label_kind == "MRN" else "ID"
            c.add(vm.start(1), vm.end(1), kind, f"identifier after '{m.group()}'", P_LABELLED)
            break


def _date_in_text(low: str, date: object) -> bool:
    import datetime as dt

    if not isinstance(date, dt.date):
        return False
    forms = {
        date.isoformat(),
        f"{date.year}/{date.month:02d}/{date.day:02d}",
        f"{date.day:02d}/{date.month:02d}/{date.year}",
        f"{date.month:02d}/{date.day:02d}/{date.year}",
        f"{date.day} {_MONTH_NAMES_FR[date.month - 1]} {date.year}",
        f"{date.day} {_MONTH_NAMES_EN[date.month - 1]} {date.year}",
        f"{_MONTH_NAMES_EN[date.month - 1]} {date.day}, {date.year}",
    }
    return any(f.lower() in low for f in forms)


# --------------------------------------------------------------------------------------------
# Dates and ages
# --------------------------------------------------------------------------------------------

_MONTH_NAMES_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NAMES_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre"
    r"|décembre|decembre"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|juil|déc)\.?"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|re|e)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
    "jan",
    "feb",
    "mar",
    "apr",
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
    "fevr",
    "avr",
    "juil",
    "déc",
]
_DATE_MONTH_FIRST_RE = re.compile(
    rf"(?i)(?:(?P<md>{_MONTH}[ \t]+{_DAY}(?:,?[ \t]+{_YEAR}|,?[ \t]+'\d\d|/(?:{_YEAR}|\d\d))?)"
    rf"|(?P<my>{_MONTH}[ \t]+(?:(?:of|de|du)[ \t]+)?{_YEAR}))(?![\w])"
)
_DATE_COMPACT_RE = re.compile(
    rf"(?i)(?:{_YEAR}[-/. ]?{_MONTH}[-/. ]?(?:3[01]|[12]\d|0?[1-9])"
    rf"|(?:3[01]|[12]\d|0?[1-9]){_MONTH}(?:{_YEAR}|\d\d))(?![\w])"
)
_DATE_DAY_FIRST_RE = re.compile(
    rf"(?i)\d(?<![\w.,/-]\d)\d?(?:st|nd|rd|th|er|re|e)?(?:"
    rf"(?P<dm>(?:[ \t]+(?:of|de))?[ \t]+{_MONTH}(?:,?[ \t]+{_YEAR}|[ \t]+'\d\d)?)"
    rf"|(?P<dmy>[-/.]{_MONTH}[-/.](?:{_YEAR}|\d\d)))(?![\w])"
)
_AMBIGUOUS_MONTHS = frozenset(["may", "mar", "march", "jan", "sept", "dec", "aug", "mai"])
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:mg|mcg|µg|ug|g|kg|ml|mL|l|units?|tabs?|caps?|%|mm|cm|km|h|hr|hrs|hours?|min|mins|"
    r"minutes?|days?|weeks?|wks?|months?|years?|yrs?|ans|jours|semaines|mois|heures|fois|x|times|"
    r"pills?|doses?|patients?|sessions?|visits?|co\.?|comprimés?|/)(?![\w])",
)
_ISO_DATE_RE = re.compile(
    r"(?<![\w./-])(?:1[89]\d\d|20\d\d)([-/.])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])(?![\w]|[-/.]\d)"
)
_NUM_DATE_RE = re.compile(r"(?<![\w./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w]|[-/.]\d)")
_MONTH_DAY_NUM_RE = re.compile(
    r"(?<![\w./-])(?:3[01]|[12]\d|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![\w/]|[.-]\d)"
)
_MONTH_DAY_CUE_RE = re.compile(
    r"(?i)(?<![\w])(?:on|appt|appointment|visit|visited|seen|since|until|till|due|dated|date|next|"
    r"booked|scheduled|surgery|f/u|follow-up|le|du|depuis|rdv|dos|admitted|discharged)[ \t:]*$"
)
_WEAK_DATE_CUES = frozenset(["on", "since", "until", "till", "next", "date", "du", "depuis", "le"])
_MONTH_YEAR_NUM_RE = re.compile(r"(?<![\w./-])(?:0?[1-9]|1[0-2])/(?:19|20)\d\d(?![\w]|[-/.]\d)")


def _dates(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    matches: list[re.Match[str]] = []
    for p in idx.at(_C_MONTH):
        if _word_start_ok(text, p):
            mm = _DATE_MONTH_FIRST_RE.match(text, p)
            if mm is not None:
                matches.append(mm)
    for mm in _anchored(_DATE_DAY_FIRST_RE, text, idx.nums(1, 2, after=" \t-/.snrtehSNRTEH")):
        day = int(re.match(r"\d+", mm.group()).group())  # type: ignore[union-attr]
        if 1 <= day <= 31:
            matches.append(mm)
    for m in matches:
        token = m.group()
        month_word = re.search(r"(?i)[^\W\d_]{3,}", token)
        mw = month_word.group().lower() if month_word else ""
        mw_raw = month_word.group() if month_word else ""
        if mw in ("of", "de", "du"):
            continue
        has_year = bool(re.search(r"\d{4}|'\d\d", token))
        if mw in _AMBIGUOUS_MONTHS and not has_year:
            # "may 2", "Mar 2", "sept 3": need a capital, no unit after, and for "may" a year
            if mw == "may" and (mw_raw == "may" or mw_raw == "MAY"):
                continue
            if _UNIT_AFTER_RE.match(text, m.end()):
                continue
            if mw == "sept" and m.groupdict().get("dm"):
                continue  # French "7 sept" is usually a number
        if not has_year and _UNIT_AFTER_RE.match(text, m.end()):
            continue
        if m.groupdict().get("my") and mw == "may" and mw_raw == "may":
            continue
        c.add(
            m.start(),
            m.end(),
            "DATE",
            "calendar date (day or month more specific than a year)",
            P_DATE,
        )
    for m in _anchored(
        _DATE_COMPACT_RE,
        text,
        idx.nums(1, 2, after=_ASCII_LETTERS) + idx.nums(4, after="-/. " + _ASCII_LETTERS),
    ):
        if m.group()[-1:].isdigit():
            c.add(m.start(), m.end(), "DATE", "compact date with a month name", P_DATE)
    for m in _anchored(_ISO_DATE_RE, text, idx.nums(4)):
        c.add(m.start(), m.end(), "DATE", "numeric date (year first)", P_DATE)
    for m in _anchored(_NUM_DATE_RE, text, idx.nums(1, 2, after="/.-")):
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if len(y) == 2 and sep == ".":
            continue
        if len(y) == 4 and not (1850 <= int(y) <= 2099):
            continue
        valid = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
        if not valid:
            continue
        if len(y) == 2 and _UNIT_AFTER_RE.match(text, m.end()):
            continue
        c.add(m.start(), m.end(), "DATE", "numeric date", P_DATE)
    for m in _anchored(_MONTH_DAY_NUM_RE, text, idx.nums(1, 2, after="/")):
        a_s, b_s = m.group().split("/")
        a_n, b_n = int(a_s), int(b_s)
        if not ((a_n <= 12 and b_n <= 31) or (b_n <= 12 and a_n <= 31)):
            continue
        cue = _MONTH_DAY_CUE_RE.search(text, max(0, m.start() - 16), m.start())
        if cue is None or _UNIT_AFTER_RE.match(text, m.end()):
            continue
        if b_n in (5, 10) and cue.group().strip(" \t:").lower() in _WEAK_DATE_CUES:
            continue  # "on 6/10" is more often a score than a date
        c.add(m.start(), m.end(), "DATE", "month and day after a date cue", P_DATE - 5)
    for m in _anchored(_MONTH_YEAR_NUM_RE, text, idx.nums(1, 2, after="/")):
        c.add(m.start(), m.end(), "DATE", "month and year", P_DATE - 5)


_NUM_WORDS = (
    r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one[- ]hundred"
    r"(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
    r"|quatre-vingt-dix(?:-(?:neuf|huit|sept|six|cinq|quatre|trois|deux))?|quatre-vingt-onze"
    r"|quatre-vingt-douze|quatre-vingt-treize|quatre-vingt-quatorze|quatre-vingt-quinze"
    r"|quatre-vingt-seize|quatre-vingt-dix-sept|cent|centenaire)"
)
_AGE_NUM = rf"(?:9\d|1[01]\d|{_NUM_WORDS})"
_AGE_TAIL = (
    r"(?=[ \t]*(?:-|‑)?[ \t]*(?:years?[- ]old|year[- ]old|yrs?[- ]old|y/o|y\.o\.|yo\b|yoa\b|"
    r"ans\b|an\b|-year|years?\s+of\s+age|yr\b|y\b(?!/)|[FM]\b))"
)
_AGE_AFTER_RE = re.compile(rf"(?i)(9\d(?<![\w.,/-]9\d)|1(?<![\w.,/-]1)[01]\d){_AGE_TAIL}")
_AGE_WORDS_AFTER_RE = re.compile(rf"(?i)(?<![\w.,/-])({_NUM_WORDS}){_AGE_TAIL}")
_AGE_PAREN_RE = re.compile(r"(?:9\d|1[01]\d)(?=[ \t]*(?:y|yo|ans|F|M)?[ \t]*[,);])")
_AGE_KIN_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:mother|father|mom|mum|dad|husband|wife|spouse|partner|sister|brother|aunt|uncle|"
    r"grandmother|grandfather|grandma|grandpa|mère|père|mari|époux|épouse|conjointe?|sœur|soeur|frère|"
    r"tante|oncle|grand-mère|grand-père|patient|patiente|client|cliente|resident|résidente?)"
    r"(?:[ \t]+[A-ZÀ-Þ][\w'’-]*){0,3}[ \t]*[,(][ \t]*$"
)
_AGE_NUMBER_RE = re.compile(
    r"(?:9\d|1[01]\d)(?![\w.,/-]|\s*(?:\+|or older|or over|and older|and over|et plus|ou plus|s\b))"
)
_AGE_CUE_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:age[d]?|âgée?|âge|turned)[ \t]*[:=]?[ \t]*$")


def _ages(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    low = c.lower
    starts = [p for p in idx.nums(2, 3) if text[p] in "91"]
    found = _anchored(_AGE_AFTER_RE, text, starts)
    if "ninety" in low or "hundred" in low or "quatre-vingt" in low or "centenaire" in low:
        found.extend(_AGE_WORDS_AFTER_RE.finditer(text))
    if found:
        for m in found:
            tail = text[m.end(1) : m.end(1) + 12].lower()
            if tail.lstrip().startswith(("ans et plus", "and older", "or older", "+")):
                continue
            c.add(m.start(1), m.end(1), "AGE", "exact age over 89", P_AGE)
    for m in _anchored(_AGE_PAREN_RE, text, starts):
        if _AGE_KIN_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
            c.add(m.start(), m.end(), "AGE", "exact age over 89 after a relative", P_AGE)
    for m in _anchored(_AGE_NUMBER_RE, text, starts):
        if _AGE_CUE_BEFORE_RE.search(text, max(0, m.start() - 14), m.start()):
            c.add(m.start(), m.end(), "AGE", "exact age over 89", P_AGE)


# --------------------------------------------------------------------------------------------
# Street addresses, towns and facilities
# --------------------------------------------------------------------------------------------

_STREET_TYPES = (
    r"Street|St|Str|Road|Rd|Avenue|Ave|Av|Drive|Dr|Lane|Ln|Crescent|Cres|Cresc|Court|Ct|Boulevard|"
    r"Blvd|Way|Place|Pl|Trail|Trl|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Terrace|Terr|Square|Sq|Line|"
    r"Sideroad|Concession|Row|Path|Gardens|Grove|Heights|Hts|Point|Landing|Loop|Pike|Route|Rte|"
    r"Ridge|Hill|Bay|Mews|Alley|Boul|Promenade|Esplanade|Expressway|Freeway|Turnpike|Plaza"
)
_DIRS = r"N|S|E|W|NE|NW|SE|SW|North|South|East|West|Nord|Sud|Est|Ouest"
_UNIT = (
    r"(?:,?[ \t]*(?:Unit|Apt\.?|Apartment|Suite|Ste\.?|Bldg|Building|Floor|Fl\.?|RR|R\.R\.|"
    r"Rural Route|Box|PO Box|P\.O\. Box|Site|Comp|app\.?|appt\.?|appartement|bureau|local|unité)"
    r"[ \t]*#?[ \t]*[0-9A-Z]{1,6}\b|,?[ \t]*#[ \t]?[0-9A-Z]{1,6}\b)"
)
_STREET_EN_RE = re.compile(
    rf"(?<![\w/.-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+(?:(?:{_DIRS})\.?[ \t]+)?"
    rf"(?:(?:{_UP}[\w'’.-]*|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}"
    rf"(?:{_STREET_TYPES})\.?(?![\w])(?:[ \t]+(?:{_DIRS})\.?(?![\w]))?(?:[ \t]+\d{{1,3}}(?![\w]))?"
    rf"(?:{_UNIT}){{0,2}}"
)
_LOT_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:part[ \t]+)?lot[ \t]+$")
_STREET_PROBE_RE = re.compile(
    r"\d+[A-Za-z]?(?:-\d{1,5})?,?[ \t]+(?:[A-ZÀ-Þ]|rue|av|boul|bd|ch|route|rang|mont|côte|place|"
    r"imp|all|prom|crois|terr|carr|voie|ruelle|sentier)"
)
_STREET_NUMBERED_RE = re.compile(
    r"(?<![\w/.-])\d{1,6},?[ \t]+(?:Route|Rte|Highway|Hwy|County Road|County Rd|Concession|Conc|"
    r"Sideroad|Line|Rang|Range Road|Township Road)\.?[ \t]+\d{1,4}[A-Z]?(?![\w])"
    rf"(?:{_UNIT}){{0,2}}"
)
_STREET_FR_RE = re.compile(
    r"(?<![\w/.-])\d{1,6}[A-Za-z]?(?:-\d{1,5})?,?[ \t]+(?:rue|avenue|av\.|boulevard|boul\.|bd|"
    r"chemin|ch\.|route|rang|montée|côte|place|impasse|allée|promenade|croissant|terrasse|carré|"
    r"voie|ruelle|sentier)[ \t]+"
    rf"(?:(?:de|du|des|la|le|d'|l')[ \t]+|d'|l')?{_UP}[\w'’.-]*"
    rf"(?:[ \t]+(?:de|du|des|la|le|{_UP}[\w'’.-]*)){{0,3}}"
    rf"(?:[ \t]+(?:{_DIRS})(?![\w]))?"
    rf"(?:{_UNIT}){{0,2}}"
)
_POBOX_RE = re.compile(
    r"(?i)(?<![\w])(?:P\.?\s?O\.?\s?Box|Post Office Box|C\.?P\.?|case postale"
    r"|RR\s?#?\s?\d{1,2}[ \t]*,?[ \t]*Site)\s*\d{1,6}(?![\w])"
)


def _streets(c: _Collector, idx: TextIndex) -> None:
    text = c.text
    starts = [
        p
        for p in idx.nums(1, 2, 3, 4, 5, 6, after=" \t,-" + _ASCII_LETTERS)
        if _STREET_PROBE_RE.match(text, p)
    ]
    found = _anchored(_STREET_EN_RE, text, starts)
    found += _anchored(_STREET_FR_RE, text, starts)
    found += _anchored(_STREET_NUMBERED_RE, text, starts)
    low = c.lower
    if "box" in low or "postale" in low or "c.p" in low or ("rr" in low and "site" in low):
        found.extend(_POBOX_RE.finditer(text))
    if found:
        for m in found:
            token = m.group()
            # "3 Dr. Smith" is a title, not a street; "2 St. John's" likewise needs care
            tail = text[m.end() : m.end() + 3]
            if re.search(r"(?:Dr|St)\.?$", token) and re.match(rf"[ \t]+{_UP}", tail):
                continue
            lot = _LOT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
            c.add(lot.start() if lot else m.start(), m.end(), "ADDRESS", "street address", P_STREET)


_PLACE_CUE_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:in|from|to|at|near|outside|around|of|moved|lives|living|live|resides|born|via|"
    r"toward|towards|à|de|du|près|vers|depuis|habite|demeure|réside|en)\s+|[(,]\s*)$"
)
_PLACE_CUE_AFTER_RE = re.compile(
    rf"(?:\s*,?\s*(?:{_PROV_ABBR}|{_STATE_ABBR})(?![\w])|\s*\(\s*(?:{_PROV_NAMES}|{_PROV_ABBR})\s*\)"
    rf"|\s*,\s*(?:{_PROV_NAMES})(?![\w])|\s+[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d|\))"
)
_REGION_AFTER_RE = re.compile(
    r"(?i)[ \t]+(?:area|region|district|county|valley|regional|township|twp|health|public|catholic|"
    r"school|board|police|transit|hydro|university|college|airport|river|bay|lake|raiders|"
    r"métis|first nation|zone|review|reviews|library|collaboration|criteria|scale|score|syndrome|"
    r"disease|test|sign|classification|protocol|questionnaire|index|method|model|group|rule|rules)"
    r"(?![\w])"
)
_REGION_BEFORE_RE = re.compile(r"(?i)(?:greater|grand|région\s+de|region\s+of|district\s+of)\s+$")


def _towns(c: _Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    by_first = _places_by_first(lex)
    for start in idx.at(_C_PLACE):
        if not _word_start_ok(text, start):
            continue
        m = _KEY_RE.match(text, start)
        if m is None:
            continue
        options = by_first.get(m.group().lower())
        if options is None:
            continue
        for place in options:
            end = start + len(place)
            seg = text[start:end]
            if seg.lower() != place:
                # allow flexible whitespace in multi-word names
                continue
            if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
                continue
            ambiguous = lex.places[place]
            capital = seg[0].isupper()
            before = text[max(0, start - 30) : start]
            after_m = _REGION_AFTER_RE.match(text, end)
            if after_m or _REGION_BEFORE_RE.search(before):
                break
            if ambiguous:
                if not capital:
                    break
                bm = _PLACE_CUE_BEFORE_RE.search(before)
                cue = _PLACE_CUE_AFTER_RE.match(text, end) or (
                    bm is not None and bm.group().strip() not in ("(", ",")
                )
                if not cue or seg.isupper():
                    break
            c.add(start, end, "ADDRESS", "town or city (gazetteer)", P_TOWN)
            break
    # Unknown towns before a province or state: "moved from Smalltown, ON", "(Smalltown, NM)"
    for pm in _PROV_AFTER_COMMA_RE.finditer(text):
        ls = text.rfind("\n", 0, pm.start()) + 1
        tm = _TOWN_RUN_BEFORE_RE.search(text, max(ls, pm.start() - 60), pm.start())
        if tm is None:
            continue
        words = tm.group(1).split()
        if any(lex.never_name(w) and w.lower() not in lex.places for w in words):
            continue
        lead = text[max(ls, tm.start(1) - 30) : tm.start(1)]
        if not (_PLACE_CUE_BEFORE_RE.search(lead) or not lead.strip(" \t-*•")):
            continue
        c.add(tm.start(1), tm.end(1), "ADDRESS", "town before a province or state", P_TOWN - 1)
    # Unknown towns in an address line: "..., Smalltown, ON P0P 1K0" / "Smalltown ON P7B 6V4"
    for m in _TOWN_BEFORE_PROV_RE.finditer(text):
        name = m.group(1)
        words = name.split()
        if any(lex.never_name(w) and w.lower() not in lex.places for w in words):
            continue
        c.add(
            m.start(1),
            m.end(1),
            "ADDRESS",
            "town before a province or state and postal code",
            P_TOWN,
        )


_PLACES_BY_FIRST: dict[str, tuple[str, ...]] | None = None


def _places_by_first(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    global _PLACES_BY_FIRST
    if _PLACES_BY_FIRST is None:
        table: dict[str, list[str]] = {}
        for name in lex.places:
            fw = _first_word(name)
            if fw:
                table.setdefault(fw, []).append(name)
        _PLACES_BY_FIRST = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}
    return _PLACES_BY_FIRST


_PROV_AFTER_COMMA_RE = re.compile(
    r",[ \t]*(?:ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|PEI|YT|NT|NU|Ontario|Québec|Quebec|Manitoba|"
    r"Saskatchewan|Alberta|British Columbia|Nova Scotia|New Brunswick|Newfoundland|Nunavut|Yukon|"
    r"AK|AZ|AR|CT|FL|IL|IA|KS|KY|MI|MN|MT|NV|NH|NJ|NM|NY|NC|ND|RI|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"
    r"Maine|Vermont|New Hampshire|Michigan|Minnesota|Montana|New Mexico|Kentucky|West Virginia)"
    r"(?![\w])"
)
_TOWN_RUN_BEFORE_RE = re.compile(rf"({_UP}[\w'’.-]*(?:[ \t-]{_UP}[\w'’.-]*){{0,2}})[ \t]*$")
_TOWN_BEFORE_PROV_RE = re.compile(
    rf"(?:^|,[ \t]*|\n)((?:{_UP}[\w'’.-]*)(?:[ \t-]{_UP}[\w'’.-]*){{0,2}}),?[ \t]+"
    rf"(?:{_PROV_ABBR}|{_STATE_ABBR}|\((?:{_PROV_NAMES})\))[ \t,]+"
    r"(?:[ABCEGHJ-NPRSTVXY]\d[A-Z][ -]?\d[A-Z]\d|\d{5}(?:-\d{4})?)(?![\w])",
    re.M,
)

_FACILITY_KEYS = (
    r"General Hospital|Memorial Hospital|District Hospital|Regional Hospital|Hospital|Hospitals|"
    r"Health Sciences Centre|Health Sciences Center|Health Centre|Health Center|Family Health Team|"
    r"Family Health Centre|Family Health Center|Family Health Group|Family Health Organization|"
    r"Health Team|Health Clinic|Medical Clinic|Medical Centre|Medical Center|Medical Group|Clinic|"
    r"Pharmacy|Drug Mart|Pharmasave|Apothecary|Lodge|Manor|Nursing Station|Nursing Home|"
    r"Care Centre|Care Center|Care Home|Rehab|Rehabilitation Centre|Rehabilitation Center|"
    r"Rehabilitation|Physiotherapy(?:[ \t]+(?:&|and)[ \t]+Rehab(?:ilitation)?)?|Physio|"
    r"Chiropractic|"
    r"Family Medicine|Family Practice|Health Services|Health Service|Hospice|Retirement Residence|"
    r"Retirement Home|Wellness Centre|Wellness Center|Urgent Care|Health Authority|Infirmary|"
    r"Sanatorium|Healing Lodge|Treatment Centre|Treatment Center|Withdrawal Management|"
    r"Nurse Practitioner-Led Clinic|Nurse Practitioner Led Clinic|Health Link|Long-Term Care|"
    r"Long Term Care|Villa|Place|House|Home"
)
_FACILITY_EN_RE = re.compile(rf"(?:{_FACILITY_KEYS})(?![\w-])")
_FACILITY_KEY_LIST = [k.split("(")[0] for k in _FACILITY_KEYS.split("|")]
_FACILITY_GENERIC = frozenset(
    [
        "community",
        "family",
        "health",
        "medical",
        "regional",
        "general",
        "district",
        "memorial",
        "rural",
        "nurse",
        "practitioner-led",
        "practitioner",
        "led",
        "team",
        "centre",
        "center",
        "the",
        "our",
        "a",
        "an",
        "this",
        "that",
        "local",
        "pain",
        "walk-in",
        "primary",
        "care",
        "mental",
        "public",
        "urgent",
        "clinic",
        "hospital",
        "lodge",
        "physio",
        "physiotherapy",
        "rehab",
        "and",
        "of",
        "&",
        "for",
        "st.",
        "st",
        "saint",
        "new",
        "main",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "nursing",
        "station",
        "home",
        "house",
        "place",
        "villa",
        "services",
        "service",
        "sciences",
        "university",
        "children's",
        "women's",
        "veterans",
        "va",
        "private",
        "interprofessional",
        "virtual",
        "academic",
        "teaching",
        "outpatient",
        "inpatient",
        "addiction",
        "addictions",
        "methadone",
        "suboxone",
        "opioid",
        "chronic",
        "sleep",
        "cancer",
        "dental",
        "eye",
        "cardiac",
        "heart",
        "kidney",
        "renal",
        "stroke",
        "spine",
        "sports",
    ]
)
_FACILITY_WEAK_KEYS = frozenset(["Villa", "Place", "House", "Home", "Physio"])
_FACILITY_FR_RE = re.compile(
    r"(?<![\w-])(?:Hôpital|Hopital|Clinique(?:[ \t]+médicale)?|Pharmacie|Polyclinique|"
    r"Centre[ \t]+hospitalier(?:[ \t]+universitaire)?"
    r"|Centre[ \t]+de[ \t]+santé(?:[ \t]+communautaire)?"
    r"|Centre[ \t]+médical|CLSC|CHSLD|CSSS|CISSS|CIUSSS|GMF|Résidence|Foyer"
    r"|Maison[ \t]+de[ \t]+soins(?:[ \t]+palliatifs)?|Centre[ \t]+d'accueil"
    r"|Centre[ \t]+de[ \t]+réadaptation|Unité[ \t]+de[ \t]+soins)"
    rf"(?:[ \t]+(?:de|du|des|de[ \t]+la|d'|l'|St-|Ste-|Saint-|Sainte-)[ \t]*)?"
    rf"(?=[ \t]*{_UP})"
)
_FACILITY_FR_NAME_RE = re.compile(
    rf"[ \t]*(?:(?:de|du|des|de la|d'|l')[ \t]*)?{_UP}[\w'’.-]*"
    rf"(?:[ \t]+(?:de[ \t]+|du[ \t]+|des[ \t]+|la[ \t]+|d'|l')?{_UP}[\w'’.-]*){{0,3}}"
)
_KNOWN_FACILITIES = (
    "Horizon Santé-Nord",
    "Health Sciences North",
    "Sunnybrook",
    "SickKids",
    "Sick Kids",
    "Toronto Western",
    "Toronto General",
    "Mount Sinai",
    "St. Michael's",
    "St Michael's",
    "Women's College",
    "Holland Bloorview",
    "Baycrest",
    "Montfort",
    "Bruyère",
    "The Ottawa Hospital",
    "Kingston Health Sciences Centre",
    "London Health Sciences Centre",
    "Hamilton Health Sciences",
    "Sault Area Hospital",
    "Thunder Bay Regional",
    "Weeneebayko",
    "Sioux Lookout Meno Ya Win",
    "Meno Ya Win",
    "North York General",
    "Trillium Health Partners",
    "William Osler",
    "Credit Valley",
    "Lakeridge Health",
    "Grand River Hospital",
    "Niagara Health",
    "Windsor Regional",
    "Vancouver General",
    "Foothills Medical Centre",
    "Royal Victoria",
    "Royal Jubilee",
    "CHU de Québec",
    "Sainte-Justine",
    "Jewish General",
    "Mayo Clinic",
    "Cleveland Clinic",
    "Johns Hopkins",
    "Mass General",
    "Dartmouth-Hitchcock",
    "Maine Medical Center",
)
_KNOWN_FACILITY_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in _KNOWN_FACILITIES) + r")(?![\w-])"
)
_FAC_BACK_RE = re.compile(rf"({_UP}[\w'’.&-]*|&|and|of|of the|on the|de|du)[ \t]+$")


def _facilities(c: _Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_FAC_EN):
        if not _word_start_ok(text, p):
            continue
        m = _FACILITY_EN_RE.match(text, p)
        if m is None:
            continue
        key = m.group()
        # walk back over capitalised words (and "and", "of", "&") on the same line
        start = m.start()
        words: list[tuple[int, str]] = []
        pos = start
        line_start = text.rfind("\n", 0, start) + 1
        while len(words) < 7:
            seg = text[max(line_start, pos - 40) : pos]
            wm = _FAC_BACK_RE.search(seg)
            if wm is None:
                break
            w = wm.group(1)
            pos = pos - (len(seg) - wm.start())
            words.append((pos, w))
        while words and words[-1][1] in ("&", "and", "of", "of the", "de", "du", "on the"):
            words.pop()
        # drop leading determiners and generic words at the left edge
        while words and words[-1][1].lower() in (
            "the",
            "our",
            "a",
            "an",
            "this",
            "that",
            "at",
            "to",
        ):
            words.pop()
        if not words:
            continue
        names = [w for _, w in words]
        distinct = [
            w
            for w in names
            if w.lower() not in _FACILITY_GENERIC
            and w not in ("&", "and", "of", "of the", "de", "du", "on the")
            and not w.isupper()
            and not _everyday(w, lex)
        ]
        if not distinct:
            distinct = [
                w for w in names if w.lower() in lex.places and w.lower() not in _FACILITY_GENERIC
            ]
        if not distinct:
            continue
        if (
            key in _FACILITY_WEAK_KEYS
            and len(distinct) < 2
            and not any(n.lower() in lex.places for n in names)
        ):
            continue
        fstart = words[-1][0]
        # a sentence-initial capital like "Saw" or "Called" is not part of a name
        c.add(fstart, m.end(), "FACILITY", f"named facility ('{key}')", P_FACILITY)
    for p in idx.at(_C_FAC_FR):
        m = _FACILITY_FR_RE.match(text, p) if _word_start_ok(text, p) else None
        if m is None:
            continue
        nm = _FACILITY_FR_NAME_RE.match(text, m.end())
        if nm is None:
            continue
        name_words = re.findall(rf"{_UP}[\w'’.-]*", nm.group())
        if not name_words or all(
            lex.never_name(w) and w.lower() not in lex.places for w in name_words
        ):
            continue
        c.add(m.start(), nm.end(), "FACILITY", "named facility (French)", P_FACILITY)
    for p in idx.at(_C_KNOWN_FAC):
        m = _KNOWN_FACILITY_RE.match(text, p) if _word_start_ok(text, p) else None
        if m is None:
            continue
        c.add(m.start(), m.end(), "FACILITY", "known hospital or health centre", P_FACILITY)


# Words some rules start from (see phi.index).
_USER_WORDS = (
    "user username login utilisateur userid uid signed entered edited modified created documented "
    "reviewed by printed completed authored accessed viewed"
)
_TITLE_WORDS = (
    "dr dre drs doctor docteur docteure mr mrs ms mss miss mx mme mmes mlle madame monsieur prof "
    "professor rev sr sister father pastor nurse chief elder capt sgt officer judge me m"
)
_FAC_FR_WORDS = (
    "hôpital hopital clinique pharmacie polyclinique centre clsc chsld csss cisss ciusss gmf "
    "résidence foyer maison unité"
)
_GREET_WORDS = (
    "hi hello hey dear bonjour bonsoir salut allo allô cher chère chers good morning greetings"
)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_LABEL_PHRASES = (
    "patient",
    "patiente",
    "pt",
    "client",
    "cliente",
    "resident",
    "résident",
    "résidente",
    "name",
    "nom",
    "prénom",
    "nom de famille",
    "surname",
    "last name",
    "first name",
    "given name",
    "given names",
    "given name(s)",
    "presenter",
    "presented by",
    "présentateur",
    "présentatrice",
    "provider",
    "therapist",
    "clinician",
    "clinicien",
    "clinicienne",
    "caller",
    "to",
    "from",
    "de",
    "à",
    "re",
    "cc",
    "attn",
    "attention",
    "submitted by",
    "completed by",
    "prepared by",
    "written by",
    "entered by",
    "signed",
    "signed by",
    "signé par",
    "rédigé par",
    "author",
    "auteur",
    "medical director",
    "case manager",
    "coordinator",
    "coordonnatrice",
    "coordonnateur",
    "nurse",
    "infirmière",
    "infirmière praticienne",
    "infirmier",
    "infirmier praticien",
    "pharmacist",
    "pharmacien",
    "pharmacienne",
    "physician",
    "médecin",
    "médecin traitant",
    "médecin de famille",
    "family doctor",
    "family physician",
    "fp",
    "pcp",
    "gp",
    "mrp",
    "attending",
    "referring physician",
    "referring provider",
    "referring md",
    "referring doctor",
    "referred by",
    "contact",
    "emergency contact",
    "next of kin",
    "sdm",
    "poa",
    "substitute decision-maker",
    "substitute decision maker",
    "interpreter",
    "dictated by",
    "seen by",
    "reviewed by",
    "approved by",
    "mother",
    "father",
    "mère",
    "père",
    "spouse",
    "conjoint",
    "conjointe",
    "guardian",
    "tuteur",
    "tutrice",
    "parent",
    "patient name",
    "nom du patient",
    "nom de la patiente",
    "client name",
    "full name",
    "legal name",
    "preferred name",
    "aka",
    "alias",
    "maiden name",
    "nom de jeune fille",
    "treating pt",
    "treating ot",
    "treating physician",
    "treating therapist",
    "treating np",
)
_LABEL_NAME_RE = re.compile(
    r"(?i)(?:"
    + "|".join(re.escape(x) for x in sorted(_LABEL_PHRASES, key=len, reverse=True))
    + r")[ \t]*:[ \t]*"
)
_FAMILY_WORDS = (
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "mother",
    "father",
    "mom",
    "mum",
    "dad",
    "grandson",
    "granddaughter",
    "grandmother",
    "grandfather",
    "grandma",
    "grandpa",
    "niece",
    "nephew",
    "aunt",
    "uncle",
    "cousin",
    "partner",
    "spouse",
    "girlfriend",
    "boyfriend",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
    "épouse",
    "époux",
    "conjoint",
    "conjointe",
    "fils",
    "fille",
    "frère",
    "sœur",
    "soeur",
    "mère",
    "père",
    "tante",
    "oncle",
    "cousine",
    "nièce",
    "neveu",
)
_FAMILY = frozenset(_FAMILY_WORDS)
_KIN_PHRASES = (
    *_FAMILY_WORDS,
    "fiancé",
    "fiancée",
    "ex-wife",
    "ex-husband",
    "ex-partner",
    "sister-in-law",
    "brother-in-law",
    "daughter-in-law",
    "son-in-law",
    "mother-in-law",
    "father-in-law",
    "friend",
    "roommate",
    "neighbour",
    "neighbor",
    "landlord",
    "employer",
    "boss",
    "supervisor",
    "caregiver",
    "pharmacist",
    "physio",
    "physiotherapist",
    "therapist",
    "caseworker",
    "coordinator",
    "colleague",
    "surgeon",
    "hematologist",
    "oncologist",
    "rheumatologist",
    "neurologist",
    "psychiatrist",
    "cardiologist",
    "physician",
    "nurse",
    "adjuster",
    "lawyer",
    "sponsor",
    "chaplain",
    "elder",
    "worker",
    "petit-fils",
    "petite-fille",
    "grand-mère",
    "grand-père",
    "ami",
    "amie",
    "voisin",
    "voisine",
    "chum",
    "blonde",
    "pharmacien",
    "pharmacienne",
    "infirmière",
    "named",
    "called",
    "nicknamed",
    "dit",
    "dite",
    "prénommé",
    "prénommée",
    "nommé",
    "nommée",
    "s'appelle",
    "appelé",
    "appelée",
    "case manager",
    "case worker",
    "social worker",
    "family doctor",
    "goes by",
    "known as",
    "name is",
    "names are",
    "nom est",
    "travailleuse sociale",
    "travailleur social",
    "pt is",
    "patient is",
    "client is",
    "patient's name is",
    "mom's name is",
    "dad's name is",
    "name's",
)
_KIN_RE = re.compile(
    r"(?i)(?:"
    + "|".join(re.escape(x) for x in sorted(_KIN_PHRASES, key=len, reverse=True))
    + r")(?:'s)?(?:[ \t]*\([ \t]*|[ \t]*,?[ \t]+(?:(?:is|was|:)[ \t]+)?)"
)
_GREETING_RE = re.compile(
    r"(?i)(?:hi|hello|hey|dear|bonjour|bonsoir|salut|allo|allô|cher|chère|chers|"
    r"good morning|good afternoon|morning|greetings)[ \t,]+"
)
_CLOSING_RE = re.compile(
    r"(?im)^[ \t]*(?:thanks|thank you|many thanks|thanks again|thx|merci|merci beaucoup|sincerely|"
    r"regards|best regards|kind regards|warm regards|best|cheers|respectfully|cordially|"
    r"cordialement|salutations|take care|yours truly|yours|bien à vous|à bientôt|amitiés|"
    r"with thanks|with gratitude|gratefully)[ \t]*[,.!]*[ \t]*\n(?:[ \t]*\n){0,2}"
)
_DASH_SIG_RE = re.compile(r"(?m)^[ \t]*(?:[-–—~]{1,2}|/s/)[ \t]*")
_QUOTED_NICK_RE = re.compile(
    r"[ \t]*\(?(?:goes by |aka |a\.k\.a\. |dit |dite )?"
    r"[\"“”']([^\W\d_][\w'’-]{0,20})[\"“”']\)?[ \t]*"
)
_INITIAL_RE = re.compile(r"([A-Z]|[a-z])\.[ \t]+")


class _NameReader:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex

    def token_ok(self, word: str, *, strong: bool, lower_ok: bool, first: bool) -> bool:
        lex = self.lex
        w = word.lower()
        if not word[0].isalpha():
            return False
        if w in lex.clinical and w not in lex.first_names and w not in lex.surnames:
            return False
        in_gaz = w in lex.first_names or w in lex.surnames
        if word.isupper() and len(word) > 1:
            if in_gaz:
                return not lex.never_name(w) or (strong and w in lex.first_names)
            return strong and not first and len(word) > 2 and not lex.never_name(w)
        if word[0].isupper():
            if in_gaz:
                return not (w in lex.regions or w in lex.drugs) if strong else True
            if strong:
                return not _everyday(w, lex) and w not in lex.regions
            if lex.never_name(w):
                return False
            return not first
        # lower case
        if not lower_ok:
            return False
        if lex.never_name(w) or w in lex.wordlike_names:
            return False
        if in_gaz:
            return True
        # surname shapes after a first name: st-pierre, mcdonald, o'brien
        return (not first) and bool(re.match(r"(?:st-|ste-|mc|mac|o'|d'|de-)[a-z]", w))

    def read(
        self,
        pos: int,
        *,
        strong: bool,
        lower_ok: bool,
        max_tokens: int = 4,
        sig: bool = False,
        lower_tail: bool = False,
    ) -> tuple[int, int, list[str]] | None:
        """Read a name starting at ``pos``; return (start, end, words) or None."""
        text = self.text
        start = -1
        end = -1
        words: list[str] = []
        p = pos
        pending_particle = -1
        count = 0
        while count < max_tokens + 2:
            im = _INITIAL_RE.match(text, p)
            if im is not None and (im.group(1).isupper() or lower_ok):
                nxt = _WORD_RE.match(text, im.end())
                if (
                    nxt is not None
                    and (nxt.group()[0].isupper() or lower_ok)
                    and len(nxt.group()) > 1
                ):
                    if start < 0:
                        start = p
                    p = im.end()
                    count += 1
                    continue
            m = _WORD_RE.match(text, p)
            if m is None:
                break
            word = m.group()
            wend = m.end()
            if word.lower().endswith(("'s", "’s")) and len(word) > 3:
                word = word[:-2]
                wend -= 2
            wl = word.lower()
            if words and wl in _PARTICLES and word[0].islower():
                if pending_particle < 0:
                    pending_particle = m.start()
                p = m.end()
                if p < len(text) and text[p] in " \t":
                    p += 1
                    count += 1
                    continue
                break
            first = not words
            ok = self.token_ok(word, strong=strong, lower_ok=lower_ok, first=first)
            if not ok and sig and not first and not self.lex.never_name(wl) and word.isalpha():
                ok = True
            if (
                not ok
                and lower_tail
                and words
                and words[0].islower()
                and word.islower()
                and len(word) > 2
                and not self.lex.never_name(wl)
                and wl not in self.lex.wordlike_names
                and wl not in self.lex.places
            ):
                ok = True
            if (
                not ok
                and sig
                and first
                and lower_ok
                and not self.lex.never_name(wl)
                and len(wl) > 2
            ):
                ok = word.isalpha() and word.islower() is True and start >= 0  # after an initial
            if not ok:
                break
            if start < 0:
                start = m.start()
            words.append(word)
            end = wend
            pending_particle = -1
            p = m.end()
            if wend != m.end():
                break  # possessive ends the name
            if len(words) >= max_tokens:
                break
            if (
                p < len(text)
                and text[p] in " \t"
                and p + 1 < len(text)
                and text[p + 1] not in " \t"
            ):
                p += 1
                count += 1
                continue
            break
        if not words:
            return None
        return start, end, words


_CAP_WORD_RE = re.compile(rf"(?<![\w'’-]){_UP}[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _names(c: _Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    reader = _NameReader(text, lex)
    lower_words = _LowerWords(text)
    found: list[tuple[int, int, str]] = []

    def add(span: tuple[int, int, list[str]] | None, reason: str, prio: int = P_NAME) -> None:
        if span is None:
            return
        s, e, _words = span
        c.add(s, e, "NAME", reason, prio)
        found.append((s, e, reason))
        # nickname in quotes followed by the surname: Archibald "Archie" Dunmore
        qm = _QUOTED_NICK_RE.match(text, e)
        if qm is not None and qm.group(1)[0].isupper():
            c.add(qm.start(1), qm.end(1), "NAME", "nickname in quotes", prio)
            found.append((qm.start(1), qm.end(1), "nickname"))
            rest = None
            if text[qm.end() - 1 : qm.end()] in (" ", "\t"):
                rest = reader.read(qm.end(), strong=True, lower_ok=False, max_tokens=3)
            if rest is not None:
                c.add(rest[0], rest[1], "NAME", "surname after a nickname", prio)
                found.append((rest[0], rest[1], "surname"))

    # 1. titles: Dr. X, Mrs. X, M. X, Mme X
    for p in idx.at(_C_TITLE):
        tm = _TITLE_RE.match(text, p)
        if tm is not None:
            add(reader.read(tm.end(), strong=True, lower_ok=False), "name after a title")
            continue
        lm = _LOWER_TITLE_RE.match(text, p)
        if (
            lm is not None
            and (p == 0 or not text[p - 1].isalnum())
            and not _DETERMINER_BEFORE_RE.search(text, max(0, p - 8), p)
        ):
            span = reader.read(lm.end(), strong=True, lower_ok=True, sig=True, max_tokens=2)
            if span is None and "." in lm.group():
                wm = _WORD_RE.match(text, lm.end())
                if wm is not None:
                    span = (wm.start(), wm.end(), [wm.group()])
            if span is not None and not any(
                w.islower() and (lex.never_name(w) or w in lex.wordlike_names or len(w) < 3)
                for w in span[2]
            ):
                add(span, "name after a title (lower case)")
    # 2. labels: "Patient: X", "From: X <x@y>", "Surname: X"
    for p in idx.at(_C_LABEL):
        if p > 0 and text[p - 1] not in " \t\n|([-*•>":
            continue
        m = _LABEL_NAME_RE.match(text, p)
        if m is None:
            nm = _LABEL_NOCOLON_RE.match(text, p)
            if nm is not None:
                span = reader.read(nm.end(), strong=True, lower_ok=False)
                if span is not None and len(span[2]) >= 2 and _full_name_ok(span, text, lex):
                    add(span, "name after 'patient'")
            continue
        pos = m.end()
        tm = _TITLE_RE.match(text, pos)
        if tm is not None:
            pos = tm.end()
        sm = _SURNAME_COMMA_GIVEN_RE.match(text, pos)
        if (
            sm is not None
            and (sm.group(1).isupper() or sm.group(2).lower() in lex.first_names)
            and not lex.never_name(sm.group(1).lower())
        ):
            add(
                (sm.start(), sm.end(), [sm.group(1), sm.group(2)]),
                "surname, given name after a label",
            )
            continue
        span = reader.read(pos, strong=True, lower_ok=True, lower_tail=True)
        if span is None:
            continue
        _s, e, words = span
        if len(words) == 1 and not _name_ok_alone(words[0], lex, text, e):
            continue
        add(span, "name after a label")
    # 3. kinship and role words: "wife Linda", "son Tomasz", "pharmacist raj"
    for p in idx.at(_C_KIN):
        if not _word_start_ok(text, p):
            continue
        m = _KIN_RE.match(text, p)
        if m is None:
            continue
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=3)
        if span is None:
            continue
        _s, _e, words = span
        cue = m.group().lower().strip()
        if cue.endswith("(") and cue.rstrip("( \t").split("'")[0] not in _FAMILY:
            continue  # "Nurse (Extended Class)" is a role, "Mom (Yolande)" a name
        if len(words) == 1 and words[0].islower() and words[0].lower() not in lex.first_names:
            continue
        if (
            len(words) == 1
            and not words[0].islower()
            and lex.never_name(words[0])
            and not (words[0].lower() in lex.first_names and cue.split()[0] in _STRONG_KIN)
        ):
            continue
        add(span, "name after a relationship or role word")
    # 4. greetings: "Hi Priya," "Bonjour Geneviève,"
    for p in idx.at(_C_GREET):
        ls = text.rfind("\n", 0, p) + 1
        if text[ls:p].strip(" \t>"):
            continue
        m = _GREETING_RE.match(text, p)
        if m is None:
            continue
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=3)
        if span is None:
            continue
        tail = text[span[1] : span[1] + 3]
        if tail[:1] in (",", "!", ":", "\n", "") or tail.startswith((" ,", " -")):
            add(span, "name in a greeting")
    # 5. sign-offs: a short line after "Thanks," / "Sincerely,"
    for m in _CLOSING_RE.finditer(text):
        tm = _TITLE_RE.match(text, m.end())
        pos = tm.end() if tm else m.end()
        span = reader.read(pos, strong=True, lower_ok=True, max_tokens=4, sig=True)
        if span is None:
            continue
        line_end = _line_bounds(text, span[1])[1]
        rest = text[span[1] : line_end]
        if (
            not rest.strip()
            or _CRED_RE.match(rest)
            or rest.lstrip().startswith((",", "(", "-", "|"))
        ):
            add(span, "name in a signature")
    # 6. dash signatures: "- m. okafor np", "- Priyanka (NP)"
    for m in _DASH_SIG_RE.finditer(text):
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=3, sig=True)
        if span is None:
            continue
        line_end = _line_bounds(text, span[1])[1]
        rest = text[span[1] : line_end]
        cm = _CRED_RE.match(rest)
        if cm is not None and not rest[cm.end() :].strip(" \t,.;)"):
            add(span, "name in a signature")
    # 7a. a name followed by its relation or role in brackets: "Bea (pharmacy assistant)"
    if "(" in text:
        for m in _PAREN_ROLE_RE.finditer(text):
            pre = text[max(0, m.start() - 80) : m.start()]
            nl = pre.rfind("\n")
            if nl >= 0:
                pre = pre[nl + 1 :]
            stripped = pre.rstrip(" \t")
            span = _read_back(stripped, m.start() - len(pre), reader, lex)
            if span is not None:
                add(span, "name before a relation or role in brackets")
    # 7b. a short line that starts with a name and an age: "jane doe 29F", "Dale Smith (52)"
    for m in _LINE_NAME_AGE_RE.finditer(text):
        words = m.group(1).split()
        if not (m.group(3) or m.group(0).rstrip().endswith(")")):
            continue
        if any(
            lex.never_name(w)
            or w.lower() in lex.places
            or (w.islower() and w in lex.wordlike_names)
            for w in words
        ):
            continue
        if all(len(w) < 3 for w in words) or all(w.isupper() for w in words):
            continue
        add((m.start(1), m.end(1), words), "name followed by age and sex")
    # 7. a name followed by a credential: "Amira Haddad, PT", "Loretta Begley, APRN"
    for p in idx.at(_C_CRED):
        if _CRED_TOKEN_RE.match(text, p) is None:
            continue
        lead = _CRED_LEAD_RE.search(text, max(0, p - 4), p)
        if lead is None:
            continue
        cstart = lead.start()
        pre = text[max(0, cstart - 80) : cstart]
        nl = pre.rfind("\n")
        if nl >= 0:
            pre = pre[nl + 1 :]
        span = _read_back(pre, cstart - len(pre), reader, lex)
        if span is not None:
            add(span, "name before a professional credential")
    # 8. gazetteer: a known given name followed by a surname-like word (no cue needed)
    for p in idx.at(_C_FIRST):
        if not text[p].isupper() or (p > 0 and (text[p - 1].isalnum() or text[p - 1] in "'’-_")):
            continue
        m = _WORD_RE.match(text, p)
        if m is None:
            continue
        word = m.group()
        wl = word.lower()
        if wl not in lex.first_names:
            continue
        if lex.never_name(wl) and wl not in lex.wordlike_names:
            continue
        span = reader.read(m.start(), strong=False, lower_ok=False, max_tokens=3)
        if span is None:
            continue
        _s, e, words = span
        if len(words) >= 2:
            if not _surname_like(words[-1], lex, lower_words):
                continue
            add(span, "known given name followed by a surname", P_NAME_PAIR)
        elif (
            wl not in lex.wordlike_names and not _possessive_eponym(text, e) and word[1:].islower()
        ):
            add(span, "known given name", P_NAME_WEAK)
        elif word[1:].islower() and _NARRATIVE_VERB_RE.match(text, e) and _sentence_start(text, p):
            add(span, "given name as the subject of a sentence", P_NAME_WEAK)
    # 9. EMR user names after "user:"/"by": jsmith, smithj
    for us, ue in _emr_user_names(text, lex, idx):
        c.add(us, ue, "NAME", "EMR user name", P_NAME)
    # 10. every other mention of a name found above, in this text
    _propagate(c, lex, found)
    # 11. an age right after a name: "her sister Mabel, 96, lives"
    for _s, e, _r in found:
        am = _AGE_AFTER_NAME_RE.match(text, e)
        if am is not None:
            c.add(am.start(1), am.end(1), "AGE", "exact age over 89 after a name", P_AGE)


_STRONG_KIN = frozenset(
    [
        "wife",
        "husband",
        "son",
        "daughter",
        "brother",
        "sister",
        "mother",
        "father",
        "partner",
        "spouse",
        "grandson",
        "granddaughter",
        "niece",
        "nephew",
        "épouse",
        "époux",
        "conjoint",
        "conjointe",
        "fils",
        "fille",
        "frère",
        "sœur",
        "soeur",
        "named",
        "called",
    ]
)
_USER_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:user(?:name)?|login|utilisateur|userid|user id|uid|(?:printed|signed|entered|"
    r"edited|modified|created|documented|reviewed|completed|authored|accessed|viewed) by)"
    r"[ \t]*[:=][ \t]*"
    r"([a-z][a-z0-9._-]{1,30})(?![\w@.-])"
)
_USER_BY_RE = re.compile(
    r"(?i)(?<![\w])(?:signed|entered|edited|modified|created|documented|reviewed|by)[ \t]+"
    r"(?:by[ \t]+)?"
    r"([a-z]{1,2}[._]?[a-z]{3,20}\d{0,3}|[a-z]{3,20}[._]?[a-z]{1,2}\d{0,3})(?![\w@.])"
)


def _emr_user_names(text: str, lex: Lexicon, idx: TextIndex) -> list[tuple[int, int]]:
    """EMR user names: any value after "user:", and jsmith/smithj shapes after "by"."""
    spans: list[tuple[int, int]] = []
    for p in idx.at(_C_USER):
        if not _word_start_ok(text, p):
            continue
        lm = _USER_LABEL_RE.match(text, p)
        if lm is not None:
            spans.append((lm.start(1), lm.end(1)))
            continue
        m = _USER_BY_RE.match(text, p)
        if m is None:
            continue
        token = m.group(1)
        if not token.islower() and not token.isupper():
            continue
        core = token.lower().rstrip("0123456789").replace(".", "").replace("_", "")
        if lex.never_name(core) or core in lex.first_names:
            continue
        if core[1:] in lex.surnames or core[2:] in lex.surnames or core[:-1] in lex.surnames:
            spans.append((m.start(1), m.end(1)))
    return spans


_AGE_AFTER_NAME_RE = re.compile(
    r"[ \t]*[,(][ \t]*(9\d|1[01]\d)(?:[ \t]*(?:y|yo|ans|F|M))?[ \t]*[,)]"
)


_SURNAME_COMMA_GIVEN_RE = re.compile(
    rf"({_UP}[\w'’-]+(?:[ -]{_UP}[\w'’-]+)?),[ \t]*"
    rf"({_UP}[\w'’-]+(?:[ \t]+[A-Z]\.?(?![\w]))?)(?![\w])"
)
_ROLE_WORDS = (
    "pharmacy assistant|assistant|receptionist|secretary|nurse|psw|caregiver|poa|sdm|interpreter|"
    "translator|friend|neighbour|neighbor|roommate|landlord|case manager|social worker|worker|"
    "coordinator|physio|pharmacist|partner|spouse|common-law partner|common-law|guardian|"
    "foster parent|"
    "stepdaughter|stepson|ex-wife|ex-husband|girlfriend|boyfriend|fiancé|fiancée|wife|husband|son|"
    "daughter|mother|father|mom|mum|dad|sister|brother|grandson|granddaughter|grandmother|grandfather|"
    "niece|nephew|aunt|uncle|cousin|épouse|époux|conjoint|conjointe|fils|fille|mère|père|sœur|soeur|"
    "frère|ami|amie|voisin|voisine|aidante?|infirmière|pharmacienne?|travailleuse sociale"
)
_PAREN_ROLE_RE = re.compile(
    r"(?i)\([ \t]*(?:(?:pt|patient|client|resident|the patient)['’]s[ \t]+"
    r"|(?:her|his|their|the|our|"
    rf"sa|son|ses)[ \t]+)?(?:{_ROLE_WORDS})(?![\w])"
)
_LINE_NAME_AGE_RE = re.compile(
    r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?:(?:pt|patient|client)[ \t]*:?[ \t]+)?"
    r"([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*){0,2}),?[ \t]*\(?(\d{1,3})[ \t]?"
    r"([FMfm](?![\w])|yo(?![\w])|y/o|y\.o\.|yrs?(?![\w])|ans(?![\w]))?\)?(?=[\s,;.)])"
)
_LABEL_NOCOLON_RE = re.compile(r"(?i)(?:pt|patient|patiente|client|cliente|re|resident)\.?[ \t]+")


def _full_name_ok(span: tuple[int, int, list[str]], text: str, lex: Lexicon) -> bool:
    """A name read without a strong cue: a known given name, a known surname or an initial."""
    s, e, words = span
    if not words[0][:1].isupper():
        return False
    if words[0].lower() in lex.first_names or words[-1].lower() in lex.surnames:
        return True
    return bool(re.search(r"\b[A-Z]\.[ \t]", text[s:e]))


_NARRATIVE_VERB_RE = re.compile(
    r"[ \t]+(?:came|called|phoned|said|says|asked|told|brought|drove|went|reported|reports|"
    r"explained|mentioned|dropped|visited|arrived|texted|emailed|wrote|agreed|declined|refused|"
    r"stopped|started|wants|wanted|thinks|thought|feels|felt|helps|helped|manages|managed|lives|"
    r"lived|works|worked|passed|died|moved|returned|left)(?![\w])"
)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n:;-*•>" or before.endswith(("\n-", "\n*"))


def _everyday(word: str, lex: Lexicon) -> bool:
    """Common words, clinical terms and drugs (not eponyms or regions)."""
    w = word.lower()
    return w in lex.common or w in lex.clinical or w in lex.drugs


def _name_ok_alone(word: str, lex: Lexicon, text: str, end: int) -> bool:
    wl = word.lower()
    tail = text[end : end + 2]
    prose_follows = tail[:1] == " " and tail[1:2].islower()
    if wl in lex.first_names or wl in lex.surnames:
        return not (prose_follows and (wl in lex.wordlike_names or _everyday(wl, lex)))
    if lex.never_name(wl) or word.islower():
        return False
    if tail[:1] == " " and tail[1:2].isalpha():
        return False  # "Locum physician": a capitalised word, then ordinary text
    return tail[:1] in ("", ",", "(", "\n", " ", "<", "|", ";", "\t", "\r")


class _LowerWords:
    """Does the text write this word in lower case (outside emails and URLs)? Cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        hit = self._seen.get(word)
        if hit is None:
            hit = False
            text = self.text
            n = len(word)
            pos = text.find(word)
            while pos >= 0:
                before = text[pos - 1] if pos else " "
                after = text[pos + n : pos + n + 2]
                if not (before.isalnum() or before in "./@'’-_") and not (
                    after[:1].isalnum()
                    or after[:1] in "@'’-_"
                    or (after[:1] == "." and after[1:].isalnum())
                ):
                    hit = True
                    break
                pos = text.find(word, pos + 1)
            self._seen[word] = hit
        return hit


def _surname_like(word: str, lex: Lexicon, lower_words: _LowerWords) -> bool:
    wl = word.lower()
    if wl in lex.surnames:
        return True
    if lex.never_name(wl) or wl in lex.places:
        return False
    # an everyday word that this text also writes in lower case is not a surname
    return wl not in lower_words


def _possessive_eponym(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _read_back(
    pre: str, offset: int, reader: _NameReader, lex: Lexicon
) -> tuple[int, int, list[str]] | None:
    """Read a name that ends right before a credential (``pre`` is the text before it)."""
    tokens = list(re.finditer(rf"{_L}+(?:['’]{_L}+)*(?:-{_L}+(?:['’]{_L}+)*)*\.?", pre))
    if not tokens or tokens[-1].end() != len(pre):
        return None
    picked: list[re.Match[str]] = []
    for tm in reversed(tokens):
        gap = pre[tm.end() : picked[-1].start()] if picked else " "
        if gap not in (" ", "\t", ". ") and not (tm.group().endswith(".") and gap == " "):
            break
        word = tm.group().rstrip(".")
        wl = word.lower()
        if tm.group().endswith(".") and len(word) == 1:
            picked.append(tm)  # an initial
            continue
        if tm.group().endswith(".") and picked:
            break
        if picked and wl in _PARTICLES:
            picked.append(tm)
            continue
        lower_ok = False
        if not reader.token_ok(word, strong=True, lower_ok=lower_ok, first=False):
            break
        if _TITLE_RE.fullmatch(tm.group() + " "):
            break
        picked.append(tm)
        if len(picked) >= 4:
            break
    while picked and (picked[-1].group().lower() in _PARTICLES):
        picked.pop()
    if not picked:
        return None
    words = [t.group().rstrip(".") for t in reversed(picked)]
    real = [w for w in words if len(w) > 1 and w.lower() not in _PARTICLES]
    if not real:
        return None
    if len(real) == 1:
        w = real[0]
        if not (w.lower() in lex.first_names or w.lower() in lex.surnames or len(words) > 1):
            return None
    start = offset + picked[-1].start()
    end = offset + picked[0].end()
    if pre[picked[0].end() - 1 : picked[0].end()] == "." and len(picked[0].group()) > 2:
        end -= 1
    # "Ferris, Amanda (MD)": a surname, a comma, then the given name
    if len(real) == 1 and real[0].lower() in lex.first_names:
        sm = _SURNAME_COMMA_BEFORE_RE.search(pre, 0, picked[-1].start())
        if (
            sm is not None
            and not _everyday(sm.group(1), lex)
            and sm.group(1).lower() not in lex.regions
        ):
            start = offset + sm.start(1)
            words = [sm.group(1), *words]
    return start, end, words


_SURNAME_COMMA_BEFORE_RE = re.compile(rf"(?<![\w'’-])({_UP}[\w'’-]+),[ \t]*$")


def _propagate(c: _Collector, lex: Lexicon, found: list[tuple[int, int, str]]) -> None:
    text = c.text
    names: set[str] = set()
    for s, e, _r in found:
        for w in _WORD_RE.findall(text[s:e]):
            if w.lower().endswith(("'s", "’s")):
                w = w[:-2]
            if len(w) < 3 or w.lower() in _PARTICLES:
                continue
            wl = w.lower()
            if lex.never_name(wl) and wl not in lex.first_names and wl not in lex.surnames:
                continue
            if w.isupper():
                continue
            names.add(w)
    if not names:
        return
    # lower-case names ("jess", "gerald") are few: find them directly
    n_text = len(text)
    for name in [n for n in names if n[:1].islower()]:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < n_text else " "
            if not (before.isalnum() or before in "@.'’-_") and not (
                after.isalnum()
                or after in "@-_"
                or (after == "." and text[end + 1 : end + 2].isalnum())
            ):
                c.add(pos, end, "NAME", "same name as elsewhere in this text", P_NAME_WEAK)
            pos = text.find(name, end)
    for m in _CAP_WORD_RE.finditer(text):
        word = m.group()
        end = m.end()
        if word not in names:
            if word[-2:] not in ("'s", "’s") or word[:-2] not in names:
                continue
            end -= 2
        s0 = m.start()
        if s0 > 0 and text[s0 - 1] in "@.'’-_":
            continue
        if end < len(text) and (
            text[end] == "@" or (text[end] == "." and text[end + 1 : end + 2].isalnum())
        ):
            continue
        c.add(s0, end, "NAME", "same name as elsewhere in this text", P_NAME_WEAK)


# Categories of the word index (phi.index): the words each keyword-driven rule starts from.
_C_MONTH = category("month", _MONTH_WORDS)
_C_LABEL = category("name label", _LABEL_PHRASES)
_C_KIN = category("kin or role", _KIN_PHRASES)
_C_TITLE = category("title", _TITLE_WORDS.split())
_C_CRED = category("credential", _CRED_WORDS)
_C_TRIGGER = category("number label", _TRIGGER_PHRASES)
_C_USER = category("user label", _USER_WORDS.split())
_C_FAC_EN = category("facility keyword", _FACILITY_KEY_LIST, capital_only=True)
_C_FAC_FR = category("French facility keyword", _FAC_FR_WORDS.split())
_C_KNOWN_FAC = category("known facility", _KNOWN_FACILITIES, capital_only=True)
_C_PLACE = category("place", lambda lex: lex.places)
_C_FIRST = category("given name", lambda lex: lex.first_names, capital_only=True)
_C_GREET = category("greeting", _GREET_WORDS.split())


# --------------------------------------------------------------------------------------------
# Resolution and public API
# --------------------------------------------------------------------------------------------


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
    c = _Collector(text)
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
