"""Forms of records: contacts tables, sign-offs, labelled codes, towns of institutions (1.25.0).

General rules for classes of identifiers, each read from a published convention or a common
layout of records; never a name, place or number of any corpus:

- Towns: where an agency, court or office sits (``<Agency>, <Town> office``, ``(<Town>
  sittings)``, ``<office>, <Town> |``), a town after an institution's name and a comma
  (``<X Hospital> ED, <Town>,``, ``Supreme Court of <Province>, <Town>``), a town before its
  province in brackets (``de <Town> (Québec)``), a town after a street line with its unit (``12 X
  Street, Apt 3, <Town> - ...``), ``the <Town> ED`` when the word is a gazetteer town or heads a
  facility found, ``from`` at a line's end and the town on the next line; each town found said
  again.
- Streets: a direction after a lettered avenue (``1436 Avenue P North``), a lot, site or pad
  after the street line (``12 E X Rd, Lot 218``: one span, as ``Apt 3`` is), a single-word street
  ending in ``-way`` after its civic number (``1352 Brackenway,``).
- Dates: numeric dates with spaces around their slashes (``1936 / 02 / 08``, ``08 / 02 / 1936``).
- Codes: lockers, beds and cots with a letter code (``Belongings locker: L-17``, ``Bed assigned:
  W-B12``), ``Rx`` with its number on the next line, a code of capitals and digits after a
  number's label (``citizenship no. AB-C 1234567`` ID, ``unit no. ABC 1234567`` and ``Dossier
  hospitalier bébé : ABC 1234567`` MRN, ``No de participant : AB1-2345``), a session's hexadecimal
  key, an invoice's ``INV`` number; any health number, MRN or ID found, written again the same way.
- Names: a contacts table's row whose next cell is a relation (``| 1 | Given Surname | fille |``),
  ``veuve de``/``widow of`` and a name, a French letter's signature after its closing formula
  (``... salutations distinguées.`` and the name alone on its line), a name before a profession
  and a closing bracket (``(Given Surname, pharmacist)``), a log line's author after its date
  (``2028-01-02 abc:``, ``note 2028-01-02 (login):``), a middle initial after its label.
- Facilities: a found facility's name written again in capitals (a letterhead), ``HÔPITAL DU X``
  in capitals, a methadone ``Dispensary``, an ``Adult Day Program``, a US practice's ``PLLC``,
  French heads first (``Manufacture X``, ``Centre de réadaptation ... de X``, ``pavillon X``).
- Never: a word of a court's name (``Supreme Court``) as a name, a health card's version code
  (``Version [ AB ]``) as initials, a template's code (``gabarit ABC-DEF-03``) as an ID (a
  filled form's own number stays one).
"""

from __future__ import annotations

import re

from phi.core import (
    P_DATE,
    P_FACILITY,
    P_LABELLED,
    P_NAME,
    P_STREET,
    P_TOWN,
    Collector,
)
from phi.index import TextIndex
from phi.lexicon import Lexicon
from phi.recognizers.common import words
from phi.recognizers.doc_forms import _town_word
from phi.recognizers.name_cues import _KIN_PHRASES

_CAP = r"[A-ZÀ-Þ][a-zà-ÿ'’]+"
_CAPH = rf"{_CAP}(?:-{_CAP})*"
_NAME2 = rf"({_CAPH}[ \t]+{_CAPH})"
_PROV_FULL = (
    r"Québec|Quebec|Qc|QC|Ontario|Ont\.|Manitoba|Man\.|Saskatchewan|Sask\.|Alberta|Alb\.|"
    r"Nouveau-Brunswick|New Brunswick|N\.-B\.|Nova Scotia|Nouvelle-Écosse|N\.-É\.|"
    r"British Columbia|Colombie-Britannique|C\.-B\.|Terre-Neuve|Newfoundland"
)


