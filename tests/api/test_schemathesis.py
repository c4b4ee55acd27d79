"""The API against its own OpenAPI schema, schemathesis-fuzzed as a participant and a coordinator.

The schema is loaded from /api/v1/openapi.json and every operation is called in-process through
Django's WSGI application (same database connection, so the test transaction holds) with a real
bearer token per role. Path parameters name the seeded program, site, series, session, agenda
item, registration, case and survey, so requests reach real objects instead of 404s; query and
body are generated. Examples are bounded and derandomized so CI stays fast and repeatable.

Checks: no 5xx, every response matches the schema (body and status code). All failures are
collected and reported together, one line per operation and check.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FailedHealthCheck, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from echohub.accounts.models import ApiToken
from echohub.api.schemas import WALL_TIME_PATTERN
from echohub.cases import services as cases
from echohub.programs.models import Role
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import (
    AgendaItemFactory,
    HubFactory,
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

SCHEMA_URL = "/api/v1/openapi.json"
# Examples per operation and role: ~56 operations x 2 roles stay around a minute on 2 cores.
# SCHEMATHESIS_SCALE=10 multiplies them for a deeper run by hand.
SCALE = int(os.environ.get("SCHEMATHESIS_SCALE", "1"))
EXAMPLES = {GenerationMode.POSITIVE: 5 * SCALE, GenerationMode.NEGATIVE: 3 * SCALE}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@dataclass
class Run:
    requests: int = 0
    operations: set[str] = field(default_factory=set)
    failures: dict[str, str] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Requests through the real WSGI handler would close the database connection at their end
    (and with it the test's transaction on PostgreSQL); Django's test client unhooks the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class _Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.seen.append("".join(traceback.format_exception(*record.exc_info)))


@pytest.fixture
def crashes() -> Iterator[list[str]]:
    """Tracebacks of the exceptions behind 500s (logged on django.request, which the API's
    error middleware and Django's handler both use)."""
    handler = _Tracebacks()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.seen
    logger.removeHandler(handler)


def _seed() -> dict[str, tuple[Any, dict[str, Any]]]:
    """A small program with one of everything; per role, the caller and the path parameters."""
    program = ProgramFactory(slug="fuzz", is_public=True)
    HubFactory(program=program)
    site = SiteFactory(program=program)
    participant = UserFactory()
    coordinator = UserFactory()
    MembershipFactory(program=program, user=participant, role=Role.PARTICIPANT, site=site)
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    series = SeriesFactory(program=program)
    start = timezone.now() + dt.timedelta(days=7)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    item = AgendaItemFactory(session=session)
    AgendaItemFactory(session=session, kind="case", title="Case presentation", position=2)
    registration = RegistrationFactory(program=program)
    survey = SurveyFactory(program=program, status="draft")
    QuestionFactory(survey=survey)
    case = cases.start_case(actor=participant, program=program)
    case = cases.save_draft(
        actor=participant,
        case=case,
        data=CLEAN,
        medications=MEDS,
        scores=[{"instrument": "peg", "items": [7, 6, 8]}],
    )
    # A second case carried through to recommendations sent, so the coordinator's calls read
    # and act on the fields a draft leaves empty.
    sent = cases.start_case(actor=participant, program=program)
    sent = cases.save_draft(actor=participant, case=sent, data=CLEAN, medications=MEDS, scores=[])
    cases.submit_case(actor=participant, case=sent)
    cases.review_case(actor=coordinator, case=sent, approve=True)
    cases.schedule_case(actor=coordinator, case=sent, session=session)
    cases.save_recommendation(
        actor=coordinator, case=sent, discipline="pharmacy", text="Taper by 10% a month."
    )
    cases.send_recommendations(actor=coordinator, case=sent, summary="Slow taper.")
    from echohub.community import services as community
    from echohub.community.models import Topic
    from echohub.library.models import Talk, Tool

    topic = Topic.objects.create(program=program, title="Tapering")
    post = community.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body="How slow is too slow?"
    )
    talk = Talk.objects.create(
        program=program, title="Tapering", presenter_name="Guest", given_on=dt.date(2026, 3, 5)
    )
    tool = Tool.objects.create(program=program, title="Opioid Manager", url="https://example.org")
    from echohub.mentoring import services as mentoring

    asked = mentoring.ask(actor=participant, program=program, body="How slowly should we start?")
    from echohub.mentoring.models import Notice

    # Each caller's own mentoring notice (the coordinator's is the triage one the ask left).
    Notice.objects.create(user=participant, program=program, question=asked, kind="waiting")
    notice = {
        u: Notice.objects.filter(user=u).values_list("pk", flat=True)[0]
        for u in (participant, coordinator)
    }
    path = {
        "slug": program.slug,
        "topic_id": topic.pk,
        "thread_id": post.thread_id,
        "post_id": post.pk,
        "talk_id": talk.pk,
        "tool_id": tool.pk,
        "question_id": asked.pk,
        "message_id": asked.first_message.pk,
        "site_id": site.pk,
        "user_id": participant.pk,
        "series_id": series.pk,
        "session_id": session.pk,
        "item_id": item.pk,
        "registration_id": registration.pk,
        "case_id": case.pk,
        "survey_id": survey.pk,
        "dashboard": "reach",
        "token": "no-such-link",
    }
    return {
        "participant": (participant, {**path, "notice_id": notice[participant]}),
        "coordinator": (
            coordinator,
            {**path, "case_id": sent.pk, "notice_id": notice[coordinator]},
        ),
    }


