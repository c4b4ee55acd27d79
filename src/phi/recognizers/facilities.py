"""Facilities and workplaces: where a person is treated, lives or works.

- Named facilities (:func:`facilities`): capitalised names ending in Hospital, Clinic, Family
  Health Team, Pharmacy, Lodge...; French ``Hôpital ...``, ``Centre de santé communautaire de
  ...``, ``CLSC ...``; a few well-known institutions.
- Workplaces (:func:`workplaces`): one to four name words before a keyword (``... Mine``,
  ``... Sawmill``, ``... Exploration Camp``, ``... Shelter``, ``... Motel``, ``... Tavern``,
  ``... Gas Bar``, ``... Mart``, ``... Physio``, ``... FHT``), in any case; French names after a
  keyword (``Scierie ...``, ``Dépanneur ...``, ``Bar chez ...``, ``Fromagerie du ...``).
"""

from __future__ import annotations

import re

from phi.core import (
    P_FACILITY,
    Collector,
)
from phi.index import (
    TextIndex,
    after_elision,
    anchored,
    category,
    word_start_ok,
)
from phi.lexicon import Lexicon
from phi.recognizers.common import _UP, _everyday

_FACILITY_KEYS = (
    r"General Hospital|Memorial Hospital|District Hospital|Regional Hospital|Hospital|Hospitals|"
    r"Health Sciences Centre|Health Sciences Center|Health Centre|Health Center|Family Health Team|"
    r"Family Health Centre|Family Health Center|Family Health Group|Family Health Organization|"
    r"Health Team|Health Clinic|Medical Clinic|Medical Centre|Medical Center|Medical Group|Clinic|"
    r"Pharmacy|Drug Mart|Pharmasave|Apothecary|Lodge|Manor|Nursing Station|Nursing Home|"
    r"Care Centre|Care Center|Care Home|Rehab|Rehabilitation Centre|Rehabilitation Center|"
    r"Rehabilitation|Physiotherapy(?:[ \t]+(?:&|and)[ \t]+Rehab(?:ilitation)?)?|Physio|"
    r"Chiropractic|"
    r"Family Medicine|Family Practice|Health Services|Health Service|Hospice|Retirement Residence|"
    r"Retirement Home|Wellness Centre|Wellness Center|Urgent Care|Health Authority|Infirmary|"
    r"Sanatorium|Healing Lodge|Treatment Centre|Treatment Center|Withdrawal Management|"
    r"Nurse Practitioner-Led Clinic|Nurse Practitioner Led Clinic|Health Link|Long-Term Care|"
    r"Long Term Care|Villa|Place|House|Home|Institute|Shelter|"
    # imaging and specialists' practices, nursing stations, drop-ins, residences
    r"Diagnostic Imaging|Medical Imaging|Imaging|Radiology|Consultants|Health Station|Drop-In|"
    r"Drop-in|Residence|Sports Medicine|Sport Medicine|Access Centre|Access Center|"
    r"Continuing Care|Dental Centre|Dental Center|Dental Office|Dentistry|Optometry|Eye Care|"
    r"Hearing Centre|Hearing Clinic|"
    # since 1.8.0: dental and chiropractic offices, counselling, walk-ins, telemedicine suites,
    # consultation services, pain, spine and sleep centres, a wellness centre's short name
    r"Pain Centre|Pain Center|Spine Centre|Spine Center|Sleep Centre|Sleep Center|Sleep Lab|"
    r"Telemedicine Suite|Telehealth Suite|Telemedicine Centre|Telehealth Centre|"
    r"Consultation Service|Consultation Services|Counselling Services|Counseling Services|"
    r"Counselling|Counseling|Dental|Wellness|Walk-in|Walk-In|"
    # employers by their trade (1.8.0): fish farms, investigators, steel and machine shops, and a
    # congregation's hall ("X Pentecostal Assembly")
    r"Aquaculture|Seafoods|Investigations|Pentecostal Assembly|Gospel Assembly|Bible Assembly|"
    r"Christian Assembly|Steel|Fab|Fabrication|Welding|Machining|"
    r"Manufacturing|"
    # employers named by their trade: "Hensforth Poultry Processing", "Quorvale Trucking"
    r"Processing|Packers|Meats|Farms|Dairy|Feedlot|Greenhouses|Trucking|Transport|Logistics|"
    r"Construction|Contracting|Roofing|Excavating|Forestry|Fisheries|Cannery|Co-op|Foundry|"
    # since 1.23.0: paper converters, packaging and print shops (NAICS 3222, 3231)
    r"Converting|Converters|Packaging|Printing|"
    # acronyms written after a place's name: community health centre, family health team or
    # organization, nurse practitioner-led clinic, a US veterans' clinic or medical centre
    r"CHC|FHT|FHO|NPLC|CBOC|VAMC|I\.D\.A\.|IDA|"
    # since 1.14.0: health complexes, a brand's camel-case HealthCare, family medical offices
    # and daycares ("X Health Complex", "X HealthCare", "X Family Medical", "X Daycare")
    r"Health Complex|HealthCare|Healthcare|Family Medical|Daycare|Day Care|"
    # since 1.22.0: funeral homes, chapels, cemeteries and crematoria (where a death note names
    # the disposition), pain management centres
    r"Funeral Home|Funeral Homes|Funeral Service|Funeral Services|Funeral Chapel|Funeral Centre|"
    r"Memorial Chapel|Cemetery|Crematorium|Pain Management Centre|Pain Management Center|"
    r"Pain Management Clinic"
)
#: Since 1.22.0: a funeral home's or a cemetery's name before a street's type names the street
#: ("Pioneer Cemetery Road"), which the street rules read.
_FUNERAL_KEYS = frozenset(
    """Funeral Home|Funeral Homes|Funeral Service|Funeral Services|Funeral Chapel|Funeral Centre|
    Memorial Chapel|Cemetery|Crematorium""".replace("\n    ", "").split("|")
)
_STREET_TYPE_AFTER_RE = re.compile(
    r"[ \t]+(?:Road|Rd|Street|St|Lane|Ln|Drive|Dr|Avenue|Ave|Line|Way|Hill|Trail|Crescent|Cres|"
    r"Court|Ct|Sideroad)(?![\w-])"
)

