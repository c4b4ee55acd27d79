"""Name normalisation for attendance matching. Plain Python: no Django import.

A video-platform display name carries much more than a name: titles ("Dr."), credentials
(", MD"), a site after " - ", a device ("Priya's iPhone"), pronouns, and Zoom's
"Display Name (Original Name)" form. :func:`parse_display_name` peels those off and returns the
candidate full names it found, each folded by :func:`fold` (accents, case, hyphens and
apostrophes removed) so that "Jean-François O'Brien" and "jean francois obrien" compare equal.

Nothing here decides who a row belongs to; :mod:`echohub.attendance.reconcile` does, and only
accepts a name when it fits exactly one roster person and no other roster person could be
meant by it (nicknames, initials, partial names: see :func:`similar_names`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DisplayName",
    "first_names_compatible",
    "fold",
    "fold_email",
    "parse_display_name",
    "similar_names",
]

# Leading titles (folded, without the dot).
TITLES = frozenset(
    {
        "dr",
        "dre",
        "doctor",
        "docteur",
        "docteure",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "m",
        "mme",
        "mlle",
        "sir",
        "nurse",
    }
)
# Trailing credentials (folded, without dots), dropped after a comma or at the end.
CREDENTIALS = frozenset(
    {
        "md",
        "do",
        "rn",
        "np",
        "rpn",
        "lpn",
        "phd",
        "msw",
        "rsw",
        "rph",
        "pharmd",
        "bscn",
        "mscn",
        "frcpc",
        "ccfp",
        "mph",
        "pa",
        "ot",
        "pt",
        "mba",
        "bsc",
        "msc",
        "ma",
        "ba",
        "jr",
        "sr",
        "ii",
        "iii",
    }
)
PRONOUNS = re.compile(
    r"^\s*(she|he|they|ze|xe|elle|il|iel)\s*/\s*\w+(\s*/\s*\w+)?\s*$|^\s*(pronouns?:.*)$",
    re.IGNORECASE,
)
DEVICE_WORDS = (
    r"iphone|ipad|ipod|android|galaxy|pixel|phone|cell|mobile|macbook(?:\s+(?:pro|air))?|mac|"
    r"imac|laptop|pc|computer|desktop|tablet|surface|chromebook|zoom\s+rooms?|device"
)
DEVICE_OWNED = re.compile(rf"^(?P<owner>.+?)['’`]s?\s+(?:{DEVICE_WORDS})\b.*$", re.IGNORECASE)
DEVICE_OF = re.compile(rf"^(?:{DEVICE_WORDS})\b.*?\s+(?:de|of|d['’])\s*(?P<owner>.+)$", re.I)
# A bare device name ("iPad", "Galaxy S21", "iPhone 15 Pro"): no name at all.
DEVICE_ONLY = re.compile(
    r"^(?:iphone|ipad|ipod|android|galaxy|pixel|macbook|imac|chromebook|zoom\s+rooms?)"
    r"(?:\s+(?:[\w\-.]*\d[\w\-.]*|pro|air|max|mini|plus|ultra|note|tab|fold|flip))*$",
    re.IGNORECASE,
)
PHONE = re.compile(r"^[\s+()\-.\d]*\d[\s+()\-.\d]*$")
# A dial-in number Zoom partly hides ("(613) ***-**42", "+1 613 XXX XX42"): digits and masks.
MASKED_PHONE = re.compile(r"^\+?[\s()\-.\d]*\d[\s()\-.\d*xX•#]*[*xX•#][\s()\-.\d*xX•#]*$")


def _is_phone(text: str) -> bool:
    """A dial-in number, whole or masked: at least five digits, or seven digits and masks with
    at least two digits."""
    text = text.strip()
    digits = sum(char.isdigit() for char in text)
    if PHONE.match(text):
        return digits >= 5
    if MASKED_PHONE.match(text):
        return digits >= 2 and digits + sum(char in "*xX•#" for char in text) >= 7
    return False


# A shared connection: a room, or several people ("Room 2 - 3 people", "Jane & Bob").
ROOM = re.compile(
    r"\b(room|rooms|boardroom|conference|salle|auditorium|classroom|lounge|theatre|theater)\b",
    re.IGNORECASE,
)
SHARED_COUNT = re.compile(
    r"\b\d+\s*(people|persons|ppl|pers|personnes|participants|attendees)\b", re.IGNORECASE
)
SHARED_NAMES = re.compile(r"\s(&|\+|and|et)\s", re.IGNORECASE)
SHARED_SLASH = re.compile(r"^[^\s/]+\s*/\s*[^\s/]+$")
PRONOUNS_ANYWHERE = re.compile(
    r"[(\[]\s*(she|he|they|ze|xe|elle|il|iel)\s*/\s*\w+(\s*/\s*\w+)?\s*[)\]]", re.IGNORECASE
)
# Zoom's breakout-room tag ("[Breakout Room 2]", French "[Salle de sous-groupe 2]"): which
# breakout room the person was in, not a room people share. Only these words: any other
# bracketed room ("[Room 2]") stays a possible shared room.
BREAKOUT_TAG = re.compile(
    r"[\[(]\s*(?:breakout(?:\s+room)?|salle\s+(?:de\s+)?(?:sous[-\s]?groupes?|r[ée]partition"
    r"|petits?\s+groupes?|groupes?\s+de\s+travail))\s*(?:#|n°|no\.?)?\s*\d{0,4}\s*[\])]",
    re.IGNORECASE,
)
# Credentials dropped from the end of a name without a comma: only unmistakable ones (short
# ones such as "Do" or "Ma" are also surnames).
TRAILING_CREDENTIALS = frozenset(
    {"md", "rn", "np", "rpn", "phd", "msw", "rsw", "rph", "pharmd", "bscn", "frcpc", "ccfp", "mph"}
)
SITE_SEPARATORS = re.compile(r"\s+[-–—|/]\s+|\s*[|@]\s*")
PARENTHESIS_AT_END = re.compile(r"^(?P<display>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold a name for comparison: no accents, casefolded, apostrophes and dots removed,
    hyphens and other punctuation turned into single spaces."""
    text = _strip_accents(text).casefold()
    text = re.sub(r"['’`´.]", "", text)
    text = re.sub(r"[^\w]+|_", " ", text)
    return " ".join(text.split())


