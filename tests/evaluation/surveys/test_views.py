"""Coordinator survey screens: permissions, list with rates, builder with htmx partials,
open/close/send/delete, and the participant's in-app answer page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from echohub.evaluation import services
from echohub.evaluation.models import Question, Survey, SurveyInvitation
from echohub.programs.models import Role
from tests.evaluation.surveys.conftest import good_answers
from tests.factories import ProgramFactory, SurveyFactory, UserFactory


def url(name: str, program: Any, **kw: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"slug": program.slug, **kw})


@pytest.fixture
def survey(make_survey: Any) -> Survey:
    return make_survey(status="draft")


PAGES = ["surveys", "survey_new", "survey", "survey_edit", "survey_preview", "survey_delete"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.PROGRAM_ADMIN, 200),
        (Role.PARTICIPANT, 403),
        (Role.EVALUATOR, 403),
        (None, 404),
    ],
)
def test_pages_by_role(program, survey, as_role, name, role, status):
    client = as_role(program, role)
    kw = {} if name in ("surveys", "survey_new") else {"pk": survey.pk}
    response = client.get(url(name, program, **kw))
    assert response.status_code == status
    if status == 200 and name != "survey_new":
        assert survey.title in response.content.decode()


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("survey_open", {}),
        ("survey_close", {}),
        ("survey_send", {}),
        ("section_add", {}),
        ("question_add", {}),
    ],
)
@pytest.mark.parametrize(("role", "status"), [(Role.PARTICIPANT, 403), (None, 404)])
def test_actions_refused_to_others(program, survey, as_role, name, extra, role, status):
    client = as_role(program, role)
    response = client.post(url(name, program, pk=survey.pk, **extra), {"title": "X"})
    assert response.status_code == status
    assert Survey.objects.get(pk=survey.pk).status == "draft"
    assert survey.sections.count() == 0


def test_survey_of_another_program_is_404(program, as_role):
    other = SurveyFactory(program=ProgramFactory())
    client = as_role(program, Role.COORDINATOR)
    assert client.get(url("survey", program, pk=other.pk)).status_code == 404


def _fill(program: Any, n: int, sent: int) -> None:
    for i in range(n):
        s = SurveyFactory(program=program, title=f"S{i}")
        for _ in range(sent):
            SurveyInvitation.objects.create(
                survey=s,
                user=UserFactory(),
                token_hash=services.hash_token(f"{s.pk}-{_}-{i}"),
                responded=_ % 2 == 0,
            )


@pytest.mark.parametrize("n", [1, 15])
def test_list_query_count_is_flat(program, as_role, django_assert_num_queries, n):
    _fill(program, n, 4)
    client = as_role(program, Role.COORDINATOR)
    # session, user, program, roles, the menu's unread discussions and mentoring notices,
    # surveys count, surveys page (with rates): same for 1 and 15
    with django_assert_num_queries(8):
        response = client.get(url("surveys", program))
    body = response.content.decode()
    assert "50 %" in body and body.count("<tr>") == n + 1


def test_list_empty_state(program, as_role):
    response = as_role(program, Role.COORDINATOR).get(url("surveys", program))
    assert "No surveys yet" in response.content.decode()


def test_create_from_template_and_blank(program, as_role):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(url("survey_new", program), {"template": "post_session"})
    survey = Survey.objects.get()
    assert response.url == url("survey_edit", program, pk=survey.pk)
    assert survey.questions.count() == 4 and survey.send_after_sessions
    response = client.post(url("survey_new", program), {"template": "", "title": ""})
    assert response.status_code == 400
    assert "Give a blank survey a title" in response.content.decode()
    client.post(url("survey_new", program), {"template": "", "title": "Mine"})
    assert Survey.objects.filter(title="Mine", kind="custom").exists()


def test_edit_settings(program, survey, as_role):
    client = as_role(program, Role.COORDINATOR)
    data = {
        "title": "New title",
        "title_fr": "Nouveau",
        "intro": "",
        "intro_fr": "",
        "kind": "post_session",
        "anonymous": "on",
        "send_after_sessions": "on",
        "closes_at": "2030-01-01T12:00",
    }
    response = client.post(url("survey_edit", program, pk=survey.pk), data)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.anonymous, survey.closes_at.year) == ("New title", True, 2030)
    response = client.post(url("survey_edit", program, pk=survey.pk), {**data, "kind": "custom"})
    assert response.status_code == 400
    assert "Only post-session evaluations are sent" in response.content.decode()


def test_builder_htmx_partials(program, survey, as_role):
    client = as_role(program, Role.COORDINATOR)
    hx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(
        url("section_add", program, pk=survey.pk), {"section-title": "Part A"}, **hx
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="builder"') and "Part A" in body
    q = survey.questions.order_by("position")[1]
    response = client.post(
        url("question_move", program, pk=survey.pk, question_pk=q.pk), {"direction": "up"}, **hx
    )
    assert survey.questions.order_by("position").first() == q
    response = client.post(url("question_delete", program, pk=survey.pk, question_pk=q.pk), **hx)
    assert not Question.objects.filter(pk=q.pk).exists()
    section = survey.sections.get()
    client.post(url("section_delete", program, pk=survey.pk, section_pk=section.pk), **hx)
    assert survey.sections.count() == 0


def test_question_form_all_kinds(program, survey, as_role):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url("question_add", program, pk=survey.pk),
        {
            "code": "conf",
            "kind": "matrix",
            "text": "Confidence",
            "text_fr": "Confiance",
            "required": "on",
            "options_text": "| Low | Faible\n| High | Élevée",
            "rows_text": "a | Item A | Élément A\nb | Item B",
        },
    )
    assert response.status_code == 302
    q = survey.questions.get(code="conf")
    assert q.options[1] == {"value": "2", "label": "High", "label_fr": "Élevée"}
    assert [r["key"] for r in q.rows] == ["a", "b"] and q.required
    response = client.post(
        url("question_add", program, pk=survey.pk),
        {"code": "one", "kind": "single", "text": "One?", "options_text": "only | Only"},
    )
    assert response.status_code == 400
    assert "at least two choices" in response.content.decode()
    page = client.get(url("question_edit", program, pk=survey.pk, question_pk=q.pk))
    assert "1 | Low | Faible" in page.content.decode()


def test_editing_questions_with_responses_is_refused(
    program, make_survey, participant, invite, as_role
):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    services.submit_response(actor=None, invitation=inv, data=good_answers())
    client = as_role(program, Role.COORDINATOR)
    q = survey.questions.first()
    page = client.get(url("survey_edit", program, pk=survey.pk)).content.decode()
    assert "questions are locked" in page
    assert url("question_delete", program, pk=survey.pk, question_pk=q.pk) not in page
    response = client.post(
        url("question_edit", program, pk=survey.pk, question_pk=q.pk),
        {"code": q.code, "kind": "text", "text": "Changed"},
    )
    assert response.status_code == 409
    assert Question.objects.get(pk=q.pk).text == q.text
    response = client.post(url("question_delete", program, pk=survey.pk, question_pk=q.pk))
    assert Question.objects.filter(pk=q.pk).exists()
    response = client.post(url("survey_delete", program, pk=survey.pk), follow=True)
    assert Survey.objects.filter(pk=survey.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_open_close_and_delete(program, survey, as_role):
    client = as_role(program, Role.COORDINATOR)
    client.post(url("survey_open", program, pk=survey.pk))
    assert Survey.objects.get(pk=survey.pk).status == "open"
    client.post(url("survey_close", program, pk=survey.pk))
    assert Survey.objects.get(pk=survey.pk).status == "closed"
    page = client.get(url("survey_delete", program, pk=survey.pk)).content.decode()
    assert "cannot be undone" in page
    response = client.post(url("survey_delete", program, pk=survey.pk))
    assert response.url == url("surveys", program)
    assert not Survey.objects.filter(pk=survey.pk).exists()


def test_opening_an_empty_survey_shows_why(program, as_role):
    client = as_role(program, Role.COORDINATOR)
    empty = services.create_survey(actor=client.user, program=program, data={"title": "E"})
    response = client.post(url("survey_open", program, pk=empty.pk), follow=True)
    assert "Add at least one question" in response.content.decode()
    assert Survey.objects.get(pk=empty.pk).status == "draft"


def test_send_now_and_rates_per_session(
    program,
    make_survey,
    participant,
    ended_session,
    as_role,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    survey = make_survey()
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("survey_send", program, pk=survey.pk), {"session": ended_session.pk}, follow=True
        )
    assert "1 invitation sent" in response.content.decode()
    assert len(mailoutbox) == 1
    response = client.post(
        url("survey_send", program, pk=survey.pk), {"session": ended_session.pk}, follow=True
    )
    assert "Everyone was already invited" in response.content.decode()
    page = client.get(url("survey", program, pk=survey.pk)).content.decode()
    assert "Tapering" in page and "0 %" in page


def test_preview_renders_every_kind_bilingual(program, make_survey, as_role):
    survey = make_survey(status="draft")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url("survey_preview", program, pk=survey.pk)).content.decode()
    assert page.count("<fieldset") == 4 and 'type="number"' in page and "<textarea" in page
    page = client.get(
        url("survey_preview", program, pk=survey.pk), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Qualité?" in page and "Médiocre" in page and "Traiter le TUO" in page
    assert "Fair" in page  # no French label: English shown


# --- in-app answering ------------------------------------------------------------------------


def test_in_app_answer_only_for_the_invitations_person(
    program, make_survey, participant, invite, client, make_member
):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    answer_url = url("survey_answer", program, invitation_pk=inv.pk)
    assert client.get(answer_url).status_code == 302  # sign in first
    client.force_login(make_member(program, Role.PARTICIPANT))
    assert client.get(answer_url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(answer_url).status_code == 404  # outsider
    client.force_login(participant)
    assert client.get(answer_url).status_code == 200
    response = client.post(answer_url, good_answers(), follow=True)
    assert "Already answered" in response.content.decode()
    assert SurveyInvitation.objects.get(pk=inv.pk).responded


def test_home_lists_pending_surveys(
    program, make_survey, participant, invite, client, django_assert_max_num_queries
):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    answered, _ = invite(make_survey(title="Done"), participant)
    answered.responded = True
    answered.save()
    client.force_login(participant)
    page = client.get("/").content.decode()
    assert url("survey_answer", program, invitation_pk=inv.pk) in page
    assert url("survey_answer", program, invitation_pk=answered.pk) not in page
