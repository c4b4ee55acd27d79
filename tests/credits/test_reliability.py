"""Certificates survive crashes, races and impatience: a batch whose runner was killed is resumed
(or failed visibly), batches can be cancelled, two runners or two clicks never issue a
certificate twice (unique constraints), and the accreditation statement has a length limit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from echohub.core.models import AuditEntry
from echohub.credits import services
from echohub.credits.models import BatchStatus, Certificate, CertificateBatch
from echohub.programs.models import Role
from tests.credits.conftest import rule_data

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """What a killed process looks like from inside: nothing catches it, nothing cleans up."""


@pytest.fixture
def cohort(program, sessions, make_member, attend):
    people = [make_member(program, Role.PARTICIPANT) for _ in range(7)]
    for person in people:
        attend(sessions[0], person, 90)
    return people


def _kill_after(monkeypatch: pytest.MonkeyPatch, emails: int) -> None:
    """The runner dies while emailing person number `emails + 1`."""
    real = services.email_certificate
    sent = []

    def dying(*, certificate: Certificate) -> None:
        if len(sent) == emails:
            raise Killed
        sent.append(certificate.pk)
        real(certificate=certificate)

    monkeypatch.setattr(services, "email_certificate", dying)


def _start_and_kill(rule, series, coordinator, monkeypatch, emails=3) -> CertificateBatch:
    batch = CertificateBatch.objects.create(
        program=rule.program, series=series, rule=rule, created_by=coordinator
    )
    _kill_after(monkeypatch, emails)
    with pytest.raises(Killed):
        services.run_batch(batch_id=batch.pk, chunk=3)
    monkeypatch.undo()
    batch.refresh_from_db()
    return batch


def test_a_killed_batch_is_resumed_and_finishes_without_issuing_twice(
    cohort, make_rule, series, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    rule = make_rule()
    batch = _start_and_kill(rule, series, coordinator, monkeypatch)
    assert (batch.status, batch.done, batch.total) == (BatchStatus.RUNNING, 3, 7)
    assert Certificate.objects.count() == 3
    # Within the lease nothing happens: the runner might only be slow.
    assert services.recover_stale_batches() == []
    later = timezone.now() + services.BATCH_LEASE + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert [b.pk for b in services.recover_stale_batches()] == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.attempts) == (BatchStatus.DONE, 7, 7, 2)
    assert Certificate.objects.count() == 7
    assert sorted(Certificate.objects.values_list("user_id", flat=True)) == sorted(
        p.pk for p in cohort
    )
    assert not Certificate.objects.filter(emailed_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="credits.batch_resumed").count() == 1


def test_a_killed_batch_no_longer_blocks_a_new_one(
    cohort, make_rule, series, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    rule = make_rule()
    dead = _start_and_kill(rule, series, coordinator, monkeypatch)
    dead.attempts = services.MAX_ATTEMPTS
    dead.save()
    later = timezone.now() + services.BATCH_LEASE + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        fresh = services.start_batch(actor=coordinator, rule=rule, series=series)
    dead.refresh_from_db()
    assert dead.status == BatchStatus.FAILED and dead.finished_at is not None
    assert dead.errors[-1]["code"] == "stalled"
    fresh.refresh_from_db()
    assert (fresh.status, fresh.done) == (BatchStatus.DONE, 7)
    assert Certificate.objects.filter(superseded_at__isnull=True).count() == 7


def test_a_live_runner_keeps_its_batch(cohort, make_rule, series, coordinator):
    rule = make_rule()
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    claimed = services._claim(batch.pk)
    assert claimed is not None
    # A second runner (the task enqueued twice) finds the lease held and does nothing.
    assert services._claim(batch.pk) is None
    services.run_batch(batch_id=batch.pk)
    assert not Certificate.objects.exists()
    # The first runner, whose lease this is, does the work.
    services._run_batch(claimed[0], 50, claimed[1])
    assert Certificate.objects.count() == 7


def test_a_runner_whose_lease_was_taken_over_stops(cohort, make_rule, series, coordinator):
    rule = make_rule()
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    claimed = services._claim(batch.pk)
    assert claimed is not None
    CertificateBatch.objects.filter(pk=batch.pk).update(run_token="someone-else")
    services._run_batch(claimed[0], 3, claimed[1])
    assert not Certificate.objects.exists()


def test_cancelling_stops_the_batch_at_the_next_chunk(
    cohort, make_rule, series, coordinator, monkeypatch
):
    rule = make_rule()
    batch = CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    real = services.email_certificate

    def email_then_cancel(*, certificate: Certificate) -> None:
        real(certificate=certificate)
        if Certificate.objects.count() == 1:
            services.cancel_batch(actor=coordinator, batch=batch)

    monkeypatch.setattr(services, "email_certificate", email_then_cancel)
    services.run_batch(batch_id=batch.pk, chunk=3)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED and batch.cancelled_by == coordinator
    assert (batch.done, Certificate.objects.count()) == (3, 3)
    assert AuditEntry.objects.filter(action="credits.batch_cancelled").count() == 1
    # A cancelled batch does not block the next one.
    assert services.start_batch(actor=coordinator, rule=rule, series=series).pk != batch.pk


def test_a_finished_batch_cannot_be_cancelled(make_rule, series, coordinator):
    rule = make_rule()
    batch = CertificateBatch.objects.create(
        program=rule.program, series=series, rule=rule, status=BatchStatus.DONE
    )
    with pytest.raises(services.CreditRefused) as err:
        services.cancel_batch(actor=coordinator, batch=batch)
    assert err.value.code == "batch_finished" and err.value.status == 409


def test_only_one_active_batch_per_cycle_and_rule_even_when_racing(make_rule, series):
    rule = make_rule()
    CertificateBatch.objects.create(program=rule.program, series=series, rule=rule)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateBatch.objects.create(
            program=rule.program, series=series, rule=rule, status=BatchStatus.RUNNING
        )


# --- the coordinator's cancel button ---------------------------------------------------------


def _cancel_url(program, batch):
    return reverse("credits:batch_cancel", args=[program.slug, batch.pk])


@pytest.mark.parametrize("role", [Role.PROGRAM_ADMIN, Role.COORDINATOR])
def test_coordinator_cancels_a_running_batch(program, series, make_rule, as_role, role):
    rule = make_rule()
    batch = CertificateBatch.objects.create(
        program=program, series=series, rule=rule, status=BatchStatus.RUNNING, total=9, done=4
    )
    client = as_role(program, role)
    page = client.get(reverse("credits:batch", args=[program.slug, batch.pk])).content.decode()
    assert _cancel_url(program, batch) in page and "data-confirm" in page
    response = client.post(_cancel_url(program, batch), follow=True)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    html = response.content.decode()
    assert "Batch cancelled" in html and "Cancel this batch" not in html


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.EVALUATOR])
def test_other_roles_cannot_cancel(program, series, make_rule, as_role, role):
    batch = CertificateBatch.objects.create(program=program, series=series, rule=make_rule())
    assert as_role(program, role).post(_cancel_url(program, batch)).status_code == 403
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED


def test_outsiders_cannot_cancel(program, series, make_rule, as_role):
    batch = CertificateBatch.objects.create(program=program, series=series, rule=make_rule())
    assert as_role(program, None).post(_cancel_url(program, batch)).status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED


def test_cancelling_a_finished_batch_says_so(program, series, make_rule, as_role):
    batch = CertificateBatch.objects.create(
        program=program, series=series, rule=make_rule(), status=BatchStatus.DONE
    )
    response = as_role(program, Role.COORDINATOR).post(_cancel_url(program, batch), follow=True)
    assert "This batch has already finished." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_the_batch_page_notices_a_dead_runner(
    program, series, make_rule, as_role, cohort, django_capture_on_commit_callbacks
):
    rule = make_rule()
    long_ago = timezone.now() - services.BATCH_LEASE * 2
    batch = CertificateBatch.objects.create(
        program=program,
        series=series,
        rule=rule,
        status=BatchStatus.RUNNING,
        run_token="dead",
        heartbeat_at=long_ago,
        attempts=1,
        total=7,
        done=3,
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(created_at=long_ago)
    client = as_role(program, Role.COORDINATOR)
    url = reverse("credits:batch_progress", args=[program.slug, batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.DONE, 7)


# --- one certificate per rule, session and person ------------------------------------------


def test_a_double_click_racing_the_first_gets_the_same_certificate(
    program, sessions, participant, attend, make_rule, monkeypatch
):
    attend(sessions[0], participant, 90)
    rule = make_rule()
    first = services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=sessions[0]
    )
    # The second click read "no certificate yet" before the first one committed.
    monkeypatch.setattr(services, "_current_certificate", lambda **kwargs: None)
    second = services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=sessions[0]
    )
    assert second.pk == first.pk
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(action="credits.certificate_issued").count() == 1


def test_the_database_refuses_two_current_certificates(
    program, sessions, participant, attend, make_rule
):
    attend(sessions[0], participant, 90)
    rule = make_rule()
    cert = services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=sessions[0]
    )
    copy = {f.attname: getattr(cert, f.attname) for f in Certificate._meta.concrete_fields} | {
        "id": None,
        "number": "EH-COPY",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**copy)
    # A superseded one may sit beside the current one (history is kept).
    Certificate.objects.create(**{**copy, "superseded_at": timezone.now()})


def test_the_session_certificate_button_twice_gives_one_certificate(
    client, program, sessions, participant, attend, make_rule
):
    attend(sessions[0], participant, 90)
    rule = make_rule()
    client.force_login(participant)
    url = reverse("credits:issue_session_certificate", args=[program.slug, rule.pk, sessions[0].pk])
    first, second = client.post(url), client.post(url)
    assert first["Location"] == second["Location"]
    assert Certificate.objects.filter(user=participant).count() == 1


# --- limits --------------------------------------------------------------------------------


def test_an_overlong_accreditation_statement_is_refused(program, coordinator):
    with pytest.raises(services.CreditRefused) as err:
        services.create_rule(
            actor=coordinator,
            program=program,
            data=rule_data(accreditation_statement="x" * 2001),
        )
    assert err.value.code == "too_long" and err.value.field == "accreditation_statement"
    rule = services.create_rule(
        actor=coordinator, program=program, data=rule_data(accreditation_statement="x" * 2000)
    )
    assert len(rule.accreditation_statement) == 2000


def test_the_rule_form_shows_the_statement_limit_on_its_field(program, as_role):
    from tests.credits.test_views import form_data

    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        reverse("credits:rule_new", args=[program.slug]),
        form_data(accreditation_statement="é" * 100_000),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "at most 2,000 characters" in form.errors["accreditation_statement"][0]
    assert "é" * 100 in response.content.decode()  # what was typed is still there


def test_the_periodic_command_resumes_a_batch_nobody_looks_at(
    cohort, make_rule, series, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """No page view needed: `send_reminders` (cron or --loop) finds the stalled batch."""
    from django.core.management import call_command

    batch = _start_and_kill(make_rule(), series, coordinator, monkeypatch)
    later = timezone.now() + services.BATCH_LEASE + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", verbosity=0)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, 7, 7)
    assert Certificate.objects.count() == 7
