"""Identifiers said with a looser context (1.10.0): what unseen notes wrote with no label.

- A pharmacy named by its short possessive after words of filling or picking up medicines
  (``picks up at X's``, ``gets her scripts from X's``).
- A nickname in quotes after a relation, ``goes by``, ``known as``, ``aka`` (``her husband
  'X'``, ``goes by "X"``); the quotes make it a name even when it is also a word.
- Two capitalised words together, neither known to any list (words, clinical terms, drugs,
  eponyms, places, holidays), inside a sentence: a person no cue names (``spoke with X Y``);
  also after a label or a dash when the line closes them, and opening a sentence before what
  people do (``X Y attended``).
- A nickname in quotes inside or after a name (``X "Nick" Y``, ``X Y ("XY")``), a given name's
  unquoted nickname in brackets and the surname after it (``X (Nick) Y``).
- A full name after a credential (``RN X Y``), a name after a lower-case role (``counsellor X``).
- A town after a label of where a person lives (``Home: X``, ``Residence: X``).
"""

from __future__ import annotations

import re
import unicodedata

from phi.core import P_FACILITY, P_NAME, P_NAME_WEAK, P_TOWN, Collector
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.address_forms import _TOWN_PREFIXES
from phi.recognizers.common import words

# --- a pharmacy's short possessive name --------------------------------------------------------

_C_FILL = category(
    "filling or picking up medicines", "picks pick picked picking fills fill filled filling gets"
)
_FILL_RE = re.compile(
    r"(?i:pick(?:s|ed|ing)?[ \t]+(?:(?:it|them|her|his|their)[ \t]+)?up|fill(?:s|ed|ing)?|gets)"
    r"(?![\w])"
    # what is picked up or filled, a few words at most, then where
    r"(?:[ \t]+(?!at[ \t]|from[ \t])[\w'’-]+){0,4}?[ \t]+(?:at|from)[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ]{2,20}['’]s)(?![\w'’-])(?![ \t]+[A-ZÀ-Þ])"
)
#: What a pharmacy is said to give: a possessive after these is a shop, not a friend's home.
_MEDS_RE = re.compile(
    r"(?i)(?<![\w])(?:meds|medications?|medicines?|scripts?|prescriptions?|refills?|rx|pills|"
    r"blister|dosette|methadone|suboxone|pharmacy|pharmacist|picks?[ \t]+up|picked[ \t]+up)"
    r"(?![\w])"
)


#: A drugstore named before its head after the same words: "fills at <name> drugs".
_FILL_SHOP_RE = re.compile(
    r"(?i:pick(?:s|ed|ing)?[ \t]+(?:(?:it|them|her|his|their)[ \t]+)?up|fill(?:s|ed|ing)?|gets)"
    r"(?![\w])(?:[ \t]+(?!at[ \t]|from[ \t])[\w'’-]+){0,4}?[ \t]+(?:at|from)[ \t]+"
    r"((?:[^\W\d_][\w'’-]*[ \t]+){1,3}(?i:drugs|pharmacy|drug[ \t]+mart|apothecary))(?![\w])"
)
#: Kinds of pharmacy and words of which one it is: "the hospital pharmacy", "her usual pharmacy".
_PHARMACY_KINDS = words(
    """the a an her his their my our your this that same usual regular other new old local
    hospital community outpatient inpatient retail central compounding specialty online mail
    order street illicit prescription controlled clinic nearest closest another any which"""
)


def _pharmacies(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_FILL_SHOP_RE, text, idx.at(_C_FILL)):
        if not word_start_ok(text, m.start()):
            continue
        ws = m.group(1).split()[:-1]
        if ws and ws[-1].lower() == "drug":
            ws = ws[:-1]  # "drug mart"
        if not ws or any(w.lower() in _PHARMACY_KINDS for w in ws):
            continue
        if any(lex.never_name(w) and w.lower() not in lex.places for w in ws):
            continue
        reason = "a drugstore named after words of filling"
        c.add(m.start(1), m.end(1), "FACILITY", reason, P_FACILITY)
    for m in scan_at(_FILL_RE, text, idx.at(_C_FILL)):
        if not word_start_ok(text, m.start()):
            continue
        name = m.group(1)[:-2].lower()
        if name in lex.frequent or lex.never_name(name) or name in lex.first_names_all:
            continue  # "at Mom's", "at Tim's": a home or a person, not a shop
        if _MEDS_RE.search(text, max(0, m.start() - 80), m.end()) is None:
            continue
        c.add(m.start(1), m.end(1), "FACILITY", "a pharmacy's short name", P_FACILITY)


