"""Places: street addresses, towns, communities and postal codes in any case.

- Streets (:func:`streets`): English and French street lines with units, rural routes, PO boxes.
- Towns (:func:`towns`): a gazetteer (word-like names such as Hope or Paris need a place cue), and
  unknown towns before a province or state.
- Communities and odd addresses (:func:`recognize`): ``... First Nation``, ``Township of ...``, a
  place-shaped run of words just before a postal code or a state and ZIP, hyphenated places after
  ``from``/``de``; lower-case streets (``14 birch rd``), French streets (``23 Rue Principale``),
  a unit before a street, a named road without a number (``Pine Ridge Rd``), ``Box 118``;
  Canadian postal codes in any case and spacing (``p0l1v0``, ``P0M  1T0``, ``P0G-1C0``).
"""

from __future__ import annotations

import re
import unicodedata

from phi.core import (
    P_POSTAL,
    P_STREET,
    P_TOWN,
    Collector,
)
from phi.index import (
    _KEY_RE,
    ASCII_LETTERS,
    TextIndex,
    anchored,
    category,
    first_word,
    scan_at,
    word_start_ok,
)
from phi.lexicon import Lexicon
from phi.recognizers.common import _PROV_ABBR, _PROV_NAMES, _STATE_ABBR, _UP, words

_STREET_TYPES = (
    r"Street|St|Str|Road|Rd|Avenue|Ave|Av|Drive|Dr|Lane|Ln|Crescent|Cres|Cresc|Court|Ct|Boulevard|"
    r"Blvd|Way|Place|Pl|Trail|Trl|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Terrace|Terr|Square|Sq|Line|"
    r"Sideroad|Concession|Row|Path|Gardens|Grove|Heights|Hts|Point|Landing|Loop|Pike|Route|Rte|"
    r"Ridge|Hill|Bay|Mews|Alley|Boul|Promenade|Esplanade|Expressway|Freeway|Turnpike|Plaza|"
    r"Quay|Close|Gate|Green|Walk|Wharf|Glen|Common"
)

_DIRS = r"N|S|E|W|NE|NW|SE|SW|North|South|East|West|Nord|Sud|Est|Ouest"
#: Street types in capitals (a pharmacy label, an envelope): only those no clinical line ends
#: with ("2 IN A ROW", "1 WAY" stay unread) (1.8.0).
_STREET_TYPES_CAPS = (
    r"STREET|ROAD|AVENUE|AVE|DRIVE|CRESCENT|CRES|COURT|BOULEVARD|BLVD|HIGHWAY|HWY|TRAIL|LANE|"
    r"PARKWAY|TERRACE"
)

_UNIT = (
    r"(?:,?[ \t]*(?:Unit|Apt\.?|Apartment|Suite|Ste\.?|Bldg|Building|Floor|Fl\.?|RR|R\.R\.|"
    r"Rural Route|Box|PO Box|P\.O\. Box|Site|Comp|app\.?|appt\.?|appartement|bureau|local|unité)"
    r"[ \t]*#?[ \t]*[0-9A-Z]{1,6}\b|,?[ \t]*#[ \t]?[0-9A-Z]{1,6}\b"
    # a floor (1.8.0): ", 2nd floor", ", 3e étage"
    r"|,?[ \t]*\d{1,2}(?:st|nd|rd|th|e|er|re|ième)[ \t]+(?:floor|Floor|FLOOR|étage)(?![\w]))"
)

#: (1.16.0) a street named by a bare number, as on the Prairies' grids without the dash: "5020 48
#: Avenue", "9907 100 Ave" (only before Street or Avenue; the civic number has four digits or more,
#: see _STREET_PROBE_RE).
_BARE_NUMBER_NAME = r"\d{1,3}[ \t]+(?=(?:Street|St|Avenue|Ave|STREET|AVENUE|AVE)\b)"
_NUMBERED_NAME_TYPE_RE = re.compile(r"(?<![\w])\d{1,3}(?:st|nd|rd|th)?[ \t]+(?:Dr|St)\.?$")
_STREET_EN_RE = re.compile(
    rf"(?<![\w/.-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+(?:(?:{_DIRS})\.?[ \t]+)?"
    rf"(?:(?:(?:{_UP}[\w'’.-]*|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}|{_BARE_NUMBER_NAME})"
    rf"(?:{_STREET_TYPES}|{_STREET_TYPES_CAPS})\.?(?![\w])(?:[ \t]+(?:{_DIRS})\.?(?![\w]))?"
    rf"(?:[ \t]+\d{{1,3}}(?![\w]))?"
    rf"(?:{_UNIT}){{0,2}}"
)
#: Alberta's and Saskatchewan's numbered grid (1.8.0): a civic number, a dash and a numbered
#: street or avenue ("4410 - 51 Avenue", "#3, 6056 - 50 STREET NW").
_STREET_GRID_RE = re.compile(
    r"(?<![\w/.-])(?:#[ \t]?\d{1,5},?[ \t]+)?\d{1,6}[ \t]*[-–][ \t]*\d{1,3}(?:st|nd|rd|th|A|B)?"
    r"[ \t]+(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Trail|Crescent|Cres|Close|"
    r"STREET|AVENUE|AVE|ROAD|DRIVE|BOULEVARD|BLVD|TRAIL|CRESCENT|CRES)\.?(?![\w])"
    rf"(?:[ \t]+(?:NW|NE|SW|SE|N|S|E|W)(?![\w]))?(?:{_UNIT}){{0,2}}"
)

_LOT_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:part[ \t]+)?lot[ \t]+$")