#: A second head after "&": "X Chiropractic & Wellness", "X Physio & Athletic Therapy" (1.8.0).
_AMP_TAIL = (
    rf"(?:[ \t]+&[ \t]+(?!(?:Dr|Mr|Mrs|Ms|Mme|Dre)(?![\w]))"
    rf"{_UP}[a-zà-ÿ]+(?:[ \t]+{_UP}[a-zà-ÿ]+)?(?![\w-]))?"
)
_FACILITY_EN_RE = re.compile(rf"(?P<key>{_FACILITY_KEYS})(?![\w-]){_AMP_TAIL}")

_FACILITY_KEY_LIST = [k.split("(")[0] for k in _FACILITY_KEYS.split("|")]

_FACILITY_GENERIC = frozenset(
    [
        # a country, a province or the nation names no place small enough to identify anyone
        # ("Canadian Pain Institute", "Ontario Shelter Network")
        "canadian",
        "canada",
        "national",
        "international",
        "provincial",
        "federal",
        "american",
        "ontario",
        "quebec",
        "québec",
        "alberta",
        "manitoba",
        "saskatchewan",
        "british",
        "columbia",
        "nova",
        "scotia",
        "brunswick",
        "newfoundland",
        "labrador",
        "community",
        "family",
        "health",
        "medical",
        "regional",
        "general",
        "district",
        "memorial",
        "rural",
        "nurse",
        "practitioner-led",
        "practitioner",
        "led",
        "team",
        "centre",
        "center",
        "the",
        "our",
        "a",
        "an",
        "this",
        "that",
        "local",
        "pain",
        "walk-in",
        "primary",
        "care",
        "mental",
        "public",
        "urgent",
        "clinic",
        "hospital",
        "lodge",
        "physio",
        "physiotherapy",
        "rehab",
        "and",
        "of",
        "&",
        "for",
        "st.",
        "st",
        "saint",
        "new",
        "main",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "nursing",
        "station",
        "home",
        "house",
        "place",
        "villa",
        "services",
        "service",
        "sciences",
        "university",
        "children's",
        "women's",
        "veterans",
        "va",
        "private",
        "interprofessional",
        "virtual",
        "academic",
        "teaching",
        "outpatient",
        "inpatient",
        "addiction",
        "addictions",
        "methadone",
        "suboxone",
        "opioid",
        "chronic",
        "sleep",
        "cancer",
        "dental",
        "eye",
        "cardiac",
        "heart",
        "kidney",
        "renal",
        "stroke",
        "spine",
        "sports",
        "diagnostic",
        "imaging",
        "radiology",
        "consultants",
        "residence",
        "drop-in",
        "sport",
    ]
)