def _send(case: Any, *, role: str, label: str, headers: dict[str, str], run: Run) -> None:
    """One request in its own savepoint, checked; failures are kept, one per operation and check."""
    cache.clear()  # rate limits are tested elsewhere; here they would only hide the handler
    savepoint = transaction.savepoint()
    response = case.call(headers=headers)
    run.requests += 1
    if response.status_code >= 500:
        # A database error leaves PostgreSQL's transaction unusable: undo this request only.
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            key = f"{role}: {label}: {failure.title}"
            run.failures.setdefault(key, f"{key}\n{failure.message}\n{case.as_curl_command()}")


def _fuzz(
    operation: Any, *, role: str, headers: dict[str, str], path: dict[str, Any], run: Run
) -> None:
    names = {p.name for p in operation.path_parameters}
    fixed = {name: value for name, value in path.items() if name in names}
    label = f"{operation.method.upper()} {operation.path}"
    run.operations.add(label)
    for mode, examples in EXAMPLES.items():
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def one(case: Any) -> None:
            _send(case, role=role, label=label, headers=headers, run=run)

        try:
            one()
        except (Unsatisfiable, FailedHealthCheck):
            continue
    if operation.body:
        # Bodies of the wrong JSON type altogether: an array or null instead of the object.
        for wrong in ([], [{"title": "x"}], None):
            case = operation.Case(path_parameters=fixed, body=wrong, media_type="application/json")
            _send(case, role=role, label=label, headers=headers, run=run)


def test_api_honours_its_schema_for_a_participant_and_a_coordinator(
    keep_connection: None, crashes: list[str]
) -> None:
    callers = _seed()
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app)
    run = Run()
    began = time.monotonic()
    for role, (user, path) in callers.items():
        _token, raw = ApiToken.issue(user=user, name=f"schemathesis {role}")
        headers = {"Authorization": f"Bearer {raw}"}
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result  # the schema itself is valid
            operation = result.ok()
            _fuzz(operation, role=role, headers=headers, path=path, run=run)
    elapsed = time.monotonic() - began
    print(
        f"schemathesis: {len(run.operations)} operations, {run.requests} requests, "
        f"{len(run.failures)} failures, {elapsed:.1f}s"
    )
    assert len(run.operations) >= 50
    assert run.requests >= len(run.operations) * 2
    report = "\n\n".join(run.failures.values())
    if crashes:
        report += "\n\nServer tracebacks:\n" + "\n".join(dict.fromkeys(crashes))
    assert not run.failures and not crashes, report


# Defects the fuzzing found, pinned one by one.


def test_series_start_time_is_declared_as_the_wall_clock_time_it_is(
    client: Any, api_as: Any
) -> None:
    """It was declared `format: time`, which requires an offset, while offsets are refused and
    the output has none."""
    schema = client.get(SCHEMA_URL).json()["components"]["schemas"]
    for name in ("SeriesOut", "SeriesIn"):
        start_time = schema[name]["properties"]["start_time"]
        assert "format" not in start_time
        assert start_time["pattern"] == WALL_TIME_PATTERN
    program = ProgramFactory(slug="walls")
    coordinator = UserFactory()
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    api = api_as(coordinator)
    body = {"title": "Cycle", "weekday": 3, "first_date": "2030-10-24", "count": 2}
    for bad in ("12:30:00Z", "12:30:00+02:00", "7:5", "24:00", 45000):
        response = api.post("/programs/walls/series", {**body, "start_time": bad})
        assert response.status_code == 422, (bad, response.content)
        assert response.json()["field"] == "start_time"
    created = api.post("/programs/walls/series", {**body, "start_time": "12:30"})
    assert created.status_code == 201, created.content
    assert created.json()["start_time"] == "12:30:00"
    assert re.fullmatch(WALL_TIME_PATTERN, created.json()["start_time"])


def test_a_week_of_month_out_of_range_is_refused_not_a_server_error(api_as: Any) -> None:
    """A weekly series stored any week_of_month: 2**60 overflowed PostgreSQL's smallint (500)."""
    program = ProgramFactory(slug="weeks")
    coordinator = UserFactory()
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    body = {"title": "Cycle", "weekday": 3, "first_date": "2030-10-24", "count": 2}
    for bad in (2**60, 5, -2):
        response = api_as(coordinator).post(
            "/programs/weeks/series", {**body, "start_time": "12:00", "week_of_month": bad}
        )
        assert response.status_code == 422, (bad, response.content)
        assert response.json()["field"] == "week_of_month"


def test_every_operation_declares_the_refusals_made_before_any_view(client: Any) -> None:
    """NUL characters (400) and oversize requests (413) are refused by middleware for every
    operation, so every operation declares them."""
    paths = client.get(SCHEMA_URL).json()["paths"]
    for methods in paths.values():
        for operation in methods.values():
            assert {"400", "413"} <= set(operation["responses"]), operation["operationId"]
    response = client.post(
        "/api/v1/clinical/mme", '{"medications": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_no_two_schemas_share_a_name() -> None:
    """The OpenAPI components are keyed by class name: two routers' schemas with one name make
    one of them describe the other's answers (a live question once stood for a survey's)."""
    import inspect

    from ninja import Schema

    from echohub.api import routers

    seen: dict[str, str] = {}
    clashes = []
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(routers.__path__):
        module = importlib.import_module(f"{routers.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, Schema)
                and obj.__module__ == module.__name__
            ):
                if name in seen:
                    clashes.append(f"{name}: {seen[name]} and {info.name}")
                seen[name] = info.name
    assert not clashes, clashes
