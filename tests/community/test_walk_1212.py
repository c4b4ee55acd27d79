"""What a walk as a new clinician (round 1212) found in discussions: keeping a flagged part
with an empty or two-word reason went to the server and came back with a banner at the top of
the page, the typed reason gone and focus nowhere near the finding. The reason box now says
what it needs (required, at least as many characters as the rule asks), so the browser stops
an empty or short reason at the box itself, as the mentoring page already did."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.community import services
from echohub.community.services import OVERRIDE_REASON_MIN_CHARS
from tests.community.conftest import HEALTH_CARD

pytestmark = pytest.mark.django_db


def test_reason_box_of_a_held_message_is_required_with_the_rule_s_length(
    participant: Any, topic: Any, program: Any
) -> None:
    post = services.start_thread(actor=participant, topic=topic, title="Taper", body=HEALTH_CARD)
    client = Client()
    client.force_login(participant)
    url = reverse("community:thread", args=[program.slug, post.thread_id])
    html = client.get(url).content.decode()
    boxes = re.findall(r'<input id="override-[\w-]+-reason"[^>]*>', html)
    assert boxes, "the held message shows no reason box"
    for box in boxes:
        assert " required" in box
        assert f'minlength="{OVERRIDE_REASON_MIN_CHARS}"' in box