#: Since 1.22.0: a specialty's short form, which names a hospital's clinic (a department, often
#: numbered: "Neuro Clinic 3"), not a place of its own.
_SPECIALTY_SHORT = frozenset(
    [
        "ortho",
        "cardio",
        "neuro",
        "derm",
        "uro",
        "gyne",
        "gyn",
        "onc",
        "onco",
        "rheum",
        "resp",
        "endo",
        "gastro",
        "peds",
        "paeds",
        "nephro",
        "pulm",
        "heme",
        "hem",
        "ophtho",
        "psych",
        "geri",
        "ent",
        "plastics",
        "vasc",
        # a hospital's clinics named by what they treat
        "fracture",
        "cast",
        "wound",
        "diabetes",
        "pain",
        "memory",
        "anticoagulation",
    ]
)
_FACILITY_WEAK_KEYS = frozenset(["Villa", "Place", "House", "Home", "Physio"])
#: Keywords that also end everyday phrases ("Magnetic Resonance Imaging", "Infectious Disease
#: Consultants", "Retirement Residence"): a name before them needs a word that is no frequent
#: word, or a town.
_FACILITY_PLAIN_KEYS = frozenset(
    [
        "Diagnostic Imaging",
        "Medical Imaging",
        "Imaging",
        "Radiology",
        "Consultants",
        "Drop-In",
        "Drop-in",
        "Residence",
        "Sports Medicine",
        "Sport Medicine",
        "Processing",
        "Packers",
        "Meats",
        "Farms",
        "Dairy",
        "Feedlot",
        "Greenhouses",
        "Trucking",
        "Transport",
        "Logistics",
        "Construction",
        "Contracting",
        "Roofing",
        "Excavating",
        "Forestry",
        "Fisheries",
        "Cannery",
        "Co-op",
        "Foundry",
        "Converting",
        "Converters",
        "Packaging",
        "Printing",
        "Aquaculture",
        "Seafoods",
        "Investigations",
        "Steel",
        "Fab",
        "Fabrication",
        "Welding",
        "Machining",
        "Manufacturing",
        "Converting",
        "Converters",
        "Packaging",
        "Printing",
    ]
)
#: Endings of adjectives: "Sensory Processing", "Auditory Processing", "Visual Processing".
_ADJECTIVE_ENDINGS = ("al", "ar", "ic", "ous", "ary", "ive", "ory", "ing", "ed", "ful", "less")

_FACILITY_FR_RE = re.compile(
    r"(?<![\w-])(?:Hôpital|Hopital|Pharmacie|Polyclinique|"
    r"Clinique(?:[ \t]+(?:médicale|familiale|dentaire|communautaire|populaire|régionale))?|"
    # "Clinique antidouleur du Vieux-Bourg", "Clinique de la douleur de Rimouski"
    r"(?:Clinique|Hôpital|Hopital|Pharmacie|Polyclinique)(?:[ \t]+(?:de[ \t]+la|de|d['’]|du|des))?"
    r"[ \t]*(?:[a-zà-ÿ]{4,20})"
    r"(?=[ \t]+(?:de|du|des|d['’])[ \t]*(?:la[ \t]+)?[A-ZÀ-Þ])|"
    # (1.8.0) a clinic of a specialty in two or three words before its name: "Clinique de
    # médecine sportive X", "Clinique de santé du travail X"
    r"Clinique[ \t]+(?:de[ \t]+la|de|d['’]|du|des)[ \t]*[a-zà-ÿ]{4,20}"
    r"(?:[ \t]+(?:du[ \t]+|de[ \t]+)?[a-zà-ÿ]{4,20}){1,2}(?=[ \t]+[A-ZÀ-Þ])|"
    r"Imagerie(?:[ \t]+médicale)?|Radiologie|Laboratoire(?:[ \t]+médical)?|"
    r"Physiothérapie|Chiropratique|Centre[ \t]+dentaire|"
    r"Centre[ \t]+hospitalier(?:[ \t]+universitaire)?"
    r"|Centre[ \t]+de[ \t]+santé(?:[ \t]+communautaire)?"
    r"|Centre[ \t]+médical|CLSC|CHSLD|CSSS|CISSS|CIUSSS|GMF|Résidence|Foyer"
    r"|Maison[ \t]+de[ \t]+soins(?:[ \t]+palliatifs)?|Centre[ \t]+d'accueil"
    r"|Centre[ \t]+de[ \t]+réadaptation|Unité[ \t]+de[ \t]+soins|Pavillon)"
    rf"(?:[ \t]+(?:de|du|des|de[ \t]+la|d'|l'|St-|Ste-|Saint-|Sainte-)[ \t]*)?"
    rf"(?=[ \t]*{_UP})"
)

