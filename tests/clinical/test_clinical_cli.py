"""`mme --json` through a real subprocess (`python -m clinical`) and in process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from clinical.cli import main
from clinical.mme import CONVERSION_CAVEAT

EXAMPLE = [
    {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4},
    {"drug": "fentanyl", "formulation": "transdermal", "dose": 25, "unit": "mcg/h"},
]


def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed interpreter and module, test input only
        [sys.executable, "-m", "clinical", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_mme_json_via_subprocess_prints_one_object() -> None:
    completed = run(["mme", "--json"], json.dumps(EXAMPLE))
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert set(data) >= {"rows", "total_mme_per_day", "excluded", "guideposts", "table", "caveat"}
    assert data["table"] == "cdc2022"
    assert data["total_mme_per_day"] == 120
    assert [r["mme_per_day"] for r in data["rows"]] == [60, 60]
    # each input row is echoed with its MME/day
    for given, echoed in zip(EXAMPLE, data["rows"], strict=True):
        assert {k: echoed[k] for k in given} == given
    assert data["excluded"] == []
    assert {g["code"] for g in data["guideposts"]} >= {"mme-50-cdc2022", "mme-90-canada2017"}
    for guidepost in data["guideposts"]:
        assert set(guidepost) >= {"code", "threshold", "guideline", "text"}
    assert data["caveat"] == CONVERSION_CAVEAT
    assert completed.stderr == ""


def test_mme_json_with_another_table_and_exclusions() -> None:
    rows = [
        {"drug": "methadone", "dose": 10, "unit": "mg", "frequency": "TID"},
        {"drug": "buprenorphine", "dose": 8, "unit": "mg", "times_per_day": 1},
        {"drug": "fentanyl", "formulation": "transdermal", "dose": 25, "unit": "mg"},
    ]
    completed = run(["mme", "--json", "--table", "cdc2016"], json.dumps(rows))
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["table"] == "cdc2016"
    assert data["total_mme_per_day"] == 240
    assert [(e["index"], e["row"], e["reason_code"]) for e in data["excluded"]] == [
        (1, rows[1], "buprenorphine"),
        (2, rows[2], "unit_mismatch"),
    ]
    assert all(e["reason"] for e in data["excluded"])


def test_decimal_doses_stay_exact_through_json() -> None:
    completed = run(
        ["mme", "--json"],
        '[{"drug": "fentanyl", "dose": 12, "unit": "mcg/h"}, '
        '{"drug": "hydromorphone", "dose": 0.1, "unit": "mg", "times_per_day": 3}]',
    )
    data = json.loads(completed.stdout)
    assert [r["mme_per_day"] for r in data["rows"]] == [28.8, 1.5]
    assert data["rows"][1]["dose"] == 0.1
    assert data["total_mme_per_day"] == 30.3


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{", "not valid JSON"),
        ("", "not valid JSON"),
        ('{"drug": "oxycodone"}', "JSON list"),
        ("[1]", "must be an object"),
        ('[{"drug": "oxycodone", "unit": "mg"}]', "needs dose"),
        ('[{"drug": "oxycodone", "dose": -1, "unit": "mg"}]', "greater than zero"),
        ('[{"drug": "oxycodone", "dose": NaN, "unit": "mg"}]', "not valid JSON"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(stdin: str, message: str) -> None:
    completed = run(["mme", "--json"], stdin)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    "args", [["mme", "--json", "--table", "cdc1999"], ["mme", "--jsn"], ["dose"], []]
)
def test_bad_arguments_exit_2(args: list[str]) -> None:
    completed = run(args, "[]")
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr


def call(args: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_main_in_process_returns_a_status() -> None:
    status, out, err = call(["mme", "--json"], json.dumps(EXAMPLE))
    assert status == 0
    assert json.loads(out)["total_mme_per_day"] == 120
    assert err == ""


def test_text_output_without_json() -> None:
    status, out, _ = call(["mme"], json.dumps(EXAMPLE))
    assert status == 0
    assert "Total: 120.0 MME/day" in out
    assert "never a conversion between opioids" in out


def test_help_exits_0() -> None:
    status, out, _ = call(["mme", "--help"], "")
    assert status == 0
    assert "--table" in out


def test_rows_are_output_as_numbers_not_strings() -> None:
    _, out, _ = call(["mme", "--json"], json.dumps(EXAMPLE))
    data: dict[str, Any] = json.loads(out)
    assert isinstance(data["total_mme_per_day"], int | float)
    assert all(isinstance(r["mme_per_day"], int | float) for r in data["rows"])
