"""Names the older rules miss because no list holds them (1.6.0): read from the role or the
relation said right before them, from initials that repeat a name found in the note, and from
the shapes of speech in transcribed messages.

- A relation and one capitalised word no list calls a word (``son Xyz``, ``belle-sœur Xyz``,
  the relation at a line's end and the name on the next), with a surname after it; a word that
  is also an everyday word only when an age in brackets follows (``son Chance (17)``).
- A role and a name (``MOA Xyz``, ``Elder Xyz Abc``, ``Intervenante : Xyz Abc``, ``the
  shelter's worker, Xyz Abc,``).
- ``dr`` and a surname with a particle or a hyphen (``dr van Xyz``, ``dr Xyz-Abc``).
- Initials that repeat a name found in the note (``ZWS`` for ``Zofia W. Sandberg``, the
  hyphen's parts counting), and staff initials ending a line after a dash (``- jks``, ``~~ dk``)
  or doing a staff action (``SM called back``, ``forwarded to S.V.``).
- Transcribed messages: ``it's <name> calling``, ``message is for doctor <given> <surname>``,
  ``i'm <name>'s wife``, a word followed by its own spelling (``xyz that's x y z``).
"""

from __future__ import annotations

import re
import unicodedata

from phi.core import P_NAME, P_NAME_WEAK, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon, cue_words
from phi.recognizers.common import _UP, words

_FAMILY = tuple(cue_words("cues_family_words.txt"))
_IN_LAWS = (
    "daughter-in-law son-in-law sister-in-law brother-in-law mother-in-law father-in-law "
    "stepbrother stepsister half-brother half-sister grandson granddaughter great-grandson "
    "great-granddaughter godson goddaughter fiancé fiancée ex-wife ex-husband "
    "belle-sœur belle-soeur beau-frère belle-mère beau-père belle-fille beau-fils gendre bru "
    "petit-fils petite-fille arrière-petit-fils demi-frère demi-sœur filleul filleule "
    "mari femme conjoint conjointe amie ami copine copain voisin voisine"
)
_FAMILY_SET = frozenset(_FAMILY)
_RELATIONS = tuple(sorted({*_FAMILY, *_IN_LAWS.split()}, key=len, reverse=True))
_NAME_WORD = rf"{_UP}[a-zà-ÿ'’]+(?:-{_UP}[a-zà-ÿ'’]+)*"
_REL_SET = frozenset(_RELATIONS)
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_AFTER_RELATION_RE = re.compile(
    rf"(?:['’]s)?[ \t]*(?:\n[ \t]*)?({_NAME_WORD})(?:[ \t]+({_NAME_WORD}))?"
)
_AGE_BRACKET_RE = re.compile(r"[ \t]*\([ \t]*\d{1,2}[ \t]*(?:y|yo|ans|years?)?[ \t]*\)")
_C_RELATION = category("relation (1.6.0)", _RELATIONS)

_ROLES = (
    "MOA|PSW|HCA|CHR|CHW|Elder|Kokum|Intervenante|Intervenant|Travailleuse sociale|"
    "Travailleur social|Éducatrice|Éducateur|Préposée|Préposé|Agente|Coordonnatrice|"
    "Coordonnateur|Pastor|Imam|Rabbi|Reverend|Rev\\.|Father|Pharmacienne|Pharmacien"
)
_ROLE_NAME_RE = re.compile(
    rf"(?:{_ROLES})(?![\w'’-])"
    # "L'intervenant du refuge, X Y": the place the role belongs to, then a comma
    r"(?:(?:[ \t]*\n?[ \t]*(?:du|de[ \t]+la|de[ \t]+l['’]|des|of[ \t]+the|at[ \t]+the)[ \t]+"
    r"[\w'’-]+)?"
    r"[ \t]*,[ \t]*|[ \t]*:[ \t]*|[ \t]*\n?[ \t]*)"
    rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
)
_C_ROLE = category(
    "role before a name (1.6.0)",
    "moa psw hca chr chw elder kokum intervenante intervenant travailleuse travailleur "
    "éducatrice éducateur préposée préposé agente coordonnatrice coordonnateur pastor imam "
    "rabbi reverend rev father pharmacienne pharmacien",
)
_PARTICLES = "van|von|de|da|di|del|della|des|du|le|la|dos|das|ten|ter|bin|ibn|al|el|mac|st"
_DR_PARTICLE_RE = re.compile(
    rf"(?:dr|Dr|DR|dre|Dre)\.?[ \t]+(?:((?:{_PARTICLES})[ \t]+{_NAME_WORD})|"
    rf"({_UP}[a-zà-ÿ'’]+(?:-{_UP}[a-zà-ÿ'’]+)+))(?![\w'’-])"
)
_C_DR = category("dr before a compound surname", "dr dre")


