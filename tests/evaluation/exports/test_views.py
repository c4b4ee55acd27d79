"""Research export pages: who may use them, studies, the counts page."""

from __future__ import annotations

import pytest

from echohub.core.models import AuditEntry
from echohub.evaluation.models import Study
from echohub.programs.models import Role
from tests.factories import ProgramFactory


def url(world, name=""):
    return f"/p/{world.program.slug}/research/{name}"


CHOICES = {"datasets": ["people", "attendance"], "format": "csv"}


@pytest.mark.parametrize("role", [Role.PROGRAM_ADMIN, Role.EVALUATOR])
def test_admin_and_evaluator_see_studies_and_can_export(world, as_role, role):
    client = as_role(world.program, role)
    page = client.get(url(world))
    assert page.status_code == 200
    assert world.study.name in page.content.decode()
    assert "Count the rows" in page.content.decode()
    counts = client.get(url(world, "export/"), {"study": world.study.pk, **CHOICES})
    assert counts.status_code == 200
    assert "Download the zip" in counts.content.decode()
    download = client.post(url(world, "export/download/"), {"study": world.study.pk, **CHOICES})
    assert download.status_code == 200 and download.streaming
    assert b"".join(download.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTICIPANT, Role.EXPERT])
def test_other_roles_get_403_everywhere(world, as_role, role):
    client = as_role(world.program, role)
    assert client.get(url(world)).status_code == 403
    assert client.get(url(world, "export/"), {"study": world.study.pk}).status_code == 403
    post = client.post(url(world, "export/download/"), {"study": world.study.pk, **CHOICES})
    assert post.status_code == 403 and not post.streaming
    assert client.post(url(world, "studies/new/"), {"name": "Mine"}).status_code == 403
    assert not AuditEntry.objects.filter(action="study.export").exists()
    assert not Study.objects.filter(name="Mine").exists()


def test_outsider_gets_404(world, as_role):
    client = as_role(world.program, None)
    assert client.get(url(world)).status_code == 404
    post = client.post(url(world, "export/download/"), {"study": world.study.pk, **CHOICES})
    assert post.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(world, client):
    response = client.get(url(world))
    assert response.status_code == 302 and "login" in response["Location"]


def test_download_needs_post(world, as_role):
    client = as_role(world.program, Role.EVALUATOR)
    response = client.get(url(world, "export/download/"), {"study": world.study.pk, **CHOICES})
    assert response.status_code == 405


def test_without_a_study_the_page_asks_to_create_one(db, as_role):
    program = ProgramFactory()
    client = as_role(program, Role.EVALUATOR)
    page = client.get(f"/p/{program.slug}/research/").content.decode()
    assert "No study yet" in page and "Count the rows" not in page
    response = client.post(
        f"/p/{program.slug}/research/studies/new/", {"name": "Reach 2026", "description": "REB"}
    )
    study = Study.objects.get(program=program)
    assert response.status_code == 302 and response["Location"].endswith(f"?study={study.pk}")
    assert study.name == "Reach 2026" and len(study.key) == 64
    assert AuditEntry.objects.filter(action="study.create", object_id=str(study.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Reach 2026" in page and "Count the rows" in page


def test_a_study_name_is_unique_in_its_program(world, as_role):
    client = as_role(world.program, Role.EVALUATOR)
    response = client.post(url(world, "studies/new/"), {"name": world.study.name.upper()})
    assert response.status_code == 400
    assert "already has a study of that name" in response.content.decode()
    assert Study.objects.filter(program=world.program).count() == 1


def test_counts_page_shows_expected_rows_and_carries_the_choices(world, as_role):
    client = as_role(world.program, Role.EVALUATOR)
    response = client.get(
        url(world, "export/"),
        {"study": world.study.pk, "datasets": ["attendance", "case_outcomes"], "format": "xlsx",
         "date_from": "2026-03-01"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "attendance.xlsx" in html and "case_outcomes.xlsx" in html and "people.xlsx" not in html
    # attendance: one row per person (probe 1219), cases 2: 2 + 2 rows
    assert "<td>2</td>" in html and "<td>4</td>" in html
    assert 'name="date_from" value="2026-03-01"' in html
    assert 'name="format" value="xlsx"' in html
    assert not AuditEntry.objects.filter(action="study.export").exists()  # counting is no export


def test_counts_page_with_invalid_choices_shows_the_form_again(world, as_role):
    client = as_role(world.program, Role.EVALUATOR)
    response = client.get(url(world, "export/"), {"study": world.study.pk, "format": "pdf"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
