"""Reading a person's name from where a cue points: the vocabulary of names (titles, credentials,
particles), the reader that decides word by word whether the words after (or before) a cue are
a name, and the judgement of a name that is also a word where the context says a person is
named (after "his buddy", in a name field, before "'s sister").
"""

from __future__ import annotations

import re
import unicodedata

from phi.lexicon import Lexicon, cue_words
from phi.recognizers.common import _L, _UP, _everyday, words

_TITLE = (
    r"(?:Dr|Dre|Drs|Doctor|Docteur|Docteure|Mr|Mrs|Ms|Mss|Miss|Mx|Mme|Mmes|Mlle|Madame|Monsieur|"
    r"Prof|Professor|Rev|Sr|Sister|Father|Pastor|Nurse|Chief|Elder|Capt|Sgt|Officer|Judge|Me|"
    # police and military ranks, a coach (1.7.0): "Cst. X", "Cpl X", "Coach X"
    r"Cst|Const|Cpl|Insp|Supt|Det|Lt|Coach|"
    # a priest (1.21.0), with its dot only: "Fr. X" ("Fr" alone is Friday in a schedule)
    r"Fr(?=\.))"
)

_TITLE_RE = re.compile(rf"(?<![\w.]){_TITLE}\.?[ \t]+|(?<![\w.])M\.[ \t]{{1,2}}(?={_UP})")

_DETERMINER_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:the|a|an|my|her|his|our|your|their|le|la|un|une)[ \t]+$"
)

_LOWER_TITLE_RE = re.compile(r"(?:dr|dre|mr|mrs|mme|dr\.|dre\.|mr\.|mrs\.)[ \t]+(?=[a-zà-ÿ])")

_CRED = (
    r"MD|M\.D\.|DO|NP|NP-PHC|NP-Adult|NP-Peds|RN\(EC\)|RN|RPN|LPN|RPh|PharmD|PT|OT|PA-C|PA|FNP-C|"
    r"FNP-BC|FNP|APRN|DNP|CRNA|LMSW|LCSW|LICSW|MSW|RSW|BSW|CCFP|FCFP|FRCPC|PhD|MSc|BScN|CNA|"
    r"PSW|DC|ND|RD|RDH|RMT|SLP|CCC-SLP|MPT|DPT|OTR|OTR/L|RRT|EMT|CDE|RSSW|inf\.|pharmacienne|"
    # paramedics and responders (1.7.0): emergency medical responder, primary, advanced and
    # critical care paramedic
    r"EMR|PCP|ACP|CCP|"
    # since 1.14.0: veterinarians, registered midwives, French nurse practitioners (IP, IPS,
    # IPSPL: infirmière praticienne spécialisée en soins de première ligne)
    r"DVM|RM|IPSPL|IPS|IP|"
    # since 1.19.0: occupational health nurses (CNA's COHN(C)), a French occupational
    # therapist's signature ("erg.")
    r"COHN\(C\)|COHN|OHN|erg\.|"
    r"pharmacien|infirmière(?: praticienne)?|infirmier|médecin|physiothérapeute|ergothérapeute|"
    r"travailleuse sociale|travailleur social|np|md|rn|rph|pt"
)

_CRED_RE = re.compile(rf"[ \t]*,?[ \t]*\(?(?:{_CRED})\)?(?![\w-])")

_CRED_TOKEN_RE = re.compile(rf"(?:{_CRED})(?![\w-])")

_CRED_LEAD_RE = re.compile(r"(?:,[ \t]*|[ \t]+|[ \t]*\()$")

_CRED_WORDS = [w.replace("\\", "") for w in _CRED.split("|")]
# professions written out (not the short credentials, some of which are also names' letters)
_PROFESSIONS = frozenset(
    w.lower()
    for w in _CRED_WORDS
    if len(w) >= 5 and w.isalpha() and w.lower() == w and w not in ("pharmd",)
) | frozenset(
    [
        "physiotherapist",
        "physiotherapy",
        "pharmacist",
        "physician",
        "nurse",
        "therapist",
        "infirmière",
        "infirmier",
        "pharmacienne",
        "pharmacien",
        "médecin",
        "physiothérapeute",
        "ergothérapeute",
        "travailleuse",
        "travailleur",
        "psychologue",
        "nutritionniste",
    ]
)

