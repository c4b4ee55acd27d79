"""Print echohub's phi scanner score on phi-dev with misses and false positives (a dev aid)."""

from __future__ import annotations

import sys
from pathlib import Path

from phi.evaluation import FORMATTED_KINDS, load_corpus, phi_detect, score

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "phi-dev"


def main() -> int:
    docs = load_corpus(CORPUS)
    s = score(docs, phi_detect)
    print(
        f"recall {s.recall:.3f} ({s.gold_caught}/{s.gold_total})  precision {s.precision:.3f} "
        f"({s.findings_touching}/{s.findings})  clean flagged {s.clean_docs_flagged}/{s.clean_docs}"
        f"  formatted {s.group_recall(FORMATTED_KINDS):.3f}"
    )
    for k in sorted(s.by_kind_total):
        print(
            f"  {k:<14} {s.kind_recall(k):.3f} ({s.by_kind_caught.get(k, 0)}/{s.by_kind_total[k]})"
        )
    if "-v" in sys.argv:
        print("MISSES")
        for name, g, t in s.misses:
            print(f"  {name} {g[2]:<13} {t!r}")
        print("FALSE POSITIVES")
        for name, f, t in s.false_positives:
            print(f"  {name} {f[2]:<13} {t!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
