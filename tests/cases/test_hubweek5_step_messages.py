"""What the hubweek5 walk (hubwalk10) found on a case's page: every step of the workflow
answered with the same banner, "Saved.": approving a case in privacy review, returning it,
placing it in a session, sending the recommendations. The coordinator could not tell from the
page what had happened, nor that the presenter had been emailed. Each step now says what it
did. And the privacy warnings of the case form named a required field with the form's star:
"1 possible identifier in Questions for the hub *"."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages

from echohub.cases import services
from echohub.cases.models import CaseStatus
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(presenter, draft):
    services.submit_case(actor=presenter, case=draft)
    return draft


def _banner(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_approving_says_the_case_is_approved_and_the_presenter_emailed(as_role, program, submitted):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/",
        {"decision": "approve", "theme": "", "comments": ""},
    )
    assert response.status_code == 302
    assert _banner(response) == ["Case approved. The presenter is told by email."]
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.APPROVED


def test_returning_says_it_went_back_with_the_comments(as_role, program, submitted):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/",
        {"decision": "return", "theme": "", "comments": "Remove the clinic's name."},
    )
    assert _banner(response) == ["Case returned to the presenter with your comments, by email."]


def test_placing_in_a_session_names_the_session(as_role, program, submitted, upcoming_session):
    client = as_role(program, Role.COORDINATOR)
    client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/",
        {"decision": "approve", "theme": "", "comments": ""},
    )
    list(get_messages(client.get("/").wsgi_request))  # the approval's banner, read
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/schedule/", {"session": upcoming_session.pk}
    )
    assert response.status_code == 302
    assert _banner(response) == [
        f"Case placed in {upcoming_session.title}. The presenter is told by email."
    ]


def test_the_privacy_warning_names_a_required_field_without_its_star(
    as_role, program, draft, presenter, client
):
    client.force_login(presenter)
    data = {k: v for k, v in {**_form_of(client, program, draft)}.items() if not k.startswith("_")}
    data["questions"] = "Seen at the clinic on 12 November 2026: how slow should the taper be?"
    data["action"] = "submit"
    response = client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"possible identifiers? in Questions for the hub<", page), page[:3000]
    assert not re.search(r"possible identifiers? in Questions for the hub \*", page)


def _form_of(client, program, case) -> dict[str, str]:
    """The case form's fields as the browser would post them (text inputs, selects, boxes)."""
    page = client.get(f"/p/{program.slug}/cases/{case.pk}/edit/").content.decode()
    data: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data.setdefault(name, value)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data["attest_deidentified"] = "on"
    data["patient_agreed"] = "on"
    return data