_WORD_RE = re.compile(rf"{_L}+(?:['’]{_L}+)*(?:-{_L}+(?:['’]{_L}+)*)*")

_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "st",
        "st.",
        "ste",
        "mac",
        "mc",
        "bin",
        "ibn",
        "al",
        "el",
        "ben",
        "ter",
        "ten",
        "dos",
        "das",
        "los",
        "las",
        "dei",
        "zu",
        "vom",
    ]
)
#: The particles of a surname as a pattern (any case), each with the space after it: the
#: "de los", "van der", "von", "da", "dos", "bin", "ibn" of "DE LA CRUZ, X" or "De la
#: Cruz, X" (Spanish, Portuguese, Dutch, German, Italian, French and Arabic surnames).
PARTICLE_PREFIX = (
    r"(?:(?i:van|von|der|den|de|del|della|di|da|du|la|le|dos|das|los|las|dei|zu|vom|ter|ten|"
    r"bin|ibn|al|el)[ \t]){0,3}"
)

_INITIAL_RE = re.compile(r"([A-Z]|[a-z])\.[ \t]{1,2}(?![ \t])")  # a wider gap is a column


def given_compound(w: str, lex: Lexicon) -> bool:
    """A hyphenated given name whose every part is a given name ("mary-kate", "jean-marc")."""
    if "-" not in w:
        return False
    parts = w.split("-")
    return len(parts) <= 3 and all(part in lex.first_names for part in parts)


def region_surname(wl: str, lex: Lexicon) -> bool:
    """A surname that is also the name of a region and no everyday word (Kent, York, Durham,
    Hastings): after a known given name it is a surname ("Anika Kent")."""
    return (
        wl in lex.regions
        and wl in lex.surnames_all
        and wl not in lex.common
        and wl not in lex.clinical
    )


_CAPITAL_BEFORE_RE = re.compile(r"[A-ZÀ-Þ][\w'’.-]*[ \t]$")
_CAPITAL_AFTER_RE = re.compile(r"[ \t][A-ZÀ-Þ]")


def beside_a_capital(text: str, start: int, end: int) -> bool:
    """Is the word at ``start:end`` next to a capitalised word (part of a longer proper noun)?"""
    return (
        _CAPITAL_BEFORE_RE.search(text, max(0, start - 30), start) is not None
        or _CAPITAL_AFTER_RE.match(text, end) is not None
    )


def _verb_like(w: str, lex: Lexicon) -> bool:
    """A capitalised verb where a name was expected ("her husband Passed away", "his buddy
    Thinks"): an everyday stem with -s, -ed or -ing, in no list of names."""
    if w in lex.first_names_all or w in lex.surnames_all:
        return False
    if w.endswith("s") and w[:-1] in lex.frequent:
        return True
    if w.endswith("ed") and len(w) > 5 and (w[:-2] in lex.frequent or w[:-1] in lex.frequent):
        return True
    return w.endswith("ing") and len(w) > 6 and w[:-3] in lex.frequent


class _NameReader:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex

    def token_ok(self, word: str, *, strong: bool, lower_ok: bool, first: bool) -> bool:
        lex = self.lex
        w = word.lower()
        if not word[0].isalpha():
            return False
        if w in lex.clinical and w not in lex.first_names and w not in lex.surnames:
            return False
        if w in _PROFESSIONS:
            return False  # "Physiothérapeute, équipe de santé familiale" signs a role, not a name
        in_gaz = w in lex.first_names or w in lex.surnames or given_compound(w, lex)
        if word.isupper() and len(word) > 1:
            if in_gaz:
                return not lex.never_name(w) or (strong and w in lex.first_names)
            return strong and not first and len(word) > 2 and not lex.never_name(w)
        if word[0].isupper():
            if in_gaz:
                return not (w in lex.regions or w in lex.drugs) if strong else True
            if strong:
                return not _everyday(w, lex) and w not in lex.regions and not _verb_like(w, lex)
            if lex.never_name(w):
                return False
            return not first
        # lower case
        if not lower_ok:
            return False
        if lex.never_name(w) or w in lex.wordlike_names:
            return False
        if in_gaz:
            return True
        # surname shapes after a first name: st-pierre, mcdonald, o'brien
        return (not first) and bool(re.match(r"(?:st-|ste-|mc|mac|o'|d'|de-)[a-z]", w))

    def _caps_family_first(self, word: str, end: int) -> bool:
        """After a title or label, a family name in capitals before a given name in title
        case (the order of Vietnamese, Chinese and Korean names, and of French forms)."""
        w = word.lower()
        if len(word) < 2 or not word.isupper() or self.lex.never_name(w) or w in self.lex.clinical:
            return False
        if not re.search(r"[aeiouyà-ÿ]", unicodedata.normalize("NFD", w)[:24]):
            return False  # no vowel: an acronym
        if self.text[end : end + 1] != " ":
            return False
        m = _WORD_RE.match(self.text, end + 1)
        if m is None:
            return False
        nxt = m.group()
        return (
            len(nxt) > 1
            and nxt[0].isupper()
            and nxt[1:] == nxt[1:].lower()
            and not self.lex.never_name(nxt.lower())
        )

    def _particle_here(self, word: str, end: int) -> bool:
        """A particle inside a name: in lower case ("Ana de Souza"), or capitalised before a
        lower-case particle or a capitalised word ("Inés De la Cruz", "Piet Van Dijk")."""
        if word[0].islower():
            return True
        if word[1:] != word[1:].lower() or self.text[end : end + 1] not in (" ", "\t"):
            return False
        m = _WORD_RE.match(self.text, end + 1)
        if m is None:
            return False
        nxt = m.group()
        if nxt.lower() in _PARTICLES:
            return nxt[0].islower()
        return nxt[0].isupper() and not self.lex.never_name(nxt.lower())

    def _after_initials(self, p: int, *, lower_ok: bool) -> re.Match[str] | None:
        """The first word after an initial that is neither another initial nor a particle
        ("M. A. van der Quillane" reads on to "Quillane")."""
        text = self.text
        for _ in range(6):
            im = _INITIAL_RE.match(text, p)
            if im is not None and (im.group(1).isupper() or lower_ok):
                p = im.end()
                continue
            m = _WORD_RE.match(text, p)
            if m is None or m.group().lower() not in _PARTICLES or not m.group()[0].islower():
                return m
            p = m.end()
            if text[p : p + 1] not in (" ", "\t"):
                return None
            p += 1
        return None

    def read(
        self,
        pos: int,
        *,
        strong: bool,
        lower_ok: bool,
        max_tokens: int = 4,
        sig: bool = False,
        lower_tail: bool = False,
    ) -> tuple[int, int, list[str]] | None:
        """Read a name starting at ``pos``; return (start, end, words) or None."""
        text = self.text
        start = -1
        end = -1
        words: list[str] = []
        p = pos
        pending_particle = -1
        count = 0
        while count < max_tokens + 2:
            im = _INITIAL_RE.match(text, p)
            if im is not None and (im.group(1).isupper() or lower_ok):
                nxt = self._after_initials(im.end(), lower_ok=lower_ok)
                if (
                    nxt is not None
                    and (nxt.group()[0].isupper() or lower_ok)
                    and len(nxt.group()) > 1
                ):
                    if start < 0:
                        start = p
                    p = im.end()
                    count += 1
                    continue
            m = _WORD_RE.match(text, p)
            if m is None:
                break
            word = m.group()
            wend = m.end()
            if word.lower().endswith(("'s", "’s")) and len(word) > 3:
                word = word[:-2]
                wend -= 2
            wl = word.lower()
            if (words or start >= 0) and wl in _PARTICLES and self._particle_here(word, m.end()):
                if pending_particle < 0:
                    pending_particle = m.start()
                p = m.end()
                if p < len(text) and text[p] in " \t":
                    p += 1
                    count += 1
                    continue
                break
            first = not words
            ok = self.token_ok(word, strong=strong, lower_ok=lower_ok, first=first)
            if not ok and first and strong and self._caps_family_first(word, wend):
                ok = True  # "Mr. TRAN Van Phuc", "Mme GAGNON Sophie": the family name first
            if (
                not ok
                and first
                and strong
                and start >= 0
                and word.isupper()
                and len(word) > 2
                and not self.lex.never_name(wl)
                and wl not in self.lex.clinical
            ):
                ok = True  # "Dr. K. OSEI" (a pharmacy label): an initial, a surname in capitals
            if not ok and sig and not first and not self.lex.never_name(wl) and word.isalpha():
                ok = True
            if (
                not ok
                and lower_tail
                and words
                and words[0].islower()
                and word.islower()
                and len(word) > 2
                and not self.lex.never_name(wl)
                and wl not in self.lex.wordlike_names
                and wl not in self.lex.places
            ):
                ok = True
            if (
                not ok
                and sig
                and first
                and lower_ok
                and not self.lex.never_name(wl)
                and len(wl) > 2
            ):
                ok = word.isalpha() and word.islower() is True and start >= 0  # after an initial
            if not ok:
                break
            if start < 0:
                start = m.start()
            words.append(word)
            end = wend
            pending_particle = -1
            p = m.end()
            if wend != m.end():
                break  # possessive ends the name
            if len(words) >= max_tokens:
                break
            if (
                p < len(text)
                and text[p] in " \t"
                and p + 1 < len(text)
                and text[p + 1] not in " \t"
            ):
                p += 1
                count += 1
                continue
            break
        if not words:
            return None
        return start, end, words


