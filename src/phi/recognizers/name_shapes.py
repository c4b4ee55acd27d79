"""Names by shapes the cue and list rules miss (scanner 1.5.0).

- Children listed with their ages: ``Kids: Xavi (7) and Mira (11)``.
- A nickname in quotes after a relation (``boyfriend "Chip"``), after "everyone calls", or in
  brackets after a run of capitalised words, which is then a name too
  (``Osric Lysander Quennevoort ("Teddy")``).
- Initials with periods after a role or a label (``Responder: K.M.``, ``the patient is R.J.``),
  and every other mention of them.
- A login handle after "printed/entered/... by" (``Printed 10:40 by kbrathwaite``).
- A capitalised name inside a file name (``intake_form_Vandermolen_2026-01-02.docx``), and the
  ISO date beside it.
- Lower-case notes: in ``name_lower.py``, which ``recognize`` calls.
"""

from __future__ import annotations

import re

from phi.core import P_DATE, P_NAME, P_NAME_WEAK, Collector
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.name_lower import (
    _C_KIN_LOWER,
    _KIN_WORDS,
    _NOT_INITIALS,
    _listed,
    _lower_case,
)

_UPW = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"

# --- children and their ages ---------------------------------------------------------------

_C_KIDS = category(
    "children listed",
    "kids children sons daughters grandkids grandchildren grandsons granddaughters siblings "
    "enfants petits-enfants",
)
#: A child's age after their name: in brackets, or (1.10.0) after a comma or a space
#: ("Kids: X (7) and Y (11)", "Children: X, 12, and Y, 8", "kids: X 9, Y 4").
_KID_AGE = (
    r"(?:[ \t]*\([ \t]*\d{1,2}[ \t]*(?:y|yo|yrs|ans|mo)?[ \t]*\)"
    r"|,?[ \t]+\d{1,2}(?:[ \t]*(?:y|yo|yrs|ans|mo))?(?![\w/:%-]|[.,]\d|[ \t]*(?:mg|mcg|ml|mL|%)))"
)
_KIDS_RE = re.compile(
    r"(?i:kids|children|sons|daughters|grandkids|grandchildren|grandsons|granddaughters|siblings|"
    r"enfants|petits-enfants)[ \t]*\n?[ \t]*(?::|-|,|\(|(?i:are|were|sont))?[ \t]*"
    rf"((?:{_UPW}{_KID_AGE}[ \t]*(?:,[ \t]*)?(?:(?i:and|et)|&|;)?[ \t]*){{1,8}})"
)
_KID_RE = re.compile(rf"({_UPW}){_KID_AGE}")
_NOT_KIDS = frozenset(
    ["boys", "girls", "twins", "both", "ages", "age", "all", "one", "two", "three", "none"]
)

# --- nicknames -------------------------------------------------------------------------------

_RELATIONS = (
    "boyfriend girlfriend husband wife partner son daughter brother sister cousin friend buddy "
    "coworker co-worker roommate landlord boss bro sis "
    "uncle aunt mom mum dad mother father neighbour neighbor roommate ex nephew niece grandson "
    "granddaughter stepson stepdaughter stepdad stepmom fiancé fiancée"
)
_C_RELATION = category("a relation before a nickname", _RELATIONS)
_QUOTED_AFTER_RELATION_RE = re.compile(
    r"(?i:" + "|".join(_RELATIONS.split()) + r")[ \t]+[\"“]"
    r"([A-ZÀ-Þ][\w'’-]{1,20}(?:[ \t][A-ZÀ-Þ][\w'’-]{1,20})?)[\"”]"
)
#: The real name in brackets after a nickname: 'partner "Sparky" (Lorcan Prestwick)'.
_NAME_AFTER_NICK_RE = re.compile(rf"[ \t]*\([ \t]*((?:{_UPW}[ \t]+){{1,2}}{_UPW})[ \t]*\)")
_C_EVERYONE = category("everyone calls", "everyone everybody they people friends folks family")
_CALLS_RE = re.compile(
    r"(?i:(?:everyone|everybody)[ \t]+calls(?:[ \t]+(?:him|her|them))?|"
    r"(?:everyone|everybody|they|people|friends|folks|family)[ \t]+(?:call|called)[ \t]+"
    r"(?:him|her|them))"
    # one word, not the start of an organisation's name ("everyone calls Mobile Crisis")
    r"[ \t]+[\"“]?([A-ZÀ-Þ][\w'’-]{1,20})(?![\w'’-])(?![ \t]+[A-ZÀ-Þ])"
)
_RUN_BEFORE_NICK_RE = re.compile(rf"(?<![\w'’.-])((?:{_UPW}[ \t]+){{1,3}}{_UPW})[ \t]*$")
_PAREN_NICK_RE = re.compile(r"\([ \t]*[\"“]([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})[\"”][ \t]*\)")

