"""Attendance in French: the engine's import refusals on the upload page, the review reasons
the engine really writes, and the export's column headers (issue 14)."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import html
import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from echohub.attendance import import_text
from echohub.attendance import reconcile as engine
from echohub.attendance.errors import AttendanceError
from echohub.attendance.import_text import review_reason
from echohub.attendance.models import AttendanceRow, ImportBatch
from echohub.attendance.services import readable_reason
from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}
HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
ENGINE = Path(__file__).resolve().parents[2] / "src" / "echohub" / "attendance"


def _report(*lines: str) -> str:
    return HEADER + "\n".join(lines) + "\n"


ROW = "Priya Cardinal,priya@example.org,01/08/2026 12:25:00 PM,01/08/2026 01:40:00 PM,75,No"
ELSEWHERE = "Hope Mercer,,01/15/2026 12:30:00 PM,01/15/2026 01:30:00 PM,60,Yes"
MORNING = "Hope Mercer,,01/08/2026 08:00:00 AM,01/08/2026 09:00:00 AM,60,Yes"


@pytest.fixture
def session(program):
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)  # 12:30 in Toronto
    return SessionFactory(
        program=program,
        title="Opioid tapering",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )


@pytest.fixture
def coordinator_fr(client, program, make_member):
    client.force_login(make_member(program, Role.COORDINATOR, language="fr"))
    return client


def _upload(client, program, session, data: bytes) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("rapport.csv", data, content_type="text/csv"),
            "time_zone": "America/Toronto",
        },
        **FR,
    )
    assert response.status_code == 400
    assert not AttendanceRow.objects.exists() and not ImportBatch.objects.exists()
    return html.unescape(response.content.decode())


# French times hold no-break spaces, « 12 h 30 » (walk 1211).
REFUSED = {
    "shift_jis": (
        _report("山田 太郎,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes").encode(
            "shift_jis"
        ),
        ["n’est pas en UTF-8", "CSV UTF-8"],
        "This file is not in UTF-8",
    ),
    "time_outside_session": (
        _report(ROW, ELSEWHERE).encode(),
        ["Ligne 2", "jeudi 15 janvier 2026, 12\u00a0h\u00a030", "plus de 12 heures"],
        "joined",
    ),
    "no_overlap": (
        _report(MORNING).encode(),
        ["Personne dans ce rapport", "jeudi 8 janvier 2026, 12\u00a0h\u00a030", "America/Toronto"],
        "No one in this report",
    ),
    "wrong_meeting_id": (
        b"Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        b"999 9999 9999,Other,01/08/2026 12:30:00 PM,01/08/2026 02:00:00 PM,x@y.z,90,3\n\n"
        + _report(ROW).encode(),
        ["le rapport est celui de la réunion 999 9999 9999", "812 3456 7890"],
        "the report is for meeting",
    ),
    "wrong_meeting_week": (
        b"Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        b"812 3456 7890,Same,01/01/2026 12:30:00 PM,01/01/2026 02:00:00 PM,x@y.z,90,3\n\n"
        + _report(ROW).encode(),
        ["jeudi 1er janvier 2026, 12\u00a0h\u00a030", "une autre semaine"],
        "Is this the report of another week",
    ),
    "truncated_row": (
        _report(ROW, "Hope Mercer,,01/08/2026 12:30:00 PM").encode(),
        ["Ligne 2, ligne 3\u00a0: a 3 colonnes sur 6"],
        "truncated file",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_import_refusal_is_said_in_french_on_the_page(coordinator_fr, program, session, case):
    data, french, english = REFUSED[case]
    page = _upload(coordinator_fr, program, session, data)
    for text in french:
        assert text in page, text
    assert english not in page


def test_the_same_refusal_stays_english_for_an_english_reader(
    client, program, session, make_member
):
    client.force_login(make_member(program, Role.COORDINATOR, language="en"))
    response = client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {"file": _file(_report(MORNING).encode()), "time_zone": "America/Toronto"},
    )
    page = html.unescape(response.content.decode())
    assert "No one in this report was in the session (Thursday 8 January 2026, 12:30" in page
    assert "Personne" not in page


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("report.csv", data, content_type="text/csv")


def test_a_failed_zoom_fetch_is_said_in_french(coordinator_fr, program, session, settings):
    settings.ZOOM_ACCOUNT_ID = ""
    response = coordinator_fr.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/fetch-zoom/", follow=True, **FR
    )
    page = html.unescape(response.content.decode())
    assert "L’API Zoom n’est pas configurée" in page
    assert "is not configured" not in page


def _engine_templates() -> list[tuple[str, int, str]]:
    """Every message the engine marks with gettext_noop, read from its source."""
    found = []
    for name in ("zoom_csv.py", "reconcile.py", "zoom_api.py"):
        tree = ast.parse((ENGINE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "gettext_noop"
            ):
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), (name, node.lineno)
                found.append((name, node.lineno, argument.value))
    return found


def test_every_engine_refusal_has_its_french_with_the_same_values():
    templates = _engine_templates()
    assert len(templates) >= 40  # the engine's refusals, not an empty scan
    with translation.override("fr"):
        for name, line, english in templates:
            french = translation.gettext(english)
            assert french != english, f"{name}:{line} has no French: {english}"
            for value in ("%(", ")s"):
                assert english.count(value) == french.count(value), (name, line, french)


def test_values_are_said_as_a_french_reader_writes_them():
    error = AttendanceError(
        "too_many_rows",
        "the file has more than %(count)s rows: a participants report of one session never "
        "does. Check that this is the right file.",
        params={"count": 20_000},
    )
    assert "20,000" in error.message  # the engine and the command line: English
    with translation.override("fr"):
        said = import_text.refusal(error)
    assert "20 000" in said.replace("\xa0", " ") and "rows" not in said


# --- review reasons, as the engine writes them ----------------------------------------------------


def _engine_reasons() -> dict[str, str]:
    """Reasons the engine writes, produced by the engine (they cannot drift from it), with the
    ids written as names as the import stores them."""
    roster = [
        engine.RosterPerson("1", "Ana", "Lopes", "ana@example.org"),
        engine.RosterPerson("2", "Bea", "Roy", "roy@example.org"),
        engine.RosterPerson("3", "Carl", "Roy", "roy@example.org"),
        engine.RosterPerson("4", "Dan", "Poe", "dan@example.org", zoom_registrant_id="R1"),
        engine.RosterPerson("5", "Eve", "Poe", "eve@example.org", zoom_registrant_id="R1"),
    ]
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    session = engine.Session(start, start + dt.timedelta(minutes=90), "America/Toronto")
    rows = {
        "email_shared": ("Someone Else", "roy@example.org", ""),
        "email_belongs_to_another": ("Bea Roy", "ana@example.org", ""),
        "device_owner": ("Kim's iPhone (Ana Lopes)", "", ""),
        "registrant_shared": ("Dan Poe", "", "R1"),
        "name_but_email_elsewhere": ("Ana Lopes", "ana.lopes@elsewhere.test", ""),
        "guest": ("Zed Unknown", "", ""),
    }
    made = [
        engine.make_row(
            row=number,
            name=name,
            email=email,
            registrant_id=registrant,
            join=start,
            leave=start + dt.timedelta(minutes=60),
            source="zoom_api",
        )
        for number, (name, email, registrant) in enumerate(rows.values(), start=1)
    ]
    result = engine.reconcile(made, roster, session)
    people = {person.person_id: person for person in roster}
    return {
        key: readable_reason(decision, people)
        for key, decision in zip(rows, result.rows, strict=True)
    }


def test_the_reasons_the_engine_writes_are_said_in_french():
    reasons = _engine_reasons()
    # the three the audit found in English, as the engine writes them
    assert reasons["email_shared"].startswith("e-mail shared by Bea Roy <roy@example.org>")
    assert reasons["email_belongs_to_another"].startswith("e-mail belongs to Ana Lopes")
    assert reasons["device_owner"].startswith("device owner kim does not fit Ana Lopes")
    with translation.override("fr"):
        said = {key: review_reason(text) for key, text in reasons.items()}
    for key, text in said.items():
        assert text != reasons[key], f"{key} still in English: {text}"
        for english in ("shared by", "belongs to", "does not fit", "e-mail", "not on the roster"):
            assert english not in text, (key, text)
    assert said["email_shared"] == (
        "courriel partagé par Bea Roy <roy@example.org>, Carl Roy <roy@example.org>"
    )
    assert said["device_owner"] == (
        "le propriétaire de l’appareil (kim) ne correspond pas à Ana Lopes <ana@example.org>"
    )
    assert said["email_belongs_to_another"] == (
        "le courriel appartient à Ana Lopes <ana@example.org>, mais le nom est celui de "
        "Bea Roy <roy@example.org>"
    )


# --- exports ----------------------------------------------------------------------------------


def test_the_attendance_export_has_headers_in_the_readers_language(
    coordinator_fr, program, session
):
    base = f"/p/{program.slug}/attendance/sessions/{session.pk}/"
    response = coordinator_fr.get(base + "export.csv", **FR)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == [
        "Identifiant de la séance",
        "Séance",
        "Début de la séance (UTC)",
        "Fin de la séance (UTC)",
    ]
    assert "Courriel" in header and "Minutes calculées" in header
    assert not any("_" in cell for cell in header)
    book = openpyxl.load_workbook(io.BytesIO(coordinator_fr.get(base + "export.xlsx").content))
    assert book.sheetnames == ["Présences", "Lignes non attribuées"]
    assert [c.value for c in book["Présences"][1]] == header
    assert "Nom dans le rapport" in [c.value for c in book["Lignes non attribuées"][1]]


# --- video provider incidents ---------------------------------------------------------------------


def test_a_provider_incident_is_said_in_each_coordinators_language(
    coordinator_fr, program, session
):
    from django.urls import reverse

    from echohub.joining.services import report_incident
    from echohub.joining.video.base import BBB_REFUSED, ProviderError, said

    error = ProviderError("provider_refused", BBB_REFUSED, key="checksumError")
    incident = report_incident(session=session, provider="bbb", error=error)
    assert incident.message == "BigBlueButton refused to create the meeting (checksumError)."
    page = html.unescape(
        coordinator_fr.get(
            reverse("scheduling:session", kwargs={"slug": program.slug, "pk": session.pk}), **FR
        ).content.decode()
    )
    assert "BigBlueButton a refusé de créer la réunion (checksumError)." in page
    assert "refused to create" not in page
    with translation.override("fr"):
        assert said("Zoom did not answer (ConnectTimeout).") == (
            "Zoom n’a pas répondu (ConnectTimeout)."
        )
        assert said("Something new from a provider.") == "Something new from a provider."
    with translation.override("en"):
        assert incident.said == incident.message
