"""False positives, by class (since 1.13.0); run last, over every candidate found:

- a weekday or a month, also in the plural (``moved to Thursdays``, ``les lundis``), is no
  address and no name;
- a lower-case hyphenated word made of everyday words or a single letter (``e-sign``,
  ``co-pay``) is no login handle; a lower-case plural whose singular is an everyday or clinical
  word (``chills``, ``rashes``) is no name, unless a list of names holds it;
- a holiday's or an event's name: a holiday's word followed only by everyday words and
  particles (``Noël des Enfants``, ``Christmas for Kids``) is no person;
- the acronym of a kind of facility (``GMF``, ``CLSC``, ``CHSLD``) alone is no name;
- an animal's name: a name right after an animal's noun, in brackets, quotes or after
  ``named`` (``two dogs (Rex, Juno)``, ``the ram "Old Bart"``, ``our cat named Pip``);
- a pathology report's specimen part opening its line (``A. Colon, biopsy``) is no initial and
  surname (since 1.21.0).
"""

from __future__ import annotations

import re

from phi.core import Collector
from phi.index import TextIndex, category, scan_at
from phi.lexicon import Lexicon

_NAME = frozenset({"NAME"})
_NAME_PLACE = frozenset({"NAME", "ADDRESS"})

_WEEKDAYS_RE = re.compile(
    r"(?i)(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)days?|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
)
_HOLIDAY_WORDS = frozenset(
    [
        "christmas",
        "xmas",
        "noël",
        "noel",
        "easter",
        "pâques",
        "paques",
        "thanksgiving",
        "halloween",
        "hanukkah",
        "hanoukka",
        "diwali",
        "ramadan",
        "passover",
        "pessah",
        "toussaint",
    ]
)
_PARTICLES = frozenset(
    [
        "du",
        "de",
        "des",
        "la",
        "le",
        "les",
        "of",
        "the",
        "for",
        "for",
        "à",
        "au",
        "aux",
        "et",
        "and",
        "d",
    ]
)
_FACILITY_ACRONYMS = frozenset(
    ["GMF", "CLSC", "CHSLD", "CISSS", "CIUSSS", "UMF", "CLSCS", "GMF-U", "RPA", "CHU", "CHSGS"]
)
_ANIMALS = (
    r"dogs?|cats?|kittens?|pupp(?:y|ies)|horses?|ponies|pony|mares?|stallions?|geldings?|"
    r"goats?|bucks?|does|ewes?|rams?|lambs?|cows?|bulls?|steers?|heifers?|calf|calves|"
    r"pigs?|sows?|boars?|hens?|roosters?|parrots?|budgies?|rabbits?|ferrets?|"
    r"chiens?|chiennes?|chats?|chattes?|chevaux|cheval|juments?|chèvres?|vaches?|"
    r"guardian dogs?|barn cats?|herding dogs?"
)
_C_ANIMAL = category(
    "an animal's noun",
    "dog dogs cat cats kitten kittens puppy puppies horse horses pony ponies mare mares stallion "
    "stallions gelding geldings goat goats buck bucks does ewe ewes ram rams lamb lambs cow cows "
    "bull bulls steer steers heifer heifers calf calves pig pigs sow sows boar boars hen hens "
    "rooster roosters parrot parrots budgie budgies rabbit rabbits ferret ferrets chien chiens "
    "chienne chiennes chat chats chatte chattes cheval chevaux jument juments chèvre chèvres "
    "vache vaches guardian barn herding",
)
#: After an animal's noun: a bracketed list of names, a quoted name, or ``named``/``called``.
_ANIMAL_RE = re.compile(
    rf"(?i:(?:{_ANIMALS})\b)"
    r"(?:[ \t]*\(([^()\n]{1,60})\)|[ \t,]+[\"“«][ \t]?([^\"”»\n]{1,30}?)[ \t]?[\"”»]"
    r"|[ \t]+(?i:named|called|nommée?|appelée?)[ \t]+([A-Z][\w'’-]+))"
)


def _everyday(word: str, lex: Lexicon) -> bool:
    return word in lex.frequent or word in lex.common or word in lex.clinical


def _listed(word: str, lex: Lexicon) -> bool:
    return word in lex.first_names_all or word in lex.surnames_all


def _plural_word(token: str, lex: Lexicon) -> bool:
    if len(token) < 5 or not token.endswith("s") or _listed(token, lex):
        return False
    stems = [token[:-1]]
    if token.endswith("es"):
        stems.append(token[:-2])
    if token.endswith("ies"):
        stems.append(token[:-3] + "y")
    return any(_everyday(stem, lex) for stem in stems)


