"""Similar past cases: the library cases most like a given case (a draft being written, or a
case the hub prepares), by structured features and by text, each with why it matched.

No model is downloaded: the features are compared directly (age band, theme, opioids, MME band,
mental-health and substance-use flags, instruments) and the text through the full-text engine
(the case's most telling words joined by "or", ranked by ts_rank or bm25). Candidates are only
cases `user` may open (services.readable_documents), never the case itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from echohub.cases.models import AgeBand, Case, CaseTheme
from echohub.search import backends
from echohub.search.documents import MME_BAND_ORDER, case_features, clean
from echohub.search.models import Kind, SearchDocument, SearchFacet
from echohub.search.query import STOPWORDS, parse, wordset

#: Score of each kind of agreement (the text's best match counts TEXT_WEIGHT).
WEIGHTS = {
    "age_same": 1.0,
    "age_near": 0.4,
    "theme": 2.0,
    "opioid": 1.5,
    "mme_same": 2.0,
    "mme_near": 0.5,
    "mental_health": 1.0,
    "substance_use": 1.0,
    "instrument": 0.5,
}
TEXT_WEIGHT = 3.0
#: A case must score at least this to be shown (one strong agreement, or several weak ones).
MIN_SCORE = 1.5
STRUCTURAL_CANDIDATES = 200
TEXT_CANDIDATES = 50
#: Words too common in this library's cases to tell them apart.
COMMON = wordset(
    "pain patient patients chronic opioid opioids dose doses day daily years year months "
    "current currently also would like hub can how should she her his him they them their "
    "woman women man men person long term after before approach keep keeping help asking "
    "asks while wishing want wants "
    "douleur patiente femme homme"
)
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_AGES = [value for value, _label in AgeBand.choices]


@dataclass
class SimilarCase:
    case_id: int
    title: str
    summary: str
    url: str
    program_slug: str
    score: float
    why: list[str] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return [
        w
        for w in (m.lower() for m in _WORD.findall(text))
        if w not in STOPWORDS and w not in COMMON
    ]


def case_words(case: Case, limit: int = 12) -> list[str]:
    """The case's most telling words: from its title, questions and diagnoses first."""
    strong = " ".join(clean(getattr(case, f)) for f in ("title", "questions", "working_diagnoses"))
    weak = " ".join(
        clean(getattr(case, f))
        for f in ("pain_locations", "mental_health", "substance_use", "function", "patient_goals")
    )
    counts: Counter[str] = Counter()
    for w in _words(strong):
        counts[w] += 2
    for w in _words(weak):
        counts[w] += 1
    return [w for w, _n in counts.most_common(limit)]


def _near(a: str, b: str, order: list[str]) -> bool:
    return a in order and b in order and abs(order.index(a) - order.index(b)) == 1


def _band_label(band: str) -> str:
    return band.replace("-", "–")


