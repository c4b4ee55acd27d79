"""What a fuzzer and a probe found, fixed: NUL characters, huge offsets, HTML error pages and
500s under /api/, races on unique names, the scanner's size and rate, names with invisible
characters, stale agenda edits and recommendations written without a version."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db.models.query import QuerySet

from echohub.core.models import AuditEntry
from echohub.evaluation.models import Study
from echohub.programs.models import Program, Registration, Role, Site
from echohub.scheduling.models import AgendaItem
from echohub.scheduling.services import agenda_item_version
from tests.api.test_registrations import registration_body
from tests.factories import (
    AgendaItemFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain")


@pytest.fixture
def coordinator(pain: Program, member_api: Any) -> Any:
    return member_api(pain, Role.COORDINATOR)


# --- NUL characters --------------------------------------------------------------------------


def _nul_bodies(pain: Program) -> dict[str, tuple[str, str, dict[str, Any]]]:
    session = SessionFactory(program=pain)
    item = AgendaItemFactory(session=session)
    base = f"/programs/pain/sessions/{session.pk}"
    return {
        "site": ("post", "/programs/pain/sites", {"name": "Lake\x00view", "region": "East"}),
        "session": ("patch", base, {"title": "Pain\x00"}),
        "agenda": ("post", f"{base}/agenda", {"kind": "didactic", "title": "Sleep\x00"}),
        "resource": (
            "post",
            f"{base}/agenda/{item.pk}/resources",
            {"title": "Slides\x00", "url": "https://example.test/s.pdf"},
        ),
        "reason": ("post", f"{base}/cancel", {"reason": "Storm\x00"}),
        "key": ("post", "/programs/pain/sites", {"name\x00": "x", "region": "East"}),
        "nested": ("post", "/phi/scan", {"text": ["a", {"b": "c\x00"}]}),
    }


@pytest.mark.parametrize(
    "name", ["site", "session", "agenda", "resource", "reason", "key", "nested"]
)
def test_a_nul_character_anywhere_in_a_json_body_is_a_clear_400(
    pain: Program, coordinator: Any, name: str
) -> None:
    method, path, body = _nul_bodies(pain)[name]
    before = AuditEntry.objects.count()
    response = coordinator.call(method, path, body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "nul_character"
    assert "null character" in response.json()["message"]
    assert AuditEntry.objects.count() == before


def test_registration_with_a_nul_is_refused_even_without_signing_in(
    pain: Program, api_as: Any
) -> None:
    response = api_as(None).post(
        "/programs/pain/registrations", registration_body(last_name="Lo\x00pes")
    )
    assert response.status_code == 400 and response.json()["code"] == "nul_character"
    assert not Registration.objects.exists()


def test_a_nul_in_the_query_string_is_a_400(pain: Program, coordinator: Any) -> None:
    response = coordinator.get("/programs/pain/sites", q="lake\x00")
    assert response.status_code == 400 and response.json()["code"] == "nul_character"


def test_an_escaped_backslash_before_u0000_is_ordinary_text(
    pain: Program, coordinator: Any
) -> None:
    body = json.dumps({"name": "Site \\u0000 ok", "region": "East"})
    assert "\\\\u0000" in body  # the JSON holds an escaped backslash, not a NUL
    response = coordinator.client.post(
        "/api/v1/programs/pain/sites", body, content_type="application/json", **coordinator.headers
    )
    assert response.status_code == 201, response.content
    assert Site.objects.get().name == "Site \\u0000 ok"


# --- pagination ------------------------------------------------------------------------------

LISTS = [
    "/programs",
    "/programs/pain/sites",
    "/programs/pain/people",
    "/programs/pain/series",
    "/programs/pain/sessions",
    "/programs/pain/registrations",
    "/programs/pain/cases",
    "/programs/pain/surveys",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"offset": 2**63},
        {"offset": 2**64 + 5},
        {"offset": -1},
        {"offset": "abc"},
        {"limit": "1e3"},
        {"limit": 2**63},
    ],
    ids=["2^63", "2^64", "negative", "text", "float-text", "huge-limit"],
)
def test_out_of_range_offsets_are_422_on_every_list(
    pain: Program, member_api: Any, path: str, query: dict[str, Any]
) -> None:
    admin = member_api(pain, Role.PROGRAM_ADMIN)
    response = admin.get(path, **query)
    assert response.status_code == 422, (path, response.content)
    body = response.json()
    assert body["code"] == "invalid" and body["field"] in ("offset", "limit")


def test_the_largest_offset_allowed_is_an_empty_page(pain: Program, coordinator: Any) -> None:
    from echohub.api.pagination import MAX_OFFSET

    SiteFactory(program=pain)
    body = coordinator.get("/programs/pain/sites", offset=MAX_OFFSET).json()
    assert body == {"items": [], "count": 1}


# --- errors are JSON ---------------------------------------------------------------------------


def test_an_unknown_api_url_is_a_json_404(coordinator: Any) -> None:
    response = coordinator.get("/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_an_unexpected_error_is_a_json_500_not_html(
    pain: Program, coordinator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from echohub.programs import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "sites_of", broken)
    response = coordinator.get("/programs/pain/sites")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "server_error" and "a bug" not in json.dumps(body)


def test_a_body_over_the_request_limit_is_a_json_413(
    pain: Program, coordinator: Any, settings: Any
) -> None:
    settings.REQUEST_MAX_BYTES = 500
    response = coordinator.post("/programs/pain/sites", {"name": "x" * 600, "region": "East"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert not Site.objects.exists()


# --- races on unique names ---------------------------------------------------------------------


@pytest.fixture
def missed_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The duplicate check ran before a parallel request committed the same name: it sees
    nothing, and the unique constraint is what stops the second row."""
    real_exists = QuerySet.exists

    def exists(self: QuerySet[Any]) -> bool:
        if self.model in (Site, Study):
            return False
        return real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", exists)


