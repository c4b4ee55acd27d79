"""Labelled codes, whole (since 1.14.0):

- a labelled number's last short group of digits joins it when the line or the form field ends
  after it (``Client number: X-401188 28``, ``member ID ABC 77215 04``): a check group or a
  dependant's suffix belongs to the number; never before a word (``... 28 days``);
- a code of capitals and digits joined by dashes after a French number label (``n° ABC-DE-27-49``,
  ``No d'appel : AB-73-65326-8``, ``numéro de référence :``);
- a number after an organisation's acronym and ``#`` (``ABCNM #0029174``: a college or
  association's registration); never a drug's, product's, lot's or code's number (``DIN #``,
  ``NDC #``, ``LOT #``, ``ICD #``).
- (1.16.0) a code of capitals and digits joined by dashes after a number label, an order's
  acronym between them (``reg. no. ABCDE A-8932``, ``no d'inscription OND DT-60417``), or after a
  form or a box (``Consent form C-27-0398``, ``box LB-1914``); a long number after ``no``
  (``no 3318874``); never a name with a number (``COVID-19``, ``PHQ-9``, ``ICD-10``), a span of
  years or a dose (``no 100000 units``).
"""

from __future__ import annotations

import re

from phi.core import P_LABELLED, Collector
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon

#: The short group closing a labelled number, then the line's end or the next form field.
_TAIL_RE = re.compile(r"[ \t](\d{1,3})(?=[ \t]*(?:\r?\n|$)|[ \t]{2,}[A-Z][\w .'#/()-]{0,30}:)")

_C_FRENCH_NO = category("a French number label", "n° no numéro", capital_only=False)
_FRENCH_NO_RE = re.compile(
    r"(?:n°|N°|[Nn]o[ \t]+d['’](?:appel|incident|événement|evenement)|"
    r"[Nn]um[ée]ro[ \t]+(?:d['’]appel|de[ \t]+r[ée]f[ée]rence|d['’]incident|de[ \t]+rapport))"
    r"[ \t]*:?[ \t]*"
    r"([A-Z]{1,5}(?:-[A-Z0-9]{1,6}){1,5})(?![\w-])"
)

_HASH_NO_RE = re.compile(r"[ \t]*#[ \t]*(\d{5,10})(?![\w-])")
_ACRONYM_BEFORE_RE = re.compile(r"(?<![\w#.-])([A-Z]{3,6})$")
_NOT_REGISTRATIONS = frozenset(
    ["DIN", "NDC", "LOT", "ICD", "CPT", "UPC", "SKU", "PIN", "DSM", "HCPCS", "LOINC", "SNOMED"]
)


#: (1.16.0) a code of capitals and digits joined by dashes after a number label, an order's
#: own acronym between them ("reg. no. ABCDE A-8932", "examiner no. MME-3879-BC", "no
#: d'inscription OND DT-60417"), or after a form or a box ("Consent form C-27-0398", "(box
#: LB-1914)"); a long number after "no" ("Ordonnance visée : no 3318874").
_C_NO_LABEL = category(
    "a number label or a numbered thing", "no number n° numéro form formulaire box boîte"
)
_NO_CODE_RE = re.compile(
    r"(?:[Nn]o\.?|N°|n°|[Nn]umber|[Nn]um[ée]ro)[ \t]*(?:d['’][a-zà-ÿ]{3,15}[ \t]*)?:?[ \t]*"
    r"(?:([A-Z]{2,8})[ \t]+)?([A-Z0-9]{1,6}(?:-[A-Z0-9]{1,6}){1,3})(?![\w-])"
)
_THING_CODE_RE = re.compile(
    r"(?i:form|formulaire|box|boîte)[ \t]+([A-Z]{1,4}(?:-[A-Z0-9]{1,6}){1,3})(?![\w-])"
)
_NO_LONG_RE = re.compile(
    r"[Nn]o\.?[ \t]+(\d{6,10})"
    r"(?![\w./-]|,\d|[ \t]?\d|[ \t]*(?:mg|mcg|µg|g|kg|ml|mL|L|units?|unités|IU|UI|%|x|/))"
)


#: A product's or a form's kind before a number label: "Model no. XT-2000" names no one.
_PRODUCT_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:model|part|catalog(?:ue)?|item|product|version|lot|page|room|exit|"
    r"modèle|pièce|article|produit|salle|chambre)[ \t]*$"
)


def _code_ok(code: str) -> bool:
    digits = sum(ch.isdigit() for ch in code)
    return digits >= 3 and any(ch.isalpha() for ch in code)


def _numbered_codes(c: Collector, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_NO_LABEL):
        if not word_start_ok(text, p):
            continue
        m = _NO_CODE_RE.match(text, p)
        if m is not None and _code_ok(m.group(2)):
            product = _PRODUCT_BEFORE_RE.search(text, max(0, p - 12), p)
            if m.group(1) not in _NOT_REGISTRATIONS and product is None:
                c.add(m.start(2), m.end(2), "ID", "a code after a number label", P_LABELLED)
            continue
        m = _THING_CODE_RE.match(text, p)
        # a form's own code has one dash ("Form T-2201", a kind of form); a filled form's number
        # has two or more ("Consent form C-27-0398"); a box's may have one ("box LB-1914")
        if (
            m is not None
            and _code_ok(m.group(1))
            and (m.group(1).count("-") >= 2 or text[p : p + 4].lower() in ("box ", "boît"))
        ):
            c.add(m.start(1), m.end(1), "ID", "a code after a form or a box", P_LABELLED)
            continue
        m = _NO_LONG_RE.match(text, p)
        if m is not None:
            c.add(m.start(1), m.end(1), "ID", "a long number after 'no'", P_LABELLED)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    _numbered_codes(c, idx)
    for cand in list(c.cands):
        if cand.kind not in ("ID", "MRN") or cand.prio != P_LABELLED:
            continue
        value = text[cand.start : cand.end]
        if sum(ch.isalnum() for ch in value) < 5 or not any(ch.isdigit() for ch in value):
            continue
        tm = _TAIL_RE.match(text, cand.end)
        if tm is not None:
            c.add(
                cand.start,
                tm.end(1),
                cand.kind,
                "a labelled number and its last group",
                P_LABELLED + 1,
            )
    for m in scan_at(_FRENCH_NO_RE, text, idx.at(_C_FRENCH_NO)):
        code = m.group(1)
        if word_start_ok(text, m.start()) and sum(ch.isdigit() for ch in code) >= 3:
            c.add(m.start(1), m.end(1), "ID", "a code after a French number label", P_LABELLED)
    if "#" in text:
        for m in _HASH_NO_RE.finditer(text):
            am = _ACRONYM_BEFORE_RE.search(text, max(0, m.start() - 8), m.start())
            if am is None or am.group(1) in _NOT_REGISTRATIONS:
                continue
            c.add(m.start(1), m.end(1), "ID", "a registration number after '#'", P_LABELLED)