_CAPS_TYPE_RE = re.compile(_STREET_TYPES_CAPS)
_GRID_PROBE_RE = re.compile(r"\d+[ \t]*[-–][ \t]*\d")
_STREET_PROBE_RE = re.compile(
    r"\d+[ \t]*[-–][ \t]*\d{1,3}(?:st|nd|rd|th|A|B)?[ \t]+[A-Z]|"
    r"#[ \t]?\d{1,5},?[ \t]+\d|"
    r"\d{4,6}[ \t]+\d{1,3}[ \t]+(?:Street|St|Avenue|Ave|STREET|AVENUE|AVE)\b|"
    r"\d+[A-Za-z]?(?:-\d{1,5})?,?[ \t]+(?:[A-ZÀ-Þ]|\d{1,3}(?:st|nd|rd|th)[ \t]|rue|av|boul|bd|ch|"
    r"route|rang|mont|côte|place|"
    r"imp|all|prom|crois|terr|carr|voie|ruelle|sentier)"
)

_STREET_NUMBERED_RE = re.compile(
    r"(?<![\w/.-])(?:\d{1,6},?[ \t]+(?:Route|Rte|Highway|Hwy|County Road|County Rd|Concession|"
    r"Conc|Sideroad|Line|Rang|Range Road|Township Road)"
    # (1.16.0) a numbered road of a county's grid, the civic number of three digits or more:
    # "6542 Road 3 E"
    r"|\d{3,6},?[ \t]+Road)"
    r"\.?[ \t]+\d{1,4}[A-Z]?(?![\w])"
    # its direction (1.7.0): "3314 Line 7 North", "6074 Hwy 11 West"
    r"(?:[ \t]+(?:North|South|East|West|N|S|E|W)(?![\w'’-]))?"
    rf"(?:{_UNIT}){{0,2}}"
)
#: A road's word right before a street line's number: "Route 671, X Ridge" is no civic number.
_ROAD_WORD_BEFORE_RE = re.compile(
    r"(?:Route|Rte|Highway|Hwy|Line|Sideroad|Concession|Road|Rd|Rang)\.?[ \t]+$"
)
#: "Box 6608, X Rd": the box number read as a civic number (1.7.0).
_BOX_BEFORE_RE = re.compile(r"(?<![\w])(?:P\.?[ \t]?O\.?[ \t]*)?Box[ \t]+$")

_STREET_FR_RE = re.compile(
    r"(?<![\w/.-])\d{1,6}[A-Za-z]?(?:-\d{1,5})?,?[ \t]+(?:rue|avenue|av\.|boulevard|boul\.|bd|"
    r"chemin|ch\.|route|rang|montée|côte|place|impasse|allée|promenade|croissant|terrasse|carré|"
    r"voie|ruelle|sentier)[ \t]+"
    rf"(?:(?:de|du|des|la|le)[ \t]+(?:la[ \t]+|l['’])?|d['’]|l['’])?{_UP}[\w'’.-]*"
    rf"(?:[ \t]+(?:de|du|des|la|le|{_UP}[\w'’.-]*)){{0,3}}"
    rf"(?:[ \t]+(?:{_DIRS})(?![\w]))?"
    rf"(?:{_UNIT}){{0,2}}"
)

_POBOX_RE = re.compile(
    r"(?i)(?<![\w])(?:P\.?\s?O\.?\s?Box|Post Office Box|C\.?P\.?|case postale"
    r"|RR\s?#?\s?\d{1,2}[ \t]*,?[ \t]*Site)\s*\d{1,6}(?![\w])"
)


