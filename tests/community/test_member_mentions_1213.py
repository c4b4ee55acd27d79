"""An @mention of a member of the program is a colleague on the platform, never a patient: the
identifier check leaves it alone, though the scanner (since 1.15.0) reads lower-case @handles in
chat exports as people's names. A handle that names no member is checked like any other text.
(Found when the daily-digest test lost the expert's notification: the coordinator's reply
"Second answer @ana.lopes" was held for its author's check instead of published.)"""

from typing import Any

import pytest

from echohub.community import services
from echohub.community.models import Post
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(participant: Any, topic: Any) -> Any:
    return services.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body=CLEAN
    ).thread


def test_a_reply_mentioning_a_member_is_published(participant, coordinator, thread):
    assert (participant.first_name, participant.last_name) == ("Ana", "Lopes")
    services.reply(actor=coordinator, thread=thread, body="Second answer @ana.lopes")
    post = Post.objects.filter(thread=thread).order_by("-pk").first()
    assert post.published_at is not None
    assert services.post_findings(post) == []


def test_a_handle_that_names_no_member_is_still_checked(coordinator, thread):
    body = "Her daughter @zoraida.quintanilha says she sleeps badly"
    services.reply(actor=coordinator, thread=thread, body=body)
    post = Post.objects.filter(thread=thread).order_by("-pk").first()
    findings = services.post_findings(post)
    assert post.published_at is None
    assert any(body[f.start : f.end] == "zoraida.quintanilha" for f in findings)


def test_a_member_mention_beside_an_identifier_still_holds_the_post(
    participant, coordinator, thread
):
    body = "@ana.lopes the patient's OHIP is 1234-567-897"
    services.reply(actor=coordinator, thread=thread, body=body)
    post = Post.objects.filter(thread=thread).order_by("-pk").first()
    findings = services.post_findings(post)
    assert post.published_at is None
    assert [body[f.start : f.end] for f in findings] and all(
        "ana.lopes" not in body[f.start : f.end] for f in findings
    )
