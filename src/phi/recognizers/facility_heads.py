"""Facilities named by a head word the older rules do not read (1.6.0).

- Letterheads (:func:`letterheads`): a line (or the first column of a line) in capitals that
  ends in a facility head (``X Y GENERAL HOSPITAL``, ``X NURSING STATION``, ``X APOTHECARY``,
  ``FROM: X Y MEDICAL``), and the same name written in mixed case elsewhere in the note.
- Trades and meeting places (:func:`trades`): capitalised words before a trade's or a meeting
  place's head word (``X Hatchery``, ``X Cold Storage``, ``X Grocery``, ``X Band Office``,
  ``X Hardware``), with a second trade joined by ``&`` (``X Hatchery & Poultry``); lower case
  only as a family's business (``<surname>'s hardware``).
- French and other head-first names (:func:`head_first`): ``Transports X``, ``Coopérative
  agricole de X``, ``Refuge La X``, ``Maison Le X``, ``Épicerie X``, ``Farmácia X``, and a
  practice named after a person (``Clinique de physiothérapie <given name> <surname>``).
- Lower-case heads (:func:`lower_heads`, 1.9.0): a capitalised place or name before a lower-case
  head (``<Town> hospital``, ``<Town> medical clinic``, ``<Name>'s funeral home``) or a service
  club (``<Town> Lions Club``).

Every rule reads a class of names from general word lists (trades, head words, given names),
never a particular name.
"""

from __future__ import annotations

import itertools
import re

from phi.core import P_FACILITY, Collector
from phi.index import TextIndex, after_elision, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.common import _UP, _everyday, words

# ---------------------------------------------------------------------------------------------
# letterheads

#: Head words of a facility, in capitals, that end a letterhead's name (longest first).
_CAPS_HEADS = (
    "GENERAL HOSPITAL|MEMORIAL HOSPITAL|DISTRICT HOSPITAL|REGIONAL HOSPITAL|COMMUNITY HOSPITAL|"
    "HOSPITAL|NURSING STATION|HEALTH CENTRE|HEALTH CENTER|MEDICAL CENTRE|MEDICAL CENTER|"
    "MEDICAL CLINIC|FAMILY HEALTH TEAM|FAMILY PRACTICE|FAMILY MEDICINE|HEALTH CLINIC|CLINIC|"
    "PHARMACY|APOTHECARY|DRUG MART|DRUGS|CHEMISTS|MEDICAL ASSOCIATES|MEDICAL GROUP|MEDICAL|"
    "HEALTH SERVICES|PHYSIOTHERAPY|REHABILITATION|HEALTH CENTRE|LODGE|MANOR|NURSING HOME|"
    "CARE CENTRE|CARE HOME|HOSPICE|INFIRMARY|CHC|FHT|"
    # law firms and companies (1.7.0): "X Y Z LLP", "X LAW OFFICE", "X PHARMACY LTD."
    "LLP|LAW OFFICE|LAW OFFICES|LAW FIRM|BARRISTERS|SOLICITORS|"
    # (1.8.0) chiropractic, dental, counselling and wellness offices
    "CHIROPRACTIC|DENTAL CENTRE|DENTAL CLINIC|DENTAL|DENTISTRY|COUNSELLING|COUNSELING|WELLNESS|"
    "PHYSIO|ORTHODONTICS|OPTOMETRY|"
    # (1.9.0) volunteers' and community organisations, midwives, naturopaths
    "HOSPICE VOLUNTEERS|VOLUNTEERS|MIDWIVES|MIDWIFERY|NATUROPATHIC|NATUROPATHY|ACUPUNCTURE|"
    # (1.12.0) imaging and laboratories
    "DIAGNOSTIC IMAGING|MEDICAL IMAGING|IMAGING|RADIOLOGY|LABORATORIES|LABORATORY|DIAGNOSTICS|"
    # (1.14.0) a specialist's practice named by its specialty: "X NEUROLOGY", "X Y CARDIOLOGY"
    "NEUROLOGY|CARDIOLOGY|DERMATOLOGY|UROLOGY|GASTROENTEROLOGY|RHEUMATOLOGY|NEPHROLOGY|"
    "ENDOCRINOLOGY|OPHTHALMOLOGY|AUDIOLOGY|PEDIATRICS|PAEDIATRICS|ORTHOPAEDICS|ORTHOPEDICS|"
    "PSYCHIATRY|ONCOLOGY|ALLERGY"
)
#: A company's legal ending after a letterhead's head word.
_CAPS_LEGAL_END = r"(?:[ \t]+(?:LTD|INC|LLP|CORP|LIMITED)\.?)?"
# a run of 1-5 words in capitals before the head; the head ends the line, a column or a dash
# the head, ending the line, a column, or followed by a dash, a comma or a bracket
_LETTERHEAD_HEAD_RE = re.compile(
    rf"(?<![A-ZÀ-Þ'’.&-])(?:{_CAPS_HEADS})(?:[ \t]+&[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’-]+)?{_CAPS_LEGAL_END}"
    # (1.14.0) or a letterhead's bullet before its address: "X PHARMACY * 38 Y Rd"
    r"(?=[ \t]*$|[ \t]{2,}|\t|[ \t]+[-–—|*•·][ \t]|[ \t]*[,(])",
    re.M,
)
_C_CAPS_HEAD = category(
    "a facility head in capitals",
    "general memorial district regional community hospital nursing health medical family clinic "
    "pharmacy apothecary drug drugs chemists physiotherapy rehabilitation lodge manor care hospice "
    "infirmary chc fht llp law barristers solicitors chiropractic dental dentistry counselling "
    "counseling wellness physio orthodontics optometry volunteers midwives midwifery naturopathic "
    "naturopathy acupuncture diagnostic imaging radiology laboratories laboratory diagnostics "
    "neurology cardiology dermatology urology gastroenterology rheumatology nephrology "
    "endocrinology ophthalmology audiology pediatrics paediatrics orthopaedics orthopedics "
    "psychiatry oncology allergy",
    capital_only=True,
)
# 1-5 words in capitals before the head, at the line's start or after a sender's label
_LETTERHEAD_NAME_RE = re.compile(
    # (or, since 1.7.0, after a comma in a line of capitals: "DR. X, Y FAMILY PRACTICE, TOWN")
    # (or, since 1.21.0, after a column gap of three spaces in a header line: "DAY SHEET   X Y
    # MEDICAL CLINIC   41 Main St")
    r"(?:^|(?i:from|de|expéditeur)[ \t]*:|(?<=[A-Z]),|(?<=\S)[ \t]{3,})[ \t]*"
    r"((?:[A-ZÀ-Þ][A-ZÀ-Þ'’.&-]{0,30}[ \t]){1,5})$"
)
#: Capitals that make no facility's name on their own (headings: "CHRONIC PAIN CLINIC").
_CAPS_GENERIC = words(
    """the a an of and & for our your this at to from re fax from: de du des la le les
    community family health medical regional general district memorial rural primary care
    pain chronic mental public urgent walk-in opioid addiction addictions methadone sleep
    cancer dental eye cardiac heart kidney renal stroke spine sports diagnostic imaging
    clinic hospital nursing station centre center pharmacy lodge home house services service
    interprofessional virtual academic teaching outpatient inpatient university new main
    central north south east west northern southern eastern western canadian canada national
    provincial federal ontario quebec québec alberta manitoba saskatchewan british columbia
    nova scotia brunswick newfoundland labrador echo project team unit department program
    programme discharge summary referral consult consultation note notes report letter patient
    transmission confidential"""
)


