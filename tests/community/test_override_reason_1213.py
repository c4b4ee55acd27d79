"""A held message's author explains why a marked part is not identifying; a reason the server
refuses (too short, only the flagged words, itself identifying) comes back in its box with the
refusal beside it, on the thread page (400), not as a banner over an empty box (a French walk
lost the typed text)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.community import services
from echohub.community.models import PostStatus
from tests.community.conftest import CLEAN, PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(expert: Any, participant: Any, topic: Any) -> Any:
    thread = services.start_thread(actor=participant, topic=topic, title="Slow tapers", body=CLEAN)
    post = services.reply(actor=expert, thread=thread.thread, body=PHONE)
    assert post.status == PostStatus.HELD
    return post


@pytest.mark.parametrize(
    "reason",
    ["ok then", "416-555-0199 416-555-0199 416", "Ask Mr John Smith at 613-555-0142 today"],
)
def test_a_refused_reason_stays_in_its_box_with_the_error_beside_it(
    program: Any, expert: Any, held: Any, reason: str
) -> None:
    expert.language = "fr"
    expert.save(update_fields=["language"])
    client = Client()
    client.force_login(expert)
    (finding,) = services.open_findings(held)
    url = reverse("community:post_action", args=[program.slug, held.pk, "override"])
    response = client.post(url, {"key": finding.key, "reason": reason})
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    box = re.search(r'<input id="([^"]+)-reason"[^>]*value="([^"]*)"[^>]*>', page)
    assert box, "the reason box lost the typed text"
    assert box.group(2) == reason
    assert 'aria-invalid="true"' in box.group(0) and "autofocus" in box.group(0)
    error = re.search(rf'<p class="errorlist" id="{box.group(1)}-error">([^<]+)</p>', page)
    assert error and error.group(1).strip()
    assert f'aria-describedby="{box.group(1)}-error"' in box.group(0)
    held.refresh_from_db()
    assert held.status == PostStatus.HELD


def test_a_good_reason_still_publishes(program: Any, expert: Any, held: Any) -> None:
    client = Client()
    client.force_login(expert)
    (finding,) = services.open_findings(held)
    url = reverse("community:post_action", args=[program.slug, held.pk, "override"])
    response = client.post(url, {"key": finding.key, "reason": "a public helpline number"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == PostStatus.PUBLISHED


def test_another_member_cannot_explain_the_finding(
    program: Any, participant: Any, held: Any
) -> None:
    client = Client()
    client.force_login(participant)
    (finding,) = services.open_findings(held)
    url = reverse("community:post_action", args=[program.slug, held.pk, "override"])
    response = client.post(url, {"key": finding.key, "reason": "a public helpline number"})
    assert response.status_code in (302, 403, 404)
    held.refresh_from_db()
    assert held.status == PostStatus.HELD
