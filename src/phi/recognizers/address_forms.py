"""Address forms the older street rules do not read (1.6.0), from published Canadian formats.

- Rural lots: ``con 6 lot 14``, ``Lot 14, Concession 6``, ``pt lot 3 conc 2``; a county or
  regional road with its number in lower case (``3395 county rd 46``).
- A unit before the civic number with a dash (Canada Post: ``#701 - 3871 X St``, ``701-3871``);
  numbered roads (``6080 No. 3 Rd``); a house on a reserve after an address label (``Home:
  house 31, <settlement>``).
- Streets named without a number: French (``boulevard des X``, ``rue de la X``, ``chemin du X``,
  ``rang Saint-X``), English with a direction (``X St N``, ``X Ave NW``), and in lower case
  after ``on`` (``on <word> street``) when the word is no everyday word.
- A civic number said in words (``eighty two <word> street``) in transcribed messages.
- A town in lower case after a street line or after ``in``/``from``/``near`` when the gazetteer
  holds it and it is no frequent word.
- Since 1.7.0, a town too small for the gazetteer (villages, hamlets, reserves) where a
  preposition of place closes a phrase with it: ``the arena in X.``, ``stopped at X and Y``,
  ``à X,``, ``depuis X`` at a line's end; every word of it is no frequent, clinical, listed
  given or never-name word (``in Emerg``, ``at Sarah's`` stay unflagged).
"""

from __future__ import annotations

import re

from phi.core import P_STREET, P_TOWN, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.common import _UP, words

_CON_LOT_RE = re.compile(
    r"(?i)(?<![\w'’-])(?:(?:con|conc|concession)\.?[ \t]*\d{1,2}[a-z]?[ \t]*,?[ \t]*"
    r"(?:pt[ \t]+|part[ \t]+)?lot[ \t]*\d{1,3}[a-z]?"
    r"|(?:pt[ \t]+|part[ \t]+)?lot[ \t]*\d{1,3}[a-z]?[ \t]*,?[ \t]*"
    r"(?:con|conc|concession)\.?[ \t]*\d{1,2}[a-z]?)(?![\w'’-])"
)
_C_CON_LOT = category("concession or lot", "con conc concession lot pt part")
_COUNTY_ROAD_RE = re.compile(
    r"(?i)(?<![\w'’-])\d{1,6}[ \t]+(?:county|regional|district|township|municipal)[ \t]+"
    r"(?:rd|road)\.?[ \t]+#?\d{1,3}[a-z]?(?![\w'’-])"
)
_C_COUNTY = category("county road", "county regional district township municipal")
_UNIT_DASH_RE = re.compile(r"#[ \t]?\d{1,5}[A-Z]?[ \t]*[-–][ \t]*(?=\d)")
_NUMBERED_ROAD_RE = re.compile(
    r"(?<![\w'’-])(?:\d{1,6}[ \t]+)?No\.?[ \t]*\d{1,2}[ \t]+(?:Rd|Road|Hwy|Highway)\.?(?![\w'’-])"
)
_C_NO = category("numbered road", "no", capital_only=True)
_HOUSE_RE = re.compile(
    r"(?i:home|address|adresse|domicile|residence|lives[ \t]+at|lives[ \t]+in)[ \t]*:?[ \t]*"
    r"((?i:house|maison|unit|lot)[ \t]+\d{1,4}[A-Za-z]?)(?![\w'’-])"
    rf"(?:[ \t]*,[ \t]*({_UP}[\w'’-]+(?:[ \t]+{_UP}[\w'’-]+){{0,2}})(?=[ \t]*[;,.\n]|$))?"
)
_C_HOUSE = category("address label", "home address adresse domicile residence lives")
_FR_STREET_RE = re.compile(
    r"(?<![\w'’-])(?:boulevard|boul\.|rue|chemin|ch\.|rang|avenue|av\.|route|montée|côte)"
    r"[ \t]+(?:des|de[ \t]+la|du|de[ \t]+l['’]|d['’]|de|Saint-|Sainte-|St-|Ste-)[ \t]*"
    rf"({_UP}[\w'’-]+)(?:[ \t]+(?:{_UP}[\w'’-]+))?"
)
_C_FR_STREET = category(
    "French street word", "boulevard boul rue chemin ch rang avenue av route montée côte"
)
_DIRECTION_STREET_RE = re.compile(
    rf"(?<![\w'’-])({_UP}[a-z'’-]{{2,}})[ \t]+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|"
    r"Cres|Crescent)\.?[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)(?![\w'’-])"
)
_C_STREET_TYPE = category(
    "street type", "st street ave avenue rd road blvd dr drive cres crescent", capital_only=True
)
_LOWER_ON_STREET_RE = re.compile(
    r"(?<![\w'’-])on[ \t]+([a-z][a-z'’-]{2,20})[ \t]+(street|avenue|road|drive|crescent|boulevard)"
    r"(?![\w'’-])"
)
_NUM_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|oh)"
)
_SPOKEN_STREET_RE = re.compile(
    rf"(?<![\w'’-])(?:live|lives|living|at)[ \t]+((?:{_NUM_WORD}[ \t-]+){{1,5}}"
    r"[a-z][a-z'’-]{2,20}[ \t]+(?:street|avenue|road|drive|crescent|lane|court|boulevard|way))"
    r"(?![\w'’-])"
)
_TOWN_AFTER_RE = re.compile(
    r"[ \t]*(?:,|in|à)[ \t]*\n?[ \t]*([a-zà-ÿ][a-zà-ÿ'’-]{3,24})(?![\w'’-])"
)
_UNKNOWN_TOWN_AFTER_RE = re.compile(
    r"[ \t]*,[ \t]*\n?[ \t]*([A-Za-zà-ÿ][a-zà-ÿ'’-]{3,24}(?:[ \t][A-Z][a-zà-ÿ'’-]+)?)"
    r"(?=[ \t]*(?:[,(;\n]|$)|[ \t]{2,})"
)
_C_PLACE = category("place", lambda lex: lex.places)  # the gazetteer's (see places.py)
_LOWER_TOWN_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:in|from|near|to|moved[ \t]+to)[ \t]+([a-z][a-z'’-]{3,24})(?![\w'’-])"
)


