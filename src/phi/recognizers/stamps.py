"""Record stamps, hospitals by their acronym and relatives named in pairs (since 1.14.0):

- a staff login or initials after a verb of record keeping and ``by`` (``transcribed by abc``,
  ``scanned to the chart by xyzq``, ``keyed by``, ``faxed by``, ``witnessed by``), and after the
  French ``Saisie :`` / ``Saisi par :``; never a word any list knows (``scanned by fax``,
  ``faxed by pharmacy``);
- a typist's initials closing a dictation stamp after its transcription date (``D: <date>
  T: <date> abc``);
- a hospital's acronym ending in ``H`` after a word of admission or of being at a place
  (``admitted XYRH``, ``at the XGH``, ``transferred to XYZH``); never a hormone or a clinical
  abbreviation (``TSH``, ``ACTH``, ``BPH``);
- relatives or attendants named in pairs after their plural (``granddaughters X and Y``,
  ``attendants X and Y``, ``sons X, Y and Z``): each a capitalised word no list calls a word,
  or a listed given name;
- a clinician's town in brackets after their name and title (``Dr. X (<town>)``): a gazetteer
  town or a word no list knows (never ``(Cardiology)``, ``(locum)``);
- a prefix of place names before a town found joins it (``Fort <town>``, ``Port <town>``,
  ``Upper <town>``);
- in lower-case notes, a listed given name after a lower-case relation and before what a person
  does (``son gene is in town``, ``her bf ty has a script``), even when the name is also a
  word; never a word of grammar (``son will is``, ``wife still has``);
- a log entry's initials in lower case closing a bullet or a dated line after a comma or a
  period (``- appt cancelled, ab.``, ``2031-03-03 called back. cd``): no word any list knows.
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, P_NAME, P_TOWN, Collector
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.address_forms import _unknown_town_word
from phi.recognizers.common import _UP
from phi.recognizers.name_roles import _initials_token_ok

#: A bullet or a dated log line ending with lower-case initials after a comma or a period.
_LOG_TAIL_RE = re.compile(
    r"^[ \t]*(?:[-*•][ \t]|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}[ \t/])[^\n]*[,.;][ \t]+"
    r"([a-z]{2,3})\.?[ \t]*$",
    re.M,
)

_TOWN_IN_BRACKETS_RE = re.compile(
    rf"[ \t]*\([ \t]*({_UP}[a-zà-ÿ'’-]+(?:[ \t-]{_UP}[a-zà-ÿ'’-]+)?)[ \t]*\)"
)
_PLACE_PREFIX_RE = re.compile(
    r"(?<![\w'’-])(?:Fort|Port|Mount|Cape|Grand|Grande|Upper|Lower|Old|Petit|Petite)[ \t]+$"
)

_RECORD_VERBS = (
    "transcribed typed keyed scanned faxed uploaded filed witnessed verified closed dictated "
    "retranscribed photocopied saisie saisi received drawn collected entered matched processed "
    "logged registered triaged"
)
_C_RECORD = category("a verb of record keeping", _RECORD_VERBS)

_BY_LOGIN_RE = re.compile(
    r"(?i:transcribed|typed|keyed|scanned|faxed|uploaded|filed|witnessed|verified|closed|"
    r"dictated|retranscribed|photocopied|received|drawn|collected|entered|matched|processed|"
    r"logged|registered|triaged)"
    r"(?:[ \t]+(?:to|into|in|onto)[ \t]+(?:the[ \t]+)?[\w-]{2,12})?"
    # (1.21.0) the date and time it was done, between the verb and "by": "filed Oct 20 by"
    r"(?:[ \t]+(?:on[ \t]+)?(?:[A-Z][a-z]{2}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2}\.?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?:[ \t]+\d{4}|[ \t]+\d{1,2}:\d{2})?)?"
    r"[ \t]+by[ \t]+"
    r"([a-z][a-z.]{1,9}[a-z]\d{0,2}|[a-z]{2})(?=[ \t]*(?:$|[\n\r,;)]|\.(?:[ \t]|$)|[ \t]+\d"
    # (1.21.0) or a dash, or a month's date after the login: "received by xyz Oct 14"
    r"|[ \t]+-[ \t]|[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?[ \t]+\d))",
    re.M,
)
_SAISIE_RE = re.compile(
    r"(?i:saisie|saisi[ \t]+par|saisie[ \t]+par)[ \t]*:[ \t]*([a-z][a-z.]{0,9}[a-z]\d{0,2})"
    r"(?=[ \t]*(?:$|[\n\r,;(]))",
    re.M,
)

#: Since 1.22.0: a login after a French verb of record keeping and "par", maybe with the date
#: and time it was done between them ("imprimé le 2027-03-02 à 09:15 par XQUENTIN"): lower case,
#: or capitals with two vowels at least (an agency's acronym, "par CNESST", has fewer).
_FR_VERBS = (
    "imprimé imprimée saisi saisie modifié modifiée validé validée vérifié vérifiée numérisé "
    "numérisée transcrit transcrite télécopié télécopiée préparé préparée servi servie"
)
_C_FR_RECORD = category("a French verb of record keeping", _FR_VERBS)
_PAR_LOGIN_RE = re.compile(
    rf"(?i:{'|'.join(_FR_VERBS.split())})"
    r"(?:[ \t]+le[ \t]+(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}(?:er)?[ \t]+"
    r"[a-zéû]{3,9}\.?(?:[ \t]+\d{4})?))?(?:[ \t]+(?:à|a)[ \t]+\d{1,2}[:h]\d{2})?"
    r"[ \t]+par[ \t]+"
    r"([a-z][a-z.]{1,9}[a-z]\d{0,2}|[A-Z]{5,10}\d{0,2})"
    r"(?=[ \t]*(?:$|[\n\r,;()]|\.(?:[ \t]|$)|[ \t]+\d|[ \t]+-[ \t]))",
    re.M,
)

#: A dictation stamp's transcription date and the typist's initials closing the line.
_C_DICTATION = category("a dictation stamp", "t", capital_only=True)
_TYPIST_RE = re.compile(
    r"T:[ \t]*(?:\d{1,4}[-/.][\w]{1,9}[-/.]\d{2,4}|[A-Z][a-z]{2}\.? \d{1,2},? \d{4})"
    r"(?:[ \t]+\d{1,2}:\d{2})?[ \t]+([a-z]{2,3})[ \t]*$",
    re.M,
)

_ADMIT_WORDS = "admitted admit admission transferred transfer at from"
_C_ADMIT = category("a word of admission or place", _ADMIT_WORDS)
_ACRONYM_RE = re.compile(
    r"(?i:admitted|admit|admission|transferred|transfer|at|from)"
    r"(?:[ \t]+(?i:to|at|from|in))?(?:[ \t]+the)?[ \t]+([A-Z]{1,4}H)(?![\w-])"
)
#: Hormones, findings and services written with a final H, never hospitals.
_NOT_HOSPITALS = frozenset(
    [
        "TSH",
        "FSH",
        "ACTH",
        "PTH",
        "ADH",
        "CRH",
        "GH",
        "LH",
        "HGH",
        "GNRH",
        "TRH",
        "GHRH",
        "MSH",
        "BPH",
        "LVH",
        "RVH",
        "NPH",
        "PPH",
        "SAH",
        "ICH",
        "IVH",
        "DISH",
        "CAH",
        "PAH",
        "BOH",
        "OOH",
        "EOH",
        "ETOH",
        "DH",
        "NH",
        "MH",
        "PH",
        "AH",
        "OH",
        "BH",
        "CH",
        "IH",
        "UH",
        "WH",
    ]
)

_PLURALS = (
    "granddaughters grandsons grandchildren grandkids daughters sons kids children sisters "
    "brothers nieces nephews cousins twins attendants petits-enfants petites-filles petits-fils "
    "filles fils enfants"
)
_C_PLURAL = category("relatives in the plural", _PLURALS)
_PAIR_RE = re.compile(
    r"(?i:granddaughters|grandsons|grandchildren|grandkids|daughters|sons|kids|children|"
    r"sisters|brothers|nieces|nephews|cousins|twins|attendants|petits-enfants|petites-filles|"
    r"petits-fils|filles|fils|enfants)"
    r"[ \t]*(?::[ \t]*|\n[ \t]*|[ \t])"
    r"((?:[A-ZÀ-Þ][a-zà-ÿ'’-]{1,20}[ \t]*,[ \t]*){0,3}[A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})"
    r"[ \t]*,?[ \t]+(?:and|et|&)[ \t]+([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})(?![\w'’-])"
)


_LOWER_RELATIONS = (
    "son daughter wife husband bf gf boyfriend girlfriend partner sister brother mom dad mother "
    "father sis bro cousin aunt auntie uncle niece nephew friend buddy neighbour neighbor "
    "roommate grandson granddaughter stepson stepdaughter"
)
_C_LOWER_RELATION = category("a relation in lower case", _LOWER_RELATIONS)
_RELATION_NAME_RE = re.compile(
    rf"(?:{_LOWER_RELATIONS.replace(' ', '|')})[ \t]+([a-z]{{2,12}})[ \t]+"
    r"(?:is|was|has|had|says|said|wants|wanted|will|called|calls|lives|lived|drives|drove|came|"
    r"comes|works|worked|thinks|told|asked|asks|brought|brings|visits|visited|helps|helped|"
    r"stays|stayed|picked|picks)(?![\w'’-])"
)
#: Words of grammar that the lists also hold as given names.
_GRAMMAR = frozenset(
    re.findall(
        r"\w+",
        """will may can might must shall did does had has have is was are were be not also still
        just now then so very really too only even ever never always again here there home back
        today soon well all both each either who that this what which when where why how and but
        or if as at in on to up out off by for with from""",
    )
)


def _login_ok(token: str, lex: Lexicon) -> bool:
    core = token.rstrip("0123456789").replace(".", "")
    if len(core) < 2 or core in lex.frequent or lex.never_name(core):
        return False
    return core not in lex.clinical and core not in lex.common and core not in lex.drugs


def _given_ok(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    if low in lex.first_names_all and low not in lex.frequent:
        return True
    return not (
        low in lex.frequent
        or lex.never_name(low)
        or low in lex.places
        or low in lex.regions
        or low in lex.clinical
        or low in lex.drugs
    )


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_BY_LOGIN_RE, text, idx.at(_C_RECORD)):
        if word_start_ok(text, m.start()) and _login_ok(m.group(1), lex):
            c.add(m.start(1), m.end(1), "NAME", "a login after a verb of record keeping", P_NAME)
    for m in scan_at(_SAISIE_RE, text, idx.at(_C_RECORD)):
        if word_start_ok(text, m.start()) and _login_ok(m.group(1), lex):
            c.add(m.start(1), m.end(1), "NAME", "a login after 'Saisie :'", P_NAME)
    for m in scan_at(_PAR_LOGIN_RE, text, idx.at(_C_FR_RECORD)):
        login = m.group(1)
        if (
            word_start_ok(text, m.start())
            and _login_ok(login.lower(), lex)
            and (login.islower() or sum(ch in "AEIOUY" for ch in login) >= 2)
        ):
            c.add(m.start(1), m.end(1), "NAME", "a login after a verb of record keeping", P_NAME)
    for m in scan_at(_TYPIST_RE, text, idx.at(_C_DICTATION)):
        if word_start_ok(text, m.start()) and _login_ok(m.group(1), lex):
            c.add(m.start(1), m.end(1), "NAME", "a typist's initials in a dictation stamp", P_NAME)
    for m in scan_at(_ACRONYM_RE, text, idx.at(_C_ADMIT)):
        acro = m.group(1)
        if (
            not word_start_ok(text, m.start())
            or acro in _NOT_HOSPITALS
            or acro.lower() in lex.clinical
            or acro.lower() in lex.regions
        ):
            continue
        c.add(m.start(1), m.end(1), "FACILITY", "a hospital's acronym after admission", P_FACILITY)
    for m in scan_at(_PAIR_RE, text, idx.at(_C_PLURAL)):
        if not word_start_ok(text, m.start()):
            continue
        names = [
            (m.start(1) + w.start(), m.start(1) + w.end(), w.group())
            for w in re.finditer(r"[^\s,]+", m.group(1))
        ]
        names.append((m.start(2), m.end(2), m.group(2)))
        if not all(_given_ok(word, lex) for _s, _e, word in names):
            continue
        for s, e, _word in names:
            c.add(s, e, "NAME", "relatives named together after their plural", P_NAME)


def places_after_names(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A clinician's town in brackets after a titled name; a place prefix before a town."""
    text = c.text
    for k in list(c.cands):
        if k.kind == "NAME" and k.reason == "name after a title":
            m = _TOWN_IN_BRACKETS_RE.match(text, k.end)
            if m is None:
                continue
            name = m.group(1).lower()
            ws = re.split(r"[ \t-]+", m.group(1))
            known = name in lex.places and not lex.never_name(name) and name not in lex.regions
            if known or all(_unknown_town_word(w, lex) for w in ws):
                c.add(m.start(1), m.end(1), "ADDRESS", "a clinician's town in brackets", P_TOWN)
        elif k.kind == "ADDRESS" and text[k.start : k.end].lower() in lex.places:
            pm = _PLACE_PREFIX_RE.search(text, max(0, k.start - 8), k.start)
            if pm is not None and not any(
                o.kind == "ADDRESS" and o.start <= pm.start() and o.end >= k.end for o in c.cands
            ):
                c.add(pm.start(), k.end, "ADDRESS", "a place's prefix before a town", k.prio + 1)


