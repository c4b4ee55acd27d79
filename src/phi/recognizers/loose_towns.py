"""Small towns by the phrase around them (since 1.20.0), for towns no gazetteer holds.

- After ``from``, ``via`` or ``off`` when the phrase closes right after the town (a comma, a
  period, a colon, a semicolon, a bracket, a dash between spaces, a weekday or the line's end):
  ``EMS from X:``, ``inbound from X, ETA``, ``came via X.``, ``fell on deck off X)``. The town
  is one word no list knows (no frequent, given-name, clinical, drug, region or never-name word,
  no eponym, no service's ending such as ``-ics`` or ``-ology``) or such a word and a word of
  geography (``X Bay``); never a title before its period (``from Dr. X``), nor after words of
  information, documents, supplies or purchases (``Info from X.``, ``ordered from X``).
- In a contact's brackets: a town in brackets between a person's name found and the phone
  number (``sister Given Surname (X Y) (709) 555-0106``), or after the phone number and a comma
  in the same brackets (``(819-555-0182, X)``); one word that is no frequent word (a surname
  may name a town; after the phone and its comma an everyday word too), or two or three words
  even everyday ones and words of geography (``X Head``); never a phone's label
  (``(Cell)``, ``(Work Cell)``), a relation or a never-name word (a weekday).
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, P_NAME, P_TOWN, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon, cue_words
from phi.recognizers.address_forms import _unknown_town_word
from phi.recognizers.common import words
from phi.recognizers.store_chains import _TOWN_HEADS

_C_FROM = category("from via off", "from via off")
_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’-]{2,24}"
_GEO = (
    r"(?:Bay|Lake|Creek|River|Harbour|Harbor|Cove|Point|Falls|Landing|Crossing|Hill|Hills|"
    r"Island|Head|Beach|Brook|Inlet|Narrows|Siding|Junction|Arm|Mills|Station|Settlement|Ridge)"
)
_GEO_RE = re.compile(_GEO, re.IGNORECASE)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_FROM_TOWN_RE = re.compile(
    rf"(?:from|via|off)[ \t]+({_WORD}(?:[ \t]+{_GEO})?)"
    rf"(?=[ \t]*[,.;:)\"”»]|[ \t]+[-–][ \t]|[ \t]+{_WEEKDAY}(?![\w])|[ \t]*\n|[ \t]*$)"
)
#: what comes from a source rather than a place: information, documents, supplies and
#: purchases ("Info from X.", "results from X", "switched from X", "ordered from X")
_SOURCE_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:info|information|results?|reports?|letters?|fax(?:ed)?|referrals?|notes?|"
    r"records?|call(?:ed)?|messages?|e-?mail(?:ed)?|updates?|cop(?:y|ies)|labs?|repl(?:y|ied)|"
    r"response|requests?|consults?|summary|orders?|ordered|prescriptions?|refills?|supplies|"
    r"equipment|unit|switched|changed|converted|weaned|tapered|bought|purchased|rented|"
    r"delivery|invoices?|quotes?|approval|authori[sz]ation|forms?|documents?|paperwork|"
    r"package|shipment|data|images?|scans?|imaging|samples?|specimens?|grant|funding)"
    r"(?:[ \t]+\w+)?[ \t]+\Z"
)
#: endings of services' and departments' names, never a town's
_SERVICE_END_RE = re.compile(r"(?i)(?:ics|ology|ologie|iatry|ing|tion|ment|ance|ence|ity|ary)$")

_PHONE_LABELS = words(
    "cell home work mobile office pager fax landline daytime evenings evening days nights text "
    "direct main desk line cellulaire maison travail bureau jour soir primary preferred "
    "emergency contact voicemail message messages weekends weekdays ext only after before "
    "best alternate alt other new old private personal business public"
)
_KIN = frozenset(w.lower() for w in cue_words("cues_family_words.txt"))
_BRACKET_RE = re.compile(rf"\(({_WORD}(?:[ \t]+{_WORD}){{0,2}})\)[ \t]*\Z")
_AFTER_PHONE_RE = re.compile(rf"[ \t]*,[ \t]*({_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t]*\)")


def _town_word(word: str, lex: Lexicon) -> bool:
    return _unknown_town_word(word, lex) and not _SERVICE_END_RE.search(word)


def _contact_town(parts: list[str], lex: Lexicon, after_phone: bool = False) -> bool:
    """Words in a contact's brackets that may be a town: one word that is no frequent word (a
    listed surname may be a town's name), or two or three capitalised words; none a phone's
    label, a relation, a never-name, clinical, drug or region word."""
    low = [w.lower() for w in parts]
    if len(parts) == 1 and (
        (low[0] in lex.frequent and not after_phone) or _SERVICE_END_RE.search(low[0])
    ):
        return False  # one everyday word: "(Home)", "(Nursing)"; a surname may be a town here
    return not any(
        w in _PHONE_LABELS
        or w in _KIN
        or (lex.never_name(w) and not _GEO_RE.fullmatch(w))
        or w in lex.clinical
        or w in lex.drugs
        or w in lex.regions
        for w in low
    )


#: Since 1.22.0: a town in brackets right after a person's name, maybe after a preposition and
#: before an age or a phone (``Given Surname (X)``, ``Given Surname (in X, aged 91)``), and a town
#: opening a phone's brackets (``(X, 306-555-0101)``).
_AFTER_NAME_RE = re.compile(
    r"[ \t]*\((?P<prep>(?:in|from|of|at|near|de|à|du)[ \t]+)?"
    rf"({_WORD}(?:[ \t-]+{_WORD})?)[ \t]*[),]"
)
_OPEN_BEFORE_PHONE_RE = re.compile(rf"\(({_WORD}(?:[ \t]+{_WORD})?)[ \t]*,[ \t]*\Z")


def _bracket_town(parts: list[str], lex: Lexicon, placed: bool = False) -> bool:
    """One word no list knows (no given name unless a preposition of place comes before it, no
    everyday word), a known town, or two words the second of geography (``X Lake``); never a
    relation, a phone's label or a clinical word."""
    joined = " ".join(parts).lower()
    if joined in lex.places and lex.places.get(joined) is not True:
        return (placed or joined not in lex.first_names_all) and not lex.never_name(joined)
    if len(parts) == 1:
        low = joined
        if placed and low in lex.first_names_all and low not in lex.frequent:
            return _contact_town(parts, lex) and not lex.never_name(low)
        return _town_word(parts[0], lex) and _contact_town(parts, lex)
    return _GEO_RE.fullmatch(parts[-1]) is not None and _contact_town(parts, lex)


