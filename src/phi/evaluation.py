"""Scoring against a gold corpus (the phi-dev README's rule), shared by the benchmark and tests.

A gold span is *caught* when the findings of its document, of any kind, cover at least 90% of its
letters and digits. A finding is a *false positive* when it shares no character with any gold
span. Clean documents (no gold spans) should get no findings at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int, str]  # start, end, kind

FORMATTED_KINDS = (
    "HEALTH_NUMBER",
    "SIN",
    "SSN",
    "PHONE",
    "EMAIL",
    "POSTAL_CODE",
    "URL",
    "IP",
)


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: tuple[Span, ...]


@dataclass
class Score:
    gold_total: int = 0
    gold_caught: int = 0
    by_kind_total: dict[str, int] = field(default_factory=dict)
    by_kind_caught: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    findings_touching: int = 0
    clean_docs: int = 0
    clean_docs_flagged: int = 0
    misses: list[tuple[str, Span, str]] = field(default_factory=list)
    false_positives: list[tuple[str, Span, str]] = field(default_factory=list)
    # findings by the kind the detector gave them, and how many of those touch a gold span
    by_found_kind: dict[str, int] = field(default_factory=dict)
    by_found_kind_touching: dict[str, int] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.gold_caught / self.gold_total if self.gold_total else 1.0

    @property
    def precision(self) -> float:
        return self.findings_touching / self.findings if self.findings else 1.0

    def kind_recall(self, kind: str) -> float:
        total = self.by_kind_total.get(kind, 0)
        return self.by_kind_caught.get(kind, 0) / total if total else 1.0

    def kind_precision(self, kind: str) -> float:
        """Of the findings given this kind, the share that touch a gold span (of any kind)."""
        total = self.by_found_kind.get(kind, 0)
        return self.by_found_kind_touching.get(kind, 0) / total if total else 1.0

    def group_recall(self, kinds: Iterable[str]) -> float:
        kinds = list(kinds)
        total = sum(self.by_kind_total.get(k, 0) for k in kinds)
        caught = sum(self.by_kind_caught.get(k, 0) for k in kinds)
        return caught / total if total else 1.0

    @property
    def clean_ok_fraction(self) -> float:
        if not self.clean_docs:
            return 1.0
        return (self.clean_docs - self.clean_docs_flagged) / self.clean_docs


def load_corpus(directory: Path) -> list[Document]:
    """Documents listed in ``gold.jsonl`` with their plain text."""
    docs: list[Document] = []
    with (directory / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = (directory / rec["file"]).read_text(encoding="utf-8")
            spans = tuple((s["start"], s["end"], s["kind"]) for s in rec["spans"])
            docs.append(Document(rec["file"], text, spans))
    return docs


_MARK = re.compile(r"\[\[([A-Z_]+):(.*?)\]\]")


def parse_marked(source: str, name: str) -> Document:
    """A document written with the corpus sources' inline markup ``[[KIND:text]]``."""
    plain: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(source):
        before = source[pos : m.start()]
        plain.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(2)), m.group(1)))
        plain.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    plain.append(source[pos:])
    return Document(name, "".join(plain), tuple(spans))


def load_marked(directory: Path) -> list[Document]:
    """Every ``*.txt`` in ``directory``, parsed with :func:`parse_marked`."""
    return [
        parse_marked(p.read_text(encoding="utf-8"), p.name) for p in sorted(directory.glob("*.txt"))
    ]


def caught(gold: Span, findings: list[Span], text: str) -> bool:
    idx = [i for i in range(gold[0], gold[1]) if text[i].isalnum()]
    hit = sum(any(f[0] <= i < f[1] for f in findings) for i in idx)
    return hit >= 0.9 * len(idx)


def touches(finding: Span, golds: Iterable[Span]) -> bool:
    return any(finding[0] < g[1] and g[0] < finding[1] for g in golds)


def score(docs: Iterable[Document], detect: Callable[[str], list[Span]]) -> Score:
    """Score ``detect`` (text -> spans) on ``docs``."""
    result = Score()
    for doc in docs:
        found = detect(doc.text)
        for g in doc.gold:
            result.gold_total += 1
            result.by_kind_total[g[2]] = result.by_kind_total.get(g[2], 0) + 1
            if caught(g, found, doc.text):
                result.gold_caught += 1
                result.by_kind_caught[g[2]] = result.by_kind_caught.get(g[2], 0) + 1
            else:
                result.misses.append((doc.name, g, doc.text[g[0] : g[1]]))
        for f in found:
            result.findings += 1
            result.by_found_kind[f[2]] = result.by_found_kind.get(f[2], 0) + 1
            if touches(f, doc.gold):
                result.findings_touching += 1
                result.by_found_kind_touching[f[2]] = result.by_found_kind_touching.get(f[2], 0) + 1
            else:
                result.false_positives.append((doc.name, f, doc.text[f[0] : f[1]]))
        if not doc.gold:
            result.clean_docs += 1
            if found:
                result.clean_docs_flagged += 1
    return result


def phi_detect(text: str) -> list[Span]:
    from phi.scanner import scan

    return [(f.start, f.end, f.kind) for f in scan(text)]


def report(
    docs: list[Document],
    *,
    kinds: Iterable[str],
    styles: dict[str, str] | None = None,
    french: Iterable[str] = (),
    detect: Callable[[str], list[Span]] = phi_detect,
) -> Score:
    """Print a held-out set's figures (tests/phi/test_heldout*.py `measure()`): recall and
    precision, recall by kind and by style (a file name's first letter), over the French notes,
    the findings on the clean notes (no gold span), then the misses and false positives."""
    result = score(docs, detect)
    print(f"recall {result.recall:.3f} ({result.gold_caught}/{result.gold_total})")
    print(f"precision {result.precision:.3f} ({result.findings_touching}/{result.findings})")
    print(f"formatted kinds recall {result.group_recall(FORMATTED_KINDS):.3f}")
    for kind in sorted(kinds):
        print(f"  {kind:<14} {result.group_recall([kind]):.3f}")
    for style, what in (styles or {}).items():
        marked = [d for d in docs if d.name[0] == style and d.gold]
        if marked:
            s = score(marked, detect)
            print(f"  style {style} ({what}): {s.recall:.3f} ({s.gold_caught}/{s.gold_total})")
    french_names = set(french)
    if french_names:
        s = score([d for d in docs if d.name in french_names and d.gold], detect)
        print(f"  French notes: {s.recall:.3f} ({s.gold_caught}/{s.gold_total})")
    clean = {d.name for d in docs if not d.gold}
    on_clean = [t for name, _f, t in result.false_positives if name in clean]
    print(f"findings on clean notes: {len(on_clean)} {on_clean}")
    print("misses:", result.misses)
    print("false positives:", result.false_positives)
    return result
