"""Places the gazetteer and the facility rules leave out: workplaces, communities, odd addresses.

- Workplaces and places a person is found by the shape of their name: one to four name words
  before a keyword (``... Mine``, ``... Sawmill``, ``... Exploration Camp``, ``... Lodge``,
  ``... Shelter``, ``... Motel``, ``... Tavern``, ``... Gas Bar``, ``... Trading Post``,
  ``... Mart``, ``... Physio``, ``... FHT``), in any case; French names after a keyword
  (``Scierie ...``, ``Dépanneur ...``, ``Bar chez ...``, ``Fromagerie du ...``, ``Mine ...``).
- Communities: ``... First Nation``, ``Township of ...``, a place-shaped run of words just before
  a postal code or a province.
- Addresses: lower-case streets (``14 birch rd``), French streets (``23 Rue Principale``,
  ``77, route 11 Ouest``), a unit before a street (``Apt 5, 118 Elm St N``), a named road
  without a number (``Pine Ridge Rd``), ``Box 118``.
- Canadian postal codes in any case and spacing (``p0l1v0``, ``P0M  1T0``, ``P0G-1C0``).
"""

from __future__ import annotations

import re

from phi.core import (
    P_FACILITY,
    P_POSTAL,
    P_STREET,
    P_TOWN,
    Collector,
)
from phi.index import _KEY_RE, TextIndex, anchored, category
from phi.lexicon import Lexicon