def test_a_site_created_twice_at_once_is_a_409_not_a_500(
    pain: Program, coordinator: Any, missed_check: None
) -> None:
    SiteFactory(program=pain, name="Lakeview FHT")
    response = coordinator.post("/programs/pain/sites", {"name": "Lakeview FHT", "region": "East"})
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "duplicate_site" and response.json()["field"] == "name"
    assert Site.objects.count() == 1


def test_the_site_form_shows_the_race_on_the_name(
    pain: Program, as_role: Any, missed_check: None
) -> None:
    from django.urls import reverse

    SiteFactory(program=pain, name="Lakeview FHT")
    client = as_role(pain, Role.COORDINATOR)
    response = client.post(
        reverse("programs:site_new", args=["pain"]),
        {"name": "Lakeview FHT", "kind": "clinic", "region": "East", "rurality": "urban"},
    )
    assert response.status_code in (200, 400)
    assert "A site with this name already exists." in response.content.decode()
    assert Site.objects.count() == 1


def test_a_study_created_twice_at_once_is_refused_on_its_name(
    pain: Program, make_member: Any, missed_check: None
) -> None:
    from echohub.core.errors import DomainError
    from echohub.evaluation import exports

    admin = make_member(pain, Role.PROGRAM_ADMIN)
    exports.create_study(actor=admin, program=pain, name="Outcomes 2026")
    with pytest.raises(DomainError) as err:
        exports.create_study(actor=admin, program=pain, name="Outcomes 2026")
    assert (err.value.code, err.value.field, err.value.status) == ("study_exists", "name", 409)
    assert Study.objects.count() == 1


# --- the identifier scanner: size and rate -----------------------------------------------------


