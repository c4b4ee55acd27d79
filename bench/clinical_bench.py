"""Throughput of the clinical package: MME rows and instrument scores per second, one core.

    .venv/bin/python bench/clinical_bench.py [--rows 200000] [--no-doc]

Writes its table into docs/benchmarks.md between the clinical markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from clinical import calculate_mme, score_instrument
from clinical.regimen import plan_regimen_taper

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- clinical:begin -->", "<!-- clinical:end -->"
DRUGS = [
    {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4},
    {"drug": "hydromorphone", "dose": 2, "unit": "mg", "times_per_day": 6, "as_needed": True},
    {
        "drug": "morphine",
        "formulation": "extended-release",
        "dose": 30,
        "unit": "mg",
        "times_per_day": 2,
    },
    {"drug": "fentanyl", "formulation": "transdermal", "dose": 25, "unit": "mcg/h"},
    {"drug": "tramadol", "dose": 50, "unit": "mg", "frequency": "q6h"},
    {"drug": "methadone", "dose": 10, "unit": "mg", "times_per_day": 3},
    {"drug": "codeine", "dose": 30, "unit": "mg", "times_per_day": 4},
    {"drug": "buprenorphine", "dose": 8, "unit": "mg", "times_per_day": 1},
    {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2},
    {"drug": "tapentadol", "dose": 50, "unit": "mg", "times_per_day": 4},
]


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


TAPER_DRUGS = [
    {"drug": "oxycodone", "dose": 30, "unit": "mg", "times_per_day": 4, "strengths": [5, 10]},
    {"drug": "OxyNeo", "dose": 40, "unit": "mg", "times_per_day": 2},
    {"drug": "hydromorphone", "dose": 4, "unit": "mg", "frequency": "q4h prn"},
    {"drug": "Hydromorph Contin", "dose": 12, "unit": "mg", "times_per_day": 2},
    {"drug": "M-Eslon", "dose": 60, "unit": "mg", "times_per_day": 2},
    {"drug": "fentanyl", "dose": 75, "unit": "mcg/h", "strengths": [12, 25, 50]},
    {"drug": "Tylenol No. 3", "dose": 2, "unit": "tablet", "times_per_day": 4},
    {"drug": "tapentadol", "formulation": "ER", "dose": 200, "unit": "mg", "times_per_day": 2},
    {"drug": "Tridural", "dose": 300, "unit": "mg", "times_per_day": 1},
]


def run_taper(plans: int) -> dict[str, float]:
    """Regimen taper plans: plans per second in process, and `echohub taper --json` end to end
    (a fresh process per plan, start-up included)."""
    rng = random.Random(11)
    regimens = [rng.sample(TAPER_DRUGS, rng.randint(1, 3)) for _ in range(plans)]
    start_date = dt.date(2027, 1, 4)
    times = []
    for regimen in regimens:
        t = time.perf_counter()
        plan_regimen_taper(regimen, start_date=start_date)
        times.append(time.perf_counter() - t)
    cli = []
    exe = str(Path(sys.executable).with_name("echohub"))
    for regimen in regimens[:10]:
        payload = json.dumps({"medications": regimen, "start_date": "2027-01-04"})
        t = time.perf_counter()
        subprocess.run(
            [exe, "taper", "--json"], input=payload, capture_output=True, text=True, check=True
        )
        cli.append(time.perf_counter() - t)
    return {
        "plans": plans,
        "plans_per_s": plans / sum(times),
        "p95_ms": statistics.quantiles(times, n=20)[18] * 1000,
        "cli_median_ms": statistics.median(cli) * 1000,
    }


def run(rows: int) -> dict[str, float]:
    rng = random.Random(7)
    cases = [[rng.choice(DRUGS) for _ in range(rng.randint(1, 6))] for _ in range(rows // 3)]
    total_rows = sum(len(c) for c in cases)
    for c in cases[:200]:  # warm
        calculate_mme(c)
    start = time.perf_counter()
    for c in cases:
        calculate_mme(c)
    mme_s = time.perf_counter() - start
    answers = [("phq9", [rng.randint(0, 3) for _ in range(9)]) for _ in range(20000)]
    answers += [("peg", [rng.randint(0, 10) for _ in range(3)]) for _ in range(20000)]
    answers += [("gad7", [rng.randint(0, 3) for _ in range(7)]) for _ in range(20000)]
    start = time.perf_counter()
    for key, items in answers:
        score_instrument(key, items)
    score_s = time.perf_counter() - start
    return {
        "rows": total_rows,
        "cases": len(cases),
        "mme_rows_per_s": total_rows / mme_s,
        "mme_s": mme_s,
        "scores": len(answers),
        "scores_per_s": len(answers) / score_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    r = run(args.rows)
    t = run_taper(300)
    ok = "✓" if r["mme_rows_per_s"] >= 100_000 else "✗"
    section = f"""{BEGIN}
## Clinical calculations (issue 5)

- Command: `make bench-clinical` (`.venv/bin/python bench/clinical_bench.py`)
- Date: {dt.date.today():%Y-%m-%d}; machine: {os.cpu_count()} cores ({cpu()}), Python {platform.python_version()}, one process
- Data: {r["cases"]:,} synthetic medication lists (1–6 rows, 10 drugs incl. patches, methadone, PRN,
  frequencies, buprenorphine and a benzodiazepine), {r["rows"]:,} rows; {r["scores"]:,} instrument answers (PHQ-9, PEG, GAD-7)

| What | Throughput | Target |
|---|---:|---|
| MME rows (`clinical.calculate_mme`, whole lists with guideposts) | {r["mme_rows_per_s"]:,.0f} rows/s | ≥ 100,000 rows/s {ok} |
| Instrument scoring (`clinical.score_instrument`) | {r["scores_per_s"]:,.0f} scores/s | — |
| Regimen taper plans (`clinical.regimen.plan_regimen_taper`, {t["plans"]} regimens of 1–3 opioids, Canadian strengths, monthly) | {t["plans_per_s"]:,.0f} plans/s, p95 {t["p95_ms"]:.1f} ms | — |
| `echohub taper --json` end to end (new process each, start-up included) | median {t["cli_median_ms"]:.0f} ms | < 1 s |
{END}"""
    print(section)
    if not args.no_doc:
        text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
        if BEGIN in text:
            text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), section, text, flags=re.S)
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        DOC.write_text(text)


if __name__ == "__main__":
    main()
