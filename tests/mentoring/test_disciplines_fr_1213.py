"""A mentor's disciplines have a French text beside the English (like topics' names): a
coordinator writes both, French readers of the mentors' list read the French, English readers
the English, and a mentor with only one language shows it marked as the other language."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from echohub.mentoring import services
from echohub.mentoring.models import Mentor
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _manage(client: Any, program: Any) -> str:
    return client.get(reverse("mentoring:manage", args=[program.slug])).content.decode()


def test_the_coordinator_writes_french_disciplines_and_french_readers_see_them(
    client: Any, program: Any, coordinator: Any, make_member: Any, topics: Any
) -> None:
    client.force_login(coordinator)
    expert = make_member(program, Role.EXPERT)
    form = client.get(reverse("mentoring:mentor_new", args=[program.slug])).content.decode()
    assert 'name="disciplines_fr"' in form
    saved = client.post(
        reverse("mentoring:mentor_new", args=[program.slug]),
        {
            "user": expert.pk,
            "disciplines": "Pharmacy, nursing",
            "disciplines_fr": "Pharmacie,   soins infirmiers",
            "topics": [topics[0].pk],
            "capacity": 2,
            "active": "on",
        },
    )
    assert saved.status_code == 302
    mentor = Mentor.objects.get(user=expert)
    assert mentor.disciplines_fr == "Pharmacie, soins infirmiers"
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    html = _manage(client, program)
    assert "Pharmacie, soins infirmiers" in html and "Pharmacy, nursing" not in html
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    html = _manage(client, program)
    assert "Pharmacy, nursing" in html and "Pharmacie, soins infirmiers" not in html
    edit = client.get(reverse("mentoring:mentor_edit", args=[program.slug, mentor.pk]))
    assert 'value="Pharmacie, soins infirmiers"' in edit.content.decode()


def test_english_only_disciplines_are_marked_for_french_readers(
    client: Any, program: Any, coordinator: Any, make_mentor: Any
) -> None:
    make_mentor()  # "Pharmacy", no French
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    client.force_login(coordinator)
    html = _manage(client, program)
    assert '<span lang="en">Pharmacy</span> <span class="lang-fallback">' in html


def test_too_long_french_disciplines_are_refused(
    program: Any, coordinator: Any, make_member: Any
) -> None:
    from echohub.core.errors import DomainError

    expert = make_member(program, Role.EXPERT)
    with pytest.raises(DomainError):
        services.save_mentor(
            actor=coordinator, program=program, user=expert, disciplines_fr="x" * 201
        )
    assert not Mentor.objects.filter(user=expert).exists()