#: "Scooter (that's what everyone calls him)": a name, then the words that say it is one.
_CALLED_AFTER_RE = re.compile(
    r"([A-ZÀ-Þ][\w'’-]{1,20})[ \t]*\([ \t]*(?i:that['’]?s|that[ \t]+is|which[ \t]+is)[ \t]+"
    r"(?i:what|how)[ \t]+(?i:everyone|everybody|people|they|we|friends)[ \t]+(?i:call|calls)"
)

# --- a name and the age said right after it ------------------------------------------------

#: "Philippa Quillby, a 58-year-old", "Henrietta Quillby, is 101", "Marit Kask (age 31"
_AGE_AFTER_RUN_RE = re.compile(
    r",[ \t]*(?:(?:a|an)[ \t]+\d{1,3}[- ](?:year|yr)s?[- ]old|(?:is|was|aged?)[ \t]+\d{1,3}"
    r"(?!\d|[.,/:]\d))|\([ \t]*(?:age|aged)[ \t]+\d{1,3}(?![\d])"
)
_RUN_BEFORE_AGE_RE = re.compile(rf"(?<![\w'’.-])((?:{_UPW}[ \t]+){{1,2}}{_UPW})[ \t]*$")

# --- thanks, a name ----------------------------------------------------------------------------

_C_THANKS = category("thanks", "thanks thank thx merci")
_THANKS_NAME_RE = re.compile(
    r"(?:Thanks|Thank[ \t]+you|Thx|Merci|thanks|thank[ \t]+you|thx|merci),?[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})(?=[ \t]*[.!,:;)]|[ \t]*$|[ \t]*\n)"
)
_NOT_THANKED = frozenset(
    [
        "again",
        "all",
        "everyone",
        "everybody",
        "guys",
        "team",
        "folks",
        "both",
        "so",
        "much",
        "lots",
        "doc",
        "doctor",
        "nurse",
        "you",
        "for",
        "again",
        "anyway",
        "in",
        "advance",
        "very",
        "kindly",
        "tous",
        "toi",
        "vous",
        "beaucoup",
        "encore",
    ]
)

# --- a relation, a capitalised word and what people do -----------------------------------------

_KIN_CAP_ACT_RE = re.compile(
    r"(?i:wife|husband|partner|son|daughter|mom|mum|dad|brother|sister|boyfriend|girlfriend|"
    r"friend|cousin|aunt|uncle|niece|nephew|grandson|granddaughter|bro|sis|buddy|neighbour|"
    r"neighbor)[ \t]+([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})[ \t]+"
    r"(?:says|said|drives|drove|brings|brought|called|calls|phoned|came|comes|wants|thinks|"
    r"reports|helps|helped|picks|picked|visits|visited|works|lives|agrees|agreed|stays|stayed|"
    r"told|tells|texted|found|took|takes|gave|gives)(?![\w])"
)
#: Capitalised words that start a clause after a relation rather than name it.
_NOT_KIN_CAPS = frozenset(
    [
        "also",
        "then",
        "now",
        "still",
        "always",
        "never",
        "just",
        "only",
        "recently",
        "later",
        "often",
        "usually",
        "sometimes",
    ]
)

# --- a name after "as per", a role spelled out, or a credential --------------------------------

_C_PER = category(
    "a source or a role before a name",
    "per according nurse registered social case pharmacist physiotherapist occupational "
    "dietitian counsellor counselor chaplain midwife paramedic psychologist psychiatrist "
    "physician surgeon",
)
_PER_ROLE_RE = re.compile(
    r"(?i:as[ \t]+per|per|according[ \t]+to|nurse[ \t]+practitioner|registered[ \t]+nurse|"
    r"social[ \t]+worker|case[ \t]+manager|pharmacist|physiotherapist|occupational[ \t]+"
    r"therapist|dietitian|counsell?or|chaplain|midwife|paramedic|psychologist|psychiatrist|"
    r"physician|surgeon)[ \t]+"
    rf"((?:{_UPW}[ \t]+){{1,2}}{_UPW})(?![\w'’-])"
)
_C_CRED_BEFORE = category(
    "a credential before a name", "RN RPN LPN NP PSW RPh SW OT PT RT", capital_only=True
)
_CRED_NAME_RE = re.compile(
    r"(?:RN|RPN|LPN|NP|PSW|RPh|SW|OT|PT|RT)[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]{2,20}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w'’-]|[ \t]+[A-ZÀ-Þ])"
)

