"""A moderator hides a message with a reason told to its author; a reason the server refuses
(itself identifying, or too long) comes back in its box with the refusal beside it, on the
thread page (400, focused), not as a banner over an emptied box (a French walk lost the typed
text)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.community import services
from echohub.community.models import Notification, Post
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(participant: Any, expert: Any, topic: Any) -> Post:
    thread = services.start_thread(actor=expert, topic=topic, title="Slow tapers", body=CLEAN)
    return services.reply(actor=participant, thread=thread.thread, body="Agreed, go slowly.")


def _post(user: Any, program: Any, post: Post, reason: str, action: str = "hide") -> Any:
    client = Client()
    client.force_login(user)
    url = reverse("community:post_action", args=[program.slug, post.pk, action])
    return client.post(url, {"reason": reason})


@pytest.mark.parametrize(
    "reason",
    ["Names Mr John Smith, born 1950-03-02", "Call 416-555-0199", "x" * 301],
)
def test_a_refused_hide_reason_stays_in_its_box_with_the_error_beside_it(
    program: Any, coordinator: Any, reply: Post, reason: str
) -> None:
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    response = _post(coordinator, program, reply, reason)
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    boxes = re.findall(r'<input id="hide-[^"]+"[^>]*name="reason"[^>]*>', page)
    assert len(boxes) == 2, "a hide box for each of the two messages"
    box = re.search(r'<input id="(hide-[^"]+)"[^>]*aria-invalid="true"[^>]*>', page)
    assert box, "the refused box is not marked"
    assert f'id="hide-{reply.pk}"' in box.group(0) or str(reply.pk) in box.group(1)
    value = re.search(r'value="([^"]*)"', box.group(0))
    assert value and value.group(1) == reason, "the hide box lost the typed text"
    assert 'aria-invalid="true"' in box.group(0) and "autofocus" in box.group(0)
    assert f'aria-describedby="{box.group(1)}-error"' in box.group(0)
    error = re.search(rf'<p class="errorlist" id="{box.group(1)}-error">([^<]+)</p>', page)
    assert error and error.group(1).strip()
    # The box's details are open so the refusal is seen; only one box is marked invalid.
    assert page.count('aria-invalid="true"') == 1
    reply.refresh_from_db()
    assert not reply.hidden
    assert not Notification.objects.filter(kind="hidden").exists()


def test_a_good_reason_still_hides_and_redirects(
    program: Any, coordinator: Any, reply: Post
) -> None:
    response = _post(coordinator, program, reply, "Off topic for this discussion")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden


def test_a_member_still_cannot_hide(program: Any, expert: Any, reply: Post) -> None:
    response = _post(expert, program, reply, "Call 416-555-0199")
    assert response.status_code in (302, 403, 404)
    reply.refresh_from_db()
    assert not reply.hidden