def _word_ok(w: str, lex: Lexicon) -> bool:
    wl = w.lower()
    if len(wl) < 3 or lex.never_name(wl) or wl in lex.regions or wl in lex.places:
        return False
    return wl not in lex.holidays


def _unknown_or_given(w: str, lex: Lexicon) -> bool:
    wl = w.lower()
    parts = wl.split("-")
    if all(p in lex.first_names_all or p in lex.surnames_all for p in parts):
        return True
    return not any(p in lex.frequent for p in parts)


def _relations(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_RELATION):
        if not word_start_ok(text, p):
            continue
        tm = _TOKEN_RE.match(text, p)
        if tm is None or tm.group().lower() not in _REL_SET:
            continue
        m = _AFTER_RELATION_RE.match(text, tm.end())
        if m is None:
            continue
        w = m.group(1)
        aged = _AGE_BRACKET_RE.match(text, m.end(1)) is not None
        if aged:
            if lex.places.get(w.lower()) is not None or w.lower() in lex.regions:
                continue
        elif not _word_ok(w, lex):
            continue
        elif not _unknown_or_given(w, lex) and (
            w.lower() in lex.common
            or w.lower().endswith(("ed", "ing", "s", "ly"))  # "husband Passed away"
            or tm.group().lower() not in _FAMILY_SET
        ):
            continue  # an everyday word after a relation that is no close family's
        end = m.end(1)
        s = m.group(2)
        if s and _word_ok(s, lex) and not aged and s.lower() not in lex.frequent:
            end = m.end(2)
        c.add(m.start(1), end, "NAME", "a name after a relation", P_NAME)


def _roles(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_ROLE):
        if not word_start_ok(text, p) and not (p >= 2 and text[p - 1] in "'’"):
            continue
        m = _ROLE_NAME_RE.match(text, p)
        if m is None:
            continue
        role = text[p : m.start(1)]
        if role[:1].islower() and role.split()[0].lower() not in ("intervenante", "intervenant"):
            continue
        ws = m.group(1).split()
        kept: list[str] = []
        for w in ws:
            if not _word_ok(w, lex):
                break
            kept.append(w)
        if not kept:
            continue
        if len(kept) == 1 and not _unknown_or_given(kept[0], lex):
            continue
        if "," in role and len(kept) < 2:
            continue
        start = m.start(1)
        end = start + len(" ".join(kept)) if "\t" not in m.group(1) else start + len(kept[0])
        c.add(start, end, "NAME", "a name after a role", P_NAME)


def _dr_compounds(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_DR):
        if not word_start_ok(text, p):
            continue
        m = _DR_PARTICLE_RE.match(text, p)
        if m is None:
            continue
        g = 1 if m.group(1) else 2
        parts = re.split(r"[ \t-]+", m.group(g))
        if any(lex.never_name(x) and x.lower() not in _PARTICLES.split("|") for x in parts[-1:]):
            continue
        c.add(m.start(g), m.end(g), "NAME", "a surname with a particle or hyphen after dr", P_NAME)


# ---------------------------------------------------------------------------------------------
# initials

