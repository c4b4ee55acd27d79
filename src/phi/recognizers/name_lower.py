"""Names in lower-case notes (scanner 1.5.0; split from name_shapes.py, which calls it).

- ``pt gus vandermolen``, ``chart name saara``, ``w/ tabitha``, ``wife sanni drives``: a given
  name that is no everyday word after a patient word, a name label, "with" or a relation.
- A dash signature ``- jb / r. przybylek`` and initials before a credential (``- j.t. pt``).
- Lower-case chat speakers with a credential (``09:14 jenna rn:``), a listed given name after a
  lower-case credential (``np tessa``), a capitalised word in brackets after the patient.
- Initials after ``dr`` (``dr t-v``).
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon

#: Abbreviations written with periods that are no one's initials.
_NOT_INITIALS = frozenset(
    [
        "AM",
        "PM",
        "US",
        "UK",
        "NB",
        "PS",
        "ER",
        "OR",
        "DC",
        "DO",
        "MD",
        "NP",
        "RN",
        "AD",
        "BC",
        "EG",
        "IE",
        "ID",
        "IV",
        "IM",
        "SC",
        "SL",
        "PO",
        "PR",
        "OD",
        "OS",
        "OU",
        "HS",
        "NPO",
        "DOA",
        "AMA",
        "DNR",
        "SOB",
        "ADL",
        "BID",
        "TID",
        "QID",
        "PRN",
        "QHS",
        "NKA",
        "NKDA",
        "USA",
    ]
)

# --- lower-case notes ------------------------------------------------------------------------

_C_PT = category("patient, lower case", "pt patient client")
_PT_PAIR_RE = re.compile(
    r"(?:pt|patient|client)(?:[ \t]+is|[ \t]*[:=])?[ \t]+([a-z][a-z'’-]{1,15})"
    r"(?:[ \t]+\([a-z][a-z'’-]{1,20}\))?[ \t]+([a-z][a-z'’-]{2,20})(?![\w'’-])"
)
#: "pt = norah k,": a given name and the initial of a surname after the patient's label.
_PT_INITIAL_RE = re.compile(
    r"(?:pt|patient|client)(?:[ \t]+is|[ \t]*[:=])?[ \t]+([a-z][a-z'’-]{1,15})[ \t]+([a-z])"
    r"(?=[ \t]*[,.;)]|[ \t]*$)"
)
_C_NAME_WORD = category("name, after its kind", "name")
_NAME_KIND_BEFORE_RE = re.compile(
    r"(?i:chart|legal|preferred|pref\.?|given|real|birth|maiden|full|nick|middle|former)[ \t]+$"
)
_NAME_VALUE_RE = re.compile(
    r"name[ \t]*(?::|=|(?i:is))?[ \t]*([A-Za-zÀ-ÿ][a-zà-ÿ'’-]{1,20})(?![\w'’-])"
)
_WITH_RE = re.compile(r"w/[ \t]?([a-z][a-z'’-]{2,15})(?![\w'’/-])")
_SIG_PROBE_RE = re.compile(r"/[ \t]*[a-z]\.")
_C_KIN_LOWER = category(
    "a relation before a lower-case name",
    "wife husband partner son daughter mom mum dad brother sister boyfriend girlfriend friend "
    "neighbour neighbor cousin aunt uncle niece nephew grandson granddaughter bro sis kid",
)
_KIN_GIVEN_LOWER_RE = re.compile(
    r"(?:wife|husband|partner|son|daughter|mom|mum|dad|brother|sister|boyfriend|girlfriend|"
    r"friend|neighbour|neighbor|cousin|aunt|uncle|niece|nephew|grandson|granddaughter|bro|sis|"
    r"kid)[ \t]+([a-z][a-z'’-]{2,15})(?![\w'’-])"
)
_NOT_KIN_NAMES = frozenset(
    [
        "in-law",
        "law",
        "own",
        "best",
        "dog",
        "dogs",
        "cat",
        "pet",
        "car",
        "truck",
        "house",
        "place",
        "school",
        "work",
        "boss",
    ]
)
_KIN_WORDS = frozenset(
    [
        "wife",
        "husband",
        "partner",
        "son",
        "daughter",
        "mom",
        "mum",
        "dad",
        "brother",
        "sister",
        "boyfriend",
        "girlfriend",
        "friend",
        "neighbour",
        "neighbor",
        "cousin",
        "aunt",
        "uncle",
        "niece",
        "nephew",
        "grandson",
        "granddaughter",
        "bro",
        "sis",
        "mother",
        "father",
        "grandma",
        "grandpa",
        "baby",
        "kid",
        "kids",
        "family",
    ]
)
_KIN_LOWER_RE = re.compile(
    r"(?:wife|husband|partner|son|daughter|mom|mum|dad|brother|sister|boyfriend|girlfriend|"
    r"friend|neighbour|neighbor)[ \t]+([a-z][a-z'’-]{2,15})[ \t]+"
    r"(?:says|said|drives|drove|brings|brought|called|calls|phoned|came|comes|wants|thinks|"
    r"reports|helps|helped|picks|picked|visits|visited|works|lives|agrees|agreed|stays|stayed)"
    r"(?![\w])"
)
_KIN_POSSESSIVE_RE = re.compile(
    r"(?:wife|husband|partner|son|daughter|mom|mum|dad|brother|sister|boyfriend|girlfriend|"
    r"friend|neighbour|neighbor|cousin|aunt|uncle|niece|nephew|grandson|granddaughter|bro|sis)"
    r"[ \t]+([a-z][a-z-]{2,15})['’]s(?![\w])"
)
_C_INITIALS_CRED = category(
    "initials before a credential",
    "pt ot rn rpn np md psw sw rph do pa lpn rt slp msw rsw",
)
_TWO_INITIALS_RE = re.compile(r"\.[A-Za-z]\.")
_INITIALS_BEFORE_CRED_RE = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,3})[ \t,]+$")
#: A chat line's speaker in lower case with a credential: "09:14 jenna rn: pt asleep".
_LOWER_SPEAKER_RE = re.compile(
    r"(?m)^[ \t]*(?:\[?\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{2,4})?[ \t,]+)?(?:\[?\d{1,2}[:h]\d{2}"
    r"(?::\d{2})?\]?[ \t]+)?([a-z][a-z'’-]{1,15})[ \t]+"
    r"(?:rn|np|md|pt|ot|sw|msw|psw|rpn|lpn|rph|chw)[ \t]*:"
)
_LOWER_SPEAKER_PROBE_RE = re.compile(r":(?<=(?:rn|np|md|pt|ot|sw|sw|rn|pn|ph|hw):)")
#: A lower-case credential before a given name: "seen by dr x + np tessa".
_C_CRED_LOWER = category("a lower-case credential", "rn np rpn lpn psw sw ot rph chw")
_CRED_LOWER_NAME_RE = re.compile(
    r"(?:rn|np|rpn|lpn|psw|sw|ot|rph|chw)[ \t]+([a-z][a-z'’-]{2,15})(?![\w'’-])"
)
#: A capitalised word in brackets after the patient: "The patient (Wapun) asked".
_C_PATIENT = category("the patient", "patient pt client resident patiente")
_PATIENT_PAREN_RE = re.compile(
    r"(?i:patient|pt|client|resident|patiente)[ \t]*\([ \t]*([A-ZÀ-Þ][a-zà-ÿ'’-]{2,20})[ \t]*\)"
)
_DASH_INITIALS_SIG_RE = re.compile(
    r"(?m)^[ \t]*[-–—~]{1,2}[ \t]*([a-z]{2,3})[ \t]*/[ \t]*([a-z]\.[ \t]?([a-z][a-z'’-]{2,20}))"
    r"(?![\w'’-])"
)
_CLINICAL_SHORT = frozenset(
    [
        "tx",
        "hx",
        "dx",
        "rx",
        "sx",
        "fx",
        "bp",
        "hr",
        "rr",
        "pt",
        "ot",
        "od",
        "os",
        "ou",
        "po",
        "pr",
        "iv",
        "im",
        "sc",
        "sl",
        "er",
        "ed",
        "cc",
        "bm",
        "uti",
        "sob",
        "loc",
        "rom",
        "adl",
        "prn",
        "bid",
        "tid",
        "qid",
    ]
)
_LATIN_ENDINGS = ("us", "i", "ae", "um", "is")
_C_DR = category("dr, lower-case initials", "dr")
_DR_INITIALS_RE = re.compile(r"dr\.?[ \t]+([a-z]-[a-z])(?![\w-])")
_LOWER_SUFFIXES = ("ing", "ed", "ly", "tion", "itis", "ectomy", "otomy", "algia", "ness", "ment")


def _plain_word(word: str, lex: Lexicon) -> bool:
    """A lower-case word that is no everyday, clinical or frequent word."""
    return (
        word not in lex.frequent
        and not lex.never_name(word)
        and word not in lex.wordlike_names
        and not word.endswith(_LOWER_SUFFIXES)
    )


def _listed(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.first_names_all or w in lex.surnames_all


def _listed_given(w: str, lex: Lexicon) -> bool:
    """A listed given name that is no everyday word (or is one of the first, curated list)."""
    return (
        w in lex.first_names_all
        and w not in lex.wordlike_names
        and not lex.never_name(w)
        and (w not in lex.frequent or w in lex.first_names)
    )


def _lower_case(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    # "pt gus vandermolen": a given name and a word that is no word, after "pt"
    for p in idx.at(_C_PT):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        im = _PT_INITIAL_RE.match(text, p)
        if im is not None and im.group(1) in lex.first_names_all:
            c.add(im.start(1), im.end(2), "NAME", "a name and an initial after 'pt'", P_NAME)
            continue
        m = _PT_PAIR_RE.match(text, p)
        if m is None:
            continue
        given, sur = m.group(1), m.group(2)
        if given not in lex.first_names_all and given not in lex.wordlike_names:
            continue
        if not _plain_word(sur, lex):
            continue
        # "pt al sob", "pt ray copd": a word-like given name needs a longer surname
        if (given in lex.wordlike_names or lex.never_name(given)) and (
            len(sur) < 5 or given not in lex.first_names_all
        ):
            continue
        c.add(m.start(1), m.end(2), "NAME", "a name after 'pt' (lower case)", P_NAME)
    # "chart name saara", "legal name: Quillan"
    for p in idx.at(_C_NAME_WORD):
        if _NAME_KIND_BEFORE_RE.search(text, max(0, p - 12), p) is None:
            continue
        m = _NAME_VALUE_RE.match(text, p)
        if m is None:
            continue
        w = m.group(1)
        wl = w.lower()
        if lex.never_name(wl) or wl in ("is", "of", "on", "change", "changed", "unknown"):
            continue
        if _listed(w, lex) or wl not in lex.frequent:
            c.add(m.start(1), m.end(1), "NAME", "a name after its kind ('chart name')", P_NAME)
    # "w/ tabitha": a listed given name that is no word after "with"
    if "w/" in text:
        for m in _WITH_RE.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_/"):
                continue
            w = m.group(1)
            if _listed_given(w, lex):
                c.add(m.start(1), m.end(1), "NAME", "a given name after 'w/'", P_NAME)
    # "wife sanni drives": a relation, a word that is no word, and what people do
    for p in idx.at(_C_KIN_LOWER):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        m = _KIN_LOWER_RE.match(text, p)
        if m is not None and _plain_word(m.group(1), lex):
            c.add(m.start(1), m.end(1), "NAME", "a relation's name (lower case)", P_NAME)
    # "her kid kaylee (8)": a listed given name that is no word after a relation
    for p in idx.at(_C_KIN_LOWER):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        gm = _KIN_GIVEN_LOWER_RE.match(text, p)
        if gm is None:
            continue
        w = gm.group(1)
        if _listed_given(w, lex):
            c.add(gm.start(1), gm.end(1), "NAME", "a given name after a relation", P_NAME)
    # "his daughter neve's on...": a word before 's after a relation is that person's name
    if "'s" in text or "’s" in text:
        for p in idx.at(_C_KIN_LOWER):
            if not text[p].islower() or not word_start_ok(text, p):
                continue
            km = _KIN_POSSESSIVE_RE.match(text, p)
            if km is None:
                continue
            w = km.group(1)
            if w in _KIN_WORDS or lex.never_name(w) or w in _NOT_KIN_NAMES:
                continue
            c.add(km.start(1), km.end(1), "NAME", "a relation's name before 's", P_NAME)
    # "- j.t. pt": initials with periods before a credential
    for p in idx.at(_C_INITIALS_CRED) if _TWO_INITIALS_RE.search(text) else ():
        if not word_start_ok(text, p):
            continue
        im = _INITIALS_BEFORE_CRED_RE.search(text, max(0, p - 12), p)
        if im is None:
            continue
        letters = im.group(1).replace(".", "").upper()
        if letters not in _NOT_INITIALS:
            c.add(im.start(1), im.end(1), "NAME", "initials before a credential", P_NAME)
    # "- jb / r. przybylek": a lower-case dash signature, initials and an initial with a surname
    if _SIG_PROBE_RE.search(text) is not None:
        for m in _DASH_INITIALS_SIG_RE.finditer(text):
            sur, initials = m.group(3), m.group(1)
            if initials in _CLINICAL_SHORT:
                continue  # "- tx / ...": a bullet of abbreviations
            if sur in lex.surnames_all or (
                _plain_word(sur, lex) and not sur.endswith(_LATIN_ENDINGS)
            ):  # not a species: "e. coli", "s. aureus"
                c.add(m.start(1), m.end(1), "NAME", "initials in a signature", P_NAME)
                c.add(m.start(2), m.end(2), "NAME", "a name in a signature", P_NAME)
    # "09:14 jenna rn: pt asleep": a lower-case chat speaker with a credential
    if _LOWER_SPEAKER_PROBE_RE.search(text) is not None:
        for sm in _LOWER_SPEAKER_RE.finditer(text):
            w = sm.group(1)
            if not lex.never_name(w) and (w in lex.first_names_all or w not in lex.frequent):
                c.add(sm.start(1), sm.end(1), "NAME", "a chat speaker (lower case)", P_NAME)
    # "np tessa": a listed given name after a lower-case credential
    for p in idx.at(_C_CRED_LOWER):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        lm = _CRED_LOWER_NAME_RE.match(text, p)
        if lm is None:
            continue
        w = lm.group(1)
        if _listed_given(w, lex):
            c.add(lm.start(1), lm.end(1), "NAME", "a given name after a credential", P_NAME)
    # "The patient (Wapun) asked": a capitalised word in brackets after the patient
    if "(" in text:
        for p in idx.at(_C_PATIENT):
            pm = _PATIENT_PAREN_RE.match(text, p) if word_start_ok(text, p) else None
            if pm is None:
                continue
            w = pm.group(1).lower()
            if not lex.never_name(w) and (w not in lex.frequent or _listed(w, lex)):
                c.add(pm.start(1), pm.end(1), "NAME", "a name in brackets after 'patient'", P_NAME)
    # "dr t-v": initials after "dr"
    for p in idx.at(_C_DR):
        if text[p] == "d" and word_start_ok(text, p):
            m = _DR_INITIALS_RE.match(text, p)
            if m is not None:
                c.add(m.start(1), m.end(1), "NAME", "initials after 'dr'", P_NAME)
