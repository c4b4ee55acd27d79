"""`echohub mme` and `echohub taper` run in process (``main([...], stdin=..., stdout=...,
stderr=...)``): what a user sees on stdout and stderr, the exit status, the error code printed
after a refusal, and that the request's fields reach the calculators. CDC 2016 methadone factor
8 for 21–40 mg/day (clinical.md §1.3) checks that ``--table`` is honoured.
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clinical.cli import main
from clinical.mme import calculate_mme
from clinical.regimen import plan_regimen_taper

OXY_QID = {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}
BUTRANS = {"drug": "buprenorphine", "dose": 10, "unit": "mcg/h", "formulation": "patch"}
METHADONE_TID = {"drug": "methadone", "dose": 10, "unit": "mg", "times_per_day": 3}


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def taper(request: dict[str, Any], *flags: str) -> tuple[int, str, str]:
    body = {"medications": [OXY_QID], "start_date": "2027-01-04", **request}
    return run(["taper", *flags], json.dumps(body))


# --- mme -----------------------------------------------------------------------------------------


def test_mme_json_is_the_result_as_indented_utf8_json() -> None:
    rows = [OXY_QID, BUTRANS]
    status, out, err = run(["mme", "--json"], json.dumps(rows))
    assert (status, err) == (0, "")
    expected = calculate_mme(rows).to_dict()
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert "µ" in out or "≥" in out  # written as UTF-8, not \u escapes
    data = json.loads(out)
    assert data["total_mme_per_day"] == 60


def test_mme_table_option_is_used() -> None:
    # CDC 2016: methadone 21-40 mg/day x 8 (clinical.md §1.3); CDC 2022: x 4.7
    status, out, _ = run(["mme", "--json", "--table", "cdc2016"], json.dumps([METHADONE_TID]))
    assert status == 0
    assert json.loads(out)["total_mme_per_day"] == 240
    _, out, _ = run(["mme", "--json"], json.dumps([METHADONE_TID]))
    assert json.loads(out)["total_mme_per_day"] == 141


def test_mme_numbers_are_read_exactly() -> None:
    text = '[{"drug": "morphine", "dose": 10.00000000000000001, "unit": "mg", "times_per_day": 1}]'
    status, out, _ = run(["mme", "--json"], text)
    assert status == 0
    exact = [
        {
            "drug": "morphine",
            "dose": Decimal("10.00000000000000001"),
            "unit": "mg",
            "times_per_day": 1,
        }
    ]
    assert out == json.dumps(calculate_mme(exact).to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_mme_text_report_lists_rows_total_and_what_was_not_counted() -> None:
    status, out, err = run(["mme"], json.dumps([OXY_QID, BUTRANS]))
    assert (status, err) == (0, "")
    lines = out.split("\n")
    assert lines[0].startswith("Factor table: ") and "(cdc2022)" in lines[0]
    assert "  [0] oxycodone: 40.0 mg/day x 1.5 = 60.0 MME/day" in lines
    assert "Total: 60.0 MME/day" in lines
    assert any(line.startswith("  not counted [1] buprenorphine: ") for line in lines)
    assert any(line.startswith("* CDC 2022: ") for line in lines)
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "XX" not in out


@pytest.mark.parametrize(
    ("stdin", "code", "words"),
    [
        ("not json", "mme.bad_json", "stdin is not valid JSON: "),
        (
            '[{"drug": "morphine", "dose": NaN, "unit": "mg", "times_per_day": 1}]',
            "mme.bad_json",
            "stdin is not valid JSON: NaN is not a number",
        ),
        ('{"drug": "morphine"}', "mme.rows_not_list", "stdin must be a JSON list"),
    ],
)
def test_mme_bad_input_is_one_line_with_its_code(stdin: str, code: str, words: str) -> None:
    status, out, err = run(["mme", "--json"], stdin)
    assert (status, out) == (2, "")
    assert err.startswith("echohub mme: ")
    assert err.endswith(f" [{code}]\n")
    assert err.startswith("echohub mme: " + words)
    assert err.count("\n") == 1


# --- usage and help ------------------------------------------------------------------------------


def test_no_arguments_prints_usage_on_stderr() -> None:
    status, out, err = run([])
    assert (status, out) == (2, "")
    assert err.startswith("usage: echohub ")
    assert "clinical calculators" in err


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_on_stdout(flag: str) -> None:
    status, out, err = run([flag])
    assert (status, err) == (0, "")
    assert out.startswith("usage: echohub ")
    assert "morphine milligram equivalents" in out  # the mme command's help
    assert "taper plan" in out  # the taper command's help


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_mme_help(flag: str) -> None:
    for argv in (["mme", flag], ["mme", flag, "--json"]):
        status, out, err = run(argv)
        assert (status, err) == (0, "")
        assert out.startswith("usage: echohub mme")
        assert "risk assessment only" in out
        assert "--table {" in out and "cdc2016" in out
        assert "conversion factor table" in out
        assert "print one JSON object" in out


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_taper_help(flag: str) -> None:
    status, out, err = run(["taper", flag])
    assert (status, err) == (0, "")
    assert out.startswith("usage: echohub taper")
    assert "start_date" in out and "refusal" in out
    assert "print one JSON object" in out


@pytest.mark.parametrize(
    ("argv", "prefix", "words"),
    [
        (["mme", "--table", "who"], "echohub mme: ", "invalid choice"),
        (["taper", "--table", "cdc2016"], "echohub taper: ", "unrecognized"),
        (["convert"], "echohub mme: ", "invalid choice"),
        (["--"], "echohub mme: ", "required"),
    ],
)
def test_usage_errors_name_the_command(argv: list[str], prefix: str, words: str) -> None:
    status, out, err = run(argv, "[]")
    assert (status, out) == (2, "")
    assert err.startswith(prefix)
    assert words in err
    assert err.count("\n") == 1


def test_arguments_default_to_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["echohub", "mme", "--json"])
    out = io.StringIO()
    status = main(None, stdin=io.StringIO(json.dumps([OXY_QID])), stdout=out, stderr=io.StringIO())
    assert status == 0
    assert json.loads(out.getvalue())["total_mme_per_day"] == 60


# --- taper ---------------------------------------------------------------------------------------


def test_taper_json_is_the_plan_as_indented_utf8_json() -> None:
    status, out, err = taper({}, "--json")
    assert (status, err) == (0, "")
    plan = plan_regimen_taper([OXY_QID], start_date=date(2027, 1, 4))
    assert out == json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert "≥1 year" in out


def test_taper_text() -> None:
    status, out, err = taper({})
    assert (status, err) == (0, "")
    lines = out.split("\n")
    assert lines[0] == "Rule: About 10 % per month or slower (CDC 2022); factor table cdc2022"
    assert lines[1].split() == [
        "0",
        "2027-01-04",
        "60.0",
        "MME/day",
        "oxycodone",
        "10",
        "mg",
        "4",
        "times",
        "a",
        "day",
    ]
    assert any(line.startswith("- ") for line in lines)
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "XX" not in out


def test_taper_text_refusal_names_its_code() -> None:
    status, out, _ = taper({"medications": [METHADONE_TID]})
    assert status == 0
    assert out.split("\n")[1].startswith("No automatic plan [methadone]: ")


@pytest.mark.parametrize(
    ("request_", "key", "value"),
    [
        ({"rule": "hhs2019"}, "rule", "hhs2019"),
        ({"table": "cdc2016"}, "table", "cdc2016"),
        ({"duration": "short-term"}, "duration", "short-term"),
        ({"percent": 5}, "percent", 5),
        (
            {"rule": "nougg2010", "interval": "2-weeks", "duration": "short-term"},
            "interval",
            "2-weeks",
        ),
        ({"basis": "current"}, "basis", "current"),
    ],
)
def test_taper_request_fields_reach_the_plan(
    request_: dict[str, Any], key: str, value: Any
) -> None:
    status, out, err = taper(request_, "--json")
    assert (status, err) == (0, ""), err
    data = json.loads(out)
    got = data["rule"]["key"] if key == "rule" else data[key]
    assert got == value


def test_taper_defaults_when_fields_are_null() -> None:
    status, out, _ = taper({"rule": None, "table": None, "basis": None}, "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["rule"]["key"], data["table"], data["basis"]) == (
        "cdc2022-long-term",
        "cdc2022",
        "original",
    )
    assert data["duration"] == "long-term"


def test_taper_numbers_are_read_exactly() -> None:
    # 10.00000000000000001 % is faster than "about 10 % per month"; as a float it would be 10
    body = '{"medications": [], "start_date": "2027-01-04", "percent": 10.00000000000000001}'
    status, _, err = run(["taper"], body.replace("[]", json.dumps([OXY_QID])))
    assert status == 2
    assert err.endswith("(percent) [taper.too_fast]\n")


@pytest.mark.parametrize(
    ("stdin", "code", "words"),
    [
        ("{", "taper.bad_json", "not valid JSON"),
        ('{"start_date": "2027-01-04", "percent": NaN}', "taper.bad_json", "not valid JSON"),
        ("[]", "taper.not_object", "JSON object"),
        (
            '{"start_date": "2027-01-04", "dose": 1, "colour": 2}',
            "taper.unknown_field",
            "unknown field(s) colour, dose; allowed: basis, duration, interval, medications, "
            "percent, rule, start_date, table",
        ),
        ('{"medications": []}', "taper.start_date", "start_date is needed, as YYYY-MM-DD"),
        ('{"start_date": "2027-13-01"}', "taper.start_date", "'2027-13-01'"),
    ],
)
def test_taper_bad_request_without_a_field(stdin: str, code: str, words: str) -> None:
    status, out, err = run(["taper", "--json"], stdin)
    assert (status, out) == (2, "")
    assert err.startswith("echohub taper: ")
    assert err.endswith(f" [{code}]\n")
    assert words in err
    assert "(None)" not in err and "XX" not in err


@pytest.mark.parametrize("key", ["rule", "table", "duration", "interval", "basis"])
def test_taper_text_fields_must_be_text(key: str) -> None:
    status, _, err = taper({key: 7})
    assert status == 2
    assert err.endswith(f" [taper.invalid_{key}]\n")
    assert f"{key} must be text" in err


def test_taper_refusal_names_the_field() -> None:
    status, _, err = taper({"medications": []})
    assert status == 2
    assert err.startswith("echohub taper: ")
    assert err.endswith(" (medications) [taper.no_medications]\n")
