"""What the hubweek4 walk found when an expert corrected a recommendation held for an
identifier: the page came back with the text and the error under the box, but the form's
hidden `discipline` field was empty (it read the unbound form's initial value), so the corrected
text, saved from that page, was refused with "Write the recommendations." and lost. The page
shown again now posts its discipline, and the corrected text is saved."""

import re

import pytest

from echohub.cases import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(program, presenter, draft, upcoming_session, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    return draft


def _form_fields(page: str, prefix: str) -> dict[str, str]:
    """The hidden fields of the form that holds the `prefix` box, as the browser would post."""
    form = next(
        f for f in re.findall(r"<form[^>]*>.*?</form>", page, re.S) if f'id="id_{prefix}-text"' in f
    )
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_a_held_recommendation_corrected_on_the_page_shown_again_is_saved(
    as_role, program, scheduled
):
    client = as_role(program, Role.EXPERT)
    url = f"/p/{program.slug}/cases/{scheduled.pk}/recommend/"
    held = client.post(
        url,
        {
            "discipline": "pharmacy",
            "pharmacy-discipline": "pharmacy",
            "pharmacy-text": "Call me at 416-555-0142 before the next step.",
        },
    )
    assert held.status_code == 400
    fields = _form_fields(held.content.decode(), "pharmacy")
    assert fields.get("discipline") == "pharmacy"
    fields.pop("csrfmiddlewaretoken", None)
    fields["pharmacy-text"] = "Hold pregabalin at the current dose and offer naloxone."
    saved = client.post(url, fields)
    assert saved.status_code == 302
    assert scheduled.recommendations.get().text == fields["pharmacy-text"]
