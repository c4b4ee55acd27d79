"""Forms of documents, addresses, facilities and logins (since 1.24.0).

General rules for classes of identifiers, each read from a published convention or a common
layout; never a name, place or number of any corpus:

- Canada Post's address line: ``<civic line>, <Municipality> <PROV>`` (or a facility's name, a
  comma, its town and province): the word before the province is the municipality even when it
  is also an everyday word or a given name; said again after ``from``/``in``/``to``/``near``.
- A street line, a dash and its town (``40 X Road — Town``); a rural direction's landmark
  (``past the X turn-off``, ``at the X exit``); a person ``of <Town>,`` (a legal letter's way of
  saying where counsel practises).
- Codes: a serial dated by year and month keeps its letter prefix (``XY-2027-11-4471``), a
  device's code after the device, its prefix the device's abbreviation (``glucometer GLU-12345``,
  ``meter battery ... (old MTR-12345)``), a professional order's or a law society's acronym
  before a licence number (``OOAQ A-1234``, ``LSO no. 12345K``).
- Names: a title and a lone initial (``Dr. K.``), dotted initials spelled out in a legend (``R.T.
  = Given Surname``) and every other cell holding them, a name before a French credential (``X
  Y, pht``), a dotted login after ``by`` or a reviewer's verb (``reviewed ab.surname``), a login
  after French ``par`` (an initial glued to a listed surname, or two consonants no word starts
  with before a bracket), a login in brackets after its full name with the accents dropped.
- Facilities: a town's ``Regional Health``/``District Health``; a law firm by its head (``X Y
  Family Law``, ``X Law Office``); a grain terminal or elevator; a family business's ``et fils``,
  ``& Sons`` after its name; French daycares and hearing centres head first (``Garderie X``,
  ``Centre auditif de X``), also as a letterhead in capitals.
- Never: a county's or a city's name inside a public service's name (``County of X Paramedic
  Service``), a name made of everyday words only before ``Services`` (``Victim Services``,
  ``FAMILY SUPPORT SERVICES``), a title as a name (``the chaplain Rev. X``), a time's minutes
  as a civic number (``09:30 on a gravel road``), ``911`` as a civic number after ``call``, a
  label made of a capitalised word and lower-case words before its colon (``Paediatric diabetes
  clinic:``).
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, P_LABELLED, P_NAME, P_NAME_PAIR, P_TOWN, Collector
from phi.index import TextIndex, anchored, category, scan_at
from phi.lexicon import Lexicon
from phi.recognizers.common import words
from phi.recognizers.name_shapes import _ONSETS
from phi.recognizers.places import _FOLD


def _around(rx: re.Pattern[str], text: str, starts: list[int], back: int) -> list[re.Match[str]]:
    """Matches of ``rx`` on the line of each keyword at ``starts`` that hold the keyword: tried
    from at most ``back`` characters before it (the keyword is a name's head, at its end)."""
    out: list[re.Match[str]] = []
    seen: set[tuple[int, int]] = set()
    for p in starts:
        lo = max(text.rfind("\n", 0, p) + 1, p - back)
        hi = text.find("\n", p, p + 100)
        hi = hi if hi >= 0 else min(len(text), p + 100)
        m = rx.search(text, lo, hi)
        while m is not None and m.end() <= p:
            m = rx.search(text, m.end(), hi)
        if m is not None and m.start() <= p < m.end() and m.span() not in seen:
            seen.add(m.span())
            out.append(m)
    return out


_PROV = r"(?:ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|PEI|YT|NT|NU)"
_CAP = r"[A-ZÀ-Þ][a-zà-ÿ'’]+"

# --- towns -------------------------------------------------------------------------------------

#: ", <Town> PROV" closing an address line (the province in capitals, then a postal code, a
#: bracket, a comma or the line's end)
_TOWN_PROV_RE = re.compile(
    rf",[ \t]+({_CAP}(?:[ -]{_CAP})?)[ \t]+{_PROV}(?=[ \t]*(?:$|[,(;]|[A-Z]\d[A-Z]))",
    re.MULTILINE,
)
_C_PROV = category(
    "a province's abbreviation (1.24.0)",
    "ON QC BC AB SK MB NS NB NL PE PEI YT NT NU",
    capital_only=True,
)
#: a street line, a dash and a town at the line's end: "40 X Road — Town"
_DASH_TOWN_RE = re.compile(rf"[ \t]+[—–-][ \t]+({_CAP}(?:[ -]{_CAP})?)[ \t]*$", re.MULTILINE)
#: a rural direction's landmark: "the X turn-off", "at the X exit"
_C_LANDMARK = category(
    "a road's landmark (1.24.0)", "turn-off turnoff exit cut-off cutoff junction"
)
_LANDMARK_RE = re.compile(
    rf"(?<![\w'’-])the[ \t]+({_CAP})[ \t]+(?:turn-off|turnoff|exit|cut-off|cutoff|junction)"
    r"(?![\w-])"
)
#: words of roads and directions, never a landmark's town
_ROAD_WORDS = words(
    "highway hwy main road street north south east west northern southern eastern western "
    "river bridge county provincial regional township airport railway rail ferry mall"
)
#: a person "of <Town>," (counsel, a witness): one capitalised word closing the phrase
_OF_TOWN_RE = re.compile(
    rf"(?:[ \t]+of|,[ \t]+in)[ \t]+({_CAP})(?=[,;.)](?:[ \t\n]|$)|[,;)])", re.MULTILINE
)
#: a town found by these rules, said again after a preposition of place
_PREP = r"(?<![\w'’-])(?:from|in|to|near|at|de|à)[ \t]+"


def _town_word(word: str, lex: Lexicon, *, strong: bool) -> bool:
    """A word that may be a town's: never a word that is never a name (clinical, drugs,
    provinces); with ``strong`` context a frequent word or a given name may be one."""
    low = word.lower().replace("’", "'")
    if low in lex.places:
        return True
    if len(low) < 4 or lex.never_name(low) or low in lex.eponyms or low in lex.regions:
        return False
    if strong:
        return True
    return low not in lex.frequent and low not in lex.first_names_all


def _towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    streets_end = {k.end for k in c.cands if k.kind in ("ADDRESS", "FACILITY") and k.prio > P_TOWN}
    found: set[str] = set()
    if idx.at(_C_PROV):
        for m in _TOWN_PROV_RE.finditer(text):
            if m.start() not in streets_end:
                continue  # only after a street line or a facility's name
            town = m.group(1)
            if all(_town_word(w, lex, strong=True) for w in re.split(r"[ -]", town)):
                c.add(m.start(1), m.end(1), "ADDRESS", "a municipality before its province", P_TOWN)
                found.add(town)
    for k in [k for k in c.cands if k.kind == "ADDRESS" and k.prio > P_TOWN]:
        d = _DASH_TOWN_RE.match(text, k.end)
        if d is not None and re.search(r"\d", text[k.start : k.end]):
            town = d.group(1)
            if all(_town_word(w, lex, strong=False) for w in re.split(r"[ -]", town)):
                c.add(d.start(1), d.end(1), "ADDRESS", "a town after its street line", P_TOWN)
    for m in _around(_LANDMARK_RE, text, idx.at(_C_LANDMARK), 40):
        word = m.group(1)
        low = word.lower()
        if low in _ROAD_WORDS or lex.never_name(low) or low in lex.regions:
            continue
        if low in lex.common or low in lex.clinical:
            continue
        if low in lex.places or low in lex.surnames_all or low not in lex.frequent:
            c.add(m.start(1), m.end(1), "ADDRESS", "a road's landmark named by its town", P_TOWN)
    for town in found:
        low = town.lower()
        if low in lex.frequent or low in lex.first_names_all:
            for m in re.finditer(_PREP + "(" + re.escape(town) + r")(?![\w'’-])", text):
                c.add(m.start(1), m.end(1), "ADDRESS", "the same municipality again", P_TOWN - 1)


# --- codes -------------------------------------------------------------------------------------

_PREFIX_RE = re.compile(r"(?<![\w-])[A-Z]{1,4}-\Z")
_C_DEVICE = category(
    "a device (1.24.0)",
    "tablet battery charger cuff scale oximeter glucometer meter pump sensor transmitter "
    "receiver hub modem router device tablette batterie chargeur capteur pompe appareil",
)
_DEVICE_CODE_RE = re.compile(
    r"((?i:tablet|battery|charger|cuff|scale|oximeter|glucometer|meter|pump|sensor|transmitter"
    r"|receiver|hub|modem|router|device|tablette|batterie|chargeur|capteur|pompe|appareil))"
    r"[^\n.;]{0,25}?(?<![\w-])([A-Z]{2,5}-\d{4,10})(?![\w-])"
)
#: professional orders (Quebec's Code des professions) and law societies, colleges of
#: physicians and nurses: their acronym before a member's number
_ORDERS = (
    "CMQ OIIQ OIIAQ OPQ OOAQ OAQ OEQ OPPQ ODQ OOQ OTSTCFQ OPDQ OTPQ OPTSQ OCQ OMVQ ODLQ OHDQ "
    "OTIMROEPMQ OPIQ OCPPQ LSO LSBC LSA LSS LSM NSBS LSNB LSNL LSPEI CPSO CPSBC CPSS CPSM CPSNS "
    "CPSNB CPSNL CPSPEI CNO OCP BCCNM CRNNS NANB"
)
_C_ORDER = category("a professional order's acronym (1.24.0)", _ORDERS, capital_only=True)
_ORDER_RE = re.compile(
    rf"(?<![\w-])(?:{'|'.join(_ORDERS.split())})"
    r"(?:[ \t]+(?i:no\.?|n°|nº|#|number|numéro|permis))?[ \t]*[:#]?[ \t]*"
    r"(?<![\w-])([A-Z]{0,2}-?\d{4,7}[A-Z]?)(?![\w-])"
)


#: a serial dated by its year and month after a letter prefix: "XY-2027-11-4471"
_DATED_SERIAL_RE = re.compile(r"-(?:19|20)\d\d-(?:0[1-9]|1[0-2])-\d{3,6}(?![\w-])")


def _abbreviates(prefix: str, word: str) -> bool:
    """The prefix's letters are the word's first letter and others of it, in order (``TAB``,
    ``BAT``, ``MTR`` for tablet, battery, meter)."""
    low, word = prefix.lower(), word.lower()
    if not low or low[0] != word[0]:
        return False
    at = 1
    for ch in low[1:]:
        at = word.find(ch, at) + 1
        if at == 0:
            return False
    return True


def _codes(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "-19" in text or "-20" in text:
        for m in _DATED_SERIAL_RE.finditer(text):
            p = _PREFIX_RE.search(text, max(0, m.start() - 5), m.start() + 1)
            if p is not None:
                c.add(
                    p.start(),
                    m.end(),
                    "ID",
                    "a dated serial with its letter prefix",
                    P_LABELLED + 4,
                )
    for m in anchored(_DEVICE_CODE_RE, text, idx.at(_C_DEVICE)):
        if _abbreviates(m.group(2).split("-")[0], m.group(1)):
            c.add(m.start(2), m.end(2), "ID", "a device's code", P_LABELLED)
    for m in scan_at(_ORDER_RE, text, idx.at(_C_ORDER)):
        if not re.fullmatch(r"(?:19|20)\d\d", m.group(1)):
            c.add(m.start(1), m.end(1), "ID", "a member's number after its order", P_LABELLED)


# --- names -------------------------------------------------------------------------------------

_C_TITLE = category("a title (1.24.0)", "dr dre mr mrs ms", capital_only=True)
_TITLE_INITIAL_RE = re.compile(
    r"(?<![\w'’-])(?:Dr|Dre|Mr|Mrs|Ms)\.?[ \t]+([A-Z]\.)(?![ \t]*[A-Z]|[\w'’-])"
)
_LEGEND_AT_RE = re.compile(r"[A-Z]\.[ \t]*[=:][ \t]*[A-ZÀ-Þ]")
_LEGEND_RE = re.compile(
    r"(?<![\w.'’-])((?:[A-Z]\.){2,3})[ \t]*[=:][ \t]*"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?[ \t]+"
    r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)"
)
#: French credentials written after a name (physiotherapist, OT, nurse, hearing-aid practitioner)
_CRED_RE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?[ \t]+[A-ZÀ-Þ][a-zà-ÿ'’]+"
    r"(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?),[ \t]+(?:pht|erg\.|inf\.|a\.p\.|T\.S\.|ps\.|Dt\.P\.|orthoph\.)"
    r"(?![\w])"
)
_TITLE_WORDS = words(
    "monsieur madame mademoiselle docteur docteure maître mister missus miss sister brother "
    "father mother doctor nurse captain constable sergeant"
)
_CRED_AT_RE = re.compile(r",[ \t]+(?:pht|erg\.|inf\.|a\.p\.|T\.S\.|ps\.|Dt\.P\.|orthoph\.)(?![\w])")
_C_BY = category(
    "a reviewer's verb (1.24.0)", "by par reviewed verified approved signed révisé vérifié"
)
_DOTTED_LOGIN_RE = re.compile(
    r"(?i:by|reviewed|verified|approved|signed)[ \t]+"
    r"([a-z]{1,3}\.[a-z]{4,20}|[a-z]{4,20}\.[a-z]{1,2})(?![\w@-]|\.\w)"
)
_BRACKET_LOGIN_RE = re.compile(r"\([a-z]{4,20}\)")
_PAR_LOGIN_RE = re.compile(r"(?<![\w'’-])par[ \t]+([a-z]{5,16})(?=[ \t]*[(,.;]|[ \t]*$)", re.M)


def _names(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if " of " in text or ", in " in text:
        names_end = {k.end for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME_PAIR}
        for end in sorted(names_end):
            m = _OF_TOWN_RE.match(text, end)
            if m is None:
                continue
            word = m.group(1)
            if _town_word(word, lex, strong=False) and word.lower() not in lex.surnames_all:
                c.add(m.start(1), m.end(1), "ADDRESS", "a person of a town", P_TOWN)
    for m in scan_at(_TITLE_INITIAL_RE, text, idx.at(_C_TITLE)):
        c.add(m.start(1), m.end(1), "NAME", "a title and an initial", P_NAME)
    if _LEGEND_AT_RE.search(text) is not None:
        legend: set[str] = set()
        for m in _LEGEND_RE.finditer(text):
            ini = m.group(1).replace(".", "")
            parts = re.split(r"[ \t-]+", m.group(2))
            if ini not in ("".join(w[0] for w in parts), parts[0][0] + parts[-1][0]):
                continue
            lows = [w.lower() for w in parts]
            if any(lex.never_name(w) or w in lex.common or w in lex.clinical for w in lows):
                continue
            if not any(w in lex.first_names_all or w in lex.surnames_all for w in lows):
                continue  # "T.A. = Tension Artérielle": no part of it is a listed name
            c.add(m.start(2), m.end(2), "NAME", "the name initials stand for", P_NAME)
            legend.add(m.group(1))
        for ini in legend:
            for m in re.finditer(rf"(?<![\w.'’-]){re.escape(ini)}(?![\w'’-])", text):
                c.add(m.start(), m.end(), "NAME", "initials spelled out in a legend", P_NAME)
    for m in _around(_CRED_RE, text, [m.start() for m in _CRED_AT_RE.finditer(text)], 60):
        parts = re.split(r"[ \t-]+", m.group(1))
        if parts[0].lower() in _TITLE_WORDS:
            continue  # "Monsieur X, inf.": the title is no given name
        if any(lex.never_name(w) or w.lower() in lex.places for w in parts):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a name before a French credential", P_NAME)
    starts = idx.at(_C_BY)
    for m in scan_at(_DOTTED_LOGIN_RE, text, starts):
        token = m.group(1)
        core = max(token.split("."), key=len)
        if core in lex.frequent and core not in lex.surnames_all:
            continue
        c.add(m.start(1), m.end(1), "NAME", "a login after 'by'", P_NAME)
    for m in scan_at(_PAR_LOGIN_RE, text, starts):
        core = m.group(1)
        if core in lex.frequent or lex.never_name(core):
            continue
        glued = core[1:] in lex.surnames_all and core[1:] not in lex.frequent
        odd = core[0] not in "aeiouy" and core[1] not in "aeiouy" and core[:2] not in _ONSETS
        if glued or (
            odd and m.group(0).rstrip()[-1:] != "." and text[m.end() :].lstrip()[:1] == "("
        ):
            c.add(m.start(1), m.end(1), "NAME", "a login after 'par'", P_NAME)
    # a login in brackets after a full name, accents dropped: "Given Surname (gsurname)"
    if "(" in text and _BRACKET_LOGIN_RE.search(text) is not None:
        for k in [k for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME_PAIR]:
            lg = re.match(r"[ \t]*\(([a-z]{4,20})\)", text[k.end : k.end + 26])
            if lg is None:
                continue
            parts = text[max(0, k.start - 30) : k.end].split()[-2:]
            if len(parts) < 2 or not parts[0][:1].isupper():
                continue
            fold = "".join(ch for ch in parts[-1].lower().translate(_FOLD) if ch.isalpha())
            given = parts[0].lower().translate(_FOLD)[:1]
            if lg.group(1) in (given + fold, fold + given, given + fold[:7]):
                at = k.end + lg.start(1)
                c.add(at, at + len(lg.group(1)), "NAME", "a login after its name", P_NAME)


# --- facilities --------------------------------------------------------------------------------

_C_HEALTH = category(
    "a regional health organisation (1.24.0)", "regional district", capital_only=True
)
_HEALTH_RE = re.compile(
    rf"(?<![\w'’-])((?:{_CAP}[ \t]+){{1,2}}(?:Regional|District)[ \t]+Health)"
    r"(?![ \t]+(?:Authority|Unit|Region|Board|Council|Services?|Centre|Center|Care)\b|[\w'’-])"
)
_C_LAW = category("a law firm's head (1.24.0)", "law barristers", capital_only=True)
_LAW_RE = re.compile(
    r"(?<![\w'’-])((?:[A-ZÀ-Þ][a-zà-ÿ'’]+[ \t]+(?:&[ \t]+)?){1,3}"
    r"(?:Family[ \t]+Law|Law[ \t]+(?:Office|Offices|Firm|Group|Chambers|Corporation)|Law"
    r"|Barristers(?:[ \t]+(?:&|and)[ \t]+Solicitors)?))(?![\w'’-]|[ \t]+[A-Z])"
)
_C_GRAIN = category("a grain terminal (1.24.0)", "grain inland", capital_only=True)
_GRAIN_RE = re.compile(
    rf"(?<![\w'’-])((?:{_CAP}[ \t]+){{1,2}}(?:Grain|Inland)[ \t]+(?:Terminal|Elevator|Terminals))"
    r"(?![\w'’-])"
)
_FAMILY_WORD_RE = re.compile(
    r"(?:et|&|and)[ \t]+(?:fils|filles|frères|Fils|Frères|Sons?|Daughters|Brothers)"
)
_FAMILY_TAIL_RE = re.compile(
    r"[ \t]+(?:et|&|and)[ \t]+(?:fils|filles|frères|Fils|Frères|Sons?|Daughters|Brothers)"
    r"(?![\w'’-])"
)
_C_FR_HEAD = category("a French daycare or hearing centre (1.24.0)", "garderie centre cpe")
_FR_HEAD_RE = re.compile(
    r"(?<![\w'’-])((?i:garderie(?:[ \t]+éducative)?|centre[ \t]+de[ \t]+la[ \t]+petite[ \t]+"
    r"enfance|cpe|centre[ \t]+auditif|centre[ \t]+multiservices[ \t]+de[ \t]+santé[ \t]+et[ \t]+"
    r"de[ \t]+services[ \t]+sociaux)[ \t]+"
    r"(?i:de[ \t]+la[ \t]+|de[ \t]+l['’]|d['’]|du[ \t]+|des[ \t]+|de[ \t]+|les[ \t]+|le[ \t]+"
    r"|la[ \t]+)?"
    r"[A-ZÀ-Þ][\w'’]*(?:-[\w'’]+)*(?:[ \t]+[A-ZÀ-Þ][\w'’]*(?:-[\w'’]+)*){0,2})(?![\w'’-])"
)


def _frequent_only(parts: list[str], lex: Lexicon) -> bool:
    return all(w.lower() in lex.frequent or lex.never_name(w) for w in parts)


def _facilities(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in _around(_HEALTH_RE, text, idx.at(_C_HEALTH), 40):
        parts = m.group(1).split()[:-2]
        if all(w.lower() in lex.places or not _frequent_only([w], lex) for w in parts) and not any(
            w.lower() in lex.regions for w in parts
        ):
            c.add(m.start(1), m.end(1), "FACILITY", "a town's regional health centre", P_FACILITY)
    for m in _around(_LAW_RE, text, idx.at(_C_LAW), 60):
        parts = [w for w in m.group(1).split() if w != "&"]
        head_at = next(i for i, w in enumerate(parts) if w in ("Family", "Law", "Barristers"))
        names = parts[:head_at]
        if not names or _frequent_only(names, lex) or any(w.lower() in lex.regions for w in names):
            continue
        if any(lex.never_name(w) for w in names):
            continue
        c.add(m.start(1), m.end(1), "FACILITY", "a law firm by its head", P_FACILITY)
    for m in _around(_GRAIN_RE, text, idx.at(_C_GRAIN), 40):
        if not _frequent_only(m.group(1).split()[:-2], lex):
            c.add(m.start(1), m.end(1), "FACILITY", "a grain terminal", P_FACILITY)
    for m in scan_at(_FR_HEAD_RE, text, idx.at(_C_FR_HEAD)):
        c.add(m.start(1), m.end(1), "FACILITY", "a French daycare or centre head first", P_FACILITY)
    if _FAMILY_WORD_RE.search(text) is None:
        return
    for k in [k for k in c.cands if k.kind == "FACILITY"]:
        tail = _FAMILY_TAIL_RE.match(text, k.end)
        if tail is not None:
            c.add(k.start, tail.end(), "FACILITY", "a family business", k.prio + 1)


# --- what is no identifier ---------------------------------------------------------------------

_C_OF = category(
    "a local government (1.24.0)",
    "county city town region district municipality township",
    capital_only=True,
)
_SERVICE_OF_RE = re.compile(
    r"(?i:county|city|town|region|district|municipality|township)[ \t]+(?i:of)[ \t]+"
    r"([A-ZÀ-Þ][\w'’-]+(?:[ \t][A-ZÀ-Þ][\w'’-]+)?)[ \t]+"
    r"(?i:paramedic|police|fire|ems|public[ \t]+works|ambulance|emergency|transit|library)"
)
_C_SERVICES = category("services (1.24.0)", "services service", capital_only=True)
_GENERIC_SERVICES_RE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’]+[ \t]+){0,3}(?:Services|SERVICES|Service|SERVICE))(?![\w'’-])"
)
#: what a public service does: a name made only of these before "Services" is an agency's or a
#: programme's kind ("Family Support Services", "Victim Services"), no place a person is found
_SERVICE_WORDS = words(
    "legal child children's family protection protective social community victim victims "
    "health emergency support youth senior seniors mental home care disability housing "
    "employment income correctional human public medical nursing welfare"
)
_TITLE_WORD_RE = re.compile(r"(?<![\w'’-])(?:Rev|Dr|Mr|Mrs|Ms|Fr|Sr|Cst|Sgt)(?=\.)")
_C_TITLE_WORD = category(
    "a title word (1.24.0)", "rev dr mr mrs ms fr sr cst sgt", capital_only=True
)
_CLOCK_CIVIC_RE = re.compile(r"\d:(\d\d[ \t]+on[ \t]+(?:a|an|the)[ \t]+[a-z]+[ \t]+[a-z]+)")
_CALL_911_RE = re.compile(r"(?i:call|dial|composer|composez|appeler|appelez)[ \t]+(911[^\n]{0,20})")
_C_CALL = category("a call (1.24.0)", "call dial composer composez appeler appelez")
_LABEL_HEAD_RE = re.compile(r"(?:clinic|clinique|centre|center|hospital|office)[ \t]*:")
_LABEL_CLINIC_RE = re.compile(r"^[ \t]*([A-Z][a-z]+(?:[ \t]+[a-z]+){1,3})[ \t]*:", re.MULTILINE)


def _vetoes(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_SERVICE_OF_RE, text, idx.at(_C_OF)):
        c.veto(m.start(1), m.end(1), frozenset({"ADDRESS"}))
    for m in _around(_GENERIC_SERVICES_RE, text, idx.at(_C_SERVICES), 50):
        # the run of words of what a service does right before its head
        parts = list(re.finditer(r"\S+", m.group(1)))
        k = len(parts) - 1
        while k > 0 and parts[k - 1].group().lower() in _SERVICE_WORDS:
            k -= 1
        if k < len(parts) - 1:
            c.veto(m.start(1) + parts[k].start(), m.end(1), frozenset({"FACILITY"}))
    for m in scan_at(_TITLE_WORD_RE, text, idx.at(_C_TITLE_WORD)):
        c.veto(m.start(), m.end() + 1, frozenset({"NAME"}))
    if ":" in text and " on " in text:
        for m in _CLOCK_CIVIC_RE.finditer(text):
            c.veto(m.start(1), m.end(1), frozenset({"ADDRESS"}))
    for m in scan_at(_CALL_911_RE, text, idx.at(_C_CALL)):
        c.veto(m.start(1), m.end(1), frozenset({"ADDRESS"}))
    if _LABEL_HEAD_RE.search(text) is None:
        return
    for m in _LABEL_CLINIC_RE.finditer(text):
        if re.search(r"(?i)(?:clinic|clinique|centre|center|hospital|office)\Z", m.group(1)):
            c.veto(m.start(1), m.end(1), frozenset({"FACILITY"}))


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    _codes(c, lex, idx)
    _names(c, lex, idx)
    _facilities(c, lex, idx)
    _vetoes(c, lex, idx)


def towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    _towns(c, lex, idx)
