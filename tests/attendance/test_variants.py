"""The shared sessions rewritten the way other exports write them give the same answer."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from echohub.attendance.reconcile import load_roster, load_session, reconcile_report

from .conftest import DATA

SESSIONS = sorted(path for path in DATA.iterdir() if (path / "expected.json").is_file())
US = "%m/%d/%Y %I:%M:%S %p"
STAMP = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} [AP]M")


def _times(fmt: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        return STAMP.sub(lambda m: datetime.strptime(m.group(0), US).strftime(fmt), text)

    return rewrite


def _latin1(text: str) -> bytes:
    return text.encode("latin-1")


def _no_accents_upper(text: str) -> str:
    records = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    seen_header = False
    for record in records:
        if seen_header and record:
            plain = unicodedata.normalize("NFKD", record[0])
            record[0] = "".join(c for c in plain if not unicodedata.combining(c)).upper()
        if record and record[0].lstrip("\ufeff").startswith("Name (Original Name)"):
            seen_header = True
        writer.writerow(record)
    return out.getvalue()


VARIANTS: dict[str, Callable[[str], str | bytes]] = {
    "iso-24h": _times("%Y-%m-%d %H:%M:%S"),
    "us-24h-no-seconds": _times("%m/%d/%Y %H:%M"),
    "latin-1": _latin1,
    "upper-no-accents": _no_accents_upper,
}


def outcome(folder: Path, data: bytes) -> tuple[list[str | None], dict[str, int]]:
    result = reconcile_report(
        data, load_roster(folder / "roster.csv"), load_session(folder / "session.json")
    )
    return (
        [row.person_id for row in result.rows],
        {pid: item.minutes for pid, item in result.people.items()},
    )


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("folder", SESSIONS, ids=lambda path: path.name)
def test_variant_gives_the_same_people_and_minutes(folder: Path, variant: str) -> None:
    original = (folder / "report.csv").read_bytes()
    text = original.decode("utf-8-sig")
    changed = VARIANTS[variant](text)
    data = changed if isinstance(changed, bytes) else changed.encode("utf-8")
    rows, minutes = outcome(folder, original)
    new_rows, new_minutes = outcome(folder, data)
    assert new_rows == rows
    tolerance = 1 if variant == "us-24h-no-seconds" else 0
    assert minutes.keys() == new_minutes.keys()
    for pid, value in minutes.items():
        assert abs(new_minutes[pid] - value) <= tolerance, pid
