"""In-app mentoring notices (the unread count) and email by the person's choice: routed,
accepted, passed and re-routed, triaged, answered, calls. The asker is told when their question
moves, never who had it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from echohub.mentoring import calls, services
from echohub.mentoring.models import EmailChoice, Notice, QuestionStatus
from tests.mentoring.conftest import ANSWER, CLEAN

pytestmark = pytest.mark.django_db


def kinds(user: Any) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def ask(program: Any, participant: Any, topic: Any, capture: Any) -> Any:
    with capture(execute=True):
        return services.ask(actor=participant, program=program, body=CLEAN, topic=topic)


def test_every_step_leaves_a_notice_for_the_person_concerned(
    program: Any,
    participant: Any,
    make_mentor: Any,
    topics: Any,
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_mentor()
    second = make_mentor()
    q = ask(program, participant, topics[0], django_capture_on_commit_callbacks)
    holder = first if q.mentor == first else second
    other = second if holder == first else first
    assert kinds(holder.user) == ["offered"] and kinds(participant) == []
    # The mentor passes: the other mentor is offered it, the asker is told it moved.
    services.pass_question(actor=holder.user, question=q)
    assert kinds(other.user) == ["offered"]
    assert kinds(participant) == ["rerouted"]
    # The other passes too: nobody is left, coordinators triage, the asker is told it waits.
    q.refresh_from_db()
    services.pass_question(actor=other.user, question=q)
    q.refresh_from_db()
    assert q.status == QuestionStatus.TRIAGE
    assert kinds(coordinator) == ["triage"]
    assert Notice.objects.get(user=coordinator).coordinator is True
    assert kinds(participant) == ["rerouted", "waiting"]
    # A coordinator chooses a mentor: the mentor is offered it, the asker told.
    third = make_mentor()
    services.assign(actor=coordinator, question=q, mentor=third)
    assert kinds(third.user) == ["offered"]
    assert kinds(participant)[-1] == "assigned"
    services.accept(actor=third.user, question=q)
    assert kinds(participant)[-1] == "accepted"
    q.refresh_from_db()
    services.write(actor=third.user, question=q, body=ANSWER)
    assert kinds(participant)[-1] == "new_message"
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    call = calls.request_call(actor=participant, question=q, proposed=[soon])
    assert kinds(third.user)[-1] == "call_requested"
    calls.choose_call_time(actor=third.user, call=call, when=soon)
    assert kinds(participant)[-1] == "call_scheduled"


def test_the_asker_is_never_told_who_had_the_question(
    program: Any,
    participant: Any,
    make_mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_mentor()
    make_mentor()
    q = ask(program, participant, topics[0], django_capture_on_commit_callbacks)
    holder = q.mentor
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.pass_question(actor=holder.user, question=q)
    to_asker = [m for m in mail.outbox if m.to == [participant.email]]
    assert len(to_asker) == 1
    body = to_asker[0].subject + to_asker[0].body
    for secret in (holder.user.first_name, holder.user.last_name, holder.user.email):
        assert secret not in body
    assert CLEAN not in body
    assert f"/questions/{q.pk}/" in body
    assert first.user.last_name not in body


def test_the_asker_sees_the_unread_count_and_opening_the_question_reads_it(
    client: Any,
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    q = ask(program, participant, topics[0], django_capture_on_commit_callbacks)
    services.accept(actor=mentor.user, question=q)
    services.write(actor=mentor.user, question=q, body=ANSWER)
    client.force_login(participant)
    page = client.get(f"/p/{program.slug}/mentoring/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 unread notifications" in html  # the menu's badge
    assert "A mentor took your question" in html and "New message" in html
    assert client.get(f"/p/{program.slug}/mentoring/questions/{q.pk}/").status_code == 200
    assert Notice.objects.filter(user=participant, read_at__isnull=True).count() == 0
    html = client.get(f"/p/{program.slug}/mentoring/").content.decode()
    assert "unread notification" not in html


def test_mark_all_read_and_the_email_choice(
    client: Any,
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    q = ask(program, participant, topics[0], django_capture_on_commit_callbacks)
    client.force_login(participant)
    url = f"/p/{program.slug}/mentoring/"
    assert client.post(url, {"email": "off"}).status_code == 302
    assert services.email_choice_of(participant) == EmailChoice.OFF
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(actor=mentor.user, question=q)
    assert mail.outbox == []  # no email...
    assert kinds(participant) == ["accepted"]  # ...but the notice in the app
    assert client.post(url, {"action": "read"}).status_code == 302
    assert Notice.objects.get(user=participant).read_at is not None
    # Back to email right away: the next one is emailed, in the person's language.
    participant.language = "fr"
    participant.save(update_fields=["language"])
    client.post(url, {"email": "immediate"})
    with django_capture_on_commit_callbacks(execute=True):
        services.write(actor=mentor.user, question=q, body=ANSWER)
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "Mentorat" in mail.outbox[0].subject
    # Where to change it, in their language.
    assert f"/p/{program.slug}/mentoring/\n" in mail.outbox[0].body
    assert "Comment les nouvelles du mentorat" in mail.outbox[0].body


@pytest.mark.parametrize("bad", ["daily", "", "<script>"])
def test_an_unknown_email_choice_is_refused(
    client: Any, program: Any, participant: Any, bad: str
) -> None:
    client.force_login(participant)
    page = client.post(f"/p/{program.slug}/mentoring/", {"email": bad})
    assert page.status_code == 400
    assert services.email_choice_of(participant) == EmailChoice.IMMEDIATE
    with pytest.raises(services.DomainError):
        services.set_email_choice(actor=participant, email=bad)


def test_reminders_are_emailed_even_with_email_off(
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from echohub.mentoring.tasks import send_due_service_reminders

    q = ask(program, participant, topics[0], django_capture_on_commit_callbacks)
    services.set_email_choice(actor=mentor.user, email=EmailChoice.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_service_reminders(q.remind_at + dt.timedelta(minutes=1)) == 1
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert kinds(mentor.user) == ["offered", "reminder"]


def test_a_coordinator_reads_the_triage_notice_on_the_metadata_page(
    client: Any,
    program: Any,
    participant: Any,
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    q = ask(program, participant, None, django_capture_on_commit_callbacks)  # no mentor: triage
    assert q.status == QuestionStatus.TRIAGE
    assert kinds(coordinator) == ["triage"] and kinds(participant) == []
    client.force_login(coordinator)
    html = client.get(f"/p/{program.slug}/mentoring/").content.decode()
    assert f"/mentoring/manage/questions/{q.pk}/" in html
    # The conversation page is not theirs: it stays 404 and reads nothing.
    assert client.get(f"/p/{program.slug}/mentoring/questions/{q.pk}/").status_code == 404
    assert Notice.objects.get(user=coordinator).read_at is None
    assert client.get(f"/p/{program.slug}/mentoring/manage/questions/{q.pk}/").status_code == 200
    assert Notice.objects.get(user=coordinator).read_at is not None


def test_assigning_settles_every_coordinators_triage_notice(
    program: Any,
    participant: Any,
    coordinator: Any,
    make_member: Any,
    make_mentor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from echohub.programs.models import Role

    second = make_member(program, Role.COORDINATOR)
    q = ask(program, participant, None, django_capture_on_commit_callbacks)
    assert Notice.objects.filter(kind="triage", read_at__isnull=True).count() == 2
    services.assign(actor=coordinator, question=q, mentor=make_mentor())
    assert not Notice.objects.filter(kind="triage", read_at__isnull=True).exists()
    assert services.unread_count(second, program) == 0
