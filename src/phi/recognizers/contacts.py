"""Contacts: email, web and IP addresses, postal and ZIP codes, phone and fax numbers.

- EMAIL: any address; URL: with a scheme, ``www.`` or a host and a path; IP: IPv4 octets, IPv6
  validated by ``ipaddress``.
- POSTAL_CODE: Canadian ``A1A 1A1`` (letters Canada Post uses; lower case too), ZIP+4, a ZIP after
  a state.
- PHONE: North American shapes with separators; ten bare digits or a local ``555-0134`` only
  after a phone cue; never a 4-3-3 grouping (a health number) or a number after a product label.
"""

from __future__ import annotations

import ipaddress
import re

from phi import checksums
from phi.core import (
    P_EMAIL,
    P_IP,
    P_PHONE,
    P_POSTAL,
    P_URL,
    Collector,
)
from phi.index import (
    TextIndex,
    anchored,
)
from phi.lexicon import Lexicon
from phi.recognizers.common import _STATE_ABBR
from phi.recognizers.labels import _negative_label

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?){0,8}\.[A-Za-z]{2,24}(?![\w-])"
)

_TLDS = (
    "com|ca|org|net|edu|gov|io|co|us|info|biz|me|ly|app|health|care|blog|site|online|page|link|"
    "qc\\.ca|on\\.ca|gc\\.ca|uk|fr|de|au|tv|fm|int|mil|clinic|doctor|news|nz|ie|"
    # the reserved test name (RFC 2606), used by invented notes and by tests
    "example"
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


def _emails(c: Collector) -> None:
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


def _urls(c: Collector) -> None:
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


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Emails, web and IP addresses, postal and ZIP codes, phone numbers."""
    text = c.text
    _emails(c)
    _urls(c)
    for m in anchored(_IPV4_RE, text, idx.nums(1, 2, 3, after=".")):
        if all(int(x) <= 255 for x in m.group().split(".")):
            address4 = ipaddress.IPv4Address(".".join(str(int(x)) for x in m.group().split(".")))
            if not (address4.is_loopback or address4.is_unspecified):  # 127.0.0.1, 0.0.0.0
                c.add(m.start(), m.end(), "IP", "IPv4 address", P_IP)
    if _IPV6_PROBE_RE.search(text) is not None:
        for m in _IPV6_RE.finditer(text):
            token = m.group()
            if token.count(":") < 2 or not any(ch.isalnum() for ch in token):
                continue
            try:
                address = ipaddress.IPv6Address(token)
            except ValueError:
                continue
            if address.is_loopback or address.is_unspecified:
                continue  # "::1", "::": this machine, or none; no one's address
            if token.count(":") >= 3 or "::" in token:
                c.add(m.start(), m.end(), "IP", "IPv6 address", P_IP)

    for m in anchored(_POSTAL_CA_RE, text, idx.cap_starts):
        c.add(m.start(), m.end(), "POSTAL_CODE", "Canadian postal code", P_POSTAL)
    for m in _POSTAL_LOWER_TAIL_RE.finditer(text):
        s0 = m.start() - 1
        if s0 >= 0 and _POSTAL_LOWER_RE.match(text, s0):
            c.add(s0, m.end(), "POSTAL_CODE", "Canadian postal code (lower case)", P_POSTAL)
    for m in anchored(_ZIP4_RE, text, idx.nums(5)):
        c.add(m.start(), m.end(), "POSTAL_CODE", "US ZIP+4 code", P_POSTAL)
    for m in anchored(_ZIP5_RE, text, idx.nums(5)):
        if _STATE_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):
            c.add(m.start(), m.end(), "POSTAL_CODE", "US ZIP code after a state", P_POSTAL)

    _phones(c, idx)


def _phones(c: Collector, idx: TextIndex) -> None:
    text = c.text
    for m in anchored(_PHONE_RE, text, idx.phone_starts):
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
    for m in anchored(_PHONE_LOCAL_RE, text, idx.nums(3)):
        if _PHONE_CUE_RE.search(text[max(0, m.start() - 25) : m.start()]):
            c.add(m.start(), m.end(), "PHONE", "phone number (no area code)", P_PHONE - 2)
