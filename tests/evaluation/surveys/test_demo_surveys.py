"""The demo adds adopted templates with synthetic answers, and a pending survey for the demo
participant."""

from __future__ import annotations

import pytest

from echohub.demo.data import load_demo
from echohub.evaluation import queries
from echohub.evaluation.models import Response, Survey, SurveyInvitation

pytestmark = pytest.mark.django_db


def test_demo_has_surveys_with_responses_and_a_pending_one() -> None:
    load_demo()
    surveys = Survey.objects.filter(program__slug="chronic-pain")
    assert set(surveys.values_list("template_key", flat=True)) == {
        "post_session",
        "pre_cycle_self_efficacy",
        "post_cycle_self_efficacy",
    }
    post = surveys.get(kind="post_session")
    sent = SurveyInvitation.objects.filter(survey=post).count()
    answered = SurveyInvitation.objects.filter(survey=post, responded=True).count()
    assert sent and 0 < answered < sent
    assert Response.objects.filter(survey=post).count() == answered
    pre = surveys.get(kind="pre_cycle")
    assert not Response.objects.filter(survey=pre, user__isnull=False).exists()  # anonymous
    participant = SurveyInvitation.objects.filter(user__email="participant@example.org").first()
    assert participant is not None
    assert queries.pending_for(participant.user)