def streets(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Street lines, rural routes and PO boxes."""
    text = c.text
    starts = [
        p
        for p in idx.nums(1, 2, 3, 4, 5, 6, after=" \t,-" + ASCII_LETTERS)
        if _STREET_PROBE_RE.match(text, p)
    ]
    found = anchored(_STREET_EN_RE, text, starts)
    found += anchored(_STREET_FR_RE, text, starts)
    found += anchored(_STREET_NUMBERED_RE, text, starts)
    grid = [p for p in starts if _GRID_PROBE_RE.match(text, p)]
    if grid:
        found += anchored(_STREET_GRID_RE, text, grid)
    low = c.lower
    if "box" in low or "postale" in low or "c.p" in low or ("rr" in low and "site" in low):
        found.extend(_POBOX_RE.finditer(text))
    if found:
        for m in found:
            token = m.group()
            # "3 Dr. Smith" is a title, not a street; "2 St. John's" likewise needs care
            tail = text[m.end() : m.end() + 3]
            if (
                re.search(r"(?:Dr|St)\.?$", token)
                and re.match(rf"[ \t]+{_UP}", tail)
                # (1.16.0) after a numbered street's name it is always the street's type: "7346
                # 2nd St. Reply C", never a title or a saint
                and not _NUMBERED_NAME_TYPE_RE.search(token)
            ):
                continue
            if m.re is _STREET_EN_RE and _ROAD_WORD_BEFORE_RE.search(
                text, max(0, m.start() - 12), m.start()
            ):
                continue  # "4871 Route 671, X Ridge": the road's number, not a civic number
            lot = _LOT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
            if lot is None:
                lot = _BOX_BEFORE_RE.search(text, max(0, m.start() - 10), m.start())
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
#: (1.23.0) the second word of a province's or a state's name that is also a town's
#: (``New Brunswick``, ``British Columbia``, ``North Dakota``: Canada Post's and USPS's names),
#: however it is bracketed or followed: never the town.
_PROVINCE_TAILS = {
    "brunswick": "new",
    "hampshire": "new",
    "jersey": "new",
    "mexico": "new",
    "columbia": "british",
    "scotia": "nova",
    "virginia": "west",
    "carolina": "north|south",
    "dakota": "north|south",
}

#: (1.20.0) French names a saint's feast day with the feminine article (`la Saint-Jean-Baptiste`,
#: `à la Sainte-Catherine`: "la fête de"), a town named after the saint without one (`à
#: Saint-Jean-Baptiste`): a saint's name after `la` is the day, never the town.
_FEAST_BEFORE_RE = re.compile(r"(?i)(?<![\w'’])la\s+$")
_SAINT_RE = re.compile(r"(?i)(?:saint|sainte|st|ste)-")

_C_PLACE = category("place", lambda lex: lex.places)


#: Words that make a town's name into a company's or an organisation's name.
_COMPANY_AFTER_RE = re.compile(
    r"[ \t]+(?:Scientific|Pharma|Pharmaceuticals?|Laboratories|Labs|Inc|Ltd|Limited|Corp|"
    r"Corporation|Company|Co|LLC|Air|Airlines|Insurance|Life|Financial|Capital|Bank|Energy|"
    r"Foods|Brewing|Brewery|Press|Times|Star|Herald|Gazette|Canadiens|Maple Leafs|Bruins|"
    r"Red Sox|Celtics|Marathon|"
    # instruments, rules and studies named after a city ("Montreal Cognitive Assessment",
    # "Edmonton Symptom Assessment System", "Ottawa ankle rules", "Boston Naming Test"), the
    # head up to four capitalised words on ("Boston Carpal Tunnel Questionnaire")
    # (a line break may fall inside the name: "Boston Carpal Tunnel<newline>Questionnaire");
    # eponymous remedies and charts: "St. John's wort", "Epsom salts", "Bristol stool chart"
    r"(?:[A-Za-z][a-z'’-]+\s+|(?:[A-Z][a-z'’-]+\s+){2,4})?"
    r"(?i:assessment|scale|score|criteria|classification|"
    r"questionnaire|index|inventory|test|tool|protocol|rules?|study|trial|guidelines?|statement|"
    r"declaration|consensus|model|method|agreement|cohort|chart|wort|salts?))(?![\w'’-])"
)
#: An instrument, a sign or a disease named after a town, head first (French, and English "scale
#: of"): "l'échelle de Bristol", "le score de Glasgow", "critères de Rome".
_INSTRUMENT_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:échelle|echelle|score|critères?|criteres?|classification|questionnaire|"
    r"test|signe|manœuvre|manoeuvre|maladie|syndrome|indice|règles?|regles?|scale|criteria)"
    r"\s+(?:de|d['’]|du|of(?:\s+the)?)\s*$"
)


def towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Towns from the gazetteer, and unknown towns before a province or a state."""
    text = c.text
    by_first = _places_by_first(lex)
    for start in idx.at(_C_PLACE):
        if not word_start_ok(text, start):
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
            _gazetteer_town(c, start, end, lex.places[place], "town or city (gazetteer)")
            break
    if not text.isascii():
        _accented_towns(c, lex)
    # Unknown towns before a province or state: "moved from Smalltown, ON", "(Smalltown, NM)"
    for pm in _PROV_AFTER_COMMA_RE.finditer(text):
        ls = text.rfind("\n", 0, pm.start()) + 1
        tm = _TOWN_RUN_BEFORE_RE.search(text, max(ls, pm.start() - 60), pm.start())
        if tm is None:
            continue
        words = tm.group(1).split()
        if any(_not_a_place(w, lex) and w.lower() not in lex.places for w in words):
            continue
        lead = text[max(ls, tm.start(1) - 30) : tm.start(1)]
        if not (_PLACE_CUE_BEFORE_RE.search(lead) or not lead.strip(" \t-*•")):
            continue
        c.add(tm.start(1), tm.end(1), "ADDRESS", "town before a province or state", P_TOWN - 1)
    # Unknown towns in an address line: "..., Smalltown, ON P0P 1K0" / "Smalltown ON P7B 6V4"
    for m in _TOWN_BEFORE_PROV_RE.finditer(text) if _POSTAL_OR_ZIP_RE.search(text) else ():
        name = m.group(1)
        words = name.split()
        if any(_not_a_place(w, lex) and w.lower() not in lex.places for w in words):
            continue
        c.add(
            m.start(1),
            m.end(1),
            "ADDRESS",
            "town before a province or state and postal code",
            P_TOWN,
        )
    _lives_in(c, lex, idx)


def _gazetteer_town(c: Collector, start: int, end: int, ambiguous: bool, why: str) -> None:
    """A gazetteer town at ``start:end`` unless the words around it make it something else (a
    company's or an instrument's name, a region); a word-like town needs a place cue."""
    text = c.text
    if _COMPANY_AFTER_RE.match(text, end):
        return  # "Boston Scientific", "Hope Air": a company's name, not the town
    seg = text[start:end]
    before = text[max(0, start - 30) : start]
    if _INSTRUMENT_BEFORE_RE.search(before):
        return  # "l'échelle de Bristol": an instrument named after the town
    if _REGION_AFTER_RE.match(text, end) or _REGION_BEFORE_RE.search(before):
        return
    head = _PROVINCE_TAILS.get(seg.lower())
    if head is not None and re.search(rf"(?i)(?<![\w'’-])(?:{head})\s+$", before):
        return  # "(New Brunswick)": the province
    if _SAINT_RE.match(seg) and _FEAST_BEFORE_RE.search(before):
        return  # "depuis la Saint-Jean-Baptiste": the feast day
    if ambiguous:
        if not seg[0].isupper():
            return
        bm = _PLACE_CUE_BEFORE_RE.search(before)
        cue = _PLACE_CUE_AFTER_RE.match(text, end) or (
            bm is not None and bm.group().strip() not in ("(", ",")
        )
        if not cue or seg.isupper():
            return
    c.add(start, end, "ADDRESS", why, P_TOWN)


def _fold_table() -> dict[int, str]:
    """Latin letters with accents -> the letter without them (one character each, so offsets in
    the folded text are those of the text)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(
            ch for ch in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(ch)
        )
        if len(base) == 1 and base.isascii() and base != chr(code):
            table[code] = base
    return table


_FOLD = _fold_table()
#: A letter with an accent (where a town may be written with accents the gazetteer lacks).
_ACCENT_RE = re.compile(r"[À-ÖØ-öø-ɏ]")
_FOLDED_PLACES: dict[str, tuple[tuple[str, str], ...]] | None = None
#: A capitalised word with an accent, from its capital (an accent further in a hyphenated name
#: too: "Saint-X"; no look-behind, so the engine's fast search applies: the word's start is
#: checked apart).
_CAP_ACCENT_RE = re.compile(r"(?:[À-ÖØ-Þ]|[A-Z](?:[^\W\d_]|[-'’](?=[^\W\d_]))*?[À-ÖØ-öø-ɏ])")
_ARTICLE_BEFORE_RE = re.compile(r"(?i)(?:\b(?:le|la|les|du|des|au|aux|the)[ \t]+|\bl['’])$")


def _folded_places(lex: Lexicon) -> dict[str, tuple[tuple[str, str], ...]]:
    """First word without accents -> (place without accents, the gazetteer's entry), longest
    first, for the first words of the few entries written with accents (every other entry is
    its own form without accents: :func:`_places_by_first`)."""
    global _FOLDED_PLACES
    if _FOLDED_PLACES is None:
        by_first = _places_by_first(lex)
        table: dict[str, list[tuple[str, str]]] = {}
        for name in lex.places:
            if name.isascii():
                continue
            folded = name.translate(_FOLD)
            fw = first_word(folded)
            if fw:
                table.setdefault(fw, []).append((folded, name))
        for fw, extra in table.items():
            extra.extend((n, n) for n in by_first.get(fw, ()) if n.isascii())
        _FOLDED_PLACES = {
            k: tuple(sorted(v, key=lambda p: len(p[0]), reverse=True)) for k, v in table.items()
        }
    return _FOLDED_PLACES


def _accented_towns(c: Collector, lex: Lexicon) -> None:
    """(1.12.0) A gazetteer town written with accents the list lacks (the list spells many
    French names without them): a capitalised word with an accent, or one or two capitalised
    words before it on the line, read without accents. A town made only of everyday words (with
    their accents) needs a place cue, as the gazetteer's word-like towns do; none after an
    article (``du Détroit``)."""
    text = c.text
    table = _folded_places(lex)
    by_first = _places_by_first(lex)
    starts: set[int] = set()
    for am in _CAP_ACCENT_RE.finditer(text):
        pos = am.start()
        starts.add(pos)
        for _ in range(2):  # up to two capitalised words before it on the line ("Val X")
            if pos < 2 or text[pos - 1] not in " \t":
                break
            i = pos - 2
            while i >= 0 and text[i].isalpha():
                i -= 1
            if i == pos - 2 or not text[i + 1].isupper():
                break
            pos = i + 1
            starts.add(pos)
    for start in sorted(starts):
        if not word_start_ok(text, start):
            continue
        km = _KEY_RE.match(text, start)
        if km is None:
            continue
        key = km.group().lower().translate(_FOLD)
        options = table.get(key)
        if options is None:
            options = tuple((n, n) for n in by_first.get(key, ()) if n.isascii())
        if not options:
            continue
        piece = text[start : start + 60]
        window = piece.lower().translate(_FOLD)
        if len(window) != len(piece):
            continue  # a letter whose lower case is longer: offsets would not match
        for folded, place in options:
            n = len(folded)
            end = start + n
            if window[:n] != folded or end > len(text):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
                continue
            seg = text[start:end].lower()
            if seg in lex.places or not _ACCENT_RE.search(seg):
                break  # the gazetteer's own spelling: decided above
            everyday = all(
                w in lex.frequent or _not_a_place(w, lex) for w in re.findall(r"[^\W\d_]+", seg)
            )
            if _ARTICLE_BEFORE_RE.search(text, max(0, start - 5), start):
                break  # "la pêche du Détroit": a French common noun, no town takes an article
            why = "town or city (gazetteer, accents aside)"
            _gazetteer_town(c, start, end, lex.places[place] or everyday, why)
            break


_PROVINCE_WORDS = frozenset(w.lower() for w in re.split(r"[| ]", _PROV_NAMES + "|" + _PROV_ABBR))


def _not_a_place(word: str, lex: Lexicon) -> bool:
    """Everyday words, clinical terms, drugs and regions never name a town; eponyms and people's
    names may (Cochrane, Gilbert)."""
    w = word.lower()
    return w in lex.common or w in lex.clinical or w in lex.drugs or w in lex.regions


_C_LIVES = category(
    "where a person lives",
    "lives living lived live resides residing resided moved moving relocated born raised grew "
    "near habite habitait demeure réside vit déménagé née né",
)
_LIVES_IN_RE = re.compile(
    r"(?i:(?:lives|living|lived|live|resides|residing|resided|moved|moving|relocated|born|raised|"
    r"grew[ \t]+up|habite|habitait|demeure|réside|vit|a[ \t]+déménagé|déménagé|née?)"
    r"(?:[ \t]+(?:alone|back|out|up|down|here|there|now|seul|seule))?[ \t]+"
    r"(?:in|to|near|at|outside(?:[ \t]+of)?|à|au|près[ \t]+de|dans)[ \t]+|near[ \t]+)"
    r"((?:[A-ZÀ-Þ][\w'’-]+)(?:[ \t][A-ZÀ-Þ][\w'’-]+){0,2})(?![\w'’-])"
)


def _lives_in(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """An unknown capitalised word where a person lives: "lives in Smalltown", "near Xyz"."""
    text = c.text
    for m in scan_at(_LIVES_IN_RE, text, idx.at(_C_LIVES)):
        words = m.group(1).split()
        first = words[0].lower()
        if (
            len(words) == 2
            and (first in _LIVES_PREFIXES or words[1].lower() in _AFFIX_WORDS)
            and m.group(1).lower() not in lex.places
            and not any(_not_a_place(w, lex) or w.lower() in lex.holidays for w in words)
        ):
            # (1.12.0) "lives in Port X", "living in X Hill": a place's shape makes everyday
            # words a town's name where a person lives
            c.add(m.start(1), m.end(1), "ADDRESS", "where a person lives", P_TOWN)
            continue
        if first in lex.places or first in lex.frequent or _not_a_place(first, lex):
            continue  # a known town is the gazetteer's; an everyday word is no town
        if first in lex.first_names_all or first in lex.surnames_all:
            continue  # "lives near Marguerite": a person, not a place
        end = m.start(1) + len(words[0])
        for w in words[1:]:
            if w.lower() in lex.frequent or _not_a_place(w, lex):
                break
            end = text.index(w, end) + len(w)
        c.add(m.start(1), end, "ADDRESS", "where a person lives", P_TOWN)


_PLACES_BY_FIRST: dict[str, tuple[str, ...]] | None = None
_LIVES_PREFIXES = frozenset(("port", "fort", "mount", "new", "upper", "lower", "lac", "cap"))


def _places_by_first(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    global _PLACES_BY_FIRST
    if _PLACES_BY_FIRST is None:
        table: dict[str, list[str]] = {}
        for name in lex.places:
            fw = first_word(name)
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

_POSTAL_OR_ZIP_RE = re.compile(r"\d[A-Z][ -]?\d[A-Z]\d|\d{5}")
_TOWN_BEFORE_PROV_RE = re.compile(
    rf"(?:^|,[ \t]*|\n)((?:{_UP}[\w'’.-]*)(?:[ \t-]{_UP}[\w'’.-]*){{0,2}}),?[ \t]+"
    rf"(?:{_PROV_ABBR}|{_STATE_ABBR}|\((?:{_PROV_NAMES})\))[ \t,]+"
    r"(?:[ABCEGHJ-NPRSTVXY]\d[A-Z][ -]?\d[A-Z]\d|\d{5}(?:-\d{4})?)(?![\w])",
    re.M,
)


_POSTAL_RE = re.compile(
    r"(?i)(?<![\w-])[abceghj-nprstvxy]\d[abceghj-nprstv-z](?:[ \t]{0,3}|-)\d[abceghj-nprstv-z]\d"
    r"(?![\w-])"
)
_COMMUNITY_RE = re.compile(
    r"(?<![\w'’-])((?:[A-ZÀ-Þ][\w'’-]*[ \t]+){1,3}First[ \t]+Nations?)(?![\w])"
)
_FIRST_NATION_RE = re.compile(r"First[ \t]+Nations?(?![\w])")
_TOWNSHIP_RE = re.compile(
    r"(?<![\w'’-])(?:Township|Municipality|Canton|Municipalité|RM|R\.M\.)[ \t]+(?:of|de|du)[ \t]+"
    r"([A-ZÀ-Þ][\w'’-]*(?:[ \t]+(?:and|et|(?!No\.?[ \t]*\d)[A-ZÀ-Þ][\w'’-]*)){0,4}"
    r"(?:,[ \t]+[A-ZÀ-Þ][\w'’-]*(?:[ \t]+and[ \t]+[A-ZÀ-Þ][\w'’-]*)?)?"
    # a prairie rural municipality's number: "RM of Prairie Rose No. 309"
    r"(?:[ \t]+No\.?[ \t]*\d{1,3}(?![\w]))?)"
)
_BEFORE_POSTAL_RE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Þa-zà-ÿ][\w'’]*(?:[ -][A-ZÀ-Þa-zà-ÿ][\w'’]*){0,3})"
    r"(?:,?[ \t]+(?:ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|YT|NT|NU|ME|VT|NH|MT|KY|WV)|[ \t]+\((?:Ontario|"
    r"Québec|Quebec)\))?,?[ \t]+$"
)
#: Labels written before a postal code, which are no part of a town's name.
_POSTAL_LABEL_WORDS = frozenset(
    ["postal", "code", "codes", "zip", "zipcode", "postcode", "pc", "cp", "c.p", "no", "is"]
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_US_STATE_SET = frozenset(_US_STATES.split("|"))


def _after_state(text: str, pos: int) -> bool:
    """Is the number at ``pos`` written after a state's abbreviation and a space (a ZIP)?"""
    q = pos
    while q > 0 and text[q - 1] in " \t":
        q -= 1
    return q < pos and text[q - 2 : q] in _US_STATE_SET


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
#: A lower-case street named without its number where someone lives or stays: "on larchwood
#: cres", "off birchgrove ave" (the street's word is no frequent word).
_LOWER_NAMED_STREET_RE = re.compile(
    r"(?<![\w'’-])(?:on|off)[ \t]+([a-z][a-z'’-]{2,20}[ \t]+(?:cres|crescent|ave|avenue|blvd|"
    r"crt|court|dr|drive|rd|road|st|street|lane|ln|way|terr|terrace|pl|place|trail))\.?(?![\w'’-])"
)
_C_ON_OFF = category("on or off a street", "on off")
_NAMED_ROAD_RE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z]+[ \t]+){1,2}(?:Rd|Road|Lane|Ln|Trail|Sideroad|Hollow|Ave|Avenue|"
    r"Cres|Crescent|Blvd|Boulevard|Crt))(?![\w])"
)
#: Street types that also end everyday phrases ("Park Avenue", "Fifth Avenue" are streets, but
#: "Avenue" and "Crescent" are words): a name before them needs a word that is no frequent word.
_PLAIN_ROAD_TYPES = frozenset(["Ave", "Avenue", "Cres", "Crescent", "Blvd", "Boulevard", "Crt"])
_BOX_RE = re.compile(r"(?i)(?<![\w])((?:p\.?[ \t]?o\.?[ \t]*)?box[ \t]+\d{1,6})(?![\w])")


