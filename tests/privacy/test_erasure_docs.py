"""docs/deployment.md says what a person's erasure removes and keeps: every count the preview
shows an admin (community and mentoring included) is named there, so the operator's page grows
with the erasure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def _erasure_section() -> str:
    text = DOC.read_text()
    start = text.index("## Retention and erasure")
    return text[start : text.index("\n## ", start + 1)]


def test_the_doc_names_what_the_preview_counts(client: Any, program: Any, make_member: Any) -> None:
    admin = make_member(program, Role.PROGRAM_ADMIN)
    person = make_member(program, Role.PARTICIPANT)
    client.force_login(admin)
    page = client.get(reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk}))
    assert page.status_code == 200
    preview = page.context["preview"]
    section = _erasure_section()
    app_keys = [
        k for k in [*preview.removed, *preview.kept] if k.startswith(("community", "mentor"))
    ]
    assert len(app_keys) >= 6
    for key in app_keys:
        assert f"`{key}`" in section, key
    for heading in ("**Community:**", "**Mentoring:**", "**Kept elsewhere**"):
        assert heading in section
    # The doc says what is removed, anonymised and kept in each app.
    for heading in ("**Community:**", "**Mentoring:**"):
        part = section[section.index(heading) :].split("\n- ")[0]
        for word in ("removed:", "Anonymised:", "Kept"):
            assert word in part, (heading, word)


def test_someone_else_cannot_see_the_preview(client: Any, program: Any, make_member: Any) -> None:
    person = make_member(program, Role.PARTICIPANT)
    client.force_login(make_member(program, Role.PARTICIPANT))
    url = reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk})
    assert client.get(url).status_code in (403, 404)
