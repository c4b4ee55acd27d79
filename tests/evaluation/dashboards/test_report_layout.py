"""The program report PDF reads as a document: its period in words (never a literal "…"), every
profession and region listed with labels that wrap, headings kept with what follows them, and
nothing past the margins; checked by parsing the PDF back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from reportlab.lib.units import inch

from echohub.accounts.models import Profession
from echohub.evaluation import dashboards
from echohub.evaluation.report import program_report_pdf
from echohub.programs.models import Role
from tests.cases.pdf_layout import last_lines, look_at, overflowing
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

MARGIN = 0.9 * inch
HEADINGS = {
    "Key figures",
    "Reach by month",
    "Participants by profession",
    "Participants by region",
    "Cases and outcomes",
    "Cases by theme",
    "Surveys",
}
LONG_REGION = "Regional Municipality of Northumberland, Peterborough and Kawartha Lakes East"


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def report(net, **params) -> bytes:
    from django.test import Client

    client = Client()
    user = UserFactory()
    MembershipFactory(program=net.program, user=user, role=Role.COORDINATOR)
    client.force_login(user)
    path = reverse("evaluation:report", kwargs={"slug": net.program.slug})
    response = client.get(path, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_period_is_in_words_from_the_first_session(net):
    pdf = report(net, date_to="2026-03-31")
    text = text_of(pdf)
    assert "Program report: 4 Dec 2025 to 31 Mar 2026" in text  # the program's first session
    assert "…" not in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Chronic Pain – Program report, 4 Dec 2025 to 31 Mar 2026"
    text = text_of(report(net, date_from="2026-01-01", date_to="2026-01-31"))
    assert "Program report: 1 Jan 2026 to 31 Jan 2026" in text


def test_a_program_without_sessions_says_up_to(db):
    program = ProgramFactory(name="New program")
    pdf = program_report_pdf(program, dashboards.Filters(date_to=dt.date(2026, 3, 31)))
    text = text_of(pdf)
    assert "Program report: up to 31 Mar 2026" in text and "…" not in text


def _attendees(net, professions, region_of=lambda i: "North East"):
    session = net.sessions[1]
    for i, profession in enumerate(professions):
        site = SiteFactory(program=net.program, region=region_of(i))
        user = UserFactory(profession=profession)
        MembershipFactory(program=net.program, user=user, role=Role.PARTICIPANT, site=site)
        net.attend(session, user, 70)


def test_every_profession_is_listed_not_only_the_top_ten(net):
    _attendees(net, Profession.values)  # 17 professions, plus the network's
    pdf = report(net, date_to="2026-03-31")
    text = text_of(pdf)
    section = text.split("Participants by profession")[1].split("Participants by region")[0]
    labels = [str(label) for label in Profession.labels]
    missing = [label for label in labels if label not in section]
    assert missing == [] and len(labels) > 10


def test_long_labels_wrap_inside_the_page(net):
    _attendees(net, ["pharmacist"] * 3, region_of=lambda i: LONG_REGION)
    pdf = report(net, date_to="2026-03-31")
    look_at(pdf, "program-report")
    assert LONG_REGION in text_of(pdf)  # whole, on wrapped lines
    assert overflowing(pdf, MARGIN) == []


def test_headings_are_never_the_last_line_of_a_page(net):
    """Grow the region list a few rows at a time so each heading falls at many places of a
    page: none is ever left alone at the bottom."""
    stranded = []
    pages_seen = set()
    for grow in range(8):
        _attendees(net, ["registered_nurse"] * 4, region_of=lambda i, g=grow: f"Region {g:02d}-{i}")
        pdf = report(net, date_to="2026-03-31")
        ends = last_lines(pdf)
        pages_seen.add(len(ends) + 1)
        stranded += [line for line in ends if line in HEADINGS]
    assert stranded == []
    assert max(pages_seen) >= 2  # the check did run across page breaks


def test_a_suppressed_figure_is_printed_without_a_bar(net):
    from echohub.evaluation.report import _bars, _Styles

    rows = [{"label": "Pharmacist", "n": 12}, {"label": "Dietitian", "n": dashboards.SUPPRESSED}]
    table = _bars(_Styles(), rows, "People")
    assert table is not None
    cells = table._cellvalues
    assert cells[2][1] == "" and cells[2][2].getPlainText() == dashboards.SUPPRESSED
    assert cells[1][1] != ""  # a drawn bar