def _back_start(text: str, pos: int) -> int:
    """Start of the (up to three) capitalised words just before ``pos``."""
    m = re.search(r"(?:[A-ZÀ-Þ][\w'’-]*[ \t]+){1,3}$", text[max(0, pos - 80) : pos])
    return max(0, pos - 80) + m.start() if m else pos


_C_TOWNSHIP = category(
    "township", "township municipality canton municipalité rm r.m.", capital_only=True
)
#: A legal land location of the Dominion Land Survey (Prairies, Peace country): quarter or legal
#: subdivision, section, township, range and meridian, "SW 21-40-12 W3", "SE-22-45-3-W4M",
#: "LSD 4-12-45-6 W5".
_LAND_LOCATION_RE = re.compile(
    r"(?<![\w-])(?:(?:NE|NW|SE|SW|N½|S½|E½|W½|LSD[ \t]?\d{1,2})[ \t]*-?[ \t]*)?"
    r"\d{1,2}-\d{1,3}-\d{1,2}[ \t]*-?[ \t]*W[ \t]?[1-6](?:M|th)?(?![\w])"
)
_LAND_PROBE_RE = re.compile(r"-\d{1,2}[ \t]*-?[ \t]*W[ \t]?[1-6]")
#: Numbered rural roads where a person lives, with no house number: "Sideroad 17B", "Concession
#: 9", "Range Road 212", "Township Road 530" (highways are no one's address).
_RURAL_ROAD_RE = re.compile(
    r"(?<![\w'’-])(?:Sideroad|Side Road|Concession(?:[ \t]+Road)?|Conc\.|Range[ \t]+Road|"
    r"Rge[ \t]+Rd\.?|Township[ \t]+Road|Twp[ \t]+Rd\.?)[ \t]+\d{1,4}[A-Z]?(?![\w])"
    r"(?:[ \t]+(?:North|South|East|West)(?![\w'’-]))?"
    # an Ontario township's numbered line, with its direction (1.7.0): "Line 11 North"
    r"|(?<![\w'’-])(?<!PICC )(?<!IV )(?<!Central )"
    r"Line[ \t]+\d{1,3}[ \t]+(?:North|South|East|West)(?![\w'’-])"
)
#: Two numbered streets at a corner (prairie grids, 1.7.0): "13 St N & 5 Ave N", "3rd Ave and 10
#: Street S".
_NUMBERED_CORNER_RE = re.compile(
    r"(?<![\w/.-])\d{1,3}(?:st|nd|rd|th)?[ \t]+(?:St|Street|Ave|Avenue)\.?"
    r"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)(?![\w]))?[ \t]*(?:&|and|at)[ \t]*"
    r"\d{1,3}(?:st|nd|rd|th)?[ \t]+(?:St|Street|Ave|Avenue)\.?"
    r"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)(?![\w]))?"
)
#: A reserve or reservation named after a place cue: "on the Blood Reserve", "from the Crow
#: Reservation" (a community, like "... First Nation").
_RESERVE_RE = re.compile(
    r"(?:on|from|in|at|near|to|of)[ \t]+(?:the[ \t]+)?"
    r"((?:[A-ZÀ-Þ][\w'’-]*[ \t]+){1,3}(?:Indian[ \t]+)?(?:Reserve|Reservation)"
    r"(?:[ \t]+(?:No\.?|#)[ \t]*\d{1,4})?)(?![\w])"
)
_C_RESERVE_CUE = category("a reserve's cue", "on from in at near to of")
#: A Quebec range road by its rank: "45, 3e Rang Ouest", "2e rang".
_RANG_RE = re.compile(
    r"(?<![\w/.-])((?:\d{1,5},?[ \t]+)?\d{1,2}(?:e|er|re|ème)[ \t]+(?:[Rr]ang|[Rr]ue|[Aa]venue)"
    r"(?:[ \t]+(?:Ouest|Est|Nord|Sud|O|E|N|S)(?![\w]))?)"
)
_RANG_PROBE_RE = re.compile(r"\d(?:e|er|re|ème)[ \t]+(?:[Rr]ang|[Rr]ue|[Aa]venue)")
_C_RURAL_ROAD = category(
    "numbered rural road",
    "sideroad side concession conc. range rge township twp line",
    capital_only=True,
)
_C_PLACE_CUE = category("place cue", "de d à au from in to near près")
_C_UNIT = category("unit", "apt app unit suite bureau")
_C_BOX = category("box", "p po pobox box")
_C_ROAD = category(
    "named road",
    "rd road lane ln trail sideroad hollow ave avenue cres crescent blvd boulevard crt",
    capital_only=True,
)
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
    if "First" in text:
        for fm in _FIRST_NATION_RE.finditer(text):
            cm = _COMMUNITY_RE.match(text, _back_start(text, fm.start()))
            if cm is None or cm.end() != fm.end():
                continue
            c.add(cm.start(1), cm.end(1), "ADDRESS", "a First Nation community", P_TOWN + 5)
    for m in anchored(_TOWNSHIP_RE, text, idx.at(_C_TOWNSHIP)):
        c.add(m.start(1), m.end(1), "ADDRESS", "a township or municipality", P_TOWN + 5)
    if _LAND_PROBE_RE.search(text):
        for m in _LAND_LOCATION_RE.finditer(text):
            c.add(m.start(), m.end(), "ADDRESS", "a legal land location", P_STREET)
    if "Reserv" in text:
        for m in anchored(_RESERVE_RE, text, idx.at(_C_RESERVE_CUE)):
            c.add(m.start(1), m.end(1), "ADDRESS", "a reserve or reservation", P_TOWN + 5)
    if ("rang" in c.lower or "rue" in c.lower or "avenue" in c.lower) and _RANG_PROBE_RE.search(
        text
    ) is not None:
        for m in _RANG_RE.finditer(text):
            c.add(m.start(1), m.end(1), "ADDRESS", "a range road by its rank", P_STREET)
    for m in anchored(_RURAL_ROAD_RE, text, idx.at(_C_RURAL_ROAD)):
        c.add(m.start(), m.end(), "ADDRESS", "a numbered rural road", P_STREET)
    if " St" in text or " Ave" in text:
        for m in anchored(_NUMBERED_CORNER_RE, text, idx.nums(1, 2, 3, after=" \tsnrt")):
            c.add(m.start(), m.end(), "ADDRESS", "a corner of two numbered streets", P_STREET)
    for ps in postal_starts:
        bm = _BEFORE_POSTAL_RE.search(text, max(0, ps - 80), ps)
        if bm is None:
            continue
        tokens = list(re.finditer(r"[^ \t]+", bm.group(1)))
        while tokens and tokens[-1].group().lower() in _POSTAL_LABEL_WORDS:
            tokens.pop()  # "Postal code K2P 1L4", "code postal", "zip": the label, not a town
        cut = [i for i, t in enumerate(tokens) if _CAPS_TYPE_RE.fullmatch(t.group())]
        if cut:
            tokens = tokens[cut[-1] + 1 :]  # "X HWY LOCKTON MB": the street ends at its type
        words = [t.group() for t in tokens]
        start = bm.start(1)
        end = start + tokens[-1].end() if tokens else start
        if tokens:
            start += tokens[0].start()
        if words and not all(
            w.lower() in _PROVINCE_WORDS or (_not_a_place(w, lex) and w.lower() not in lex.places)
            for w in words
        ):
            c.add(start, end, "ADDRESS", "a town just before a postal code", P_TOWN)
    towns: set[str] = set()
    zips = idx.nums(5)
    state_zip = any(_after_state(text, p) for p in zips)
    zip_towns: list[re.Match[str]] = list(_BEFORE_ZIP_RE.finditer(text)) if state_zip else []
    for m in zip_towns:
        words = m.group(1).replace("-", " ").split()
        if not all(_not_a_place(w, lex) for w in words):
            c.add(m.start(1), m.end(1), "ADDRESS", "a town just before a state and ZIP", P_TOWN)
            towns.add(m.group(1))
    for m in anchored(_HYPHEN_PLACE_RE, text, idx.at(_C_PLACE_CUE)):
        first = m.group(1).split("-")[0].lower()
        if first in lex.first_names_all and first not in ("saint", "sainte"):
            continue  # Marc-André is a person
        if m.group(1).lower() in lex.eponyms:
            continue  # a test's or a syndrome's name: "monofilament de Semmes-Weinstein"
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
    for m in anchored(_LOWER_NAMED_STREET_RE, text, idx.at(_C_ON_OFF)):
        word = m.group(1).split()[0]
        if (
            word not in lex.frequent
            and not lex.never_name(word)
            and word not in lex.first_names_all
        ):
            c.add(m.start(1), m.end(1), "ADDRESS", "a street named without its number", P_STREET)
    for k in idx.at(_C_ROAD):
        kw = _KEY_RE.match(text, k)
        road = _back_match(_NAMED_ROAD_RE, text, k, kw.end()) if kw is not None else None
        if road is None:
            continue
        if any(
            k.kind == "ADDRESS" and k.start <= road.start(1) and road.end(1) <= k.end
            for k in c.cands
        ):
            continue  # inside a street line already found ("apt 4, 123 Zorblat Ave")
        words = road.group(1).split()
        kind, words = words[-1], words[:-1]
        if kind in _PLAIN_ROAD_TYPES and all(w.lower() in lex.frequent for w in words):
            continue
        if not all(lex.never_name(w.lower()) for w in words):
            c.add(road.start(1), road.end(1), "ADDRESS", "a named road", P_STREET)


