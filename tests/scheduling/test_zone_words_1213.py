"""Time zones in words on the scheduling and attendance screens (the walk of 2026-12-06 found
the IANA keys "America/Toronto" in the session page and ~470 raw keys in the session and
attendance-import pickers)."""

import re

import pytest

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} picker"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_session_page_names_the_program_zone_in_words(as_role, program):
    session = SessionFactory(program=program, time_zone="America/Winnipeg")
    client = as_role(program, Role.PARTICIPANT)
    html = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert "Central time (Winnipeg)" in html
    assert "America/Winnipeg" not in html
    client.cookies["django_language"] = "fr"
    html = client.get(
        f"/p/{program.slug}/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Heure du Centre (Winnipeg)" in html
    assert "America/Winnipeg" not in html


def test_series_picker_offers_zones_in_words_and_accepts_any_known_key(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    html = client.get(f"/p/{program.slug}/sessions/series/new/").content.decode()
    options = _options(html, "time_zone")
    labels = dict(options)
    assert labels["America/Toronto"] == "Eastern time (Toronto)"
    assert options[0][0] == "America/Toronto"  # Canada's zones first
    assert not any(label == key and "/" in key for key, label in options)


def test_single_session_picker_names_zones_in_words(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    html = client.get(f"/p/{program.slug}/sessions/new/").content.decode()
    assert dict(_options(html, "time_zone"))["America/Halifax"] == "Atlantic time (Halifax)"


def test_attendance_import_picker_names_zones_in_words(as_role, program):
    session = SessionFactory(program=program)
    client = as_role(program, Role.COORDINATOR)
    html = client.get(f"/p/{program.slug}/attendance/sessions/{session.pk}/").content.decode()
    options = _options(html, "time_zone")
    assert dict(options)["America/Vancouver"] == "Pacific time (Vancouver)"
    assert not any(label == key and "/" in key for key, label in options)
