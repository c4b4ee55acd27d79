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
    r"coopérative|cooperative|quai|usine(?:[ \t]+de[ \t]+(?:transformation|poisson|crabe|homard))?|"
    r"pavillon|polyvalente|bibliothèque|mairie|hôtel[ \t]+de[ \t]+ville|marina|scierie|"
    r"caisse[ \t]+populaire|centre[ \t]+communautaire|salle[ \t]+communautaire|"
    r"maison[ \t]+des[ \t]+jeunes|"
    # since 1.15.0: care a person goes to, and pharmacy chains named with their town
    r"clinique|foyer|pharmacie|dispensaire|résidence|residence|salle[ \t]+paroissiale|"
    r"ésf|esf|gmf|umf|pharmasave|uniprix|familiprix|proxim|brunet|rexall|pharmachoice"
)
_C_KIND = category(
    "a French facility's kind",
    "hôpital hopital école ecole clsc chsld caserne aréna arena bureau coopérative cooperative "
    "quai usine pavillon polyvalente bibliothèque mairie hôtel marina scierie caisse centre salle "
    "maison clinique foyer pharmacie dispensaire résidence residence ésf esf gmf umf "
    "pharmasave uniprix familiprix proxim brunet rexall pharmachoice",
)
_PLACE = (
    r"((?:L['’]|La[ \t]+|Le[ \t]+|Les[ \t]+)?[A-ZÀ-Þ][\w'’]*(?:-[\w'’]+)*"
    # since 1.15.0: a place of two words whose second is a word of geography ("X Park")
    r"(?:[ \t](?:Park|Lake|River|Bay|Beach|Falls|Hill|Hills|Point|Harbour|Landing|Crossing|"
    r"Creek|Station|Mills|Springs|Valley|Village|Junction))?)"
)
_KIND_DE_RE = re.compile(
    rf"(?i:{_KINDS})[ \t]+"
    rf"(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|d['’]|du[ \t]+|des[ \t]+|de[ \t]+){_PLACE}"
    r"(?![\w'’-])"
)
#: Kinds that take a building's own name right after them: "pavillon X-Y", "aréna X".
_NAMED_RE = re.compile(rf"(?i:pavillon|aréna|arena|polyvalente|caserne)[ \t]+{_PLACE}(?![\w'’-])")


def _place_ok(place: str, lex: Lexicon) -> bool:
    core = re.sub(r"^(?:L['’]|La |Le |Les )", "", place)
    low = place.lower().replace("’", "'")
    if low in lex.places or core.lower() in lex.places:
        return True
    if "-" in core:
        return all(
            p[:1].isupper() or p in ("du", "de", "des", "la", "le", "aux", "en")
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
            if (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-")) or not _place_ok(
                m.group(1), lex
            ):
                continue
            c.add(
                m.start(),
                m.end(),
                "FACILITY",
                "a French facility by its kind and place",
                P_FACILITY,
            )