_POSTAL_RE = re.compile(
    r"(?i)(?<![\w-])[abceghj-nprstvxy]\d[abceghj-nprstv-z](?:[ \t]{0,3}|-)\d[abceghj-nprstv-z]\d"
    r"(?![\w-])"
)
_FAC_KEYS = (
    r"(?:exploration[ \t]+camp|mine|mines|mill|sawmill|lumber(?:[ \t]+co\.?)?(?:[ \t]+mill)?|"
    r"plant|camp|lodge|shelter|motel|hotel|inn|tavern|pub|gas[ \t]+bar|bar|trading[ \t]+post|"
    r"store|general[ \t]+store|mart|garage|physio(?:[ \t]*\+[ \t]*sport)?|physiotherapy|"
    r"pharmacy|fht|fho|chc|nplc|family[ \t]+health|medical[ \t]+associates|associates|"
    r"care[ \t]+group|home[ \t]+care|services|centre|center|house|manor|villa|diner|"
    r"restaurant|café|cafe|arena|legion|outfitters|marina|quarry|smelter|refinery|mill[ \t]+site)"
)
_NAME_WORD = r"(?:[^\W\d_][\w'’.&-]*)"
_FAC_KEY_RE = re.compile(rf"(?i)(?<=[ \t])({_FAC_KEYS})(?![\w'’-])")
_FAC_BACK_RE = re.compile(rf"(?<![\w'’-])((?:{_NAME_WORD}[ \t]+){{1,4}})$")
_FAC_FR_RE = re.compile(
    r"(?<![\w'’-])((?:Scierie|Dépanneur|Depanneur|Bar[ \t]+chez|Fromagerie|Boulangerie|Mine|"
    r"Physio|Clinique|Pharmacie|Resto|Restaurant|Motel|Auberge|Camp|Chantier|Garage|Quincaillerie|"
    r"Équipe[ \t]+de[ \t]+santé[ \t]+familiale)"
    r"(?:[ \t]+(?:du|de[ \t]+la|de[ \t]+l['’]|de|des|d['’]|chez))?[ \t]*"
    r"[A-ZÀ-Þ][\w'’-]*(?:[ \t]+(?:et[ \t]+)?[A-ZÀ-Þ][\w'’-]*){0,3})"
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "her",
        "his",
        "their",
        "our",
        "my",
        "your",
        "its",
        "this",
        "that",
        "these",
        "those",
        "at",
        "to",
        "from",
        "in",
        "of",
        "on",
        "for",
        "by",
        "with",
        "and",
        "or",
        "but",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "new",
        "old",
        "local",
        "same",
        "other",
        "le",
        "la",
        "les",
        "un",
        "une",
        "du",
        "des",
        "de",
        "au",
        "aux",
        "chez",
        "sa",
        "son",
        "ses",
        "leur",
        "notre",
        "votre",
        "ce",
        "cette",
    ]
)
_GENERIC = frozenset(
    [
        "work",
        "job",
        "back",
        "home",
        "family",
        "health",
        "medical",
        "community",
        "pain",
        "clinic",
        "walk-in",
        "walk",
        "in",
        "rehab",
        "hospital",
        "community-based",
        "group",
        "dental",
        "retail",
        "grocery",
        "liquor",
        "beer",
        "hardware",
        "drug",
        "corner",
        "convenience",
        "big",
        "box",
        "general",
        "emergency",
        "day",
        "night",
        "local",
        "municipal",
        "public",
        "private",
        "regional",
        "district",
        "rural",
        "town",
        "city",
        "nearby",
        "usual",
        "nursing",
        "long-term",
        "term",
        "care",
        "men's",
        "women's",
        "youth",
        "homeless",
        "emergency",
    ]
)
_COMMUNITY_RE = re.compile(
    r"(?<![\w'’-])((?:[A-ZÀ-Þ][\w'’-]*[ \t]+){1,3}First[ \t]+Nations?)(?![\w])"
)
_FIRST_NATION_RE = re.compile(r"First[ \t]+Nations?(?![\w])")
_TOWNSHIP_RE = re.compile(
    r"(?<![\w'’-])(?:Township|Municipality|Canton|Municipalité)[ \t]+(?:of|de|du)[ \t]+"
    r"([A-ZÀ-Þ][\w'’-]*(?:[ \t]+(?:and|et|[A-ZÀ-Þ][\w'’-]*)){0,4}(?:,[ \t]+[A-ZÀ-Þ][\w'’-]*"
    r"(?:[ \t]+and[ \t]+[A-ZÀ-Þ][\w'’-]*)?)?)"
)
_BEFORE_POSTAL_RE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Þa-zà-ÿ][\w'’]*(?:[ -][A-ZÀ-Þa-zà-ÿ][\w'’]*){0,3})"
    r"(?:,?[ \t]+(?:ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|YT|NT|NU|ME|VT|NH|MT|KY|WV)|[ \t]+\((?:Ontario|"
    r"Québec|Quebec)\))?,?[ \t]+$"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_BEFORE_ZIP_RE = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’]*(?:[ -][A-Z][\w'’]*){0,3}),?[ \t]+"
    rf"(?:{_US_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-])"
)
_HYPHEN_PLACE_RE = re.compile(
    r"(?<![\w'’-])(?:de|d['’]|à|au|from|in|to|near|près[ \t]+de)[ \t]*"
    r"((?:Saint|Sainte|St|Ste|[A-ZÀ-Þ][a-zà-ÿ]+)-[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)*)(?![\w'’-])"
)
_STREET_KEYS = (
    r"(?:rd|road|st|street|ave|avenue|lane|ln|dr|drive|cres|crescent|crt|court|blvd|hwy|highway|"
    r"way|trail|line|conc|concession|pl|place|terr|terrace|sideroad)"
)
_LOWER_STREET_KEYS = r"(?:rd|road|st|street|ave|avenue|lane|ln|dr|drive|cres|crt|blvd|hwy|trail)"
_LOWER_STREET_RE = re.compile(
    rf"(?<![\w-])(\d{{1,5}}[ \t]+(?!(?:min|mins|h|hr|hrs|km|mi|miles|minutes|hours)\b)"
    rf"(?:[a-zà-ÿ][\w'’-]*[ \t]+){{1,3}}{_LOWER_STREET_KEYS}\.?"
    r"(?:[ \t]+(?:n|s|e|w|north|south|east|west))?)(?![\w])"
)
_FR_STREET_RE = re.compile(
    r"(?i)(?<![\w-])(\d{1,5},?[ \t]+(?:rue|route|chemin|ch\.|rang|boul\.?|boulevard|av\.|"
    r"avenue|montée|côte|impasse|place)[ \t]+(?:de[ \t]+la[ \t]+|du[ \t]+|des[ \t]+|de[ \t]+)?"
    r"[\wÀ-ÿ'’-]+(?:[ \t]+(?:Ouest|Est|Nord|Sud|O|E|N|S))?)(?![\w])"
)
_UNIT_STREET_RE = re.compile(
    rf"(?i)(?<![\w-])((?:apt|app|unit|suite|bureau)\.?[ \t]*#?\w{{1,5}},[ \t]*\d{{1,5}}[ \t]+"
    rf"(?:[A-ZÀ-Þ][\w'’-]*[ \t]+){{1,3}}{_STREET_KEYS}\.?(?:[ \t]+(?:N|S|E|W))?)(?![\w])"
)
_NAMED_ROAD_RE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z]+[ \t]+){1,2}(?:Rd|Road|Lane|Ln|Trail|Sideroad|Hollow))(?![\w])"
)
_BOX_RE = re.compile(r"(?i)(?<![\w])((?:p\.?[ \t]?o\.?[ \t]*)?box[ \t]+\d{1,6})(?![\w])")


