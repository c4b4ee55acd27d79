"""Judged relevance of the library search (issue 15): a set of queries with graded answers over
the demo library (bench/search_relevance.json), and the measures the benchmark reports.

Each judged item is named by a stable key, never a database id: `<type>:<title as shown>`
(e.g. `talk:Opioid tapering: when and how`, `recommendation:Pharmacy: <the case's title>`).
Two demo rows may share a key (the demo has cases with the same title): they are one item, and
a copy found again further down the list earns nothing more.

Measures, over the first `DEPTH` results of `services.search` as one searcher:
- MRR: the mean of 1 / rank of the first result graded 2 or more (0 when none in the list);
- nDCG@10 with gains 2^grade - 1 against the ideal order of the judged items;
- known-item-first rate: of the queries marked `known_item`, the share whose first result is
  the item graded highest.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEPTH = 10
#: A judged item counts as an answer (for MRR) from this grade: 3 exact, 2 relevant,
#: 1 partly relevant.
ANSWER_GRADE = 2
DEFAULT_FILE = Path(__file__).resolve().parents[3] / "bench" / "search_relevance.json"
KINDS = ("talk", "tool", "case", "recommendation")


@dataclass
class Judged:
    query: str
    language: str
    known_item: bool
    grades: dict[str, int]
    facets: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass
class Outcome:
    judged: Judged
    keys: list[str]
    reciprocal_rank: float
    ndcg: float
    first_is_known: bool | None


class RelevanceFileError(ValueError):
    pass


def load(path: Path | str = DEFAULT_FILE) -> list[Judged]:
    """The judged queries of `path`; raises RelevanceFileError on anything malformed."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RelevanceFileError(f"cannot read {path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("queries"), list):
        raise RelevanceFileError('expected {"queries": [...]}')
    out = []
    for n, item in enumerate(raw["queries"], start=1):
        if not isinstance(item, dict):
            raise RelevanceFileError(f"query {n}: not an object")
        query = item.get("query")
        language = item.get("language", "en")
        judged = item.get("relevant")
        if not isinstance(query, str) or not query.strip():
            raise RelevanceFileError(f"query {n}: no query text")
        if language not in ("en", "fr"):
            raise RelevanceFileError(f"query {n}: language must be en or fr")
        if not isinstance(judged, dict) or not judged:
            raise RelevanceFileError(f"query {n}: no judged items")
        grades = {}
        for key, grade in judged.items():
            kind, _sep, title = str(key).partition(":")
            if kind not in KINDS or not title:
                raise RelevanceFileError(f"query {n}: bad key {key!r}")
            if grade not in (1, 2, 3):
                raise RelevanceFileError(f"query {n}: grade of {key!r} must be 1, 2 or 3")
            grades[key] = grade
        known = bool(item.get("known_item", False))
        if known and max(grades.values()) < 3:
            raise RelevanceFileError(f"query {n}: a known-item query needs an item graded 3")
        facets = item.get("facets", {})
        if not isinstance(facets, dict):
            raise RelevanceFileError(f"query {n}: facets must be an object")
        out.append(Judged(query, language, known, grades, facets, str(item.get("note", ""))))
    return out


def key_of(kind: str, title: str) -> str:
    return f"{kind}:{title}"


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def score(judged: Judged, keys: list[str]) -> Outcome:
    """The measures of one query from the keys of its results, best first."""
    seen: set[str] = set()
    gains = []
    reciprocal = 0.0
    for rank, key in enumerate(keys[:DEPTH], start=1):
        grade = judged.grades.get(key, 0) if key not in seen else 0
        seen.add(key)
        gains.append(2.0**grade - 1)
        if not reciprocal and grade >= ANSWER_GRADE:
            reciprocal = 1.0 / rank
    ideal = dcg(sorted((2.0**g - 1 for g in judged.grades.values()), reverse=True)[:DEPTH])
    ndcg = dcg(gains) / ideal if ideal else 0.0
    first = None
    if judged.known_item:
        best = max(judged.grades.values())
        first = bool(keys) and judged.grades.get(keys[0], 0) == best
    return Outcome(judged, keys[:DEPTH], reciprocal, ndcg, first)


def evaluate(user: Any, judged: list[Judged], *, here: str = "") -> list[Outcome]:
    """Run every judged query through `services.search` as `user` and score it."""
    from echohub.search.services import search

    outcomes = []
    for j in judged:
        results = search(user, j.query, j.facets, per_page=DEPTH, here=here)
        keys = [key_of(h.kind, h.title) for h in results.hits]
        outcomes.append(score(j, keys))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    known = [o for o in outcomes if o.first_is_known is not None]
    n = len(outcomes) or 1
    return {
        "queries": len(outcomes),
        "known_item_queries": len(known),
        "mrr": round(sum(o.reciprocal_rank for o in outcomes) / n, 3),
        "ndcg10": round(sum(o.ndcg for o in outcomes) / n, 3),
        "known_item_first": round(
            sum(bool(o.first_is_known) for o in known) / (len(known) or 1), 3
        ),
        "missed_known": [o.judged.query for o in known if not o.first_is_known],
    }


def demo_keys() -> set[str]:
    """The keys of every row in the index (to check that each judged item exists)."""
    from echohub.search.models import SearchDocument
    from echohub.search.services import display_title

    return {key_of(d.kind, display_title(d)) for d in SearchDocument.objects.all()}


def demo_searcher() -> Any:
    """The demo's searcher: the first program's coordinator, who reads its whole library and
    the second program's shared one."""
    from echohub.programs.models import Membership, Program, Role

    program = Program.objects.order_by("pk").first()
    m = (
        Membership.objects.filter(program=program, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return m.user if m else None