_STAFF_BEFORE_RE = re.compile(r"(?<![\w.'’-])([A-Z]{2,3}|(?:[A-Z]\.){2,3})[ \t]+$")
#: Since 1.22.0: an office's or a unit's acronym, not a person's initials: "faxed to NH CD Unit",
#: "sent to PH Office" (one space: a column gap after initials, "ZW   Office", parts a table's
#: cells).
_OFFICE_AFTER_RE = re.compile(
    r"(?:[ ][A-Z]{2,4})?[ ](?:Unit|Team|Office|Program|Programme|Department|Dept|Service"
    r"|Services|Desk|Line|Lab|Branch|Division|Hub)(?![\w'’-])"
)
_STAFF_AFTER_RE = re.compile(r"[ \t]+to[ \t]+((?:[A-Z]\.){2,3}|[A-Z]{2,3})(?![\w])")
_C_STAFF_VERB = category(
    "staff action",
    "called phoned spoke left faxed reviewed discussed saw paged emailed messaged forwarded "
    "sent routed assigned passed",
)
_TO_VERBS = words("forwarded faxed sent routed assigned passed")
#: A staff label before initials (1.8.0): "Scribe: TV", "RPh: KS", "Checked: ab / jt",
#: "Dispensed by: MK", "Initiales : FG".
_C_STAFF_LABEL = category(
    "a staff label before initials (1.8.0)",
    "scribe rph checked verified initials entered typed transcribed dispensed filled initiales "
    "vérifié vérifiée keyed scanned witness witnessed",
)
#: (1.18.0) a typist's or witness's initials in lower case without a colon: "typed by MOA cp)",
#: "/ typed jlk 02/12/2031", "Typed from the sheet ... by agr for scanning", "Witness (front
#: desk): tj"; the initials end the phrase (a bracket, punctuation, the line's end, a date, "for")
_STAFF_BY_RE = re.compile(
    r"(?i:typed|transcribed|keyed|entered|scanned|witness(?:ed)?)"
    r"(?:[ \t]*\([^()\n]{1,30}\))?"
    r"(?:[ \t]+from[^\n:()]{1,60}?[ \t]+by|[ \t]+by)?[ \t]*:?[ \t]*"
    r"(?:(?:MOA|MRA|HUC|clerk|unit[ \t]+clerk|ward[ \t]+clerk)[ \t]+)?"
    r"([a-z]{2,3})(?![\w.@'’-])"
    r"(?=[ \t]*(?:[)\].,;]|\r?\n|$)|[ \t]+\d{1,4}[/.-]\d|[ \t]+(?:for|on|at)\b)"
)
_STAFF_LABEL_RE = re.compile(
    r"(?i:scribe|rph|checked(?:[ \t]+by)?|verified(?:[ \t]+by)?|initials|entered[ \t]+by|"
    r"typed[ \t]+by|transcribed[ \t]+by|dispensed[ \t]+by|filled[ \t]+by|initiales|"
    r"vérifiée?[ \t]+par)[ \t]*:[ \t]*"
    r"([A-Z]{2,3}|[a-z]{2,3})(?![\w.@'’-])(?:[ \t]*/[ \t]*([A-Z]{2,3}|[a-z]{2,3})(?![\w.@'’-]))?"
)
# "... picks up. - jks" after a sentence; "~~ dk" or "-- dk" alone on a line
_DASH_TAIL_RE = re.compile(r"(?m)[-~—][ \t]*([a-zA-Z]{2,3})[ \t]*$")
_DASH_LEAD_RE = re.compile(r"(?:[.)!?][ \t]+-|(?:^|\n)[ \t]*(?:-[ \t]*)?(?:~~|--|—))[ \t]*$")


def _initials_of(name: str) -> set[str]:
    parts = [p for p in re.split(r"[\s\-]+", name) if p[:1].isalpha()]
    if len(parts) < 2:
        return set()
    full = "".join(p[0] for p in parts).upper()
    out = {full}
    # given names and the surname's first part: "Mélissa Gagné-Rivard" -> MGR and MG
    words_ = name.split()
    if len(words_) >= 2:
        out.add("".join(w[0] for w in words_).upper())
    return {i for i in out if 2 <= len(i) <= 4}


