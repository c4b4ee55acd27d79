"""Certificate batches: run in the background (the immediate backend in tests), progress
reaches the total, each person gets an email with a link (not the PDF), re-runs are safe."""

from __future__ import annotations

from decimal import Decimal

import pytest

from echohub.core.models import AuditEntry
from echohub.credits import services
from echohub.credits.models import BatchStatus, Certificate, CertificateBatch
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program, sessions, make_member, attend):
    people = [make_member(program, Role.PARTICIPANT) for _ in range(7)]
    for i, person in enumerate(people):
        attend(sessions[0], person, 90)
        attend(sessions[1], person, 30 + i)
    nobody = make_member(program, Role.PARTICIPANT)
    attend(sessions[0], nobody, 5)  # below the minimum share: no certificate
    return people


def test_batch_issues_and_emails_everyone_with_credit(
    cohort, make_rule, series, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    rule = make_rule(minimum_share=50)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(actor=coordinator, rule=rule, series=series)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.total, batch.done, batch.emailed, batch.errors) == (7, 7, 7, [])
    assert batch.started_at and batch.finished_at
    certs = Certificate.objects.filter(batch=batch)
    assert certs.count() == 7
    assert {c.credits for c in certs} == {Decimal("1.50")}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in cohort)
    mail = mailoutbox[0]
    assert not mail.attachments
    cert = certs.get(user__email=mail.to[0])
    assert f"/p/{rule.program.slug}/credits/certificates/{cert.pk}.pdf" in mail.body
    assert AuditEntry.objects.filter(action="credits.certificate_issued").count() == 7
    assert AuditEntry.objects.get(action="credits.batch_finished").changes["emailed"] == 7


def test_rerunning_a_batch_issues_and_emails_nobody_twice(
    cohort, make_rule, series, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    rule = make_rule(minimum_share=50)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.start_batch(actor=coordinator, rule=rule, series=series)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.start_batch(actor=coordinator, rule=rule, series=series)
    second.refresh_from_db()
    assert (second.total, second.done, second.emailed) == (7, 7, 0)
    assert Certificate.objects.count() == 7
    assert Certificate.objects.filter(batch=first).count() == 7
    assert len(mailoutbox) == 7


def test_progress_is_saved_after_each_chunk(cohort, make_rule, series, coordinator, monkeypatch):
    rule = make_rule(minimum_share=50)
    batch = CertificateBatch.objects.create(
        program=rule.program, series=series, rule=rule, created_by=coordinator
    )
    seen: list[int] = []
    real_save = CertificateBatch.save

    def spy(self, *args, **kwargs):
        if kwargs.get("update_fields") == ["done", "emailed", "errors", "heartbeat_at"]:
            seen.append(self.done)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(CertificateBatch, "save", spy)
    services.run_batch(batch_id=batch.pk, chunk=3)
    assert seen == [3, 6, 7]


def test_a_second_batch_cannot_start_while_one_runs(make_rule, series, coordinator):
    rule = make_rule()
    CertificateBatch.objects.create(
        program=rule.program, series=series, rule=rule, status=BatchStatus.RUNNING
    )
    with pytest.raises(services.CreditRefused) as err:
        services.start_batch(actor=coordinator, rule=rule, series=series)
    assert err.value.code == "batch_running"


def test_a_batch_whose_rule_changed_fails_without_issuing(cohort, make_rule, series, coordinator):
    from tests.credits.conftest import rule_data

    rule = make_rule()
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    services.change_rule(actor=coordinator, rule=rule, data=rule_data(minimum_share=10))
    batch = services.run_batch(batch_id=batch.pk)
    assert batch.status == BatchStatus.FAILED
    assert not Certificate.objects.exists()


def test_an_unexpected_error_marks_the_batch_failed(
    cohort, make_rule, series, coordinator, monkeypatch
):
    rule = make_rule()
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)

    def broken(facts):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.run_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.finished_at is not None


def test_the_task_runs_the_batch(cohort, make_rule, series, coordinator):
    from echohub.credits.tasks import run_certificate_batch

    rule = make_rule(minimum_share=50)
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    result = run_certificate_batch.enqueue(batch.pk)
    assert result.return_value == 7


def test_a_cycle_with_sessions_to_come_needs_a_confirmation(
    cohort, make_rule, series, sessions, coordinator, program, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from echohub.core.errors import DomainError
    from tests.factories import SessionFactory

    later = timezone.now() + dt.timedelta(days=30)
    SessionFactory(
        program=program,
        series=series,
        number=4,
        starts_at=later,
        ends_at=later + dt.timedelta(minutes=90),
    )
    rule = make_rule(minimum_share=50)
    with pytest.raises(DomainError) as err:
        services.start_batch(actor=coordinator, rule=rule, series=series)
    assert err.value.code == "cycle_unfinished" and "3 of the 4 sessions" in err.value.message
    assert not CertificateBatch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(
            actor=coordinator, rule=rule, series=series, cycle_unfinished_ok=True
        )
    assert batch.pk
