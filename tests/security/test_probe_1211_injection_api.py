"""Probe 1211 (output injection), JSON and download headers: typed text comes back as JSON
strings, never as an HTML page, and a file name from an upload cannot add a header."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.library.files import content_disposition, safe_filename
from echohub.library.models import FileKind
from echohub.programs.models import Program, Role

MARKUP = '<img src=x onerror="alert(1)"> & </script> "q"'


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


@pytest.mark.django_db
def test_a_site_name_with_markup_comes_back_as_the_same_json_string(
    program: Program, make_member: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_member(program, Role.COORDINATOR))
    url = f"/api/v1/programs/{program.slug}/sites"
    made = client.post(
        url,
        {"name": MARKUP, "region": "North East", "population_served": MARKUP},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content[:300]
    assert made["Content-Type"].startswith("application/json")
    body = json.loads(made.content)
    assert body["name"] == MARKUP and body["population_served"] == MARKUP
    listed = client.get(url)
    assert listed["Content-Type"].startswith("application/json")
    assert MARKUP in [s["name"] for s in json.loads(listed.content)["items"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/programs/%3Cscript%3Ealert(1)%3C%2Fscript%3E/sites",
        "/api/v1/%3Csvg%20onload%3Dalert(1)%3E",
        "/api/v1/programs/chronic-pain/sites/1%3Cb%3E",
    ],
)
def test_an_api_error_about_typed_text_is_json_not_a_page(
    program: Program, make_member: Any, path: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(make_member(program, Role.COORDINATOR))
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    assert json.loads(response.content)["code"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_a_download_name_from_an_upload_cannot_break_its_header(name: str) -> None:
    header = content_disposition(safe_filename(name, FileKind.PDF))
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    assert header.isascii()
    assert header.startswith('attachment; filename="')
    quoted = header.split('"')
    assert len(quoted) == 3, header  # exactly one quoted ASCII name, nothing breaks out of it
    assert quoted[2].startswith("; filename*=UTF-8''")
