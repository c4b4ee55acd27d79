"""Probe 1211 (output injection), downloads: text people type that starts like a formula.

The demo (plus what the site walk adds) gets a formula in front of every free-text field of
every model (`=HYPERLINK(...)`, `+cmd|...`, `-2+3`, `@SUM`, a tab or a CR first). Then the
downloads are read back, CSV with the csv module and XLSX with openpyxl: no cell may start
with a formula character (OWASP "CSV injection": a quote goes first) and no XLSX cell may be
a formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.test import Client
from openpyxl import load_workbook

from tests.browser import site_map

pytestmark = pytest.mark.django_db

HEADS = [
    '=HYPERLINK("https://example.test/x","open")',
    "+cmd|' /C calc'!A0 ",
    "-2+3+",
    "@SUM(1+1)*",
    "\t=1+1 ",
    "\r=1+1 ",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")
SKIP = re.compile(
    r"slug|email|url|token|hash|password|key|code|zone|language|number|provider|room|kind|"
    r"status|role|scheme|mime|path|file|ext|format|unit|table|drug|uid|external|ip|agent|"
    r"secret|method|handle|digest|sha|lang|host|type|currency|action|model|label|route|phone|html"
)


def _poison() -> int:
    n = 0
    for model in apps.get_models():
        if not model.__module__.startswith("echohub.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or field.unique or field.primary_key or SKIP.search(field.name):
                continue
            head = HEADS[n % len(HEADS)]
            poisoned = Concat(Value(head), field.name)
            if isinstance(field, models.CharField) and field.max_length:
                if field.max_length <= len(head):
                    continue  # too short to hold the head (PostgreSQL enforces the length)
                poisoned = Substr(poisoned, 1, field.max_length)
            if model._default_manager.exclude(**{field.name: ""}).update(**{field.name: poisoned}):
                n += 1
    return n


def _number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _bad_csv(body: str) -> list[str]:
    bad = []
    for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))):
        bad += [c for c in row if c.startswith(STARTS) and not _number(c)]
    return bad


def _bad_xlsx(body: bytes, *, text_too: bool = True) -> list[str]:
    """Formula cells; with `text_too`, also text cells that start like one (a person who opens
    the cell and presses Enter, or saves the sheet as CSV, runs it)."""
    bad = []
    book = load_workbook(io.BytesIO(body))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                text = isinstance(c.value, str) and c.value.startswith(STARTS)
                if c.data_type == "f" or (text_too and text and not _number(c.value)):
                    bad.append(f"{sheet.title}!{c.coordinate}={c.value!r}")
    return bad


def _client(role: str) -> Client:
    from echohub.accounts.models import User

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=site_map.ROLES[role]))
    return client


@pytest.fixture
def poisoned(settings: Any) -> Any:
    settings.TWO_FACTOR_ENFORCED = False
    objects = site_map.build()
    assert _poison() > 30
    return objects


def test_attendance_downloads_run_no_formula(poisoned: Any) -> None:
    client = _client("coordinator")
    slug = poisoned.slug
    body = b"".join(client.get(f"/p/{slug}/attendance/export.csv").streaming_content).decode()
    assert body.count("\n") > 10
    assert not _bad_csv(body)
    response = client.get(f"/p/{slug}/attendance/export.xlsx")
    assert response.status_code == 200
    assert not _bad_xlsx(response.content)


def test_chart_csvs_run_no_formula(poisoned: Any) -> None:
    client = _client("evaluator")
    slug = poisoned.slug
    read = 0
    for page in ("", "reach/", "sessions/", "cases/", "surveys/"):
        html = client.get(f"/p/{slug}/insights/{page}").content.decode()
        for key in sorted(set(re.findall(r"chart=([\w-]+)", html))):
            response = client.get(f"/p/{slug}/insights/{page}?format=csv&chart={key}")
            if response.status_code != 200:
                continue
            read += 1
            assert not _bad_csv(response.content.decode()), (page, key)
    assert read > 3


def _research_export(objects: Any, fmt: str) -> zipfile.ZipFile:
    from echohub.evaluation import exports

    client = _client("program_admin")
    response = client.post(
        f"/p/{objects.slug}/research/export/download/",
        {"study": objects.study.pk, "datasets": list(exports.DATASETS), "format": fmt},
    )
    assert response.status_code == 200, response.content[:500]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(n.endswith("." + fmt) for n in archive.namelist()), archive.namelist()
    return archive


def test_research_export_csv_runs_no_formula(poisoned: Any) -> None:
    archive = _research_export(poisoned, "csv")
    bad = {n: _bad_csv(archive.read(n).decode()) for n in archive.namelist() if n.endswith(".csv")}
    assert not any(bad.values()), {k: v[:5] for k, v in bad.items() if v}


def test_research_export_xlsx_has_no_formula_cell(poisoned: Any) -> None:
    archive = _research_export(poisoned, "xlsx")
    names = [n for n in archive.namelist() if n.endswith(".xlsx")]
    bad = {n: _bad_xlsx(archive.read(n), text_too=False) for n in names}
    assert not any(bad.values()), {k: v[:5] for k, v in bad.items() if v}


def test_research_export_xlsx_text_starting_like_a_formula_gets_a_quote(poisoned: Any) -> None:
    archive = _research_export(poisoned, "xlsx")
    names = [n for n in archive.namelist() if n.endswith(".xlsx")]
    bad = {n: _bad_xlsx(archive.read(n)) for n in names}
    assert not any(bad.values()), {k: v[:5] for k, v in bad.items() if v}
