"""The moderation queue names a message's author « message d’Aisha » in French (a French walk
found « message de Aisha »), « message by Aisha » in English."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.community import services
from echohub.programs.models import Role
from tests.community.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "first", "expected"),
    [
        ("fr", "Aisha", "message d’Aisha Ouimet"),
        ("fr", "Bruno", "message de Bruno Ouimet"),
        ("en", "Aisha", "message by Aisha Ouimet"),
    ],
)
def test_the_moderation_queue_elides_before_a_vowel(
    program: Any,
    make_member: Any,
    coordinator: Any,
    topic: Any,
    language: str,
    first: str,
    expected: str,
) -> None:
    author = make_member(program, Role.PARTICIPANT, first_name=first, last_name="Ouimet")
    reporter = make_member(program, Role.EXPERT)
    post = services.start_thread(actor=author, topic=topic, title="Slow tapers", body=CLEAN)
    services.report_post(actor=reporter, post=post, reason="Looks like an advert")
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("community:moderation", args=[program.slug])).content.decode()
    assert expected in page
