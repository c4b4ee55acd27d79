"""French facilities by their kind and their place (since 1.13.0): ``<kind> de <Place>``
(``école de Saint-X``, ``CLSC de X``, ``caserne de X``, ``aréna de X``, ``bureau de poste de X``,
``coopérative de X``, ``quai de X``, ``usine de transformation de X``, ``Hôpital de l'X``), and a
named building after its kind (``pavillon X-Y``, ``aréna X``). The place must be a gazetteer
town, a compound (``Pointe-X``, ``L'Anse-X``) or a capitalised word no frequent-word list holds:
``école de Musique``, ``usine de Papier`` are kinds, not places.
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, Collector
from phi.index import TextIndex, category, scan_at
from phi.lexicon import Lexicon

_KINDS = (
    r"hôpital|hopital|école|ecole|clsc|chsld|caserne|aréna|arena|bureau[ \t]+de[ \t]+poste|"
    # since 1.22.0: a home-support co-op (an "entreprise d'économie sociale en aide à domicile")
    r"(?:coop|coopérative|cooperative)[ \t]+de[ \t]+(?:services|solidarité|solidarite)"
    r"(?:[ \t]+(?:à|a)[ \t]+domicile)?|"
    r"coopérative|cooperative|quai|usine(?:[ \t]+de[ \t]+(?:transformation|poisson|crabe|homard))?|"
    r"pavillon|polyvalente|bibliothèque|mairie|hôtel[ \t]+de[ \t]+ville|marina|scierie|"
    r"caisse[ \t]+populaire|"
    # since 1.23.0: a community centre by the community it serves ("centre communautaire
    # francophone de X"), Quebec's school service centres (2020) and school boards by their
    # territory ("centre de services scolaire des X", "commission scolaire de X")
    r"centre[ \t]+communautaire(?:[ \t]+(?:francophone|culturel|régional|regional))?|"
    r"centre[ \t]+de[ \t]+services[ \t]+scolaire|commission[ \t]+scolaire|"
    # since 1.18.0: a hospital's or a credit union's qualifier ("centre hospitalier régional du
    # X", "caisse Desjardins de l'X")
    r"centre[ \t]+hospitalier(?:[ \t]+(?:régional|regional|universitaire|affilié))?|"
    r"caisse[ \t]+Desjardins|salle[ \t]+communautaire|"
    # since 1.19.0: a Hôtel-Dieu (a hospital's old name in French Canada) and a CLSC with its
    # emergency room ("CLSC et urgence de X")
    r"hôtel-dieu|hotel-dieu|clsc[ \t]+et[ \t]+urgence|"
    r"maison[ \t]+des[ \t]+jeunes|"
    # since 1.15.0: care a person goes to, and pharmacy chains named with their town
    r"clinique|foyer|pharmacie|dispensaire|résidence|residence|salle[ \t]+paroissiale|"
    r"ésf|esf|gmf|umf|pharmasave|uniprix|familiprix|proxim|brunet|rexall|pharmachoice"
)
_C_KIND = category(
    "a French facility's kind",
    "hôpital hopital école ecole clsc chsld caserne aréna arena bureau coopérative cooperative "
    "quai usine pavillon polyvalente bibliothèque mairie hôtel marina scierie caisse centre salle "
    "commission "
    "hotel maison clinique foyer pharmacie dispensaire résidence residence ésf esf gmf umf "
    "pharmasave uniprix familiprix proxim brunet rexall pharmachoice coop "
    # since 1.18.0: shops and snack bars named after their owner
    "casse restaurant resto dépanneur depanneur épicerie epicerie boulangerie cantine garage "
    "quincaillerie fromagerie érablière poissonnerie boucherie",
)
_PLACE = (
    r"((?:L['’]|La[ \t]+|Le[ \t]+|Les[ \t]+)?[A-ZÀ-Þ][\w'’]*(?:-[\w'’]+)*"
    # since 1.15.0: a place of two words whose second is a word of geography ("X Park")
    r"(?:[ \t](?:Park|Lake|River|Bay|Beach|Falls|Hill|Hills|Point|Harbour|Landing|Crossing|"
    r"Creek|Station|Mills|Springs|Valley|Village|Junction))?)"
)
_KIND_DE_RE = re.compile(
    rf"(?i:{_KINDS})[ \t]+"
    # (1.19.0) "De" may take its capital: "Centre hospitalier De X"
    rf"(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|d['’]|du[ \t]+|des[ \t]+|[Dd]e[ \t]+){_PLACE}"
    r"(?![\w'’-])"
)
#: (1.19.0) hospitals are named after their region too ("Centre hospitalier de <region>")
_HOSPITAL_KIND_RE = re.compile(r"(?i)h[ôo]pital|centre[ \t]+hospitalier|h[ôo]tel-dieu|clsc")
#: Kinds that take a building's own name right after them: "pavillon X-Y", "aréna X".
#: (1.22.0) and a day centre's own name: "centre de jour Les X".
_NAMED_RE = re.compile(
    rf"(?i:pavillon|aréna|arena|polyvalente|caserne|centre[ \t]+de[ \t]+jour)[ \t]+{_PLACE}"
    r"(?![\w'’-])"
)


#: (1.18.0) a snack bar, restaurant or shop "chez" its owner: "casse-croûte Chez X", "restaurant
#: Chez Ti-X" (the kind first, so "chez sa fille" is never read)
_CHEZ_RE = re.compile(
    r"(?i:casse-croûte|casse-croute|restaurant|resto|dépanneur|depanneur|épicerie|epicerie"
    r"|boulangerie|cantine|garage)[ \t]+[Cc]hez[ \t]+"
    r"([A-ZÀ-Þ][\w'’]*(?:-[A-ZÀ-Þ][\w'’]*)*(?:[ \t][A-ZÀ-Þ][\w'’]+)?)(?![\w'’-])"
)
#: (1.18.0) a shop or a mill named after its owner, then maybe its town or street: "pharmacie X
#: de Y", "scierie X", "pharmacie X de la rue Y"
_OWNER_RE = re.compile(
    r"(?i:pharmacie|scierie|dépanneur|depanneur|épicerie|epicerie|quincaillerie|boulangerie"
    r"|fromagerie|érablière|poissonnerie|boucherie|garage)[ \t]+"
    r"([A-ZÀ-Þ][\w'’]+(?:-[A-ZÀ-Þ][\w'’]+)?)"
    r"(?:[ \t]+(?:de[ \t]+la[ \t]+rue[ \t]+|de[ \t]+la[ \t]+|de[ \t]+l['’]|d['’]|du[ \t]+|de[ \t]+)"
    rf"{_PLACE})?(?![\w'’-])"
)


def _owner_ok(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return low not in lex.frequent and not lex.never_name(low) and low not in lex.places


def _place_ok(place: str, lex: Lexicon) -> bool:
    core = re.sub(r"^(?:L['’]|La |Le |Les )", "", place)
    low = place.lower().replace("’", "'")
    if low in lex.places or core.lower() in lex.places:
        return True
    if "-" in core:
        # (1.23.0) Quebec's compound names also join with "et", "sur", "les" and elide before
        # a capital ("Monts-et-Rivières", "X-sur-Mer", "Bois-de-l'Y")
        return all(
            p[:1].isupper()
            or p in ("du", "de", "des", "la", "le", "les", "aux", "en", "et", "sur")
            or (p[:2] in ("l'", "l’", "d'", "d’") and p[2:3].isupper())
            for p in core.split("-")
        )
    c = core.lower()
    return c not in lex.frequent and not lex.never_name(c)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    starts = idx.at(_C_KIND)
    if not starts:
        return
    for rx in (_KIND_DE_RE, _NAMED_RE):
        for m in scan_at(rx, text, starts):
            s = m.start()
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-"):
                continue
            if not _place_ok(m.group(1), lex) and not (
                m.group(1).lower() in lex.regions and _HOSPITAL_KIND_RE.match(m.group(0))
            ):
                continue
            c.add(
                m.start(),
                m.end(),
                "FACILITY",
                "a French facility by its kind and place",
                P_FACILITY,
            )
    for m in scan_at(_CHEZ_RE, text, starts):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-"):
            continue
        c.add(s, m.end(), "FACILITY", "a shop named 'chez' its owner", P_FACILITY)
    for m in scan_at(_OWNER_RE, text, starts):
        s = m.start()
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-")) or not _owner_ok(
            m.group(1), lex
        ):
            continue
        # a street ("de la rue X") may bear a person's name; a town must be a place
        street = " rue " in m.group(0).replace("\t", " ")
        end = m.end() if m.group(2) is None or street or _place_ok(m.group(2), lex) else m.end(1)
        c.add(s, end, "FACILITY", "a shop named after its owner", P_FACILITY)
