"""The library's API operations keep to their OpenAPI schema (schemathesis, as in
tests/api/test_schemathesis.py, on the library's operations only): no 5xx, bodies and status
codes as declared, for a participant and a coordinator of a program with a talk, a tool and a
case whose recommendations were sent, and for an evaluator (empty case lists, 404 entries)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.core.result import Ok

from echohub.accounts.models import ApiToken
from echohub.library.models import LibrarySettings, Talk, Tool
from echohub.programs.models import Role
from tests.api.test_schemathesis import (  # noqa: F401 (fixtures used by name)
    SCHEMA_URL,
    Run,
    _fuzz,
    _seed,
    crashes,
    keep_connection,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_library_api_honours_its_schema(keep_connection: None, crashes: list[str]) -> None:  # noqa: F811
    callers = _seed()
    _participant, path = callers["participant"]
    coordinator, coordinator_path = callers["coordinator"]
    program = coordinator.memberships.first().program
    talk = Talk.objects.create(
        program=program, title="Tapering", presenter_name="Guest", given_on=dt.date(2026, 1, 5)
    )
    tool = Tool.objects.create(program=None, title="CDC 2022", url="https://www.cdc.gov/")
    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    evaluator = UserFactory()
    MembershipFactory(program=program, user=evaluator, role=Role.EVALUATOR)
    extra = {"talk_id": talk.pk, "tool_id": tool.pk}
    callers["participant"] = (
        callers["participant"][0],
        {**path, **extra, "case_id": coordinator_path["case_id"]},
    )
    callers["coordinator"] = (coordinator, {**coordinator_path, **extra})
    callers["evaluator"] = (evaluator, {**coordinator_path, **extra})
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    run = Run()
    began = time.monotonic()
    for role, (user, params) in callers.items():
        _token, raw = ApiToken.issue(user=user, name=f"schemathesis {role}")
        headers = {"Authorization": f"Bearer {raw}"}
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation: Any = result.ok()
            if not operation.path.startswith("/api/v1/library"):
                continue
            _fuzz(operation, role=role, headers=headers, path=params, run=run)
    seconds = time.monotonic() - began
    print(f"library: {len(run.operations)} operations, {run.requests} requests, {seconds:.1f}s")
    assert len(run.operations) == 6
    report = "\n\n".join(run.failures.values())
    if crashes:
        report += "\n\nServer tracebacks:\n" + "\n".join(dict.fromkeys(crashes))
    assert not run.failures and not crashes, report
