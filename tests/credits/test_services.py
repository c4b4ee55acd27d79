"""Rules, awards and certificates through the services: recompute keeps history and logs,
certificates carry what accreditors require (parsed back from the PDF)."""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from echohub.core.models import AuditEntry
from echohub.credits import services
from echohub.credits.models import Certificate, CreditAward, CreditRule
from echohub.programs.models import Role
from tests.credits.conftest import AMA_STATEMENT, MAINPRO_STATEMENT, rule_data
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
RECOMPUTED = {"recomputed_created", "recomputed_changed", "recomputed_unchanged"}


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_creating_a_rule_computes_awards_from_attendance(
    make_rule, sessions, participant, attend, program, make_member
):
    attend(sessions[0], participant, 90)
    attend(sessions[1], participant, 40)
    expert = make_member(program, Role.EXPERT)
    attend(sessions[0], expert, 90)
    rule = make_rule(credits_per_hour=Decimal("2"), minimum_share=50)
    awards = {(a.session_id, a.user_id): a for a in CreditAward.objects.filter(rule=rule)}
    assert awards[(sessions[0].pk, participant.pk)].credits == Decimal("3.00")
    low = awards[(sessions[1].pk, participant.pk)]
    assert (low.eligible, low.reason, low.credits) == (False, "below_share", Decimal("0.00"))
    # an expert holds no participant role: not registered for credit
    assert awards[(sessions[0].pk, expert.pk)].reason == "not_registered"


def test_a_former_participant_keeps_credit_earned_while_registered(
    make_rule, sessions, participant, attend
):
    attend(sessions[0], participant, 90)
    participant.memberships.update(is_active=False)
    rule = make_rule()
    assert CreditAward.objects.get(rule=rule, user=participant).eligible


def test_recompute_is_idempotent_and_follows_attendance_changes(
    make_rule, sessions, participant, attend, coordinator
):
    record = attend(sessions[0], participant, 30)
    rule = make_rule(credits_per_hour=Decimal("1"), rounding="quarter_hour")
    assert services.recompute_awards(actor=coordinator, rule=rule).as_dict() == {
        "created": 0,
        "changed": 0,
        "unchanged": 1,
    }
    record.minutes = 75
    record.save()
    result = services.recompute_awards(actor=coordinator, rule=rule)
    assert (result.changed, result.created) == (1, 0)
    assert CreditAward.objects.get(rule=rule).credits == Decimal("1.25")
    assert AuditEntry.objects.filter(action="credits.recomputed").count() == 1
    record.delete()
    services.recompute_awards(actor=coordinator, rule=rule)
    gone = CreditAward.objects.get(rule=rule)
    assert (gone.eligible, gone.reason, gone.minutes) == (False, "no_minutes", 0)


def test_changing_a_rule_makes_a_new_version_keeps_the_old_awards_and_logs(
    make_rule, sessions, participant, attend, coordinator
):
    attend(sessions[0], participant, 90)
    v1 = make_rule(credits_per_hour=Decimal("2"))
    old_award = CreditAward.objects.get(rule=v1)
    v2 = services.change_rule(
        actor=coordinator, rule=v1, data=rule_data(credits_per_hour=Decimal("1"))
    )
    v1.refresh_from_db()
    assert (v2.version, v2.lineage, v2.previous_id) == (2, v1.lineage, v1.pk)
    assert v1.superseded_at is not None and v2.superseded_at is None
    # the old version and its award are kept as they were
    assert CreditAward.objects.get(pk=old_award.pk).credits == Decimal("3.00")
    assert CreditAward.objects.get(rule=v2).credits == Decimal("1.50")
    entry = AuditEntry.objects.get(action="credits.rule_changed")
    assert entry.changes["credits_per_hour"] == ["2.00", "1.00"]
    assert entry.changes["version"] == [1, 2]
    assert entry.changes["recomputed_created"] == 1
    assert set(entry.changes) == {"credits_per_hour", "version", *RECOMPUTED}
    assert CreditRule.objects.filter(lineage=v1.lineage).count() == 2


def test_saving_a_rule_unchanged_makes_no_version(make_rule, coordinator):
    rule = make_rule()
    same = services.change_rule(actor=coordinator, rule=rule, data=rule_data())
    assert same.pk == rule.pk
    assert not AuditEntry.objects.filter(action="credits.rule_changed").exists()


