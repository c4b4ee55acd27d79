"""Limits and cleaning in one place (core/limits.py, core/middleware.py), seen from the web:
NUL characters and oversize requests get a page in people's words, names lose invisible
characters, agenda edits are versioned (a stale one keeps what was typed), case texts have a
length limit, and CSV cells never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from echohub.core import csvsafe, limits
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Registration, Role, Site
from echohub.scheduling.models import AgendaItem
from echohub.scheduling.services import agenda_item_version
from tests.factories import AgendaItemFactory, SessionFactory

# --- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Hélène   Côté ", "Hélène Côté"),
        ("Lake\u200bview\u200d", "Lakeview"),
        ("\ufeffAna", "Ana"),
        ("Cafe\u0301", "Café"),  # NFC: one character, as typed elsewhere
        ("Ana\tLopes\n", "Ana Lopes"),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert limits.clean_name(raw) == clean


@pytest.mark.parametrize("raw", ["exe.\u202egpj", "A\u2067na", "Ana\u200f", "A\x00na", "A\x07na"])
def test_clean_name_refuses_direction_and_control_characters(raw: str) -> None:
    with pytest.raises(ValueError, match="Names cannot contain"):
        limits.clean_name(raw)


@pytest.mark.parametrize(
    ("body", "holds"),
    [
        (b'{"a": "x\\u0000"}', True),
        (b'{"a\\u0000": 1}', True),
        (b'{"a": ["b", {"c": "\\u0000"}]}', True),
        (b'{"a": "x\x00"}', True),
        (b'{"a": "x\\\\u0000"}', False),  # an escaped backslash, then "u0000"
        (b'{"a": "plain"}', False),
        (b"not json \\u0000", False),  # left to the parser to refuse
    ],
)
def test_json_holds_nul(body: bytes, holds: bool) -> None:
    assert limits.json_holds_nul(body) is holds


# --- the web: NUL characters and sizes ---------------------------------------------------------


@pytest.fixture
def public_program(program: Any) -> Any:
    from echohub.programs.models import Region

    program.registration_open = True
    program.is_public = True
    program.save()
    Region.objects.get_or_create(name="East")
    return program


def _registration(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Ana",
        "last_name": "Lopes",
        "email": "ana.lopes@example.test",
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "new_site_name": "Lakeview Station",
        "region": "East",
        "new_site_kind": "clinic",
        "new_site_rurality": "rural",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_nul_in_a_web_form_gets_a_page_saying_what_to_fix(
    client: Any, public_program: Any
) -> None:
    response = client.post(
        f"/p/{public_program.slug}/register/", _registration(last_name="Lo\x00pes")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "null character" in html and "Back" in html and "<main" in html
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_search_is_a_400_not_a_server_error(program: Any, as_role: Any) -> None:
    client = as_role(program, Role.COORDINATOR)
    response = client.get(f"/p/{program.slug}/sessions/", {"q": "pain\x00"})
    assert response.status_code == 400 and "null character" in response.content.decode()


@pytest.mark.django_db
def test_an_oversize_web_request_is_a_413_page(program: Any, as_role: Any, settings: Any) -> None:
    settings.REQUEST_MAX_BYTES = 1000
    client = as_role(program, Role.COORDINATOR)
    response = client.post(f"/p/{program.slug}/manage/sites/new/", {"name": "x" * 2000})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Site.objects.exists()


@pytest.mark.django_db
def test_registration_names_lose_invisible_characters_and_refuse_direction_marks(
    client: Any, public_program: Any
) -> None:
    url = f"/p/{public_program.slug}/register/"
    refused = client.post(url, _registration(first_name="A\u202ena"))
    assert refused.status_code in (200, 400)
    assert "change the direction of the text" in refused.content.decode()
    assert not Registration.objects.exists()
    accepted = client.post(
        url, _registration(first_name="A\u200bna", new_site_name="Lake\u200bview")
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    registration = Registration.objects.get()
    assert (registration.first_name, registration.new_site_name) == ("Ana", "Lakeview")


# --- agenda edits on the web -------------------------------------------------------------------


def _edit(client: Any, program: Any, item: AgendaItem, **data: str) -> Any:
    body = {
        "kind": item.kind,
        "title": item.title,
        "duration_minutes": str(item.duration_minutes),
        "position": "",
        **data,
    }
    return client.post(f"/p/{program.slug}/sessions/{item.session_id}/agenda/{item.pk}/", body)


@pytest.mark.django_db
def test_an_empty_position_on_an_edit_keeps_the_place(program: Any, as_role: Any) -> None:
    session = SessionFactory(program=program)
    first = AgendaItemFactory(session=session, position=1, title="Talk")
    second = AgendaItemFactory(session=session, position=2, title="Case")
    client = as_role(program, Role.COORDINATOR)
    response = _edit(client, program, second, title="Case 1", version=agenda_item_version(second))
    assert response.status_code == 302, response.content.decode()[:500]
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.title, second.position, first.position) == ("Case 1", 2, 1)


@pytest.mark.django_db
def test_a_stale_web_edit_is_refused_and_keeps_what_was_typed(program: Any, as_role: Any) -> None:
    session = SessionFactory(program=program)
    item = AgendaItemFactory(session=session, title="Sleep")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/sessions/{session.pk}/agenda/{item.pk}/")
    opened = agenda_item_version(item)
    assert f'value="{opened}"' in page.content.decode()
    assert _edit(client, program, item, title="Sleep hygiene", version=opened).status_code == 302
    stale = _edit(client, program, item, title="Sleep and chronic pain", version=opened)
    assert stale.status_code == 400
    html = stale.content.decode()
    assert "Someone else saved this agenda item" in html
    assert "Sleep and chronic pain" in html  # nothing typed is lost
    assert AgendaItem.objects.get().title == "Sleep hygiene"
    assert AuditEntry.objects.filter(action="agenda.item_updated").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT])
def test_other_roles_cannot_edit_the_agenda(program: Any, as_role: Any, role: str) -> None:
    item = AgendaItemFactory(session=SessionFactory(program=program), title="Sleep")
    assert _edit(as_role(program, role), program, item, title="X").status_code == 403
    assert AgendaItem.objects.get().title == "Sleep"


@pytest.mark.django_db
def test_outsiders_cannot_edit_the_agenda(program: Any, as_role: Any) -> None:
    item = AgendaItemFactory(session=SessionFactory(program=program), title="Sleep")
    assert _edit(as_role(program, None), program, item, title="X").status_code == 404


# --- case text limits (the service both doors use) -----------------------------------------


@pytest.mark.django_db
def test_case_text_over_the_limit_is_refused_on_its_field(program: Any, make_member: Any) -> None:
    from echohub.cases import services

    presenter = make_member(program, Role.PARTICIPANT)
    case = services.start_case(actor=presenter, program=program)
    with pytest.raises(DomainError) as err:
        services.save_draft(
            actor=presenter, case=case, data={"questions": "q" * (limits.CASE_TEXT_MAX + 1)}
        )
    assert (err.value.code, err.value.field) == ("too_long", "questions")
    assert "20,000" in err.value.message
    saved = services.save_draft(
        actor=presenter, case=case, data={"questions": "q" * limits.CASE_TEXT_MAX}
    )
    assert len(saved.questions) == limits.CASE_TEXT_MAX


# --- CSV formula injection -----------------------------------------------------------------


HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_would_run_gets_a_leading_quote(value: str) -> None:
    assert csvsafe.cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana", "", "5", "a=b", -3, 2.5, None])
def test_other_cells_are_left_alone(value: Any) -> None:
    assert csvsafe.cell(value) == value


def test_research_export_csv_neutralises_text_and_keeps_numbers() -> None:
    from decimal import Decimal

    from echohub.evaluation.exports import csv_chunks

    rows = [("P1", "=1+2", -5, Decimal("-1.5"), "@cmd"), ("P2", "Ana", 3, None, "-x")]
    data = b"".join(csv_chunks(["pid", "=region", "n", "d", "t"], rows)).decode()
    parsed = list(csv.reader(io.StringIO(data)))
    assert parsed == [
        ["pid", "'=region", "n", "d", "t"],
        ["P1", "'=1+2", "-5", "-1.5", "'@cmd"],
        ["P2", "Ana", "3", "", "'-x"],
    ]


def test_chart_csv_neutralises_labels_and_keeps_negative_figures() -> None:
    from echohub.evaluation.charts import Chart, Series
    from echohub.evaluation.dashboards import SUPPRESSED

    chart = Chart(
        key="k",
        title="t",
        desc="d",
        kind="hbar",
        categories=["=cmd|'/C calc'!A0", "Lakeview"],
        series=[Series(label="+change", values=[-0.5, SUPPRESSED])],
        category_label="Site",
    )
    parsed = list(csv.reader(io.StringIO(chart.csv())))
    assert parsed[0] == ["Site", "'+change"]
    assert parsed[1] == ["'=cmd|'/C calc'!A0", "-0.5"]
    assert parsed[2] == ["Lakeview", SUPPRESSED]
