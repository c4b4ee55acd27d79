"""The surveys API: a personal link answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.accounts.models import ApiToken
from echohub.core.models import AuditEntry
from echohub.evaluation import queries, services
from echohub.evaluation.models import Response, SurveyStatus
from tests.factories import QuestionFactory, SurveyFactory

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


# --- coordinators: list, detail, open, close ------------------------------------------------


def _api(client: Any, user: Any) -> dict[str, str]:
    _token, raw = ApiToken.issue(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Any, url: str, headers: dict[str, str]) -> Any:
    return client.post(url, "{}", content_type="application/json", **headers)


def test_list_surveys_with_invited_answered_and_rate(
    make_survey, participant, coordinator, invite, program, make_member, client
):
    older = make_survey(title="Older", status="draft")
    survey = make_survey(title="Newer")
    other = make_member(program, "participant")
    inv, _token = invite(survey, participant)
    invite(survey, other)
    inv.responded = True
    inv.save()
    headers = _api(client, coordinator)
    response = client.get(f"/api/v1/programs/{program.slug}/surveys", **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["id"] == survey.pk and second["id"] == older.pk
    assert (first["invited"], first["answered"], first["response_rate"]) == (2, 1, 50)
    assert (second["invited"], second["answered"], second["response_rate"]) == (0, 0, None)
    assert first["status"] == "open" and second["status"] == "draft"
    assert first["kind"] == "post_session" and first["anonymous"] is False
    expected = {s.pk: (s.sent, s.answered) for s in queries.surveys_with_rates(program)}
    assert {i["id"]: (i["invited"], i["answered"]) for i in body["items"]} == expected
    paged = client.get(
        f"/api/v1/programs/{program.slug}/surveys", {"limit": 1, "offset": 1}, **headers
    ).json()
    assert paged["count"] == 2 and [i["id"] for i in paged["items"]] == [older.pk]


def test_list_queries_do_not_grow_with_surveys_or_invitations(
    make_survey, coordinator, program, make_member, invite, client
):
    headers = _api(client, coordinator)
    url = f"/api/v1/programs/{program.slug}/surveys"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **headers).status_code == 200
        return len(ctx.captured_queries)

    survey = make_survey()
    invite(survey, make_member(program, "participant"))
    count()  # the token's first use records it once
    few = count()
    for _ in range(3):
        more = make_survey(title="More")
        for _ in range(3):
            invite(more, make_member(program, "participant"))
    assert count() == few


def test_survey_detail_structure_and_rates_per_session(
    make_survey, coordinator, participant, invite, ended_session, program, client
):
    survey = make_survey()
    section = services.save_section(actor=coordinator, survey=survey, data={"title": "About you"})
    question = survey.questions.get(code="role")
    services.save_question(
        actor=coordinator,
        survey=survey,
        question=question,
        data={
            "section": section,
            "code": "role",
            "kind": "single",
            "text": "Your role",
            "options": question.options,
        },
    )
    inv, _token = invite(survey, participant, ended_session)
    inv.responded = True
    inv.save()
    invite(survey, coordinator)
    headers = _api(client, coordinator)
    response = client.get(f"/api/v1/programs/{program.slug}/surveys/{survey.pk}", **headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == survey.pk and body["accepts_answers"] is True
    assert (body["invited"], body["answered"], body["response_rate"]) == (2, 1, 50)
    assert body["responses"] == 0
    loose = [q["code"] for q in body["questions"]]
    assert loose == ["quality", "topics", "patients", "se", "comments"]
    assert [(s["title"], [q["code"] for q in s["questions"]]) for s in body["sections"]] == [
        ("About you", ["role"])
    ]
    quality = body["questions"][0]
    assert quality["kind"] == "likert" and quality["required"] is True
    assert quality["options"][0] == {"value": "1", "label": "Poor", "label_fr": "Médiocre"}
    patients = body["questions"][2]
    assert (patients["min_value"], patients["max_value"]) == (0, 100)
    matrix = body["questions"][3]
    assert matrix["rows"][1] == {"key": "oud", "label": "Treat OUD", "label_fr": "Traiter le TUO"}
    by_session = {r["session_id"]: r for r in body["sessions"]}
    assert by_session[ended_session.pk]["title"] == "Tapering"
    assert by_session[ended_session.pk]["response_rate"] == 100
    assert by_session[ended_session.pk]["starts_at"].endswith("+00:00")
    assert (by_session[None]["invited"], by_session[None]["response_rate"]) == (1, 0)
    expected = {r["session_id"]: (r["sent"], r["answered"]) for r in queries.session_rates(survey)}
    assert {k: (v["invited"], v["answered"]) for k, v in by_session.items()} == expected


def test_survey_of_another_program_is_404(make_survey, coordinator, client):
    other = SurveyFactory()
    headers = _api(client, coordinator)
    slug = coordinator.memberships.first().program.slug
    assert client.get(f"/api/v1/programs/{slug}/surveys/{other.pk}", **headers).status_code == 404
    assert (
        _post(client, f"/api/v1/programs/{slug}/surveys/{other.pk}/open", headers).status_code
        == 404
    )
    assert client.get(f"/api/v1/programs/{slug}/surveys/999999", **headers).status_code == 404


def test_open_and_close_through_the_services(make_survey, coordinator, program, client):
    survey = make_survey(status="draft")
    headers = _api(client, coordinator)
    base = f"/api/v1/programs/{program.slug}/surveys/{survey.pk}"
    opened = _post(client, f"{base}/open", headers)
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert opened.json()["opened_at"] is not None
    assert AuditEntry.objects.filter(action="survey.opened", object_id=str(survey.pk)).exists()
    closed = _post(client, f"{base}/close", headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    again = _post(client, f"{base}/close", headers)
    assert again.status_code == 400
    assert again.json() == {
        "code": "not_open",
        "message": "Only an open survey can be closed.",
        "field": None,
    }


def test_open_refusals_are_4xx_with_code_and_field(coordinator, program, client):
    headers = _api(client, coordinator)
    empty = services.create_survey(
        actor=coordinator, program=program, data={"title": "Empty", "kind": "custom"}
    )
    response = _post(client, f"/api/v1/programs/{program.slug}/surveys/{empty.pk}/open", headers)
    assert response.status_code == 400 and response.json()["code"] == "empty_survey"
    past = SurveyFactory(
        program=program, status="draft", closes_at=timezone.now() - dt.timedelta(days=1)
    )
    QuestionFactory(survey=past)
    response = _post(client, f"/api/v1/programs/{program.slug}/surveys/{past.pk}/open", headers)
    assert response.status_code == 400
    assert response.json()["code"] == "closes_in_past"
    assert response.json()["field"] == "closes_at"
    past.refresh_from_db()
    assert past.status == SurveyStatus.DRAFT


def test_evaluators_and_participants_may_not_manage_surveys(
    make_survey, program, make_member, client
):
    survey = make_survey()
    for role in ("evaluator", "participant", "expert"):
        headers = _api(client, make_member(program, role))
        assert client.get(f"/api/v1/programs/{program.slug}/surveys", **headers).status_code == 403
        closing = _post(
            client, f"/api/v1/programs/{program.slug}/surveys/{survey.pk}/close", headers
        )
        assert closing.status_code == 403
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
