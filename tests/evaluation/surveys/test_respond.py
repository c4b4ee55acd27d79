"""The personal link /s/<token>/: answers without signing in, every state has its page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from echohub.evaluation import services
from echohub.evaluation.models import Response
from tests.evaluation.surveys.conftest import good_answers


def test_unknown_token_is_404(client, db):
    assert client.get("/s/not-a-token/").status_code == 404


def test_draft_survey_is_404(make_survey, participant, invite, client):
    _inv, token = invite(make_survey(status="draft"), participant)
    assert client.get(f"/s/{token}/").status_code == 404


def test_form_is_accessible_and_answers_without_signing_in(
    make_survey, participant, invite, client
):
    survey = make_survey()
    _inv, token = invite(survey, participant)
    page = client.get(f"/s/{token}/").content.decode()
    assert page.count("<legend>") == 4
    assert 'for="id-a-patients"' in page and 'id="id-a-patients"' in page
    assert 'for="id-a-comments"' in page
    response = client.post(f"/s/{token}/", good_answers(), follow=True)
    assert "Already answered" in response.content.decode()
    assert Response.objects.get().user == participant


def test_errors_in_place_keep_what_was_typed(make_survey, participant, invite, client):
    survey = make_survey()
    _inv, token = invite(survey, participant)
    response = client.post(
        f"/s/{token}/",
        good_answers(
            **{"a-quality": None, "a-patients": "500", "a-role": "hacker", "a-comments": "Kept"}
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This question is required." in page
    assert "Enter a number of at most 100." in page
    assert "Choose one of the options given." in page
    assert 'value="500"' in page and ">Kept</textarea>" in page
    assert 'value="a" id="id-a-topics-1" checked' in page
    assert 'aria-invalid="true"' in page
    assert Response.objects.count() == 0


def test_identifiers_shown_in_place_then_confirmed(make_survey, participant, invite, client):
    survey = make_survey()
    _inv, token = invite(survey, participant)
    text = "Mr John Smith, OHIP 1234-567-890, liked it"
    response = client.post(f"/s/{token}/", good_answers(**{"a-comments": text}))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<mark class="phi"' in page and "Not identifying" in page
    keys = [f.key for f in services.text_findings(survey.questions.all(), {"comments": text})]
    data = good_answers(**{"a-comments": text})
    data["phi_ok"] = keys
    for k in keys:
        data[f"reason-{k}"] = "Made-up name used as an example"
    response = client.post(f"/s/{token}/", data, follow=True)
    assert "Already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_edited_text_without_identifiers_goes_through(make_survey, participant, invite, client):
    _inv, token = invite(make_survey(), participant)
    client.post(f"/s/{token}/", good_answers(**{"a-comments": "Call John Smith at 416-555-0199"}))
    response = client.post(f"/s/{token}/", good_answers(**{"a-comments": "Great didactic"}))
    assert response.status_code == 302 and Response.objects.count() == 1


def test_second_visit_shows_already_answered(make_survey, participant, invite, client):
    _inv, token = invite(make_survey(), participant)
    client.post(f"/s/{token}/", good_answers())
    response = client.post(f"/s/{token}/", good_answers())
    assert response.status_code == 200
    assert "Already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_closed_and_expired_surveys_say_so(make_survey, coordinator, participant, invite, client):
    survey = make_survey(closes_at=timezone.now() + dt.timedelta(days=1))
    _inv, token = invite(survey, participant)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.post(f"/s/{token}/", good_answers())
    assert response.status_code == 410 and "This survey is closed" in response.content.decode()
    services.update_survey(actor=coordinator, survey=survey, data={"closes_at": None})
    services.close_survey(actor=coordinator, survey=survey)
    response = client.get(f"/s/{token}/")
    assert response.status_code == 410
    assert Response.objects.count() == 0


@pytest.mark.parametrize(("lang", "text"), [("fr", "Qualité?"), ("en", "Quality?")])
def test_labels_follow_the_request_language(make_survey, participant, invite, client, lang, text):
    _inv, token = invite(make_survey(), participant)
    page = client.get(f"/s/{token}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert text in page
    assert "Your role" in page  # no French text: English


def test_french_response_records_its_language(make_survey, participant, invite, client):
    _inv, token = invite(make_survey(), participant)
    client.post(f"/s/{token}/", good_answers(), HTTP_ACCEPT_LANGUAGE="fr")
    assert Response.objects.get().language == "fr"