def streets(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Rural lots, county roads, numbered roads, reserve houses, streets without a number."""
    text = c.text
    for p in idx.at(_C_CON_LOT):
        m = _CON_LOT_RE.match(text, p) if word_start_ok(text, p) else None
        if m is not None:
            c.add(m.start(), m.end(), "ADDRESS", "a concession and lot", P_STREET)
    for p in idx.at(_C_COUNTY):
        m = _COUNTY_ROAD_RE.search(text, max(0, p - 8), p + 40)
        if m is not None:
            c.add(m.start(), m.end(), "ADDRESS", "a civic number on a county road", P_STREET)
    for p in idx.at(_C_NO):
        m = _NUMBERED_ROAD_RE.search(text, max(0, p - 8), p + 20)
        if m is not None and m.end() > p:
            c.add(m.start(), m.end(), "ADDRESS", "a numbered road", P_STREET)
    for p in idx.at(_C_HOUSE):
        if not word_start_ok(text, p):
            continue
        m = _HOUSE_RE.match(text, p)
        if m is None:
            continue
        c.add(m.start(1), m.end(1), "ADDRESS", "a house number after an address label", P_STREET)
        if m.group(2):
            ws = m.group(2).split()
            if any(w.lower() not in lex.frequent and not lex.never_name(w) for w in ws):
                c.add(m.start(2), m.end(2), "ADDRESS", "a community after a house", P_TOWN)
    for p in idx.at(_C_FR_STREET):
        if not word_start_ok(text, p):
            continue
        m = _FR_STREET_RE.match(text, p)
        if m is None or lex.never_name(m.group(1)):
            continue
        c.add(m.start(), m.end(), "ADDRESS", "a French street named without a number", P_TOWN)
    for p in idx.at(_C_STREET_TYPE):
        m = _DIRECTION_STREET_RE.search(text, max(0, p - 26), p + 16)
        if m is None or m.end() < p or lex.never_name(m.group(1)):
            continue
        c.add(m.start(), m.end(), "ADDRESS", "a street and its direction", P_TOWN)
    low = c.lower
    if " street" in low or " road" in low or " avenue" in low or " drive" in low:
        for m in _LOWER_ON_STREET_RE.finditer(text):
            w = m.group(1)
            if w in lex.common or lex.never_name(w) or w in ("the", "this", "that", "main"):
                continue
            c.add(m.start(1), m.end(2), "ADDRESS", "a street in lower case after 'on'", P_TOWN)
        for m in _SPOKEN_STREET_RE.finditer(text):
            c.add(m.start(1), m.end(1), "ADDRESS", "a civic number said in words", P_STREET)


def units_and_towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A unit with a dash before a street line; a town in lower case after a street line or a
    place word, when the gazetteer holds it (run after the street rules)."""
    text = c.text
    street_starts = {k.start: k for k in c.cands if k.kind == "ADDRESS"}
    if "#" in text:
        for m in _UNIT_DASH_RE.finditer(text):
            k = street_starts.get(m.end())
            if k is not None:
                c.add(m.start(), k.end, "ADDRESS", "a unit before a street line", P_STREET)
    for k in [k for k in c.cands if k.kind == "ADDRESS" and k.prio >= P_STREET]:
        um = _UNKNOWN_TOWN_AFTER_RE.match(text, k.end)
        if um is not None and all(_unknown_town_word(w, lex) for w in um.group(1).split()):
            # (1.7.0) a word no list knows after a street line and a comma: "X Road 8, <town> ("
            c.add(um.start(1), um.end(1), "ADDRESS", "a town after a street line", P_TOWN)
            continue
        tm = _TOWN_AFTER_RE.match(text, k.end)
        if tm is None:
            continue
        w = tm.group(1)
        if w in lex.places and not lex.never_name(w) and w not in lex.regions:
            c.add(tm.start(1), tm.end(1), "ADDRESS", "a town after a street line", P_TOWN)
    for p in idx.at(_C_PLACE):
        if not text[p].islower():
            continue
        lm = _LOWER_TOWN_CUE_RE.search(text, max(0, p - 12), p + 26)
        if lm is None or lm.start(1) != p:
            continue
        w = lm.group(1)
        if (
            w in lex.places
            and w not in lex.frequent
            and not lex.never_name(w)
            and w not in lex.first_names_all
            and w not in lex.regions
        ):
            c.add(
                lm.start(1), lm.end(1), "ADDRESS", "a town in lower case after a place word", P_TOWN
            )


# ---------------------------------------------------------------------------------------------
# a small town closing a phrase after a preposition of place (1.7.0)

#: (1.10.0) also "past", "outside", "beyond": "lives out past X", "lives just outside X".
_C_PLACE_PREP = category(
    "a preposition of place", "in at near from à depuis past outside beyond près"
)
_PREP_TOWN_RE = re.compile(
    # (1.16.0) French "près de X"
    rf"(?:in|at|near|from|à|depuis|past|outside|beyond|près[ \t]+de)[ \t]+"
    rf"((?:{_UP}[a-zà-ÿ'’-]*[a-zà-ÿ][a-zà-ÿ'’-]*)(?:[ \t-]{_UP}[a-zà-ÿ'’-]+)?)"
    rf"(?:[ \t]+(?:and|et)[ \t]+((?:{_UP}[a-zà-ÿ'’-]*[a-zà-ÿ][a-zà-ÿ'’-]*)"
    rf"(?:[ \t-]{_UP}[a-zà-ÿ'’-]+)?))?"
    # the place closes the phrase: punctuation, the line's end, or a word that starts another
    # (1.12.0) or a bracket opening after it: "in X (summer)", "in X (867) ..."
    r"(?=[ \t]*(?:[.;,:)]|$)|[ \t]+\(|[ \t]+(?:and|et|on|for|because|both|every|each|since|"
    r"until|where|to|with|when|in|pour|avec|depuis|chaque|le|la|les|et|où"
    # (1.10.0) a word of time: "drove in from X this morning", "came up from X yesterday"
    r"|this|last|tomorrow|ce|cette"
    # (1.14.0) a condition, a time or a French month after it: "at X if roads ok", "à X en avril"
    r"|if|after|before|till|til|by|en|dans|si|avant|après)[ \t]"
    r"|[ \t]+(?:yesterday|today|tonight|hier)(?![\w])"
    # (1.22.0) or a dash between spaces: "lives at X Home in Y - daughter will tell her"
    r"|[ \t]+[-–][ \t])",
    re.M,
)
#: Capitalised words after a preposition that are no town: hospital departments and services
#: written short, and words of a heading.
_NOT_A_TOWN = words(
    """emerg emergency peds ortho neuro rheum derm onc psych gyne obs cardio resp physio rehab
    triage outpatients inpatients icu ccu nicu picu pacu er ed ward wards clinic intake
    telehealth zoom teams echo ohip ramq dr dre mr mrs ms mme mlle st ste"""
)


def _unknown_town_word(w: str, lex: Lexicon) -> bool:
    low = w.lower().rstrip("'’")
    if len(low) < 4 or low in _NOT_A_TOWN:
        return False
    parts = [x for x in re.split(r"[-'’]", low) if x]
    if low in lex.frequent or low in lex.first_names_all or low in lex.regions:
        return False
    if lex.never_name(low) or low in lex.eponyms:
        return False
    # a hyphenated name whose parts are all everyday words ("Follow-Up") is no town
    return not (len(parts) > 1 and all(x in lex.frequent for x in parts))


#: English words before the preposition that make it one of place: going, staying, working,
#: family and home, a place of play or worship, someone's home (``at her sister's in X``).
_PLACE_GATE_RE = re.compile(
    r"(?i)(?<![\w])(?:stop(?:s|ped)?|dr(?:ive|ives|ove|iving)|went|go(?:es|ing|ne)?|"
    r"c(?:ame|ome|omes|oming)|work(?:s|ed|ing)?|stay(?:s|ed|ing)?|visit(?:s|ed|ing)?|"
    r"sleep(?:s|ing)?|slept|travel(?:s|led|ed|ling|ing)?|trip|li(?:ve|ves|ved|ving)|"
    r"mov(?:e|es|ed|ing)|born|raised|grew[ \t]+up|hunt(?:s|ing)?|fish(?:es|ing)?|camp|cabin|"
    r"farm|home|house|game|games|tournament|play(?:s|ed|ing)?|arena|rink|church|school|store|"
    r"shop|friends?|family|relatives|sister|brother|daughter|son|mother|father|mom|dad|aunt|"
    r"uncle|cousin|grandmother|grandfather|granddaughter|grandson|parents|kids|"
    # (1.12.0) more relatives and a community's hall
    r"auntie|aunty|grandma|grandpa|granny|kokum|nan|nanny|niece|nephew|hall|"
    # (1.10.0) a spouse, children, volunteering and postings: "wife still in X", "posted at X"
    r"wife|husband|partner|spouse|children|grandchildren|girlfriend|boyfriend|"
    r"volunteer(?:s|ed|ing)?|posted|stationed|deployed|posting|postings|"
    # (1.14.0) care a person goes to, and what happened to them somewhere: "the clinic in X",
    # "physio in X", "a fight in X", "buried in X"
    r"clinic|physio|physiotherapy|referral|referred|appointment|appt|dentist|detox|"
    r"treatment|funeral|buried|burial|wake|accident|crash|fight|job)"
    r"(?![\w])[^.;:!?\n]{0,40}$|['’]s[ \t]+$"
)


def _place_gate(c: Collector, p: int, ends: set[int]) -> bool:
    """Does what comes before the preposition at ``p`` say it is one of place? (``ends``: where
    the facilities and places found so far end)"""
    text = c.text
    if text[p] in "àd" or text.startswith("près", p):
        return True  # French "à X", "depuis X", "près de X": a place or a person, both identifying
    if _PLACE_GATE_RE.search(text, max(0, p - 60), p):
        return True
    # a facility or a town right before: "the X Arena in Y", "X Co-op in Y"
    return p - 1 in ends or p - 2 in ends


#: A facility's town after it and a comma, closing the phrase: "X Clinic, <town>" (1.7.0).
#: (1.10.0) also in brackets and before a colon: "X Counselling (<town>)", "X Hospital, <town>:".
#: (1.22.0) a Scottish or Irish prefix keeps its inner capital ("McX Corners"), and a French
#: compound its joined words ("Saint-X-de-Y").
_TOWN_AFTER_FACILITY_RE = re.compile(
    rf"(?:,[ \t]*\n?[ \t]*|[ \t]*\([ \t]*)((?:(?:Mc|Mac)?{_UP}[a-zà-ÿ'’-]+"
    rf"(?:(?<=-)(?:(?:de|du|des|la|le|les|sur|en|aux)-)*{_UP}[a-zà-ÿ'’-]+)*)"
    rf"(?:[ \t-]{_UP}[a-zà-ÿ'’-]+)?)"
    # (1.14.0) or a column gap after it: "X Memorial, <town>   Tel ..."
    r"(?=[ \t]*(?:[,;.:)(]|$)|[ \t]{2,}\S)",
    re.M,
)


def _towns_after_facilities(c: Collector, lex: Lexicon) -> None:
    text = c.text
    for k in [k for k in c.cands if k.kind == "FACILITY"]:
        m = _TOWN_AFTER_FACILITY_RE.match(text, k.end)
        if m is None:
            continue
        words = re.split(r"[ \t]+", m.group(1))
        name = m.group(1).lower()
        known = name in lex.places and not lex.never_name(name) and name not in lex.regions
        compound = "-" in m.group(1) and all(
            p[:1].isupper() or p in ("de", "du", "des", "la", "le", "les", "sur", "en", "aux")
            for p in m.group(1).split("-")
        )
        if (
            known
            or all(_unknown_town_word(w, lex) for w in words)
            or (compound and m.group(1).split("-")[0] in ("Saint", "Sainte", "St", "Ste"))
        ):
            c.add(m.start(1), m.end(1), "ADDRESS", "a facility's town", P_TOWN - 1)
        elif _geo_pair(words, lex):
            # (1.22.0) below another rule's reading of the same town ("same place as elsewhere")
            c.add(m.start(1), m.end(1), "ADDRESS", "a facility's town", P_TOWN - 2)


#: (1.10.0) Words that start a town's name before a word no list knows: "New X", "Port X".
_TOWN_PREFIXES = words(
    """new north south east west upper lower port fort mount grand little big saint sainte st ste
    lac old"""
)


def _town_prefix(ws: list[str], i: int) -> bool:
    return i == 0 and len(ws) > 1 and ws[0].lower().rstrip(".") in _TOWN_PREFIXES


#: (1.16.0) Words of institutions and services that French capitalises after "à" ("à Santé
#: Publique", "à Services Québec", "à Info Santé"): no town.
_FRENCH_INSTITUTION_WORDS = words(
    """santé sante services service aide info revenu emploi radio hydro centre clinique hôpital
    hopital urgence urgences soins pharmacie école ecole collège college université universite
    bureau ministère ministere régie regie commission société societe caisse banque poste postes
    maison foyer résidence residence jeunesse famille familles justice travail sécurité securite
    publique public sociale sociaux social communautaire domicile accueil retour consultation suivi
    admission départ depart congé conge"""
)


def _french_capitalised_place(words: list[str], lex: Lexicon) -> bool:
    """Two capitalised words after French ``à`` mid-sentence, everyday words included (``à Cache
    Bay``, ``à Grosses Coques``): French capitalises a proper name there, not a common noun;
    never a region, a listed given name, a holiday, a service's word or a clinical word."""
    if len(words) < 2:
        return False
    for w in words:
        low = w.lower()
        if len(low) < 3 or low in _NOT_A_TOWN or low in _FRENCH_INSTITUTION_WORDS:
            return False
        if low in lex.clinical or low in lex.drugs or low in lex.eponyms:
            return False
        if low in lex.regions or low in lex.first_names_all:
            return False
        if low in lex.holidays:
            return False
    return True


#: (1.22.0) words of geography that end a place's name after an everyday word ("Cedar Lake")
_GEO_TAILS = words(
    """lake lakes bay creek river harbour harbor cove point falls landing crossing beach brook
    inlet narrows siding junction mills springs settlement ridge corners"""
)


def _geo_pair(words_: list[str], lex: Lexicon) -> bool:
    """Since 1.22.0: two capitalised words, an everyday word and a word of geography, after a
    preposition of place and its gate (``lives ... in Cedar Lake``): a place's name."""
    if len(words_) != 2 or words_[1].lower() not in _GEO_TAILS:
        return False
    first = words_[0].lower()
    return not (
        len(first) < 3
        or first in _NOT_A_TOWN
        or lex.never_name(first)
        or first in lex.clinical
        or first in lex.drugs
        or first in lex.regions
    )


def prepositional_towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A capitalised word no list knows after ``in``/``at``/``near``/``from``/``à``/``depuis``,
    closing its phrase, after words of going, staying or home, a facility or a French ``à``: a
    town too small for the gazetteer (``the arena in X.``)."""
    text = c.text
    _towns_after_facilities(c, lex)
    ends: set[int] | None = None
    for p in idx.at(_C_PLACE_PREP):
        if not word_start_ok(text, p) or not text[p].islower():
            continue
        m = _PREP_TOWN_RE.match(text, p)
        if m is None:
            continue
        if ends is None:
            ends = {k.end for k in c.cands if k.kind in ("FACILITY", "ADDRESS")}
        if not _place_gate(c, p, ends):
            continue
        for g in (1, 2):
            name = m.group(g)
            if not name:
                continue
            words = re.split(r"[ \t]+", name)
            if (
                all(
                    _unknown_town_word(w, lex) or w.lower() in lex.places or _town_prefix(words, i)
                    for i, w in enumerate(words)
                )
                and any(_unknown_town_word(w, lex) for w in words)
            ) or _geo_pair(words, lex):
                c.add(m.start(g), m.end(g), "ADDRESS", "a place after a preposition", P_TOWN - 2)
            elif text[p] == "à" and _french_capitalised_place(words, lex):
                c.add(m.start(g), m.end(g), "ADDRESS", "a place after French 'à'", P_TOWN - 2)


#: (1.9.0) a town between a comma and a province's abbreviation, with no comma before the
#: province: "Box 12, <Town> SK", "RR 3, <Town> NS B0P 1A0".
_TOWN_BEFORE_PROV_RE = re.compile(
    rf",[ \t]+({_UP}[a-zà-ÿ][\w'’-]+(?:[ \t]+{_UP}[a-zà-ÿ][\w'’-]+)?)[ \t]+"
    r"(?:ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|PEI|YT|NT|NU)(?![\w'’-])"
)
_C_PROV_ABBR = category(
    "a province's abbreviation", "ON QC BC AB SK MB NS NB NL PE PEI YT NT NU", capital_only=True
)


def towns_before_provinces(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A town no list knows, after a comma and before a province's abbreviation in capitals
    (``Box 12, <Town> SK``); each word a known place or no frequent, given or never-name word."""
    text = c.text
    for p in idx.at(_C_PROV_ABBR):
        if not text[p : p + 2].isupper():
            continue
        lo = max(0, p - 50, text.rfind("\n", 0, p) + 1)
        m = _TOWN_BEFORE_PROV_RE.search(text, lo, min(len(text), p + 4))
        if m is None or m.end(1) >= p or m.end() < p + 2:
            continue
        ws = m.group(1).split()
        if all(w.lower() in lex.places or _unknown_town_word(w, lex) for w in ws):
            c.add(m.start(1), m.end(1), "ADDRESS", "a town before its province", P_TOWN)
