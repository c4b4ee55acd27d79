"""Print echohub's phi scanner score on phi-dev and phi-dev-2 with misses and false positives.

A development aid: ``.venv/bin/python bench/phi_eval.py [-v] [--set phi-dev-2] [--kind NAME]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from phi.evaluation import FORMATTED_KINDS, load_corpus, phi_detect, score

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", action="store_true")
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--kind")
    args = parser.parse_args()
    for name in args.sets or ["phi-dev", "phi-dev-2"]:
        docs = load_corpus(DATA / name)
        s = score(docs, phi_detect)
        fp_clean = sum(1 for d, _f, _t in s.false_positives if not _gold_of(docs, d))
        print(
            f"{name}: recall {s.recall:.3f} ({s.gold_caught}/{s.gold_total})  precision "
            f"{s.precision:.3f} ({s.findings_touching}/{s.findings})  clean flagged "
            f"{s.clean_docs_flagged}/{s.clean_docs} ({fp_clean} findings)  formatted "
            f"{s.group_recall(FORMATTED_KINDS):.3f}"
        )
        for k in sorted(s.by_kind_total):
            print(
                f"  {k:<14} {s.kind_recall(k):.3f} "
                f"({s.by_kind_caught.get(k, 0)}/{s.by_kind_total[k]})"
            )
        if args.v:
            print("MISSES")
            for doc, g, t in s.misses:
                if not args.kind or g[2] == args.kind:
                    print(f"  {doc} {g[2]:<13} {t!r}")
            print("FALSE POSITIVES")
            for doc, f, t in s.false_positives:
                print(f"  {doc} {f[2]:<13} {t!r}")
    return 0


def _gold_of(docs: list, name: str) -> bool:
    return any(d.gold for d in docs if d.name == name)


if __name__ == "__main__":
    sys.exit(main())