def _plain_name(parts: list[str], lex: Lexicon, *, strong: bool = False) -> bool:
    """Capitalised words that may be a person's: none a word that is never a name, a town, a
    frequent word that is no listed name, a clinical word or a relation. With ``strong`` (the
    place itself says a person is named) a listed given name may come before a surname that is
    also an everyday word."""
    if strong and parts[0].split("-")[0].lower() in lex.first_names_all:
        rest = [w for w in parts[1:] for w in w.split("-")]
        return not any(
            lex.never_name(w.lower()) or w.lower() in lex.clinical or w.lower() in _KIN
            for w in rest
        )
    for w in parts:
        for piece in w.split("-"):
            low = piece.lower()
            if lex.never_name(low) or low in lex.places or low in lex.clinical:
                return False
            if low in _KIN and low not in lex.first_names_all:
                return False
            if (
                low in lex.frequent
                and low not in lex.first_names_all
                and low not in (lex.surnames_all)
            ):
                return False
    return True


_KIN = frozenset(p.lower() for p in _KIN_PHRASES)

# --- towns ---------------------------------------------------------------------------------

#: where an agency sits: ", <Town> office", "(<Town> sittings)"
_SEAT_RE = re.compile(
    rf"[,(][ \t]*({_CAPH}(?:[ \t]{_CAPH})?)[ \t]+"
    r"(?:office|sittings|branch|detachment|satellite|bureau|sub-office|field office)(?![\w'’-])"
)
#: "... office, <Town>" closing a field (a bar, a comma, two spaces or the line's end)
_OFFICE_TOWN_RE = re.compile(
    rf"(?i:office|bureau|sittings)[ \t]*,[ \t]+({_CAPH})(?=[ \t]*(?:\||,|;|$)|[ \t]{{2}}|\t)",
    re.MULTILINE,
)
#: an institution's name, a comma and its town: "<X Hospital>( ED)?, <Town>,"
_AFTER_INST_RE = re.compile(
    rf"(?:[ \t]+(?:ED|ER|site|campus|Emergency|emergency|sittings))?[ \t]*,[ \t]*({_CAPH})"
    r"(?=[ \t]*(?:,|\.(?:[ \t]|$)|\)|;|$)|[ \t]{2}|\t)",
    re.MULTILINE,
)
_COURT_RE = re.compile(
    r"(?<![\w'’-])(?:Supreme|Superior|Provincial|Federal|Queen['’]s[ \t]+Bench|King['’]s[ \t]+"
    r"Bench|Small[ \t]+Claims|Tax|Appeal|Family|Youth|District|County|Municipal)[ \t]+Court"
    r"(?:[ \t]+of[ \t]+(?:[A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+){0,2})?"
)
_PROV_BRACKET_RE = re.compile(
    rf"(?:(?<=[ \t])(?:de|d['’]|à|from|in|of)[ \t]*|^[ \t]*|,[ \t]*)({_CAPH})[ \t]+"
    rf"\((?:{_PROV_FULL})\)",
    re.MULTILINE,
)
_UNIT_TOWN_RE = re.compile(
    rf",[ \t]+({_CAPH})(?=[ \t]+[-—–][ \t]|[ \t]*(?:[,;)]|\.(?:[ \t]|$)|$))", re.MULTILINE
)
_THE_ED_RE = re.compile(
    rf"(?<![\w'’-])the[ \t]+({_CAPH})[ \t]+(?:ED|ER|emergency|hospital|Hospital)(?![\w'’-])"
)
_FROM_NEXT_LINE_RE = re.compile(
    rf"(?<![\w'’-])(?:from|in|to|near)[ \t]*\n[ \t]*({_CAPH})(?=[ \t]+(?:at|on|in|and|by)[ \t]"
    r"|[ \t]*[,.;)])"
)


def towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    found: set[str] = set()

    def add(m: re.Match[str], reason: str, *, strong: bool) -> None:
        town = m.group(1)
        if all(_town_word(w, lex, strong=strong) for w in re.split(r"[ -]", town)):
            c.add(m.start(1), m.end(1), "ADDRESS", reason, P_TOWN)
            found.add(town)

    low = c.lower
    if "office" in low or "sittings" in low or "branch" in low or "bureau" in low:
        for m in _SEAT_RE.finditer(text):
            add(m, "the town where an office sits", strong=False)
        for m in _OFFICE_TOWN_RE.finditer(text):
            add(m, "the town after an office", strong=False)
    ends = [k.end for k in c.cands if k.kind == "FACILITY" and k.prio >= P_FACILITY]
    ends += [m.end() for m in _COURT_RE.finditer(text)] if " Court" in text else []
    for end in sorted(set(ends)):
        after = _AFTER_INST_RE.match(text, end)
        if after is not None:
            add(after, "the town after an institution's name", strong=False)
    if "(" in text:
        for m in _PROV_BRACKET_RE.finditer(text):
            add(m, "a town before its province in brackets", strong=False)
    for k in [k for k in c.cands if k.kind == "ADDRESS" and k.prio >= P_STREET]:
        if not re.search(r"\d", text[k.start : k.end]):
            continue
        unit = _UNIT_TOWN_RE.match(text, k.end)
        if unit is not None:
            add(unit, "a town after a street line and its unit", strong=False)
    if " the " in text:
        heads = {
            text[k.start : k.end].split()[0]
            for k in c.cands
            if k.kind == "FACILITY" and k.prio >= P_FACILITY
        }
        for m in _THE_ED_RE.finditer(text):
            word = m.group(1)
            if word.lower() in lex.places or word in heads:
                add(m, "a town's emergency department", strong=False)
    if "\n" in text:
        for m in _FROM_NEXT_LINE_RE.finditer(text):
            add(m, "a town after 'from' at a line's end", strong=False)
    if found:
        # each town found, said again: its first word looked up in one pass over the text
        firsts: dict[str, list[int]] = {}
        for m in re.finditer(r"(?<![\w'’-])[A-ZÀ-Þ][\w'’]*", text):
            firsts.setdefault(m.group(), []).append(m.start())
        for town in found:
            head = re.split(r"[ \t-]", town)[0]
            for p in firsts.get(head, ()):
                end = p + len(town)
                if text.startswith(town, p) and (
                    end == len(text) or not (text[end].isalnum() or text[end] in "'’-")
                ):
                    c.add(p, end, "ADDRESS", "the same town again", P_TOWN - 1)


# --- streets -------------------------------------------------------------------------------

_DIRECTION_TAIL_RE = re.compile(
    r"[ \t]+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)(?=[ \t]*(?:[,;)]|\.(?:[ \t]|$)|$))",
    re.MULTILINE,
)
_LOT_TAIL_RE = re.compile(
    r",[ \t]*(?:Lot|Site|Space|Pad|Trailer|Unit|Apt|Suite)[ \t]*#?[ \t]*\d{1,5}[A-Z]?(?![\w-])"
)
#: a civic number opening an address field (after a colon, a comma or the line's start)
_WAY_RE = re.compile(
    r"(?:^|[:,])[ \t]*(\d{1,5}[A-Z]?[ \t]+[A-Z][a-z]{2,}way)(?=[ \t]*(?:,|$))", re.MULTILINE
)