def _initials(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    names = {
        text[k.start : k.end]
        for k in c.cands
        if k.kind == "NAME" and (" " in text[k.start : k.end] or "-" in text[k.start : k.end])
    }
    wanted: set[str] = set()
    for n in names:
        if n[:1].isupper() and not n.isupper():
            wanted |= _initials_of(n)
    wanted = {w for w in wanted if w.lower() not in _NOT_INITIALS and w.lower() not in lex.clinical}
    if wanted:
        forms = sorted({*wanted, *(".".join(w) + "." for w in wanted)}, key=len, reverse=True)
        alt = "|".join(re.escape(f) for f in forms)
        for m in re.finditer(rf"(?<![\w.'’-])(?:{alt})(?![\w])", text):
            if _OFFICE_AFTER_RE.match(text, m.end()):
                continue  # (1.22.0) "NH CD Unit": a unit's acronym
            c.add(m.start(), m.end(), "NAME", "initials of a name in the note", P_NAME)
    for p in idx.at(_C_STAFF_VERB):
        if not word_start_ok(text, p):
            continue
        verb = _TOKEN_RE.match(text, p)
        if verb is None:
            continue
        bm = _STAFF_BEFORE_RE.search(text, max(0, p - 12), p)
        if bm is not None and _initials_token_ok(bm.group(1).replace(".", ""), lex):
            c.add(bm.start(1), bm.end(1), "NAME", "staff initials doing a staff action", P_NAME)
        if verb.group().lower() in _TO_VERBS:
            am = _STAFF_AFTER_RE.match(text, verb.end())
            if (
                am is not None
                and _initials_token_ok(am.group(1).replace(".", ""), lex)
                and not _OFFICE_AFTER_RE.match(text, am.end())
            ):
                c.add(am.start(1), am.end(1), "NAME", "staff initials after 'to'", P_NAME)
    for p in idx.at(_C_STAFF_LABEL):
        sm = _STAFF_LABEL_RE.match(text, p) if word_start_ok(text, p) else None
        if sm is None:
            bm = _STAFF_BY_RE.match(text, p) if word_start_ok(text, p) else None
            if bm is not None:
                tok = bm.group(1)
                if (
                    tok not in _NOT_STAFF_ROLES
                    and tok not in _NOT_TYPISTS
                    and _initials_token_ok(tok, lex)
                ):
                    c.add(bm.start(1), bm.end(1), "NAME", "a typist's initials", P_NAME)
            continue
        for g in (1, 2):
            tok = sm.group(g)
            if tok and tok.lower() not in _NOT_STAFF_ROLES and _initials_token_ok(tok, lex):
                c.add(sm.start(g), sm.end(g), "NAME", "staff initials after a staff label", P_NAME)
    if "-" not in text and "~" not in text and "—" not in text:
        return
    for m in _DASH_TAIL_RE.finditer(text):
        tok = m.group(1)
        if not (tok.islower() or tok.isupper()) or not _initials_token_ok(tok, lex):
            continue
        if _DASH_LEAD_RE.search(text, max(0, m.start() - 12), m.start() + 1) is None:
            continue
        c.add(m.start(1), m.end(1), "NAME", "staff initials ending a line", P_NAME)


_NOT_INITIALS = words(
    "ok am pm er ed or ot pt rn np md do dr ms mr mrs rx dx hx tx sx fx bp hr rr on qc bc ab sk "
    "mb ns nb nl pe yt nt nu us uk eu id iv im sc po pr od bid tid qid prn hs ac pc gi gu ent "
    "ct mri ecg ekg icu ccu ot slp rt pa lpn rpn rph phd msw bsc ba ma fht chc clsc gmf echo "
    "tbd tba fyi asap eta nos nyd wnl nad sob loc ama dnr mvc tbi the and not yes via per etc "
    # function words of English and French: "REFERRAL TO ORAL SURGERY" is no T. O.
    "to in at by of is it as an if so no up we he me my be go ou et la le de du en au un il je "
    "tu ce ne se sa ses des les aux sur par for but all any can our its his her him who may"
)


#: Answers a staff label may hold that are no one's initials.
_NOT_STAFF_ROLES = words("yes no n/a na nil tbd ok")
#: (1.18.0) what may follow "typed by", "scanned", "witness:" and is nobody's initials
_NOT_TYPISTS = words(
    "me us him her you it its the a an all my our his one two any out up in on at to of off "
    "and or by for via per pt pts dr md rn np moa mra fax pdf doc him her ct mri xr us ecg ekg"
)


def _initials_token_ok(tok: str, lex: Lexicon) -> bool:
    t = tok.lower()
    if t in _NOT_INITIALS or t in lex.common or lex.never_name(t) or t in lex.regions:
        return False
    if len(t) == 3 and t in lex.frequent and tok.islower():
        return False  # "- abc" may be a word; two letters in lower case after a dash are not
    return t not in lex.clinical and t not in lex.drugs


# ---------------------------------------------------------------------------------------------
# transcribed speech

_CALLING_RE = re.compile(
    r"(?i:it['’]s|this[ \t]+is)[ \t]+([a-z][a-z'’-]{2,20})[ \t]+calling(?![\w])"
)
_IM_WIFE_RE = re.compile(
    r"(?i:i['’]m|i[ \t]+am)[ \t]+([a-z][a-z'’-]{2,20})['’]s[ \t]+(?:wife|husband|daughter|son|"
    r"mother|father|partner|sister|brother|mom|dad)(?![\w])"
)
_FOR_DOCTOR_RE = re.compile(
    r"(?i:for|to|from)[ \t]+(?i:doctor|nurse)[ \t]+([a-z][a-z'’-]{2,20}[ \t]+"
    r"[a-z][a-z'’-]{2,20})(?=[ \t,.]|$)"
)
# a word, then "that's" and its letters: "xyz that's x y z"
_SPELLED_RE = re.compile(
    r"[ \t,]+(?:that['’]s|that[ \t]+is|spelled|spelt)[ \t,]+((?:[a-zA-Z](?:[ \t]|-)){2,24}"
    r"[a-zA-Z])(?![\w'’])"
)
_WORD_BEFORE_RE = re.compile(r"(?<![\w'’-])([a-zA-Z][a-z'’-]{2,24})$")
_SPEECH_KEYS = (
    ("calling", _CALLING_RE),
    ("'s ", _IM_WIFE_RE),
    ("’s ", _IM_WIFE_RE),
    ("doctor", _FOR_DOCTOR_RE),
    ("nurse", _FOR_DOCTOR_RE),
)


def _spoken(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    low = c.lower
    done: set[int] = set()
    for key, rx in _SPEECH_KEYS:
        if key not in low or id(rx) in done:
            continue
        if rx is _IM_WIFE_RE and "i'm" not in low and "i’m" not in low and "i am" not in low:
            continue
        done.add(id(rx))
        for m in rx.finditer(text):
            ws = m.group(1).split()
            if any(
                (w.lower() in lex.frequent and w.lower() not in lex.first_names_all)
                or lex.never_name(w)
                for w in ws
            ):
                continue
            c.add(m.start(1), m.end(1), "NAME", "a name in a transcribed message", P_NAME_WEAK)
    if "that" not in low and "spel" not in low:
        return
    for m in _SPELLED_RE.finditer(text):
        bm = _WORD_BEFORE_RE.search(text, max(0, m.start() - 26), m.start())
        if bm is None:
            continue
        letters = re.sub(r"[^a-zA-Z]", "", m.group(1)).lower()
        if letters == re.sub(r"[^a-z]", "", bm.group(1).lower()):
            c.add(bm.start(1), bm.end(1), "NAME", "a word spelled out after itself", P_NAME)


#: Who a person is, said after their given name (1.7.0): "(X the pharmacist)", "X at the
#: pharmacy confirmed", "X from the clinic called".
_C_ROLE_AFTER = category(
    "a role after a name (1.7.0)",
    "pharmacist pharmacy nurse driver receptionist secretary dispatcher clerk desk office clinic "
    "shelter depot pharmacienne pharmacien pharmacie infirmière infirmier secrétaire réception",
)
_NAME_THEN_ROLE_RE = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})[ \t]+(?:the|our|their|her|his|at[ \t]+the|from[ \t]+the|"
    r"la|le|de[ \t]+la|du|à[ \t]+la)[ \t]+(?:front[ \t]+)?$"
)