@pytest.fixture
def fake_phi(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import sys
    import types

    seen: list[str] = []
    monkeypatch.setitem(
        sys.modules, "phi", types.SimpleNamespace(scan=lambda t: seen.append(t) or [])
    )
    return seen


def test_the_scanner_takes_at_most_100000_characters(api_as: Any, fake_phi: list[str]) -> None:
    api = api_as(UserFactory())
    assert api.post("/phi/scan", {"text": "a" * 100_000}).status_code == 200
    response = api.post("/phi/scan", {"text": "a" * 100_001})
    assert response.status_code == 413 and response.json()["code"] == "text_too_long"
    assert len(fake_phi) == 1


def test_the_scanner_is_rate_limited_per_person(
    api_as: Any, fake_phi: list[str], settings: Any
) -> None:
    settings.PHI_SCAN_RATE = "3/m"
    alice, bob = api_as(UserFactory()), api_as(UserFactory())
    assert [alice.post("/phi/scan", {"text": "x"}).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    throttled = alice.post("/phi/scan", {"text": "x"})
    assert throttled.json()["code"] == "throttled"
    assert bob.post("/phi/scan", {"text": "x"}).status_code == 200  # per person
    assert len(fake_phi) == 4


# --- names ------------------------------------------------------------------------------------


def test_zero_width_characters_are_removed_from_site_names(pain: Program, coordinator: Any) -> None:
    response = coordinator.post(
        "/programs/pain/sites", {"name": "Lake\u200bview\ufeff  FHT", "region": "East"}
    )
    assert response.status_code == 201, response.content
    assert Site.objects.get().name == "Lakeview FHT"


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f"])
def test_text_direction_controls_in_names_are_refused(
    pain: Program, coordinator: Any, api_as: Any, char: str
) -> None:
    site = coordinator.post("/programs/pain/sites", {"name": f"Lake{char}view", "region": "East"})
    assert site.status_code == 422 and site.json()["field"] == "name"
    assert "direction" in json.dumps(site.json())
    person = api_as(None).post(
        "/programs/pain/registrations", registration_body(first_name=f"A{char}na")
    )
    assert person.status_code == 422 and person.json()["field"] == "first_name"
    assert not Site.objects.exists() and not Registration.objects.exists()


def test_a_name_of_only_invisible_characters_is_refused(pain: Program, coordinator: Any) -> None:
    response = coordinator.post("/programs/pain/sites", {"name": "\u200b\u200b", "region": "East"})
    assert response.status_code == 422 and response.json()["field"] == "name"


# --- agenda versions --------------------------------------------------------------------------


def test_a_stale_agenda_edit_is_refused_and_the_newer_one_kept(
    pain: Program, member_api: Any
) -> None:
    session = SessionFactory(program=pain)
    item = AgendaItemFactory(session=session, title="Sleep")
    path = f"/programs/pain/sessions/{session.pk}/agenda/{item.pk}"
    first, second = member_api(pain, Role.COORDINATOR), member_api(pain, Role.PROGRAM_ADMIN)
    read = first.get(f"/programs/pain/sessions/{session.pk}").json()["agenda"][0]["version"]
    assert read == agenda_item_version(item)
    assert second.patch(path, {"title": "Sleep hygiene", "version": read}).status_code == 200
    stale = first.patch(path, {"title": "Sleep and pain", "version": read})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_agenda_item"
    assert AgendaItem.objects.get().title == "Sleep hygiene"
    fresh = agenda_item_version(AgendaItem.objects.get())
    assert first.patch(path, {"title": "Sleep and pain", "version": fresh}).status_code == 200


def test_an_agenda_patch_without_version_is_422(pain: Program, coordinator: Any) -> None:
    session = SessionFactory(program=pain)
    item = AgendaItemFactory(session=session, title="Sleep")
    response = coordinator.patch(
        f"/programs/pain/sessions/{session.pk}/agenda/{item.pk}", {"title": "Other"}
    )
    assert response.status_code == 422 and response.json()["field"] == "version"
    assert AgendaItem.objects.get().title == "Sleep"
