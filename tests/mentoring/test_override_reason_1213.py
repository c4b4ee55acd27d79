"""A held mentoring message's author explains why a marked part is not identifying; a reason
the server refuses (too short, itself identifying) comes back in its box with the refusal beside
it (focused, described), not as a banner over an emptied box."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.urls import reverse

from echohub.mentoring.models import Message, Question, QuestionStatus
from tests.mentoring.conftest import HEALTH_CARD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["no", "    ab   ", "Ask Mr John Smith at 613-555-0142"])
def test_a_refused_reason_stays_in_its_box(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any, reason: str
) -> None:
    participant.language = "fr"
    participant.save(update_fields=["language"])
    client.force_login(participant)
    asked = client.post(
        reverse("mentoring:ask", args=[program.slug]),
        {"topic": topics[0].pk, "body": HEALTH_CARD},
        follow=True,
    )
    q = Question.objects.get()
    message = Message.objects.get()
    key = re.search(r'name="key" value="([^"]+)"', asked.content.decode()).group(1)  # type: ignore[union-attr]
    refused = client.post(
        reverse("mentoring:question_action", args=[program.slug, q.pk, "override"]),
        {"message": message.pk, "key": key, "reason": reason},
    )
    assert refused.status_code == 400
    page = html_lib.unescape(refused.content.decode())
    box = re.search(r'<input id="([^"]+)-reason"[^>]*value="([^"]*)"[^>]*>', page)
    assert box, "the reason box lost the typed text"
    assert box.group(2) == reason
    assert 'aria-invalid="true"' in box.group(0) and "autofocus" in box.group(0)
    assert f'aria-describedby="{box.group(1)}-error"' in box.group(0)
    error = re.search(rf'<p class="errorlist" id="{box.group(1)}-error">([^<]+)</p>', page)
    assert error and error.group(1).strip()
    assert '<div class="form-errors" role="alert">' not in page  # no banner besides
    q.refresh_from_db()
    assert q.status == QuestionStatus.HELD