def _full_name_ok(span: tuple[int, int, list[str]], text: str, lex: Lexicon) -> bool:
    """A name read without a strong cue: a known given name, a known surname or an initial."""
    s, e, words = span
    if not words[0][:1].isupper():
        return False
    if words[0].lower() in lex.first_names or words[-1].lower() in lex.surnames:
        return True
    return bool(re.search(r"\b[A-Z]\.[ \t]", text[s:e]))


_NARRATIVE_VERB_RE = re.compile(
    r"[ \t]+(?:came|called|phoned|said|says|asked|told|brought|drove|went|reported|reports|"
    r"explained|mentioned|dropped|visited|arrived|texted|emailed|wrote|agreed|declined|refused|"
    r"stopped|started|wants|wanted|thinks|thought|feels|felt|helps|helped|manages|managed|lives|"
    r"lived|works|worked|passed|died|moved|returned|left)(?![\w])"
)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n:;-*•>" or before.endswith(("\n-", "\n*"))


def _name_ok_alone(word: str, lex: Lexicon, text: str, end: int) -> bool:
    wl = word.lower()
    tail = text[end : end + 2]
    prose_follows = tail[:1] == " " and tail[1:2].islower()
    if wl in lex.first_names or wl in lex.surnames:
        return not (prose_follows and (wl in lex.wordlike_names or _everyday(wl, lex)))
    if lex.never_name(wl) or word.islower():
        return False
    if tail[:1] == " " and tail[1:2].isalpha():
        return False  # "Locum physician": a capitalised word, then ordinary text
    return tail[:1] in ("", ",", "(", "\n", " ", "<", "|", ";", "\t", "\r")


