"""Command line for the clinical calculators: ``echohub mme ...`` / ``python -m clinical mme``.

``main(["mme", "--json", "--table", "cdc2016"])`` reads a JSON list of medication rows on
stdin and prints one JSON object (see :meth:`clinical.mme.MmeResult.to_dict`). Without
``--json`` it prints a short plain-text table. Bad input prints one clear line on stderr and
exits with status 2 (no traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from clinical._numbers import round_display
from clinical.errors import ClinicalInputError
from clinical.mme import DEFAULT_TABLE, TABLES, MmeResult, calculate_mme
from clinical.regimen import TAPER_SAFETY, RegimenPlan, plan_regimen_taper
from clinical.taper import DEFAULT_RULE

EXIT_OK = 0
EXIT_USAGE = 2


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` always returns a status."""

    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="echohub", description="echohub clinical calculators")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    mme = commands.add_parser(
        "mme",
        help="daily morphine milligram equivalents of medication rows read on stdin (JSON)",
        description=(
            "Read a JSON list of medication rows on stdin, e.g. "
            '[{"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}], '
            "and print MME/day per row and in total. MME is for risk assessment only, "
            "never a conversion between opioids."
        ),
    )
    mme.add_argument("--json", action="store_true", help="print one JSON object")
    mme.add_argument(
        "--table",
        default=DEFAULT_TABLE,
        choices=sorted(TABLES),
        help=f"conversion factor table (default {DEFAULT_TABLE})",
    )
    taper = commands.add_parser(
        "taper",
        help="a taper plan for a regimen read on stdin (JSON)",
        description=(
            'Read a JSON object on stdin: {"medications": [rows as for echohub mme, each '
            'optionally with "strengths" and "purpose" (pain or oud)], "start_date": '
            '"YYYY-MM-DD", optional "rule", "table", "duration" (long-term or '
            "short-term)}, and print the plan: steps with every drug's dose and MME/day, "
            "warnings, notes, or a refusal (methadone, OUD treatment, a rapid rule for "
            "long-term use). A plan is a starting point for a decision with the patient."
        ),
    )
    taper.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


TAPER_KEYS = frozenset(
    {"medications", "start_date", "rule", "table", "duration", "percent", "interval", "basis"}
)


