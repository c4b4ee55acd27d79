"""Names by their cue: titles, labels, relations and roles, greetings, signatures, credentials.

- ``Dr. X``, ``Mme X``, ``dr x``; ``Patient: X``, ``From: X``, ``Surname, Given`` after a label;
  ``wife Linda``, ``son Tomasz``, ``pharmacist raj``; ``Hi Priya,``; a short line after
  ``Thanks,`` or a dash; ``Bea (pharmacy assistant)``; ``jane doe 29F``; ``Amira Haddad, PT``.
- A known given name followed by a surname-like word (no cue needed); EMR user names after
  ``user:`` or ``Printed by:``; every other mention of a name found here; an age after a name.

The cue words are data: ``data/cues_name_labels.txt``, ``data/cues_kin_words.txt``.
"""

from __future__ import annotations

import re

from phi.core import (
    P_AGE,
    P_NAME,
    P_NAME_PAIR,
    P_NAME_WEAK,
    Collector,
)
from phi.index import (
    Phrases,
    TextIndex,
    category,
    line_starts,
    scan_at,
    word_start_ok,
)
from phi.lexicon import Lexicon, cue_words
from phi.recognizers.common import _UP, _line_bounds
from phi.recognizers.name_reader import (
    _CRED,
    _CRED_LEAD_RE,
    _CRED_RE,
    _CRED_TOKEN_RE,
    _CRED_WORDS,
    _DETERMINER_BEFORE_RE,
    _FAMILY,
    _FAMILY_WORDS,
    _LOWER_TITLE_RE,
    _NAME_FIELDS,
    _NARRATIVE_VERB_RE,
    _PARTICLES,
    _TITLE_RE,
    _WORD_RE,
    PARTICLE_PREFIX,
    _full_name_ok,
    _LowerWords,
    _name_after_relation,
    _name_ok_alone,
    _NameReader,
    _possessive_eponym,
    _read_back,
    _sentence_start,
    _surname_like,
    _word_name,
    beside_a_capital,
    given_compound,
    region_surname,
)

# Words some rules start from (see phi.index).
_USER_WORDS = (
    "user username login utilisateur userid uid signed entered edited modified created documented "
    "reviewed by printed completed authored accessed viewed"
)

_TITLE_WORDS = (
    "dr dre drs doctor docteur docteure mr mrs ms mss miss mx mme mmes mlle madame monsieur prof "
    "professor rev sr sister father pastor nurse chief elder capt sgt officer judge me m cst const "
    "cpl insp supt det lt coach fr"
)

_GREET_WORDS = (
    "hi hello hey dear bonjour bonsoir salut allo allô cher chère chers good morning greetings"
)

_LABEL_PHRASES = cue_words("cues_name_labels.txt")

_LABEL_NAME_RE = Phrases(_LABEL_PHRASES, after=r"[ \t]*:[ \t]*")


_KIN_PHRASES = (*_FAMILY_WORDS, *cue_words("cues_kin_words.txt"))

_KIN_LOWER = frozenset(p.lower() for p in _KIN_PHRASES)


def _kin_word(word: str) -> bool:
    """A relation's word, also as the last part of a hyphenated one (``arrière-grand-mère``)."""
    low = word.lower().replace("’", "'")
    return low in _KIN_LOWER or low.rsplit("-", 1)[-1] in _KIN_LOWER


_KIN_RE = Phrases(
    _KIN_PHRASES,
    after=r"(?:'s)?(?:[ \t]*\([ \t]*|:[ \t]+|[ \t]*=[ \t]*|[ \t]*,?[ \t]+(?:(?:is|was|:)[ \t]+)?)",
)

#: (1.16.0) a relation or role closing its line, the person's full name opening the next:
#: "... and the farm hand\n    X Y (seasonal)"
_KIN_NL_RE = Phrases(_KIN_PHRASES, after=r"[ \t]*\n[ \t]*")

_GREETING_RE = re.compile(
    r"(?i)(?:hi|hello|hey|dear|bonjour|bonsoir|salut|allo|allô|cher|chère|chers|"
    r"good morning|good afternoon|morning|greetings)[ \t,]+"
)

