"""The schema and docs, pagination limits, and the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.api.api import api
from echohub.programs.models import Program, Role
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/me": {"get"},
    "/api/v1/programs": {"get"},
    "/api/v1/programs/{slug}": {"get"},
    "/api/v1/programs/{slug}/sites": {"get", "post"},
    "/api/v1/programs/{slug}/sites/{site_id}": {"get", "patch"},
    "/api/v1/programs/{slug}/people": {"get"},
    "/api/v1/programs/{slug}/invitations": {"post"},
    "/api/v1/programs/{slug}/people/{user_id}/roles": {"put"},
    "/api/v1/programs/{slug}/series": {"get", "post"},
    "/api/v1/programs/{slug}/series/{series_id}": {"get"},
    "/api/v1/programs/{slug}/sessions": {"get", "post"},
    "/api/v1/programs/{slug}/sessions/{session_id}": {"get", "patch"},
    "/api/v1/programs/{slug}/sessions/{session_id}/agenda/{item_id}": {"patch", "delete"},
    "/api/v1/programs/{slug}/sessions/{session_id}/agenda/{item_id}/resources": {"post"},
    "/api/v1/programs/{slug}/hubs": {"get"},
    "/api/v1/programs/{slug}/sessions/{session_id}/reschedule": {"post"},
    "/api/v1/programs/{slug}/sessions/{session_id}/cancel": {"post"},
    "/api/v1/programs/{slug}/sessions/{session_id}/agenda": {"post"},
    "/api/v1/programs/{slug}/registrations": {"get", "post"},
    "/api/v1/programs/{slug}/registrations/{registration_id}": {"get"},
    "/api/v1/programs/{slug}/registrations/{registration_id}/approve": {"post"},
    "/api/v1/programs/{slug}/registrations/{registration_id}/decline": {"post"},
    "/api/v1/programs/{slug}/registration-options": {"get"},
    "/api/v1/phi/scan": {"post"},
}


def test_openapi_schema_loads_and_lists_every_endpoint(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "echohub API" and schema["info"]["version"] == "1"
    paths = {path: set(ops) for path, ops in schema["paths"].items()}
    for path, methods in EXPECTED_PATHS.items():
        assert methods <= paths.get(path, set()), path
    declared_tags = {t["name"] for t in schema["tags"]}
    operation_ids = []
    for ops in schema["paths"].values():
        for op in ops.values():
            assert op["summary"] and op["tags"] and set(op["tags"]) <= declared_tags
            operation_ids.append(op["operationId"])
    assert len(operation_ids) == len(set(operation_ids))
    assert {"BearerToken", "SessionCookie"} <= set(schema["components"]["securitySchemes"])


def test_openapi_schema_is_valid_openapi_3(client: Client) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(client.get("/api/v1/openapi.json").json())


def test_public_endpoints_are_marked_without_security() -> None:
    schema = api.get_openapi_schema()
    public = schema["paths"]["/api/v1/programs/{slug}/registrations"]["post"]
    assert not public.get("security")
    assert schema["paths"]["/api/v1/programs"]["get"]["security"]


def test_interactive_docs_are_served(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content and b"/api/v1/openapi.json" in response.content
    # what axe asks of every page: a language, a main landmark, one level-one heading
    html = response.content.decode()
    assert '<html lang="en' in html
    assert html.count("<main>") == 1 and html.count("<h1>") == 1


@pytest.fixture
def coordinator_api(member_api: Any) -> Any:
    return member_api(ProgramFactory(slug="pain"), Role.COORDINATOR)


def test_validation_errors_are_422_with_the_fields(coordinator_api: Any) -> None:
    response = coordinator_api.post("/programs/pain/sites", {"name": "", "kind": "castle"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    fields = {tuple(e["loc"][-1:]) for e in body["errors"]}
    assert {("name",), ("kind",), ("region",)} <= fields


def test_malformed_json_is_a_400_json_error(client: Client, coordinator_api: Any) -> None:
    response = client.post(
        "/api/v1/programs/pain/sites",
        "{not json",
        content_type="application/json",
        **coordinator_api.headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_domain_errors_carry_code_message_and_field(coordinator_api: Any) -> None:
    session = SessionFactory(program=Program.objects.get(slug="pain"))
    response = coordinator_api.post(f"/programs/pain/sessions/{session.pk}/cancel", {"reason": " "})
    assert response.status_code == 400
    assert response.json() == {
        "code": "reason_required",
        "message": "Say why the session is cancelled.",
        "field": "reason",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, 50), ({"limit": 200}, 200), ({"limit": 7, "offset": 250}, 5)],
)
def test_lists_are_paginated_by_limit_and_offset(
    member_api: Any, query: dict[str, int], expected: int
) -> None:
    programs = ProgramFactory.create_batch(255)
    caller = member_api(programs[0], Role.PARTICIPANT)
    body = caller.get("/programs", **query).json()
    assert body["count"] == 255 and len(body["items"]) == expected


@pytest.mark.parametrize("query", [{"limit": 201}, {"limit": 0}, {"offset": -1}])
def test_out_of_range_pagination_is_422(coordinator_api: Any, query: dict[str, int]) -> None:
    response = coordinator_api.get("/programs", **query)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_wrong_method_is_405(coordinator_api: Any) -> None:
    assert coordinator_api.call("put", "/programs").status_code == 405


def test_no_endpoint_ever_returns_a_password_hash(member_api: Any) -> None:
    program = ProgramFactory(slug="pain")
    admin = member_api(program, Role.PROGRAM_ADMIN)
    other = UserFactory()
    MembershipFactory(program=program, user=other)
    for path in ("/me", "/programs/pain/people", f"/programs/pain/people/{other.pk}/roles"):
        response = (
            admin.put(path, {"roles": ["participant"]})
            if path.endswith("roles")
            else admin.get(path)
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert "password" not in text and "md5$" not in text and "argon2" not in text


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_openapi_schema_is_self_consistent(client: Client) -> None:
    """What a validator checks first, without needing one: refs resolve, path params declared,
    every operation documents its success and error responses."""
    import re

    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in components
    for path, operations in schema["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, op in operations.items():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (method, path)
            codes = set(op["responses"])
            assert codes & {"200", "201", "204"}, (method, path)
            if op.get("security"):
                assert "401" in codes, (method, path)
            if method in ("post", "put", "patch"):
                assert "422" in codes, (method, path)