def read_taper_request(stream: TextIO) -> dict[str, Any]:
    """Parse stdin as the taper request object (numbers kept exact as Decimal)."""
    data = _read_json(stream, "taper")
    if not isinstance(data, dict):
        raise ClinicalInputError(
            "taper.not_object",
            'stdin must be a JSON object, e.g. {"medications": [{"drug": "oxycodone", '
            '"dose": 10, "unit": "mg", "times_per_day": 2}], "start_date": "2027-01-04"}',
        )
    unknown = sorted(str(k) for k in data.keys() - TAPER_KEYS)
    if unknown:
        raise ClinicalInputError(
            "taper.unknown_field",
            f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(TAPER_KEYS))}",
        )
    raw_date = data.get("start_date")
    if not isinstance(raw_date, str):
        raise ClinicalInputError("taper.start_date", "start_date is needed, as YYYY-MM-DD")
    try:
        data["start_date"] = dt.date.fromisoformat(raw_date.strip())
    except ValueError:
        raise ClinicalInputError(
            "taper.start_date", f"start_date {raw_date!r} is not a date in the form YYYY-MM-DD"
        ) from None
    for key in ("rule", "table", "duration", "interval", "basis"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise ClinicalInputError(f"taper.invalid_{key}", f"{key} must be text")
    return data


def _taper_text(plan: RegimenPlan) -> str:
    lines = [f"Rule: {plan.rule.label} ({plan.rule.guideline}); factor table {plan.table}"]
    if plan.refused is not None:
        lines.append(f"No automatic plan [{plan.refused.code}]: {plan.refused.message}")
        return "\n".join(lines)
    for step in plan.steps:
        doses = "; ".join(d.describe() for d in step.doses)
        lines.append(
            f"  {step.step:>2}  {step.date.isoformat()}  {round_display(step.mme_per_day)} "
            f"MME/day  {doses}"
        )
    lines.extend(f"! {w.message}" for w in plan.warnings)
    lines.extend(f"- {s}" for s in TAPER_SAFETY)
    return "\n".join(lines)


def _taper_main(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        request = read_taper_request(stdin)
        plan = plan_regimen_taper(
            request.get("medications") or [],
            start_date=request["start_date"],
            rule=request.get("rule") or DEFAULT_RULE,
            table=request.get("table") or DEFAULT_TABLE,
            duration=request.get("duration"),
            percent=request.get("percent"),
            interval=request.get("interval"),
            basis=request.get("basis"),
        )
    except ClinicalInputError as error:
        where = f" ({error.field})" if error.field else ""
        stderr.write(f"echohub taper: {error.message}{where} [{error.code}]\n")
        return EXIT_USAGE
    if args.json:
        json.dump(plan.to_dict(), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(_taper_text(plan) + "\n")
    return EXIT_OK


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _read_json(stream: TextIO, command: str) -> Any:
    """stdin as JSON, numbers exact (Decimal), NaN and Infinity refused; nesting deeper than
    the parser's recursion limit (no request has it) is refused like any bad JSON."""
    try:
        return json.loads(stream.read(), parse_float=Decimal, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise ClinicalInputError(
            f"{command}.bad_json", f"stdin is not valid JSON: {error}"
        ) from None
    except RecursionError:
        raise ClinicalInputError(
            f"{command}.bad_json", "stdin is not valid JSON: it is nested too deeply"
        ) from None


def read_rows(stream: TextIO) -> list[Any]:
    """Parse stdin as a JSON list (numbers kept exact as Decimal)."""
    data = _read_json(stream, "mme")
    if not isinstance(data, list):
        raise ClinicalInputError(
            "mme.rows_not_list",
            "stdin must be a JSON list of medication rows, e.g. "
            '[{"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}]',
        )
    return data


def _text_report(result: MmeResult) -> str:
    lines = [f"Factor table: {result.table.name} ({result.table.key})"]
    for row in result.rows:
        lines.append(
            f"  [{row.index}] {row.row.drug}: {round_display(row.daily_dose)} "
            f"{row.daily_dose_unit} x {row.factor} = {round_display(row.mme_per_day)} MME/day"
        )
    lines.append(f"Total: {round_display(result.total_mme_per_day)} MME/day")
    for excluded in result.excluded:
        lines.append(f"  not counted [{excluded.index}] {excluded.row.drug}: {excluded.reason}")
    for guidepost in result.guideposts:
        lines.append(f"* {guidepost.guideline}: {guidepost.text}")
    lines.extend(f"Note: {note}" for note in result.notes)
    lines.append(result.caveat)
    return "\n".join(lines)


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``mme [--json] [--table KEY]``; ``argv`` excludes the program name."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args_list = sys.argv[1:] if argv is None else list(argv)
    parser = _parser()
    if args_list in ([], ["-h"], ["--help"]) or args_list[1:2] in (["-h"], ["--help"]):
        target = parser if len(args_list) < 2 else _subparser(parser, args_list[0])
        (stdout if args_list else stderr).write((target or parser).format_help())
        return EXIT_OK if args_list else EXIT_USAGE
    try:
        args = parser.parse_args(args_list)
    except _ArgumentError as error:
        command = args_list[0] if args_list and args_list[0] in ("mme", "taper") else "mme"
        stderr.write(f"echohub {command}: {error}\n")
        return EXIT_USAGE
    if args.command == "taper":
        return _taper_main(args, stdin, stdout, stderr)
    try:
        result = calculate_mme(read_rows(stdin), table=args.table)
    except ClinicalInputError as error:
        stderr.write(f"echohub mme: {error.message} [{error.code}]\n")
        return EXIT_USAGE
    if args.json:
        json.dump(result.to_dict(), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(_text_report(result) + "\n")
    return EXIT_OK


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None
