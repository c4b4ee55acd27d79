"""What the hubweek4 walk found in the privacy review: a coordinator who chose "Return with
comments" (and corrected the theme) but forgot the comments got only a banner, "Tell the
presenter what to change.", and the form came back reset to "Approve" with the presenter's
theme. Typing the comments and pressing "Record the review" again then *approved* the case.
The refused review now comes back with the decision, theme and comments as typed, the error
under the comments box."""

import re

import pytest

from echohub.cases import services
from echohub.cases.models import CaseStatus
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(presenter, draft):
    services.submit_case(actor=presenter, case=draft)
    return draft


def _selected(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, page
    chosen = re.search(r'<option value="([^"]*)" selected', select.group(1))
    return chosen.group(1) if chosen else ""


def test_a_return_without_comments_keeps_the_decision_and_theme(as_role, program, submitted):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/",
        {"decision": "return", "theme": "high_dose", "comments": "  "},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert _selected(page, "decision") == "return"
    assert _selected(page, "theme") == "high_dose"
    # The error stands under the comments box, which is marked invalid.
    box = re.search(r'<textarea[^>]*name="comments"[^>]*>', page)
    assert box and 'aria-invalid="true"' in box.group(0)
    assert re.search(r'<p class="error" id="id_comments_error">Tell the presenter what to', page)
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED


def test_a_return_with_comments_is_recorded(as_role, program, submitted):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/",
        {"decision": "return", "theme": "", "comments": "Remove the husband's name."},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.RETURNED
    assert submitted.review_comments == "Remove the husband's name."


def test_the_review_starts_with_no_decision_and_an_untouched_form_approves_nothing(
    as_role, program, submitted
):
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/cases/{submitted.pk}/").content.decode()
    assert _selected(page, "decision") == ""
    # a browser shows (and posts) the first option when none is selected: it must be no choice
    select = re.search(r'<select name="decision"[^>]*>(.*?)</select>', page, re.S)
    assert select and re.search(r'<option value="([^"]*)"', select.group(1)).group(1) == ""
    response = client.post(
        f"/p/{program.slug}/cases/{submitted.pk}/review/", {"theme": "", "comments": ""}
    )
    assert response.status_code == 400
    assert re.search(
        r'<p class="error" id="id_decision_error">Choose approve or return',
        (response.content.decode()),
    )
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED
