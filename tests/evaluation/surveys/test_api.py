"""The surveys API: a personal link answers."""

from __future__ import annotations

from echohub.evaluation.models import Response

ANSWERS = {
    "quality": "3",
    "role": "rn",
    "topics": ["a"],
    "patients": 4,
    "se": {"taper": "1", "oud": "2"},
    "comments": "Good",
}


def test_answer_by_token(make_survey, participant, invite, client):
    _inv, token = invite(make_survey(), participant)
    url = f"/api/v1/surveys/respond/{token}"
    bad = client.post(
        url, {"answers": {**ANSWERS, "patients": 1000}}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_answers"
    assert "a-patients" in bad.json()["errors"]
    phi = client.post(
        url,
        {"answers": {**ANSWERS, "comments": "John Smith OHIP 1234-567-890"}},
        content_type="application/json",
    )
    assert phi.json()["code"] == "phi_found" and phi.json()["findings"]
    ok = client.post(url, {"answers": ANSWERS}, content_type="application/json")
    assert ok.status_code == 201
    again = client.post(url, {"answers": ANSWERS}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    assert Response.objects.count() == 1
    assert (
        client.post(
            "/api/v1/surveys/respond/nope", {"answers": {}}, content_type="application/json"
        ).status_code
        == 404
    )
