import re

import pytest

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.cases.conftest import CLEAN

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {k: ("on" if v is True else v) for k, v in CLEAN.items() if v is not False}
    data.update(
        {
            "med-TOTAL_FORMS": "2",
            "med-INITIAL_FORMS": "0",
            "med-MIN_NUM_FORMS": "0",
            "med-MAX_NUM_FORMS": "30",
            "med-0-drug": "oxycodone",
            "med-0-dose": "10",
            "med-0-unit": "mg",
            "med-0-times_per_day": "4",
            "score-TOTAL_FORMS": "1",
            "score-INITIAL_FORMS": "0",
            "score-MIN_NUM_FORMS": "0",
            "score-MAX_NUM_FORMS": "12",
            "score-0-instrument": "peg",
            "score-0-items": "7, 6, 8",
        }
    )
    data.update(overrides)
    return data


def test_presenter_creates_saves_and_submits_through_the_form(client, program, presenter):
    client.force_login(presenter)
    response = client.post(f"/p/{program.slug}/cases/new/")
    case = Case.objects.get()
    assert response["Location"] == f"/p/{program.slug}/cases/{case.pk}/edit/"
    page = client.get(response["Location"]).content.decode()
    assert "Describe the patient without anything that could identify them" in page
    saved = client.post(response["Location"], form_data(action="save", version=str(case.version)))
    assert saved.status_code == 302
    case.refresh_from_db()
    assert case.title == CLEAN["title"] and case.medications.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "60 MME/day" in detail
    submitted = client.post(
        response["Location"], form_data(action="submit", version=str(case.version))
    )
    assert submitted.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_autosave_with_htmx_answers_a_small_status(client, program, presenter, draft):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(title="Autosaved title", version=str(draft.version)),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Draft saved at" in html and "<html" not in html
    draft.refresh_from_db()
    assert draft.title == "Autosaved title"
    assert f'value="{draft.version}"' in html


def test_identifying_text_is_highlighted_in_place_and_the_draft_kept(
    client, program, presenter, draft
):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(
            action="submit",
            version=str(draft.version),
            social_context="Seen at Timmins and District Hospital on March 3, 2024.",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="phi"' in page and "Possible identifying information" in page
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT and "March 3, 2024" in draft.social_context


def test_stale_autosave_is_a_conflict_not_a_loss(client, program, presenter, draft):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(title="From an old tab", version=str(draft.version - 1)),
    )
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    assert "From an old tab" in response.content.decode()  # still in the form


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        # An expert reads a case once the coordinator's privacy review approved it (what the
        # automatic check missed may still be in it until then).
        (Role.EXPERT, 404),
        (Role.PARTICIPANT, 404),
        (Role.EVALUATOR, 403),
        (None, 404),
    ],
)
def test_who_sees_a_submitted_case(as_role, program, presenter, draft, role, status):
    from echohub.cases import services

    services.submit_case(actor=presenter, case=draft)
    response = as_role(program, role).get(f"/p/{program.slug}/cases/{draft.pk}/")
    assert response.status_code == status
    if status == 200:
        assert CLEAN["questions"] in response.content.decode()
        assert AuditEntry.objects.filter(action="case.read", object_id=str(draft.pk)).exists()


def test_an_expert_reads_a_case_once_approved_and_never_a_returned_one(
    make_member, program, presenter, draft
):
    from django.test import Client

    from echohub.cases import services
    from echohub.cases.models import CaseStatus

    expert = Client()
    expert.force_login(make_member(program, Role.EXPERT))
    reviewer = make_member(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/cases/{draft.pk}/"
    services.submit_case(actor=presenter, case=draft)
    assert expert.get(url).status_code == 404
    assert draft.title not in expert.get(f"/p/{program.slug}/cases/").content.decode()
    services.review_case(actor=reviewer, case=draft, approve=False, comments="Age too exact.")
    draft.refresh_from_db()
    assert draft.status == CaseStatus.RETURNED
    assert expert.get(url).status_code == 404
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=reviewer, case=draft, approve=True)
    page = expert.get(url)
    assert page.status_code == 200 and CLEAN["questions"] in page.content.decode()
    assert draft.title in expert.get(f"/p/{program.slug}/cases/").content.decode()


