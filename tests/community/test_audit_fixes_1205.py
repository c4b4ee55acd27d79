"""Fixes from the audit of issue 16 (community): "off" wins over a thread's own email choice
everywhere (the unsubscribe link stops all discussion email, re-checked when an email is sent,
nothing left pending); reports of one's own or unpublished messages are refused, and report
reasons are checked for identifiers; removing a message settles its reports and drops its
reasons; a case's presenter may mark the answer; attachment limits; the unsubscribe page in
the person's own language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from echohub.cases.models import Case, CaseStatus
from echohub.community import queries, services, tasks
from echohub.community.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Post,
    PostPhiOverride,
    PostStatus,
    Report,
    Thread,
)
from echohub.core.errors import Conflict, DomainError, PermissionDenied
from echohub.programs.models import Role
from tests.community.conftest import CLEAN, PHONE

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action_url(program: Any, post: Post, action: str) -> str:
    return reverse("community:post_action", args=[program.slug, post.pk, action])


@pytest.fixture
def thread(participant: Any, topic: Any) -> Thread:
    return services.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body=CLEAN
    ).thread


def _unsubscribe_path(user: Any) -> str:
    return "/" + tasks.unsubscribe_url(user).split("://", 1)[1].split("/", 1)[1]


# --- 1, 2: "off" wins ----------------------------------------------------------------------


def test_the_unsubscribe_link_stops_a_thread_set_to_right_away(
    participant: Any, expert: Any, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_subscription(
        actor=participant, thread=thread, active=True, email=EmailMode.IMMEDIATE
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="First answer")
    assert [m.to for m in mail.outbox] == [[participant.email]]
    mail.outbox.clear()
    done = Client().post(_unsubscribe_path(participant), {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="Second answer")
    assert mail.outbox == []
    note = Notification.objects.filter(user=participant).latest("pk")
    # Seen in echohub; nothing pending for an email, and no digest later either.
    assert note.read_at is None and note.email == EmailMode.OFF and note.emailed_at is not None
    assert tasks.due_digests() == []
    assert tasks.queue_due_digests() == 0 and mail.outbox == []


def test_an_email_queued_before_emails_were_turned_off_is_not_sent(
    participant: Any, expert: Any, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_subscription(
        actor=participant, thread=thread, active=True, email=EmailMode.IMMEDIATE
    )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.reply(actor=expert, thread=thread, body="An answer")
    note = Notification.objects.get(user=participant)
    assert note.email == EmailMode.IMMEDIATE and queued
    # The person turns emails off (the settings page, not the link: the row stays pending
    # as written before this rule), then the queued job runs.
    NotificationSettings.objects.update_or_create(
        user=participant, defaults={"email": EmailMode.OFF}
    )
    assert tasks.send_notification_email.call(note.pk) == 0
    assert mail.outbox == []
    note.refresh_from_db()
    assert note.emailed_at is not None  # done with: not queued again
    assert tasks.requeue_unsent_notifications() == 0


def test_a_queued_email_switched_to_the_digest_is_left_for_the_digest(
    participant: Any, expert: Any, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False):
        services.reply(actor=expert, thread=thread, body="An answer")
    note = Notification.objects.get(user=participant)
    services.set_email_mode(actor=participant, mode=EmailMode.DAILY)
    assert tasks.send_notification_email.call(note.pk) == 0
    note.refresh_from_db()
    assert note.emailed_at is None and note.email == EmailMode.DAILY
    assert tasks.due_digests() == [(participant.pk, EmailMode.DAILY)]


def test_off_and_a_thread_set_to_daily_leave_nothing_pending_and_queue_no_job(
    participant: Any, expert: Any, thread: Thread
) -> None:
    services.set_subscription(actor=participant, thread=thread, active=True, email="daily")
    services.set_email_mode(actor=participant, mode=EmailMode.OFF)
    services.reply(actor=expert, thread=thread, body="A reply.")
    note = Notification.objects.get(user=participant)
    assert note.email == EmailMode.OFF and note.emailed_at is not None
    # A notification left pending in "daily" for a person who is off (written before "off"
    # won): settled once, never a digest job on every run.
    Notification.objects.filter(pk=note.pk).update(email=EmailMode.DAILY, emailed_at=None)
    assert tasks.queue_due_digests() == 0
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert tasks.due_digests() == [] and mail.outbox == []


def test_turning_emails_on_again_does_not_send_what_came_while_off(
    participant: Any, expert: Any, thread: Thread
) -> None:
    services.set_subscription(actor=participant, thread=thread, active=True, email="weekly")
    services.reply(actor=expert, thread=thread, body="Before.")
    services.set_email_mode(actor=participant, mode=EmailMode.OFF)
    services.reply(actor=expert, thread=thread, body="While off.")
    services.set_email_mode(actor=participant, mode=EmailMode.DAILY)
    assert tasks.due_digests() == []
    services.reply(actor=expert, thread=thread, body="After.")
    # The thread's own choice applies again once emails are on.
    assert tasks.due_digests() == [(participant.pk, EmailMode.WEEKLY)]


def test_a_thread_set_to_off_sends_nothing_for_it(
    participant: Any, expert: Any, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    services.set_subscription(actor=participant, thread=thread, active=True, email="off")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(actor=expert, thread=thread, body="A reply.")
    assert mail.outbox == [] and tasks.due_digests() == []


def test_the_settings_page_says_that_off_wins(program: Any, participant: Any) -> None:
    url = reverse("community:settings", args=[program.slug])
    page = signed_in(participant).get(url).content.decode()
    assert "you get no discussion email at all, whatever a discussion" in page
    participant.language = "fr"
    participant.save(update_fields=["language"])
    page = signed_in(participant).get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "aucun courriel de discussion" in page


# --- 3, 5: reports ---------------------------------------------------------------------------


def test_one_cannot_report_ones_own_or_an_unpublished_message(
    program: Any, participant: Any, expert: Any, coordinator: Any, topic: Any
) -> None:
    held = services.start_thread(actor=participant, topic=topic, title="Mr Smith", body=PHONE)
    assert held.status == PostStatus.HELD
    with pytest.raises(Conflict) as err:
        services.report_post(actor=participant, post=held, reason="Please check this one")
    assert err.value.code == "not_published"
    # Over HTTP: the author can load their own held message, the report is refused.
    response = signed_in(participant).post(
        action_url(program, held, "report"), {"reason": "Please check this one"}
    )
    assert response.status_code == 302
    assert not Report.objects.exists()
    page = signed_in(coordinator).get(reverse("community:moderation", args=[program.slug]))
    assert "Mr Smith" not in page.content.decode()

    own = services.start_thread(actor=expert, topic=topic, title="Tapers", body=CLEAN)
    with pytest.raises(Conflict) as err:
        services.report_post(actor=expert, post=own, reason="Wrong, sorry")
    assert err.value.code == "own_post" and "your own message" in err.value.message
    removed = services.reply(actor=participant, thread=own.thread, body="Agreed.")
    services.remove_post(actor=participant, post=removed)
    with pytest.raises(Conflict):
        services.report_post(actor=expert, post=removed, reason="Off topic")
    assert not Report.objects.exists()


def test_the_queue_lists_no_thread_whose_first_post_is_held(
    program: Any, participant: Any, expert: Any, topic: Any
) -> None:
    held = services.start_thread(actor=participant, topic=topic, title="Mr Smith", body=PHONE)
    Report.objects.create(post=held, reporter=expert, reason="An old report")
    assert list(queries.open_report_posts(program)) == []
    ok = services.start_thread(actor=participant, topic=topic, title="Tapers", body=CLEAN)
    services.report_post(actor=expert, post=ok, reason="Off topic here")
    assert list(queries.open_report_posts(program)) == [ok]


def test_a_report_reason_is_checked_for_identifiers(
    program: Any, participant: Any, expert: Any, topic: Any
) -> None:
    post = services.start_thread(actor=expert, topic=topic, title="Tapers", body=CLEAN)
    reason = "This is about my patient, call 416-555-0199"
    with pytest.raises(services.ReasonFound) as err:
        services.report_post(actor=participant, post=post, reason=reason)
    assert err.value.code == "reason_identifying" and err.value.findings
    assert not Report.objects.exists()
    response = signed_in(participant).post(action_url(program, post, "report"), {"reason": reason})
    assert response.status_code == 400
    html = response.content.decode()
    assert "looks like it contains an identifier" in html
    assert 'value="This is about my patient, call 416-555-0199"' in html  # text kept
    assert "<mark" in html and 'details class="inline-details" open' in html
    assert not Report.objects.exists()
    response = signed_in(participant).post(
        action_url(program, post, "report"), {"reason": "Off topic for this discussion"}
    )
    assert response.status_code == 302 and Report.objects.count() == 1


# --- 6: removing a message -------------------------------------------------------------------


def test_removing_a_message_settles_its_reports_and_drops_its_reasons(
    program: Any, participant: Any, expert: Any, coordinator: Any, topic: Any
) -> None:
    post = services.start_thread(actor=expert, topic=topic, title="Tapers", body=CLEAN)
    held = services.reply(actor=participant, thread=post.thread, body=PHONE)
    for finding in services.open_findings(held):
        services.override_finding(
            actor=participant,
            post=held,
            key=finding.key,
            reason="the clinic public line, not a patient",
        )
    held.refresh_from_db()
    assert held.status == PostStatus.PUBLISHED and PostPhiOverride.objects.filter(post=held)
    services.report_post(actor=expert, post=held, reason="Looks like a phone number")
    assert list(queries.open_report_posts(program)) == [held]
    services.remove_post(actor=participant, post=held)
    assert not PostPhiOverride.objects.filter(post=held).exists()
    assert list(queries.open_report_posts(program)) == []
    outcomes = set(Report.objects.filter(post=held).values_list("outcome", flat=True))
    assert outcomes == {"removed"}
    assert not Report.objects.filter(post=held, resolved_at__isnull=True).exists()


# --- 7: the accepted answer in a case's thread -----------------------------------------------


def test_the_presenter_marks_the_hubs_answer_in_a_case_thread(
    program: Any, participant: Any, expert: Any, make_member: Any
) -> None:
    case = Case.objects.create(
        program=program,
        presenter=participant,
        status=CaseStatus.PRESENTED,
        number="2026-001",
        title="Low back pain",
    )
    url = reverse("community:case_thread", args=[program.slug, case.pk])
    signed_in(expert).post(url, {"body": "Keep the pace; check function monthly."})
    thread = Thread.objects.get(case=case)
    assert thread.author_id == expert.pk  # the hub wrote first
    answer = thread.posts.get()
    page = signed_in(participant).get(url).content.decode()
    assert f"{answer.pk}/accept/" in page
    assert signed_in(expert).get(url).content.decode().count("/accept/") == 0
    response = signed_in(participant).post(action_url(program, answer, "accept"))
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_post_id == answer.pk
    other = make_member(program, Role.PARTICIPANT)
    with pytest.raises(PermissionDenied):
        services.accept_answer(actor=other, post=None, thread=thread)


# --- 10: attachment limits -------------------------------------------------------------------


def test_a_file_too_big_or_too_many_files_are_refused(
    program: Any, participant: Any, topic: Any
) -> None:
    pdf = b"%PDF-1.4\n"
    big = services.FileIn(name="big.pdf", data=pdf + b"0" * services.ATTACHMENT_MAX_BYTES)
    with pytest.raises(DomainError) as err:
        services.start_thread(
            actor=participant, topic=topic, title="Big file", body=CLEAN, files=[big]
        )
    assert err.value.code == "file_too_big" and "big.pdf is larger than 5 MB" in err.value.message
    many = [services.FileIn(name=f"f{i}.pdf", data=pdf) for i in range(4)]
    with pytest.raises(DomainError) as err:
        services.start_thread(actor=participant, topic=topic, title="Many", body=CLEAN, files=many)
    assert err.value.code == "too_many_files"
    assert not Post.objects.exists() and not Thread.objects.exists()
    # Over HTTP: the message is refused with the error, nothing stored.
    url = reverse("community:thread_new", args=[program.slug, topic.pk])
    files = [SimpleUploadedFile(f"f{i}.pdf", pdf, "application/pdf") for i in range(4)]
    response = signed_in(participant).post(url, {"title": "Many", "body": CLEAN, "files": files})
    assert response.status_code == 400
    assert "Attach at most 3 files" in response.content.decode()
    assert not Post.objects.exists()


# --- 11: the unsubscribe page's language -----------------------------------------------------


def test_the_unsubscribe_page_is_in_the_persons_own_language(participant: Any) -> None:
    participant.language = "fr"
    participant.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(_unsubscribe_path(participant))
    assert page.status_code == 200
    assert "Arrêter les courriels des discussions" in page.content.decode()
    assert page["Content-Language"] == "fr"
    participant.language = "en"
    participant.save(update_fields=["language"])
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get(_unsubscribe_path(participant))
    assert "Stop discussion emails" in page.content.decode()


def test_turning_emails_on_leaves_nothing_pending_for_a_thread_set_to_off(
    participant: Any, expert: Any, thread: Thread
) -> None:
    """A notification of a thread since set to off is done with when the person's own choice
    changes (review of the audit fixes): it was left pending, never to be sent or settled."""
    services.set_subscription(actor=participant, thread=thread, active=True, email="daily")
    services.reply(actor=expert, thread=thread, body="While the thread was daily.")
    services.set_subscription(actor=participant, thread=thread, active=True, email="off")
    services.set_email_mode(actor=participant, mode=EmailMode.WEEKLY)
    assert not Notification.objects.filter(user=participant, emailed_at__isnull=True).exists()
    assert tasks.due_digests() == []
