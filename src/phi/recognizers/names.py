"""Names beyond cues: shapes, login handles, people's actions, and neighbours of known names.

- ``SURNAME, Given`` and ``SURNAME, I`` (printouts, dispensing histories), in any column.
- Login handles built from a name (``mchen``, ``dr.nguyen``, ``lbrown_rph``, ``garcia.m``)
  when their core is a known surname or a name already found in the text.
- A known given name doing what people do (``cliff says``, ``saw joy at``, ``spoke to Amber``),
  in any case, and a lower-case given name followed by a known surname (``lena marchand``).
- Once a name is found with good evidence, every other mention of it in the text, in any case.
"""

from __future__ import annotations

import re
import unicodedata

from phi.core import P_NAME, P_NAME_WEAK, Collector
from phi.index import TextIndex, anchored, category, scan_at
from phi.lexicon import Lexicon
from phi.recognizers.name_reader import (
    _PARTICLES,
    _word_is_name,
    beside_a_capital,
    given_compound,
    region_surname,
)

_SURNAME_GIVEN_RE = re.compile(
    r"(?<![\w'’-])((?:(?:DE|DEL|DELLA|DI|DA|DU|LA|LE|DOS|DAS|LOS|LAS|VAN|VON|DER|DEN|TER|TEN|BIN|"
    r"IBN|AL|EL)[ ]){0,3}[A-ZÀ-Þ][A-ZÀ-Þ'’]+(?:[ -][A-ZÀ-Þ][A-ZÀ-Þ'’]+)?),[ \t]?"
    r"([A-ZÀ-Þ][a-zà-ÿA-ZÀ-Þ'’-]+(?:[ \t][A-ZÀ-Þ][a-zà-ÿA-ZÀ-Þ'’-]*\.?){0,2}|[A-Z]\.?)(?![\w'’-])"
)
_HANDLE_RE = re.compile(
    r"(?<![\w@./-])((?:(?:dr|dre|pt|ot|np|rn|swk|sw|privacy|admin|pharm|rph)\.)?"
    r"[a-z][a-z'-]{2,24}(?:[._][a-z]{1,4})?\d{0,3})(?![\w@-]|\.\w)"
)
#: File name extensions: after a name and a dot they are the file's type, not part of the name.
_FILE_EXTENSIONS = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "txt",
        "rtf",
        "odt",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "heic",
        "tif",
        "tiff",
        "bmp",
        "csv",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "zip",
        "mp3",
        "mp4",
        "wav",
        "mov",
        "avi",
        "htm",
        "html",
        "xml",
        "json",
        "eml",
        "msg",
    ]
)
_ROLE_PARTS = frozenset(
    [
        "dr",
        "dre",
        "pt",
        "ot",
        "np",
        "rn",
        "swk",
        "sw",
        "privacy",
        "admin",
        "pharm",
        "rph",
        "ip",
        "md",
        "lpn",
        "rpn",
        "psw",
        "np",
    ]
)
_ACT_AFTER = (
    r"(?:says|said|asks|asked|called|calls|phoned|texted|told|tells|wants|wanted|thinks|"
    r"reports|reported|states|stated|came|comes|brought|brings|drove|drives|helped|helps|"
    r"picked|dropped|visited|visits|went|took|gave|agreed|refused|declined|mentioned|noticed|"
    r"found|feels|felt|is[ \t]+with|was[ \t]+with|slid|fell|lives|lived|works|worked|dit|"
    r"a[ \t]+dit|appelle|est[ \t]+venu|est[ \t]+venue)"
)
_ACT_BEFORE = (
    r"(?:saw|see|seen|visited|called|phoned|texted|told|asked|thank|thanks|thx|hi|hello|hey|"
    r"bonjour|salut|merci|spoke[ \t]+(?:to|with)|talked[ \t]+(?:to|with)|met[ \t]+with|"
    r"neighbour|neighbor|voisin|voisine)"
)
_WORD = r"([^\W\d_][^\W\d_'’-]{1,20}(?:-[^\W\d_]{2,20})?)"
_ACT_VERB_RE = re.compile(rf"(?i)(?<=[ \t]){_ACT_AFTER}(?![\w])")
_WORD_BEFORE_RE = re.compile(rf"(?<![\w'’-]){_WORD}[ \t]+$")
_ACT_BEFORE_RE = re.compile(rf"(?i)(?<![\w]){_ACT_BEFORE}[ \t]+{_WORD}(?![\w'’-])")
_LOWER_PAIR_RE = re.compile(
    r"(?<![\w'’-])([a-zà-ÿ]{2,20})(?=[ \t]+([a-zà-ÿ][a-zà-ÿ'’-]{2,20})(?![\w'’-]))"
)
_GIVEN_PAIR_RE = re.compile(
    r"(?<![\w'’.-])([A-ZÀ-Þ][a-zà-ÿ]{1,15}(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]{2,20}(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)"
    r"(?![\w'’-])"
)


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in '.!?\n:;"«(-*•'


