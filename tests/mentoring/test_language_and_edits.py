"""Mentoring in the reader's language (pages and emails), and a held message fixed by editing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from echohub.mentoring import services
from echohub.mentoring.models import MessageStatus, QuestionStatus
from tests.mentoring.conftest import CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db


def test_email_to_a_french_speaking_mentor_is_in_french_and_carries_no_text(
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor.user.language = "fr"
    mentor.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    (email,) = mail.outbox
    assert email.subject == "Mentorat\u00a0: une question pour vous"
    assert "Réduction des opioïdes" in email.body  # the topic in French
    assert "confidentialité" in email.body and CLEAN not in email.body


def test_pages_in_french(client: Any, program: Any, participant: Any, topics: Any) -> None:
    participant.language = "fr"
    participant.save()
    client.force_login(participant)
    page = client.get(reverse("mentoring:ask", args=[program.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    body = page.content.decode()
    assert "Demander à un mentor" in body and "Réduction des opioïdes" in body
    empty = client.get(reverse("mentoring:index", args=[program.slug])).content.decode()
    assert "Aucune question pour l’instant." in empty or "Demander à un mentor" in empty


def test_a_held_message_edited_clean_is_sent(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    held = services.write(actor=participant, question=q, body=HEALTH_CARD)
    assert held.status == MessageStatus.HELD
    client.force_login(mentor.user)  # the mentor never sees a held message
    assert (
        "1234-567-897"
        not in client.get(reverse("mentoring:question", args=[program.slug, q.pk])).content.decode()
    )
    client.force_login(participant)
    action = reverse("mentoring:question_action", args=[program.slug, q.pk, "edit"])
    still = client.post(
        action, {"message": held.pk, "body": "Her card is 1234-567-897 AB."}, follow=True
    )
    assert "Still not sent" in still.content.decode()
    assert client.post(action, {"message": held.pk, "body": ""}).status_code == 400
    client.post(action, {"message": held.pk, "body": "Her sleep is poor; should we pause?"})
    held.refresh_from_db()
    assert held.status == MessageStatus.SENT and held.sent_at
    client.force_login(mentor.user)
    assert (
        "should we pause"
        in client.get(reverse("mentoring:question", args=[program.slug, q.pk])).content.decode()
    )
    # Someone else's message cannot be edited: 404.
    assert client.post(action, {"message": held.pk, "body": "x"}).status_code == 404
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED
