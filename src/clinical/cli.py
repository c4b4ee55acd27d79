"""Command line for the clinical calculators: ``echohub mme ...`` / ``python -m clinical mme``.

``main(["mme", "--json", "--table", "cdc2016"])`` reads a JSON list of medication rows on
stdin and prints one JSON object (see :meth:`clinical.mme.MmeResult.to_dict`). Without
``--json`` it prints a short plain-text table. Bad input prints one clear line on stderr and
exits with status 2 (no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from clinical._numbers import round_display
from clinical.errors import ClinicalInputError
from clinical.mme import DEFAULT_TABLE, TABLES, MmeResult, calculate_mme

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
    return parser


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def read_rows(stream: TextIO) -> list[Any]:
    """Parse stdin as a JSON list (numbers kept exact as Decimal)."""
    text = stream.read()
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise ClinicalInputError("mme.bad_json", f"stdin is not valid JSON: {error}") from None
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
        stderr.write(f"echohub mme: {error}\n")
        return EXIT_USAGE
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