_CLOSING_RE = re.compile(
    r"(?im)^[ \t]*(?:thanks|thank you|many thanks|thanks again|thx|merci|merci beaucoup|sincerely|"
    r"regards|best regards|kind regards|warm regards|best|cheers|respectfully|cordially|"
    r"cordialement|salutations|take care|yours truly|yours|bien à vous|à bientôt|amitiés|"
    r"with thanks|with gratitude|gratefully)[ \t]*[,.!]*[ \t]*\n(?:[ \t]*\n){0,2}"
)

_CRED_TAIL_RE = re.compile(rf"(?:{_CRED})$")
_DASH_SIG_RE = re.compile(r"(?m)^[ \t]*(?:[-–—~]{1,2}|/s/)[ \t]*")

_QUOTED_NICK_RE = re.compile(
    r"[ \t]*\(?(?:goes by |aka |a\.k\.a\. |dit |dite |prefers |préfère )?"
    r"(?:[\"“”']|«[ \t\u00a0]?)([^\W\d_][\w'’-]{0,20})(?:[\"“”']|[ \t\u00a0]?»)\)?[ \t]*"
)

_CAP_WORD_RE = re.compile(  # the capital first, so a search skips to capitals
    rf"{_UP}(?<![\w'’-]{_UP})[^\W\d_]+(?:['’-][^\W\d_]+)*"
)

