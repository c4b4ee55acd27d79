"""The command line: `phi scan [--json] FILE... | -` and `phi redact FILE...`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from phi.cli import main

NOTE = "Patient: Ingrid Halvorsen\nOHIP 9876-543-217\nPEG 6/10\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_json_one_line_per_file_in_the_exact_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(NOTE, encoding="utf-8")
    b.write_text("PEG 6/10, nothing here.\n", encoding="utf-8")
    code, out, err = run(["scan", "--json", str(a), str(b)], capsys)
    lines = out.splitlines()
    assert len(lines) == 2 and err == ""
    first, second = (json.loads(line) for line in lines)
    assert list(first) == ["file", "findings"]
    assert first["file"] == str(a)
    assert first["findings"] == [
        {"start": 9, "end": 25, "kind": "NAME", "text": "Ingrid Halvorsen"},
        {"start": 31, "end": 43, "kind": "HEALTH_NUMBER", "text": "9876-543-217"},
    ]
    for f in first["findings"]:
        assert list(f) == ["start", "end", "kind", "text"]
        assert NOTE[f["start"] : f["end"]] == f["text"]
    assert second == {"file": str(b), "findings": []}
    assert code == 0  # a successful scan, findings or not


def test_scan_without_json_is_a_readable_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    a.write_text(NOTE, encoding="utf-8")
    code, out, _ = run(["scan", str(a)], capsys)
    assert out.splitlines()[0] == f"{a}: 2 findings"
    assert "HEALTH_NUMBER" in out and "9876-543-217" in out and "Luhn" in out
    assert code == 0
    code, _, _ = run(["scan", "--fail-on-findings", str(a)], capsys)
    assert code == 1


def test_scan_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = io.TextIOWrapper(io.BytesIO(NOTE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run(["scan", "--json", "-"], capsys)
    record = json.loads(out)
    assert record["file"] == "-"
    assert [f["kind"] for f in record["findings"]] == ["NAME", "HEALTH_NUMBER"]
    assert code == 0


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "clean.txt"
    a.write_text("Woman in her 60s, PEG 6/10, Lyrica 75 mg BID.\n", encoding="utf-8")
    code, out, _ = run(["scan", "--json", str(a)], capsys)
    assert json.loads(out) == {"file": str(a), "findings": []}
    assert code == 0


def test_redact_writes_the_redacted_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    a.write_text(NOTE, encoding="utf-8")
    code, out, _ = run(["redact", str(a)], capsys)
    assert out == "Patient: [NAME]\nOHIP [HEALTH_NUMBER]\nPEG 6/10\n"
    assert code == 0


@pytest.mark.parametrize(
    "payload", [b"\xff\xfe\x00bad", b"caf\xe9 au lait", b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_invalid_utf8_or_binary_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: bytes
) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(payload)
    good = tmp_path / "good.txt"
    good.write_text(NOTE, encoding="utf-8")
    code, out, err = run(["scan", "--json", str(bad), str(good)], capsys)
    assert code == 2
    assert err.startswith(f"phi: {bad}: ") and "Traceback" not in err
    assert ("UTF-8" in err) or ("binary" in err)
    assert json.loads(out)["file"] == str(good)  # the other file is still scanned


def test_missing_file_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["scan", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "nope.txt" in err
    code, _, err = run(["frobnicate"], capsys)
    assert code == 2 and "usage" in err
    code, _, err = run(["scan"], capsys)
    assert code == 2 and "usage" in err
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "usage" in out


def test_empty_and_whitespace_files_have_no_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    blank = tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text(" \n\t\n  ", encoding="utf-8")
    code, out, _ = run(["scan", "--json", str(empty), str(blank)], capsys)
    assert [json.loads(line)["findings"] for line in out.splitlines()] == [[], []]
    assert code == 0


def test_module_entry_points_run_as_subprocesses(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(NOTE, encoding="utf-8")
    for module in ("phi", "phi.cli"):
        proc = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", module, "scan", "--json", str(a)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["findings"][0]["text"] == "Ingrid Halvorsen"


def test_importing_the_cli_does_not_import_django() -> None:
    code = "import sys, phi.cli, phi; phi.scan('x'); print('django' in sys.modules)"
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "False"
