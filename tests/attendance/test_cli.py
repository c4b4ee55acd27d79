"""``echohub attendance reconcile|accuracy`` through ``main()`` and a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from echohub.attendance.cli import main

from .conftest import DATA

SESSION = DATA / "session-02"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def reconcile_args(folder: Path = SESSION, report: Path | None = None) -> list[str]:
    return [
        "reconcile",
        "--roster",
        str(folder / "roster.csv"),
        "--session",
        str(folder / "session.json"),
        "--report",
        str(report or folder / "report.csv"),
    ]


def test_reconcile_json_has_the_documented_shape() -> None:
    code, out, err = run(*reconcile_args(), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) >= {"people", "rows", "review", "warnings"}
    expected = json.loads((SESSION / "expected.json").read_text())
    assert [row["row"] for row in data["rows"]] == [row["row"] for row in expected["rows"]]
    assert [row["person_id"] for row in data["rows"]] == [
        row["person_id"] for row in expected["rows"]
    ]
    assert {pid: item["minutes"] for pid, item in data["people"].items()} == expected["minutes"]
    assert all(row["reason"] for row in data["rows"])
    assert {item["row"] for item in data["review"]} == {9, 24}


def test_leading_attendance_word_is_accepted() -> None:
    assert run("attendance", *reconcile_args(), "--json")[0] == 0


def test_reconcile_table_is_readable() -> None:
    code, out, _ = run(*reconcile_args())
    assert code == 0
    assert "ambiguous name: P002, P035" in out
    assert "Review: 2 row(s)" in out


def test_bad_report_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "report.csv"
    bad.write_bytes((SESSION / "report.csv").read_bytes()[:-40])  # cut inside the last row
    code, out, err = run(*reconcile_args(report=bad), "--json")
    assert code == 2
    assert out == ""
    assert err.startswith("echohub attendance: row 33")
    assert "Traceback" not in err


def test_missing_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(*reconcile_args(report=tmp_path / "nope.csv"))[0] == 2
    assert run("reconcile", "--roster", "x")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("accuracy", "--data", str(tmp_path / "none"))[0] == 2


def test_accuracy_reports_zero_wrong_on_the_six_sessions() -> None:
    code, out, _ = run("accuracy", "--data", str(DATA))
    assert code == 0
    overall = next(line for line in out.splitlines() if line.startswith("overall"))
    assert overall.split()[1:4] == ["217", "217", "0"]


def test_accuracy_exits_1_on_a_wrong_assignment(tmp_path: Path) -> None:
    folder = tmp_path / "session-x"
    folder.mkdir()
    for name in ("roster.csv", "session.json", "report.csv"):
        (folder / name).write_bytes((SESSION / name).read_bytes())
    expected = json.loads((SESSION / "expected.json").read_text())
    expected["rows"][0]["person_id"] = "P999"
    (folder / "expected.json").write_text(json.dumps(expected))
    code, out, _ = run("accuracy", "--data", str(tmp_path), "--json")
    assert code == 1
    assert json.loads(out)[0]["wrong"] == 1


@pytest.mark.parametrize("args", [["--json"], []])
def test_subprocess_runs_without_django(args: list[str]) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "echohub.attendance.cli", *reconcile_args(), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    if args:
        assert json.loads(completed.stdout)["people"]["P009"]["minutes"] == 75


def test_engine_imports_no_django() -> None:
    code = (
        "import sys, echohub.attendance.cli, echohub.attendance.reconcile,"
        " echohub.attendance.zoom_csv, echohub.attendance.names, echohub.attendance.accuracy;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    completed = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_reconcile_reads_the_date_order_given(tmp_path: Path) -> None:
    """attfix9's "Dates in this file" on the command line: --date-order month reads the
    report as the form's "month first" does; day first cannot read 01/15/2026 and says so
    naming the choice; a value outside auto/day/month is a usage error."""
    code, out, err = run(*reconcile_args(), "--json", "--date-order", "month")
    assert (code, err) == (0, "")
    expected = json.loads((SESSION / "expected.json").read_text())
    people = json.loads(out)["people"]
    assert {pid: item["minutes"] for pid, item in people.items()} == expected["minutes"]
    code, out, err = run(*reconcile_args(), "--date-order", "day")
    assert code != 0 and out == "" and "day first" in err
    code, _out, err = run(*reconcile_args(), "--date-order", "sideways")
    assert code != 0 and "--date-order" in err
