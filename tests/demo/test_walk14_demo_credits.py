"""Walk 14: the demo had no credit rule, so a coordinator walking the demo could not go from
attendance to credits to a certificate (the credit pages were empty and the certificate batch
could only fail). Each demo program now has a synthetic credit rule, set as a program admin
would, with its awards computed from the demo's attendance; the demo still resets cleanly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from echohub.accounts.models import User
from echohub.credits.models import Certificate, CreditAward, CreditRule, CreditType
from echohub.demo.content import CP_SLUG, MHA_SLUG
from echohub.demo.data import load_demo, reset_demo
from echohub.programs.models import Program
from echohub.scheduling.models import Series

pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        load_demo(stage="running", now=NOW)
        yield


def test_a_coordinator_walks_the_demo_from_attendance_to_credits_to_certificates(
    demo: None,
) -> None:
    rules = {r.program.slug: r for r in CreditRule.objects.select_related("program")}
    assert set(rules) == {CP_SLUG, MHA_SLUG}
    assert rules[CP_SLUG].credit_type == CreditType.RC_MOC_1
    assert rules[MHA_SLUG].credit_type == CreditType.MAINPRO_GROUP
    for rule in rules.values():
        assert rule.accreditation_statement and rule.accreditation_statement_fr
        assert rule.provider_contact.endswith("@example.org")
        awards = CreditAward.objects.filter(rule=rule)
        assert awards.filter(eligible=True).exists(), rule.program.slug
    # The demo participant has earned credit in the pain program.
    participant = User.objects.get(email="participant@example.org")
    assert CreditAward.objects.filter(rule=rules[CP_SLUG], user=participant, eligible=True).exists()

    # A coordinator walks from the credits page to a cycle's certificates.
    coordinator = Client()
    coordinator.force_login(User.objects.get(email="coordinator@example.org"))
    program = Program.objects.get(slug=CP_SLUG)
    rule = CreditRule.objects.get(program=program)
    page = coordinator.get(f"/p/{CP_SLUG}/credits/").content.decode()
    assert "Royal College MOC Section 1" in page
    batches = coordinator.get(f"/p/{CP_SLUG}/credits/batches/").content.decode()
    assert "people would get a certificate and an email" in batches
    series = Series.objects.filter(program=program).order_by("-first_date").first()
    assert series is not None
    response = coordinator.post(
        f"/p/{CP_SLUG}/credits/batches/",
        {"rule": rule.pk, "series": series.pk, "cycle_unfinished_ok": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate = Certificate.objects.get(user=participant, rule=rule, series=series)
    assert certificate.credits > 0
    pdf = coordinator.get(f"/p/{CP_SLUG}/credits/certificates/{certificate.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_demo_with_its_credit_rules_and_certificates_resets(demo: None) -> None:
    rule = CreditRule.objects.get(program__slug=MHA_SLUG)
    series = Series.objects.filter(program=rule.program).first()
    from echohub.credits import services

    services.start_batch(
        actor=User.objects.get(email="coordinator@example.org"),
        rule=rule,
        series=series,
        cycle_unfinished_ok=True,
    )
    assert Certificate.objects.exists()
    reset_demo()
    assert not CreditRule.objects.exists() and not Certificate.objects.exists()
