"""Fixtures for the API tests: a JSON client that authenticates with a real bearer token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from echohub.accounts.models import ApiToken, User
from echohub.programs.models import Program
from tests.factories import MembershipFactory, UserFactory

PREFIX = "/api/v1"


class Api:
    """Calls /api/v1 as `user` (with a fresh bearer token), or anonymously when user is None."""

    def __init__(self, client: Client, user: User | None) -> None:
        self.client = client
        self.user = user
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = ApiToken.issue(user=user, name="tests")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def _send(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        url = PREFIX + path
        send = getattr(self.client, method)
        if method == "get":
            return send(url, query, **self.headers)
        data = json.dumps(body if body is not None else {})
        return send(url, data, content_type="application/json", **self.headers)

    def get(self, path: str, **query: Any) -> Any:
        return self._send("get", path, **query)

    def post(self, path: str, body: Any = None) -> Any:
        return self._send("post", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self._send("put", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self._send("patch", path, body)

    def delete(self, path: str) -> Any:
        return self.client.delete(PREFIX + path, **self.headers)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        return self._send(method, path, body)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate limits count in the cache; start every test from zero."""
    cache.clear()


@pytest.fixture
def api_as(client: Client) -> Callable[[User | None], Api]:
    """api_as(user) -> an Api calling as that user; api_as(None) -> anonymous."""

    def make(user: User | None) -> Api:
        return Api(client, user)

    return make


@pytest.fixture
def member_api(api_as: Callable[[User | None], Api]) -> Callable[..., Api]:
    """member_api(program, role) -> an Api for a new person holding `role` in `program`;
    role=None: a signed-up person with no role in it (an outsider)."""

    def make(program: Program, role: str | None, **user_fields: Any) -> Api:
        user = UserFactory(**user_fields)
        if role is not None:
            MembershipFactory(program=program, user=user, role=role)
        return api_as(user)

    return make


@pytest.fixture
def count_queries() -> Callable[[Callable[[], Any]], int]:
    """count_queries(fn) -> how many SQL queries fn() ran."""

    def count(fn: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = fn()
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    return count