def _wrapped_line(text: str, pos: int) -> bool:
    """(1.25.0) ``pos`` starts a line that carries on a sentence of prose: the line before is
    a long one (five words or more) ending in a lower-case letter or a comma ("... referred to
    / X Y at the office"), so a capitalised word here is no sentence's first word."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] != "\n":
        return False
    prev = text[text.rfind("\n", 0, i) + 1 : i].rstrip()
    return (
        len(prev.split()) >= 5
        and (prev[-1:].islower() or prev[-1:] == ",")
        and prev.lstrip()[:1] not in "|>#"
    )


_INITIAL_SURNAME_RE = re.compile(
    r"[A-Z](?<![\w.][A-Z])\.(?:[ \t]?[A-Z]\.){0,3}[ \t]?([A-ZÀ-Þ][a-zà-ÿ'’]{2,20})(?![\w'’-])"
)
_C_SIGNED = category(
    "signature label",
    "signed co-signed cosigned countersigned initials initialled initialed witnessed verified "
    "checked paraphe initiales signé",
)
_SIGNED_INITIALS_RE = re.compile(
    r"(?i:signed(?:[ \t]+by)?|co-?signed(?:[ \t]+by)?|countersigned(?:[ \t]+by)?|initials|"
    r"initial(?:l)?ed[ \t]+by|witnessed[ \t]+by|verified[ \t]+by|checked[ \t]+by|paraphe|"
    r"initiales|signé(?:[ \t]+par)?)[ \t]*:?[ \t]*"
    r"([A-Z]{2,3}(?:[ \t]*[/,&][ \t]*[A-Z]{2,3})*)(?![\w])"
)
_CAPS_TOKEN_RE = re.compile(r"[A-Z]{2,3}")
#: Credentials and roles that are written in capitals where initials could stand.
_CREDENTIALS = frozenset(
    [
        "md",
        "do",
        "np",
        "rn",
        "rpn",
        "lpn",
        "pt",
        "ot",
        "sw",
        "rsw",
        "psw",
        "rph",
        "dc",
        "nd",
        "rd",
        "ma",
        "pa",
        "ceo",
        "cno",
        "hr",
        "er",
        "icu",
        "or",
        "dr",
    ]
)
_C_SELF_INTRO = category("self-introduction", "it's its it’s this c'est c’est ici")
_SELF_INTRO_RE = re.compile(
    r"(?:[Ii]t['’]?s|[Tt]his[ \t]+is|[Cc]['’]est|[Ii]ci)[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’-]+)(?:[ \t]+([A-ZÀ-Þ][a-zà-ÿ'’-]+))?"
    r"(?=[ \t]+(?:from|here|calling|with|at|de|du|d['’]|à|qui)(?![\w]))"
)
_NICK_RE = re.compile(r"(?<![\w'’-])(Ti-[A-ZÀ-Þ][a-zà-ÿ]+|[A-ZÀ-Þ][a-zà-ÿ]+-O)(?![\w'’-])")


def _side_letter(text: str, pos: int) -> bool:
    """(1.10.0) Is the capital at ``pos`` a side or a grade ending a sentence, not an initial?
    After a comparison or a sign (``+ R.``, ``L>R.``), or a side after a number (``40 R.``)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0:
        return False
    return text[i] in "+<>=±" or (text[i].isdigit() and text[pos] in "RLB")