#: Since 1.22.0: Quebec's seventeen administrative regions (and the CISSS/CIUSSS territories
#: named after them), which name a regional health authority, not an establishment.
_QC_REGION_RE = re.compile(
    r"(?:Bas-Saint-Laurent|Saguenay[–-]Lac-Saint-Jean|Capitale-Nationale|Mauricie"
    r"(?:-et-du-Centre-du-Québec)?|Estrie|(?:(?:Centre-Sud|Centre-Ouest|Est|Nord|Ouest)-de-"
    r"l['’]Île-de-)?Montréal|Outaouais|Abitibi-Témiscamingue|Côte-Nord|Nord-du-Québec|Gaspésie"
    r"|Chaudière-Appalaches|Laval|Lanaudière|Laurentides|Montérégie(?:-Centre|-Est|-Ouest)?"
    r"|Centre-du-Québec)"
)
_FACILITY_FR_NAME_RE = re.compile(
    rf"[ \t]*(?:(?:de|du|des|de la|d'|l')[ \t]*)?{_UP}[\w'’.-]*"
    # (a word that ends with a period ends the name, unless it is St. or Ste.)
    rf"(?:(?:(?<!\.)|(?<=St\.)|(?<=Ste\.))[ \t]+(?:de[ \t]+|du[ \t]+|des[ \t]+|la[ \t]+|d'|l')?"
    rf"{_UP}[\w'’.-]*){{0,3}}"
)

_KNOWN_FACILITIES = (
    "Horizon Santé-Nord",
    "Health Sciences North",
    "Sunnybrook",
    "SickKids",
    "Sick Kids",
    "Toronto Western",
    "Toronto General",
    "Mount Sinai",
    "St. Michael's",
    "St Michael's",
    "Women's College",
    "Holland Bloorview",
    "Baycrest",
    "Montfort",
    "Bruyère",
    "The Ottawa Hospital",
    "Kingston Health Sciences Centre",
    "London Health Sciences Centre",
    "Hamilton Health Sciences",
    "Sault Area Hospital",
    "Thunder Bay Regional",
    "Weeneebayko",
    "Sioux Lookout Meno Ya Win",
    "Meno Ya Win",
    "North York General",
    "Trillium Health Partners",
    "William Osler",
    "Credit Valley",
    "Lakeridge Health",
    "Grand River Hospital",
    "Niagara Health",
    "Windsor Regional",
    "Vancouver General",
    "Foothills Medical Centre",
    "Royal Victoria",
    "Royal Jubilee",
    "CHU de Québec",
    "Sainte-Justine",
    "Jewish General",
    "Mayo Clinic",
    "Cleveland Clinic",
    "Johns Hopkins",
    "Mass General",
    "Dartmouth-Hitchcock",
    "Maine Medical Center",
)

_KNOWN_FACILITY_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in _KNOWN_FACILITIES) + r")(?![\w-])"
)

#: Words written with a period inside a name: "St.", "Ste.", "Mt.", an initial.
_ABBREVIATION_RE = re.compile(r"St\.|Ste\.|Mt\.|Dr\.|[A-Z]\.|(?:[A-Z]\.)+")