def streets(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for k in [k for k in c.cands if k.kind == "ADDRESS" and k.prio >= P_STREET]:
        span = text[k.start : k.end]
        if not re.search(r"\d", span):
            continue
        end = k.end
        if re.search(r"(?:Avenue|Street|Ave|St)[ \t]+[A-Z]\Z", span):
            d = _DIRECTION_TAIL_RE.match(text, end)
            if d is not None:
                end = d.end()
        lot = _LOT_TAIL_RE.match(text, end)
        if lot is not None:
            end = lot.end()
        if end > k.end:
            c.add(k.start, end, "ADDRESS", "a street line with its direction or lot", k.prio + 1)
    if "way" in text:
        for m in _WAY_RE.finditer(text):
            word = m.group(1).split()[-1].lower()
            if word in lex.frequent or word in lex.common or lex.never_name(word):
                continue
            c.add(m.start(1), m.end(1), "ADDRESS", "a civic number and a '-way'", P_STREET)


# --- dates ---------------------------------------------------------------------------------

_SPACED_DATE_RE = re.compile(
    r"(?<![\w/])(?:(?:18|19|20)\d\d[ \t]/[ \t](?:0?[1-9]|1[0-2])[ \t]/[ \t](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[ \t]/[ \t](?:0?[1-9]|1[0-2])[ \t]/[ \t](?:18|19|20)\d\d)"
    r"(?![\w/])"
)


def _dates(c: Collector) -> None:
    if " / " in c.text:
        for m in _SPACED_DATE_RE.finditer(c.text):
            c.add(m.start(), m.end(), "DATE", "a numeric date spaced around its slashes", P_DATE)


# --- codes ---------------------------------------------------------------------------------

_LOCKER_RE = re.compile(
    r"(?<![\w'’-])(?i:locker|casier|bed|lit|cot|bunk|cubicle)"
    r"(?:[ \t]+(?i:assigned|attribué|assigné|no\.?|number|#))?[ \t]*[:#][ \t]*"
    r"([A-Z]{1,3}-[A-Z]{0,2}\d{1,4}[A-Z]?|[A-Z]{1,2}\d{1,4})(?![\w-])"
)
_RX_NEXT_LINE_RE = re.compile(r"(?<![\w-])Rx[ \t]*(?:#|no\.?)?[ \t]*\n[ \t]*(\d{5,9})(?![\w-])")
#: a number's label, then a code of capitals and digits
_LABEL_CODE_RE = re.compile(
    r"(?:#|(?<![\w'’-])(?i:no\.?|n[°º]|number|numéro|file|dossier[ \t\w]{0,30}?"
    r"|(?:no|n[°º]|numéro)[ \t]+d[eu][ \t]+[a-zà-ÿ]+(?:[ \t]+[a-zà-ÿ]+){0,3}[ \t]*:))"
    r"[ \t]*:?[ \t]*"
    r"([A-Z]{2,4}(?:-[A-Z]{1,2})?[ \t]\d{6,8}|[A-Z]{1,3}\d-\d{4,6})(?![\w-])"
)
_MRN_LABEL_RE = re.compile(r"(?i)(?:dossier|chart|unit|file|hospital|hospitalier|mrn)")
_SESSION_RE = re.compile(
    r"(?<![\w-])(?i:session|token|transaction|trace|request)(?:[ \t]+(?i:id|key|no\.?))?"
    r"[ \t]*[:#]?[ \t]*([0-9a-f]{6,}(?:-[0-9a-f]{4,})+|[0-9a-f]{12,})(?![\w-])"
)
_INVOICE_RE = re.compile(r"(?<![\w-])INV[ \t#-]*\d{5,10}(?:-\d{1,4})?(?![\w-])")
_TEMPLATE_RE = re.compile(
    r"(?<![\w'’-])(?i:gabarit|template|modèle)[ \t]*:?[ \t]*"
    r"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+){1,3})(?![\w-])"
)
_VERSION_RE = re.compile(
    r"(?<![\w'’-])(?i:version(?:[ \t]+code)?|code[ \t]+de[ \t]+version|VC)[ \t]*[:#]?[ \t]*"
    r"\[?[ \t]*([A-Z]{1,2})[ \t]*\]?(?![\w])"
)


def _codes(c: Collector, lex: Lexicon) -> None:
    text = c.text
    low = c.lower
    for m in _LOCKER_RE.finditer(text):
        c.add(m.start(1), m.end(1), "ID", "a locker's or bed's code after its label", P_LABELLED)
    if "Rx" in text:
        for m in _RX_NEXT_LINE_RE.finditer(text):
            c.add(m.start(1), m.end(1), "ID", "an Rx number on the next line", P_LABELLED)
    for m in _LABEL_CODE_RE.finditer(text):
        line = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 40)
        label = text[line : m.start(1)]
        if re.search(
            r"(?i)(?:DIN|NDC|lot|ICD|LU|form|gabarit|template)\W*$", text[line : m.start()]
        ):
            continue  # a lot's, a drug's or a form's number: no person's
        kind = "MRN" if _MRN_LABEL_RE.search(label) else "ID"
        c.add(
            m.start(1), m.end(1), kind, "a code of capitals and digits after its label", P_LABELLED
        )
    for m in _SESSION_RE.finditer(text):
        code = m.group(1)
        if sum(ch.isdigit() for ch in code) >= 2 and sum(ch.isalpha() for ch in code) >= 2:
            c.add(m.start(1), m.end(1), "ID", "a session's key", P_LABELLED)
    if "INV" in text:
        for m in _INVOICE_RE.finditer(text):
            c.add(m.start(), m.end(), "ID", "an invoice number", P_LABELLED)
    _numbers_again(c)
    # what is no identifier
    if "gabarit" in low or "template" in low or "modèle" in low:
        for m in _TEMPLATE_RE.finditer(text):
            c.veto(m.start(1), m.end(1), frozenset({"ID", "MRN"}))
    if "version" in low or "VC" in text:
        for m in _VERSION_RE.finditer(text):
            c.veto(m.start(1), m.end(1), frozenset({"NAME"}))
    if " Court" in text:
        for m in _COURT_RE.finditer(text):
            c.veto(m.start(), m.end(), frozenset({"NAME", "FACILITY"}))


