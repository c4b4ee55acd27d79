"""The command line's exact output and exit statuses (phi/cli.py docstring), in process."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from phi.cli import USAGE, main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_listing_gives_line_and_column_of_each_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    a.write_text("PEG 6/10\nSeen 2024-03-05.\n  tel 416-555-0199\n", encoding="utf-8")
    code, out, err = run(["scan", str(a)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{a}: 2 findings",
        "  2:6\tDATE         \t2024-03-05\t(numeric date (year first))",
        "  3:7\tPHONE        \t416-555-0199\t(North American phone number)",
    ]


def test_one_finding_is_singular_and_a_finding_on_line_one_column_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    a.write_text("2024-03-05 seen", encoding="utf-8")
    _code, out, _err = run(["scan", str(a)], capsys)
    assert out.splitlines() == [
        f"{a}: 1 finding",
        "  1:1\tDATE         \t2024-03-05\t(numeric date (year first))",
    ]


def test_no_arguments_prints_usage_on_stderr_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], capsys) == (2, "", USAGE)
    assert run(["help"], capsys) == (0, USAGE, "")
    assert run(["-h"], capsys) == (0, USAGE, "")
    assert run(["scan", "--help"], capsys) == (0, USAGE, "")
    assert run(["redact", "-h"], capsys) == (0, USAGE, "")


def test_unknown_commands_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frob"], capsys) == (2, "", f"phi: unknown command 'frob'\n{USAGE}")
    assert run(["scan", "--jsn", "-"], capsys) == (2, "", f"phi: unknown option '--jsn'\n{USAGE}")
    # --json and --fail-on-findings belong to scan only
    assert run(["redact", "--json", "-"], capsys)[0] == 2
    assert run(["redact", "--fail-on-findings", "-"], capsys)[0] == 2
    code, _out, err = run(["scan", "--json"], capsys)
    assert code == 2
    assert err == f"phi: no input files (use '-' for standard input)\n{USAGE}"


def test_read_errors_name_the_file_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"
    code, _out, err = run(["scan", str(missing)], capsys)
    assert (code, err) == (2, f"phi: {missing}: No such file or directory\n")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"ab\x00cd")
    code, _out, err = run(["scan", str(binary)], capsys)
    assert err == f"phi: {binary}: binary file (contains NUL bytes), not text\n"
    latin = tmp_path / "l.txt"
    latin.write_bytes(b"caf\xe9")
    code, _out, err = run(["scan", str(latin)], capsys)
    assert err == f"phi: {latin}: not valid UTF-8 (byte 3)\n"


def test_a_read_error_is_not_hidden_by_fail_on_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = tmp_path / "f.txt"
    found.write_text("tel 416-555-0199", encoding="utf-8")
    code, _out, _err = run(["scan", "--fail-on-findings", str(tmp_path / "x"), str(found)], capsys)
    assert code == 2
    code, _out, _err = run(["scan", "--fail-on-findings", str(found), str(found)], capsys)
    assert code == 1
    clean = tmp_path / "c.txt"
    clean.write_text("PEG 6/10", encoding="utf-8")
    assert run(["scan", "--fail-on-findings", str(clean)], capsys)[0] == 0


def test_a_byte_order_mark_is_not_part_of_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "bom.txt"
    a.write_bytes("\ufefftel 416-555-0199".encode())
    _code, out, _err = run(["redact", str(a)], capsys)
    assert out == "tel [PHONE]"


def test_standard_input_without_a_byte_buffer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("tel 416-555-0199"))
    assert run(["redact", "-"], capsys) == (0, "tel [PHONE]", "")
