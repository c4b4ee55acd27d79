""" "Present a new case" opened and left without typing anything leaves no pile of untitled
drafts: pressing it again gives the same blank draft. A draft with anything saved in it is
never reused; the API always creates."""

from __future__ import annotations

import pytest

from echohub.accounts.models import ApiToken
from echohub.cases import services
from echohub.cases.models import Case

pytestmark = pytest.mark.django_db


def _new(client, program):
    response = client.post(f"/p/{program.slug}/cases/new/")
    assert response.status_code == 302
    return Case.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


def test_a_blank_draft_is_given_again_not_piled_up(client, program, presenter):
    client.force_login(presenter)
    first = _new(client, program)
    again = _new(client, program)
    assert again.pk == first.pk and Case.objects.filter(presenter=presenter).count() == 1


def test_a_draft_with_anything_saved_is_never_reused(client, program, presenter):
    client.force_login(presenter)
    first = _new(client, program)
    services.save_draft(actor=presenter, case=first, data={"questions": "Taper pace?"})
    second = _new(client, program)
    assert second.pk != first.pk
    third = _new(client, program)
    assert third.pk == second.pk  # the new blank one, once
    assert Case.objects.filter(presenter=presenter).count() == 2


def test_another_persons_or_programs_blank_draft_is_not_given(
    client, program, presenter, make_member
):
    from echohub.programs.models import Role

    colleague = make_member(program, Role.PARTICIPANT)
    theirs = services.start_case(actor=colleague, program=program)
    client.force_login(presenter)
    mine = _new(client, program)
    assert mine.pk != theirs.pk and mine.presenter_id == presenter.pk


def test_the_api_always_creates(client, program, presenter):
    _token, raw = ApiToken.issue(user=presenter, name="tests")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/v1/programs/{program.slug}/cases"
    ids = {
        client.post(url, "{}", content_type="application/json", **auth).json()["id"]
        for _ in range(2)
    }
    assert len(ids) == 2, ids
    assert Case.objects.filter(presenter=presenter, title="").count() == 2