_ADJ_ENDINGS = ("ing", "ed", "al", "ic", "ive", "ory", "ary", "ous", "ful", "less", "ical")


def _caps_name_ok(words: list[str], lex: Lexicon) -> bool:
    low = [w.lower().strip(".") for w in words]
    if not low:
        return False
    distinct = [w for w in low if w not in _CAPS_GENERIC and w not in lex.regions]
    if not distinct:
        return False
    # a drug, a clinical term, a common word or an adjective alone is no name ("OPIOID TAPERING
    # CLINIC", "INTEGRATED CLINIC")
    return not all(
        w in lex.clinical or w in lex.drugs or w in lex.common or w.endswith(_ADJ_ENDINGS)
        for w in distinct
    )


def letterheads(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A facility's name in capitals at the head of a line (a letterhead, a fax header's
    sender), and the same words in mixed case elsewhere in the note."""
    text = c.text
    names: list[str] = []
    for p in idx.at(_C_CAPS_HEAD):
        if not text[p : p + 3].isupper():
            continue
        h = _LETTERHEAD_HEAD_RE.match(text, p)
        if h is None:
            continue
        line_start = text.rfind("\n", 0, h.start()) + 1
        seg_start = max(line_start, h.start() - 120)
        m = _LETTERHEAD_NAME_RE.search(text[seg_start : h.start()])
        if m is None:
            continue
        lead = m.group()[: m.start(1) - m.start()]
        if ":" not in lead and "," not in lead and seg_start != line_start:
            continue  # the segment was cut: its start is no line's start
        caps = m.group(1).split()
        if not _caps_name_ok(caps, lex):
            continue
        start = seg_start + m.start(1)
        c.add(start, h.end(), "FACILITY", "a facility's name in a letterhead", P_FACILITY)
        names.append(text[start : h.end()])
    names += _french_letterheads(c, lex, idx)
    low = c.lower
    for name in set(names):
        target = name.lower()
        pos = low.find(target)
        while pos >= 0:
            end = pos + len(target)
            if word_start_ok(text, pos) and (end == len(text) or not text[end].isalnum()):
                seg = text[pos:end]
                if not seg.isupper() and all(w[:1].isupper() for w in seg.split()):
                    c.add(pos, end, "FACILITY", "a letterhead's facility named again", P_FACILITY)
            pos = low.find(target, end)


#: French facility heads that come first, in capitals (1.12.0).
_C_CAPS_HEAD_FIRST = category(
    "a French facility head first, in capitals (1.12.0)",
    "clinique polyclinique résidence residence pharmacie centre manoir foyer cabinet maison",
    capital_only=True,
)
_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞŒ][A-ZÀ-ÖØ-ÞŒ-]*"
_CAPS_LINK = r"(?:DE[ \t]+LA|DE[ \t]+L['’]|DU|DES|DE|D['’])"
#: ``CLINIQUE D'X DU Y``, ``RÉSIDENCE LES X DU Y``: the head, then an article and a word, or two
#: complements (``de``/``du``/``des`` and a word), the line's whole head (it ends the line, or a
#: dash, a bracket, a comma or a column gap follows).
_FRENCH_LETTERHEAD_RE = re.compile(
    r"(?:CLINIQUE|POLYCLINIQUE|RÉSIDENCE|RESIDENCE|PHARMACIE|CENTRE|MANOIR|FOYER|CABINET|MAISON)"
    rf"((?:[ \t]+{_CAPS_WORD})?"  # a kind: "CLINIQUE MÉDICALE", "CENTRE DENTAIRE"
    rf"(?:[ \t]+(?:LES|LE|LA|L['’])[ \t]*{_CAPS_WORD}"
    rf"|(?:[ \t]+|(?<=[A-Z])[ \t]*){_CAPS_LINK}[ \t]*{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})?)"
    rf"(?:[ \t]+{_CAPS_LINK}[ \t]*{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})?)?)"
    r"(?=[ \t]*$|[ \t]{2,}|\t|[ \t]+[-–—|(][ \t]?|[ \t]*,)",
    re.M,
)
_DIRECTIONS_FR = words("nord sud est ouest nord-est nord-ouest sud-est sud-ouest")
_FRENCH_ARTICLE_RE = re.compile(r"[ \t]+(?:LES|LE|LA|L['’])[ \t]*[A-ZÀ-Þ]")


def _french_letterheads(c: Collector, lex: Lexicon, idx: TextIndex) -> list[str]:
    """(1.12.0) A French facility named head first in a line of capitals at its start
    (``CLINIQUE D'X DU Y``, ``RÉSIDENCE LES X DU Y``): a name needs an article after the head
    or two complements, the last a direction, a town or a word no frequent-word list holds; the
    last word no clinical term or drug, and no heading's kind alone (``CLINIQUE DE LA
    DOULEUR``, ``CENTRE DE SANTÉ ET DE SERVICES SOCIAUX``)."""
    text = c.text
    found: list[str] = []
    for p in idx.at(_C_CAPS_HEAD_FIRST):
        line_start = text.rfind("\n", 0, p) + 1
        if text[line_start:p].strip() or not text[p : p + 4].isupper():
            continue
        m = _FRENCH_LETTERHEAD_RE.match(text, p)
        if m is None:
            continue
        rest = m.group(1)
        links = re.findall(rf"(?<![A-ZÀ-Þ]){_CAPS_LINK}(?=[ \t]|[A-ZÀ-Þ])", rest)
        last = re.findall(r"[A-ZÀ-ÖØ-ÞŒ-]+", rest)[-1].lower()
        if last not in _DIRECTIONS_FR and (
            last in lex.clinical or last in lex.drugs or last in _CAPS_GENERIC
        ):
            continue  # ("SUD" is also an abbreviation of a clinical term)
        if not _FRENCH_ARTICLE_RE.match(rest) and not (
            len(links) >= 2
            and (last in _DIRECTIONS_FR or last in lex.places or last not in lex.frequent)
        ):
            continue  # "CENTRE DE SANTÉ ET DE SERVICES SOCIAUX": kinds of care, no name
        c.add(p, m.end(), "FACILITY", "a facility's name in a letterhead", P_FACILITY)
        found.append(text[p : m.end()])
    return found


# ---------------------------------------------------------------------------------------------
# trades and meeting places, head word last

#: Head words of trades, shops and meeting places (general English vocabulary of businesses).
_TRADE_HEADS = (
    "Hatchery|Hatcheries|Poultry|Cold Storage|Grocery|Groceries|Grocers|Supermarket|Foods|"
    "Hardware|Home Hardware|Lumber|Building Supplies|Feed Mill|Feeds|Feed & Seed|Feed and Seed|"
    "Creamery|"
    "Cheese Factory|Bakery|Butcher Shop|Butchers|Abattoir|Meat Market|Fish Plant|Packing Plant|"
    "Seafoods|Seafood|Fish Co-op|Fishermen's Co-op|Co-operative|Cooperative|Coop|Orchards|"
    "Orchard|Vineyards|Winery|Brewery|Distillery|Nursery|Garden Centre|Auto Body|Body Shop|"
    "Autobody|Tire|Tires|Towing|Salvage|Machine Shop|Welding|Fabrication|Plumbing|Electric|"
    "Heating|Nails|Nail Salon|Salon|Spa|Barbershop|Barber Shop|Laundromat|Dry Cleaners|"
    "Cleaners|Convenience|Variety|Variety Store|Gas & Convenience|Band Office|Band Council|"
    "Health Office|Friendship Centre|Friendship Center|Community Hall|Curling Club|Golf Club|"
    "Rink|Legion Branch|Warehouse|Distribution Centre|Distribution Center|Call Centre|"
    "Call Center|Fulfillment Centre|"
    # since 1.7.0, from general vocabularies of businesses, charities and congregations: law
    # firms, trades and dealers, food banks, housing and youth services, schools, churches
    "LLP|Law Office|Law Offices|Law Firm|Barristers|Cabinetry|Cabinets|Millwork|Woodworking|"
    "Ag Parts|Auto Parts|Parts|Implements|Equipment|Machinery|Roofing|Eavestrough|Siding|"
    "Food Bank|Food Cupboard|Food Pantry|Soup Kitchen|Fellowship|United Church|Lutheran Church|"
    "Anglican Church|Baptist Church|Pentecostal Church|Catholic Church|Church|Chapel|"
    "Tabernacle|Mosque|Synagogue|Gurdwara|Housing Hub|Housing|Youth Centre|Youth Center|"
    "Collegiate|Secondary School|High School|Elementary School|Public School|Academy|"
    "Sleep Lab|Sleep Clinic|Laboratory|Drugs|Nursing|Companions|Home Care|Home Health|"
    "Therapy Services|Athletic Therapy|MRI|Depot|Timber|Sawmills|Packers|"
    # (1.12.0) packers, pits and quarries, midwives' practices
    "Packing|Sand & Gravel|Gravel|Aggregates|Aggregate|Quarry|Midwives|Midwifery|"
    # (1.21.0) workplaces of forestry, boat yards and outdoor work, and more schools and clubs
    "Forest Products|Wood Products|Marine Works|Iron Works|Ironworks|Boat Works|Boatworks|"
    "Boat Yard|Boatyard|Marina|Ski Hill|Ski Resort|Ski Area|Riding Club|Saddle Club|"
    "Yacht Club|Rod & Gun Club|Rod and Gun Club|Snowmobile Club|Consolidated School|"
    "Regional School|Composite School|Composite High School|National Park|Provincial Park"
)
#: Heads added in 1.7.0: the name before them needs a word that is no frequent word, no
#: clinical word or drug and no adjective ("Cath Lab", "Home Nursing", "Brain MRI").
_TRADE_STRICT = words(
    "LLP Cabinetry Cabinets Millwork Woodworking Parts Implements Equipment Machinery Siding "
    "Eavestrough Fellowship Church Chapel Tabernacle Mosque Synagogue Gurdwara Housing Hub Bank "
    "Cupboard Pantry Kitchen Collegiate Academy School Lab Clinic Laboratory Drugs Nursing "
    "Companions Care Health MRI Depot Timber Sawmills Packers Roofing Office Offices Firm "
    "Barristers Services Therapy Centre Center Packing Gravel Aggregates Aggregate Quarry "
    "Midwives Midwifery Products Works Yard Marina Hill Resort Area Club Park"
)
_TRADE_RE = re.compile(
    rf"({_TRADE_HEADS})(?![\w'’-])"
    # a company's legal ending (1.7.0): "X Timber Ltd.", "X Cabinetry Inc."
    r"(?:[ \t]+(?:Ltd|Inc|LLP|Corp|Limited)\.?(?![\w'’-]))?"
)
# a second trade joined to the first: "... Hatchery & Poultry", "... Feeds and Supply"
_TRADE_TAIL_RE = re.compile(rf"[ \t]+(?:&|and)[ \t]+{_UP}[\w'’-]+(?![\w'’-])")
_TRADE_BACK_RE = re.compile(rf"((?:{_UP}[\w'’.-]*[ \t]){{1,4}})$")
_C_TRADE = category(
    "trade or meeting place head",
    [h for h in _TRADE_HEADS.split("|")],
    capital_only=True,
)
#: Heads that are also ordinary English in a capitalised phrase ("Quality Assurance Plant"):
#: the words before them need one that is no frequent word.
_TRADE_PLAIN = words(
    "Foods Tire Tires Electric Heating Variety Convenience Salon Spa Nursery Warehouse Rink "
    "Welding Plumbing Cleaners Salvage Towing Fabrication Nails Orchard Seafood"
)
_TRADE_STOP = words(
    "the a an at to from in of on for by with and or his her their our my your this that "
    "local same new old big nearest"
)


def trades(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``X Hatchery``, ``X Cold Storage``, ``X Band Office``, ``<surname>'s hardware``."""
    text = c.text
    for p in idx.at(_C_TRADE):
        if not word_start_ok(text, p):
            continue
        m = _TRADE_RE.match(text, p)
        if m is None:
            continue
        head = m.group(1)
        end = m.end()
        tm = _TRADE_TAIL_RE.match(text, end)
        tail = tm.group().split()[-1] if tm is not None else ""
        if tm is not None and not _everyday(tail, lex) and not tail.isupper():
            end = tm.end()
        bm = _TRADE_BACK_RE.search(text, max(0, p - 80), p)
        if bm is None:
            continue
        kept: list[str] = []
        for w in reversed(bm.group(1).split()):
            wl = w.lower()
            if wl in _TRADE_STOP or (w.endswith(".") and len(w) > 3):
                break
            kept.insert(0, w)
        if not kept or (kept[0].isupper() and len(kept[0]) > 1 and not text[p:end].isupper()):
            continue  # "EDS Physiotherapy": an acronym before a title-case head
        low = [w.lower().strip(".") for w in kept]
        if all(w in lex.regions or w in _CAPS_GENERIC or lex.never_name(w) for w in low):
            continue
        if (head in _TRADE_PLAIN or len(kept) == 1) and all(
            w in lex.frequent and w not in lex.places for w in low
        ):
            continue  # "Power Plant", "Quality Foods": everyday words, no name
        start = p - len(" ".join(kept)) - 1
        start = text.rfind(kept[0], max(0, start - 4), p)
        if start < 0:
            continue
        found_before = _facility_ending_at(c, text, p)
        if found_before is not None:
            # (1.12.0) a facility found just before the head is the same name: "X Centre Drugs"
            start = min(start, found_before)
        elif head.split()[-1] in _TRADE_STRICT and not (
            any(
                w not in lex.frequent
                and not lex.never_name(w)
                and w not in _CAPS_GENERIC
                and not w.endswith((*_ADJ_ENDINGS, "ar"))
                for w in low
            )
            or _place_shaped(kept, lex)
        ):
            continue  # "Cath Lab", "Home Nursing", "Lumbar Spine MRI": no name before the head
        c.add(start, end, "FACILITY", f"a business or meeting place ('{head}')", P_FACILITY)
    _family_trades(c, lex)


#: Generic terms that end Canadian place names ("X River", "X Lake") (1.12.0).
_PLACE_SUFFIXES = words(
    "River Lake Creek Valley Bay Harbour Falls Rapids Ridge Point Mills Hills Cove Brook Springs"
)


def _place_shaped(kept: list[str], lex: Lexicon) -> bool:
    """(1.12.0) A place named by its shape among the words before a head: a capitalised word
    that is no everyday, clinical, generic word or adjective, then a place-name suffix
    (``X River Meat Packers``)."""
    for a, b in itertools.pairwise(kept):
        al = a.lower()
        if (
            b in _PLACE_SUFFIXES
            and a[:1].isupper()
            and not lex.never_name(al)
            and al not in _CAPS_GENERIC
            and not al.endswith(_ADJ_ENDINGS)
        ):
            return True
    return False


def _facility_ending_at(c: Collector, text: str, p: int) -> int | None:
    """The start of a facility found whose name ends one space before ``p``."""
    if p < 2 or text[p - 1] != " ":
        return None
    for k in c.cands:
        if k.kind == "FACILITY" and k.end == p - 1:
            return k.start
    return None


_FAMILY_TRADE_RE = re.compile(
    r"(?<![\w'’-])([a-z][a-z-]{2,20})['’]s[ \t]+(hardware|grocery|bakery|garage|market|"
    r"butcher shop|meats|auto body|towing|lumber|variety|convenience|feed store|hatchery)"
    r"(?![\w'’-])"
)