class _LowerWords:
    """Does the text write this word in lower case (outside emails and URLs)? Cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        hit = self._seen.get(word)
        if hit is None:
            hit = False
            text = self.text
            n = len(word)
            pos = text.find(word)
            while pos >= 0:
                before = text[pos - 1] if pos else " "
                after = text[pos + n : pos + n + 2] or " "  # the end of the text ends a word
                if not (before.isalnum() or before in "./@'’-_") and not (
                    after[:1].isalnum()
                    or after[:1] in "@'’-_"
                    or (after[:1] == "." and after[1:].isalnum())
                ):
                    hit = True
                    break
                pos = text.find(word, pos + 1)
            self._seen[word] = hit
        return hit


def _surname_like(word: str, lex: Lexicon, lower_words: _LowerWords) -> bool:
    wl = word.lower()
    if wl in lex.surnames or region_surname(wl, lex):
        return True
    if lex.never_name(wl) or wl in lex.places:
        return False
    # an everyday word that this text also writes in lower case is not a surname
    return wl not in lower_words


def _possessive_eponym(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _read_back(
    pre: str, offset: int, reader: _NameReader, lex: Lexicon
) -> tuple[int, int, list[str]] | None:
    """Read a name that ends right before a credential (``pre`` is the text before it)."""
    tokens = list(re.finditer(rf"{_L}+(?:['’]{_L}+)*(?:-{_L}+(?:['’]{_L}+)*)*\.?", pre))
    if not tokens or tokens[-1].end() != len(pre):
        return None
    picked: list[re.Match[str]] = []
    for tm in reversed(tokens):
        gap = pre[tm.end() : picked[-1].start()] if picked else " "
        if gap not in (" ", "\t", ". ") and not (tm.group().endswith(".") and gap == " "):
            break
        word = tm.group().rstrip(".")
        wl = word.lower()
        if tm.group().endswith(".") and len(word) == 1:
            picked.append(tm)  # an initial
            continue
        if tm.group().endswith(".") and picked:
            break
        if picked and wl in _PARTICLES:
            picked.append(tm)
            continue
        lower_ok = False
        if not reader.token_ok(word, strong=True, lower_ok=lower_ok, first=False):
            break
        if _TITLE_RE.fullmatch(tm.group() + " "):
            break
        picked.append(tm)
        if len(picked) >= 4:
            break
    while picked and (picked[-1].group().lower() in _PARTICLES):
        picked.pop()
    if not picked:
        return None
    words = [t.group().rstrip(".") for t in reversed(picked)]
    real = [w for w in words if len(w) > 1 and w.lower() not in _PARTICLES]
    if not real:
        return None
    if len(real) == 1:
        w = real[0]
        if not (w.lower() in lex.first_names or w.lower() in lex.surnames or len(words) > 1):
            return None
    start = offset + picked[-1].start()
    end = offset + picked[0].end()
    if pre[picked[0].end() - 1 : picked[0].end()] == "." and len(picked[0].group()) > 2:
        end -= 1
    # "Ferris, Amanda (MD)": a surname, a comma, then the given name
    if len(real) == 1 and real[0].lower() in lex.first_names:
        sm = _SURNAME_COMMA_BEFORE_RE.search(pre, 0, picked[-1].start())
        if (
            sm is not None
            and not _everyday(sm.group(1), lex)
            and sm.group(1).lower() not in lex.regions
        ):
            start = offset + sm.start(1)
            words = [sm.group(1), *words]
    return start, end, words


_SURNAME_COMMA_BEFORE_RE = re.compile(rf"(?<![\w'’-])({_UP}[\w'’-]+),[ \t]*$")


# --------------------------------------------------------------------------------------------
# Names that are also words, where the context says a person is named
# --------------------------------------------------------------------------------------------

_FAMILY_WORDS = cue_words("cues_family_words.txt")
_FAMILY = frozenset(_FAMILY_WORDS)

# Labels of a field that holds a person's name (a value there is a name even if it is a word).
_NAME_FIELDS = words(
    "name nom prénom prenom surname first given preferred nickname alias aka full legal maiden "
    "last middle"
)
_NAME_FIELDS = _NAME_FIELDS | {
    "first name",
    "last name",
    "given name",
    "given names",
    "given name(s)",
    "preferred name",
    "full name",
    "legal name",
    "maiden name",
    "middle name",
    "nom de famille",
    "patient name",
    "client name",
    "nom du patient",
    "nom de la patiente",
    "nom de jeune fille",
}
# Never a name, even capitalised after a relation or in a name field: function words, and what a
# form writes where a name is missing.
_NOT_A_NAME = words(
    "the a an and or but of to in on at for with from by is was are were be been has had have "
    "will would can could may might must shall should did does do he she they it we you i his "
    "her their our my your its this that these those who whom which what when where why how "
    "not no yes none unknown n/a na same deceased alive pending refused declined unsure tbd "
    "le la les un une des du de et ou il elle ils elles son sa ses leur aucun inconnu décédé "
    "décédée also just still now then there here today yesterday tomorrow said says told asked "
    "called came went lives lived works worked"
)
# Relations said of a person (a name that is also a word may follow them).
_PERSON_CUES = words(
    "wife husband son daughter brother sister mother father mom mum dad grandson granddaughter "
    "grandmother grandfather grandma grandpa niece nephew aunt uncle cousin partner spouse "
    "girlfriend boyfriend stepson stepdaughter stepmother stepfather stepdad stepmom fiancé "
    "fiancée friend buddy pal neighbour neighbor roommate landlord landlady boss foreman "
    "coworker co-worker colleague sponsor named called nicknamed mamaw papaw nana granny gramma "
    "épouse époux conjoint conjointe fils fille frère sœur soeur mère père tante oncle cousine "
    "ami amie voisin voisine chum blonde contremaître patron patronne collègue"
)
_POSSESSIVE_BEFORE_RE = re.compile(
    r"(?i)(?<![\w'’])(?:his|her|their|my|our|your|a|the|pt's|patient's|client's|son|sa|ses|"
    r"leur|mon|ma|notre|un|une|le|la)[ \t]+$"
)
#: A person, just before "named" (1.12.0): "a guy named X", "someone named X".
_PERSON_NAMED_RE = re.compile(
    r"(?i)(?<![\w'’])(?:guy|man|woman|lady|girl|boy|kid|someone|somebody|person|fellow|dealer|"
    r"friend|buddy|guy's|cousin|worker|nurse|doctor|client|patient)[ \t]+$"
)
_MONTHS_DAYS = words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)


def _word_is_name(word: str, lex: Lexicon, *, field: bool = False) -> bool:
    """Could this capitalised word be a person's name where the context says a person is named?
    In a name field (``field``), a given name that is also a word (May, Will) is one."""
    wl = word.lower()
    if len(word) < 2:
        return False  # an initial, or "N/A"
    if field and word[:1].isupper() and wl in lex.wordlike_names:
        return True
    if not word[:1].isupper() or wl in _NOT_A_NAME or wl in _MONTHS_DAYS:
        return False
    if wl in lex.first_names_all:
        return not (word.isupper() and len(word) > 3) and wl not in lex.drugs
    if word.isupper() and len(word) > 1:
        return False
    if (wl.endswith(("ed", "ing")) and len(wl) > 5) or (wl.endswith("ly") and len(wl) > 4):
        return False  # "her husband Retired in 2010": a verb or an adverb, not a name
    return not (
        wl in lex.clinical
        or wl in lex.drugs
        or wl in lex.regions
        or wl in lex.eponyms
        or wl in lex.places
    )


def _word_name(
    text: str, pos: int, lex: Lexicon, *, field: bool = False
) -> tuple[int, int, list[str]] | None:
    """One capitalised word that may be a name (and a surname after it), read at ``pos``."""
    wm = _WORD_RE.match(text, pos)
    if wm is None or not _word_is_name(wm.group(), lex, field=field):
        return None
    end = wm.end()
    words_ = [wm.group()]
    if text[end : end + 1] == " ":
        sm = _WORD_RE.match(text, end + 1)
        if sm is not None:
            sw = sm.group()
            swl = sw.lower()
            if (
                sw[:1].isupper()
                and not sw.isupper()
                and not lex.never_name(swl)
                and swl not in lex.places
                and (swl in lex.surnames_all or swl not in lex.frequent)
            ):
                end = sm.end()
                words_.append(sw)
    return wm.start(), end, words_


def _name_after_relation(
    text: str, cue_start: int, pos: int, cue: str, lex: Lexicon
) -> tuple[int, int, list[str]] | None:
    """A name after a relation word when the reader refused it because it is also a word:
    capitalised after "his buddy", "a guy named", "son contremaître,"; in lower case after a
    family word only when it is a known given name that is not an everyday word ("mom deb")."""
    head = cue.replace("(", " ").replace(",", " ").split()
    if not head or head[0].split("'")[0] not in _PERSON_CUES:
        return None
    wm = _WORD_RE.match(text, pos)
    if wm is None:
        return None
    word = wm.group()
    wl = word.lower()
    if word.islower():
        if (
            head[0] in _FAMILY
            and wl in lex.first_names_all
            and wl not in lex.frequent
            and not lex.never_name(wl)
            and wl not in lex.places
        ):
            return wm.start(), wm.end(), [word]
        return None
    determiner = _POSSESSIVE_BEFORE_RE.search(text, max(0, cue_start - 12), cue_start)
    if determiner is None and head[0] not in ("named", "called", "nicknamed"):
        return None
    if (
        wl not in lex.first_names_all
        and wl not in lex.surnames_all
        and (wl in lex.common or (wl.endswith("s") and wl[:-1] in lex.frequent))
    ):
        if not (
            head[0] in ("named", "nicknamed")
            and _PERSON_NAMED_RE.search(text, max(0, cue_start - 20), cue_start)
            and wl not in _NOT_A_NAME
            and wl not in _MONTHS_DAYS
            and word[1:].islower()
        ):
            return None  # "his wife Alone", "his buddy Thinks": an everyday word or a verb
        # (1.12.0) "a guy named Red": a person said to be named makes even a word a name
        return wm.start(), wm.end(), [word]
    return _word_name(text, pos, lex)