def _plain(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    return word.replace("-", "").replace("'", "").replace("’", "")


def _given(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return (
        (w in lex.first_names_all or given_compound(w, lex))
        and w not in lex.drugs
        and w not in lex.eponyms
    )


_REDACTED_RE = re.compile(r"(?<![\w])[Xx*]{3,}(?:,?[ \t]+[Xx*]{2,})*(?![\w])")


_C_ACT_AFTER = category(
    "verb after a person",
    """says said asks asked called calls phoned texted told tells wants wanted thinks reports
    reported states stated came comes brought brings drove drives helped helps picked dropped
    visited visits went took gave agreed refused declined mentioned noticed found feels felt is
    was slid fell lives lived works worked dit a appelle est""",
)
_C_ACT_BEFORE = category(
    "verb before a person",
    """saw see seen visited called phoned texted told asked thank thanks thx hi hello hey bonjour
    salut merci spoke talked met neighbour neighbor voisin voisine""",
)
_C_GIVEN_ALL = category(
    "given name (large list)", lambda lex: lex.first_names_all | lex.wordlike_names
)
_POSSESSIVE_RE = re.compile(
    r"['’]s[ \t]+(?:(?:late|former|new|older|younger|eldest|youngest|twin|ex-?)[ \t]*)?"
    r"(?:sister|brother|mom|mum|mother|dad|father|wife|husband|son|daughter|kids?|"
    r"children|boyfriend|girlfriend|partner|cousin|aunt|uncle|grandson|granddaughter|niece|nephew|"
    r"friend|buddy|place|house|home|trailer|camp|cabin|farm|truck|car|apartment|basement)(?![\w'’-])"
)
_CAP_BEFORE_RE = re.compile(r"(?<![\w'’.-])([A-ZÀ-Þ][a-zà-ÿ]+)$")
_DETERMINER_RE = re.compile(r"(?i)(?<![\w'’])(?:his|her|their|my|our|your|a|an|the)[ \t]+$")
_REDACT_PROBE_RE = re.compile(r"[Xx*]{3}")
_CAPS_COMMA_RE = re.compile(r",(?<=[A-ZÀ-Þ'’],)")
_CAPS_RUN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞ'’ -")


def _caps_before_commas(text: str) -> list[int]:
    """Word starts in the run of capitals, spaces and hyphens just before each comma that
    follows a capital: where a ``SURNAME, Given`` can start."""
    starts: list[int] = []
    for cm in _CAPS_COMMA_RE.finditer(text):
        q = cm.start()
        s = q
        while s > 0 and q - s < 60 and text[s - 1] in _CAPS_RUN_CHARS:
            s -= 1
        starts += [
            p for p in range(s, q) if text[p] not in " -" and (p == s or text[p - 1] in " -")
        ]
    return starts


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if _REDACT_PROBE_RE.search(text):
        for m in _REDACTED_RE.finditer(text):
            c.veto(m.start(), m.end(), frozenset({"NAME"}))  # a redaction mark, XXXXXXX, XXXXX
    for m in scan_at(_SURNAME_GIVEN_RE, text, _caps_before_commas(text)):
        sur = m.group(1)
        if not sur.strip("X'’- ") or len(sur) < 2:
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", sur.lower()) if w not in _PARTICLES]
        if not words or any(lex.never_name(w) and w not in lex.surnames_all for w in words):
            continue
        given_raw = m.group(2).split()[0].rstrip(".")
        given = given_raw.lower()
        known = any(w in lex.surnames_all for w in words) or given in lex.first_names_all
        if not known and (
            len(sur.replace(" ", "").replace("-", "")) < 4 or not re.search(r"[AEIOUYÀ-Ü]", sur)
        ):
            continue  # acronyms
        if (
            len(given_raw) > 1
            and given_raw.isupper()
            and not any(w in lex.surnames_all for w in words)
            and not (len(given) >= 3 and given in lex.first_names_all)
        ):
            continue  # acronyms: "LBP, M", "AAROM, TENS"
        if len(given) > 1 and lex.never_name(given) and given not in lex.first_names_all:
            continue
        c.add(m.start(), m.end(), "NAME", "a surname in capitals, a comma and a given name", P_NAME)
    for m in _INITIAL_SURNAME_RE.finditer(text):
        sur = m.group(1).lower()
        if _side_letter(text, m.start()):
            continue  # "FABER + R. Palp:", "L>R. Sore", "SLR 40 R. Tender": a side, a sentence
        if (sur in lex.surnames_all or sur not in lex.frequent) and not lex.never_name(sur):
            c.add(m.start(), m.end(), "NAME", "an initial and a surname", P_NAME - 1)
    if "Ti-" in text or "-O" in text:
        for m in _NICK_RE.finditer(text):
            c.add(m.start(), m.end(), "NAME", "a nickname", P_NAME)
    acts = [
        wm
        for vm in scan_at(_ACT_VERB_RE, text, idx.at(_C_ACT_AFTER))
        if (wm := _WORD_BEFORE_RE.search(text, max(0, vm.start() - 30), vm.start())) is not None
    ]
    for m in acts + scan_at(_ACT_BEFORE_RE, text, idx.at(_C_ACT_BEFORE)):
        word = m.group(1)
        if (
            _given(word, lex)
            and not (lex.clinical.__contains__(word.lower()) or word.lower() in _NOT_PEOPLE)
            and _DETERMINER_RE.search(text, max(0, m.start(1) - 8), m.start(1)) is None
        ):  # "his buddy says": a determiner makes the word a common noun
            c.add(m.start(1), m.end(1), "NAME", "a given name doing what people do", P_NAME)
    # initials after a signature label: "Signed: RW / FAR", "Initials: KM"
    for m in scan_at(_SIGNED_INITIALS_RE, text, idx.at(_C_SIGNED)):
        for im in _CAPS_TOKEN_RE.finditer(m.group(1)):
            if im.group().lower() not in _CREDENTIALS:
                start = m.start(1) + im.start()
                c.add(start, start + len(im.group()), "NAME", "initials after 'signed'", P_NAME)
    # a caller or writer introducing themselves: "it's Bryony from the clinic", "c'est Ana de"
    for m in scan_at(_SELF_INTRO_RE, text, idx.at(_C_SELF_INTRO)):
        words_ = [w for w in (m.group(1), m.group(2)) if w]
        if all(
            not lex.never_name(w)
            or w.lower() in lex.first_names_all
            or w.lower() in lex.surnames_all
            for w in words_
        ) and not any(w.lower() in _NOT_PEOPLE for w in words_):
            c.add(m.start(1), m.end(), "NAME", "a person introducing themselves", P_NAME)
    given_at = idx.at(_C_GIVEN_ALL)
    for m in scan_at(_GIVEN_PAIR_RE, text, [p for p in given_at if text[p].isupper()]):
        a, b = m.group(1), m.group(2)
        first = a.split("-")[0].lower()
        strong = (
            first in lex.first_names_all
            and first not in lex.wordlike_names
            and b.lower() in lex.surnames_all
            and all(p.lower() in lex.first_names_all for p in a.split("-"))
        )
        bl = b.lower()
        if f"{a.lower()} {bl}" in lex.places:
            continue  # "Elliot Lake", "Grand Forks": a town, not a person
        if (
            first in lex.first_names_all
            and (not lex.never_name(bl) or region_surname(bl, lex))
            and (bl in lex.surnames_all or bl not in lex.frequent)
            and (strong or not _sentence_start(text, m.start()) or _wrapped_line(text, m.start()))
        ):
            c.add(m.start(), m.end(), "NAME", "a given name and a surname", P_NAME - 1)
        elif (
            first in lex.wordlike_names
            and "-" not in a
            and bl not in lex.frequent
            and not lex.never_name(bl)
            and bl not in lex.places
        ):
            # "May Okonkwo", "Autumn Ashkewe": a given name that is also a word, before a word
            # that is no everyday word (good evidence: other mentions are found too)
            c.add(m.start(), m.end(), "NAME", "a given name and a surname", P_NAME)
    # a name that is also a word, before 's and a relation or a home: "Rocky's sister"
    if "'s " in text or "’s " in text:
        for m in _POSSESSIVE_RE.finditer(text):
            wm = _CAP_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
            if wm is None:
                continue
            word = wm.group(1)
            if word.lower() in lex.common or not _word_is_name(word, lex):
                continue
            c.add(wm.start(1), wm.end(1), "NAME", "a person's relation or home", P_NAME)
    for m in anchored(_LOWER_PAIR_RE, text, [p for p in given_at if text[p].islower()]):
        a, b = m.group(1), m.group(2)
        if (
            a in lex.first_names_all
            and b in lex.surnames_all
            and not lex.never_name(a)
            and not lex.never_name(b)
            and a not in lex.wordlike_names
        ):
            c.add(m.start(1), m.end(2), "NAME", "a given name and a surname in lower case", P_NAME)


_NOT_PEOPLE = frozenset(
    [
        "the",
        "she",
        "he",
        "it",
        "they",
        "we",
        "you",
        "i",
        "pain",
        "patient",
        "pt",
        "who",
        "nurse",
        "doctor",
    ]
)


def _known_cores(c: Collector, lex: Lexicon, lower: set[str] | None = None) -> set[str]:
    cores: set[str] = set()
    text = c.text
    for k in c.cands:
        if k.kind != "NAME" or k.prio < P_NAME:
            continue
        span = text[k.start : k.end]
        for w in re.findall(r"[^\W\d_][^\W\d_'’-]+", span) + re.findall(r"[^\W\d_][\w'’-]+", span):
            p = _plain_cached(w)
            if len(p) >= 3 and not (lex.never_name(p) and p not in lex.surnames_all):
                cores.add(p)
                if lower is not None and w.islower():
                    lower.add(p)
    return cores


def _handle_core(token: str) -> list[str]:
    """Possible name cores of a login handle: drop role parts, digits and one or two initials."""
    t = _plain(token.replace(".", "\x00").replace("_", "\x01"))
    t = t.replace("\x00", ".").replace("\x01", "_").rstrip("0123456789")
    parts = [p for p in re.split(r"[._]", t) if p]
    parts = [p for p in parts if p not in _ROLE_PARTS]
    if not parts:
        return []
    out: list[str] = []
    for p in parts:
        p = p.replace("-", "").replace("'", "")
        if len(p) >= 3:
            out.append(p)
    if len(parts) == 1:
        p = parts[0].replace("-", "")
        out += [p[1:], p[2:], p[:-1]]
    return [o for o in out if len(o) >= 3]


_ANY_WORD_RE = re.compile(r"(?<![\w@./'’-])[^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)*(?![\w@'’-]|\.\w)")


_RUN_RE = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-]+[^\W\d_'’-]*)*")
# Runs of word characters, dots, @, / and hyphens where a handle can start: at a lower-case letter
# that starts the run or follows an apostrophe (``_HANDLE_RE``'s look-behind); other runs are
# matched whole and give an empty string.
_TOKEN_RUN_RE = re.compile(r"([a-z][\w@./'’-]*)|[^\W_a-z][\w@./-]*|['’]+|[_@./-][\w@./-]*")
_SEPARATOR_RE = re.compile(r"[._\d]")
_PLAIN_CACHE: dict[str, str] = {}


def _plain_cached(word: str) -> str:
    p = _PLAIN_CACHE.get(word)
    if p is None:
        wl = word.lower()
        p = wl if wl.isascii() and wl.isalpha() else _plain(word)
        if len(_PLAIN_CACHE) < 50_000:
            _PLAIN_CACHE[word] = p
    return p


def _handle_is_name(token: str, lex: Lexicon, cores: set[str]) -> bool:
    """Is this login-handle-shaped token (lower case, see ``_HANDLE_RE``) built from a name?"""
    if _SEPARATOR_RE.search(token) is None:
        # a plain lower-case word: only an initial glued to a known surname, and never an
        # everyday word ("began", "state", "crush") or a unit ("pmol")
        if token in lex.common or token in lex.surnames_all or token in lex.frequent:
            return False
        # (units: "pmol", "mcg"; not every word ending in "g": "jhuang" is J. Huang)
        if token in lex.clinical or token.endswith(("mol", "mg", "mcg", "ml")):
            return False
        p = _plain_cached(token)
        return (
            p[1:] in cores
            or p[2:] in cores
            or (len(p) >= 6 and p[1:] in lex.surnames_all and not lex.never_name(p[1:]))
        )
    parts = [p for p in re.split(r"[._]", token.rstrip("0123456789")) if p]
    has_role = len(parts) > 1 and any(p in _ROLE_PARTS for p in parts)
    rest = [p for p in parts if p not in _ROLE_PARTS]
    if (
        has_role
        and len(rest) == 1
        and len(rest[0]) >= 4
        and (rest[0] not in lex.frequent or rest[0][1:] in lex.surnames_all)
    ):
        return True
    return any(
        core in cores or (core in lex.surnames_all and not lex.never_name(core))
        for core in _handle_core(token)
    )


def _ordinary(word: str, lex: Lexicon) -> bool:
    """Could the lower-case ``word`` be an ordinary word rather than the name found elsewhere?
    Only a listed given name or surname counts in lower case ("vasquez"; not "boathouse", whatever
    found it capitalised), and a frequent word only when the short curated lists hold it
    ("smith", "tremblay"), never an everyday word ("bill", "walker", "parent")."""
    if lex.never_name(word) or word in lex.wordlike_names or word in lex.surname_words:
        return True
    if word not in lex.surnames_all and word not in lex.first_names_all:
        return True
    if word in lex.frequent:
        return word not in lex.surnames and word not in lex.first_names
    return False


_C_HOLIDAY = category("holiday", lambda lex: lex.holidays)
_NAME_ONLY = frozenset({"NAME"})


def holidays(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Holidays and observances are no names: "Victoria Day", "Louis Riel Day", "St. Patrick's
    Day" (the list: ``phi/data/holidays.txt``, from the ``holidays`` package)."""
    text = c.text
    for start in idx.at(_C_HOLIDAY):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue
        first = _WORD_AT_RE.match(text, start)
        if first is None:
            continue
        for name in lex.holidays.get(first.group().lower().replace("’", "'"), ()):
            seg = text[start : start + len(name) + 8]
            folded = " ".join(seg.lower().replace("’", "'").split())
            if not folded.startswith(name):
                continue
            end = start + _span_of(seg, len(name))
            if end < len(text) and (text[end].isalnum() or text[end] == "-"):
                continue  # "Victoria Daylen", "Victoria Day-Quillan"; "Victoria Day's" is one
            c.veto(start, end, _NAME_ONLY)
            break
    _bare_holidays(c)


_WORD_AT_RE = re.compile(r"[^\W\d_][\w.'’-]*")

#: The one-word names by which the holidays of the list are said ("Jour de Noël", "Lundi de
#: Pâques", "Christmas Day", "Easter Monday", "Thanksgiving Day", "La Toussaint"), and other
#: widely kept observances. Alone they may also be given names or surnames (Noël, Toussaint),
#: so they are no name only after a word of time and before no capitalised word.
_BARE_HOLIDAY_RE = re.compile(
    r"(?i:christmas|xmas|no[eë]l|easter|p[aâ]ques|thanksgiving|toussaint|halloween|"
    r"hanukkah|hanoukka|diwali|ramadan|passover|pessah)\b"
)
_BARE_HOLIDAY_STEMS = (
    "christmas", "xmas", "noel", "noël", "easter", "paques", "pâques", "thanksgiving",
    "toussaint", "halloween", "hanukkah", "hanoukka", "diwali", "ramadan", "passover", "pessah",
)  # fmt: skip
_TIME_WORD_BEFORE_RE = re.compile(
    r"(?i:\b(?:à|depuis|avant|après|apres|pendant|jusqu['’]à|vers|dès|since|before|after|"
    r"over|at|during|until|till|around|last|next|ce|cette|cet|spent|spend|spends|spending|"
    r"celebrated|celebrate|passé|passée|passer|passera|passe|fêté|fêter|fête|pour)\s+"
    r"(?:la\s+|l['’]\s*|the\s+)?"
    # (1.9.0) a feast's own events: "le réveillon de Noël", "la messe de Pâques"
    r"|\b(?:réveillon|reveillon|veille|messe|souper|dîner|diner|repas|congé|congés|conge|conges|"
    r"vacances|sapin|cadeau|cadeaux|marché|concert|lendemain|temps)\s+(?:de|du|d['’])\s*)$"
)
#: The eve of a holiday with the holiday's name shortened ("New Yr's Eve", "NYE", "Xmas Eve").
_EVE_RE = re.compile(
    r"(?i:new[ \t]+y(?:ea)?rs?['’]?s?|x-?mas|christmas|hallowe['’]?en|all[ \t]+hallows['’]?)[ \t]+"
    r"(Eve|eve|EVE)(?![\w'’-])"
)
_CAPITALISED_NEXT_RE = re.compile(r"[ \t]+[A-ZÀ-Ý][a-zà-ÿ]")


def _bare_holidays(c: Collector) -> None:
    """ "fermée à Noël", "since Christmas", "avant Pâques": a holiday said in one word after a
    word of time is no name; "Noël Quennevard" and "son fils Noël" still are."""
    text = c.text
    if "s eve" in c.lower or "en eve" in c.lower:
        for m in _EVE_RE.finditer(text):
            c.veto(m.start(1), m.end(1), _NAME_ONLY)  # "New Yr's Eve", "Xmas Eve"
    if not any(stem in c.lower for stem in _BARE_HOLIDAY_STEMS):
        return  # most notes name none: no pass of the pattern over the whole text
    for m in _BARE_HOLIDAY_RE.finditer(text):
        start, end = m.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue
        if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
            continue
        if not _TIME_WORD_BEFORE_RE.search(text[max(0, start - 24) : start]):
            continue
        if _CAPITALISED_NEXT_RE.match(text, end):
            continue
        c.veto(start, end, _NAME_ONLY)


def _span_of(seg: str, folded_len: int) -> int:
    """How many characters of ``seg`` make ``folded_len`` characters once runs of spaces are one."""
    n = 0
    i = 0
    while i < len(seg) and n < folded_len:
        if seg[i].isspace():
            while i < len(seg) and seg[i].isspace():
                i += 1
            n += 1
            continue
        i += 1
        n += 1
    return i


def propagate(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    lower: set[str] = set()
    cores = _known_cores(c, lex, lower)
    # login handles: decided once per distinct token, then found where they stand
    # (a handle lies inside a run of word characters, dots, @, / and hyphens, and a run that is a
    # listed word holds none worth checking: only the other runs are read)
    tokens: set[str] = set()
    lists = (lex.frequent, lex.never, lex.first_names_all, lex.surnames_all)
    runs = {r.rstrip(".") for r in set(_TOKEN_RUN_RE.findall(text)).difference(*lists) if r}
    for run in runs.difference(*lists):
        tokens.update(_HANDLE_RE.findall(run))
    tokens = tokens.difference(lex.never, lex.first_names_all, lex.frequent, lex.surnames_all)
    handles = {t for t in tokens if _handle_is_name(t, lex, cores)}
    if handles:
        for m in _HANDLE_RE.finditer(text):
            if m.group(1) in handles:
                end = m.end(1)
                _stem, dot, ext = m.group(1).rpartition(".")
                if dot and ext in _FILE_EXTENSIONS:
                    end -= len(ext) + 1  # "okafor.pdf": the name, not the file's type
                c.add(m.start(1), end, "NAME", "a login handle built from a name", P_NAME)
    # initials found in a name column (KM, JW) are the same person wherever they stand alone
    inits = {
        text[k.start : k.end]
        for k in c.cands
        if k.kind == "NAME"
        and k.prio >= P_NAME
        and k.end - k.start <= 3
        and re.fullmatch(r"[A-Z]{2,3}", text[k.start : k.end])
    }
    for ini in inits:
        for m in re.finditer(rf"(?<![\w./-]){ini}(?![\w/-])", text):
            c.add(
                m.start(), m.end(), "NAME", "same initials as elsewhere in this text", P_NAME_WEAK
            )
    # every other mention of a name found with good evidence, in any case
    if not cores:
        return
    words = {w for w in cores if len(w) >= 3}
    low = c.lower
    if len(low) != len(text):  # lower-casing moved offsets: read the words of the text itself
        forms = {w for w in set(_RUN_RE.findall(text)) if _plain_cached(w) in words}
        hay = text
    else:
        # a word's plain form is its lower case unless it has a hyphen or a non-ASCII letter
        runs_low = set(_RUN_RE.findall(low))
        forms = runs_low & words
        forms.update(
            w for w in runs_low if (not w.isascii() or "-" in w) and _plain_cached(w) in words
        )
        hay = low
    for form in forms:
        n = len(form)
        pos = hay.find(form)
        while pos >= 0:
            wm = _ANY_WORD_RE.match(text, pos)
            if wm is not None and wm.end() == pos + n:
                w = wm.group()
                p = _plain_cached(w)
                if (
                    p in words
                    and not (w.islower() and p not in lower and _ordinary(p, lex))
                    and not (region_surname(p, lex) and beside_a_capital(text, pos, pos + n))
                ):
                    # ("Bill" is a name here; "bill" may still be a word; "vasquez" is not one;
                    # "York" is Sam York's name, but not in "New York" or "York Region")
                    c.add(pos, pos + n, "NAME", "same name as elsewhere in this text", P_NAME_WEAK)
            pos = hay.find(form, pos + n)