# --- what a person is known as, who did something ------------------------------------------

_C_KNOWN_AS = category("known as", "known calls prefers likes wants")
_KNOWN_AS_RE = re.compile(
    r"(?i:known(?:[ \t]+to[ \t]+\w+)?[ \t]+as|calls[ \t]+(?:himself|herself|themselves)|"
    r"(?:prefers|likes|wants)[ \t]+to[ \t]+be[ \t]+called)[ \t]+[\"“]?([A-ZÀ-Þ][\w'’-]{1,20})"
)
_C_DONE_BY = category(
    "done by a person",
    "presented referred seen assessed examined reviewed written dictated prepared submitted "
    "interviewed accompanied driven brought",
)
_DONE_BY_RE = re.compile(
    r"(?i:presented|referred|seen|assessed|examined|reviewed|written|dictated|prepared|submitted|"
    r"interviewed|accompanied|driven|brought)[ \t]+by[ \t]+"
    rf"({_UPW}(?:[ \t]+{_UPW}){{0,2}})(?![\w'’-])"
)

#: A person named in commas after who they are: "One of our guys, Miles, has been", "our
#: client, Tobiah Quell, came".
_C_APPOSITION = category("our, my, the", "our my the his her their")
_APPOSITION_RE = re.compile(
    r"(?i:our|my|the|his|her|their)[ \t]+(?i:client|patient|resident|member|guy|friend|"
    r"neighbou?r|roommate|caregiver|tenant|coworker|co-worker)s?[ \t]*,[ \t]*"
    rf"({_UPW}(?:[ \t]+{_UPW})?)[ \t]*,"
)

# --- a writer introducing themselves, names listed in brackets, a surname's initial ------------

_C_HERE = category("here", "here ici")
_HERE_RE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})[ \t]+(?:here|ici)(?=[ \t]+(?:from|at|with|de|du|à)"
    r"(?![\w])|[ \t]*[,.!]|[ \t]*$)"
)
_HERE_LEAD_RE = re.compile(r"(?:^|[,.!:\n]|(?i:hi|hello|hey|bonjour|salut)[ \t,]*)[ \t]*$")
_C_CALL = category(
    "call someone", "call text ask tell remind page email phone report handover handed hand"
)
_CALL_NAME_RE = re.compile(
    r"(?i:call|text|ask(?:[ \t]+for)?|tell|remind|page|email|phone|"
    # a shift's report handed to the next nurse (1.7.0): "Report to X.", "Handover to X (RN)"
    r"report(?:[ \t]+given)?[ \t]+to|hand(?:ed)?[ \t]*over[ \t]+to)[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})"
    r"(?=[ \t]+(?:back|about|to|re|if|when|and|tomorrow|today|at|for)(?![\w])|[ \t]*[,.?!(])"
)
_PAREN_LIST_RE = re.compile(
    rf"\(((?:{_UPW})(?:[ \t]*,[ \t]*{_UPW})+(?:,?[ \t]+(?:and|et)[ \t]+{_UPW})?)\)"
)
#: The display name before an email address: "Rosamond K. <rk@example.org>", "Kerr, Rosamond <".
_DISPLAY_NAME_RE = re.compile(
    rf"(?<![\w'’.-])({_UPW}(?:,?[ \t]+(?:{_UPW}|[A-Z]\.?))" + r"{0,3})[ \t]*<[^<>@\s]{1,64}@"
)
_SURNAME_INITIAL_RE = re.compile(r"[ \t]+[A-Z]\.(?=[ \t]*(?:[<,(;:)\n]|$|[ \t][a-z]))")

# --- initials with periods -------------------------------------------------------------------

