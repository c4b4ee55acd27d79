"""A credit rule with survey_required: credit for a session needs an answer to its
post-session evaluation; answering recomputes the session's awards after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from echohub.credits import services as credit_services
from echohub.credits.models import CreditAward
from echohub.evaluation import services as survey_services
from echohub.evaluation.models import SurveyInvitation
from tests.factories import QuestionFactory, SurveyFactory


@pytest.fixture
def evaluation(program: Any, sessions: Any, participant: Any) -> SurveyInvitation:
    survey = SurveyFactory(program=program, kind="post_session", status="open")
    QuestionFactory(survey=survey, code="quality", required=True)
    return SurveyInvitation.objects.create(
        survey=survey,
        session=sessions[0],
        user=participant,
        token_hash=survey_services.hash_token("credit-token"),
        sent_at=timezone.now(),
    )


def test_no_response_means_no_credit(make_rule, sessions, participant, attend, evaluation):
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=True)
    award = CreditAward.objects.get(rule=rule, session=sessions[0], user=participant)
    assert (award.eligible, award.reason) == (False, "survey_missing")
    assert not credit_services.survey_done(rule, sessions[0].pk, participant.pk)


def test_response_makes_the_session_eligible(
    make_rule, sessions, participant, attend, evaluation, django_capture_on_commit_callbacks
):
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=True)
    with django_capture_on_commit_callbacks(execute=True):
        survey_services.submit_response(actor=None, invitation=evaluation, data={"a-quality": "4"})
    award = CreditAward.objects.get(rule=rule, session=sessions[0], user=participant)
    assert award.eligible and award.credits > 0
    assert credit_services.survey_done(rule, sessions[0].pk, participant.pk)


def test_anonymous_response_also_counts(
    make_rule, sessions, participant, attend, evaluation, django_capture_on_commit_callbacks
):
    evaluation.survey.anonymous = True
    evaluation.survey.save()
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=True)
    with django_capture_on_commit_callbacks(execute=True):
        survey_services.submit_response(actor=None, invitation=evaluation, data={"a-quality": "4"})
    assert CreditAward.objects.get(rule=rule, session=sessions[0], user=participant).eligible


def test_draft_survey_invitations_do_not_count_as_sent(
    make_rule, sessions, participant, attend, evaluation
):
    evaluation.survey.status = "draft"
    evaluation.survey.save()
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=True)
    # No open or closed evaluation was sent for this session: nothing is asked.
    assert CreditAward.objects.get(rule=rule, session=sessions[0], user=participant).eligible


def test_rule_without_requirement_ignores_surveys(
    make_rule, sessions, participant, attend, evaluation
):
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=False)
    assert CreditAward.objects.get(rule=rule, session=sessions[0], user=participant).eligible