def _name_then_role(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A listed given name that is no word, before who the person is: ``X the pharmacist``."""
    text = c.text
    for p in idx.at(_C_ROLE_AFTER):
        if not word_start_ok(text, p):
            continue
        m = _NAME_THEN_ROLE_RE.search(text, max(0, p - 48), p)
        if m is None:
            continue
        w = m.group(1).lower()
        if (
            w in lex.first_names_all
            and w not in lex.wordlike_names
            and not lex.never_name(w)
            and w not in lex.places
            and (w not in lex.frequent or w in lex.first_names)
        ):
            c.add(m.start(1), m.end(1), "NAME", "a given name before who the person is", P_NAME)


# lower-case notes and texts (1.7.0): a listed given name that does something, a greeting and
# who is writing ("hi x its y")
def _lower_given_ok(w: str, lex: Lexicon) -> bool:
    """A listed given name that no list calls a word (nor a place, a region, a holiday)."""
    return (
        w not in lex.wordlike_names
        and w not in lex.common
        and not (lex.never_name(w) or w in lex.places or w in lex.regions or w in lex.holidays)
        and (w not in lex.frequent or w in lex.first_names)
    )


# only such names are indexed: the rule then runs at few places of a text
_C_LOWER_GIVEN = category(
    "a given name in lower case (1.7.0)",
    lambda lex: [w for w in lex.first_names_all if _lower_given_ok(w, lex)],
)
_LOWER_GIVEN_RE = re.compile(
    r"([a-z][a-z'’-]{2,15})[ \t]+(?:is|was|has|had|got|gets|says|said|will|can|came|comes|called|"
    r"calls|drove|drives|wants|thinks|asked|told|brought|helped|found|picks|stays|lives|texted|"
    r"knows|left|took|gave|wants)(?![\w'’-])"
)
_PER_LOWER_RE = re.compile(r"(?<![\w'’-])per[ \t]+$")
#: A determiner before the word makes it a noun: "his buddy says", "the sandy soil was".
_DETERMINER_BEFORE_RE = re.compile(
    r"(?i)(?<![\w'’-])(?:the|a|an|his|her|my|your|our|their|its|this|that|no|any|some)[ \t]+$"
)
_C_HELLO = category("a greeting before who is writing (1.7.0)", "hi hey hello")
_HELLO_ITS_RE = re.compile(
    r"(?:hi|hey|hello)[ \t]+([a-z][a-z'’-]{1,15})[ \t]*[,.]?[ \t]+(?:its|it's|it’s|this[ \t]+is)"
    r"[ \t]+([a-z][a-z'’-]{1,15})(?![\w'’-])"
)


def _lower_name_ok(w: str, lex: Lexicon) -> bool:
    return not (lex.never_name(w) or w in lex.places or w in lex.regions or w in lex.holidays)


def _lower_given_names(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A listed given name in lower case that is no word, doing something (``bjorn got him
    up``) or after ``per``; both names of ``hi x its y`` when neither is a frequent word."""
    text = c.text
    for p in idx.at(_C_LOWER_GIVEN):
        if not text[p].islower() or not word_start_ok(text, p):
            continue
        m = _LOWER_GIVEN_RE.match(text, p)
        per = m is None and _PER_LOWER_RE.search(text, max(0, p - 6), p) is not None
        if m is None and not per:
            continue
        end = m.end(1) if m is not None else p + len(_TOKEN_RE.match(text, p).group())  # type: ignore[union-attr]
        w = text[p:end]
        if _DETERMINER_BEFORE_RE.search(text, max(0, p - 8), p):
            continue
        if w in lex.first_names_all and _lower_given_ok(w, lex):
            c.add(p, end, "NAME", "a given name in lower case doing something", P_NAME_WEAK)
    for p in idx.at(_C_HELLO):
        if not word_start_ok(text, p):
            continue
        m = _HELLO_ITS_RE.match(text, p)
        if m is None:
            continue
        for g in (1, 2):
            w = m.group(g)
            if w not in lex.frequent and _lower_name_ok(w, lex):
                c.add(m.start(g), m.end(g), "NAME", "a name in a greeting", P_NAME_WEAK)


# a person named in brackets after who they are (1.7.0): "Intake Coordinator (X Y)", "her NP
# (X)", "the participant's full name (X Y Z)"; a patient named in commas: "the patient, X, ..."
_C_ROLE_BRACKET = category(
    "a role before a name in brackets (1.7.0)",
    "coordinator nurse np rn pharmacist worker therapist counsellor counselor interpreter manager "
    "driver name escort contact assistant secretary receptionist navigator adjointe adjoint "
    "infirmière infirmier patient client pt ot sw rpn psw slp physio physiotherapist dietitian "
    "dietician chaplain aide caregiver",
)
_ROLE_BRACKET_RE = re.compile(
    r"(?i:coordinator|nurse|np|rn|pharmacist|worker|therapist|counsellor|counselor|interpreter|"
    r"manager|driver|name|escort|contact|assistant|secretary|receptionist|navigator|adjointe|"
    r"adjoint|infirmière|infirmier|"
    # (1.8.0) the care team by its abbreviation: "PT (X Y)", "OT (X)", "SW (X Y)"
    r"pt|ot|sw|rpn|psw|slp|physio|physiotherapist|dietitian|dietician|chaplain|aide|caregiver)"
    r"[ \t]*\([ \t]*"
    rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]*\)"
)
_PATIENT_COMMAS_RE = re.compile(
    rf"(?i:the[ \t]+patient|patient|the[ \t]+client|pt)[ \t]*,[ \t]*({_NAME_WORD})[ \t]*,"
)


