"""Command line: ``echohub attendance reconcile|accuracy ...``. No Django import.

``main(["reconcile", "--roster", R, "--session", S, "--report", F, "--json"])`` prints one
JSON object ``{"people": {...}, "rows": [...], "review": [...], "warnings": [...]}``; without
``--json`` a readable table. ``main(["accuracy", "--data", DIR])`` scores every session folder
against its ``expected.json`` and exits 1 if any row went to the wrong person. Bad input prints
one line on stderr and exits 2 (no traceback). A leading ``"attendance"`` argument is accepted,
so the top-level ``echohub`` command can pass either ``argv[1:]`` or ``argv[2:]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from echohub.attendance.accuracy import SessionScore, score_directory
from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import Reconciliation, reconcile_files
from echohub.attendance.zoom_csv import DATE_ORDERS

EXIT_OK = 0
EXIT_WRONG = 1
EXIT_USAGE = 2
DEFAULT_DATA = Path("/work/shared/data/attendance")


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` always returns a status."""

    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="echohub attendance", description="Reconcile attendance reports")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rec = commands.add_parser(
        "reconcile",
        help="match a Zoom participants report to a roster and compute minutes",
        description="Match every row of a Zoom participants CSV to a roster person (or leave "
        "it for review) and compute minutes attended per person.",
    )
    rec.add_argument("--roster", required=True, help="roster CSV (person_id, first_name, ...)")
    rec.add_argument("--session", required=True, help="session JSON (start, end, time_zone, ...)")
    rec.add_argument("--report", required=True, help="Zoom participants report CSV")
    rec.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        default="auto",
        help="how the report's slash dates are written: day first (31/12), month first (12/31) "
        "or auto (default; a report whose dates read both ways is refused)",
    )
    rec.add_argument("--json", action="store_true", help="print one JSON object")
    acc = commands.add_parser(
        "accuracy",
        help="score the engine on hand-reconciled sessions",
        description="Run every session folder (roster.csv, session.json, report.csv, "
        "expected.json) and report correct, wrong and review rows and minutes within ±1.",
    )
    acc.add_argument("--data", default=str(DEFAULT_DATA), help=f"default {DEFAULT_DATA}")
    acc.add_argument("--json", action="store_true", help="print one JSON object")
    acc.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    return parser


def _table(result: Reconciliation) -> str:
    lines = ["Rows", f"{'row':>4}  {'person':<8} {'status':<9} name / reason"]
    for row in result.rows:
        person = row.person_id or "-"
        lines.append(f"{row.row:>4}  {person:<8} {row.status:<9} {row.name} — {row.reason}")
    lines.append("")
    lines.append("People")
    lines.append(f"{'person':<8} {'minutes':>7}  rows")
    for pid in sorted(result.people):
        attended = result.people[pid]
        rows = ", ".join(map(str, attended.rows))
        lines.append(f"{pid:<8} {attended.minutes:>7}  {rows}")
    review = result.review
    lines.append("")
    lines.append(f"Review: {len(review)} row(s)")
    for row in review:
        lines.append(f"  row {row.row}: {row.name} — {row.reason}")
    for warning in result.warnings:
        lines.append(f"Warning: {warning}")
    return "\n".join(lines)


def _accuracy_table(scores: list[SessionScore], *, verbose: bool) -> str:
    header = (
        f"{'session':<12} {'rows':>4} {'correct':>7} {'wrong':>5} {'review':>6} "
        f"{'assigned':>8} {'minutes±1':>10}"
    )
    lines = [header]
    total = SessionScore("overall")
    for score in scores:
        lines.append(
            f"{score.name:<12} {score.rows:>4} {score.correct:>7} {score.wrong:>5} "
            f"{score.review:>6} {score.assigned:>3}/{score.assignable:<4} "
            f"{score.minutes_ok:>4}/{score.people:<5}"
        )
        for name in ("rows", "correct", "assignable", "assigned", "wrong", "review"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        total.people += score.people
        total.minutes_ok += score.minutes_ok
    lines.append(
        f"{total.name:<12} {total.rows:>4} {total.correct:>7} {total.wrong:>5} "
        f"{total.review:>6} {total.assigned:>3}/{total.assignable:<4} "
        f"{total.minutes_ok:>4}/{total.people:<5}"
    )
    lines.append(
        "correct: rows whose person (or null) matches expected; wrong: non-null assignments "
        "differing from expected; review: rows left unassigned that could have been assigned; "
        "minutes±1: people within one minute of expected."
    )
    if verbose:
        for score in scores:
            for problem in score.problems:
                lines.append(f"{score.name}: {problem}")
    return "\n".join(lines)


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = list(argv)
    if args_list and args_list[0] == "attendance":
        args_list = args_list[1:]
    try:
        args = _parser().parse_args(args_list)
    except _ArgumentError as error:
        print(f"echohub attendance: {error}", file=err)
        return EXIT_USAGE
    try:
        if args.command == "reconcile":
            result = reconcile_files(
                args.roster, args.session, args.report, date_order=args.date_order
            )
            if args.json:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                out.write(_table(result) + "\n")
            return EXIT_OK
        data = Path(args.data)
        if not data.is_dir():
            print(f"echohub attendance: no such directory {data}", file=err)
            return EXIT_USAGE
        scores = score_directory(data)
        if not scores:
            print(f"echohub attendance: no session folders in {data}", file=err)
            return EXIT_USAGE
        if args.json:
            out.write(json.dumps([s.to_dict() for s in scores], ensure_ascii=False) + "\n")
        else:
            out.write(_accuracy_table(scores, verbose=args.verbose) + "\n")
        return EXIT_WRONG if any(score.wrong for score in scores) else EXIT_OK
    except AttendanceError as error:
        print(f"echohub attendance: {error}", file=err)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
