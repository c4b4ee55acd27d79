"""The recommendations letter keeps to its page: a long case title wraps, the taper table fits
between the margins whatever the regimen; checked by parsing the PDF back (pypdf) and measuring
where each text run ends."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import inch

from echohub.cases import services
from echohub.cases.letter import recommendations_pdf
from echohub.cases.models import Case
from echohub.cases.queries import mme_of
from echohub.programs.models import Role
from tests.cases.pdf_layout import look_at, overflowing

pytestmark = pytest.mark.django_db

MARGIN = 0.9 * inch
LONG_TITLE = (
    "Chronic widespread pain with poor sleep, low mood and escalating opioid doses after a "
    "failed spinal cord stimulator trial, now on three opioids and a gabapentinoid"
)
REGIMEN = [
    {"drug": "oxycodone", "dose": "20", "unit": "mg", "times_per_day": "4", "strengths": "5, 10"},
    {"drug": "hydromorphone", "dose": "4", "unit": "mg", "frequency": "q4h", "as_needed": True},
    {"drug": "fentanyl", "formulation": "transdermal", "dose": "75", "unit": "mcg/h"},
    {
        "drug": "morphine",
        "formulation": "extended-release",
        "dose": "30",
        "unit": "mg",
        "times_per_day": "2",
        "strengths": "15, 30",
    },
]


@pytest.fixture
def sent(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)
    draft = services.save_draft(
        actor=presenter,
        case=draft,
        data={"title": LONG_TITLE, "mme_table": "cdc2022"},
        medications=REGIMEN,
    )
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="A slow taper; see the plan."
    )
    services.attach_taper_plan(
        actor=make_member(program, Role.EXPERT),
        case=draft,
        rule="cdc2022-long-term",
        start_date=dt.date(2026, 12, 1),
    )
    services.send_recommendations(actor=coordinator, case=draft)
    return Case.objects.get(pk=draft.pk)


def _letter(client, program, case, presenter) -> bytes:
    client.force_login(presenter)
    response = client.get(f"/p/{program.slug}/cases/{case.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_long_case_title_wraps_inside_the_page(client, program, presenter, sent):
    pdf = _letter(client, program, sent, presenter)
    look_at(pdf, "letter")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"{sent.number}: {LONG_TITLE}" in text  # all of it, on wrapped lines
    assert overflowing(pdf, MARGIN) == []


def test_the_taper_table_fits_between_the_margins(client, program, presenter, sent):
    assert sent.taper_plan and len(sent.taper_plan["steps"]) > 5
    pdf = _letter(client, program, sent, presenter)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Follow up by" in text and "hydromorphone" in text
    assert overflowing(pdf, MARGIN) == []


def test_an_earlier_plan_version_fits_too(program, presenter, sent):
    plan = {
        "rule": {"guideline": "CDC 2022", "label": "Long-term use, 10% a month"},
        "percent": 10,
        "interval": "month",
        "start_mme_per_day": 180,
        "dose_unit": "mg",
        "dose_step": 5,
        "steps": [
            {
                "step": i,
                "date": f"2027-{i:02d}-01",
                "percent_of_start": 100 - 10 * i,
                "daily_dose": 120 - 10 * i,
                "mme_per_day": 180 - 15 * i,
                "follow_up_by": f"2027-{i:02d}-15",
                "note": "Hold the dose here if withdrawal symptoms or pain flare; reassess "
                "function, mood and sleep before the next step." * (1 if i % 2 else 2),
            }
            for i in range(1, 10)
        ],
        "follow_ups": ["2027-01-15"],
    }
    Case.objects.filter(pk=sent.pk).update(taper_plan=plan)
    case = Case.objects.get(pk=sent.pk)
    pdf = recommendations_pdf(case, mme=mme_of(list(case.medications.all()), case.mme_table))
    assert overflowing(pdf, MARGIN) == []
