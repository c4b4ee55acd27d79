"""The JSON API, /api/v1: OpenAPI schema at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Every endpoint needs a bearer token (`echohub api_token EMAIL --name NAME`, or the profile page)
or a signed-in browser session (with CSRF on writes), except the public registration endpoints.
Permissions come from echohub.programs.rules only; errors share one JSON body (see errors.py).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from echohub.api import errors
from echohub.api.auth import bearer, session
from echohub.api.routers import (
    cases,
    clinical,
    community,
    insights,
    library,
    live,
    me,
    mentoring,
    people,
    phi,
    programs,
    registrations,
    search,
    series,
    sessions,
    sites,
    surveys,
)

DESCRIPTION = """\
The echohub JSON API: programs, sites, people, series, sessions and registrations.

**Authentication**: `Authorization: Bearer <token>`. Create a token on your profile page or with
`echohub api_token EMAIL --name NAME`. Signed-in browsers may also call the API with their
session cookie (send `X-CSRFToken` on writes).

**Errors** have one shape: `{"code": "...", "message": "...", "field": null}`; clients match on
`code`. Someone outside a program gets 404 for its private things; a member lacking the
permission gets 403. Invalid input is 422 with `code` `invalid` and the per-field `errors`.

**Lists** are paginated with `limit` (default 50, at most 200) and `offset`, and return
`{"items": [...], "count": N}`. Times are ISO 8601 in UTC.
"""


class EchohubAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Short, stable ids for generated clients: the view's name (unique across routers)."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Every operation also declares the refusals made before any view runs
        (core/middleware.py InputSafetyMiddleware): 400 `nul_character` or `bad_request`, 413
        `payload_too_large`, with the common error body."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"$ref": "#/components/schemas/ErrorOut"}
        refusals = {
            "400": "Refused before any view: a NUL character in the input (`nul_character`).",
            "413": "Refused before any view: the request is too large (`payload_too_large`).",
        }
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in refusals.items():
                    if status in responses or int(status) in responses:  # ninja uses int keys
                        continue
                    responses[int(status)] = {
                        "description": description,
                        "content": {"application/json": {"schema": error}},
                    }
        return schema


class AccessibleSwagger(Swagger):
    """django-ninja's Swagger page with a language, a main landmark and a level-one heading."""

    template = "api/swagger.html"


api = EchohubAPI(
    docs=AccessibleSwagger(),
    title="echohub API",
    version="1",
    description=DESCRIPTION,
    auth=[bearer, session],
    urls_namespace="api",
    openapi_extra={
        "tags": [
            {"name": "me", "description": "The caller."},
            {"name": "programs", "description": "ECHO programs."},
            {"name": "sites", "description": "Spoke sites of a program."},
            {"name": "people", "description": "People, roles and invitations."},
            {"name": "series", "description": "Cycles of recurring sessions."},
            {"name": "sessions", "description": "teleECHO sessions and their agendas."},
            {"name": "registrations", "description": "Requests to join a program."},
            {"name": "phi", "description": "Identifier scanning for case text."},
            {"name": "cases", "description": "Case presentations, from draft to close-out."},
            {
                "name": "clinical",
                "description": "MME/day and regimen taper plans for any signed-in clinician.",
            },
            {"name": "surveys", "description": "Evaluation surveys and answers by personal link."},
            {"name": "insights", "description": "Evaluation dashboards' figures."},
            {"name": "library", "description": "Talks, clinical tools and past cases."},
            {"name": "search", "description": "Search over the library; similar cases."},
            {"name": "community", "description": "Topics, threads and posts between sessions."},
            {"name": "mentoring", "description": "One-to-one questions to mentors."},
            {"name": "live", "description": "The live session: agenda state and questions."},
        ]
    },
)
errors.install(api)

for module in (
    me,
    programs,
    sites,
    people,
    series,
    sessions,
    registrations,
    phi,
    cases,
    surveys,
    insights,
    clinical,
    library,
    search,
    community,
    mentoring,
    live,
):
    api.add_router("", module.router)