_C_INITIALS_CUE = category(
    "role or label before initials",
    "responder counsellor counselor clinician worker staff interviewer operator scribe recorder "
    "writer author by patient pt client resident initials nurse rn rpn np pharmacist rph caller",
)
_INITIALS_CUE_RE = re.compile(
    r"(?i:responder|counsell?or|clinician|worker|staff|interviewer|operator|scribe|recorder|"
    r"writer|author|by|initials|nurse|rn|rpn|np|pharmacist|rph|caller|"
    r"(?:the[ \t]+)?(?:patient|pt|client|resident)(?:[ \t]+(?:is|was|initials))?)"
    r"[ \t]*:?[ \t]*((?:[A-Z]\.[ \t]?){1,2}[A-Z]\.)(?![\w])"
)
_DOTTED_RE = re.compile(r"(?:[A-Z]\.){2,3}")
#: A line that is only initials (a sign-off), or initials that are someone's relation:
#: "R.J. is her partner".
# (probes start with a literal period or colon, which the regex engine finds fast)
_DOTTED_PROBE_RE = re.compile(r"\.[ \t]?[A-Z]\.")
_INITIALS_LINE_RE = re.compile(r"(?m)^[ \t]*((?:[A-Z]\.[ \t]?){1,2}[A-Z]\.)[ \t]*$")
_INITIALS_KIN_RE = re.compile(
    r"(?<![\w.])((?:[A-Z]\.){1,2}[A-Z]\.)[ \t]+(?:is|was)[ \t]+(?:her|his|their|the[ \t]+"
    r"(?:pt|patient|client)['’]s)[ \t]+(?:partner|wife|husband|son|daughter|mother|father|mom|"
    r"dad|brother|sister|boyfriend|girlfriend|friend|cousin|caregiver|spouse|roommate)(?![\w])"
)

# --- login handles after an action -----------------------------------------------------------

_C_ACTION_BY = category(
    "an action done by a user",
    "printed entered created modified edited documented reviewed signed faxed scanned transcribed "
    "completed authored generated exported updated opened collected closed assigned uploaded "
    "submitted verified logged",
)
_ACTION_BY_RE = re.compile(
    r"(?i:printed|entered|created|modified|edited|documented|reviewed|signed|faxed|scanned|"
    r"transcribed|completed|authored|generated|exported|updated|opened|collected|closed|assigned|"
    r"uploaded|submitted|verified|logged):?"
    # since 1.19.0 also a weekday's abbreviation before the date ("exported Tue 2031-07-06 by")
    r"(?:[ \t]+(?i:on|at))?(?:[ \t]+(?i:mon|tue|wed|thu|fri|sat|sun)\.?)?"
    r"(?:[ \t]+[\d/:.\-]+(?:[ \t]*(?i:am|pm|h))?){0,3}[ \t]+(?i:by)[ \t]+"
    r"([a-z][a-z0-9._-]{3,30})(?![\w@-]|\.\w)"
)
#: How English words begin: a handle that begins otherwise (an initial glued to a surname,
#: "jq...", "kb...") is no word.
_ONSETS = frozenset(
    [
        "bl",
        "br",
        "ch",
        "cl",
        "cr",
        "cz",
        "dr",
        "dw",
        "fl",
        "fr",
        "gh",
        "gl",
        "gn",
        "gr",
        "kh",
        "kl",
        "kn",
        "kr",
        "ph",
        "pl",
        "pr",
        "ps",
        "rh",
        "sc",
        "sh",
        "sk",
        "sl",
        "sm",
        "sn",
        "sp",
        "sq",
        "st",
        "sv",
        "sw",
        "th",
        "tr",
        "ts",
        "tw",
        "vl",
        "wh",
        "wr",
    ]
)
_VOWELS = frozenset("aeiouy")

# --- file names ------------------------------------------------------------------------------

_FILE_RE = re.compile(
    r"(?<![\w./-])([\w-]+(?:_[\w-]+)+)\.(?:pdf|docx?|txt|rtf|odt|jpe?g|png|heic|tiff?|xlsx?|csv|"
    r"pptx?|eml|msg|html?)(?![\w])"
)
_DOC_WORDS = frozenset(
    [
        "case",
        "form",
        "referral",
        "consult",
        "consultation",
        "letter",
        "note",
        "notes",
        "intake",
        "chart",
        "labs",
        "results",
        "report",
        "summary",
        "discharge",
        "scan",
        "patient",
        "pt",
    ]
)
#: Endings of adjectives and abstract or plural nouns: an unlisted word in a file name that ends
#: so is a topic ("consult_Lumbar", "referral_Neurology", "form_Troublemakers"), not a name.
_WORD_ENDINGS = (
    "al",
    "ar",
    "ic",
    "ous",
    "ary",
    "ive",
    "oid",
    "ine",
    "ory",
    "logy",
    "ics",
    "ment",
    "ness",
    "tion",
    "sion",
    "ing",
    "ity",
    "ery",
    "ism",
    "ist",
    "ure",
    "ance",
    "ence",
    "ship",
    "hood",
    "s",
    "ed",
    "ly",
    "y",
    "er",
)
_ISO_RE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_TITLE_WORD_RE = re.compile(_UPW)


