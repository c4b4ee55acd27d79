"""The expert's case page folds the disciplines they do not write for while nothing is
written there (hubwalk10: seven empty boxes of about 260 px each on a phone); their own
discipline, any with text and a refused save stay open; a writer whose discipline is unknown
sees every box open, as before."""

from __future__ import annotations

import re

import pytest

from echohub.cases import services
from echohub.cases.models import Discipline
from echohub.programs.models import Hub, HubMember, HubRole, Role

pytestmark = pytest.mark.django_db

LABELS = {str(label) for _value, label in Discipline.choices}


def boxes(html: str) -> dict[str, bool]:
    """Each recommendation box's heading -> whether it is open."""
    found = re.findall(
        r'<details class="card recommendation"( open)?><summary><h2>([^<]+)</h2>', html
    )
    return {label: bool(is_open) for is_open, label in found}


@pytest.fixture
def scheduled(program, presenter, draft, upcoming_session, make_member):  # type: ignore[no-untyped-def]
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    return services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)


def expert(client, program, make_member, profession=None):  # type: ignore[no-untyped-def]
    user = make_member(program, Role.EXPERT)
    if profession:
        hub = Hub.objects.create(program=program, name="Hub")
        HubMember.objects.create(hub=hub, user=user, hub_role=HubRole.EXPERT, discipline=profession)
    client.force_login(user)
    return user


def page(client, case) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/p/{case.program.slug}/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_pharmacist_sees_pharmacy_open_and_the_empty_others_folded(
    client, program, make_member, scheduled
):
    user = expert(client, program, make_member, "pharmacist")
    services.save_recommendation(
        actor=user, case=scheduled, discipline=Discipline.MEDICINE, text="Keep the dose steady."
    )
    shown = boxes(page(client, scheduled))
    assert set(shown) == LABELS
    assert shown["Pharmacy"] and shown["Medicine"]  # their own, and one with text
    assert [label for label, is_open in shown.items() if is_open] == ["Medicine", "Pharmacy"]


def test_a_refused_save_in_a_folded_discipline_comes_back_open(
    client, program, make_member, scheduled
):
    expert(client, program, make_member, "pharmacist")
    response = client.post(
        f"/p/{program.slug}/cases/{scheduled.pk}/recommend/",
        {
            "discipline": "psychology",
            "psychology-discipline": "psychology",
            "psychology-text": "Call Dr Helen Marchand at 613-555-0177.",
        },
    )
    shown = boxes(response.content.decode())
    assert shown["Psychology"], response.status_code


def test_a_writer_of_unknown_discipline_sees_every_box_open(
    client, program, make_member, scheduled
):
    expert(client, program, make_member)
    shown = boxes(page(client, scheduled))
    assert set(shown) == LABELS and all(shown.values())