# --------------------------------------------------------------------------------------------
# Towns by their shape, and every other mention of a town found
# --------------------------------------------------------------------------------------------

_TOWN_PREFIX = (
    r"(?:Fort|Port|Saint|St\.?|Ste\.?|Sainte|Lac|Mount|Mt\.?|Cap|Pointe|Rivière|Baie|Île|Isle|"
    r"Notre-Dame)"
)
_TOWN_SUFFIX = (
    r"(?:Mills|Mill|Bend|Point|Falls|Corners|Corner|Crossing|Harbour|Harbor|Landing|Narrows|Bay|"
    r"Lake|River|Creek|Springs|Ridge|Valley|Hollow|Junction|Siding|Cove|Village|Heights|Flats|"
    r"Beach|Hills|Rapids|Forks|Station|Mines|Settlement|"
    # (1.12.0) more generic terms of Canadian place names
    r"Hill|Arm|Head|Brook|Pond|Inlet|Bluff)"
)
_PLACE_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’-]+"
_TOWARD_RE = re.compile(r"(?<![\w'’-])(?:from|in|to|at|near|towards?|de|à)[ \t]+")
_SHAPED_TOWN_RE = re.compile(
    r"(?:from|in|to|at|near|towards?|de|à)[ \t]+"
    rf"({_TOWN_PREFIX}[ \t-]{_PLACE_WORD}(?:[ \t]{_PLACE_WORD})?"
    rf"|{_PLACE_WORD}(?:[ \t]{_PLACE_WORD})?[ \t]{_TOWN_SUFFIX})(?![\w'’-])"
)
_AFFIX_WORDS = frozenset(
    w.lower() for w in re.findall(r"[^\W\d_][\w-]*", _TOWN_PREFIX + "|" + _TOWN_SUFFIX)
)
_C_TOWN_AFFIX = category(
    "a place's prefix or suffix",
    lambda lex: _AFFIX_WORDS,
    capital_only=True,
)


