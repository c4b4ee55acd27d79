"""Round 1225: a question or message that says too little is refused by mentoring's services,
so the JSON API (and the live console, and any other caller) refuses it like the web forms, in
the same words, storing nothing; a real question or answer still goes through every door."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from echohub.core.errors import DomainError
from echohub.mentoring import calls, services
from echohub.mentoring.models import Message, MessageStatus, Question, QuestionStatus
from tests.mentoring.conftest import ANSWER, CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db

QUESTION_WORDS = (
    "Say a little more so a mentor can answer: at least 15 characters, a sentence or a question."
)
MESSAGE_WORDS = "Write a few words: a message of one letter or a sign alone says nothing."


def api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/mentoring"


def send(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


def refused(response: Any, words: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json() == {"code": "too_short", "message": words, "field": "body"}


@pytest.mark.parametrize("body", ["a", "??", "Taper?", "............!!!!!", "  x  "])
def test_api_question_saying_too_little_is_refused_and_nothing_stored(
    program: Any, participant: Any, mentor: Any, topics: Any, body: str
) -> None:
    response = send(
        api(participant), f"{base(program)}/questions", {"body": body, "topic_id": topics[0].pk}
    )
    refused(response, QUESTION_WORDS)
    assert not Question.objects.exists() and not Message.objects.exists()


def test_api_short_real_question_is_stored(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    response = send(
        api(participant),
        f"{base(program)}/questions",
        {"body": "Taper after 10 years?", "topic_id": topics[0].pk},
    )
    assert response.status_code == 201, response.content
    question = Question.objects.get(pk=response.json()["id"])
    assert [m.body for m in question.messages.all()] == ["Taper after 10 years?"]


@pytest.mark.parametrize("body", ["k", "?", " . ", "7"])
def test_api_one_letter_answer_or_follow_up_is_refused_and_nothing_stored(
    program: Any, participant: Any, mentor: Any, topics: Any, body: str
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.accept(actor=mentor.user, question=q)
    path = f"{base(program)}/questions/{q.pk}/messages"
    refused(send(api(mentor.user), path, {"body": body}), MESSAGE_WORDS)  # the mentor's answer
    refused(send(api(participant), path, {"body": body}), MESSAGE_WORDS)  # the asker's follow-up
    assert Message.objects.filter(question=q).count() == 1
    q.refresh_from_db()
    assert q.first_answer_at is None  # a refused answer does not count as one


@pytest.mark.parametrize("body", ["ok", "Thanks, ok.", ANSWER])
def test_api_short_but_real_answer_is_stored(
    program: Any, participant: Any, mentor: Any, topics: Any, body: str
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.accept(actor=mentor.user, question=q)
    response = send(api(mentor.user), f"{base(program)}/questions/{q.pk}/messages", {"body": body})
    assert response.status_code == 201, response.content
    assert Message.objects.get(pk=response.json()["id"]).body == body


@pytest.mark.parametrize(
    ("body", "code"),
    [(" \n\t ", "body_required"), ("x" * (services.MESSAGE_MAX + 1), "invalid")],
)
def test_api_blank_or_too_long_question_is_refused(
    program: Any, participant: Any, mentor: Any, topics: Any, body: str, code: str
) -> None:
    response = send(
        api(participant), f"{base(program)}/questions", {"body": body, "topic_id": topics[0].pk}
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] == code and response.json()["field"] == "body"
    assert not Question.objects.exists()


def test_live_console_and_other_callers_are_refused_alike(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    """`ask` is what the live console calls when a spoke's question is sent to mentoring: a
    one-letter text is refused there too; a short live question is taken as asked (it was
    read in context live, and nobody rewrites the asker's words), unlike one typed here."""
    with pytest.raises(DomainError) as err:
        services.ask(actor=participant, program=program, body="a", topic=topics[0], source="live")
    assert (err.value.code, err.value.field, err.value.message) == (
        "too_short",
        "body",
        MESSAGE_WORDS,
    )
    assert not Question.objects.exists()
    with pytest.raises(DomainError) as err:
        services.ask(actor=participant, program=program, body="Dose max?", topic=topics[0])
    assert (err.value.code, err.value.message) == ("too_short", QUESTION_WORDS)
    live = services.ask(
        actor=participant, program=program, body="Dose max?", topic=topics[0], source="live"
    )
    assert live.messages.get().body == "Dose max?"


def test_a_one_letter_call_note_is_refused(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.accept(actor=mentor.user, question=q)
    with pytest.raises(DomainError) as err:
        calls.record_call_note(actor=mentor.user, question=q, body="k")
    assert (err.value.code, err.value.message) == ("too_short", MESSAGE_WORDS)
    note = calls.record_call_note(actor=mentor.user, question=q, body="Agreed a 10% taper.")
    assert note.body == "Agreed a 10% taper."


def test_editing_a_held_question_or_message_keeps_its_least(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    question = services.submit_question(
        actor=participant, program=program, body=HEALTH_CARD, topic=topics[0]
    )
    first = question.first_message  # type: ignore[attr-defined]
    assert question.status == QuestionStatus.HELD
    with pytest.raises(DomainError) as err:
        services.edit_held_message(actor=participant, message=first, body="ok ok")
    assert (err.value.code, err.value.message) == ("too_short", QUESTION_WORDS)
    first.refresh_from_db()
    assert first.body == HEALTH_CARD and first.status == MessageStatus.HELD
    services.edit_held_message(actor=participant, message=first, body=CLEAN)
    first.refresh_from_db()
    assert first.status == MessageStatus.SENT
    held = services.write(actor=participant, question=question, body=HEALTH_CARD)
    with pytest.raises(DomainError) as err:
        services.edit_held_message(actor=participant, message=held, body="?")
    assert (err.value.code, err.value.message) == ("too_short", MESSAGE_WORDS)
    held.refresh_from_db()
    assert held.body == HEALTH_CARD
    services.edit_held_message(actor=participant, message=held, body="Sleep is poor.")
    held.refresh_from_db()
    assert held.body == "Sleep is poor." and held.status == MessageStatus.SENT


def test_an_override_reason_past_its_ceiling_is_refused_not_cut(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    """The form and the API refuse a reason over 300 characters; the service did cut it."""
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    held = services.write(actor=participant, question=q, body=HEALTH_CARD)
    key = services.open_findings(held)[0].key
    reason = "a made-up teaching example, not a real card " * 7
    with pytest.raises(DomainError) as err:
        services.override_finding(actor=participant, message=held, key=key, reason=reason)
    assert (err.value.code, err.value.field) == ("too_long", "reason")
    assert not held.phi_overrides.exists()
