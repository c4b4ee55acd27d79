"""Similar past cases: the library cases most like a given case (a draft being written, or a
case the hub prepares), by structured features and by text, each with why it matched.

No model is downloaded: the features are compared directly (age band, theme, opioids, MME band,
mental-health and substance-use flags, instruments) and the text through the full-text engine
(the case's most telling words joined by "or", ranked by ts_rank or bm25). Candidates are only
cases `user` may open (services.readable_documents), never the case itself.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from pathlib import Path
from typing import Any

from django.db.models import Case as Choose
from django.db.models import F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from echohub.cases.models import AgeBand, Case, CaseTheme
from echohub.search import backends
from echohub.search.documents import MME_BAND_ORDER, case_features, clean
from echohub.search.glossary import _singular, across_languages, glossary
from echohub.search.models import Kind, SearchDocument
from echohub.search.query import STOPWORDS, fold, parse, wordset

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


#: How many of the draft's words are searched (Lucene's "more like this" takes 25 from a whole
#: document; a case's title, questions and history hold fewer telling ones, and each word more
#: costs a pass over every case holding it).
WORDS = 8
#: Zipf value (wordfreq's scale) given to a word the general list does not hold: rarer than all.
RARE_ZIPF = 3.0


@lru_cache(maxsize=1)
def _general_frequency() -> dict[str, float]:
    """General English and French word frequencies (data/word_frequency.txt, CC BY-SA 4.0)."""
    path = Path(__file__).resolve().parent / "data" / "word_frequency.txt"
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _sep, zipf = line.partition(" ")
            out[word] = float(zipf)
    return out


def _rarity(word: str) -> float:
    """How little a word says in general language (8 - its Zipf value: "about" 1.6,
    "sleep" 3.0, "pregabalin" 5.0), the "inverse document frequency" of a background corpus."""
    return 8.0 - min(_general_frequency().get(word, RARE_ZIPF), 7.5)


def case_words(case: Case, limit: int = WORDS) -> list[str]:
    """The case's most telling words, as "more like this" picks them: how often each is in the
    title, questions and diagnoses (twice) and the history (once), times how rare it is in
    general English and French, so "pregabalin" or "apnea" goes before "including" or "about"."""
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
    order = {w: i for i, w in enumerate(counts)}  # ties: the word met first
    ranked = sorted(counts, key=lambda w: (-counts[w] * _rarity(w), order[w]))
    return ranked[:limit]


def _other_language(word: str) -> list[str]:
    """The one-word terms of the glossary for `word` in the other language, folded
    ("sommeil" -> ["sleep"]), so a French draft meets the English past cases and back."""
    key = (fold(word),)
    known = glossary()
    return [t[0] for t in known.get(key) or known.get(_singular(key)) or () if len(t) == 1]


def _in_common(words: list[str], theirs: set[str]) -> list[str]:
    """The draft's `words` also in `theirs`, as written, or through the glossary as
    "sommeil (sleep)" with the other case's own spelling."""
    spelled = {fold(w): w for w in theirs}
    out = []
    for w in words:
        if w in theirs:
            out.append(w)
            continue
        other = next((spelled[t] for t in _other_language(w) if t in spelled), None)
        if other is not None:
            out.append(f"{w} ({other})")
    return out


def _near(a: str, b: str, order: list[str]) -> bool:
    return a in order and b in order and abs(order.index(a) - order.index(b)) == 1


def _band_label(band: str) -> str:
    return band.replace("-", "–")


