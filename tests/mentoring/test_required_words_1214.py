"""An empty mentoring question, reply or call note is refused in people's words next to the
field ("Write your question."), in the reader's language, not Django's "This field is
required." (walk 6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from echohub.mentoring.models import Question
from tests.mentoring.conftest import CLEAN

pytestmark = pytest.mark.django_db


def url(program: Any, name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=[program.slug, *args])


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Write your question."), ("fr", "Écrivez votre question.")]
)
def test_an_empty_question_is_refused_in_words(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any, language, words
) -> None:
    client.force_login(participant)
    response = client.post(
        url(program, "ask"), {"topic": topics[0].pk, "body": "  "}, HTTP_ACCEPT_LANGUAGE=language
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert words in page
    assert "This field is required." not in page and "Ce champ est obligatoire." not in page
    assert not Question.objects.exists()


def test_an_empty_reply_is_refused_in_words(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    client.force_login(participant)
    client.post(url(program, "ask"), {"topic": topics[0].pk, "body": CLEAN})
    question = Question.objects.get()
    response = client.post(url(program, "question", question.pk), {"body": ""})
    page = response.content.decode()
    assert "Write your message." in page
    assert "This field is required." not in page