def lower_relations(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A lower-case listed given name after a lower-case relation and before an action."""
    text = c.text
    for m in scan_at(_RELATION_NAME_RE, text, idx.at(_C_LOWER_RELATION)):
        if not word_start_ok(text, m.start()) or not text[m.start()].islower():
            continue
        name = m.group(1)
        if name in _GRAMMAR or name not in lex.first_names_all:
            continue
        if len(name) < 3 and name in lex.frequent:
            continue
        if name in lex.clinical or name in lex.drugs or name in lex.regions:
            continue
        c.add(m.start(1), m.end(1), "NAME", "a relation's name in lower case", P_NAME)


#: Two letters that close a line as words or abbreviations, never as initials.
_NOT_LOG_INITIALS = frozenset(
    re.findall(
        r"\w+",
        "ok no go me we he us it my am pm hr hrs wk wks mo yr yrs ea qd fu hx dx tx rx sx ie eg "
        "et al ad oh hi ya yo re de la le du un en ou ty xo xx kk",
    )
)


def log_initials(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Lower-case initials closing a bullet or a dated log line after a comma or a period."""
    text = c.text
    if "\n" not in text:
        return
    for m in _LOG_TAIL_RE.finditer(text):
        tok = m.group(1)
        if tok in _GRAMMAR or tok in _NOT_LOG_INITIALS or not _initials_token_ok(tok, lex):
            continue
        if len(tok) == 3 and tok in lex.frequent:
            continue  # three letters may be a word; two after a comma closing a log line are not
            continue
        c.add(m.start(1), m.end(1), "NAME", "a log entry's initials", P_NAME)
