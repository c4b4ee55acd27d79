"""The community API: the caller's own rights, the identifier check (422 with findings)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.community import services
from echohub.community.models import Post, PostStatus
from tests.community.conftest import CLEAN, HEALTH_CARD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/community"


def test_topics_threads_posts(program, participant, expert, topic):
    client = api(expert)
    response = client.post(
        f"{base(program)}/topics/{topic.pk}/threads",
        {"title": "Buprenorphine start", "body": CLEAN},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    thread_id = Post.objects.get(pk=response.json()["id"]).thread_id
    topics = client.get(f"{base(program)}/topics").json()
    assert topics[0]["thread_count"] == 1
    threads = client.get(f"{base(program)}/topics/{topic.pk}/threads").json()
    assert threads["items"][0]["title"] == "Buprenorphine start"
    reply = api(participant).post(
        f"{base(program)}/threads/{thread_id}/posts",
        {"body": "Thank you, **very** clear"},
        content_type="application/json",
    )
    assert reply.status_code == 201 and "<strong>very</strong>" in reply.json()["html"]
    posts = client.get(f"{base(program)}/threads/{thread_id}/posts").json()["items"]
    assert [p["author_id"] for p in posts] == [expert.pk, participant.pk]


def test_post_with_identifier_is_422_with_findings_then_override(program, participant, topic):
    thread = services.start_thread(
        actor=participant, topic=topic, title="Taper question", body=CLEAN
    ).thread
    client = api(participant)
    response = client.post(
        f"{base(program)}/threads/{thread.pk}/posts",
        {"body": HEALTH_CARD},
        content_type="application/json",
    )
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "phi_found" and data["findings"][0]["kind"] == "HEALTH_NUMBER"
    assert "1234" not in str(data["findings"])  # offsets and kind, never the text
    post = Post.objects.get(pk=data["post_id"])
    assert post.status == PostStatus.HELD
    ok = client.post(
        f"{base(program)}/posts/{post.pk}/overrides",
        {"key": data["findings"][0]["key"], "reason": "a made-up teaching example"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "published"


def test_edit_via_api_keeps_a_revision(program, participant, topic):
    post = services.start_thread(actor=participant, topic=topic, title="Taper question", body=CLEAN)
    response = api(participant).patch(
        f"{base(program)}/posts/{post.pk}",
        {"body": "Edited text: we now taper by 10% a month.", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    assert post.revisions.get().body == CLEAN


def test_outsider_404_evaluator_403(program, topic, evaluator):
    assert api(UserFactory()).get(f"{base(program)}/topics").status_code == 404
    assert api(evaluator).get(f"{base(program)}/topics").status_code == 403


def test_others_held_post_is_404(program, participant, expert, topic):
    thread = services.start_thread(
        actor=participant, topic=topic, title="Taper question", body=CLEAN
    ).thread
    held = services.reply(actor=expert, thread=thread, body=HEALTH_CARD)
    response = api(participant).patch(
        f"{base(program)}/posts/{held.pk}", {"body": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    posts = api(participant).get(f"{base(program)}/threads/{thread.pk}/posts").json()["items"]
    assert held.pk not in [p["id"] for p in posts]