_C_LABEL = category("name label", _LABEL_PHRASES)
_C_KIN = category("kin or role", _KIN_PHRASES)
_C_TITLE = category("title", _TITLE_WORDS.split())
_C_CRED = category("credential", _CRED_WORDS)
_C_USER = category("user label", _USER_WORDS.split())
_C_FIRST = category("given name", lambda lex: lex.first_names, capital_only=True)
_C_CLOSING = category(
    "closing",
    "thanks thank many thx merci sincerely regards best kind warm cheers respectfully cordially "
    "cordialement salutations take yours bien à amitiés with gratefully",
)
_C_GREET = category("greeting", _GREET_WORDS.split())


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Names pointed to by a cue, then every other mention of them."""
    text = c.text
    reader = _NameReader(text, lex)
    lower_words = _LowerWords(text)
    found: list[tuple[int, int, str]] = []

    def add(span: tuple[int, int, list[str]] | None, reason: str, prio: int = P_NAME) -> None:
        if span is None:
            return
        s, e, _words = span
        c.add(s, e, "NAME", reason, prio)
        found.append((s, e, reason))
        # nickname in quotes followed by the surname: Archibald "Archie" Dunmore
        qm = _QUOTED_NICK_RE.match(text, e)
        if qm is not None and qm.group(1)[0].isupper():
            c.add(qm.start(1), qm.end(1), "NAME", "nickname in quotes", prio)
            found.append((qm.start(1), qm.end(1), "nickname"))
            rest = None
            if text[qm.end() - 1 : qm.end()] in (" ", "\t"):
                rest = reader.read(qm.end(), strong=True, lower_ok=False, max_tokens=3)
            if rest is not None:
                c.add(rest[0], rest[1], "NAME", "surname after a nickname", prio)
                found.append((rest[0], rest[1], "surname"))

    # 1. titles: Dr. X, Mrs. X, M. X, Mme X
    for p in idx.at(_C_TITLE):
        tm = _TITLE_RE.match(text, p)
        if tm is not None:
            add(reader.read(tm.end(), strong=True, lower_ok=False), "name after a title")
            continue
        lm = _LOWER_TITLE_RE.match(text, p)
        if (
            lm is not None
            and (p == 0 or not text[p - 1].isalnum())
            and not _DETERMINER_BEFORE_RE.search(text, max(0, p - 8), p)
        ):
            span = reader.read(lm.end(), strong=True, lower_ok=True, sig=True, max_tokens=2)
            if span is None and "." in lm.group():
                wm = _WORD_RE.match(text, lm.end())
                if wm is not None:
                    span = (wm.start(), wm.end(), [wm.group()])
            if span is None:
                span = _lower_name_after_dr(text, lm.end(), lex)
            if span is not None and not any(
                w.islower() and (lex.never_name(w) or w in lex.wordlike_names or len(w) < 3)
                for w in span[2]
            ):
                add(span, "name after a title (lower case)")
    # 2. labels: "Patient: X", "From: X <x@y>", "Surname: X"
    for p in idx.at(_C_LABEL):
        if p > 0 and text[p - 1] not in " \t\n|([-*•>":
            continue
        colon = text.find(":", p, p + 48)  # every label here ends with a colon on its line
        m = _LABEL_NAME_RE.match(text, p) if colon > 0 and "\n" not in text[p:colon] else None
        if m is None:
            nm = _LABEL_NOCOLON_RE.match(text, p)
            if nm is not None:
                span = reader.read(nm.end(), strong=True, lower_ok=False)
                if span is not None and len(span[2]) >= 2 and _full_name_ok(span, text, lex):
                    add(span, "name after 'patient'")
            continue
        pos = m.end()
        if text[pos : pos + 1] in ('"', "“", "«") and text[pos + 1 : pos + 2] != " ":
            pos += 1  # a name in quotes: Preferred name: "Zosia"
        elif text[pos : pos + 2] == "« ":
            pos += 2
        tm = _TITLE_RE.match(text, pos)
        if tm is not None:
            pos = tm.end()
        sm = _SURNAME_COMMA_GIVEN_RE.match(text, pos)
        if sm is not None and _surname_comma_given(sm.group(1), sm.group(2), lex):
            add(
                (sm.start(), sm.end(), [sm.group(1), sm.group(2)]),
                "surname, given name after a label",
            )
            continue
        span = reader.read(pos, strong=True, lower_ok=True, lower_tail=True)
        if (
            span is not None
            and len(span[2]) == 1
            and not _name_ok_alone(span[2][0], lex, text, span[1])
        ):
            span = None
        if span is None and m.group().split(":")[0].strip().lower() in _NAME_FIELDS:
            # a name field holds a name even when it is also a word: "First name: Grace"
            span = _word_name(text, pos, lex, field=True)
        if span is None:
            continue
        add(span, "name after a label")
    # 3. kinship and role words: "wife Linda", "son Tomasz", "pharmacist raj"
    for p in idx.at(_C_KIN):
        if not word_start_ok(text, p):
            continue
        m = _KIN_RE.match(text, p)
        if m is None:
            next_line = _KIN_NL_RE.match(text, p)
            if next_line is not None:
                span = reader.read(next_line.end(), strong=True, lower_ok=False, max_tokens=3)
                if (
                    span is not None
                    and len(span[2]) >= 2
                    and not any(
                        lex.never_name(w)
                        or (w.lower() in lex.frequent and w.lower() not in lex.first_names_all)
                        for w in span[2]
                    )
                ):
                    add(span, "a full name on the line after a relationship or role word")
            continue
        cue = m.group().lower().strip()
        gap = m.group()[len(m.group().rstrip(" \t,:(")) :]
        if "\t" in gap or "   " in gap:
            continue  # a role, then a column gap: the next column is not its name
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=3)
        if span is None or (
            len(span[2]) == 1 and span[2][0].islower() and span[2][0] not in lex.first_names
        ):
            # "his buddy Dewey", "a guy named Red", "mom deb": a relation said of a person
            wn = _name_after_relation(text, p, m.end(), cue, lex)
            if wn is not None:
                add(wn, "name after a relationship word")
            continue
        _s, _e, words = span
        if cue.endswith(":") and any(
            w.lower() in lex.frequent
            and w.lower() not in lex.first_names_all
            and w.lower() not in lex.surnames_all
            for w in words
        ):
            continue  # "Wife: Deceased.", "Supervisor: Day shift": a field's value, no name
        if cue.endswith("(") and cue.rstrip("( \t").split("'")[0] not in _FAMILY:
            continue  # "Nurse (Extended Class)" is a role, "Mom (Yolande)" a name
        if len(words) == 1 and words[0].islower() and words[0].lower() not in lex.first_names:
            continue
        if (
            len(words) == 1
            and not words[0].islower()
            and lex.never_name(words[0])
            and not (words[0].lower() in lex.first_names and cue.split()[0] in _STRONG_KIN)
            and not _kin_given_eponym(text, words[0], _e, cue, lex)
        ):
            continue
        add(span, "name after a relationship or role word")
    # 4. greetings: "Hi Priya," "Bonjour Geneviève,"
    for p in idx.at(_C_GREET):
        ls = text.rfind("\n", 0, p) + 1
        if text[ls:p].strip(" \t>"):
            continue
        m = _GREETING_RE.match(text, p)
        if m is None:
            continue
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=3)
        if span is None:
            continue
        tail = text[span[1] : span[1] + 3]
        if tail[:1] in (",", "!", ":", "\n", "") or tail.startswith((" ,", " -")):
            add(span, "name in a greeting")
    # 5. sign-offs: a short line after "Thanks," / "Sincerely,"
    closings = [p for p in idx.at(_C_CLOSING) if not text[text.rfind("\n", 0, p) + 1 : p].strip()]
    for m in scan_at(_CLOSING_RE, text, line_starts(text, closings)):
        tm = _TITLE_RE.match(text, m.end())
        pos = tm.end() if tm else m.end()
        span = reader.read(pos, strong=True, lower_ok=True, max_tokens=4, sig=True)
        if span is None:
            continue
        line_end = _line_bounds(text, span[1])[1]
        rest = text[span[1] : line_end]
        if (
            not rest.strip()
            or _CRED_RE.match(rest)
            or rest.lstrip().startswith((",", "(", "-", "|"))
        ):
            add(span, "name in a signature")
    # 6. dash signatures: "- m. okafor np", "- Priyanka (NP)"
    for m in _DASH_SIG_RE.finditer(text):
        le = text.find("\n", m.end())
        rest = text[m.end() : le if le >= 0 else len(text)].rstrip(" \t,.;)")
        if _CRED_TAIL_RE.search(rest[-40:]) is None:
            continue  # a bullet, not a signature: no credential ends the line
        span = reader.read(m.end(), strong=True, lower_ok=True, max_tokens=4, sig=True)
        if span is None:
            continue
        line_end = _line_bounds(text, span[1])[1]
        rest = text[span[1] : line_end]
        cm = _CRED_RE.match(rest)
        if cm is not None and not rest[cm.end() :].strip(" \t,.;)"):
            add(span, "name in a signature")
    # 7a. a name followed by its relation or role in brackets: "Bea (pharmacy assistant)"
    if "(" in text:
        for m in _PAREN_ROLE_RE.finditer(text):
            pre = text[max(0, m.start() - 80) : m.start()]
            nl = pre.rfind("\n")
            if nl >= 0:
                pre = pre[nl + 1 :]
            stripped = pre.rstrip(" \t")
            span = _read_back(stripped, m.start() - len(pre), reader, lex)
            if span is not None:
                add(span, "name before a relation or role in brackets")
    # 7b. a short line that starts with a name and an age: "jane doe 29F", "Dale Smith (52)"
    numbered = line_starts(text, [p for n in range(1, 4) for p in idx.nums(n)])
    for m in scan_at(_LINE_NAME_AGE_RE, text, numbered):
        words = m.group(1).split()
        if not (m.group(3) or m.group(0).rstrip().endswith(")")):
            continue
        start1 = m.start(1)
        if len(words) > 1 and _kin_word(words[0]):
            # (1.25.0) a relation heading the line is no part of the name: "- arrière-grand-mère
            # X Y, 91 ans" names X Y (read whole, "mère" was then found everywhere as a name)
            start1 = text.index(words[1], start1 + len(words[0]))
            words = words[1:]
        if any(
            lex.never_name(w)
            or w.lower() in lex.places
            or (w.islower() and w in lex.wordlike_names)
            for w in words
        ):
            continue
        if all(len(w) < 3 for w in words) or all(w.isupper() for w in words):
            continue
        add((start1, m.end(1), words), "name followed by age and sex")
    # 7. a name followed by a credential: "Amira Haddad, PT", "Loretta Begley, APRN"
    for p in idx.at(_C_CRED):
        if _CRED_TOKEN_RE.match(text, p) is None:
            continue
        lead = _CRED_LEAD_RE.search(text, max(0, p - 4), p)
        if lead is None:
            continue
        cstart = lead.start()
        pre = text[max(0, cstart - 80) : cstart]
        nl = pre.rfind("\n")
        if nl >= 0:
            pre = pre[nl + 1 :]
        span = _read_back(pre, cstart - len(pre), reader, lex)
        if span is not None:
            add(span, "name before a professional credential")
    # 8. gazetteer: a known given name followed by a surname-like word (no cue needed)
    for p in idx.at(_C_FIRST):
        if not text[p].isupper() or (p > 0 and (text[p - 1].isalnum() or text[p - 1] in "'’-_")):
            continue
        m = _WORD_RE.match(text, p)
        if m is None:
            continue
        word = m.group()
        wl = word.lower()
        if wl not in lex.first_names and not given_compound(wl, lex):
            continue
        if lex.never_name(wl) and wl not in lex.wordlike_names:
            continue
        span = reader.read(m.start(), strong=False, lower_ok=False, max_tokens=3)
        if span is None:
            continue
        _s, e, words = span
        if len(words) >= 2:
            if not _surname_like(words[-1], lex, lower_words):
                continue
            if " ".join(words).lower() in lex.places:
                continue  # "Elliot Lake": a town, not a person
            last = words[-1].lower()
            if wl in lex.wordlike_names and last in lex.frequent and last not in lex.surnames_all:
                continue  # "Rose Garden", "Grace Period": a word-like given name before a word
            add(span, "known given name followed by a surname", P_NAME_PAIR)
        elif (
            wl not in lex.wordlike_names
            and not _possessive_eponym(text, e)
            and all(part[1:].islower() for part in word.split("-"))
            and not _name_as_thing(text, m.start(), e)
        ):
            add(span, "known given name", P_NAME_WEAK)
        elif (
            all(part[1:].islower() for part in word.split("-"))
            and _NARRATIVE_VERB_RE.match(text, e)
            and _sentence_start(text, p)
        ):
            add(span, "given name as the subject of a sentence", P_NAME_WEAK)
    # 9. EMR user names after "user:"/"by": jsmith, smithj
    for us, ue in _emr_user_names(text, lex, idx):
        c.add(us, ue, "NAME", "EMR user name", P_NAME)
    # 10. every other mention of a name found above, in this text
    _propagate(c, lex, found)
    # 11. an age right after a name: "her sister Mabel, 96, lives"
    for _s, e, _r in found:
        am = _AGE_AFTER_NAME_RE.match(text, e)
        if am is not None:
            c.add(am.start(1), am.end(1), "AGE", "exact age over 89 after a name", P_AGE)


#: (1.10.0) A given name used as a thing: after an article ("a Carol", "the Holly"), or before
#: a word that names what the thing is part of or who makes it ("Carol singers", "Ivy garlands").
_ARTICLE_BEFORE_RE = re.compile(r"(?i)(?<![\w'’])(?:a|an|the)[ \t]+$")
_THING_AFTER_RE = re.compile(
    r"[ \t]+(?:singers?|singing|sing-?along|service|services|concert|choir|carols|songs?|"
    r"wreaths?|garlands?|bush|bushes|hedge|berries|leaves|petals|bouquet|vine|vines|tree|trees|"
    r"bed|beds|garden|gardens|festival|parade|market|season|lights|decorations)(?![\w'’-])"
)


def _name_as_thing(text: str, start: int, end: int) -> bool:
    return (
        _ARTICLE_BEFORE_RE.search(text, max(0, start - 6), start) is not None
        or _THING_AFTER_RE.match(text, end) is not None
    )


#: What follows an eponym used as a clinical term ("Addison disease", "Homans sign").
_EPONYM_HEAD_RE = re.compile(
    r"[ \t]*(?i:stage|staging|scale|score|sign|test|syndrome|disease|criteria|classification|"
    r"maneuver|manoeuvre|grade|type|procedure|fracture)(?![\w])"
)


def _kin_given_eponym(text: str, word: str, end: int, cue: str, lex: Lexicon) -> bool:
    """A given name that is also an eponym, after a close relation and not before a clinical
    head word: "daughter Addison (works nights)", not "Addison disease"."""
    w = word.lower()
    return (
        cue.split()[0] in _STRONG_KIN
        and w in lex.first_names_all
        and w in lex.eponyms
        and w not in lex.drugs
        and w not in lex.clinical
        and _EPONYM_HEAD_RE.match(text, end) is None
    )


_STRONG_KIN = frozenset(
    [
        "wife",
        "husband",
        "son",
        "daughter",
        "brother",
        "sister",
        "mother",
        "father",
        "partner",
        "spouse",
        "grandson",
        "granddaughter",
        "niece",
        "nephew",
        "épouse",
        "époux",
        "conjoint",
        "conjointe",
        "fils",
        "fille",
        "frère",
        "sœur",
        "soeur",
        "named",
        "called",
    ]
)

_USER_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:user(?:name)?|login|utilisateur|userid|user id|uid|(?:printed|signed|entered|"
    r"edited|modified|created|documented|reviewed|completed|authored|accessed|viewed) by)"
    r"[ \t]*[:=][ \t]*"
    r"([a-z][a-z0-9._-]{1,30})(?![\w@.-])"
)

_USER_BY_RE = re.compile(
    r"(?i)(?<![\w])(?:signed|entered|edited|modified|created|documented|reviewed|by)[ \t]+"
    r"(?:by[ \t]+)?"
    r"([a-z]{1,2}[._]?[a-z]{3,20}\d{0,3}|[a-z]{3,20}[._]?[a-z]{1,2}\d{0,3})(?![\w@.])"
)


def _emr_user_names(text: str, lex: Lexicon, idx: TextIndex) -> list[tuple[int, int]]:
    """EMR user names: any value after "user:", and jsmith/smithj shapes after "by"."""
    spans: list[tuple[int, int]] = []
    for p in idx.at(_C_USER):
        if not word_start_ok(text, p):
            continue
        lm = _USER_LABEL_RE.match(text, p)
        if lm is not None:
            spans.append((lm.start(1), lm.end(1)))
            continue
        m = _USER_BY_RE.match(text, p)
        if m is None:
            continue
        token = m.group(1)
        if not token.islower() and not token.isupper():
            continue
        core = token.lower().rstrip("0123456789").replace(".", "").replace("_", "")
        if lex.never_name(core) or core in lex.first_names:
            continue
        if core[1:] in lex.surnames or core[2:] in lex.surnames or core[:-1] in lex.surnames:
            spans.append((m.start(1), m.end(1)))
    return spans


_AGE_AFTER_NAME_RE = re.compile(
    r"[ \t]*[,(][ \t]*(9\d|1[01]\d)(?:[ \t]*(?:y|yo|ans|F|M))?[ \t]*[,)]"
)

_SURNAME_COMMA_GIVEN_RE = re.compile(
    rf"({PARTICLE_PREFIX}{_UP}[\w'’-]+(?:[ -]{_UP}[\w'’-]+)?),[ \t]*"
    rf"({_UP}[\w'’-]+(?:[ \t]+[A-Z]\.?(?![\w]))?)(?![\w])"
)


_LOWER_WORD_RE = re.compile(r"[a-zà-ÿ][a-zà-ÿ'’-]{2,24}(?![\w@])")
#: What "dr" is often followed by in lower case that is no name.
_NOT_AFTER_DR = frozenset(
    [
        "appt",
        "appts",
        "apt",
        "ofc",
        "office",
        "offices",
        "visit",
        "visits",
        "note",
        "notes",
        "order",
        "orders",
        "letter",
        "letters",
        "referral",
        "requisition",
        "req",
        "script",
        "rx",
        "tx",
        "fu",
        "f/u",
        "recs",
        "rec",
        "said",
        "says",
        "ok",
        "wants",
    ]
)


def _lower_name_after_dr(text: str, pos: int, lex: Lexicon) -> tuple[int, int, list[str]] | None:
    """A name in lower case after "dr" with no period, in no list ("dr vanderquill", "dr ngozi
    abaquill"): one or two words that are no everyday, clinical or word-like words."""

    def name_like(w: str) -> bool:
        listed = w in lex.first_names_all or w in lex.surnames_all
        return (
            w not in _NOT_AFTER_DR
            and not lex.never_name(w)
            and w not in lex.wordlike_names
            and (listed or w not in lex.frequent)
            and not (w.endswith("'s") or w.endswith("’s"))
        )

    words: list[str] = []
    start = end = pos
    p = pos
    for _ in range(2):
        m = _LOWER_WORD_RE.match(text, p)
        if m is None or not name_like(m.group()):
            break
        if not words:
            start = m.start()
        words.append(m.group())
        end = m.end()
        if text[end : end + 1] != " ":
            break
        p = end + 1
    return (start, end, words) if words else None


def _surname_comma_given(surname: str, given: str, lex: Lexicon) -> bool:
    """After a name label, is "Surname, Given" a person's name? A capitalised surname, or a
    listed given name, or (neither listed) two words that are not ordinary words or places:
    "Patient: Vasquez, Ottoline", not "Patient: Stable, Alert" or "Name: Pain Clinic, Toronto"."""
    if lex.never_name(surname.lower()) or _CRED_TOKEN_RE.fullmatch(given.strip()):
        return False  # "KLM, RN": initials and a credential, not a surname and a given name
    if surname.isupper() or given.lower() in lex.first_names:
        return True
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", f"{surname} {given}")]
    words = [w for w in words if len(w) > 1 and w not in _PARTICLES]
    if any(lex.never_name(w) or w in lex.places or w in lex.wordlike_names for w in words):
        return False
    return (
        given.split()[0].lower() in lex.first_names_all
        or surname.lower() in lex.surnames_all
        or not any(w in lex.frequent for w in words)
    )


_ROLE_WORDS = (
    "pharmacy assistant|assistant|receptionist|secretary|nurse|psw|caregiver|poa|sdm|interpreter|"
    "translator|friend|neighbour|neighbor|roommate|landlord|case manager|social worker|worker|"
    "coordinator|physio|pharmacist|partner|spouse|common-law partner|common-law|guardian|"
    "foster parent|"
    "stepdaughter|stepson|ex-wife|ex-husband|girlfriend|boyfriend|fiancé|fiancée|wife|husband|son|"
    "daughter|mother|father|mom|mum|dad|sister|brother|grandson|granddaughter|grandmother|grandfather|"
    "niece|nephew|aunt|uncle|cousin|épouse|époux|conjoint|conjointe|fils|fille|mère|père|sœur|soeur|"
    "frère|ami|amie|voisin|voisine|aidante?|infirmière|pharmacienne?|travailleuse sociale|"
    # (1.22.0) people who come to the home or the counter: deliveries, drivers, volunteers
    "delivery driver|driver|livreur|livreuse|chauffeur|chauffeuse|volunteer|bénévole|homemaker|"
    "préposée?|technicienne?|technician"
)

_PAREN_ROLE_RE = re.compile(
    r"(?i)\([ \t]*(?:(?:pt|patient|client|resident|the patient)['’]s[ \t]+"
    r"|(?:her|his|their|the|our|"
    rf"sa|son|ses)[ \t]+)?(?:{_ROLE_WORDS})(?![\w])"
)

_LINE_NAME_AGE_RE = re.compile(
    r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?:(?:pt|patient|client)[ \t]*:?[ \t]+)?"
    r"([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*){0,2}),?[ \t]*\(?(\d{1,3})[ \t]?"
    r"([FMfm](?![\w])|yo(?![\w])|y/o|y\.o\.|yrs?(?![\w])|ans(?![\w]))?\)?(?=[\s,;.)])"
)

