"""A person may start at most DRAFTS_PER_DAY case drafts in 24 hours (web and API alike); the
refusal says why and when it lifts, and nothing else is changed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from echohub.cases import services
from echohub.cases.models import Case
from echohub.core import limits
from echohub.core.errors import DomainError
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    program = ProgramFactory()
    person = UserFactory()
    MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
    return program, person


def test_the_draft_after_the_cap_is_refused_and_allowed_again_a_day_later(member, monkeypatch):
    program, person = member
    monkeypatch.setattr(limits, "DRAFTS_PER_DAY", 3)
    for _ in range(3):
        services.start_case(actor=person, program=program)
    with pytest.raises(DomainError) as refused:
        services.start_case(actor=person, program=program)
    assert refused.value.code == "too_many" and refused.value.status == 429
    assert "24 hours" in refused.value.message
    assert Case.objects.count() == 3
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        services.start_case(actor=person, program=program)
    assert Case.objects.count() == 4


def test_the_cap_is_per_person(member, monkeypatch):
    program, person = member
    other = UserFactory()
    MembershipFactory(program=program, user=other, role=Role.PARTICIPANT)
    monkeypatch.setattr(limits, "DRAFTS_PER_DAY", 1)
    services.start_case(actor=person, program=program)
    services.start_case(actor=other, program=program)
    assert Case.objects.count() == 2


def test_the_web_page_says_why_and_the_api_answers_429(member, client, monkeypatch):
    program, person = member
    monkeypatch.setattr(limits, "DRAFTS_PER_DAY", 1)
    started = services.start_case(actor=person, program=program)
    # (A blank draft would be given again by the page's button: this one has been written in.)
    services.save_draft(actor=person, case=started, data={"questions": "Taper pace?"})
    client.force_login(person)
    page = client.post(reverse("cases:new", kwargs={"slug": program.slug}), follow=True)
    assert "the most allowed in a day" in page.content.decode()
    api = client.post(f"/api/v1/programs/{program.slug}/cases", content_type="application/json")
    assert api.status_code == 429 and api.json()["code"] == "too_many"
    assert Case.objects.count() == 1
