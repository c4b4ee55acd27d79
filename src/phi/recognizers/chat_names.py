"""Names of chat and console exports (since 1.17.0); run before names found once are spread.

- **A display name ``Surname, Given`` before a role in brackets** (``Quillfeather, Odhran
  (MD)``, ``Pelletreau, Ysane (home care RN)``): a list of attendees copied from Teams or
  Outlook. The bracket holds a credential or a care role; neither word is an everyday word.
- **An ``@`` mention of a display name of two or three capitalised words** (``@Odhran
  Quillfeather to review meds``): never a team or an everyday phrase (``@Home Care``,
  ``@General Channel``): no word may be an everyday or service word unless a listed given name.
- **A login beside the name it is built from** (``tquillfeather (Odhran Quillfeather)``,
  ``Odhran Quillfeather (oquillfeather)``, ``Marguerite (mvoskuijlen)``): the login in lower case,
  its letters the given name's initial or the given name and the surname, or (after a listed
  given name alone) the given name's initial and at least four more letters, never a word.
- **A name just before the e-mail address built from it** (since 1.19.0: ``Given Surname
  gsurname@...``, ``Given Surname <given.surname@...>``): neither word an everyday word.
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_W = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?"
_ROLE_WORDS = (
    r"MD|NP|RN|RPN|LPN|RPh|PharmD|PA|DO|OT|PT|SW|MSW|RD|RT|PSW|CHR|"
    r"nurse|physician|pharmacist|pharmacy|dietitian|social worker|home care|"
    r"community health rep|guest|chair|lead|coordinator|manager|resident|student"
)
_DISPLAY_RE = re.compile(
    rf"(?<![\w-])({_W}),[ \t]+({_W})[ \t]+\((?:[^()\n]{{0,30}}?[ ,(])?(?:{_ROLE_WORDS})"
    r"(?![\w])[^()\n]{0,40}\)"
)
_MENTION_RE = re.compile(rf"(?<![\w@.])@({_W}(?:[ \t]{_W}){{1,2}})(?![\w@.-])")
_LOGIN_BEFORE_RE = re.compile(rf"(?<![\w.@-])([a-z][a-z0-9._]{{3,24}})[ \t]+\(({_W})[ \t]+({_W})\)")
#: (1.19.0) a name just before the e-mail address built from it: "Given Surname gsurname@x",
#: "Given Surname <given.surname@x>"
_NAME_EMAIL_RE = re.compile(
    rf"(?<![\w.@-])({_W})[ \t]+({_W})[ \t]*[,:(<\[]?[ \t]*([a-z][a-z0-9._-]{{3,40}})@"
)
_LOGIN_AFTER_RE = re.compile(
    rf"(?<![\w.@-])({_W})(?:[ \t]+({_W}))?[ \t]+\(([a-z][a-z0-9._]{{3,24}})\)"
)


def _letters(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalpha())


def _everyday(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    if w in lex.first_names_all:
        return False
    return w in lex.frequent or lex.never_name(w) or w in lex.common or w in lex.clinical


def _built_from(login: str, given: str, surname: str | None) -> bool:
    lg = _letters(login)
    g = _letters(given)
    if surname is None:
        return lg[:1] == g[:1] and len(lg) >= 5
    s = _letters(surname)
    return lg in {g[:1] + s, g + s, s + g[:1], s + g, g[:1] + s[:7], s[:7] + g[:1]}


def _windows(text: str, mark: str, back: int, ahead: int) -> list[tuple[int, int]]:
    """Stretches around each ``mark`` (patterns are tried there only, not at every position)."""
    spans: list[tuple[int, int]] = []
    pos = text.find(mark)
    while pos >= 0:
        lo, hi = max(0, pos - back), min(len(text), pos + ahead)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
        pos = text.find(mark, pos + 1)
    return spans


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for lo, hi in _windows(text, "(", 80, 90):
        for m in _DISPLAY_RE.finditer(text, lo, hi):
            if _everyday(m.group(1), lex) or _everyday(m.group(2), lex):
                continue
            c.add(m.start(1), m.end(2), "NAME", "a display name 'Surname, Given' (role)", P_NAME)
        for m in _LOGIN_BEFORE_RE.finditer(text, lo, hi):
            login, given, surname = m.group(1), m.group(2), m.group(3)
            if login in lex.frequent or not _built_from(login, given, surname):
                continue
            c.add(m.start(1), m.end(1), "NAME", "a login beside its person's name", P_NAME)
            c.add(m.start(2), m.end(3), "NAME", "a login beside its person's name", P_NAME)
        for m in _LOGIN_AFTER_RE.finditer(text, lo, hi):
            given, surname, login = m.group(1), m.group(2), m.group(3)
            if login in lex.frequent or lex.never_name(login):
                continue
            if surname is None and given.lower() not in lex.first_names_all:
                continue
            if not _built_from(login, given, surname):
                continue
            c.add(m.start(1), m.end(2 if surname else 1), "NAME", "a name beside its login", P_NAME)
            c.add(m.start(3), m.end(3), "NAME", "a login beside its person's name", P_NAME)
    for lo, hi in _windows(text, "@", 80, 2):
        for m in _NAME_EMAIL_RE.finditer(text, lo, hi):
            given, surname, local = m.group(1), m.group(2), m.group(3)
            if _everyday(given, lex) or _everyday(surname, lex):
                continue
            if not _built_from(local, given, surname):
                continue
            c.add(m.start(1), m.end(2), "NAME", "a name before the e-mail built from it", P_NAME)
    for lo, hi in _windows(text, "@", 2, 80):
        for m in _MENTION_RE.finditer(text, lo, hi):
            names = m.group(1).split()
            if any(_everyday(w, lex) for w in names):
                continue
            c.add(m.start(1), m.end(1), "NAME", "an @mention of a display name", P_NAME)