def _explain(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[float, list[tuple[str, str]]]:
    """The score of what two cases share, and each reason as (kind, value); `_why` words them
    (only for the rows shown: wording every candidate's reasons cost more than scoring them)."""
    score = 0.0
    why: list[tuple[str, str]] = []
    age_a, age_b = mine.get("age_band") or "", theirs.get("age_band") or ""
    if age_a and age_a == age_b:
        score += WEIGHTS["age_same"]
        why.append(("age", age_a))
    elif _near(age_a, age_b, _AGES):
        score += WEIGHTS["age_near"]
    theme = mine.get("theme") or ""
    if theme and theme == theirs.get("theme") and theme != "other":
        score += WEIGHTS["theme"]
        why.append(("theme", theme))
    shared = sorted(set(mine.get("opioids") or []) & set(theirs.get("opioids") or []))
    if shared:
        score += WEIGHTS["opioid"] * min(len(shared), 2)
        why.append(("drugs", ", ".join(shared)))
    band_a, band_b = mine.get("mme_band") or "", theirs.get("mme_band") or ""
    if band_a and band_a == band_b and band_a != "0":
        score += WEIGHTS["mme_same"]
        why.append(("mme_same", band_a))
    elif _near(band_a, band_b, MME_BAND_ORDER) and "0" not in (band_a, band_b):
        score += WEIGHTS["mme_near"]
        why.append(("mme_near", band_b))
    if mine.get("mental_health") and theirs.get("mental_health"):
        score += WEIGHTS["mental_health"]
        why.append(("mental_health", ""))
    if mine.get("substance_use") and theirs.get("substance_use"):
        score += WEIGHTS["substance_use"]
        why.append(("substance_use", ""))
    instruments = sorted(set(mine.get("instruments") or []) & set(theirs.get("instruments") or []))
    if instruments:
        score += WEIGHTS["instrument"] * min(len(instruments), 2)
        why.append(("instruments", ", ".join(i.upper() for i in instruments)))
    return score, why


def _why(reasons: list[tuple[str, str]]) -> list[str]:
    """The reasons of `_explain` in the reader's language."""
    out = []
    for kind, value in reasons:
        if kind == "age":
            out.append(_("same age band %(band)s") % {"band": dict(AgeBand.choices)[value]})
        elif kind == "theme":
            out.append(_("same theme: %(theme)s") % {"theme": dict(CaseTheme.choices)[value]})
        elif kind == "drugs":
            out.append(_("both on %(drugs)s") % {"drugs": value})
        elif kind == "mme_same":
            out.append(_("same MME band %(band)s") % {"band": _band_label(value)})
        elif kind == "mme_near":
            out.append(_("MME band close: %(band)s") % {"band": _band_label(value)})
        elif kind == "mental_health":
            out.append(_("both with mental-health concerns"))
        elif kind == "substance_use":
            out.append(_("both with substance use"))
        elif kind == "instruments":
            out.append(_("both scored with %(instruments)s") % {"instruments": value})
    return out


def similar_cases(user: Any, case: Case, *, limit: int = 5) -> list[SimilarCase]:
    """The past cases `user` may open most like `case`, best first, each with why."""
    from echohub.search.services import readable, url_of

    meds = [m for m in case.medications.all() if m.follow_up_id is None]
    scores = [s for s in case.scores.all() if s.follow_up_id is None]
    mine = case_features(case, meds, scores)
    allowed = readable(user)
    pool = allowed.rows.filter(kind=Kind.CASE).exclude(case_id=case.pk)
    # Candidates by structure: rows sharing the most facet values with this case, counted
    # from the rows' own facet columns in one pass over the readable cases.
    shared = [Q(themes__contains=f"|{mine['theme']}|")] if mine["theme"] else []
    shared += [Q(drugs__contains=f"|{drug}|") for drug in mine["opioids"]]
    if mine["mme_band"]:
        shared.append(Q(mme_band=mine["mme_band"]))
    shared += [Q(instruments__contains=f"|{i}|") for i in mine["instruments"]]
    structural: dict[int, int] = {}
    if shared:
        agreements = sum(
            (
                Choose(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
                for q in shared
            ),
            start=Value(0, output_field=IntegerField()),
        )
        any_shared = reduce(operator.or_, shared)
        structural = dict(
            pool.filter(any_shared)
            .annotate(n=agreements)
            .order_by("-n", F("dated").desc(nulls_last=True), "-pk")
            .values_list("pk", "n")[:STRUCTURAL_CANDIDATES]
        )
    # Candidates by text: the case's telling words, any of them.
    words = case_words(case)
    text = backends.text_ranks(
        pool,
        # The draft's words in both languages ("sommeil or sleep"), as the search page reads
        # a query through the glossary.
        across_languages(parse(" or ".join(words)))[0],
        limit=TEXT_CANDIDATES,
        scope=allowed.scope(cases_only=True),
        cases_only=True,
    )
    best_text = max(text.values(), default=0.0)
    ids = set(structural) | set(text)
    # Up to 250 candidates: their text (the body is the bulk of a row) is read for the shown
    # rows only, below.
    docs = (
        SearchDocument.objects.filter(pk__in=ids)
        .select_related("program")
        .only("pk", "case_id", "object_id", "kind", "title", "summary", "features", "program__slug")
    )
    scored = []
    for doc in docs:
        score, reasons = _explain(mine, doc.features or {})
        if doc.pk in text and best_text > 0:
            score += TEXT_WEIGHT * text[doc.pk] / best_text
        if score >= MIN_SCORE:
            scored.append((score, doc.case_id or doc.object_id, doc, reasons))
    # Best first; the words in common are read only for the rows shown (reading every
    # candidate's text costs more than the rest of the call).
    scored.sort(key=lambda item: (-item[0], -item[1]))
    out: list[SimilarCase] = []
    word_set = set(words)
    likely = [d.pk for _s, _c, d, _w in scored if d.pk in text][: limit * 2]
    bodies = dict(SearchDocument.objects.filter(pk__in=likely).values_list("pk", "body"))
    for score, case_id, doc, reasons in scored:
        if len(out) >= limit:
            break
        why = _why(reasons)
        if doc.pk in text and best_text > 0:
            if doc.pk not in bodies:  # past the first rows read: one more read, rarely
                bodies[doc.pk] = (
                    SearchDocument.objects.filter(pk=doc.pk).values_list("body", flat=True).first()
                    or ""
                )
            theirs = set(_words(f"{doc.title} {doc.summary} {bodies[doc.pk]}"))
            common = _in_common([w for w in words if w in word_set], theirs)[:4]
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