def shaped_towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A place named by its shape after "from", "in", "to", "at", "near": a prefix (Fort, Port,
    Saint, Lac) or a suffix (Mills, Bend, Point, Falls, Corners, Harbour) around a word that is
    no everyday word, clinical term or region ("from Harrowby Mills", "in Fort Quill"; not "at
    Pain Point", "to Thunder Bay" is the gazetteer's)."""
    text = c.text
    # from each prefix or suffix (rare words), the prepositions up to 60 characters before it
    starts = sorted(
        {
            tm.start()
            for p in idx.at(_C_TOWN_AFFIX)
            for tm in _TOWARD_RE.finditer(text, max(0, p - 60), p)
        }
    )
    for m in scan_at(_SHAPED_TOWN_RE, text, starts):
        core = [
            w for w in re.split(r"[ \t-]+", m.group(1)) if w.lower().rstrip(".") not in _AFFIX_WORDS
        ]
        if not core or any(
            _not_a_place(w, lex) or w.lower() in lex.frequent or w.lower() in lex.eponyms
            for w in core
        ):
            continue
        c.add(m.start(1), m.end(1), "ADDRESS", "a place named by its shape", P_TOWN)


_TOWN_TEXT_RE = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:[ \t][A-ZÀ-Þ][\w'’.-]*){0,3}")


def propagate_towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Every other mention, in the same case, of a town or place found above ("Port Elmsby" after
    a street line, again after a facility's name)."""
    text = c.text
    towns = {
        text[k.start : k.end]
        for k in c.cands
        if k.kind == "ADDRESS"
        and k.prio <= P_TOWN + 5
        and _TOWN_TEXT_RE.fullmatch(text[k.start : k.end])
    }
    for town in towns:
        if " " not in town and (town.lower() in lex.frequent or _not_a_place(town, lex)):
            continue  # one everyday word ("Hope") is a town only where its context said so
        # (1.14.0) str.find and the same boundaries as ``(?<![\w'’-])town(?![\w'’-])`` (``\w``
        # is str.isalnum() or "_"): the same matches as re.finditer, several times faster
        n = len(town)
        pos = text.find(town)
        while pos >= 0:
            end = pos + n
            before = text[pos - 1] if pos else ""
            after = text[end] if end < len(text) else ""
            if (not before or not (before.isalnum() or before in "_'’-")) and (
                not after or not (after.isalnum() or after in "_'’-")
            ):
                c.add(pos, end, "ADDRESS", "same place as elsewhere in this text", P_TOWN - 1)
                pos = text.find(town, end)
            else:
                pos = text.find(town, pos + 1)


_PREFIX_BEFORE_STREET_RE = re.compile(
    r"(?:(?:RR|R\.R\.|Rural[ \t]+Route|PO[ \t]+Box|P\.O\.[ \t]+Box|Box|Unit|Apt\.?|Suite|Site|Comp)"
    r"[ \t]*#?[ \t]*[0-9A-Z]{1,6}"
    # (1.16.0) a floor before the civic number: "2nd floor, 6542 X Rd"
    r"|\d{1,2}(?:st|nd|rd|th)[ \t]+(?:floor|Floor|FLOOR))"
    r",?[ \t]+$"
)


_ADMIN_WORDS = frozenset(
    [
        "township",
        "county",
        "municipality",
        "city",
        "town",
        "village",
        "region",
        "district",
        "rm",
        "canton",
        "ville",
        "municipalité",
        "paroisse",
        "parish",
        "reserve",
    ]
)
_UNIT_WORDS = words(
    "apt app appt apartment unit suite ste site box rr comp lot floor fl bldg building logement "
    "bureau local unité po"
)
_TOWN_AFTER_STREET_RE = re.compile(
    rf",[ \t]*({_PLACE_WORD}(?:[ \t-]{_PLACE_WORD}){{0,2}})"
    r"(?=[ \t]*[,.;:)\n]|[ \t]+[a-z0-9]|[ \t]*$"
    # (1.16.0) a question mark or a column gap: "Box 77, X?", "8 Felix Rd, X      <worker>"
    r"|[ \t]*\?|[ \t]{2,}\S)"
)


def street_prefixes(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A rural route, box or unit written before a street line belongs to it ("RR 3, 4410
    Sideroad 15", "Unit 4, 311 Main Street"); the capitalised words right after a street line
    and a comma are its town, with no province or postal code after them ("311 Carrow Road,
    Port Elmsby on Aug 31")."""
    text = c.text
    for k in list(c.cands):
        if k.kind != "ADDRESS" or k.prio != P_STREET:
            continue
        m = _PREFIX_BEFORE_STREET_RE.search(text, max(0, k.start - 30), k.start)
        if m is not None and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            c.add(m.start(), k.end, "ADDRESS", k.reason, P_STREET + 1)
        town_after_street(c, lex, k.end)


def town_after_street(c: Collector, lex: Lexicon, end: int) -> None:
    """The capitalised words right after a street line ending at ``end`` and a comma: its town
    (also used by label_forms once a rural route joins a box: "Site 1, Box 3, RR 1, X")."""
    tm = _TOWN_AFTER_STREET_RE.match(c.text, end)
    if tm is not None:
        words = re.split(r"[ \t-]+", tm.group(1))
        if words[0].lower() in _ADMIN_WORDS:
            return  # "Township of Xyz": the township rule reads the name after "of"
        if words[0].lower().rstrip(".") in _UNIT_WORDS:
            return  # (1.16.0) "Box 12, RR 2, Apt 4": a unit, not a town
        if not all(_not_a_place(w, lex) or w.lower() in _PROVINCE_WORDS for w in words):
            c.add(tm.start(1), tm.end(1), "ADDRESS", "a town after a street line", P_TOWN)