#: Since 1.22.0: a person's age, a comma and where they are from, as a register or a news item
#: writes it ("X Y, 90 ans, de Z.", "X Y, aged 93, of Z,").
_AGE_OF_RE = re.compile(
    r"(?:\d{1,3}[ \t]+ans|aged[ \t]+\d{1,3}|\d{1,3}[ \t]+years?[ \t]+old),[ \t]+"
    rf"(?:de|d['’]|of|from)[ \t]*({_WORD}(?:[ \t-]+{_WORD})?)(?=[ \t]*[,.;:)]|[ \t]*$)",
    re.M,
)


#: Since 1.22.0: a site of an employer named by its town, a word no list knows, between "the"
#: and a lower-case head ("at the X yard", "from the X depot", "to the X branch").
_SITE_RE = re.compile(
    rf"(?<![\w'’-])(?:at|from|to|in|near)[ \t]+the[ \t]+({_WORD})[ \t]+"
    r"(?:yard|depot|terminal|branch|warehouse|mill|plant|site|office|store|camp|shop)(?![\w'’-])"
)


def _sites(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if " the " not in text:
        return
    for word in (
        " yard",
        " depot",
        " terminal",
        " branch",
        " warehouse",
        " mill",
        " plant",
        " site",
        " office",
        " store",
        " camp",
        " shop",
    ):
        pos = text.find(word)
        while pos >= 0:
            m = _SITE_RE.search(text, max(0, pos - 40), pos + len(word) + 1)
            if m is not None and m.end() == pos + len(word) and _town_word(m.group(1), lex):
                c.add(m.start(1), m.end(1), "ADDRESS", "a town naming an employer's site", P_TOWN)
            pos = text.find(word, pos + 1)


def _after_names(c: Collector, lex: Lexicon) -> None:
    text = c.text
    _sites(c, lex)
    for word in (" ans,", "aged ", " old,"):
        pos = text.find(word)
        while pos >= 0:
            m = _AGE_OF_RE.search(text, max(0, pos - 4), pos + 60)
            if (
                m is not None
                and m.start() <= pos + len(word)
                and _bracket_town(m.group(1).split(), lex, True)
            ):
                c.add(m.start(1), m.end(1), "ADDRESS", "where a person of that age is from", P_TOWN)
            pos = text.find(word, pos + 1)
    for k in [k for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME]:
        m = _AFTER_NAME_RE.match(text, k.end)
        if m is not None and _bracket_town(m.group(2).split(), lex, m.group("prep") is not None):
            c.add(m.start(2), m.end(2), "ADDRESS", "a town in brackets after a person", P_TOWN)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_FROM):
        if not word_start_ok(text, p) or not text[p].islower():
            continue
        m = _FROM_TOWN_RE.match(text, p)
        if m is None:
            continue
        first = m.group(1).split()[0]
        if not _town_word(first, lex):
            continue
        if _SOURCE_BEFORE_RE.search(text, max(0, p - 30), p):
            continue  # "Info from X.": a source, a supplier or a drug switched from
        c.add(m.start(1), m.end(1), "ADDRESS", "a small town closing a phrase after 'from'", P_TOWN)
    _after_names(c, lex)
    phones = [k for k in c.cands if k.kind == "PHONE"]
    if not phones:
        return
    name_ends = {k.end for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME}
    for k in phones:
        # (1.22.0) "(X, 306-555-0101)": a town opening the phone's brackets
        o = _OPEN_BEFORE_PHONE_RE.search(text, max(0, k.start - 40), k.start)
        if o is not None and _bracket_town(o.group(1).split(), lex):
            c.add(o.start(1), o.end(1), "ADDRESS", "a town in a contact's brackets", P_TOWN)
        lo = max(0, k.start - 50, text.rfind("\n", 0, k.start) + 1)
        # "Given Surname (X Y) (709) 555-0106": between a name and the phone
        start = k.start - 1 if k.start and text[k.start - 1] == "(" else k.start
        b = _BRACKET_RE.search(text, lo, start)
        if b is not None:
            before = text[lo : b.start()].rstrip(" \t")
            if lo + len(before) in name_ends and _contact_town(b.group(1).split(), lex):
                c.add(b.start(1), b.end(1), "ADDRESS", "a town in a contact's brackets", P_TOWN)
        # "(819-555-0182, X)": after the phone, in its brackets
        a = _AFTER_PHONE_RE.match(text, k.end)
        if (
            a is not None
            and text[lo : k.start].rstrip(" \t").endswith("(")
            and _contact_town(a.group(1).split(), lex, after_phone=True)
        ):
            c.add(a.start(1), a.end(1), "ADDRESS", "a town in a contact's brackets", P_TOWN)


