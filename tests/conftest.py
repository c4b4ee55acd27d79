"""Fixtures shared by the whole suite. No real email or network: see `_no_network`."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from echohub.programs.models import Program, Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

PASSWORD = "correct horse battery"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The grouped tests first (the site walk: minutes on one worker). xdist hands out work in
    collection order, so the walk starts at once on one worker while the other takes the
    rest, instead of running alone at the end of the run. Stable: the same order on every
    worker, as xdist requires."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """Each test starts in the default language. A request activates its reader's language for
    its thread and nothing resets it afterwards (each real request activates its own first), so
    without this a French request in one test would leave the next test's code in French."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Refuse connections anywhere but this machine (databases, the live test server)."""
    if request.node.get_closest_marker("browser"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "localhost", "::1")
            and not host.startswith("/")
        ):
            raise RuntimeError(f"Tests must not use the network (tried {address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def program(db: None) -> Program:
    return ProgramFactory(name="Chronic Pain & Opioid Stewardship", slug="chronic-pain")


@pytest.fixture
def make_member(db: None) -> Callable[..., Any]:
    """make_member(program, role) -> a user holding `role` in `program`."""

    def make(program: Program, role: str = Role.PARTICIPANT, **user_fields: Any) -> Any:
        user = UserFactory(**user_fields)
        MembershipFactory(program=program, user=user, role=role)
        return user

    return make


@pytest.fixture
def as_role(client: Any, make_member: Callable[..., Any]) -> Callable[..., Any]:
    """as_role(program, role) -> the test client signed in as a new member in that role;
    role=None signs in someone with no role in the program (an outsider)."""

    def sign_in(program: Program, role: str | None) -> Any:
        user = make_member(program, role) if role else UserFactory()
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.fixture
def mailoutbox_sent(mailoutbox: list[Any]) -> Iterator[list[Any]]:
    yield mailoutbox
