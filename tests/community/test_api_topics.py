"""The topics API gives the French texts too, and each title and description in the caller's
language with the other as fallback, as the pages show them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.community.models import Topic

pytestmark = pytest.mark.django_db


def api(user: Any, **headers: Any) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def url(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/community/topics"


@pytest.fixture
def topics(program: Any) -> list[Topic]:
    return [
        Topic.objects.create(
            program=program,
            title="Opioid tapering",
            title_fr="Réduction des opioïdes",
            description="Slow and steady",
            description_fr="Lentement",
            position=0,
        ),
        Topic.objects.create(program=program, title="Pain psychology", position=1),
        Topic.objects.create(program=program, title="", title_fr="Santé autochtone", position=2),
    ]


def labels(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(t["label"], t["label_description"]) for t in response.json()]


def test_english_reader(program: Any, participant: Any, topics: Any) -> None:
    response = api(participant).get(url(program))
    first = response.json()[0]
    assert first["title"] == "Opioid tapering" and first["title_fr"] == "Réduction des opioïdes"
    assert first["description_fr"] == "Lentement"
    assert labels(response) == [
        ("Opioid tapering", "Slow and steady"),
        ("Pain psychology", ""),
        ("Santé autochtone", ""),  # French only: shown rather than nothing
    ]


def test_french_reader_by_profile_or_by_browser(
    program: Any, participant: Any, expert: Any, topics: Any
) -> None:
    participant.language = "fr"
    participant.save(update_fields=["language"])
    expected = [
        ("Réduction des opioïdes", "Lentement"),
        ("Pain psychology", ""),  # no French: the English title
        ("Santé autochtone", ""),
    ]
    assert labels(api(participant).get(url(program))) == expected
    by_browser = api(expert, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert labels(by_browser.get(url(program))) == expected


def test_refused_to_outsiders_evaluators_and_anonymous(
    program: Any, evaluator: Any, make_member: Any, participant: Any, topics: Any
) -> None:
    assert api(evaluator).get(url(program)).status_code == 403
    from tests.factories import UserFactory

    assert api(UserFactory()).get(url(program)).status_code == 404
    assert Client().get(url(program)).status_code == 401
    assert (
        api(participant).get("/api/v1/programs/no-such-program/community/topics").status_code == 404
    )