def test_an_old_version_cannot_be_edited(make_rule, coordinator):
    v1 = make_rule()
    services.change_rule(actor=coordinator, rule=v1, data=rule_data(minimum_share=50))
    with pytest.raises(services.CreditRefused) as err:
        services.change_rule(actor=coordinator, rule=v1, data=rule_data(minimum_share=75))
    assert err.value.code == "superseded"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"credit_type": "custom", "custom_name": ""}, "custom_name_required"),
        ({"credits_per_hour": Decimal("0")}, "bad_rate"),
        ({"minimum_share": 101}, "bad_share"),
        ({"accreditation_statement": "  "}, "accreditation_statement_required"),
    ],
)
def test_bad_rules_are_refused(program, coordinator, overrides, code):
    with pytest.raises(services.CreditRefused) as err:
        services.create_rule(actor=coordinator, program=program, data=rule_data(**overrides))
    assert err.value.code == code
    assert not CreditRule.objects.exists()


def test_session_certificate_pdf_shows_what_accreditors_require(
    make_rule, sessions, participant, attend
):
    attend(sessions[0], participant, 68)
    rule = make_rule(
        credit_type="ama_pra_1",
        rounding="quarter_hour",
        accreditation_statement=AMA_STATEMENT,
        provider_name="University Health Network",
    )
    cert = services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=sessions[0]
    )
    pdf = services.certificate_pdf(cert)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == cert.sha256  # regenerated identically
    text = pdf_text(pdf)
    for expected in (
        "Priya Cardinal",
        "CPSO 123456",
        "Chronic Pain & Opioid Stewardship: Opioid tapering, part 1",
        "2026-01-08",
        "1.25 AMA PRA Category 1 Credit™",
        AMA_STATEMENT,
        "University Health Network",
        "cpd@echo.example.test, 416-555-0100",
        cert.number,
    ):
        assert expected in text, expected
    assert cert.credits == Decimal("1.25")


def test_cycle_certificate_sums_sessions_and_shows_the_dates(
    make_rule, sessions, participant, attend, series
):
    attend(sessions[0], participant, 90)
    attend(sessions[2], participant, 60)
    attend(sessions[1], participant, 10)  # below the share: not listed, not counted
    rule = make_rule(credits_per_hour=Decimal("1"), minimum_share=50)
    cert = services.issue_certificate(actor=None, rule=rule, user=participant, series=series)
    assert (cert.credits, cert.minutes) == (Decimal("2.50"), 150)
    text = pdf_text(services.certificate_pdf(cert))
    assert "2026-01-08 – 2026-01-22" in text
    assert "2.50 Mainpro+ Certified Group Learning" in text
    assert MAINPRO_STATEMENT in text
    assert "Cycle 2026" in text
    assert "part 2" not in text


def test_issuing_again_returns_the_same_certificate_until_the_facts_change(
    make_rule, sessions, participant, attend, coordinator, series
):
    record = attend(sessions[0], participant, 90)
    rule = make_rule()
    first = services.issue_certificate(actor=None, rule=rule, user=participant, series=series)
    again = services.issue_certificate(actor=None, rule=rule, user=participant, series=series)
    assert again.pk == first.pk
    record.minutes = 60
    record.save()
    newer = services.issue_certificate(actor=None, rule=rule, user=participant, series=series)
    first.refresh_from_db()
    assert newer.pk != first.pk and first.superseded_at is not None
    assert newer.credits == Decimal("1.00")
    assert Certificate.objects.count() == 2  # nothing deleted


def test_no_certificate_without_credit(make_rule, sessions, program, attend):
    guest = UserFactory()
    MembershipFactory(program=program, user=guest, role=Role.EXPERT)
    attend(sessions[0], guest, 90)
    rule = make_rule()
    with pytest.raises(services.CreditRefused) as err:
        services.issue_certificate(actor=None, rule=rule, user=guest, session=sessions[0])
    assert err.value.code == "not_eligible"


def test_an_inactive_rule_awards_nothing_new_and_keeps_what_it_had(
    make_rule, sessions, participant, attend, coordinator
):
    attend(sessions[0], participant, 90)
    v1 = make_rule()
    v2 = services.change_rule(actor=coordinator, rule=v1, data=rule_data(active=False))
    assert not v2.active
    assert not CreditAward.objects.filter(rule=v2).exists()
    assert CreditAward.objects.filter(rule=v1, eligible=True).count() == 1
    with pytest.raises(services.CreditRefused) as err:
        services.issue_certificate(actor=None, rule=v2, user=participant, session=sessions[0])
    assert err.value.code == "rule_not_current"


def test_survey_requirement_passes_for_a_session_that_was_never_surveyed(
    make_rule, sessions, participant, attend
):
    attend(sessions[0], participant, 90)
    rule = make_rule(survey_required=True)
    assert CreditAward.objects.get(rule=rule).eligible
