"""What an English walk (round walk5) found on the expert's side of a case: a recommendation
refused for a possible identifier, or sent empty, said so only in a banner at the top of a long
page (with the scanner's codes, "FACILITY, NAME, PHONE"), nothing under the discipline's box and
nothing marked invalid, so focus stayed at the top and the box the expert typed in was far down.
The refusal now also stands under the box, in words, with the box marked invalid (app.js moves
focus to it) and the text kept."""

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


def _textarea(page: str, prefix: str) -> str:
    match = re.search(rf'<textarea[^>]*id="id_{prefix}-text"[^>]*>', page)
    assert match, page
    return match.group(0)


def test_a_recommendation_with_an_identifier_is_refused_under_its_box(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    text = "Ask Dr Helen Marchand at 613-555-0177 before the next step."
    response = client.post(
        f"/p/{program.slug}/cases/{scheduled.pk}/recommend/",
        {"discipline": "medicine", "medicine-discipline": "medicine", "medicine-text": text},
    )
    page = response.content.decode()
    assert response.status_code == 400
    box = _textarea(page, "medicine")
    assert 'aria-invalid="true"' in box and 'aria-describedby="id_medicine-text_error"' in box
    error = re.search(r'<p class="error" id="id_medicine-text_error">([^<]*)</p>', page)
    assert error, "no error under the box"
    said = error.group(1)
    assert said.startswith("This may identify the patient or someone else (")
    assert "phone" in said and "PHONE" not in said  # words, not the scanner's codes
    assert text in page.split('id="id_medicine-text"', 1)[1].split("</textarea>", 1)[0]
    assert not scheduled.recommendations.exists()
    # The other disciplines' boxes are not marked.
    assert 'aria-invalid="true"' not in _textarea(page, "pharmacy")


def test_an_empty_recommendation_says_what_to_do_under_its_box(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    response = client.post(
        f"/p/{program.slug}/cases/{scheduled.pk}/recommend/",
        {"discipline": "nursing", "nursing-discipline": "nursing", "nursing-text": "   "},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in _textarea(page, "nursing")
    assert '<p class="error" id="id_nursing-text_error">Write the recommendations.</p>' in page
    assert "This field is required." not in page
    assert not scheduled.recommendations.exists()


def test_a_clean_recommendation_is_saved_with_no_error(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    response = client.post(
        f"/p/{program.slug}/cases/{scheduled.pk}/recommend/",
        {
            "discipline": "medicine",
            "medicine-discipline": "medicine",
            "medicine-text": "Slow the taper to 10% every four weeks.",
        },
    )
    assert response.status_code == 302
    assert scheduled.recommendations.get().text == "Slow the taper to 10% every four weeks."