def test_drafts_are_private_to_their_author(as_role, program, draft):
    assert (
        as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/cases/{draft.pk}/").status_code
        == 404
    )


def test_coordinator_reviews_schedules_and_hub_view_shows_mme(
    as_role, program, presenter, draft, upcoming_session
):
    from echohub.cases import services

    services.submit_case(actor=presenter, case=draft)
    client = as_role(program, Role.COORDINATOR)
    client.post(f"/p/{program.slug}/cases/{draft.pk}/review/", {"decision": "approve"})
    client.post(f"/p/{program.slug}/cases/{draft.pk}/schedule/", {"session": upcoming_session.pk})
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SCHEDULED
    page = client.get(f"/p/{program.slug}/sessions/{upcoming_session.pk}/cases/").content.decode()
    assert draft.number in page and "120 MME/day" in page and CLEAN["questions"] in page


def test_participant_cannot_review(as_role, program, presenter, draft):
    from echohub.cases import services

    services.submit_case(actor=presenter, case=draft)
    client = as_role(program, Role.PARTICIPANT)
    assert (
        client.post(
            f"/p/{program.slug}/cases/{draft.pk}/review/", {"decision": "approve"}
        ).status_code
        == 404
    )


def test_expert_recommendation_naming_the_patient_is_refused_and_kept_on_screen(
    as_role, program, presenter, draft, upcoming_session, make_member
):
    from echohub.cases import services

    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    client = as_role(program, Role.EXPERT)
    text = "Please call Mrs. Jane Whitfield at 705-555-0142 to discuss the taper."
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/recommend/",
        {"discipline": "pharmacy", "pharmacy-discipline": "pharmacy", "pharmacy-text": text},
    )
    page = response.content.decode()
    assert (
        response.status_code == 400 and "phone" in page and "Jane Whitfield" in page
    )  # re-shown to its author
    # in the reader's words, with nothing to explain (an expert removes it): no scanner codes
    assert "PHONE" not in page and "Fix or explain" not in page
    assert "This may identify the patient or someone else" in page
    assert not draft.recommendations.exists()
    ok = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/recommend/",
        {
            "discipline": "pharmacy",
            "pharmacy-discipline": "pharmacy",
            "pharmacy-text": "Taper by 10% a month.",
        },
    )
    assert ok.status_code == 302 and draft.recommendations.get().text == "Taper by 10% a month."


def test_saving_twice_keeps_unchanged_medication_rows(client, program, presenter, draft):
    client.force_login(presenter)
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/edit/").content.decode()
    assert 'name="med-INITIAL_FORMS" value="2"' in page
    data = form_data(action="save", version=str(draft.version))
    data.update(
        {
            "med-TOTAL_FORMS": "4",
            "med-INITIAL_FORMS": "2",
            "med-1-drug": "fentanyl",
            "med-1-formulation": "transdermal",
            "med-1-dose": "25",
            "med-1-unit": "mcg/h",
        }
    )
    client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)
    draft.refresh_from_db()
    assert list(draft.medications.values_list("drug", flat=True)) == ["oxycodone", "fentanyl"]
    data["version"] = str(draft.version)
    client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)  # the same rows again
    assert draft.medications.count() == 2


def test_override_from_the_form_lets_the_case_through(client, program, presenter, draft):
    client.force_login(presenter)
    data = form_data(
        action="submit",
        version=str(draft.version),
        social_context="Her daughter Mary Smith drives her.",
    )
    page = client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data).content.decode()
    import re

    keys = re.findall(r'name="key" value="([^"]+)"', page)
    assert keys and all("Mary" not in k for k in keys)
    assert (
        client.post(
            f"/p/{program.slug}/cases/{draft.pk}/override/", {"key": keys[0], "reason": "no"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert not draft.phi_overrides.exists()  # a reason of under five characters is refused
    for key in keys:
        client.post(
            f"/p/{program.slug}/cases/{draft.pk}/override/",
            {"key": key, "reason": "A made-up name from a teaching script"},
        )
    draft.refresh_from_db()
    data["version"] = str(draft.version)
    response = client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_letter_pdf_and_trajectory_after_a_follow_up(
    client, program, presenter, draft, upcoming_session, make_member
):
    import io

    from pypdf import PdfReader

    from echohub.cases import services

    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator,
        case=draft,
        discipline="pharmacy",
        text="Reduce oxycodone by 10% each month.",
    )
    client.force_login(presenter)
    assert (
        client.get(f"/p/{program.slug}/cases/{draft.pk}/letter.pdf").status_code == 404
    )  # not sent yet
    services.send_recommendations(actor=coordinator, case=draft, summary="Slow taper.")
    response = client.get(f"/p/{program.slug}/cases/{draft.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    draft.refresh_from_db()
    assert (
        draft.number in text
        and "Reduce oxycodone by 10% each month." in text
        and "120 MME/day" in text
    )
    assert "Pharmacy" in text and "Ana Lopes" in text
    services.add_follow_up(
        actor=presenter,
        case=draft,
        what_changed="Taper started.",
        medications=[{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "3"}],
        scores=[{"instrument": "peg", "items": [5, 5, 5]}],
    )
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/").content.decode()
    assert "<svg" in page and "Over time" in page
    rows = page.split('id="traj-h"')[1].split("</table>")[0]
    assert "120" in rows and "45" in rows and "7" in rows and "5" in rows
    assert "Download the letter (PDF)" in page
    # In French the chart's coordinates keep their decimal point (a comma drew no dot) and
    # its series are named in French.
    french = client.get(
        f"/p/{program.slug}/cases/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9"
    ).content.decode()
    svg = french.split("<svg")[1].split("</svg>")[0]
    coordinates = re.findall(r'(?:cx|cy)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert "MEM/j" in french.split("<svg")[1].split("</p>")[0]
    outsider = make_member(program, Role.PARTICIPANT)
    client.force_login(outsider)
    assert client.get(f"/p/{program.slug}/cases/{draft.pk}/letter.pdf").status_code == 404
    # Another participant reading the case is not offered a letter they cannot download.
    other_view = client.get(f"/p/{program.slug}/cases/{draft.pk}/")
    assert other_view.status_code == 200
    assert "Download the letter (PDF)" not in other_view.content.decode()


def test_a_submitted_case_is_no_longer_called_a_draft(client, program, presenter, draft):
    from echohub.cases import services

    client.force_login(presenter)
    assert "Draft case #" in client.get(draft.get_absolute_url()).content.decode()
    services.submit_case(actor=presenter, case=draft)
    html = client.get(draft.get_absolute_url()).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "Draft" not in title and f"Case #{draft.pk}" in title


def test_a_refused_medication_row_is_marked_on_its_own_field(client, program, presenter, draft):
    """The refusal of a row (no dose, a strength that is not a number) is shown on that row's
    field, marked invalid (the page focuses it), not at the top of the form; rows left empty
    before it do not shift it onto another row."""
    client.force_login(presenter)
    data = form_data(action="save", version=str(draft.version))
    data.update(
        {
            "med-TOTAL_FORMS": "3",
            "med-0-drug": "",  # an empty row first
            "med-0-dose": "",
            "med-0-unit": "",
            "med-0-times_per_day": "",
            "med-1-drug": "morphine",
            "med-1-dose": "",
            "med-1-unit": "mg",
            "med-2-drug": "oxycodone",
            "med-2-dose": "5",
            "med-2-unit": "mg",
            "med-2-strengths": "5, ten",
        }
    )
    page = client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)
    html = page.content.decode()
    assert page.status_code == 400
    row = html[html.index('id="med-row-1"') : html.index('id="med-row-2"')]
    dose = row[row.index("field-dose") : row.index("field-unit")]
    assert "Medication row 1: give the dose." in dose and 'aria-invalid="true"' in dose
    assert html.count("Medication row 1: give the dose.") == 1  # not also at the top
    data["med-1-dose"] = "10"
    html = client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data).content.decode()
    row = html[html.index('id="med-row-2"') :]
    strengths = row[row.index("field-strengths") :]
    assert "Medication row 2: each strength is not a number." in strengths[:600]
