"""POST /phi/scan."""

from __future__ import annotations

import importlib.util
import sys
import types
from dataclasses import dataclass
from typing import Any

import pytest

from echohub.api.routers.phi import MAX_CHARS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class FakeFinding:
    start: int
    end: int
    kind: str
    text: str
    reason: str


@pytest.fixture
def fake_phi(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand in for the `phi` package: finds the word 'Smith' and records what it scanned."""
    seen: list[str] = []

    def scan(text: str) -> list[FakeFinding]:
        seen.append(text)
        at = text.find("Smith")
        return [] if at < 0 else [FakeFinding(at, at + 5, "name", "Smith", "capitalised surname")]

    monkeypatch.setitem(sys.modules, "phi", types.SimpleNamespace(scan=scan))
    return seen


def test_scan_returns_the_findings(api_as: Any, fake_phi: list[str]) -> None:
    response = api_as(UserFactory()).post("/phi/scan", {"text": "Seen with Mr Smith today."})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "findings": [
            {
                "start": 13,
                "end": 18,
                "kind": "name",
                "text": "Smith",
                "reason": "capitalised surname",
            }
        ]
    }
    assert fake_phi == ["Seen with Mr Smith today."]


def test_scan_needs_authentication(api_as: Any, fake_phi: list[str]) -> None:
    response = api_as(None).post("/phi/scan", {"text": "Smith"})
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert fake_phi == []


def test_scan_refuses_more_than_its_limit(api_as: Any, fake_phi: list[str]) -> None:
    api = api_as(UserFactory())
    assert api.post("/phi/scan", {"text": "a" * MAX_CHARS}).status_code == 200
    response = api.post("/phi/scan", {"text": "a" * (MAX_CHARS + 1)})
    assert response.status_code == 413
    assert response.json()["code"] == "text_too_long" and response.json()["field"] == "text"
    assert len(fake_phi) == 1


@pytest.mark.parametrize("body", [{}, {"text": None}, {"text": 42}, {"words": "x"}])
def test_scan_input_must_be_text(api_as: Any, fake_phi: list[str], body: Any) -> None:
    response = api_as(UserFactory()).post("/phi/scan", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


@pytest.mark.skipif(
    importlib.util.find_spec("phi") is None, reason="the phi package is not here yet"
)
def test_scan_with_the_real_scanner(api_as: Any) -> None:
    response = api_as(UserFactory()).post("/phi/scan", {"text": "Patient OHIP 1234-567-897"})
    assert response.status_code == 200
    for finding in response.json()["findings"]:
        assert set(finding) == {"start", "end", "kind", "text", "reason"}


def test_a_body_over_the_upload_limit_is_413_json(
    api_as: Any, fake_phi: list[str], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_as(UserFactory()).post("/phi/scan", {"text": "é" * 2000})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert fake_phi == []