# --- nicknames in quotes ------------------------------------------------------------------------

_RELATIONS = words(
    """boyfriend girlfriend husband wife partner son daughter brother sister cousin friend buddy
    coworker co-worker roommate landlord boss bro sis uncle aunt mom mum dad mother father
    neighbour neighbor nephew niece grandson granddaughter stepson stepdaughter stepdad stepmom
    fiancé fiancée grandpa grandma"""
)
_C_NICK = category("before a nickname", " ".join(_RELATIONS) + " goes go went known aka a.k.a")
_QUOTED_NICK_RE = re.compile(
    r"(?i:(?:" + "|".join(sorted(_RELATIONS, key=len, reverse=True)) + r")(?:,[ \t]*)?"
    r"|(?:goes|go|went|going)[ \t]+by|known[ \t]+as|a\.?k\.?a\.?)[ \t]*"
    r"(?:[\"“”]|(?<![\w])['‘’])"
    r"([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20}(?:[ \t][A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})?)"
    r"(?:[\"“”]|['’](?![\w]))"
)

_PERSON_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:he|she|who|him|her|his|they|patient|pt|client|"
    + "|".join(sorted(_RELATIONS, key=len, reverse=True))
    + r")(?![\w])"
)


def _nicknames(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if not any(q in text for q in "\"'“”‘’"):
        return
    for m in scan_at(_QUOTED_NICK_RE, text, idx.at(_C_NICK)):
        if not word_start_ok(text, m.start()):
            continue
        ws = m.group(1).split()
        if any(w.lower() in lex.drugs or w.lower() in lex.clinical for w in ws):
            continue  # "known as 'Tylenol'"
        if all(w.lower() in lex.frequent for w in ws) and not _PERSON_BEFORE_RE.search(
            text, max(0, m.start() - 40), m.start(1)
        ):
            continue  # "pain goes by 'Severe'": an everyday word needs a person before it
        c.add(m.start(1), m.end(1), "NAME", "a nickname in quotes", P_NAME)


# --- a nickname in quotes inside or after a name -----------------------------------------------

_UPW = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
#: 'Given "Nick" Surname', 'Given ("Nick") Surname', 'Given Surname ("GS")': the nickname in
#: quotes (found first: quotes are rare), then the run of names before it and the word after.
_QUOTED_RE = re.compile(
    r"(?:[\"“]([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20}|[A-Z]{2,3})[\"”]"
    # (1.11.0) French guillemets, spaced: 'Given « Nick » Surname'
    r"|«[ \t\u00a0\u202f]?([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})[ \t\u00a0\u202f]?»)"
)
_AFTER_QUOTED_RE = re.compile(rf"(?:[ \t]+({_UPW}))?(?![\w'’-])")
_RUN_BEFORE_QUOTED_RE = re.compile(
    rf"(?<![\w'’.-])((?:{_UPW}[ \t]+){{0,2}}{_UPW})[ \t]*(\([ \t]*)?$"
)
_CLOSE_RE = re.compile(r"[ \t]*\)")


def _name_word(w: str, lex: Lexicon) -> bool:
    """A word that may be part of a person's name: no everyday, clinical or drug word, and no
    frequent word unless a listed given name or surname."""
    low = w.lower()
    if low in lex.common or low in lex.clinical or low in lex.drugs:
        return False
    parts = low.split("-")
    return all(
        x not in lex.frequent
        or x in lex.first_names_all
        or x in lex.surnames_all
        # (1.11.0) an accented given name listed without its accents: "Léonard"
        or (not x.isascii() and _plain(x) in lex.first_names_all)
        for x in parts
    )


def _plain(w: str) -> str:
    """A word without its accents."""
    return "".join(ch for ch in unicodedata.normalize("NFD", w) if unicodedata.category(ch) != "Mn")


def _nicks_inside(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if '"' not in text and "“" not in text and "«" not in text:
        return
    for q in _QUOTED_RE.finditer(text):
        g = 1 if q.group(1) is not None else 2
        rb = _RUN_BEFORE_QUOTED_RE.search(text, max(0, q.start() - 70), q.start())
        if rb is None:
            continue
        end = q.end()
        if rb.group(2) is not None:  # 'Given ("Nick")': the bracket closes after the quote
            close = _CLOSE_RE.match(text, end)
            if close is None:
                continue
            end = close.end()
        am = _AFTER_QUOTED_RE.match(text, end)
        if am is None:
            continue
        toks = [(t.start(), t.group()) for t in re.finditer(r"\S+", rb.group(1))]
        while toks and not _name_word(toks[0][1], lex):
            toks.pop(0)  # "Then X ("Nick") Y": a sentence's first word is no part of the name
        run = [w for _, w in toks]
        nick = q.group(g)
        after = am.group(1)
        if not run or not all(_name_word(w, lex) for w in run):
            continue
        run_start = rb.start(1) + toks[0][0]
        if nick.isupper():
            if len(run) < 2:
                continue  # initials in quotes only after a full name: 'X Y ("XY")'
        elif nick.lower() in lex.drugs or nick.lower() in lex.clinical:
            continue
        if after is not None and not _name_word(after, lex):
            after = None
        if len(run) == 1 and after is None and run[0].lower() in lex.frequent:
            continue
        c.add(run_start, rb.end(1), "NAME", "a name around its nickname", P_NAME)
        c.add(q.start(g), q.end(g), "NAME", "a nickname in quotes", P_NAME)
        if after is not None:
            c.add(am.start(1), am.end(1), "NAME", "a name around its nickname", P_NAME)


#: 'Given (Nick) Surname' without quotes: a listed given name, a word in brackets, a surname.
_BRACKET_NICK_RE = re.compile(rf"\([ \t]*({_UPW})[ \t]*\)[ \t]+({_UPW})(?![\w'’-])")
_GIVEN_BEFORE_RE = re.compile(rf"(?<![\w'’.-])({_UPW})[ \t]*$")


def _bracket_nicks(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if "(" not in text:
        return
    reason = "a name around its nickname in brackets"
    for m in _BRACKET_NICK_RE.finditer(text):
        gm = _GIVEN_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
        if gm is None:
            continue
        given, nick, sur = gm.group(1), m.group(1), m.group(2)
        if given.lower() not in lex.first_names_all or lex.never_name(given):
            continue
        if not (_name_word(nick, lex) and _name_word(sur, lex)):
            continue
        c.add(gm.start(1), gm.end(1), "NAME", reason, P_NAME)
        c.add(m.start(1), m.end(1), "NAME", reason, P_NAME)
        c.add(m.start(2), m.end(2), "NAME", reason, P_NAME)


# --- where a person lives, after a label ------------------------------------------------------

_C_HOME_LABEL = category(
    "a label of where a person lives",
    "home hometown residence community town village reserve domicile ville municipalité "
    # (1.16.0) where a person was born or comes from
    "place birthplace lieu communauté usual",
)
_HOME_LABEL_RE = re.compile(
    r"(?i:home|hometown|home[ \t]+town|residence|community|town|village|reserve|domicile|ville|"
    r"municipalité|"
    # (1.16.0) "Place of birth: X", "Lieu de naissance : X", "Communauté d'origine : X",
    # "Home community: X", "Community of origin: X"
    r"place[ \t]+of[ \t]+birth|birthplace|birth[ \t]+place|lieu[ \t]+de[ \t]+naissance|"
    r"communauté[ \t]+d['’]origine|community[ \t]+of[ \t]+origin|home[ \t]+community|"
    r"usual[ \t]+community)[ \t]*:[ \t]*"
    # (1.16.0) a hyphen's part may be in lower case: "X-utenam"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[a-zà-ÿ]{3,}|[ \t-][A-ZÀ-Þ][a-zà-ÿ'’]+){0,2})"
    r"(?=[ \t]*(?:[,;.(]|$))",
    re.M,
)


def _home_labels(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_HOME_LABEL):
        if not word_start_ok(text, p):
            continue
        m = _HOME_LABEL_RE.match(text, p)
        if m is None:
            continue
        ws = re.split(r"[ \t-]+", m.group(1))
        if not all(
            w.lower() in lex.places
            or (i == 0 and len(ws) > 1 and w.lower() in _TOWN_PREFIXES)
            or _unknown_word(w, lex)
            for i, w in enumerate(ws)
        ):
            continue
        if any(w.lower() in lex.first_names_all and w.lower() not in lex.places for w in ws):
            continue  # "Home: Marguerite": a person
        c.add(
            m.start(1), m.end(1), "ADDRESS", "a town after a label of where a person lives", P_TOWN
        )


# --- a name after a credential or a role in lower case ---------------------------------------

_C_CRED = category(
    "a credential before a full name", "RN RPN LPN NP PSW RPh SW OT PT RT", capital_only=True
)
_CRED_PAIR_RE = re.compile(
    rf"(?:RN|RPN|LPN|NP|PSW|RPh|SW|OT|PT|RT)[ \t]+({_UPW})[ \t]+({_UPW})(?![\w'’-]|[ \t]+[A-ZÀ-Þ])"
)
_ROLES = words(
    """counsellor counselor coach driver interpreter pharmacist chaplain elder aide volunteer
    receptionist secretary tech technician navigator caseworker worker dietitian midwife"""
)
_C_ROLE = category("a role in lower case before a name", " ".join(_ROLES))
_ROLE_NAME_RE = re.compile(
    r"(?:" + "|".join(sorted(_ROLES, key=len, reverse=True)) + r")[ \t]+"
    rf"({_UPW}(?:[ \t]+{_UPW})?)(?![\w'’-]|[ \t]+[A-ZÀ-Þ])"
)


def _after_roles(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_CRED):
        m = _CRED_PAIR_RE.match(text, p) if word_start_ok(text, p) else None
        if m is None:
            continue
        a, b = m.group(1), m.group(2)
        if a.lower() in lex.places or not (_name_word(a, lex) and _name_word(b, lex)):
            continue
        c.add(m.start(1), m.end(2), "NAME", "a full name after a credential", P_NAME)
    for p in idx.at(_C_ROLE):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        m = _ROLE_NAME_RE.match(text, p)
        if m is None:
            continue
        ws = m.group(1).split()
        if any(w.lower() in lex.places or w.lower() in lex.holidays for w in ws):
            continue
        if not all(_name_word(w, lex) for w in ws):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a name after a role", P_NAME)


# --- two unknown capitalised words --------------------------------------------------------------

#: The first word (no look-behind, so the engine's fast first-letter search applies; the letter
#: before it is checked apart), then the second word and what may follow it.
#: A pair inside a sentence follows a space (see :func:`_inside_sentence`), so the match starts
#: there.
#: A word of a name: capitalised, or a surname's particle joined to a capitalised word
#: (``DesMarais``, ``McAra``, ``DelosReyes``; never ``PowerPoint``), and a hyphenated second part.
_NAME_PART = r"[A-ZÀ-Þ][a-zà-ÿ]{1,20}(?:[A-ZÀ-Þ][a-zà-ÿ]{2,20})?"
_PARTICLES = words("Mc Mac De Des Del Della Delos Di Da Du Van Von Le La Fitz")
_INNER_CAPITAL_RE = re.compile(r"(?<=[a-zà-ÿ])[A-ZÀ-Þ]")


def _name_shape(word: str) -> bool:
    """Each part of ``word`` (split at hyphens) has 3 letters or more, and a capital inside a
    part only follows a surname's particle (``DesMarais``, never ``PowerPoint``)."""
    for part in word.split("-"):
        inner = _INNER_CAPITAL_RE.search(part)
        if inner is not None:
            if part[: inner.start()] not in _PARTICLES:
                return False
        elif len(part) < 3:
            return False
    return True


_PAIR_FIRST_RE = re.compile(rf"[ \t]({_NAME_PART}(?:-{_NAME_PART})?)(?=[ \t][A-ZÀ-Þ][a-zà-ÿ])")
_PAIR_SECOND_RE = re.compile(
    rf"[ \t]({_NAME_PART}(?:-{_NAME_PART})?)(?![\w'’-]|[ \t]+[A-ZÀ-Þ]|\.\w)"
)
#: Capitalised words that start a sentence and leave the next words inside it ("Then X Y").
_LEAD_WORDS = words("then and but also today yesterday with per met saw called")
#: Endings of English and French words that name things, not people (-tion, -ology...).
_THING_ENDING_RE = re.compile(
    r"(?:tion|sion|ment|ology|ologie|ness|ity|ité|ism|isme|ance|ence|able|ible|ical|ique|ive|"
    r"ous|eux|euse|ing|ics|itis|osis|emia|algia|pathy|scopy|graphy|"
    r"pam|lam|pril|sartan|olol|statin|zole|mide|mab|nib|azine|oxacin|cycline|profen)$"
)


def _unknown_word(w: str, lex: Lexicon) -> bool:
    low = w.lower()
    parts = low.split("-")
    for part in parts:
        if part in lex.frequent or lex.never_name(part) or part in lex.places:
            return False
        if part in lex.holidays or part in lex.wordlike_names:
            return False
        if part not in lex.surnames_all and _THING_ENDING_RE.search(part):
            return False
    return True


def _inside_sentence(text: str, pos: int, end: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] == ":":
        # after a label, only a name closed by a comma or the line's end ("Interpreter: X Y, CHR")
        return end >= len(text) or text[end] in ",\n\r"
    if i > 0 and text[i] in "-–—" and text[i - 1] in " \t":
        # a log entry's author after a dash, closing the line ("Wed Dec 9 - X Y")
        return end >= len(text) or text[end] in "\n\r"
    if i < 0 or text[i] in '.!?\n;"«(*•#|=>-–—/[':
        return False
    # a word before it that is no capitalised heading word ("Pain Management Program")
    j = i
    while j >= 0 and text[j].isalpha():
        j -= 1
    before = text[j + 1 : i + 1]
    return before.islower() or text[i] == "," or before.lower() in _LEAD_WORDS


def _pairs(c: Collector, lex: Lexicon) -> None:
    text = c.text
    known: dict[str, bool] = {}

    def unknown(w: str) -> bool:
        r = known.get(w)
        if r is None:
            r = known[w] = _unknown_word(w, lex)
        return r

    for m in _PAIR_FIRST_RE.finditer(text):
        s = m.start(1)
        second = _PAIR_SECOND_RE.match(text, m.end())
        if second is None or not unknown(m.group(1)) or not unknown(second.group(1)):
            continue
        if not (_name_shape(m.group(1)) and _name_shape(second.group(1))):
            continue
        if not _inside_sentence(text, s, second.end(1)):
            continue
        c.add(s, second.end(1), "NAME", "two capitalised words no list knows", P_NAME_WEAK)


#: What people do, after two unknown capitalised words opening a sentence ("X Y attended").
_C_PERSON_VERB = category(
    "what a person does, after a name opening a sentence",
    """attended called phoned texted emailed said says asked asks came comes drove brought
    visited reports reported states stated agreed declined refused wants wanted signed""",
)
_PAIR_BEFORE_VERB_RE = re.compile(
    rf"({_NAME_PART}(?:-{_NAME_PART})?)[ \t]({_NAME_PART}(?:-{_NAME_PART})?)[ \t]+$"
)


def _pairs_opening_sentences(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_PERSON_VERB):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        m = _PAIR_BEFORE_VERB_RE.search(text, max(0, p - 50), p)
        if m is None:
            continue
        i = m.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i >= 0 and text[i] not in ".!?\n":
            continue  # inside a sentence: :func:`_pairs` decides
        a, b = m.group(1), m.group(2)
        if not (_name_shape(a) and _name_shape(b)):
            continue
        if _unknown_word(a, lex) and _unknown_word(b, lex):
            reason = "two unknown words opening a sentence, before what people do"
            c.add(m.start(1), m.end(2), "NAME", reason, P_NAME_WEAK)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    _pharmacies(c, lex, idx)
    _nicknames(c, lex, idx)
    _nicks_inside(c, lex)
    _after_roles(c, lex, idx)
    _bracket_nicks(c, lex)
    _home_labels(c, lex, idx)
    _pairs(c, lex)
    _pairs_opening_sentences(c, lex, idx)