def _hyphenated_words(token: str, lex: Lexicon) -> bool:
    parts = token.split("-")
    if len(parts) < 2 or any(not p.isalpha() for p in parts):
        return False
    if not any(len(p) >= 3 for p in parts):
        return False  # "o-l", "j-p": initials
    return all(len(p) == 1 or (_everyday(p, lex) and not _listed(p, lex)) for p in parts)


def _event(words: list[str], lex: Lexicon) -> bool:
    if len(words) < 2 or words[0].lower() not in _HOLIDAY_WORDS:
        return False
    rest = [w.lower() for w in words[1:]]
    return all(w in _PARTICLES or (_everyday(w, lex) and not _listed(w, lex)) for w in rest)


#: (1.21.0) A pathology report's specimen part: its letter, a dot and the site or the finding
#: opening a line (``A. Colon, sigmoid, biopsy``, ``B. Tubular adenoma``), no initial and surname.
_PART_RE = re.compile(r"[A-Z]\.[ \t]+([A-Z][a-z]+)")
_SPECIMEN_SITES = frozenset(
    [
        "colon",
        "rectum",
        "cecum",
        "caecum",
        "ileum",
        "jejunum",
        "duodenum",
        "stomach",
        "esophagus",
        "oesophagus",
        "appendix",
        "liver",
        "gallbladder",
        "pancreas",
        "spleen",
        "skin",
        "breast",
        "lung",
        "bronchus",
        "pleura",
        "prostate",
        "bladder",
        "kidney",
        "ureter",
        "urethra",
        "uterus",
        "cervix",
        "endometrium",
        "ovary",
        "testis",
        "thyroid",
        "parathyroid",
        "adrenal",
        "lymph",
        "bone",
        "marrow",
        "soft",
        "tissue",
        "polyp",
        "tubular",
        "villous",
        "sigmoid",
        "transverse",
        "ascending",
        "descending",
        "terminal",
        "gastric",
        "antrum",
        "fundus",
        "nasal",
        "tonsil",
        "larynx",
        "tongue",
        "lip",
        "placenta",
    ]
)


_PART_NEXT_RE = re.compile(r"[ \t]*(?:[,:;(-]|[ \t]([a-z]+))")
_FINDING_ENDINGS = ("oma", "omas", "itis", "osis", "ectomy", "opsy", "plasia", "ous", "al")


def _specimen_part(text: str, start: int, span: str, lex: Lexicon) -> bool:
    m = _PART_RE.fullmatch(span)
    if m is None or m.group(1).lower() not in _SPECIMEN_SITES:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    # what follows is a site's detail or a finding, not what a person does ("A. X phoned")
    nxt = _PART_NEXT_RE.match(text, start + len(span))
    if nxt is None:
        return False
    word = nxt.group(1)
    return (
        word is None
        or word in _SPECIMEN_SITES
        or word in lex.clinical
        or word.endswith(_FINDING_ENDINGS)
    )


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    animals: set[str] = set()
    starts = idx.at(_C_ANIMAL)
    if starts:
        for m in scan_at(_ANIMAL_RE, text, starts):
            for g in (1, 2, 3):
                if m.group(g) is None:
                    continue
                start = m.start(g)
                for part in re.finditer(r"[^,;/]+", m.group(g)):
                    name = part.group().strip()
                    if not name or not name[0].isupper() or len(name.split()) > 3:
                        continue
                    if any(ch.isdigit() for ch in name):
                        continue
                    s = start + part.start() + (len(part.group()) - len(part.group().lstrip()))
                    c.veto(s, s + len(name), _NAME)
                    animals.add(name)
                    animals.update(w for w in name.split() if _listed(w.lower(), lex))
    for k in list(c.cands):
        if k.kind not in ("NAME", "ADDRESS"):
            continue
        span = text[k.start : k.end]
        if _WEEKDAYS_RE.fullmatch(span):
            c.veto(k.start, k.end, _NAME_PLACE)
            continue
        if k.kind != "NAME":
            continue
        if span in animals or span in _FACILITY_ACRONYMS:
            c.veto(k.start, k.end, _NAME)
        elif span.islower() and " " not in span:
            if ("-" in span and _hyphenated_words(span, lex)) or _plural_word(span, lex):
                c.veto(k.start, k.end, _NAME)
        elif _event(span.split(), lex) or _specimen_part(text, k.start, span, lex):
            c.veto(k.start, k.end, _NAME)