_LOWER_GENERAL_RE = re.compile(
    r"(?<![\w'’-])(?:at|to|from|in|into)[ \t]+((?:(?:saint|st\.?|ste\.?|sainte)[ \t]+)?"
    r"([a-zà-ÿ][a-zà-ÿ'’-]{3,20}))[ \t]+general(?![\w'’-])(?![ \t]+(?:practice|surgery|"
    r"medicine|internal|public|ward|anesthesia|population|health|pediatrics|duty|care|unit|floor))"
)


def lower_general(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A general hospital by its short name in lower-case notes: ``at <name> general``, when
    the name is no frequent word (never ``in general``, ``at the general``)."""
    text = c.text
    low = c.lower
    pos = low.find(" general")
    while pos >= 0:
        m = _LOWER_GENERAL_RE.search(text, max(0, pos - 40), pos + 8)
        if m is not None and m.end() == pos + 8 and text[m.start(1) : m.end()].islower():
            w = m.group(2)
            if not (w in lex.frequent or lex.never_name(w) or w in lex.regions):
                c.add(
                    m.start(1), m.end(), "FACILITY", "a general hospital (lower case)", P_FACILITY
                )
        pos = low.find(" general", pos + 8)


def _family_trades(c: Collector, lex: Lexicon) -> None:
    """A business called by its family's name in lower-case notes: ``<surname>'s hardware``
    when the name is a listed surname and no everyday word."""
    text = c.text
    if "'s " not in text and "’s " not in text:
        return
    for m in _FAMILY_TRADE_RE.finditer(text):
        w = m.group(1)
        if w not in lex.surnames_all or lex.never_name(w) or w in lex.first_names_all:
            continue
        if w in lex.common or w in lex.surname_words:
            continue
        c.add(m.start(1), m.end(2), "FACILITY", "a family's business", P_FACILITY)


# ---------------------------------------------------------------------------------------------
# head first: French and other languages' business and shelter names

_HEAD_FIRST_RE = re.compile(
    r"(?:Transports|Transport|Camionnage|Entreprises|Les[ \t]+Entreprises|Construction|"
    r"Coopérative|Coop|Épicerie|Epicerie|Marché|Boucherie|Boulangerie|Quincaillerie|Garage|"
    r"Ferme|Érablière|Erabliere|Pourvoirie|Meunerie|Abattoir|Conserverie|Poissonnerie|"
    r"Refuge|Maison|Auberge|Hébergement|Havre|Halte|Centre[ \t]+d['’]hébergement|"
    r"Farmácia|Farmacia|Drogaria|Apteka|Panadería|Padaria|Tienda|Supermercado|Mercado|"
    r"Caisse[ \t]+populaire|Caisse[ \t]+Desjardins|Pavillon)"
    # a trade in lower case after "de" before the name: "Coopérative de transport X" (1.7.0)
    r"(?:[ \t]+(?:de|d['’])[ \t]*[a-zà-ÿ]{4,16}(?=[ \t]+[A-ZÀ-Þ]))?"
    # an optional adjective in lower case before "de X": "Coopérative agricole de Sarsfield"
    r"(?:[ \t]+[a-zà-ÿ]{4,16}(?=[ \t]+(?:de|du|des|d['’])[ \t]*(?:la[ \t]+|l['’])?[A-ZÀ-Þ]))?"
    r"(?:[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|chez|do|da|dos|das|del))?"
    r"(?:[ \t]+(?:Le|La|Les|L['’]|El|Los|Las|O|A|Os|As))?[ \t]*"
    rf"({_UP}[\w'’-]*(?:[ \t]+(?:et[ \t]+|&[ \t]+)?{_UP}[\w'’-]*){{0,2}})"
)
_ARTICLE_END_RE = re.compile(r"[ \t](?:Le|La|Les|L['’]|El|Los|Las|O|A|Os|As)[ \t]*$")
_C_HEAD_FIRST = category(
    "head-first business or shelter",
    """transports transport camionnage entreprises les construction coopérative coop épicerie
    epicerie marché boucherie boulangerie quincaillerie garage ferme érablière erabliere
    pourvoirie meunerie abattoir conserverie poissonnerie refuge maison auberge hébergement
    havre halte centre farmácia farmacia drogaria apteka panadería padaria tienda supermercado
    mercado caisse pavillon""",
    capital_only=True,
)
#: Heads that are also ordinary capitalised words at a sentence's start or in a heading: the
#: name after them needs an article ("Maison Le X") or a word that is no frequent word.
_HEAD_FIRST_WEAK = words(
    "Maison Refuge Havre Halte Construction Garage Ferme Transport Transports Marché"
)
_SPECIALTY_PERSON_RE = re.compile(
    r"(?:Clinique|Cabinet|Centre|Bureau)[ \t]+(?:de|d['’])[ \t]*[a-zà-ÿ-]{4,20}"
    r"(?:[ \t]+(?:et|&)[ \t]+[a-zà-ÿ-]{4,20})?[ \t]+"
    rf"({_UP}[\w'’-]+)[ \t]+({_UP}[\w'’-]+(?:-{_UP}[\w'’-]+)?)"
)
_C_SPECIALTY = category("a practice's head", "clinique cabinet centre bureau", capital_only=True)


def head_first(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Names written after their head word: ``Transports X``, ``Refuge La X``, ``Maison Le X``,
    ``Coopérative agricole de X``, ``Farmácia X``, ``Clinique de physiothérapie <person>``."""
    text = c.text
    for p in idx.at(_C_HEAD_FIRST):
        if not (word_start_ok(text, p) or after_elision(text, p)):
            continue
        m = _HEAD_FIRST_RE.match(text, p)
        if m is None:
            continue
        head = text[p : m.start(1)].split()[0]
        name = m.group(1).split()
        low = [w.lower() for w in name if w not in ("et", "&")]
        article = re.search(
            r"[ \t](?:Le|La|Les|L['’]|El|Los|Las|O|A|Os|As)[ \t]*$", text[p : m.start(1)]
        )
        if all(lex.never_name(w) and w not in lex.places for w in low):
            continue
        if all(w in lex.regions for w in low):
            continue  # "Coopérative de Québec": a province names no one's workplace
        if (
            head in _HEAD_FIRST_WEAK
            and article is None
            and all(w in lex.frequent and w not in lex.places for w in low)
        ):
            continue
        # a line in capitals or a sentence's first word: "Maison" alone at a heading is no name
        if text[p : m.end()].isupper():
            continue
        c.add(p, m.end(1), "FACILITY", f"a business or shelter named after '{head}'", P_FACILITY)
    for p in idx.at(_C_SPECIALTY):
        if not word_start_ok(text, p):
            continue
        m = _SPECIALTY_PERSON_RE.match(text, p)
        if m is None:
            continue
        given, surname = m.group(1).lower(), m.group(2).lower()
        if lex.never_name(surname) or lex.never_name(given) or surname in lex.places:
            continue
        if given not in lex.first_names_all and surname not in lex.surnames_all:
            continue
        c.add(p, m.end(2), "FACILITY", "a practice named after a person", P_FACILITY)


# ---------------------------------------------------------------------------------------------
# companies by their legal form (1.8.0)

_C_LEGAL_FORM = category(
    "a company's legal form after its name (1.8.0)", "inc ltée limitée ltd enr s.e.n.c"
)
_LEGAL_FORM_RE = re.compile(r"(?:inc|Inc|INC|ltée|Ltée|limitée|Limitée|Ltd|enr|Enr)\.?(?![\w'’-])")
#: Capitalised words (with "et", "de", "&" between them) just before the legal form: "Les
#: Menuiseries X inc.", "Transports X ltée", "X Timber Ltd.".
_LEGAL_NAME_RE = re.compile(
    rf"((?:(?:Les|La|Le|L['’])[ \t]*)?{_UP}[\w'’&.-]*"
    rf"(?:[ \t]+(?:(?:et|de|du|des|and|&|of)[ \t]+)?{_UP}[\w'’&.-]*){{0,6}})[ \t]*,?[ \t]*$"
)
_LEGAL_GENERIC = words("les la le l' the et de du des and & of")


def legal_forms(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A company named by its legal form (inc., ltée, Ltd., enr.): the capitalised words
    before it, with at least one that is no everyday word and not every word in capitals."""
    text = c.text
    for p in idx.at(_C_LEGAL_FORM):
        if not word_start_ok(text, p):
            continue
        fm = _LEGAL_FORM_RE.match(text, p)
        if fm is None:
            continue
        line_start = text.rfind("\n", 0, p) + 1
        seg_start = max(line_start, p - 100)
        nm = _LEGAL_NAME_RE.search(text, seg_start, p)
        if nm is None:
            continue
        names = [w for w in nm.group(1).split() if w.lower() not in _LEGAL_GENERIC]
        if not names or all(w.isupper() for w in names):
            continue  # a name in capitals is read by the letterhead rule
        if not any(not _everyday(w.strip(".,"), lex) for w in names):
            continue
        c.add(
            nm.start(1), fm.end(), "FACILITY", "a company named before its legal form", P_FACILITY
        )


# ---------------------------------------------------------------------------------------------
# a capitalised place or name before a lower-case head word (1.9.0)

#: Lower-case heads of a facility after its place or owner: "<town> hospital", "<name>'s funeral
#: home", "<town> palliative care office" (a specialty word or two may come between).
_LOWER_HEADS = (
    r"hospital|clinic|health[ \t]+cent(?:re|er)|medical[ \t]+cent(?:re|er)|nursing[ \t]+station|"
    r"rehab(?:ilitation)?[ \t]+(?:unit|cent(?:re|er))|funeral[ \t]+home|"
    r"(?:palliative[ \t]+care|public[ \t]+health|home[ \t]+care|health)[ \t]+office|"
    r"family[ \t]+health[ \t]+team|family[ \t]+practice|family[ \t]+medicine|"
    r"seniors['’]?[ \t]+cent(?:re|er)|daycare|stroke[ \t]+unit|lab|laboratory|"
    # (1.11.0) workplaces and public buildings after their place: "<town> courthouse",
    # "<town> RCMP detachment", "<place> fish hatchery", "<town> rec centre"
    r"courthouse|court[ \t]+house|detachment|hatchery|sawmill|"
    r"rec(?:reation)?[ \t]+cent(?:re|er)|wellness[ \t]+cent(?:re|er)|co-?op[ \t]+pharmacy|"
    # (1.13.0) more workplaces after their place or owner: "<place> mine", "<place> generating
    # station", "<town> creamery", "<place> band office", "<town> fish plant"
    r"mine|pit[ \t]+shop|generating[ \t]+station|power[ \t]+plant|(?:grain[ \t]+)?elevator|"
    r"creamery|cheese[ \t]+factory|dairy|(?:fish|processing|packing|cheese)[ \t]+plant|"
    r"trucking|wharf|snack[ \t]+bar|arena|band[ \t]+office|residence[ \t]+hall|"
    r"health[ \t]+hub|collection[ \t]+site|feed[ \t]+mill|lumber[ \t]+yard|greenhouses?"
)
#: Heads that follow a place only, never a person's name ("<town> lab").
_PLACE_ONLY_HEADS = ("lab", "laboratory", "daycare")
#: Specialty words between the place and the head: "<town> orthopaedic clinic".
_LOWER_HEAD_MODS = (
    r"medical|orthopa?edic|hearing|walk-in|pain|sleep|eye|dental|foot|fracture|wound|memory|"
    r"diabetes|cardiac|cancer|community|garrison|women['’]s|children['’]s|physiotherapy|physio|"
    r"stroke|mental[ \t]+health|sexual[ \t]+health|travel|vaccine|allergy|methadone|family|"
    r"fish|RCMP|OPP|police"
)
_LOWER_HEAD_RE = re.compile(
    rf"(?<![\w'’.-])((?:{_UP}[\w'’-]*[ \t]+){{1,3}})(?:(?:{_LOWER_HEAD_MODS})[ \t]+){{0,2}}"
    rf"(?:{_LOWER_HEADS})$"
)
_C_LOWER_HEAD = category(
    "a lower-case facility head after a capitalised name",
    "hospital clinic centre center station unit home office team practice medicine daycare lab "
    "laboratory courthouse court detachment hatchery sawmill pharmacy mine shop plant elevator "
    "creamery factory dairy trucking wharf bar arena hall hub site mill yard greenhouse "
    "greenhouses",
)
#: A club of a town: "<town> Lions Club", "<town> Rotary Club".
_CLUB_RE = re.compile(
    rf"(?<![\w'’.-])((?:{_UP}[\w'’-]*[ \t]+){{1,3}})"
    r"(?:Lions|Rotary|Kinsmen|Kinette|Kiwanis|Optimist|Legion|Curling|Golf|Snowmobile|Seniors['’]?"
    r"|Walking|Hiking|Garden|Stroke[ \t]+Recovery|Cardiac[ \t]+Recovery)[ \t]+Club$"
)
_C_CLUB = category("a service club", "club", capital_only=True)
#: Clinical shorthands and everyday capitals that name a department, not a place.
_LOWER_HEAD_STOP = words(
    """ortho neuro physio derm cardio psych rheum onc peds paeds uro endo gyne gyn resp fluoro
    covid flu botox ent gi obs ob travel the a an our their his her this that these those our
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday emergency main mental day night
    weekend evening morning afternoon new old same other next last first second local nearest
    hospital clinic centre center janvier février fevrier mars avril mai juin juillet août aout
    septembre octobre novembre décembre decembre lundi mardi mercredi jeudi vendredi samedi
    dimanche noël noel pâques paques"""
)
#: Words of a service or a kind of place before a lower-case head, never a town ("Sleep clinic",
#: "Teaching hospital", "Walk-In clinic") (1.10.0).
_SERVICE_WORDS = words(
    """medical orthopaedic orthopedic hearing walk-in walk pain sleep eye dental foot fracture
    wound memory diabetes cardiac cancer community garrison women's children's physiotherapy
    physio stroke mental health sexual travel vaccine allergy methadone family heart kidney
    renal liver lung breast bone joint spine back neck hand skin vision balance headache
    migraine concussion sports weight nutrition addiction addictions detox recovery youth teen
    senior seniors prenatal maternity baby child children infant women men men's wellness
    vascular nerve blood lab imaging hospice palliative home rural university teaching general
    private public free street mobile virtual day evening weekend urgent care primary specialty
    specialist surgical surgery injection outreach refugee newcomer indigenous native veterans
    veteran military student campus school work workplace occupational employee staff research
    trial study test testing screening booster flu covid covid-19 virus infection infectious
    fertility pregnancy abortion birth birthing midwifery nurse nurses nursing doctor doctors
    physician physicians clinic hospital regional district county city town village provincial
    federal national central main north south east west northern southern eastern western
    downtown uptown new old big little local nearby nearest closest same other another each every
    this that the our their his her my your its which what whose any some no one two three"""
)
#: A police force between a town and its detachment (1.11.0).
_POLICE = frozenset({"RCMP", "OPP", "SQ", "GRC"})
_SENTENCE_END_RE = re.compile(r"(?:^|[.!?:;•*>-])[ \t\"'“(]*$")


def lower_heads(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A facility called by its town or owner and a lower-case head: ``<Town> hospital``,
    ``<Town> medical clinic``, ``<Name>'s funeral home``, ``<Town> Lions Club``. The name must
    hold a place or a word no list calls common; sentence-initial capitals, months, weekdays,
    drugs, eponyms and clinical shorthands (``Pain clinic``, ``Ortho clinic``) never count."""
    text = c.text
    for cat, rx in ((_C_LOWER_HEAD, _LOWER_HEAD_RE), (_C_CLUB, _CLUB_RE)):
        for p in idx.at(cat):
            if not word_start_ok(text, p):
                continue
            if rx is _LOWER_HEAD_RE and not text[p].islower():
                continue
            end = p
            while end < len(text) and (text[end].isalpha()):
                end += 1
            if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
                continue
            lo = max(0, p - 90, text.rfind("\n", 0, p) + 1)
            m = rx.search(text, lo, end)
            if m is None:
                continue
            found = list(re.finditer(r"\S+", m.group(1)))
            toks = [(m.start(1) + f.start(), f.group()) for f in found]

            def bare(w: str) -> str:
                w = w.lower()
                return w[:-2] if w.endswith(("'s", "’s")) else w

            def distinct(w: str) -> bool:
                b = bare(w)
                if b in _LOWER_HEAD_STOP or w.isupper():
                    return False
                if b in lex.frequent and b not in _SERVICE_WORDS and not lex.never_name(b):
                    # (1.10.0) a town that is also a word, capitalised inside a sentence before
                    # the head ("..., <Town> palliative care office"); sentence starts are
                    # checked below, words of a service never count ("Sleep clinic")
                    return True
                return b in lex.places or (b not in lex.frequent and not lex.never_name(b))

            def blocked(w: str) -> bool:
                b = bare(w)
                if w in _POLICE:
                    return False  # "<town> RCMP detachment"
                if b in _LOWER_HEAD_STOP or (w.isupper() and len(w) > 1):
                    return True
                return lex.never_name(b) and b not in lex.places

            while toks and not distinct(toks[0][1]):
                toks.pop(0)
            if not toks or any(blocked(w) for _, w in toks):
                continue
            if text[p:end] in _PLACE_ONLY_HEADS and not any(bare(w) in lex.places for _, w in toks):
                continue
            first_at, first = toks[0]
            opening = first_at == 0 or text[first_at - 1] in "\n\r"  # (1.13.0) a line's start
            if (opening or _SENTENCE_END_RE.search(text, max(lo, first_at - 6), first_at)) and (
                bare(first) in lex.frequent or bare(first) in lex.first_names_all
            ):
                continue  # a frequent word or a given name opening a sentence: no place
            reason = "a place or name before a facility head"
            c.add(first_at, m.end(), "FACILITY", reason, P_FACILITY)


#: French shops and practices in lower case before a capitalised name: "pharmacie <Nom>",
#: "épicerie Chez <Nom>", "boulangerie du <Lieu>" (1.9.0).
_FR_LOWER_HEAD_RE = re.compile(
    r"(?<![\w-])(?:pharmacie|épicerie|epicerie|boulangerie|boucherie|quincaillerie|fromagerie|"
    r"dépanneur|depanneur|poissonnerie)[ \t]+((?:chez|Chez|du|de|des)[ \t]+)?"
    rf"({_UP}[\w'’-]+(?:[ \t]+{_UP}[\w'’-]+)?)"
)
_C_FR_LOWER_HEAD = category(
    "a French shop's head in lower case",
    "pharmacie épicerie epicerie boulangerie boucherie quincaillerie fromagerie dépanneur "
    "depanneur poissonnerie",
)
#: "Centre <Name> de <specialty>": a centre called after a person (1.9.0).
_CENTRE_PERSON_RE = re.compile(
    rf"Centre[ \t]+({_UP}[a-zà-ÿ'’-]+)[ \t]+(?:de|d['’])[ \t]*(?:la[ \t]+|l['’])?[a-zà-ÿ-]{{4,24}}"
)
#: Endings of French adjectives and common nouns that name no one ("Centrale", "Universitaire").
_FR_ADJ_ENDINGS = (
    "aire", "ique", "ale", "ales", "al", "el", "elle", "if", "ive", "ien", "ienne", "ier", "ière",
    "eur", "euse", "ité", "isme", "poison", "tion",
)  # fmt: skip
_C_CENTRE = category("a centre named after a person", "centre", capital_only=True)


def french_lower_heads(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``pharmacie <Nom>``, ``épicerie Chez <Nom>`` (the head in lower case, the name a given
    name, a surname, a place or a word no list calls common), and ``Centre <given name or
    surname> de <specialty>``."""
    text = c.text
    for p in idx.at(_C_FR_LOWER_HEAD):
        if not text[p].islower() or not (word_start_ok(text, p) or after_elision(text, p)):
            continue
        m = _FR_LOWER_HEAD_RE.match(text, p)
        if m is None:
            continue
        names = [w.lower() for w in m.group(2).split()]
        if not all(
            w in lex.places
            or not (lex.never_name(w) or w in _LOWER_HEAD_STOP or w.endswith(_FR_ADJ_ENDINGS))
            for w in names
        ):
            continue  # "pharmacie Centrale", "épicerie Lundi": no one's name
        c.add(p, m.end(), "FACILITY", "a French shop before its name", P_FACILITY)
    for p in idx.at(_C_CENTRE):
        if not word_start_ok(text, p):
            continue
        m = _CENTRE_PERSON_RE.match(text, p)
        if m is None:
            continue
        w = m.group(1).lower()
        if w in lex.frequent or lex.never_name(w) or w in lex.regions:
            continue  # "Centre Hospitalier de", "Centre Régional de"
        if w.endswith(_FR_ADJ_ENDINGS) or w in _LOWER_HEAD_STOP:
            continue  # "Centre Antipoison de": an adjective or a compound, not a person
        c.add(p, m.end(), "FACILITY", "a centre named after a person", P_FACILITY)
