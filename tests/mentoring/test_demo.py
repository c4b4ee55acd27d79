"""The demo shows mentoring: topics, mentors, questions (routed, answered, one in triage), a
call with its note, a credit claim; and the figures page has figures to show."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from echohub.accounts.models import User
from echohub.demo.data import load_demo
from echohub.mentoring.models import (
    CallRequest,
    CreditClaim,
    Mentor,
    MentoringTopic,
    Message,
    Question,
    QuestionStatus,
)

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_has_mentoring(client: Any) -> None:
    load_demo()
    assert MentoringTopic.objects.filter(name_fr__gt="").count() >= 4
    assert Mentor.objects.filter(user__email="expert@example.org").exists()
    statuses = set(Question.objects.values_list("status", flat=True))
    assert {QuestionStatus.OPEN, QuestionStatus.TRIAGE} <= statuses
    assert not Question.objects.filter(status=QuestionStatus.HELD).exists()  # all texts pass
    assert CallRequest.objects.filter(status="scheduled").exists()
    assert Message.objects.filter(kind="call_note", status="sent").exists()
    assert CreditClaim.objects.filter(user__email="participant@example.org").exists()
    q = Question.objects.filter(asker__email="participant@example.org").order_by("pk").first()
    assert q is not None
    slug = q.program.slug
    client.force_login(User.objects.get(email="participant@example.org"))
    assert client.get(reverse("mentoring:question", args=[slug, q.pk])).status_code == 200
    client.force_login(User.objects.get(email="coordinator@example.org"))
    page = client.get(reverse("mentoring:figures", args=[slug])).content.decode()
    assert "Questions asked" in page
    assert client.get(reverse("mentoring:question", args=[slug, q.pk])).status_code == 404