def _numbers_again(c: Collector) -> None:
    """A number found as a health number, MRN or ID, written again the same way elsewhere
    (its longest digit run looked up in one pass over the text)."""
    text = c.text
    values: dict[str, tuple[str, int]] = {}
    taken: set[int] = set()
    for k in c.cands:
        if k.kind not in ("HEALTH_NUMBER", "MRN", "ID") or k.prio < P_LABELLED:
            continue
        taken.add(k.start)
        value = text[k.start : k.end]
        if sum(ch.isdigit() for ch in value) >= 6 and value not in values:
            values[value] = (k.kind, k.prio)
    if not values:
        return
    runs: dict[str, list[int]] = {}
    for m in re.finditer(r"\d+", text):
        runs.setdefault(m.group(), []).append(m.start())
    for value, (kind, prio) in values.items():
        run = max(re.finditer(r"\d+", value), key=lambda m: len(m.group()))
        for p in runs.get(run.group(), ()):
            start = p - run.start()
            end = start + len(value)
            if start < 0 or start in taken or not text.startswith(value, start):
                continue
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] in "_-"):
                continue
            c.add(start, end, kind, "the same number again", prio - 1)


# --- names ---------------------------------------------------------------------------------

_KIN_CELL = "|".join(sorted((re.escape(p) for p in _KIN if " " not in p), key=len, reverse=True))
_TABLE_KIN_RE = re.compile(
    rf"(?:\|[ \t]*|^[ \t]*|[ \t]{{2}}){_NAME2}(?:[ \t]*\|[ \t]*|[ \t]{{2,}})(?i:{_KIN_CELL})"
    r"[ \t]*(?=\||[ \t]{2}|\t|$)",
    re.MULTILINE,
)
_WIDOW_RE = re.compile(
    rf"(?<![\w'’-])(?i:veuve|veuf|widow|widower|épouse|époux)[ \t]+(?:de|d['’]|of)[ \t]*{_NAME2}"
    r"(?![\w'’-])"
)
_CLOSING_RE = re.compile(
    r"(?i:salutations(?:[ \t]+distinguées|[ \t]+cordiales)?|sentiments[ \t]+distingués|"
    r"cordialement|bien[ \t]+à[ \t]+vous|respectueusement|meilleures[ \t]+salutations)"
    rf"[ \t]*(?:[.,!][ \t]*)?\n(?:[ \t]*\n){{0,3}}[ \t]*{_NAME2}[ \t]*$",
    re.MULTILINE,
)
_ROLE = (
    r"pharmacist|pharmacy[ \t]+technician|pharmacy[ \t]+assistant|technician|nurse|"
    r"social[ \t]+worker|case[ \t]+manager|navigator|interpreter|coordinator|counsellor|"
    r"counselor|dietitian|physiotherapist|occupational[ \t]+therapist|paramedic|outreach[ \t]+"
    r"worker|pharmacien|pharmacienne|infirmière|infirmier|technicienne|technicien|"
    r"travailleuse[ \t]+sociale|travailleur[ \t]+social|intervenante?|bénévole|volunteer"
)
_NAME_ROLE_RE = re.compile(rf"{_NAME2},[ \t]+(?:{_ROLE})[ \t]*\)")
_LOG_AUTHOR_RE = re.compile(
    r"^[ \t]*(?:[A-Za-z]+[ \t]+){0,2}(?:\d{4}-\d\d-\d\d|\d\d?/\d\d?/\d{4})"
    r"(?:[ \t]+\d\d?:\d\d)?[ \t]+(?:\(([a-z][a-z.]{2,15})\)|([a-z]{2,4}))[ \t]*:",
    re.MULTILINE,
)
_MIDDLE_RE = re.compile(
    r"(?<![\w'’-])(?i:middle[ \t]+initial|initiale(?:[ \t]+du[ \t]+second[ \t]+prénom)?)"
    r"[ \t]*[:.]+[ \t]*([A-Z])\.?(?![\w'’/-])"
)
_KIN_QUOTED_RE = re.compile(
    rf"(?<![\w'’-])(?i:{_KIN_CELL})[ \t]+(?:«[ \t]*({_CAPH})[ \t]*»|[\"“]({_CAPH})[\"”])"
)
_NOT_AUTHORS = words("am pm re ok tbd na nil and the via per")