def fold_email(email: str) -> str:
    """Trim and casefold an e-mail address ("" when blank); an address written with its name
    or scheme ("Ana Lima <ana@x.org>", "mailto:ana@x.org", "ana@x.org;") is the address."""
    text = email.strip()
    if "<" in text or ":" in text or text.endswith((";", ",")):
        bracketed = _BRACKETED_EMAIL.fullmatch(text)
        if bracketed:
            text = bracketed["address"]
        text = _MAILTO.sub("", text).rstrip(";,").strip()
    return text.casefold()


_BRACKETED_EMAIL = re.compile(r"[^<>@]*<\s*(?P<address>[^<>\s]+@[^<>\s]+)\s*>[;,]?")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DisplayName:
    """What a participant's display name tells us.

    ``kind`` is ``"person"`` (``names`` holds folded candidate full names, best first),
    ``"phone"`` (a dial-in number), ``"room"`` (a shared room or site), ``"device"`` (only a
    device such as "iPad"), or ``"empty"``. ``first_name_hints`` are folded first names taken
    from device names ("Priya's iPhone" gives "priya"); they never identify anyone on their
    own but must agree with the full name when both are present. ``after_site`` are folded
    names written after a site separator ("Timmins FHT - Jane Smith": a site may come first);
    they are candidates like ``names``. ``parts`` holds, for the display name and for the
    original name in brackets, the names each may be (before and after a site separator).
    """

    raw: str
    kind: str
    names: tuple[str, ...]
    first_name_hints: tuple[str, ...] = ()
    after_site: tuple[str, ...] = ()
    parts: tuple[tuple[str, ...], ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """``names`` and then ``after_site``: every name the display name may carry."""
        return self.names + self.after_site


def _clean_person_part(text: str) -> tuple[str, tuple[str, ...], bool]:
    """Clean one part ("Dr. Jane Smith - Timmins FHT") into a folded full name.

    Returns (folded name or "", first-name hints from a device name, is_room). What follows a
    site separator is read by :func:`_after_site`.
    """
    text = text.strip()
    if not text:
        return "", (), False
    device = DEVICE_OWNED.match(text) or DEVICE_OF.match(text)
    if device:
        owner = fold(device.group("owner"))
        return "", ((owner,) if owner else ()), False
    if DEVICE_ONLY.match(text):
        return "", (), False
    # Site or role after " - ", " | ", " / ": keep what comes before.
    if SHARED_SLASH.match(text):  # "Jane / Bob", before the site split hides it
        return "", (), True
    text = SITE_SEPARATORS.split(text, maxsplit=1)[0]
    if ROOM.search(text) or SHARED_NAMES.search(text):
        return "", (), True
    # "Smith, MD" -> drop credentials after commas; "Smith, Jane" -> "Jane Smith".
    if "," in text:
        parts = [part.strip() for part in text.split(",")]
        kept = [parts[0]]
        for part in parts[1:]:
            if part and all(token in CREDENTIALS for token in fold(part).split()):
                continue
            kept.append(part)
        text = f"{kept[1]} {kept[0]}" if len(kept) == 2 and kept[1] else " ".join(kept)
    tokens = fold(text).split()
    while tokens and tokens[0] in TITLES and len(tokens) > 1:
        tokens.pop(0)
    while tokens and tokens[-1] in TRAILING_CREDENTIALS and len(tokens) > 2:
        tokens.pop()
    return " ".join(tokens), (), False


def _after_site(text: str) -> str:
    """The folded name after a site separator, for a site written first ("Timmins FHT -
    Dr. Jane Smith"): "" when that part is no person (pronouns, a room, a device)."""
    parts = SITE_SEPARATORS.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or SHARED_SLASH.match(text.strip()):
        return ""
    rest = parts[1].strip()
    if not rest or PRONOUNS.match(rest) or SHARED_SLASH.match(rest):
        return ""
    name, hints, is_room = _clean_person_part(rest)
    return "" if is_room or hints else name


@lru_cache(maxsize=65536)
def parse_display_name(raw: str) -> DisplayName:
    """Split a display name such as "Dr. Fatima Bélanger - Timmins FHT (Fatima Bélanger)" or
    "Priya's iPhone (Priya Cardinal)" into folded candidate names (see :class:`DisplayName`)."""
    text = " ".join(BREAKOUT_TAG.sub(" ", PRONOUNS_ANYWHERE.sub(" ", raw)).split())
    if not text:
        return DisplayName(raw, "empty", ())
    if _is_phone(text):
        return DisplayName(raw, "phone", ())
    parts: list[str] = []
    match = PARENTHESIS_AT_END.match(text)
    if match:
        inner = match.group("inner").strip()
        parts.append(match.group("display"))
        if inner and not PRONOUNS.match(inner):
            parts.append(inner)
    else:
        parts.append(text)
    names: list[str] = []
    after_site: list[str] = []
    part_names: list[tuple[str, ...]] = []
    hints: list[str] = []
    rooms = bool(SHARED_COUNT.search(text))
    for part in parts:
        if _is_phone(part):
            continue
        name, part_hints, is_room = _clean_person_part(part)
        rooms = rooms or is_room
        hints.extend(part_hints)
        if name and name not in names:
            names.append(name)
        after = _after_site(part) if name else ""
        if after and after not in after_site:
            after_site.append(after)
        if name:
            part_names.append((name, after) if after else (name,))
    if rooms:
        # A shared room or several people on one connection: never one person's attendance.
        return DisplayName(raw, "room", (), tuple(hints))
    if names:
        extra = tuple(name for name in after_site if name not in names)
        return DisplayName(raw, "person", tuple(names), tuple(hints), extra, tuple(part_names))
    if hints or any(DEVICE_ONLY.match(part.strip()) for part in parts):
        return DisplayName(raw, "device", (), tuple(hints))
    if all(PHONE.match(part.strip() or "x") for part in parts):
        return DisplayName(raw, "phone", ())
    return DisplayName(raw, "empty", ())


# Groups of first names that may stand for one another (folded). Only used to send rows to
# review, never to assign them, so a generous list is safe.
_NICKNAME_GROUPS = (
    "alexander alex alec sandy xander",
    "alexandra alex alexa sandra sandy",
    "andrew andy drew andre",
    "anthony tony",
    "benjamin ben benji",
    "catherine katherine kathryn cathy kathy kate katie cate kat",
    "charles charlie chuck chas",
    "christopher chris kit",
    "christine christina chris tina",
    "daniel dan danny",
    "danielle dani",
    "david dave davy",
    "deborah debra deb debbie",
    "donald don donnie",
    "edward ed eddie ted ned",
    "elizabeth liz lizzie beth betty eliza libby",
    "eleanor ellie nora",
    "francis frank frankie",
    "frederick fred freddie",
    "gabriel gabe",
    "gregory greg",
    "harold harry hal",
    "henry harry hank",
    "isabelle isabel bella izzy",
    "jacob jake",
    "james jim jimmy jamie",
    "jennifer jen jenny",
    "jessica jess jessie",
    "john jack johnny jon",
    "jonathan jon jonny",
    "joseph joe joey jos",
    "joshua josh",
    "katherine kate katie kathy kat",
    "kenneth ken kenny",
    "kevin kev",
    "lawrence larry",
    "leonard leo len lenny",
    "margaret maggie meg peggy marge greta",
    "matthew matt",
    "michael mike mick mikey mitch",
    "mohammed mohammad muhammad mohamed mo",
    "nathaniel nathan nate nat",
    "nathan nate",
    "nicholas nick nicky",
    "olivia liv livvy",
    "patricia pat patty tricia trish",
    "patrick pat paddy",
    "peter pete",
    "philip phillip phil",
    "rebecca becky becca beck",
    "richard rick rich dick ricky",
    "robert rob bob bobby robbie bert",
    "ronald ron ronnie",
    "samuel sam sammy",
    "samantha sam sammy",
    "sarah sara sadie",
    "stephen steven steve stevie",
    "susan sue suzie",
    "theodore theo ted teddy",
    "thomas tom tommy",
    "timothy tim timmy",
    "victoria vicky tori",
    "william will bill billy liam willy",
    "zachary zach zack",
)


def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in _NICKNAME_GROUPS:
        members = set(group.split())
        for name in members:
            index.setdefault(name, set()).update(members)
    return {name: frozenset(members) for name, members in index.items()}


NICKNAMES = _nickname_index()


def first_names_compatible(a: str, b: str) -> bool:
    """Could folded first names ``a`` and ``b`` be the same person (nickname, prefix, initials,
    one part of a compound name)? Equal names are compatible too."""
    if a == b:
        return True
    if not a or not b:
        return False
    a_tokens, b_tokens = a.split(), b.split()
    a_solid, b_solid = "".join(a_tokens), "".join(b_tokens)
    if a_solid == b_solid:
        return True
    short, long_ = (a_solid, b_solid) if len(a_solid) <= len(b_solid) else (b_solid, a_solid)
    if len(short) >= 2 and long_.startswith(short):
        return True
    if len(short) == 1 and long_[0] == short:
        return True
    initials_a = "".join(token[0] for token in a_tokens)
    initials_b = "".join(token[0] for token in b_tokens)
    if (len(a_tokens) > 1 and initials_a == b_solid) or (
        len(b_tokens) > 1 and initials_b == a_solid
    ):
        return True
    if set(a_tokens) & set(b_tokens):
        return True
    for token_a in a_tokens:
        group = NICKNAMES.get(token_a)
        if group and any(token_b in group for token_b in b_tokens):
            return True
    return " ".join(a_tokens) in NICKNAMES.get(" ".join(b_tokens), frozenset())


def similar_names(name: str, first: str, last: str) -> bool:
    """Could the folded full ``name`` from a report mean the roster person with folded
    ``first`` and ``last`` names, without being exactly ``first last``?

    True for a nickname or initial ("dan dubois" / Daniel Dubois), a middle name or initial
    ("fatima m belanger"), part of a compound name ("ian gagnon" / Ian Gagnon-Lévesque) and
    reversed order ("dubois daniel"). Only ever used to send a row to review.
    """
    tokens = name.split()
    first_tokens, last_tokens = first.split(), last.split()
    if not tokens or not last_tokens:
        return False
    if tokens == last_tokens + first_tokens:
        return True
    if len(tokens) == 1:  # "Smith" or "Priya" alone
        return tokens in (last_tokens, first_tokens) or (
            len(first_tokens) == 1
            and first_names_compatible(tokens[0], first_tokens[0])
            and len(tokens[0]) > 1
            and tokens[0] in NICKNAMES.get(first_tokens[0], ())
        )
    # A last initial ("Ana L.", "Claire T"): the first name fits and the initial is the last
    # name's.
    if (
        len(tokens) >= 2
        and len(tokens[-1]) == 1
        and tokens[-1] == last_tokens[0][0]
        and first_names_compatible(" ".join(tokens[:-1]), first)
        and len(" ".join(tokens[:-1])) > 1
    ):
        return True
    # Reversed with a first initial ("Nguyen A").
    if first_tokens and tokens == [*last_tokens, first_tokens[0][0]]:
        return True
    # Same last name (as the final tokens), compatible first name (the tokens before it).
    n_last = len(last_tokens)
    if len(tokens) > n_last and tokens[-n_last:] == last_tokens:
        report_first = " ".join(tokens[:-n_last])
        if first_names_compatible(report_first, first):
            return True
        if first_tokens and tokens[0] == first_tokens[0]:
            return True  # a middle name or initial
    # Same first name, last names sharing a part ("gagnon" / "gagnon levesque").
    if first_tokens and tokens[: len(first_tokens)] == first_tokens:
        rest = tokens[len(first_tokens) :]
        if rest and (set(rest) <= set(last_tokens) or set(last_tokens) <= set(rest)):
            return True
    return False