_LABEL_NOCOLON_RE = re.compile(r"(?i)(?:pt|patient|patiente|client|cliente|re|resident)\.?[ \t]+")


def _propagate(c: Collector, lex: Lexicon, found: list[tuple[int, int, str]]) -> None:
    text = c.text
    names: set[str] = set()
    for s, e, _r in found:
        for w in _WORD_RE.findall(text[s:e]):
            if w.lower().endswith(("'s", "’s")):
                w = w[:-2]
            if len(w) < 3 or w.lower() in _PARTICLES:
                continue
            wl = w.lower()
            if lex.never_name(wl) and wl not in lex.first_names and wl not in lex.surnames:
                continue
            if w.isupper():
                continue
            names.add(w)
    if not names:
        return
    # lower-case names ("jess", "gerald") are few: find them directly
    n_text = len(text)
    for name in [n for n in names if n[:1].islower()]:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < n_text else " "
            if not (before.isalnum() or before in "@.'’-_") and not (
                after.isalnum()
                or after in "@-_"
                or (after == "." and text[end + 1 : end + 2].isalnum())
            ):
                c.add(pos, end, "NAME", "same name as elsewhere in this text", P_NAME_WEAK)
            pos = text.find(name, end)
    # capitalised mentions: decided once per distinct word, then found where they stand
    hits = [
        w
        for w in set(_CAP_WORD_RE.findall(text))
        if w in names or (w[-2:] in ("'s", "’s") and w[:-2] in names)
    ]
    for word in hits:
        n = len(word)
        pos = text.find(word)
        while pos >= 0:
            m = _CAP_WORD_RE.match(text, pos)
            if m is None or m.end() != pos + n:
                pos = text.find(word, pos + 1)
                continue
            end = pos + n if word in names else pos + n - 2
            if (
                not (pos > 0 and text[pos - 1] in "@.'’-_")
                and not (
                    end < len(text)
                    and (
                        text[end] == "@" or (text[end] == "." and text[end + 1 : end + 2].isalnum())
                    )
                )
                and not (region_surname(word.lower(), lex) and beside_a_capital(text, pos, end))
            ):
                c.add(pos, end, "NAME", "same name as elsewhere in this text", P_NAME_WEAK)
            pos = text.find(word, pos + n)