def _names(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if "|" in text or "  " in text:
        for m in _TABLE_KIN_RE.finditer(text):
            if _plain_name(m.group(1).split(), lex, strong=True):
                c.add(m.start(1), m.end(1), "NAME", "a contact's name before the relation", P_NAME)
    for m in _WIDOW_RE.finditer(text):
        if _plain_name(m.group(1).split(), lex, strong=True):
            c.add(m.start(1), m.end(1), "NAME", "a spouse's name after 'widow of'", P_NAME)
    for m in _CLOSING_RE.finditer(text):
        if _plain_name(m.group(1).split(), lex):
            c.add(m.start(1), m.end(1), "NAME", "a signature after a closing formula", P_NAME)
    if ")" in text:
        for m in _NAME_ROLE_RE.finditer(text):
            if _plain_name(m.group(1).split(), lex):
                c.add(
                    m.start(1), m.end(1), "NAME", "a name before a profession in brackets", P_NAME
                )
    for m in _LOG_AUTHOR_RE.finditer(text):
        token = m.group(1) or m.group(2)
        at = m.start(1) if m.group(1) else m.start(2)
        bare = token.replace(".", "")
        if bare in lex.frequent or bare in lex.common or bare in lex.clinical:
            continue
        if bare in _NOT_AUTHORS or lex.never_name(bare):
            continue
        if m.group(2) and any(ch in "aeiouy" for ch in token) and len(token) > 3:
            continue
        c.add(at, at + len(token), "NAME", "a log line's author after its date", P_NAME)
    if "«" in text or '"' in text or "“" in text:
        for m in _KIN_QUOTED_RE.finditer(text):
            g = 1 if m.group(1) else 2
            if _plain_name([m.group(g)], lex, strong=False) or m.group(g).lower() in (
                lex.first_names_all
            ):
                c.add(m.start(g), m.end(g), "NAME", "a relation's name in quotes", P_NAME)
    for m in _MIDDLE_RE.finditer(text):
        c.add(m.start(1), m.end(1), "NAME", "a middle initial after its label", P_NAME)


# --- facilities ----------------------------------------------------------------------------

_CAPS_RUN_RE = re.compile(
    r"(?<![\w'’-])[A-ZÀ-Þ][A-ZÀ-Þ'’&.-]*(?:[ \t]+[A-ZÀ-Þ&][A-ZÀ-Þ'’&.-]*)+(?![\w'’-])"
)
_HOPITAL_CAPS_RE = re.compile(
    r"(?<![\w'’-])((?:HÔPITAL|HOPITAL|CENTRE HOSPITALIER)[ \t]+"
    r"(?:DU|DE[ \t]+LA|DE[ \t]+L['’]|DES|DE|D['’])"
    r"[ \t]*[A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’-]+)?)(?![\w'’-])"
)
_HEADS_RE = re.compile(
    rf"(?<![\w'’-])((?:{_CAPH}[ \t]+){{1,2}}(?:Dispensary|Adult[ \t]+Day[ \t]+"
    r"(?:Program|Programme|Centre|Center|Service|Club)))(?![\w'’-])"
)
_US_FORM_RE = re.compile(
    rf"(?<![\w'’-])((?:{_CAPH}[ \t]+){{1,4}}(?:PLLC|LLC|PLC|P\.C\.|P\.A\.))(?![\w'’-])"
)
_FR_HEAD_RE = re.compile(
    r"(?<![\w'’-])((?:Manufacture|Usine|Filature|Fonderie|Meunerie|Laiterie|Fromagerie)[ \t]+"
    rf"{_CAPH}(?:[ \t]+{_CAPH})?"
    r"|Centre[ \t]+de[ \t]+réadaptation(?:[ \t]+[a-zà-ÿ]+){0,2}[ \t]+(?:de[ \t]+la|de[ \t]+l['’]"
    rf"|du|des|de|d['’])[ \t]*{_CAPH}"
    rf"|(?<=[ \t])pavillon[ \t]+{_CAPH})(?![\w'’-])"
)


def _facilities(c: Collector, lex: Lexicon) -> None:
    text = c.text
    names: dict[str, int] = {}
    for k in c.cands:
        if k.kind == "FACILITY" and k.prio >= P_FACILITY:
            name = text[k.start : k.end]
            if not name.isupper() and len(name.split()) >= 2:
                names[" ".join(name.upper().split())] = k.prio
    if names:
        # a run of words in capitals (a letterhead) that is a facility's name found
        for m in _CAPS_RUN_RE.finditer(text):
            prio = names.get(" ".join(m.group().split()))
            if prio is not None:
                c.add(m.start(), m.end(), "FACILITY", "a facility's name again in capitals", prio)
    if "HÔPITAL" in text or "HOPITAL" in text or "HOSPITALIER" in text:
        for m in _HOPITAL_CAPS_RE.finditer(text):
            last = re.split(r"[ \t'’]", m.group(1))[-1].lower()
            if last in lex.frequent and last not in lex.places:
                continue  # "HÔPITAL DE JOUR": a service, no hospital's name
            c.add(
                m.start(1), m.end(1), "FACILITY", "a French hospital's name in capitals", P_FACILITY
            )
    for rx, reason in (
        (_HEADS_RE, "a dispensary or adult day program by its name"),
        (_US_FORM_RE, "a practice named before its legal form"),
    ):
        for m in rx.finditer(text):
            own = m.group(1).split()[:-1]
            if any(
                w.lower() not in lex.frequent and not lex.never_name(w)
                for w in own
                if w[0].isupper()
            ):
                c.add(m.start(1), m.end(1), "FACILITY", reason, P_FACILITY)
    for m in _FR_HEAD_RE.finditer(text):
        last = m.group(1).split()[-1].split("'")[-1].split("’")[-1]
        low = last.lower()
        if m.group(1)[0].islower() and low in lex.frequent and low not in lex.places:
            continue  # "pavillon Principal"; a capitalised head names its place itself
        if lex.never_name(low) and low not in lex.places:
            continue
        c.add(m.start(1), m.end(1), "FACILITY", "a French facility named head first", P_FACILITY)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    _dates(c)
    _codes(c, lex)
    _names(c, lex)
    _facilities(c, lex)
