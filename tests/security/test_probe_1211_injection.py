"""Probe 1211 (output injection): text people type, read back from the formats it ends up in.

Each test writes hostile text where a user can (a session or agenda title, a name), renders the
real output (calendar file, email, PDF, download) and parses it back with an independent reader.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import icalendar
import pytest
from django.test import Client

from echohub.joining import services as joining
from echohub.programs.models import Program, Role
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)

#: Line breaks of every kind a form or the API lets through inside one text.
BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    """tests/security switches the second factor on; these probes are about output."""
    settings.TWO_FACTOR_ENFORCED = False


def _text(value: Any) -> str:
    """An X- property's TEXT value unescaped (icalendar hands X- properties back raw)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def _content_lines(body: bytes) -> list[bytes]:
    """The physical lines of an iCalendar body, split on CRLF only (RFC 5545 3.1)."""
    assert body.endswith(b"\r\n")
    return body[:-2].split(b"\r\n")


def _assert_clean_ics(body: bytes) -> icalendar.Calendar:
    """No bare CR or LF, no control character, every line at most 75 octets, and the file
    parses back (icalendar) into one calendar."""
    for line in _content_lines(body):
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        text = line.decode("utf-8")
        assert not any((ord(c) < 32 and c != "\t") or c == "\x7f" for c in text), line
    return icalendar.Calendar.from_ical(body)


@pytest.mark.parametrize("brk", BREAKS)
def test_a_session_title_with_a_line_break_cannot_add_calendar_properties(
    client: Client, program: Program, make_member: Any, brk: str
) -> None:
    title = f"Tapering{brk}X-INJECTED:1{brk}END:VCALENDAR; a, b"
    session = SessionFactory(
        program=program, title=title, starts_at=START, ends_at=START + dt.timedelta(hours=1)
    )
    AgendaItemFactory(session=session, title=f"Naloxone{brk}ATTENDEE:mailto:x@example.test")
    user = make_member(program, Role.PARTICIPANT)
    client.force_login(user)
    for response in (
        client.get(f"/p/{program.slug}/sessions/{session.pk}/calendar.ics"),
        client.get(f"/calendar/{joining.calendar_feed_for(user).token}.ics"),
    ):
        assert response.status_code == 200, response.content[:300]
        cal = _assert_clean_ics(response.content)
        names = {name for c in cal.walk() for name in c}
        assert "X-INJECTED" not in names and "ATTENDEE" not in names
        [event] = cal.walk("VEVENT")
        summary = str(event["SUMMARY"])
        assert "X-INJECTED:1" in summary and "END:VCALENDAR; a, b" in summary
        assert "Naloxone" in str(event["DESCRIPTION"])
        if "X-WR-CALNAME" in cal:
            calname = _text(cal["X-WR-CALNAME"])
            assert "X-INJECTED:1" in calname or "echohub" in calname


def test_a_long_accented_title_is_folded_and_reads_back_whole(
    client: Client, program: Program, make_member: Any
) -> None:
    title = "Évaluation « douleur », tapering; " * 5
    session = SessionFactory(
        program=program, title=title[:200], starts_at=START, ends_at=START + dt.timedelta(hours=1)
    )
    client.force_login(make_member(program, Role.PARTICIPANT))
    body = client.get(f"/p/{program.slug}/sessions/{session.pk}/calendar.ics").content
    cal = _assert_clean_ics(body)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith(title[:200])
    # icalendar reads an X- property back as it stands: unescape it as the TEXT it is.
    assert _text(cal["X-WR-CALNAME"]) == title[:200]
    # RFC 5545 3.3.11: "," and ";" escaped in TEXT, the calendar's name (an X- property) too.
    unfolded = body.replace(b"\r\n ", b"").decode()
    for name in ("SUMMARY", "X-WR-CALNAME"):
        [line] = [x for x in unfolded.split("\r\n") if x.startswith(name + ":")]
        assert line.endswith("»\\, tapering\\; "), line


def test_a_certificate_prints_typed_markup_as_text() -> None:
    """reportlab paragraphs read <b>, &amp; and </para> as markup: typed text is escaped first,
    so the PDF's text (read back with pypdf) is exactly what was typed."""
    import io

    from pypdf import PdfReader

    from echohub.credits.certificates import render_pdf

    typed = 'Dr <b>Ana</b> & </para><font color="red">Lee</font> &amp; co'
    facts = {
        "activity_title": typed,
        "number": "C-7",
        "provider_name": typed,
        "heading": "Certificate",
        "name": typed,
        "licence_number": "12345",
        "credits": "1.5",
        "credit_name": "Mainpro+",
        "minutes": 90,
        "dates": "2026-11-26",
        "format": "Group learning",
        "program": typed,
        "issued_on": "2026-11-27",
        "statement": typed,
        "provider_contact": "office@example.test",
        "sessions": [],
    }
    pdf = render_pdf(facts)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert sum(typed in line for line in lines) >= 4, text