# one space or two (never a tab or a wider gap: in a printout that is the next column)
_FAC_BACK_RE = re.compile(rf"({_UP}[\w'’.&-]*|&|and|of|of the|on the|de|du) {{1,2}}$")

_FAC_FR_WORDS = (
    "hôpital hopital clinique pharmacie polyclinique centre clsc chsld csss cisss ciusss gmf "
    "résidence foyer maison unité pavillon imagerie radiologie laboratoire physiothérapie "
    "chiropratique"
)

_C_FAC_EN = category("facility keyword", _FACILITY_KEY_LIST, capital_only=True)
_C_FAC_FR = category("French facility keyword", _FAC_FR_WORDS.split())
_C_KNOWN_FAC = category("known facility", _KNOWN_FACILITIES, capital_only=True)


_C_GENERAL = category("a general hospital by its short name", "general", capital_only=True)
#: A general hospital called by its place and "General" after a preposition: "admitted from
#: Tolland and Vask General", "seen at Kingston General" (not "General Surgery").
_GENERAL_BACK_RE = re.compile(
    rf"(?<![\w'’-])(?:from|at|to|in|into|of|à)[ \t]+(?:the[ \t]+)?"
    rf"((?:{_UP}[\w'’.-]*[ \t]+(?:(?:and|&)[ \t]+)?){{1,4}})$"
)
_GENERAL_SHAPED_RE = re.compile(
    rf"(?<![\w'’.-])({_UP}[a-zà-ÿ'’-]+)[ \t]+(?:River|Lake|Creek|Valley|Bay|Harbour|Falls|Rapids|"
    r"Ridge|Point|Mills|Hills|Cove|Brook|Springs)[ \t]+$"
)
_GENERAL_AFTER_RE = re.compile(
    r"General(?![\w'’-])(?![ \t]+(?:[A-ZÀ-Þ]|practice|surgery|medicine|internal|public|ward|"
    r"anesthesia|anaesthesia|population|health|pediatrics|paediatrics|duty|care|unit|floor))"
)


_C_REGIONAL = category("a regional hospital by its short name", "regional", capital_only=True)
#: Since 1.15.0: "<Place> Regional" closes its name: punctuation, the line's end or a word of
#: grammar follows ("the ENT at X Regional is", never "X Regional office", "Regional Director").
_REGIONAL_AFTER_RE = re.compile(
    r"Regional(?=[ \t]*(?:[.,;:)\n]|$|(?:is|was|has|had|on|in|at|for|and|or|with|where|said|"
    r"says|ER|ED|emerg|emergency)(?![\w'’-])))"
)
#: Since 1.15.0: with no preposition, the name opens its line or follows a comma, a semicolon
#: or a bracket ("planner, X Shore General, with", "X General, Y site").
_GENERAL_LEAD_RE = re.compile(rf"(?:^|[,;(][ \t]*)((?:{_UP}[\w'’.-]*[ \t]+){{1,3}})$", re.M)
_COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
    ]
)
_GEO_WORDS = frozenset(
    [
        "shore",
        "coast",
        "valley",
        "bay",
        "lakes",
        "lake",
        "river",
        "hills",
        "highlands",
        "islands",
        "county",
        "district",
    ]
)


def _lead_place_ok(words: list[str], lex: Lexicon) -> bool:
    """Words that make a place: a compass word and a word of geography (``North Shore``), or
    words that lists know as places and none an everyday or facility word."""
    low = [w.lower() for w in words]
    if len(low) == 2 and low[0] in _COMPASS and low[1] in _GEO_WORDS:
        return True
    if any(w in _FACILITY_GENERIC or _everyday(words[k], lex) for k, w in enumerate(low)):
        return False
    return any(w in lex.places for w in low)


