"""Probe: through the API, a person who runs another program (every role there) learns nothing
of this program's objects by naming their ids: every operation of the OpenAPI schema with an
object id answers for a real id of this program exactly as for an id that does not exist
(same status, and never a 2xx), whatever program slug is in the path."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from echohub.api.api import api
from echohub.programs.models import Membership, Program, Role
from tests.browser import site_map
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

MISSING = 2_000_000_000


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _first_pk(model: Any, **filters: Any) -> int | None:
    found = model.objects.filter(**filters).order_by("pk").first()
    return found.pk if found is not None else None


def _ids(demo: Any) -> dict[str, Callable[[], Any]]:
    from echohub.cases.models import Case
    from echohub.community.models import Post, Thread, Topic
    from echohub.library.models import Talk, Tool
    from echohub.library.selectors import LIBRARY_CASE_STATUSES
    from echohub.mentoring.models import Message, Notice
    from echohub.mentoring.models import Question as MentoringQuestion
    from echohub.programs.models import Registration
    from echohub.scheduling.models import Series

    slug = demo.slug
    return {
        "session_id": lambda: demo.upcoming.pk,
        "item_id": lambda: demo.agenda_item.pk,
        "site_id": lambda: demo.site.pk,
        "series_id": lambda: _first_pk(Series, program__slug=slug),
        "registration_id": lambda: _first_pk(Registration, program__slug=slug),
        "case_id": lambda: _first_pk(Case, program__slug=slug, status__in=LIBRARY_CASE_STATUSES),
        "talk_id": lambda: _first_pk(Talk, program__slug=slug),
        "tool_id": lambda: _first_pk(Tool, program__slug=slug),
        "survey_id": lambda: demo.survey.pk,
        "user_id": lambda: demo.person.pk,
        "topic_id": lambda: _first_pk(Topic, program__slug=slug),
        "thread_id": lambda: _first_pk(Thread, program__slug=slug),
        "post_id": lambda: _first_pk(Post, thread__program__slug=slug),
        "question_id": lambda: _first_pk(MentoringQuestion, program__slug=slug),
        "message_id": lambda: _first_pk(Message, question__program__slug=slug),
        "notice_id": lambda: _first_pk(Notice, question__program__slug=slug),
    }


def _program_routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    out = []
    for path, operations in schema["paths"].items():
        for method in operations:
            out.append((method, path))
    return out


def _call(client: Client, method: str, path: str) -> Any:
    if method == "get":
        return client.get(path)
    return client.generic(method.upper(), path, "{}", content_type="application/json")


def test_an_id_of_another_program_answers_like_an_id_that_does_not_exist() -> None:
    demo = site_map.build()
    other: Program = ProgramFactory(name="Other program", slug="other-program")
    runner = UserFactory()
    for role in Role.values:
        Membership.objects.create(program=other, user=runner, role=role)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    ids = _ids(demo)
    leaks, probed = [], 0
    for method, path in _program_routes():
        params = re.findall(r"{(\w+)}", path)
        objects = [p for p in params if p not in ("slug", "token", "dashboard")]
        if not objects:
            continue
        real: dict[str, Any] = {"slug": other.slug}
        missing: dict[str, Any] = {"slug": other.slug}
        for name in objects:
            assert name in ids, f"the probe has no object for {{{name}}} in {path}"
            value = ids[name]()
            assert value is not None, f"the demo has no object for {{{name}}}"
            real[name] = value
            missing[name] = MISSING
        got = _call(client, method, path.format(**real))
        expected = _call(client, method, path.format(**missing))
        probed += 1
        if got.status_code != expected.status_code or got.status_code < 300:
            leaks.append((method, path, got.status_code, expected.status_code))
    assert probed > 40
    assert leaks == []
