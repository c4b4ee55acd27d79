"""A message a coordinator hides: its author is told (in the app, and by email as they chose),
with the reason if one is given; in a hidden case or talk thread, those who wrote still see
their own messages, marked hidden, and nobody else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from echohub.cases.models import Case, CaseStatus
from echohub.community import services, tasks
from echohub.community.models import EmailMode, Notification, Post, Thread
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaKind
from tests.community.conftest import CLEAN
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

REASON = "Off topic for this discussion"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hide_url(program: Any, post: Post, action: str = "hide") -> str:
    return reverse("community:post_action", args=[program.slug, post.pk, action])


@pytest.fixture
def reply(participant: Any, expert: Any, topic: Any) -> Post:
    thread = services.start_thread(actor=expert, topic=topic, title="Slow tapers", body=CLEAN)
    return services.reply(actor=participant, thread=thread.thread, body="Agreed, go slowly.")


def test_the_author_is_told_with_the_reason_in_the_app_and_by_email(
    program: Any,
    participant: Any,
    coordinator: Any,
    reply: Post,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    participant.language = "fr"
    participant.save(update_fields=["language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator).post(hide_url(program, reply), {"reason": REASON})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden
    note = Notification.objects.get(user=participant, kind="hidden")
    assert note.reason == REASON and note.post == reply
    assert [m.to for m in mail.outbox] == [[participant.email]]
    email = mail.outbox[0]
    assert "Un coordonnateur a masqué votre message" in email.subject + email.body
    assert REASON in email.body and "Agreed, go slowly" not in email.body
    # The audit keeps that a reason was given, never its words.
    entry = AuditEntry.objects.get(action="community.post_hidden")
    assert entry.changes == {"reason": True}
    # In the app: the unread count, and the notification with its reason.
    client = signed_in(participant)
    page = client.get(reverse("community:notifications", args=[program.slug])).content.decode()
    assert "Un coordonnateur a masqué votre message" in page and REASON in page
    # The author still reads it on the thread page, marked hidden; others do not.
    thread_page = client.get(reply.get_absolute_url().split("#")[0]).content.decode()
    assert "Agreed, go slowly" in thread_page


def test_no_email_when_the_author_chose_none_and_the_digest_counts_it(
    program: Any, participant: Any, coordinator: Any, expert: Any, reply: Post
) -> None:
    services.set_email_mode(actor=participant, mode=EmailMode.OFF)
    mail.outbox.clear()
    services.moderate_post(actor=coordinator, post=reply, hide=True)
    assert mail.outbox == []
    assert Notification.objects.get(user=participant, kind="hidden").reason == ""
    # Someone on the daily digest gets it there, counted apart from replies.
    own = services.reply(actor=expert, thread=reply.thread, body="Thanks for the data.")
    services.set_email_mode(actor=expert, mode=EmailMode.DAILY)
    services.moderate_post(actor=coordinator, post=own, hide=True)
    digest = tasks.digest_for(expert, [EmailMode.DAILY])
    assert digest is not None
    hidden_counts = [row[3] for row in digest["threads"]]
    assert hidden_counts == [1]
    assert tasks.send_digest_email.call(expert.pk, EmailMode.DAILY, digest) == 1
    assert "hidden by a coordinator" in mail.outbox[-1].body


def test_showing_again_hiding_twice_or_hiding_ones_own_tells_nobody_more(
    program: Any, participant: Any, coordinator: Any, reply: Post
) -> None:
    services.moderate_post(actor=coordinator, post=reply, hide=True)
    services.moderate_post(actor=coordinator, post=reply, hide=True)
    services.moderate_post(actor=coordinator, post=reply, hide=False)
    assert Notification.objects.filter(user=participant, kind="hidden").count() == 1
    own = services.reply(actor=coordinator, thread=reply.thread, body="A note from the hub.")
    services.moderate_post(actor=coordinator, post=own, hide=True)
    assert not Notification.objects.filter(user=coordinator, kind="hidden").exists()


@pytest.mark.parametrize(
    "reason", ["Names Mr John Smith, born 1950-03-02", "Call 416-555-0199", "x" * 301]
)
def test_a_reason_with_an_identifier_or_too_long_is_refused(
    program: Any, participant: Any, coordinator: Any, reply: Post, reason: str
) -> None:
    with pytest.raises(DomainError):
        services.moderate_post(actor=coordinator, post=reply, hide=True, reason=reason)
    response = signed_in(coordinator).post(hide_url(program, reply), {"reason": reason})
    # The thread page again (400), the typed reason kept in its box with the refusal beside
    # it (was a redirect with a banner over an emptied box; see test_hide_reason_1213.py).
    assert response.status_code == 400
    reply.refresh_from_db()
    assert not reply.hidden
    assert not Notification.objects.filter(kind="hidden").exists()


def test_members_cannot_hide(program: Any, participant: Any, expert: Any, reply: Post) -> None:
    signed_in(expert).post(hide_url(program, reply), {"reason": REASON})
    reply.refresh_from_db()
    assert not reply.hidden


def _case_thread(program: Any, presenter: Any, expert: Any) -> tuple[str, Thread]:
    case = Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.PRESENTED,
        number="2026-001",
        title="Low back pain",
    )
    url = reverse("community:case_thread", args=[program.slug, case.pk])
    signed_in(presenter).post(url, {"body": "A follow-up: the taper went well, what next?"})
    signed_in(expert).post(url, {"body": "Keep the pace; check function monthly."})
    return url, Thread.objects.get(case=case)


def test_a_hidden_case_thread_shows_its_writers_their_own_messages_only(
    program: Any, participant: Any, expert: Any, coordinator: Any, make_member: Any
) -> None:
    url, thread = _case_thread(program, participant, expert)
    services.moderate_thread(actor=coordinator, thread=thread, action="hide")
    for address in (url, thread.get_absolute_url()):
        page = signed_in(participant).get(address)
        assert page.status_code == 200, address
        html = page.content.decode()
        assert "the taper went well" in html and "Keep the pace" not in html
        assert "Hidden by a coordinator" in html
        assert 'name="body"' not in html  # no reply form
        other = signed_in(expert).get(address).content.decode()
        assert "Keep the pace" in other and "the taper went well" not in other
    # Replying is refused; someone who never wrote there, 404; a moderator sees everything.
    assert signed_in(participant).post(url, {"body": CLEAN}).status_code == 400
    assert Post.objects.filter(thread=thread).count() == 2
    outsider = make_member(program, Role.EXPERT)
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(outsider).get(thread.get_absolute_url()).status_code == 404
    page = signed_in(coordinator).get(url).content.decode()
    assert "the taper went well" in page and "Keep the pace" in page


def test_a_hidden_talk_thread_shows_its_writers_their_own_messages_only(
    program: Any, participant: Any, expert: Any, coordinator: Any
) -> None:
    item = AgendaItemFactory(session=SessionFactory(program=program), kind=AgendaKind.DIDACTIC)
    url = reverse("community:talk_thread", args=[program.slug, item.pk])
    signed_in(participant).post(url, {"body": "Which taper table did you show?"})
    thread = Thread.objects.get(agenda_item=item)
    services.moderate_thread(actor=coordinator, thread=thread, action="hide")
    page = signed_in(participant).get(url)
    assert page.status_code == 200 and "Which taper table" in page.content.decode()
    assert signed_in(expert).get(url).status_code == 404


def test_a_writer_who_lost_the_case_gets_404(
    program: Any, participant: Any, expert: Any, coordinator: Any
) -> None:
    _url, thread = _case_thread(program, participant, expert)
    services.moderate_thread(actor=coordinator, thread=thread, action="hide")
    from echohub.programs import services as program_services

    program_services.set_roles(
        actor=coordinator, program=program, user=expert, roles={Role.EVALUATOR}
    )
    assert signed_in(expert).get(thread.get_absolute_url()).status_code in (403, 404)


def test_a_digest_job_queued_before_hidden_counts_still_sends(
    program: Any, participant: Any, reply: Post
) -> None:
    thread = reply.thread
    old = {"threads": [[thread.pk, 2, 1]], "more": 0, "count": 3}
    assert tasks.send_digest_email.call(participant.pk, EmailMode.DAILY, old) == 1
    assert "Slow tapers" in mail.outbox[-1].body