class _Match:
    """The parts of a facility name read backwards from its keyword."""

    def __init__(self, start: int, key_start: int, end: int, text: str) -> None:
        self._start, self._key, self._end, self._text = start, key_start, end, text

    def group(self, n: int = 0) -> str:
        return self._text[self._start : self._key] if n else self._text[self._start : self._end]

    def start(self, n: int = 0) -> int:
        return self._start

    def end(self, n: int = 0) -> int:
        return self._key if n else self._end


def _name_words_ok(words: list[str], lex: Lexicon) -> bool:
    low = [w.lower().strip(".") for w in words]
    if not low or low[-1] in _STOP or low[0] in _STOP:
        return False
    return not all(w in _STOP or w in _GENERIC or lex.never_name(w) for w in low)


def _back_start(text: str, pos: int) -> int:
    """Start of the (up to three) capitalised words just before ``pos``."""
    m = re.search(r"(?:[A-ZÀ-Þ][\w'’-]*[ \t]+){1,3}$", text[max(0, pos - 80) : pos])
    return max(0, pos - 80) + m.start() if m else pos


_C_FAC_KEY = category(
    "workplace keyword",
    """exploration mine mines mill sawmill lumber plant camp lodge shelter motel hotel inn tavern
    pub gas bar trading store general mart garage physio physiotherapy pharmacy fht fho chc nplc
    family medical associates care home services centre center house manor villa diner
    restaurant café cafe arena legion outfitters marina quarry smelter refinery""",
)
_C_FAC_FR = category(
    "French workplace keyword",
    """scierie dépanneur depanneur bar fromagerie boulangerie mine physio clinique pharmacie resto
    restaurant motel auberge camp chantier garage quincaillerie équipe""",
    capital_only=True,
)
_C_TOWNSHIP = category("township", "township municipality canton municipalité", capital_only=True)
_C_PLACE_CUE = category("place cue", "de d à au from in to near près")
_C_UNIT = category("unit", "apt app unit suite bureau")
_C_BOX = category("box", "p po pobox box")
_C_ROAD = category("named road", "rd road lane ln trail sideroad hollow", capital_only=True)
_POSTAL_PROBE_RE = re.compile(r"\d(?=[A-Za-z](?:[ \t]{0,3}|-)\d[A-Za-z]\d)")