# --- a workplace named by a place's shape before its lower-case head ------------------------------

#: heads of workplaces and public buildings in lower case (``store_chains``' list and a few more)
_HEADS = _TOWN_HEADS + (
    r"|site[ \t]+clinic|generating[ \t]+station|haul[ \t]+shop|grain[ \t]+terminal|"
    r"wash[ \t]+plant|fish[ \t]+plant|cannery|mill|mine|wharf|plant"
)
_C_HEAD = category(
    "workplace head after a place",
    "lab laboratory clinic hospital health nursing band post town credit co-op coop daycare "
    "arena rec high school library legion fire community pharmacy drugstore cannery boatworks "
    "boatyard shipyard equipment depot sawmill bulk fish power general marina rink curling golf "
    "campground ferry airport detachment courthouse satellite site generating haul grain wash "
    "mill mine wharf plant",
)
_HEAD_RE = re.compile(rf"(?:{_HEADS})(?![\w'’-])(?![ \t]+(?:of|for|de|du)[ \t])")
#: the place before it, read back: two or three capitalised words (a particle may join them:
#: ``Port au Port``), the last a word of geography
_SHAPED_PLACE_BEFORE_RE = re.compile(
    rf"(?<![\w'’.-])((?:[A-ZÀ-Þ][a-zà-ÿ'’-]+[ \t]+(?:(?:au|aux|la|le|de|du|of)[ \t]+)?){{1,2}}"
    rf"(?:{_GEO}|Flats|Port))[ \t]+\Z"
)


def shaped_workplaces(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``X Point fire hall``, ``X Creek site clinic``, ``X River cannery``, ``Port au Port
    credit union``: a place by its shape (its last word one of geography) before the lower-case
    head of a workplace or public building; the first word no determiner, never-name, clinical
    or region word."""
    text = c.text
    for p in idx.at(_C_HEAD):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        h = _HEAD_RE.match(text, p)
        if h is None:
            continue
        ls = text.rfind("\n", 0, p) + 1
        b = _SHAPED_PLACE_BEFORE_RE.search(text, max(ls, p - 50), p)
        if b is None:
            continue
        first = b.group(1).split()[0].lower()
        if lex.never_name(first) or first in lex.clinical:  # also "the", "our": never-name
            continue
        if first in lex.regions:
            continue
        c.add(b.start(1), h.end(), "FACILITY", "a workplace named by its place", P_FACILITY)