def _general_hospitals(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    heads = [(p, "General") for p in idx.at(_C_GENERAL)]
    heads += [(p, "Regional") for p in idx.at(_C_REGIONAL)]
    for p, head in heads:
        if not word_start_ok(text, p):
            continue
        if head == "General" and _GENERAL_AFTER_RE.match(text, p) is None:
            continue
        if head == "Regional" and _REGIONAL_AFTER_RE.match(text, p) is None:
            continue
        bm = _GENERAL_BACK_RE.search(text, max(0, p - 60), p)
        if bm is None:
            lm = _GENERAL_LEAD_RE.search(text, max(0, p - 50), p)
            if lm is not None and _lead_place_ok(lm.group(1).split(), lex):
                c.add(
                    lm.start(1),
                    p + len(head),
                    "FACILITY",
                    "a hospital by its short name",
                    P_FACILITY,
                )
                continue
            if head != "General":
                continue
            # (1.12.0) a place named by its shape needs no preposition: "with X River General
            # triage", "Dr. Y, X Rapids General)"
            sm = _GENERAL_SHAPED_RE.search(text, max(0, p - 40), p)
            if sm is not None and not any(
                w.lower() in _FACILITY_GENERIC or _everyday(w, lex) for w in sm.group(1).split()
            ):
                c.add(sm.start(1), p + len("General"), "FACILITY", "a general hospital", P_FACILITY)
            continue
        words = [w for w in bm.group(1).split() if w not in ("and", "&")]
        if any(w.lower() in _FACILITY_GENERIC or _everyday(w, lex) for w in words):
            continue
        if not any(w.lower() in lex.places or w.lower() not in lex.frequent for w in words):
            continue
        c.add(bm.start(1), p + len(head), "FACILITY", "a general hospital", P_FACILITY)


def facilities(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Facilities named by their keyword (Hospital, Clinic, Hôpital, CLSC...)."""
    text = c.text
    _general_hospitals(c, lex, idx)
    for p in idx.at(_C_FAC_EN):
        if not word_start_ok(text, p):
            continue
        m = _FACILITY_EN_RE.match(text, p)
        if m is None:
            continue
        key = m.group("key")
        if key in _FUNERAL_KEYS and _STREET_TYPE_AFTER_RE.match(text, m.end()):
            continue
        # walk back over capitalised words (and "and", "of", "&") on the same line
        start = m.start()
        words: list[tuple[int, str]] = []
        pos = start
        line_start = text.rfind("\n", 0, start) + 1
        while len(words) < 7:
            seg = text[max(line_start, pos - 40) : pos]
            wm = _FAC_BACK_RE.search(seg)
            if wm is None:
                break
            w = wm.group(1)
            if w.endswith(".") and not _ABBREVIATION_RE.fullmatch(w):
                break  # "... Centre. Continuing Care": a sentence ends before the name
            pos = pos - (len(seg) - wm.start())
            words.append((pos, w))
        while words and words[-1][1] in ("&", "and", "of", "of the", "de", "du", "on the"):
            words.pop()
        # drop leading determiners and generic words at the left edge
        while words and words[-1][1].lower() in (
            "the",
            "our",
            "a",
            "an",
            "this",
            "that",
            "at",
            "to",
        ):
            words.pop()
        if not words:
            continue
        names = [w for _, w in words]
        distinct = [
            w
            for w in names
            if w.lower() not in _FACILITY_GENERIC
            and w not in ("&", "and", "of", "of the", "de", "du", "on the")
            and not w.isupper()
            and not _everyday(w, lex)
        ]
        if key in _FACILITY_PLAIN_KEYS:
            distinct = [
                w
                for w in distinct
                if w.lower() not in lex.frequent
                and (
                    not w.lower().endswith(_ADJECTIVE_ENDINGS)
                    # a place's name in -ing that no list calls a word ("X Imaging", 1.7.0)
                    or (w.lower().endswith("ing") and len(w) > 7 and w.lower() not in lex.clinical)
                )
            ]
        if not distinct:
            distinct = [
                w for w in names if w.lower() in lex.places and w.lower() not in _FACILITY_GENERIC
            ]
        if not distinct:
            continue
        if len(names) == 1 and key == "Clinic" and names[0].lower() in _SPECIALTY_SHORT:
            continue  # (1.22.0) "Neuro Clinic 3", "Fracture Clinic": a hospital's department
        if (
            key in _FACILITY_WEAK_KEYS
            and len(distinct) < 2
            and not any(n.lower() in lex.places for n in names)
        ):
            continue
        fstart = words[-1][0]
        # a sentence-initial capital like "Saw" or "Called" is not part of a name
        c.add(fstart, m.end(), "FACILITY", f"named facility ('{key}')", P_FACILITY)
    for p in idx.at(_C_FAC_FR):
        m = (
            _FACILITY_FR_RE.match(text, p)
            if word_start_ok(text, p) or after_elision(text, p)
            else None
        )
        if m is None:
            continue
        nm = _FACILITY_FR_NAME_RE.match(text, m.end())
        if nm is None:
            continue
        name_words = re.findall(rf"{_UP}[\w'’.-]*", nm.group())
        if not name_words or all(
            lex.never_name(w) and w.lower() not in lex.places for w in name_words
        ):
            continue
        if m.group().startswith(("CISSS", "CIUSSS")) and _QC_REGION_RE.fullmatch(
            re.sub(r"^[ \t]*(?:de la|de|du|des|d'|l')?[ \t]*", "", nm.group())
        ):
            continue  # (1.22.0) a regional health authority named by its region: no place
        c.add(m.start(), nm.end(), "FACILITY", "named facility (French)", P_FACILITY)
    for p in idx.at(_C_KNOWN_FAC):
        m = _KNOWN_FACILITY_RE.match(text, p) if word_start_ok(text, p) else None
        if m is None:
            continue
        c.add(m.start(), m.end(), "FACILITY", "known hospital or health centre", P_FACILITY)


_FAC_KEYS = (
    r"(?:exploration[ \t]+camp|mine|mines|mill|sawmill|lumber(?:[ \t]+co\.?)?(?:[ \t]+mill)?|"
    r"plant|camp|lodge|shelter|motel|hotel|inn|tavern|pub|gas[ \t]+bar|bar|trading[ \t]+post|"
    r"store|general[ \t]+store|drug[ \t]+mart|mart|garage|"
    r"physio(?:[ \t]*(?:\+|&|and)[ \t]*sports?)?|"
    r"physiotherapy|"
    r"rehab[ \t]*(?:\+|&|and)[ \t]*sports?|"
    r"(?<=&[ \t])sons|(?<=and[ \t])sons|(?<=et[ \t])fils|(?<=&[ \t])fils|"
    r"(?:(?:community|general|district|memorial|regional)[ \t]+)?hosp(?:ital)?|"
    r"pharmacy|fht|fho|chc|nplc|family[ \t]+health|medical[ \t]+associates|associates|"
    r"care[ \t]+group|home[ \t]+care|services|centre|center|house|manor|villa|diner|"
    r"restaurant|café|cafe|arena|legion|outfitters|marina|quarry|smelter|refinery|mill[ \t]+site|"
    # since 1.7.0: halls, grain elevators, libraries, a band's office ("X Legion hall")
    r"hall|elevator|library|band[ \t]+office)"
)
#: Keywords (1.7.0) that also end everyday phrases ("Music Hall"): the name needs a word that
#: is no frequent word.
_WORK_PLAIN_KEYS = frozenset(["hall", "elevator", "library", "band office"])
_NAME_WORD = r"(?:[^\W\d_][\w'’.&-]*)"
_SONS_BEFORE_RE = re.compile(
    rf"(?<![\w'’-])((?:{_UP}[\w'’-]*[ \t]+){{0,3}}{_UP}[\w'’-]*)[ \t]+(?:&|and|et)[ \t]+$"
)
_WORK_KEY_RE = re.compile(rf"(?i)(?<=[ \t])({_FAC_KEYS})(?![\w'’-])")
_WORK_BACK_RE = re.compile(rf"(?<![\w'’-])((?:{_NAME_WORD} {{1,2}}){{1,4}})$")  # no column gap
_WORK_FR_RE = re.compile(
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

_C_WORK_KEY = category(
    "workplace keyword",
    """exploration mine mines mill sawmill lumber plant camp lodge shelter motel hotel inn tavern
    pub gas bar trading store general mart garage physio physiotherapy pharmacy fht fho chc nplc
    family medical associates care home services centre center house manor villa diner
    restaurant café cafe arena legion outfitters marina quarry smelter refinery rehab community
    district memorial regional hosp hospital drug sons fils hall elevator library band""",
)
_C_WORK_FR = category(
    "French workplace keyword",
    """scierie dépanneur depanneur bar fromagerie boulangerie mine physio clinique pharmacie resto
    restaurant motel auberge camp chantier garage quincaillerie équipe""",
    capital_only=True,
)


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


#: Since 1.22.0: where a sentence or a line opens (a capital there says nothing of a name).
_SENTENCE_OPENS_RE = re.compile(r"(?:^|[.!?;:][ \t]+|\n[ \t]*|^[ \t]*)$")


def workplaces(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Workplaces and places people are found, by the keyword ending (or starting) their name."""
    text = c.text
    for km in anchored(_WORK_KEY_RE, text, idx.at(_C_WORK_KEY)):
        key_start = km.start()
        if km.group(1).lower() in ("sons", "fils"):
            # "Halvorsen & Sons", "Tremblay et Fils": the name is read before the joiner
            jm = _SONS_BEFORE_RE.search(text, max(0, key_start - 80), key_start)
            if jm is None or not km.group(1)[0].isupper():
                continue
            names = [w for w in jm.group(1).split() if not _everyday(w, lex)]
            if not any(w.lower() not in lex.frequent or w.lower() in lex.surnames for w in names):
                continue  # "Mother and Sons": everyday words, no family's name
            c.add(jm.start(1), km.end(), "FACILITY", "a family business", P_FACILITY)
            continue
        back = _WORK_BACK_RE.search(text, max(0, key_start - 80), key_start)
        if back is None:
            continue
        fm_ = _Match(back.start(1), km.start(), km.end(), text)
        words = fm_.group(1).split()
        lower = fm_.group().islower()
        # keep the run of name words nearest the keyword
        kept: list[str] = []
        # a trade's noun in lower case between the name and a lower-case keyword: "X cheese
        # plant", "X drill camp", "X grain elevator" (1.7.0)
        modifier = (
            not lower
            and km.group(1)[:1].islower()
            and len(words) >= 2
            and words[-1].isalpha()
            and words[-1].islower()
            and words[-1] not in _STOP
            and words[-1] not in _GENERIC
            and words[-2][:1].isupper()
        )
        if modifier:
            words = words[:-1]
        for w in reversed(words):
            wl = w.lower()
            if w.endswith(".") and not _ABBREVIATION_RE.fullmatch(w):
                break  # a sentence ends before the name
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
        key = text[fm_.end(1) : fm_.end()].lower()
        if (modifier or re.sub(r"[ \t]+", " ", key) in _WORK_PLAIN_KEYS) and all(
            w.lower() in lex.frequent or lex.never_name(w) for w in words
        ):
            continue  # "Music Hall", "the Cardiac cath lab": everyday words, no name
        hosp = key.endswith(("hosp", "hospital"))
        # a town's hospital, in lower-case notes only: "kapuskasing community hosp"
        town = lower and all(lex.places.get(w.lower()) is False for w in words)
        if hosp and not town:
            continue
        if (
            lower
            and not (hosp and town)
            and all(w in lex.frequent or w.endswith(("ed", "ing", "ly", "'s", "’s")) for w in words)
        ):
            continue  # "the nearest pharmacy", "a dry camp": everyday words, not a name
        weak = key in ("house", "centre", "center", "services", "associates", "bar", "inn", "store")
        if weak and not all(w[:1].isupper() for w in words):
            continue
        if not lower and not all(w[:1].isupper() or w.lower() in ("and", "of", "&") for w in words):
            continue
        start = text.rfind(words[0], fm_.start(), fm_.end(1))
        if start < 0:
            continue
        if (
            len(words) == 1
            and text[fm_.end(1) : fm_.end(1) + 1].islower()
            and words[0].lower() in lex.frequent
            and not lex.places.get(words[0].lower())
            and _SENTENCE_OPENS_RE.search(text, max(0, start - 3), start)
        ):
            continue  # (1.22.0) "Saw mill worker": a sentence's first word, capital by place
        c.add(
            start,
            fm_.end(),
            "FACILITY",
            "names a workplace or a place where people are found",
            P_FACILITY,
        )
    for m in anchored(_WORK_FR_RE, text, idx.at(_C_WORK_FR)):
        c.add(m.start(1), m.end(1), "FACILITY", "names a workplace or a place", P_FACILITY)