def _back_match(
    rx: re.Pattern[str], text: str, key_start: int, key_end: int, reach: int = 80
) -> re.Match[str] | None:
    """The match of ``rx`` (read leftwards from a keyword) that ends where the keyword ends."""
    for m in rx.finditer(text, max(0, key_start - reach)):
        if m.start() > key_start:
            break
        if m.end(1) == key_end:
            return m
    return None


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    postal_starts: list[int] = []
    for pm in _POSTAL_PROBE_RE.finditer(text):
        m = _POSTAL_RE.match(text, pm.start() - 1) if pm.start() else None
        if m is None:
            continue
        c.add(m.start(), m.end(), "POSTAL_CODE", "a Canadian postal code", P_POSTAL)
        postal_starts.append(m.start())
    for km in anchored(_FAC_KEY_RE, text, idx.at(_C_FAC_KEY)):
        back = _FAC_BACK_RE.search(text, max(0, km.start() - 80), km.start())
        if back is None:
            continue
        fm_ = _Match(back.start(1), km.start(), km.end(), text)
        words = fm_.group(1).split()
        lower = fm_.group().islower()
        # keep the run of name words nearest the keyword
        kept: list[str] = []
        for w in reversed(words):
            wl = w.lower()
            if (wl in _STOP and wl not in ("and", "of", "&")) or wl in _GENERIC:
                break
            if not lower and not (w[:1].isupper() or wl in ("and", "of", "&", "+")):
                break
            kept.insert(0, w)
        while kept and (
            kept[0].lower() in ("and", "of", "&", "+") or re.fullmatch(r"\w\.", kept[0])
        ):
            kept.pop(0)
        if not lower and fm_.group(0)[-1:].islower() and all(w.isupper() for w in kept):
            continue  # "EDS physio": an acronym before a lower-case word
        words = kept[-2:] if lower else kept
        if not words or not _name_words_ok(words, lex):
            continue
        if lower and all(
            w in lex.frequent or w.endswith(("ed", "ing", "ly", "'s", "’s")) for w in words
        ):
            continue  # "the nearest pharmacy", "a dry camp": everyday words, not a name
        key = text[fm_.end(1) : fm_.end()].lower()
        weak = key in ("house", "centre", "center", "services", "associates", "bar", "inn", "store")
        if weak and not all(w[:1].isupper() for w in words):
            continue
        if not lower and not all(w[:1].isupper() or w.lower() in ("and", "of", "&") for w in words):
            continue
        start = text.rfind(words[0], fm_.start(), fm_.end(1))
        if start < 0:
            continue
        c.add(
            start,
            fm_.end(),
            "FACILITY",
            "names a workplace or a place where people are found",
            P_FACILITY,
        )
    for m in anchored(_FAC_FR_RE, text, idx.at(_C_FAC_FR)):
        c.add(m.start(1), m.end(1), "FACILITY", "names a workplace or a place", P_FACILITY)
    if "First" in text:
        for fm in _FIRST_NATION_RE.finditer(text):
            cm = _COMMUNITY_RE.match(text, _back_start(text, fm.start()))
            if cm is None or cm.end() != fm.end():
                continue
            c.add(cm.start(1), cm.end(1), "ADDRESS", "a First Nation community", P_TOWN + 5)
    for m in anchored(_TOWNSHIP_RE, text, idx.at(_C_TOWNSHIP)):
        c.add(m.start(1), m.end(1), "ADDRESS", "a township or municipality", P_TOWN + 5)
    for ps in postal_starts:
        bm = _BEFORE_POSTAL_RE.search(text, max(0, ps - 80), ps)
        if bm is None:
            continue
        words = bm.group(1).split()
        if words and not all(lex.never_name(w.lower()) for w in words):
            c.add(bm.start(1), bm.end(1), "ADDRESS", "a town just before a postal code", P_TOWN)
    towns: set[str] = set()
    zips = idx.nums(5)
    state_zip = any(p > 3 and text[p - 1] in " \t" and text[p - 3 : p - 1].isupper() for p in zips)
    zip_towns: list[re.Match[str]] = list(_BEFORE_ZIP_RE.finditer(text)) if state_zip else []
    for m in zip_towns:
        words = m.group(1).replace("-", " ").split()
        if not all(lex.never_name(w.lower()) for w in words):
            c.add(m.start(1), m.end(1), "ADDRESS", "a town just before a state and ZIP", P_TOWN)
            towns.add(m.group(1))
    for m in anchored(_HYPHEN_PLACE_RE, text, idx.at(_C_PLACE_CUE)):
        first = m.group(1).split("-")[0].lower()
        if first in lex.first_names_all and first not in ("saint", "sainte"):
            continue  # Marc-André is a person
        c.add(m.start(1), m.end(1), "ADDRESS", "a hyphenated place name", P_TOWN)
        towns.add(m.group(1))
    for town in towns:
        if " " in town or "-" in town:
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(town)}(?![\w'’-])", text):
                c.add(m.start(), m.end(), "ADDRESS", "same place as elsewhere in this text", P_TOWN)
    numbers = idx.nums(1, 2, 3, 4, 5, after=" \t,")
    for rx, starts in (
        (_LOWER_STREET_RE, numbers),
        (_FR_STREET_RE, numbers),
        (_UNIT_STREET_RE, idx.at(_C_UNIT)),
        (_BOX_RE, idx.at(_C_BOX)),
    ):
        for m in anchored(rx, text, starts):
            c.add(m.start(1), m.end(1), "ADDRESS", "a street address", P_STREET)
    for k in idx.at(_C_ROAD):
        kw = _KEY_RE.match(text, k)
        road = _back_match(_NAMED_ROAD_RE, text, k, kw.end()) if kw is not None else None
        if road is None:
            continue
        words = road.group(1).split()[:-1]
        if not all(lex.never_name(w.lower()) for w in words):
            c.add(road.start(1), road.end(1), "ADDRESS", "a named road", P_STREET)