def _bracketed_after_role(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "(" not in text and "," not in text:
        return
    for p in idx.at(_C_ROLE_BRACKET):
        if not word_start_ok(text, p):
            continue
        m = _ROLE_BRACKET_RE.match(text, p)
        if m is not None:
            ws = m.group(1).split()
            everyday = all(
                w.lower() in lex.frequent and w.lower() not in lex.first_names for w in ws
            )
            if (
                all(_word_ok(w, lex) for w in ws)
                and (len(ws) > 1 or _unknown_or_given(ws[0], lex))
                and not everyday
            ):
                c.add(m.start(1), m.end(1), "NAME", "a name in brackets after a role", P_NAME)
            continue
        m = _PATIENT_COMMAS_RE.match(text, p)
        if m is not None:
            w = m.group(1).lower()
            if w in lex.first_names_all and w not in lex.wordlike_names and _word_ok(w, lex):
                c.add(m.start(1), m.end(1), "NAME", "a patient named in commas", P_NAME)


# marks documents leave (1.7.0): a letter's reference initials ("AB/cd" alone on a line), a
# typist's initials ending a dictation line ("DT: ... /abc"), initials with hyphens after an
# initials label ("H-J-W"), a word processor's comment mark ("Comment [AB1]"), a user folder
_REF_INITIALS_RE = re.compile(r"(?m)^[ \t]*([A-Z]{2,4})[ \t]*/[ \t]*([a-z]{2,4})[ \t]*$")
#: Lower-case abbreviations of the clinic that are no typist's initials.
_NOT_TYPIST = words("prn bid tid qid hs od po iv im sc sl pr od qd qhs tab tabs cap caps mg ml")
_TYPIST_RE = re.compile(r"(?m)[ \t]/([a-z]{2,4})[ \t]*$")
_DICTATION_LINE_RE = re.compile(r"Job|DT:|DD:|Transcri|Dictated")
_HYPHEN_INITIALS_RE = re.compile(r"(?i:initials?)[ \t]*:[ \t]*([A-Z](?:-[A-Z]){1,3})(?![\w-])")
_COMMENT_MARK_RE = re.compile(r"Comment[ \t]+\[([A-Z]{2,4})\d{1,3}\]")
_USER_FOLDER_RE = re.compile(
    r"(?:[A-Za-z]:\\(?:Users|Documents and Settings)\\|/(?:Users|home)/)([A-Za-z][\w.-]{1,30})"
    r"(?=[\\/])"
)
_NOT_A_USER = words("public default admin administrator shared guest all user users desktop")


def _document_marks(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if "/" in text:
        for m in _REF_INITIALS_RE.finditer(text):
            if m.group(2) in _NOT_TYPIST or lex.never_name(m.group(2)):
                continue
            c.add(m.start(1), m.end(1), "NAME", "a letter's reference initials", P_NAME)
            c.add(m.start(2), m.end(2), "NAME", "a typist's initials", P_NAME)
        for m in _TYPIST_RE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not _DICTATION_LINE_RE.search(text, line_start, m.start()):
                continue  # only a dictation's line ends with its typist's initials
            if m.group(1) not in _NOT_TYPIST and not lex.never_name(m.group(1)):
                c.add(m.start(1), m.end(1), "NAME", "a typist's initials", P_NAME)
    if "nitial" in text:
        for m in _HYPHEN_INITIALS_RE.finditer(text):
            c.add(m.start(1), m.end(1), "NAME", "initials after a label", P_NAME)
    if "Comment [" in text:
        for m in _COMMENT_MARK_RE.finditer(text):
            c.add(m.start(1), m.end(1), "NAME", "a reviewer's initials in a comment mark", P_NAME)
    if "Users" in text or "/home/" in text or "Documents and Settings" in text:
        for m in _USER_FOLDER_RE.finditer(text):
            if m.group(1).lower() not in _NOT_A_USER:
                c.add(m.start(1), m.end(1), "NAME", "a user's folder", P_NAME)


# names in capitals (1.7.0): after "DR." in a line of capitals, or before a credential
_CAPS_DR_RE = re.compile(
    r"(?<![A-Za-z])DR\.?[ \t]+([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){1,2})(?=[ \t]*(?:[,(;]|$))",
    re.M,
)
_CAPS_CRED_RE = re.compile(
    r",[ \t]*(?:RPH|RN|MD|NP|RPN|LPN|PHARMD|CCFP|OT|PT|PHD|MSW|RSW)(?![A-Za-z])"
)
_CAPS_BEFORE_CRED_RE = re.compile(
    r"(?<![A-Za-z'’-])([A-Z][A-Z'’-]{1,20}[ \t]+[A-Z][A-Z'’-]{1,20})[ \t]*$"
)
_CAPS_NOT_NAME = words(
    """the and of for to from by at in on with re our your fax page date pharmacy clinic hospital
    health medical family practice centre center care pain plan prepared prescriber patient
    dispensed signed reviewed checked approved"""
)


def _caps_names(c: Collector, lex: Lexicon) -> None:
    text = c.text
    if "DR" not in text and "," not in text:
        return
    found: list[re.Match[str]] = []
    if "DR" in text:
        found += _CAPS_DR_RE.finditer(text)
    for cm in _CAPS_CRED_RE.finditer(text):
        bm = _CAPS_BEFORE_CRED_RE.search(text, max(0, cm.start() - 44), cm.start())
        if bm is not None:
            found.append(bm)
    if found:
        for m in found:
            ws = [w.lower() for w in m.group(1).split()]
            if any(w in _CAPS_NOT_NAME or lex.never_name(w) or w in lex.regions for w in ws):
                continue
            if all(w in lex.frequent and w not in lex.first_names_all for w in ws):
                continue
            c.add(m.start(1), m.end(1), "NAME", "a name in capitals", P_NAME)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Names after a relation or a role, compound surnames after dr, names in speech."""
    _document_marks(c, lex)
    _caps_names(c, lex)
    _lower_given_names(c, lex, idx)
    _bracketed_after_role(c, lex, idx)
    _relations(c, lex, idx)
    _roles(c, lex, idx)
    _name_then_role(c, lex, idx)
    _dr_compounds(c, lex, idx)
    _spoken(c, lex, idx)


#: A short form in brackets right after a name: "Rosalind (Roz)", "Bernadette (Detta)" (1.8.0).
_BRACKET_NICK_RE = re.compile(r"[ \t]?\([ \t]?([A-ZÀ-Þ][a-zà-ÿ'’-]{1,12})[ \t]?\)")


def _fold(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )


def _bracket_nicknames(c: Collector, lex: Lexicon) -> None:
    """A short form of a name found, in brackets just after it: a part of the name or a word
    with the same first letter as one of its words, and no everyday word or place."""
    text = c.text
    if "(" not in text:
        return
    ends = {k.end: k.start for k in c.cands if k.kind == "NAME"}
    for end, start in ends.items():
        m = _BRACKET_NICK_RE.match(text, end)
        if m is None:
            continue
        nick = m.group(1)
        low = nick.lower()
        if lex.never_name(low) or low in lex.places or low in lex.clinical:
            continue
        name = _fold(text[start:end])
        folded = _fold(nick)
        initials = {w[0] for w in re.findall(r"[^\W\d_]+", name)}
        if folded in name or folded[0] in initials:
            c.add(m.start(1), m.end(1), "NAME", "a short form of a name in brackets", P_NAME)


def initials(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Initials of the names found, and staff initials by their place (run after the names)."""
    _bracket_nicknames(c, lex)
    _initials(c, lex, idx)
