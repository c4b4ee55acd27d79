"""Reports not in UTF-8: Windows-1252 (Excel on a Western Windows) is read; any other code page
(Shift-JIS, GBK, Big5, EUC-KR, Windows-1251, Windows-1253, Windows-1250) is refused with a
request for UTF-8 instead of being read into garbled names; huge files stop at MAX_RECORDS."""

from __future__ import annotations

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.zoom_csv import MAX_RECORDS, decode_report, parse_zoom_report

from .conftest import HEADER

TZ = "America/Toronto"
TIMES = "01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,No"


def report(*names: str) -> str:
    lines = [HEADER, *(f"{n},p{i}@example.org,{TIMES}" for i, n in enumerate(names))]
    return "\n".join(lines) + "\n"


WESTERN = [
    "Hélène Côté",
    "François Bélanger",
    "Zoë Lefèvre",
    "Dr. O’Brien – MD",
    "«Jean-Noël» Gagné",
    "Jürgen Müller",
    "José Peña Núñez",
    "Ståle Ørjan",
    "Œuvre Ÿves",
]


def test_western_names_in_windows_1252_are_read() -> None:
    parsed = parse_zoom_report(report(*WESTERN).encode("cp1252"), time_zone=TZ)
    assert [row.name for row in parsed.rows] == WESTERN
    assert parsed.encoding == "cp1252"
    assert parsed.warnings == ("the file is not UTF-8: read as cp1252",)


@pytest.mark.parametrize(
    ("encoding", "names"),
    [
        ("shift_jis", ["山田 太郎", "佐藤 花子"]),
        ("shift_jis", ["山田"]),
        ("cp932", ["鈴木 一郎"]),
        ("euc_jp", ["山田 太郎"]),
        ("gbk", ["王伟", "李娜"]),
        ("big5", ["陳大文"]),
        ("euc_kr", ["김민수"]),
        ("cp1251", ["Иван Петров", "Мария Иванова"]),
        ("cp1253", ["Γιώργος Παπαδόπουλος"]),
        ("cp1250", ["Łukasz Wójcik"]),
    ],
)
def test_other_code_pages_are_refused_not_garbled(encoding: str, names: list[str]) -> None:
    data = report(*names).encode(encoding)
    with pytest.raises(AttendanceError) as caught:
        decode_report(data)
    assert caught.value.code == "bad_encoding"
    assert "CSV UTF-8" in caught.value.message and "nothing was imported" in caught.value.message


@pytest.mark.parametrize("encoding", ["shift_jis", "cp1251", "gbk"])
def test_the_same_names_in_utf8_are_read(encoding: str) -> None:
    names = {"shift_jis": ["山田 太郎"], "cp1251": ["Иван Петров"], "gbk": ["王伟"]}[encoding]
    parsed = parse_zoom_report(report(*names).encode("utf-8"), time_zone=TZ)
    assert [row.name for row in parsed.rows] == names and parsed.warnings == ()


def test_a_file_with_more_rows_than_any_report_is_refused_quickly() -> None:
    data = (HEADER + "\n" + "\n" * (MAX_RECORDS + 10)).encode()
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert caught.value.code == "too_many_rows" and f"{MAX_RECORDS:,}" in caught.value.message
