"""What the walk of round 1224 found on a participant's live page: a session three days past,
never run from the console, still read "Not started" and offered "Join the video meeting" and
"Ask the hub"; a question asked there went to a queue nobody would open. Once its planned end
has passed (and the console is not running it) the page says it is over, offers no join, and
points to mentoring; asking is refused in the same words, nothing stored."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from echohub.live import services
from echohub.live.models import LiveQuestion

pytestmark = pytest.mark.django_db

QUESTION = "Would a slower taper help when sleep is poor?"


def _past(session: Any, days: int = 3) -> None:
    session.starts_at = timezone.now() - dt.timedelta(days=days, hours=2)
    session.ends_at = session.starts_at + dt.timedelta(minutes=90)
    session.save(update_fields=["starts_at", "ends_at"])


def _page(client: Any, program: Any, session: Any) -> str:
    response = client.get(reverse("live:page", args=[program.slug, session.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_a_past_session_never_run_is_over_on_its_page(
    client: Any, program: Any, session: Any, participant: Any
) -> None:
    _past(session)
    client.force_login(participant)
    page = _page(client, program, session)
    assert '<span class="badge badge-ended">Ended</span>' in page
    assert "Not started" not in page
    assert "Join the video meeting" not in page
    assert 'id="ask-text"' not in page
    assert "This session is over: the hub takes no more questions here." in page
    assert reverse("mentoring:ask", args=[program.slug]) in page


def test_asking_in_a_past_session_is_refused_and_stores_nothing(
    client: Any, program: Any, session: Any, participant: Any
) -> None:
    _past(session)
    client.force_login(participant)
    url = reverse("live:ask", args=[program.slug, session.pk])
    response = client.post(url, {"text": QUESTION}, HTTP_HX_REQUEST="true")
    assert "The session has ended. Ask through mentoring instead." in unescape(
        response.content.decode()
    )
    assert not LiveQuestion.objects.exists()


def test_a_session_running_past_its_planned_end_still_takes_questions(
    client: Any, program: Any, session: Any, participant: Any, coordinator: Any
) -> None:
    services.start_session(actor=coordinator, session=session)
    _past(session, days=0)  # the discussion overran: the console still runs it
    client.force_login(participant)
    page = _page(client, program, session)
    assert 'id="ask-text"' in page and "Running" in page
    services.ask_question(actor=participant, session=session, text=QUESTION)
    assert LiveQuestion.objects.count() == 1


def test_a_session_to_come_offers_join_and_ask(
    client: Any, program: Any, session: Any, participant: Any
) -> None:
    session.starts_at = timezone.now() + dt.timedelta(days=2)
    session.ends_at = session.starts_at + dt.timedelta(minutes=90)
    session.save(update_fields=["starts_at", "ends_at"])
    client.force_login(participant)
    page = _page(client, program, session)
    assert "Not started" in page
    assert "Join the video meeting" in page
    assert 'id="ask-text"' in page
