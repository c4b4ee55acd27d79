"""What each searchable thing looks like in the index: its title, weighted texts, language and
facets. Pure reading: builds `Doc` values from model instances, writes nothing.

Only what a reader of the thing's page sees is indexed: a past case's de-identified text (it
passed the identifier check before anyone but its author saw it), never its presenter's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from echohub.cases.models import DISCIPLINE_OF_PROFESSION, Case, CaseScore, Recommendation

#: Characters the index keeps for its highlight marks (ts_headline / snippet()): removed from
#: indexed text, so nothing typed by anyone can open or close a mark.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

#: MME/day bands (the guideposts of the 2017 Canadian guideline and CDC 2022).
MME_BANDS = (
    ("0", Decimal(0), Decimal(1)),
    ("1-49", Decimal(1), Decimal(50)),
    ("50-89", Decimal(50), Decimal(90)),
    ("90-199", Decimal(90), Decimal(200)),
    ("200+", Decimal(200), None),
)
MME_BAND_ORDER = [name for name, _low, _high in MME_BANDS]


# Words that say which language a text is in (frequent, short, unambiguous between the two).
def wordset(text: str) -> frozenset[str]:
    """The words of `text` (a word list kept as a paragraph)."""
    return frozenset(text.split())


_FR_WORDS = wordset(
    "le la les des du une est et pour avec dans sur au aux ne pas qui que ses son sa cette "
    "chez depuis mais plus douleur patiente patient sommeil"
)
_EN_WORDS = wordset(
    "the a an of and is for with in on at to not who that his her this since but more pain "
    "sleep she he"
)
_WORD = re.compile(r"\w+", re.UNICODE)
_NEGATIVE = frozenset({"", "none", "no", "nil", "n/a", "na", "aucun", "aucune", "non", "-"})


@dataclass
class Doc:
    kind: str
    object_id: int
    program_id: int | None
    title: str
    summary: str = ""
    other_title: str = ""
    body: str = ""
    language: str = "en"
    case_id: int | None = None
    themes: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    mme_band: str = ""
    presenter_profession: str = ""
    year: int | None = None
    dated: Any = None
    features: dict[str, Any] = field(default_factory=dict)


def clean(text: str) -> str:
    """Text as indexed: no NUL (PostgreSQL refuses it), no highlight-mark characters."""
    return (text or "").replace("\x00", " ").replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def detect_language(text: str, default: str = "en") -> str:
    """ "fr" or "en" by counting frequent words of each language; `default` when undecided."""
    fr = en = 0
    for word in _WORD.findall(text.lower()[:5000]):
        if word in _FR_WORDS:
            fr += 1
        elif word in _EN_WORDS:
            en += 1
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return default


def program_language(program: Any) -> str:
    langs = str(getattr(program, "content_languages", "") or "en")
    return "fr" if langs.startswith("fr") else "en"


def mme_band(total: Decimal | None) -> str:
    if total is None:
        return ""
    for name, low, high in MME_BANDS:
        if total >= low and (high is None or total < high):
            return name
    return ""


def drug_names(names: list[str]) -> list[str]:
    """Canonical generic names (clinical.drugs) of medication rows; an unknown name as typed,
    lower case, so "Dilaudid" and "hydromorphone" are one drug."""
    from clinical.drugs import read_drug_name

    out: set[str] = set()
    for name in names:
        text = (name or "").strip().lower()
        if not text:
            continue
        try:
            read = read_drug_name(text)
        except Exception:  # an unreadable name is kept as typed, never fatal
            read = None
        found = set(read.mentions) if read is not None else set()
        if read is not None and read.drug:
            found.add(read.drug)
        out.update(found or {text[:60]})
    return sorted(out)


def _flag(text: str) -> bool:
    return text.strip().strip(".").lower() not in _NEGATIVE


def case_features(case: Case, meds: list[Any], scores: list[CaseScore]) -> dict[str, Any]:
    """The structured features similar cases compare (similar.py)."""
    from clinical.drugs import OPIOIDS

    drugs = drug_names([m.drug for m in meds])
    oud = any(getattr(m, "purpose", "") == "oud" for m in meds)
    return {
        "age_band": case.age_band,
        "theme": case.theme,
        "opioids": [d for d in drugs if d in OPIOIDS],
        "mme": float(case.mme_total) if case.mme_total is not None else None,
        "mme_band": mme_band(case.mme_total),
        "mental_health": case.theme == "mental_health" or _flag(case.mental_health),
        "substance_use": case.theme == "substance_use" or oud or _flag(case.substance_use),
        "instruments": sorted({s.instrument.lower() for s in scores}),
        "pain_type": case.pain_type,
    }


CASE_SUMMARY_FIELDS = ("questions", "working_diagnoses", "recommendations_summary")
CASE_BODY_FIELDS = (
    "pain_locations",
    "function",
    "treatments_pharmacological",
    "treatments_physical",
    "treatments_psychological",
    "treatments_interventional",
    "mental_health",
    "substance_use",
    "social_context",
    "patient_goals",
)


def case_doc(case: Case) -> Doc:
    """A past case: title A; questions, diagnoses and the recommendations' summary B; the rest
    of its text, its medications and follow-ups C."""
    meds = [m for m in case.medications.all() if m.follow_up_id is None]
    scores = [s for s in case.scores.all() if s.follow_up_id is None]
    follow_ups = list(case.follow_ups.all())
    summary = "\n".join(clean(getattr(case, f)) for f in CASE_SUMMARY_FIELDS if getattr(case, f))
    body_parts = [clean(getattr(case, f)) for f in CASE_BODY_FIELDS if getattr(case, f)]
    body_parts += [clean(f"{m.drug} {m.formulation}".strip()) for m in meds]
    body_parts += [clean(fu.what_changed) for fu in follow_ups if fu.what_changed]
    body = "\n".join(body_parts)
    title = clean(case.title) or str(case)
    features = case_features(case, meds, scores)
    when = case.sent_at or case.presented_at or case.updated_at
    return Doc(
        kind="case",
        object_id=case.pk,
        case_id=case.pk,
        program_id=case.program_id,
        title=title[:300],
        summary=summary,
        body=body,
        language=detect_language(f"{title} {summary} {body}", program_language(case.program)),
        themes=[case.theme] if case.theme else [],
        drugs=drug_names([m.drug for m in meds]),
        instruments=features["instruments"],
        mme_band=features["mme_band"],
        # Not the presenter's profession: in a small program it would point at one person
        # for readers who may not see the presenter's name (a shared library).
        presenter_profession="",
        year=when.year if when else None,
        dated=when,
        features=features,
    )


def recommendation_doc(rec: Recommendation, case_doc_: Doc) -> Doc:
    """One discipline's recommendations: the discipline A, the text B, the case's title C; the
    case's facets (a search for hydromorphone finds the advice given on such cases)."""
    text = clean(rec.text)
    return Doc(
        kind="recommendation",
        object_id=rec.pk,
        case_id=rec.case_id,
        program_id=case_doc_.program_id,
        # The discipline is the title (weight A); the case's title only weighs C, so a search
        # for a case's words ranks the case above each discipline's advice on it.
        title=str(rec.get_discipline_display())[:300],
        summary=text,
        body=case_doc_.title,
        language=detect_language(text, case_doc_.language),
        themes=case_doc_.themes,
        drugs=case_doc_.drugs,
        instruments=case_doc_.instruments,
        mme_band=case_doc_.mme_band,
        presenter_profession=rec.discipline,
        year=case_doc_.year,
        dated=case_doc_.dated,
        features={"case_title": case_doc_.title},
    )


def _tags(obj: Any) -> list[str]:
    return [t.name for t in obj.tags.all()]


#: A free tag kept beside the fixed themes in `themes` ("#opioids"): the search lists the two
#: as separate filters (Theme and Tag), tags in lower case so "MME" and "mme" are one.
TAG_PREFIX = "#"


def _themes_and_tags(theme: str, tags: list[str]) -> list[str]:
    free = sorted({TAG_PREFIX + t.strip().lower() for t in tags if t.strip()})
    return ([theme] if theme else []) + free


#: A presenter's profession as the discipline of the recommendations (cases.Discipline), so
#: the Profession filter lists one vocabulary; a profession with no discipline stays as it is.
#: The one table of cases.models, read by the case page and the live console too.
PROFESSION_DISCIPLINE = DISCIPLINE_OF_PROFESSION


def discipline_of(profession: str) -> str:
    return str(PROFESSION_DISCIPLINE.get(profession, profession))


def talk_doc(talk: Any) -> Doc:
    tags = _tags(talk)
    presenter = talk.presenter_display if hasattr(talk, "presenter_display") else ""
    profession = getattr(getattr(talk, "presenter", None), "profession", "") or ""
    summary = clean(talk.learning_objectives)
    body = "\n".join(x for x in (clean(talk.key_points), ", ".join(tags), clean(presenter)) if x)
    title = clean(talk.title)
    return Doc(
        kind="talk",
        object_id=talk.pk,
        program_id=talk.program_id,
        title=title[:300],
        other_title=clean(getattr(talk, "title_fr", ""))[:300],
        summary=summary,
        body=body,
        language=detect_language(f"{title} {summary} {body}", program_language(talk.program)),
        themes=_themes_and_tags(talk.theme, tags),
        presenter_profession=discipline_of(profession),
        year=talk.given_on.year if talk.given_on else None,
        dated=talk.given_on,
    )


def tool_doc(tool: Any) -> Doc:
    tags = _tags(tool)
    summary = clean(tool.description)
    body = "\n".join(x for x in (clean(tool.source), ", ".join(tags)) if x)
    title = clean(tool.title)
    program = tool.program
    default = program_language(program) if program is not None else "en"
    when = tool.checked_on or tool.updated_at
    return Doc(
        kind="tool",
        object_id=tool.pk,
        program_id=tool.program_id,
        title=title[:300],
        other_title=clean(getattr(tool, "title_fr", ""))[:300],
        summary=summary,
        body=body,
        language=detect_language(f"{title} {summary} {body}", default),
        themes=_themes_and_tags(tool.theme, tags),
        year=when.year if when else None,
        dated=when,
    )
