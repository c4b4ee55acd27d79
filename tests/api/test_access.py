"""Every endpoint: the allowed role succeeds, another role 403, an outsider 404, no token 401."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role
from tests.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ProgramFactory,
    QuestionFactory,
    RegistrationFactory,
    SeriesFactory,
    SessionFactory,
    SiteFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADMIN, COORD, EXPERT, PART, EVAL = (
    Role.PROGRAM_ADMIN,
    Role.COORDINATOR,
    Role.EXPERT,
    Role.PARTICIPANT,
    Role.EVALUATOR,
)


@dataclass
class World:
    program: Program
    ids: dict[str, Any]


@pytest.fixture
def world() -> World:
    program = ProgramFactory(slug="pain", is_public=False)
    site = SiteFactory(program=program, name="Lakeview FHT")
    person = UserFactory()
    MembershipFactory(program=program, user=person, role=PART, site=site)
    series = SeriesFactory(program=program)
    session = SessionFactory(program=program)
    registration = RegistrationFactory(program=program)
    item = AgendaItemFactory(session=session)
    draft = QuestionFactory(survey=SurveyFactory(program=program, status="draft")).survey
    open_survey = QuestionFactory(survey=SurveyFactory(program=program, status="open")).survey
    from echohub.community import services as community
    from echohub.community.models import Topic

    topic = Topic.objects.create(program=program, title="Tapering")
    thread = community.start_thread(
        actor=person, topic=topic, title="Slow tapers", body="How slow is too slow?"
    ).thread
    return World(
        program,
        {
            "topic": topic.pk,
            "thread": thread.pk,
            "site": site.pk,
            "person": person.pk,
            "series": series.pk,
            "session": session.pk,
            "registration": registration.pk,
            "item": item.pk,
            "survey": draft.pk,
            "open_survey": open_survey.pk,
            "dashboard": "reach",
        },
    )


def _future(days: int, hour: int = 17) -> str:
    day = timezone.now().date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC).isoformat()


# name: (method, path, body, allowed role, a role without the permission or None)
ENDPOINTS: dict[str, tuple[str, str, Any, str, str | None]] = {
    "program": ("get", "/programs/pain", None, PART, None),
    "sites": ("get", "/programs/pain/sites", None, COORD, PART),
    "site": ("get", "/programs/pain/sites/{site}", None, EXPERT, PART),
    "site-create": (
        "post",
        "/programs/pain/sites",
        {"name": "Moose Factory Nursing Station", "region": "North East"},
        COORD,
        EXPERT,
    ),
    "site-update": ("patch", "/programs/pain/sites/{site}", {"region": "North West"}, ADMIN, EVAL),
    "people": ("get", "/programs/pain/people", None, EXPERT, PART),
    "invite": (
        "post",
        "/programs/pain/invitations",
        {"email": "new@example.test", "role": "expert"},
        COORD,
        EXPERT,
    ),
    "roles": (
        "put",
        "/programs/pain/people/{person}/roles",
        {"roles": ["participant", "expert"]},
        COORD,
        EXPERT,
    ),
    "series-list": ("get", "/programs/pain/series", None, EVAL, None),
    "series": ("get", "/programs/pain/series/{series}", None, PART, None),
    "series-create": (
        "post",
        "/programs/pain/series",
        {
            "title": "Cycle 2",
            "weekday": 1,
            "first_date": "2031-01-07",
            "count": 3,
            "start_time": "12:00",
        },
        COORD,
        PART,
    ),
    "sessions": ("get", "/programs/pain/sessions", None, PART, None),
    "session": ("get", "/programs/pain/sessions/{session}", None, PART, None),
    "session-add": (
        "post",
        "/programs/pain/sessions",
        {"title": "Extra", "starts_at": _future(400), "ends_at": _future(400, 18)},
        COORD,
        EXPERT,
    ),
    "reschedule": (
        "post",
        "/programs/pain/sessions/{session}/reschedule",
        {"starts_at": _future(500), "ends_at": _future(500, 18)},
        ADMIN,
        PART,
    ),
    "cancel": (
        "post",
        "/programs/pain/sessions/{session}/cancel",
        {"reason": "Holiday"},
        COORD,
        EXPERT,
    ),
    "agenda": (
        "post",
        "/programs/pain/sessions/{session}/agenda",
        {"kind": "case", "title": "Case: low back pain"},
        COORD,
        PART,
    ),
    "session-update": (
        "patch",
        "/programs/pain/sessions/{session}",
        {"title": "Renamed"},
        COORD,
        EXPERT,
    ),
    "agenda-update": (
        "patch",
        "/programs/pain/sessions/{session}/agenda/{item}",
        {"title": "Renamed", "version": "{item_version}"},
        COORD,
        PART,
    ),
    "agenda-delete": (
        "delete",
        "/programs/pain/sessions/{session}/agenda/{item}",
        None,
        ADMIN,
        EXPERT,
    ),
    "resource-add": (
        "post",
        "/programs/pain/sessions/{session}/agenda/{item}/resources",
        {"title": "Slides", "url": "https://example.test/slides.pdf"},
        COORD,
        EVAL,
    ),
    "hubs": ("get", "/programs/pain/hubs", None, EVAL, None),
    "registrations": ("get", "/programs/pain/registrations", None, COORD, EXPERT),
    "registration": (
        "get",
        "/programs/pain/registrations/{registration}",
        None,
        ADMIN,
        PART,
    ),
    "approve": (
        "post",
        "/programs/pain/registrations/{registration}/approve",
        {},
        COORD,
        EXPERT,
    ),
    "decline": (
        "post",
        "/programs/pain/registrations/{registration}/decline",
        {},
        COORD,
        EVAL,
    ),
    "surveys": ("get", "/programs/pain/surveys", None, COORD, EVAL),
    "survey": ("get", "/programs/pain/surveys/{survey}", None, ADMIN, EXPERT),
    "survey-open": ("post", "/programs/pain/surveys/{survey}/open", {}, COORD, EVAL),
    "survey-close": ("post", "/programs/pain/surveys/{open_survey}/close", {}, ADMIN, PART),
    "insights": ("get", "/programs/pain/insights/{dashboard}", None, EVAL, PART),
    "insights-coordinator": ("get", "/programs/pain/insights/surveys", None, COORD, EXPERT),
    "search": ("get", "/programs/pain/search", None, EVAL, None),
    "topics": ("get", "/programs/pain/community/topics", None, PART, EVAL),
    "topic-threads": ("get", "/programs/pain/community/topics/{topic}/threads", None, EXPERT, EVAL),
    "thread-start": (
        "post",
        "/programs/pain/community/topics/{topic}/threads",
        {"title": "Sleep and pain", "body": "What helps first?"},
        PART,
        EVAL,
    ),
    "thread": ("get", "/programs/pain/community/threads/{thread}", None, COORD, EVAL),
    "posts": ("get", "/programs/pain/community/threads/{thread}/posts", None, PART, EVAL),
    "reply": (
        "post",
        "/programs/pain/community/threads/{thread}/posts",
        {"body": "Thank you, that helps."},
        EXPERT,
        EVAL,
    ),
    "mentoring-topics": ("get", "/programs/pain/mentoring/topics", None, PART, EVAL),
    "mentoring-questions": ("get", "/programs/pain/mentoring/questions", None, EXPERT, EVAL),
    "mentoring-ask": (
        "post",
        "/programs/pain/mentoring/questions",
        {"body": "How slowly should a long taper start?"},
        PART,
        EVAL,
    ),
    "mentoring-overview": ("get", "/programs/pain/mentoring/overview", None, COORD, PART),
    "mentoring-notices": ("get", "/programs/pain/mentoring/notices", None, PART, EVAL),
    "mentoring-notices-read": ("post", "/programs/pain/mentoring/notices/read", {}, EXPERT, EVAL),
    "live": ("get", "/programs/pain/sessions/{session}/live", None, PART, None),
    "live-events": ("get", "/programs/pain/sessions/{session}/live/events", None, EVAL, None),
    "live-action": (
        "post",
        "/programs/pain/sessions/{session}/live/actions",
        {"action": "start"},
        COORD,
        PART,
    ),
    "live-question": (
        "post",
        "/programs/pain/sessions/{session}/live/questions",
        {"text": "Is a slower taper safer?"},
        PART,
        EVAL,
    ),
}

# Endpoints whose success needs the caller's own object (their post, their held post's
# findings): their roles are tested where that object exists.
OWN_OBJECT = {
    ("patch", "/programs/*/community/posts/*"): "tests/community/test_api.py (edit own post)",
    ("post", "/programs/*/community/posts/*/overrides"): "tests/community/test_api.py",
    ("get", "/programs/*/mentoring/questions/*"): "tests/mentoring/test_api.py",
    ("get", "/programs/*/mentoring/questions/*/messages"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/questions/*/messages"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/questions/*/accept"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/questions/*/pass"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/questions/*/close"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/messages/*/overrides"): "tests/mentoring/test_api.py",
    ("post", "/programs/*/mentoring/notices/*/read"): "tests/mentoring/test_api_notices.py",
}


def _request(world: World, name: str) -> tuple[str, str, Any]:
    method, path, body, _allowed, _denied = ENDPOINTS[name]
    if isinstance(body, dict) and body.get("version") == "{item_version}":
        from echohub.scheduling.models import AgendaItem
        from echohub.scheduling.services import agenda_item_version

        item = AgendaItem.objects.get(pk=world.ids["item"])
        body = {**body, "version": agenda_item_version(item)}
    if name == "live-action":  # a session is started within its window only (livestart)
        from echohub.scheduling.models import Session

        start = timezone.now() + dt.timedelta(minutes=30)
        Session.objects.filter(pk=world.ids["session"]).update(
            starts_at=start, ends_at=start + dt.timedelta(minutes=90)
        )
    return method, path.format(**world.ids), body


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_without_a_token_is_401(world: World, api_as: Any, name: str) -> None:
    method, path, body = _request(world, name)
    response = api_as(None).call(method, path, body)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_outsider_gets_404_and_nothing_changes(world: World, member_api: Any, name: str) -> None:
    method, path, body = _request(world, name)
    audit_before = AuditEntry.objects.count()
    response = member_api(world.program, None).call(method, path, body)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "field": None}
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("name", sorted(n for n, e in ENDPOINTS.items() if e[4] is not None))
def test_member_without_the_permission_gets_403(world: World, member_api: Any, name: str) -> None:
    method, path, body = _request(world, name)
    audit_before = AuditEntry.objects.count()
    response = member_api(world.program, ENDPOINTS[name][4]).call(method, path, body)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_allowed_role_succeeds(world: World, member_api: Any, name: str) -> None:
    method, path, body = _request(world, name)
    response = member_api(world.program, ENDPOINTS[name][3]).call(method, path, body)
    assert response.status_code in (200, 201, 204), response.content
    if method != "get":
        assert AuditEntry.objects.filter(program=world.program).exists()


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_unknown_program_is_404(world: World, member_api: Any, name: str) -> None:
    method, path, body = _request(world, name)
    api = member_api(world.program, ADMIN)
    response = api.call(method, path.replace("/programs/pain", "/programs/nope"), body)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_superuser_may_do_anything(world: World, api_as: Any) -> None:
    root = UserFactory(is_superuser=True)
    method, path, body = _request(world, "site-create")
    assert api_as(root).call(method, path, body).status_code == 201


def test_a_deactivated_role_counts_as_no_role(world: World, api_as: Any) -> None:
    user = UserFactory()
    MembershipFactory(program=world.program, user=user, role=COORD, is_active=False)
    assert api_as(user).get("/programs/pain/sites").status_code == 404


PUBLIC = {
    ("post", "/programs/*/registrations"),
    ("get", "/programs/*/registration-options"),
}


def _shape(path: str) -> str:
    parts = path.removeprefix("/api/v1").split("/")
    return "/".join("*" if p.startswith("{") or p == "pain" else p for p in parts)


def test_every_program_endpoint_is_in_the_access_matrix() -> None:
    """A new endpoint under /programs/{slug} must join ENDPOINTS (and so these tests)."""
    from echohub.api.api import api
    from tests.api.test_cases import ENDPOINTS as CASE_ENDPOINTS  # each case needs its stage

    covered = {
        (method, _shape(path))
        for method, path, *_ in [*ENDPOINTS.values(), *CASE_ENDPOINTS.values()]
    }
    for path, operations in api.get_openapi_schema()["paths"].items():
        if not path.startswith("/api/v1/programs/{slug}"):
            continue
        for method in operations:
            key = (method, _shape(path))
            assert key in covered or key in PUBLIC or key in OWN_OBJECT, (
                f"{method.upper()} {path} is not in ENDPOINTS"
            )