def _explain(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[float, list[str]]:
    score = 0.0
    why: list[str] = []
    age_a, age_b = mine.get("age_band") or "", theirs.get("age_band") or ""
    if age_a and age_a == age_b:
        score += WEIGHTS["age_same"]
        why.append(_("same age band %(band)s") % {"band": dict(AgeBand.choices)[age_a]})
    elif _near(age_a, age_b, _AGES):
        score += WEIGHTS["age_near"]
    theme = mine.get("theme") or ""
    if theme and theme == theirs.get("theme") and theme != "other":
        score += WEIGHTS["theme"]
        why.append(_("same theme: %(theme)s") % {"theme": dict(CaseTheme.choices)[theme]})
    shared = sorted(set(mine.get("opioids") or []) & set(theirs.get("opioids") or []))
    if shared:
        score += WEIGHTS["opioid"] * min(len(shared), 2)
        why.append(_("both on %(drugs)s") % {"drugs": ", ".join(shared)})
    band_a, band_b = mine.get("mme_band") or "", theirs.get("mme_band") or ""
    if band_a and band_a == band_b and band_a != "0":
        score += WEIGHTS["mme_same"]
        why.append(_("same MME band %(band)s") % {"band": _band_label(band_a)})
    elif _near(band_a, band_b, MME_BAND_ORDER) and "0" not in (band_a, band_b):
        score += WEIGHTS["mme_near"]
        why.append(_("MME band close: %(band)s") % {"band": _band_label(band_b)})
    if mine.get("mental_health") and theirs.get("mental_health"):
        score += WEIGHTS["mental_health"]
        why.append(_("both with mental-health concerns"))
    if mine.get("substance_use") and theirs.get("substance_use"):
        score += WEIGHTS["substance_use"]
        why.append(_("both with substance use"))
    instruments = sorted(set(mine.get("instruments") or []) & set(theirs.get("instruments") or []))
    if instruments:
        score += WEIGHTS["instrument"] * min(len(instruments), 2)
        why.append(
            _("both scored with %(instruments)s")
            % {"instruments": ", ".join(i.upper() for i in instruments)}
        )
    return score, why


def similar_cases(user: Any, case: Case, *, limit: int = 5) -> list[SimilarCase]:
    """The past cases `user` may open most like `case`, best first, each with why."""
    from echohub.search.services import readable_documents, url_of

    meds = [m for m in case.medications.all() if m.follow_up_id is None]
    scores = [s for s in case.scores.all() if s.follow_up_id is None]
    mine = case_features(case, meds, scores)
    pool = readable_documents(user).filter(kind=Kind.CASE).exclude(case_id=case.pk)
    # Candidates by structure: rows sharing the most facet values with this case.
    pairs = Q(name="theme", value=mine["theme"]) if mine["theme"] else Q()
    for drug in mine["opioids"]:
        pairs |= Q(name="drug", value=drug)
    if mine["mme_band"]:
        pairs |= Q(name="mme", value=mine["mme_band"])
    for instrument in mine["instruments"]:
        pairs |= Q(name="instrument", value=instrument)
    structural: dict[int, int] = {}
    if pairs:
        structural = dict(
            SearchFacet.objects.filter(pairs, document_id__in=pool.values("pk"))
            .values_list("document_id")
            .annotate(n=Count("id"))
            .order_by("-n")[:STRUCTURAL_CANDIDATES]
        )
    # Candidates by text: the case's telling words, any of them.
    words = case_words(case)
    text = backends.text_ranks(pool, parse(" or ".join(words)), limit=TEXT_CANDIDATES)
    best_text = max(text.values(), default=0.0)
    ids = set(structural) | set(text)
    docs = SearchDocument.objects.filter(pk__in=ids).select_related("program").defer("vector")
    scored = []
    for doc in docs:
        score, why = _explain(mine, doc.features or {})
        if doc.pk in text and best_text > 0:
            score += TEXT_WEIGHT * text[doc.pk] / best_text
        if score >= MIN_SCORE:
            scored.append((score, doc.case_id or doc.object_id, doc, why))
    # Best first; the words in common are read only for the rows shown (reading every
    # candidate's text costs more than the rest of the call).
    scored.sort(key=lambda item: (-item[0], -item[1]))
    out: list[SimilarCase] = []
    word_set = set(words)
    for score, case_id, doc, why in scored:
        if len(out) >= limit:
            break
        if doc.pk in text and best_text > 0:
            theirs = set(_words(f"{doc.title} {doc.summary} {doc.body}"))
            common = [w for w in words if w in theirs and w in word_set][:4]
            if common:
                why.append(_("words in common: %(words)s") % {"words": ", ".join(common)})
        if not why:
            continue
        slug = doc.program.slug if doc.program else ""
        out.append(
            SimilarCase(
                case_id=case_id,
                title=doc.title,
                summary=doc.summary[:300],
                url=url_of(doc, slug),
                program_slug=slug,
                score=round(score, 3),
                why=why,
            )
        )
    return out


def audit_similar(user: Any, shown: list[SimilarCase], view: str) -> None:
    """The panel shows case titles and questions: one `case.list_read` entry per program."""
    from echohub.core import audit
    from echohub.programs.models import Program

    if not shown:
        return
    by_slug: dict[str, list[int]] = {}
    for s in shown:
        by_slug.setdefault(s.program_slug, []).append(s.case_id)
    ids = dict(Program.objects.filter(slug__in=by_slug).values_list("slug", "pk"))
    audit.record_reads(
        actor=user,
        action="case.list_read",
        object_type=Case._meta.label_lower,
        ids=[],
        view=view,
        by_program={ids.get(slug): v for slug, v in by_slug.items()},
    )
