"""Round 1225: a message that says too little is refused by the community's services, so the JSON
API (and any other caller) refuses it like the web forms, in the same words, storing nothing;
a real message still goes through every door."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from echohub.community import services
from echohub.community.models import Post, PostRevision, Thread
from echohub.core.errors import DomainError
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db

TITLE_WORDS = "Give the discussion a title of at least 4 characters that says what it is about."
FIRST_WORDS = (
    "Say a little more so colleagues can answer: at least 15 characters, a sentence or a question."
)
REPLY_WORDS = "Write a few words: a reply of one letter or a sign alone says nothing."
REPLY = "Thank you, that matches what we saw in clinic."


def api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/community"


def send(client: Client, method: str, path: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


def refused(response: Any, field: str, words: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json() == {"code": "too_short", "message": words, "field": field}


@pytest.mark.parametrize(
    ("title", "body", "field", "words"),
    [
        ("a", CLEAN, "title", TITLE_WORDS),
        ("....", CLEAN, "title", TITLE_WORDS),
        ("Slow tapers", "b", "body", FIRST_WORDS),
        ("Slow tapers", "?!?!?!?!?!?!?!?!", "body", FIRST_WORDS),
        ("Slow tapers", "ok ok ok", "body", FIRST_WORDS),
    ],
)
def test_api_new_discussion_saying_too_little_is_refused_and_nothing_stored(
    program: Any, participant: Any, topic: Any, title: str, body: str, field: str, words: str
) -> None:
    response = send(
        api(participant),
        "post",
        f"{base(program)}/topics/{topic.pk}/threads",
        {"title": title, "body": body},
    )
    refused(response, field, words)
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_api_new_discussion_with_real_words_is_stored(
    program: Any, participant: Any, topic: Any
) -> None:
    response = send(
        api(participant),
        "post",
        f"{base(program)}/topics/{topic.pk}/threads",
        {"title": "CBD?", "body": CLEAN},
    )
    assert response.status_code == 201, response.content
    post = Post.objects.get(pk=response.json()["id"])
    assert post.body == CLEAN.strip() and post.thread.title == "CBD?"


@pytest.mark.parametrize("body", ["b", "?", "  .  ", "1"])
def test_api_reply_of_one_letter_or_sign_is_refused_and_nothing_stored(
    program: Any, participant: Any, expert: Any, topic: Any, body: str
) -> None:
    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    response = send(
        api(expert), "post", f"{base(program)}/threads/{first.thread_id}/posts", {"body": body}
    )
    refused(response, "body", REPLY_WORDS)
    assert list(Post.objects.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.parametrize("body", ["ok", "No", "+1 agreed", REPLY])
def test_api_short_but_real_reply_is_stored(
    program: Any, participant: Any, expert: Any, topic: Any, body: str
) -> None:
    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    response = send(
        api(expert), "post", f"{base(program)}/threads/{first.thread_id}/posts", {"body": body}
    )
    assert response.status_code == 201, response.content
    assert Post.objects.get(pk=response.json()["id"]).body == body


def test_api_edit_of_a_reply_to_one_letter_is_refused_and_the_text_kept(
    program: Any, participant: Any, expert: Any, topic: Any
) -> None:
    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    answer = services.reply(actor=expert, thread=first.thread, body=REPLY)
    path = f"{base(program)}/posts/{answer.pk}"
    refused(send(api(expert), "patch", path, {"body": "x", "version": 1}), "body", REPLY_WORDS)
    answer.refresh_from_db()
    assert (answer.body, answer.version) == (REPLY, 1)
    assert not PostRevision.objects.exists()
    response = send(
        api(expert), "patch", path, {"body": "Edited: see the guideline.", "version": 1}
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    answer.refresh_from_db()
    assert answer.body == "Edited: see the guideline."


def test_api_edit_of_a_discussions_first_message_keeps_its_least(
    program: Any, participant: Any, topic: Any
) -> None:
    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    path = f"{base(program)}/posts/{first.pk}"
    refused(
        send(api(participant), "patch", path, {"body": "ok ok", "version": 1}), "body", FIRST_WORDS
    )
    first.refresh_from_db()
    assert (first.body, first.version) == (CLEAN, 1)
    better = "Edited: we taper by 10% a month."
    response = send(api(participant), "patch", path, {"body": better, "version": 1})
    assert response.status_code == 200 and response.json()["body"] == better


@pytest.mark.parametrize(
    ("title", "body", "code", "field"),
    [
        ("   ", CLEAN, "title_required", "title"),
        ("Slow tapers", " \n\t ", "body_required", "body"),
        ("x" * (services.TITLE_MAX + 1), CLEAN, "invalid", "title"),
        ("Slow tapers", "x" * (services.POST_MAX + 1), "invalid", "body"),
    ],
)
def test_api_blank_or_too_long_discussion_is_refused(
    program: Any, participant: Any, topic: Any, title: str, body: str, code: str, field: str
) -> None:
    response = send(
        api(participant),
        "post",
        f"{base(program)}/topics/{topic.pk}/threads",
        {"title": title, "body": body},
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] == code and response.json()["field"] == field
    assert not Thread.objects.exists()


def test_every_service_door_refuses_alike(participant: Any, expert: Any, topic: Any) -> None:
    """The services themselves (what the live console and any script call)."""
    with pytest.raises(DomainError) as err:
        services.start_thread(actor=participant, topic=topic, title="Q", body=CLEAN)
    assert (err.value.code, err.value.field, err.value.message) == (
        "too_short",
        "title",
        TITLE_WORDS,
    )
    with pytest.raises(DomainError) as err:
        services.start_thread(actor=participant, topic=topic, title="Slow tapers", body="How?")
    assert (err.value.code, err.value.field) == ("too_short", "body")
    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    with pytest.raises(DomainError) as err:
        services.reply(actor=expert, thread=first.thread, body="?")
    assert (err.value.code, err.value.message) == ("too_short", REPLY_WORDS)
    with pytest.raises(DomainError):
        services.edit_post(actor=participant, post=first, body="a")
    assert Post.objects.count() == 1 and Thread.objects.count() == 1


def test_web_edit_of_a_reply_to_one_letter_is_refused_in_the_same_words(
    program: Any, participant: Any, expert: Any, topic: Any
) -> None:
    from html import unescape

    from django.urls import reverse

    from tests.community.test_views import signed_in

    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    answer = services.reply(actor=expert, thread=first.thread, body=REPLY)
    url = reverse("community:post_edit", args=[program.slug, answer.pk])
    response = signed_in(expert).post(url, {"body": "x", "version": 1})
    assert response.status_code == 400
    assert REPLY_WORDS in unescape(response.content.decode())
    answer.refresh_from_db()
    assert answer.body == REPLY


def test_an_override_reason_past_its_ceiling_is_refused_not_cut(
    participant: Any, expert: Any, topic: Any
) -> None:
    """The form and the API refuse a reason over 300 characters; the service did cut it."""
    from tests.community.conftest import HEALTH_CARD

    first = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    held = services.reply(actor=expert, thread=first.thread, body=HEALTH_CARD)
    key = services.open_findings(held)[0].key
    reason = "a made-up teaching example, not a real card " * 7
    with pytest.raises(DomainError) as err:
        services.override_finding(actor=expert, post=held, key=key, reason=reason)
    assert (err.value.code, err.value.field) == ("too_long", "reason")
    assert not held.phi_overrides.exists()
