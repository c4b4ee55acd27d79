"""What the walk of round 1224 found in mentoring, as in the community: a question "a" was sent
to a mentor (and counted against the service target). A question now needs a sentence (15
characters, letters or digits in it), a later message more than one letter or sign; each
refusal says what to do and keeps what was typed; nothing is stored."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from echohub.mentoring import services
from echohub.mentoring.models import Message, Question
from tests.mentoring.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["a", "??", "Taper?", "............!!!!!"])
def test_a_question_too_short_to_answer_is_refused_and_kept(
    client: Any, program: Any, participant: Any, topics: Any, mentor: Any, body: str
) -> None:
    client.force_login(participant)
    response = client.post(
        reverse("mentoring:ask", args=[program.slug]), {"topic": topics[0].pk, "body": body}
    )
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Say a little more so a mentor can answer: at least 15 characters" in page
    assert f">{body}</textarea>" in page or f">\n{body}</textarea>" in page
    assert not Question.objects.exists()


def test_a_short_real_question_is_sent(
    client: Any, program: Any, participant: Any, topics: Any, mentor: Any
) -> None:
    client.force_login(participant)
    response = client.post(
        reverse("mentoring:ask", args=[program.slug]),
        {"topic": topics[0].pk, "body": "Taper after 10 years?"},
    )
    assert response.status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.parametrize("body", ["k", "?", " . "])
def test_a_one_letter_message_is_refused_and_kept(
    client: Any, program: Any, participant: Any, topics: Any, mentor: Any, body: str
) -> None:
    question = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    before = Message.objects.filter(question=question).count()
    client.force_login(participant)
    url = reverse("mentoring:question", args=[program.slug, question.pk])
    response = client.post(url, {"body": body})
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Write a few words: a message of one letter or a sign alone says nothing." in page
    assert Message.objects.filter(question=question).count() == before
    ok = client.post(url, {"body": "Thanks, ok."})
    assert ok.status_code == 302
    assert Message.objects.filter(question=question).count() == before + 1