def _clinical_or_region(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.clinical or w in lex.drugs or w in lex.regions or w in lex.eponyms


def _listed_pair_with_age(words: list[str], age: str, lex: Lexicon) -> bool:
    """Two words before ``(age N`` that the lists hold as a given name and a surname, neither a
    drug, a region nor a place."""
    if len(words) != 2 or not age.startswith("("):
        return False
    given, surname = (w.lower() for w in words)
    if given not in lex.first_names_all or surname not in lex.surnames_all:
        return False
    return not any(w in lex.drugs or w in lex.regions or w in lex.places for w in (given, surname))


def _everyday_word(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.frequent and w not in lex.first_names_all and w not in lex.surnames_all


_AGE_CUE_RE = re.compile(r"year|yr|,[ \t]*(?:is|was|aged?)[ \t]+\d|\([ \t]*aged?[ \t]")


def _ages_after_runs(text: str) -> list[re.Match[str]]:
    """Where an age is said right after a run of words (", a 58-year-old", ", is 101",
    "(age 31")."""
    if _AGE_CUE_RE.search(text) is None:
        return []
    return list(_AGE_AFTER_RUN_RE.finditer(text))


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    # children listed with their ages
    for m in scan_at(_KIDS_RE, text, idx.at(_C_KIDS)):
        for km in _KID_RE.finditer(m.group(1)):
            w = km.group(1).lower()
            if w in _NOT_KIDS or (lex.never_name(w) and w not in lex.first_names_all):
                continue
            s = m.start(1) + km.start(1)
            c.add(s, s + len(km.group(1)), "NAME", "a child listed with their age", P_NAME)
    # nicknames in quotes
    for p in idx.at(_C_RELATION):
        qm = _QUOTED_AFTER_RELATION_RE.match(text, p) if word_start_ok(text, p) else None
        if qm is None or any(lex.never_name(w) for w in qm.group(1).split()):
            continue
        c.add(qm.start(1), qm.end(1), "NAME", "a nickname after a relation", P_NAME)
        nm = _NAME_AFTER_NICK_RE.match(text, qm.end() + 1)
        if nm is not None and not any(lex.never_name(w) for w in nm.group(1).split()):
            c.add(nm.start(1), nm.end(1), "NAME", "a name in brackets after a nickname", P_NAME)
    for p in idx.at(_C_EVERYONE):
        cm = _CALLS_RE.match(text, p) if word_start_ok(text, p) else None
        if cm is not None and not lex.never_name(cm.group(1)):
            c.add(cm.start(1), cm.end(1), "NAME", "what everyone calls a person", P_NAME)
    if "(" in text and " call" in c.lower:
        for p in idx.at(_C_EVERYONE):
            wm = _CALLED_AFTER_RE.search(text, max(0, p - 40), p + 40)
            if wm is not None and not lex.never_name(wm.group(1)):
                c.add(wm.start(1), wm.end(1), "NAME", "what everyone calls a person", P_NAME)
    # a run of capitalised words and the age said right after it
    for am in _ages_after_runs(text):
        rm = _RUN_BEFORE_AGE_RE.search(text, max(0, am.start() - 60), am.start())
        if rm is None:
            continue
        words = re.split(r"[ \t-]+", rm.group(1))
        given = words[0].lower() in lex.first_names_all and not lex.never_name(words[0])
        if any(w.lower() in lex.places for w in words):
            continue
        # an everyday word may be a surname after a listed given name ("Philippa Balance, 58")
        # but is never one otherwise; clinical terms, drugs and regions never are
        if _listed_pair_with_age(words, am.group(), lex):
            # (1.14.0) a listed given name and a listed surname before "(age N": a person even
            # when the given name is also a word or a season and the surname an eponym
            c.add(rm.start(1), rm.end(1), "NAME", "a name and the age after it", P_NAME)
            continue
        if any(
            _clinical_or_region(w, lex) or (lex.never_name(w) and not _listed(w, lex) and not given)
            for w in words
        ):
            continue
        if not (given or any(not _everyday_word(w, lex) for w in words)):
            continue
        c.add(rm.start(1), rm.end(1), "NAME", "a name and the age after it", P_NAME)
    # "as per Barnabus Pell", "Nurse Practitioner Kalinda Rees": named as a source or by role
    for p in idx.at(_C_PER):
        pm = _PER_ROLE_RE.match(text, p) if word_start_ok(text, p) else None
        if pm is None:
            continue
        words = re.split(r"[ \t-]+", pm.group(1))
        if any(lex.never_name(w) and not _listed(w, lex) for w in words):
            continue
        if any(w.lower() in lex.places or w.lower() in lex.regions for w in words):
            continue
        if words[0].lower() in lex.first_names_all or not all(
            _everyday_word(w, lex) for w in words
        ):
            c.add(pm.start(1), pm.end(1), "NAME", "a name after a source or a role", P_NAME)
    # "RN Thandiwe": a credential, then one word that is no everyday word
    for p in idx.at(_C_CRED_BEFORE):
        cm2 = _CRED_NAME_RE.match(text, p) if word_start_ok(text, p) else None
        if cm2 is None:
            continue
        w = cm2.group(1).lower()
        if lex.never_name(w) or w in lex.places or (w in lex.frequent and not _listed(w, lex)):
            continue
        c.add(cm2.start(1), cm2.end(1), "NAME", "a name after a credential", P_NAME)
    # "Hi all, Lorcan here from the hub": a writer introducing themselves
    for p in idx.at(_C_HERE):
        q = p - 1
        while q > 0 and text[q] in " \t":
            q -= 1
        if q <= 0 or not text[q].isalpha() or q == p - 1:
            continue  # no word before "here"
        r = q
        while r > 0 and (text[r - 1].isalpha() or text[r - 1] in "'’-"):
            r -= 1
        if not text[r].isupper():
            continue
        hm = _HERE_RE.match(text, r, p + 12)
        if (
            hm is None
            or hm.end(1) > p
            or not _HERE_LEAD_RE.search(text, max(0, hm.start() - 12), hm.start())
        ):
            continue
        w = hm.group(1).lower()
        if not lex.never_name(w) and (w in lex.first_names_all or w not in lex.frequent):
            c.add(hm.start(1), hm.end(1), "NAME", "a writer introducing themselves", P_NAME)
    # "Rosamond K. <rk@example.org>": the display name before an email address
    if "@" in text and "<" in text:
        for p in [m.start() for m in re.finditer("<", text)]:
            dm = next(
                (
                    m
                    for m in _DISPLAY_NAME_RE.finditer(text, max(0, p - 60), p + 66)
                    if text.rfind("<", m.start(), m.end()) == p
                ),
                None,
            )
            if dm is None:
                continue
            words = re.findall(r"[^\W\d_][\w'’-]*", dm.group(1))
            if any(lex.never_name(w) and not _listed(w, lex) for w in words if len(w) > 1):
                continue
            if all(_everyday_word(w, lex) for w in words if len(w) > 1):
                continue  # "Scheduling Team <...>", "Hub Coordinator <...>": a role's address
            c.add(dm.start(1), dm.end(1), "NAME", "the name before an email address", P_NAME)
    # "One of our guys, Miles, has been at the shelter"
    for p in idx.at(_C_APPOSITION):
        ap = _APPOSITION_RE.match(text, p) if word_start_ok(text, p) else None
        if ap is None:
            continue
        words = ap.group(1).split()
        if any(lex.never_name(w) and not _listed(w, lex) for w in words) or any(
            w.lower() in lex.places for w in words
        ):
            continue
        if words[0].lower() in lex.first_names_all or not _everyday_word(words[0], lex):
            c.add(ap.start(1), ap.end(1), "NAME", "a person named after who they are", P_NAME)
    # "known to us as Birdie", "calls herself Birdie"
    for p in idx.at(_C_KNOWN_AS):
        ka = _KNOWN_AS_RE.match(text, p) if word_start_ok(text, p) else None
        if ka is not None and not lex.never_name(ka.group(1)):
            c.add(ka.start(1), ka.end(1), "NAME", "what a person is known as", P_NAME)
    # "presented by Nnamdi", "referred by Solveig Haug": a listed name who did something
    for p in idx.at(_C_DONE_BY):
        db = _DONE_BY_RE.match(text, p) if word_start_ok(text, p) else None
        if db is None:
            continue
        words = re.split(r"[ \t-]+", db.group(1))
        if any(lex.never_name(w) and not _listed(w, lex) for w in words):
            continue
        if any(w.lower() in lex.places or w.lower() in lex.regions for w in words):
            continue
        if words[0].lower() in lex.first_names_all and not _everyday_word(words[0], lex):
            c.add(db.start(1), db.end(1), "NAME", "a person who did something", P_NAME)
    # "can u call Rosamond back?": a listed given name that is no word, called or asked
    for p in idx.at(_C_CALL):
        cm3 = _CALL_NAME_RE.match(text, p) if word_start_ok(text, p) else None
        if cm3 is None:
            continue
        w = cm3.group(1).lower()
        if (
            w in lex.first_names_all
            and w not in lex.wordlike_names
            and not lex.never_name(w)
            and (w not in lex.frequent or w in lex.first_names)
        ):
            c.add(cm3.start(1), cm3.end(1), "NAME", "a person called or asked", P_NAME)
    # "Shelter staff (Ophelia, Tibor)": names listed in brackets, one of them a listed given name
    if "(" in text and "," in text:
        for lm in _PAREN_LIST_RE.finditer(text):
            items = list(re.finditer(_UPW, lm.group(1)))
            words = [i.group().lower() for i in items]
            if any(lex.never_name(w) and w not in lex.first_names_all for w in words):
                continue
            if any(w in lex.places or w in lex.wordlike_names for w in words):
                continue
            if not any(w in lex.first_names_all for w in words):
                continue
            for i in items:
                c.add(
                    lm.start(1) + i.start(), lm.start(1) + i.end(), "NAME", "names listed", P_NAME
                )
    # "Thanks Otis.": a name thanked
    for p in idx.at(_C_THANKS):
        tm = _THANKS_NAME_RE.match(text, p) if word_start_ok(text, p) else None
        if tm is None:
            continue
        w = tm.group(1).lower()
        if w in _NOT_THANKED or (lex.never_name(w) and w not in lex.first_names_all):
            continue
        if w in lex.frequent and w not in lex.first_names_all and w not in lex.wordlike_names:
            continue
        c.add(tm.start(1), tm.end(1), "NAME", "a person thanked", P_NAME)
    # "His cousin Bubba says": a relation, a capitalised word and what people do
    for p in idx.at(_C_KIN_LOWER):
        if not word_start_ok(text, p):
            continue
        rk = _KIN_CAP_ACT_RE.match(text, p)
        if rk is None:
            continue
        w = rk.group(1).lower()
        if w in _NOT_KIN_CAPS or w in _KIN_WORDS or w in lex.drugs or w in lex.clinical:
            continue
        c.add(rk.start(1), rk.end(1), "NAME", "a relation's name before what they do", P_NAME)
    if '("' in text or "(“" in text or '( "' in text:
        for m in _PAREN_NICK_RE.finditer(text):
            rm = _RUN_BEFORE_NICK_RE.search(text, max(0, m.start() - 80), m.start())
            if rm is None:
                continue
            words = re.split(r"[ \t-]+", rm.group(1))
            if any(lex.never_name(w) and not _listed(w, lex) for w in words):
                continue
            if all(w.lower() in lex.frequent and not _listed(w, lex) for w in words):
                continue
            c.add(rm.start(1), rm.end(1), "NAME", "a name before its nickname", P_NAME)
            c.add(m.start(1), m.end(1), "NAME", "a nickname in quotes", P_NAME)
    # initials with periods after a role or a label, and every other mention of them
    for m in scan_at(_INITIALS_CUE_RE, text, idx.at(_C_INITIALS_CUE)):
        letters = re.sub(r"[ \t.]", "", m.group(1))
        if letters not in _NOT_INITIALS and word_start_ok(text, m.start()):
            c.add(m.start(1), m.end(1), "NAME", "initials after a role or label", P_NAME)
    if _DOTTED_PROBE_RE.search(text) is not None:
        for rx in (_INITIALS_LINE_RE, _INITIALS_KIN_RE):
            for im in rx.finditer(text):
                if re.sub(r"[ \t.]", "", im.group(1)) not in _NOT_INITIALS:
                    c.add(im.start(1), im.end(1), "NAME", "initials of a person", P_NAME)
    dotted = {
        text[k.start : k.end]
        for k in c.cands
        if k.kind == "NAME" and k.prio >= P_NAME and _DOTTED_RE.fullmatch(text[k.start : k.end])
    }
    for ini in dotted:
        for m in re.finditer(rf"(?<![\w.]){re.escape(ini)}(?![\w])", text):
            c.add(
                m.start(), m.end(), "NAME", "same initials as elsewhere in this text", P_NAME_WEAK
            )
    # a login handle after "printed ... by"
    for m in scan_at(_ACTION_BY_RE, text, idx.at(_C_ACTION_BY)):
        token = m.group(1).rstrip("._-")
        core = re.sub(r"[\d._-]", "", token)
        if len(core) < 5 or core in lex.frequent or lex.never_name(core):
            continue
        if core in lex.first_names_all or core in lex.surnames_all:
            continue  # a name alone: the name rules decide
        glued = (
            core[1:] in lex.surnames_all
            or core[2:] in lex.surnames_all
            or core[1:-1] in lex.surnames_all  # an initial, a surname, an initial (1.19.0)
        )
        odd_onset = core[0] not in _VOWELS and core[1] not in _VOWELS and core[:2] not in _ONSETS
        if glued or odd_onset or core != token:
            c.add(m.start(1), m.start(1) + len(token), "NAME", "a user name after 'by'", P_NAME)
    _lower_case(c, lex, idx)
    _same_ordinal_days(c)
    # "From: Rosamond K. <rk@...>": a given name found above and the initial of a surname
    if ". " in text or ".<" in text or text.endswith("."):
        for k in list(c.cands):
            if k.kind != "NAME" or k.prio < P_NAME_WEAK or not text[k.start].isupper():
                continue
            sm2 = _SURNAME_INITIAL_RE.match(text, k.end)
            if sm2 is not None and " " not in text[k.start : k.end].strip():
                c.add(k.start, sm2.end(), "NAME", "a name and the initial of a surname", k.prio)


def file_names(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A name and an ISO date inside a file name ("intake_form_Vandermolen_2026-01-02.docx"); run
    after the other name rules, whose handles ("John_Smith_notes.pdf") come first."""
    text = c.text
    if "_" in text:
        for m in _FILE_RE.finditer(text):
            parts = m.group(1).split("_")
            pos = m.start(1)
            doc = False
            run: tuple[int, int] | None = None  # consecutive name parts: "Jane_Quill"
            for i, part in enumerate(parts):
                namey = False
                if _ISO_RE.fullmatch(part):
                    c.add(pos, pos + len(part), "DATE", "a date in a file name", P_DATE)
                elif _TITLE_WORD_RE.fullmatch(part):
                    wl = part.lower()
                    # an unlisted word between a document's kind and a date, not shaped like
                    # an adjective or an abstract noun ("consult_Lumbar_2026-01-02.pdf")
                    plain = (
                        wl not in lex.frequent
                        and not lex.never_name(wl)
                        and not wl.endswith(_WORD_ENDINGS)
                    )
                    everyday = wl in lex.common or wl in lex.clinical or wl in lex.drugs
                    dated = i + 1 < len(parts) and _ISO_RE.fullmatch(parts[i + 1]) is not None
                    namey = (_listed(part, lex) and not everyday) or (doc and plain and dated)
                if namey:
                    run = (run[0] if run else pos, pos + len(part))
                elif run:
                    c.add(run[0], run[1], "NAME", "a name in a file name", P_NAME)
                    run = None
                doc = doc or part.lower() in _DOC_WORDS
                pos += len(part) + 1
            if run:
                c.add(run[0], run[1], "NAME", "a name in a file name", P_NAME)


_ORDINAL_DAY_RE = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)")


def _same_ordinal_days(c: Collector) -> None:
    """A day of the month found as a date ("presenting on the 26th?") is the same date where it
    is said again ("Yes, the 26th works")."""
    text = c.text
    days = {
        text[k.start : k.end]
        for k in c.cands
        if k.kind == "DATE" and _ORDINAL_DAY_RE.fullmatch(text[k.start : k.end])
    }
    for day in days:
        for m in re.finditer(rf"(?<![\w])the[ \t]+({day})(?![\w])", text):
            c.add(m.start(1), m.end(1), "DATE", "same day as elsewhere in this text", P_DATE - 1)


#: (1.9.0) a log entry's author at the end of its heading line: "<date> - <Given> <I>."
_LOG_AUTHOR_RE = re.compile(r"(?m)[-–—][ \t]+([A-ZÀ-Þ][a-zà-ÿ'’-]{2,20}[ \t]+[A-ZÀ-Þ]\.)[ \t]*$")
_LOG_DATE_BEFORE_RE = re.compile(r"\d[^\n]{0,30}[ \t]$")


def log_authors(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``Mon Dec 14 - <Given> <I>.``: a given name and an initial that end a dated heading line,
    when the word is a listed given name or no frequent or never-name word."""
    text = c.text
    if " - " not in text and " – " not in text and " — " not in text:
        return
    for m in _LOG_AUTHOR_RE.finditer(text):
        s0 = m.start()
        if _LOG_DATE_BEFORE_RE.search(text, max(0, s0 - 32), s0) is None:
            continue  # a dated heading: a digit within 30 characters before the dash
        w = m.group(1).split()[0].lower()
        if lex.never_name(w) or w in lex.regions:
            continue
        if w in lex.frequent and w not in lex.first_names_all:
            continue
        c.add(m.start(1), m.end(1), "NAME", "a log entry's author (given name and initial)", P_NAME)
