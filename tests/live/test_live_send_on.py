"""Questions sent on after the session: to the case's discussion (community: the asker is the
author, or the facilitator posts for them and says so) or to mentoring (the asker's own private
question), with the link back kept on the question and shown to the console and the asker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from echohub.cases.models import CaseStatus
from echohub.community.models import Post, PostStatus, ThreadKind
from echohub.core.errors import Conflict
from echohub.core.models import AuditEntry
from echohub.core.phi_check import check_fields
from echohub.live import services
from echohub.live.models import LiveEvent, LiveQuestion, QuestionStatus, SentTo
from echohub.mentoring.models import Question as MentoringQuestion
from echohub.programs.models import Membership

pytestmark = pytest.mark.django_db

TEXT = "Would you add duloxetine before starting the taper?"


def url(name, session, **kw):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk, **kw})


@pytest.fixture
def asked(running_question, session, coordinator):
    """The question once the session has ended: sending on is open."""
    services.end_session(actor=coordinator, session=session)
    return running_question


@pytest.fixture
def running_question(session, items, case, participant, coordinator):
    """A participant's question asked while the case was on screen; the case then presented;
    the session still running."""
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)  # the case's item
    question = services.ask_question(actor=participant, session=session, text=TEXT)
    case.status = CaseStatus.PRESENTED
    case.save(update_fields=["status"])
    return question


def send(client, session, question, to):
    return client.post(url("send_question", session, qid=question.pk), {"to": to})


def test_sent_to_the_case_discussion_by_the_hub_for_its_asker_with_the_link_back(
    client, session, case, asked, participant, coordinator
):
    client.force_login(coordinator)
    r = send(client, session, asked, f"case:{case.pk}")
    assert r.status_code == 302
    asked.refresh_from_db()
    assert (asked.sent_to, asked.status, asked.sent_by_proxy) == (
        SentTo.CASE_THREAD,
        QuestionStatus.SENT_ON,
        True,
    )
    post = Post.objects.select_related("thread").get(pk=asked.sent_id)
    # Review 5: never in the asker's name; the facilitator posts it and the audit says so.
    assert post.author == coordinator and post.body.endswith(TEXT)
    assert "posts it for them" in post.body and participant.get_full_name() not in post.body
    assert (
        not AuditEntry.objects.filter(actor=participant)
        .exclude(action="live.question_asked")
        .exists()
    )
    sent = AuditEntry.objects.get(action="live.question_sent", object_id=str(asked.pk))
    assert sent.actor == coordinator and sent.changes["on_behalf_of"] == participant.pk
    assert post.status == PostStatus.PUBLISHED
    assert post.thread.kind == ThreadKind.CASE and post.thread.case_id == case.pk
    assert LiveEvent.objects.filter(session=session, kind="question_sent").exists()
    assert AuditEntry.objects.filter(action="live.question_sent", object_id=str(asked.pk)).exists()
    # The console links to the post; so does the asker's live page.
    html = client.get(url("console", session), {"part": "questions"}).content.decode()
    assert post.get_absolute_url() in html and "Sent to" in html
    client.force_login(participant)
    mine = client.get(url("page", session), {"part": "mine"}).content.decode()
    assert post.get_absolute_url() in mine and f'data-my-question="{asked.pk}"' in mine


def test_facilitator_posts_for_an_asker_who_may_not_post_and_says_so(
    session, case, asked, participant, coordinator
):
    Membership.objects.filter(user=participant).update(is_active=False)
    question = services.send_question_on(
        actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
    )
    post = Post.objects.get(pk=question.sent_id)
    assert question.sent_by_proxy and post.author == coordinator
    assert post.body.endswith(TEXT) and "posts it for them" in post.body
    assert participant.get_full_name() not in post.body  # no name typed into the post
    # The asker is told where it went, with no link into a discussion they may not open.
    from echohub.live import queries

    fresh = type(participant).objects.get(pk=participant.pk)  # roles are cached per instance
    (mine,) = queries.own_questions(session, fresh)
    assert mine.destination.label and mine.destination.url == ""


def test_scheduled_case_is_refused_until_presented_and_nothing_is_sent(
    client, session, case, asked, coordinator
):
    case.status = CaseStatus.SCHEDULED
    case.save(update_fields=["status"])
    client.force_login(coordinator)
    r = client.post(
        url("send_question", session, qid=asked.pk),
        {"to": f"case:{case.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 409 and "marked presented" in r.content.decode()
    asked.refresh_from_db()
    assert asked.sent_to == "" and asked.status == QuestionStatus.OPEN
    assert not Post.objects.exists()


@pytest.mark.parametrize("to", ["case:", "case:999999", "nowhere", ""])
def test_bad_destination_is_refused(client, session, asked, coordinator, to):
    client.force_login(coordinator)
    r = client.post(url("send_question", session, qid=asked.pk), {"to": to}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422  # swapped into the pane by live.js (htmx swaps no 400)
    assert b'id="questions"' in r.content and b"form-errors" in r.content
    asked.refresh_from_db()
    assert asked.sent_to == "" and not Post.objects.exists()


def test_sent_once_and_its_status_then_stays(session, case, asked, coordinator):
    services.send_question_on(actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case)
    with pytest.raises(Conflict) as err:
        services.send_question_on(
            actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
        )
    assert err.value.code == "already_sent"
    with pytest.raises(Conflict):
        services.decide_question(actor=coordinator, question=asked, status=QuestionStatus.OPEN)
    assert Post.objects.count() == 1


def test_only_the_hub_team_sends_on(client, session, case, asked, participant):
    client.force_login(participant)
    r = send(client, session, asked, f"case:{case.pk}")
    assert r.status_code in (403, 404)
    assert not LiveQuestion.objects.exclude(sent_to="").exists()


def test_sent_to_mentoring_as_the_askers_private_question(
    client, session, asked, participant, coordinator
):
    client.force_login(coordinator)
    r = send(client, session, asked, "mentoring")
    assert r.status_code == 302
    asked.refresh_from_db()
    mq = MentoringQuestion.objects.get(pk=asked.sent_id)
    assert asked.sent_to == SentTo.MENTORING and mq.asker == participant and mq.source == "live"
    html = client.get(url("console", session), {"part": "questions"}).content.decode()
    manage = reverse(
        "mentoring:manage_question", kwargs={"slug": session.program.slug, "pk": mq.pk}
    )
    assert manage in html  # coordinators open its metadata page, not the conversation
    client.force_login(participant)
    mine = client.get(url("page", session), {"part": "mine"}).content.decode()
    own = reverse("mentoring:question", kwargs={"slug": session.program.slug, "pk": mq.pk})
    assert own in mine


def test_a_text_the_asker_let_through_is_held_in_the_discussion_for_the_hub(
    session, case, participant, coordinator
):
    """The asker confirmed a marked word when asking; the discussion checks the post again and
    keeps it held for its author (the facilitator who posts it) to explain: sent on, not
    published, not lost."""
    services.start_session(actor=coordinator, session=session)
    text = "Mrs Jane Doe asked whether to slow the taper."
    keys = [f.key for f in check_fields({"text": text})]
    assert keys  # the check does flag it
    question = services.ask_question(actor=participant, session=session, text=text, overrides=keys)
    case.status = CaseStatus.PRESENTED
    case.save(update_fields=["status"])
    services.end_session(actor=coordinator, session=session)
    question = services.send_question_on(
        actor=coordinator, question=question, to=SentTo.CASE_THREAD, case=case
    )
    post = Post.objects.get(pk=question.sent_id)
    assert post.status == PostStatus.HELD and post.author == coordinator
    from echohub.live import queries

    (shown,) = [q for q in queries.questions(session, coordinator) if q.pk == question.pk]
    assert shown.destination.held
    (mine,) = queries.own_questions(session, participant)
    assert not mine.destination.held  # held is known to the post's author only


def test_only_the_sessions_hub_team_sends_on_not_every_expert(
    session, case, asked, program, make_member, coordinator
):
    """Review 5: an expert runs the console (live.run) but does not send spokes' questions
    on; the hub's facilitator does."""
    from echohub.core.errors import PermissionDenied
    from echohub.programs.models import Role
    from tests.factories import HubFactory, HubMemberFactory

    hub = HubFactory(program=program)
    expert = make_member(program, Role.EXPERT)
    HubMemberFactory(hub=hub, user=expert, hub_role="expert")
    with pytest.raises(PermissionDenied):
        services.send_question_on(actor=expert, question=asked, to=SentTo.MENTORING)
    facilitator = make_member(program, Role.EXPERT)
    HubMemberFactory(hub=hub, user=facilitator, hub_role="facilitator")
    sent = services.send_question_on(actor=facilitator, question=asked, to=SentTo.MENTORING)
    assert sent.sent_to == SentTo.MENTORING


def test_a_held_mentoring_question_is_shown_held_to_its_asker_only(
    session, asked, participant, coordinator, program, make_member
):
    """Review 6: the console names no held mentoring question (nor links to it); the asker's
    own page says it waits for them."""
    from echohub.live import queries
    from echohub.mentoring.models import QuestionStatus as MQStatus
    from echohub.programs.models import Role

    services.send_question_on(actor=coordinator, question=asked, to=SentTo.MENTORING)
    asked.refresh_from_db()
    MentoringQuestion.objects.filter(pk=asked.sent_id).update(status=MQStatus.HELD)
    expert = make_member(program, Role.EXPERT)
    for viewer in (coordinator, expert):
        (shown,) = [q for q in queries.questions(session, viewer) if q.pk == asked.pk]
        assert not shown.destination.held and shown.destination.url == ""
    (mine,) = queries.own_questions(session, participant)
    assert mine.destination.held and str(asked.sent_id) in mine.destination.url


def test_a_question_is_not_sent_on_before_the_session_starts(
    session, items, participant, coordinator, make_member, program
):
    question = LiveQuestion.objects.create(session=session, author=participant, text=TEXT)
    with pytest.raises(Conflict) as err:
        services.send_question_on(actor=coordinator, question=question, to=SentTo.MENTORING)
    assert err.value.code == "not_ended"


# --- only after the session (issue 17: "sends ... after the session") -----------------------


def test_sending_on_during_the_session_is_refused_with_the_reason_and_nothing_is_sent(
    client, session, case, running_question, coordinator
):
    with pytest.raises(Conflict) as err:
        services.send_question_on(actor=coordinator, question=running_question, to=SentTo.MENTORING)
    assert err.value.code == "not_ended" and "once the session has ended" in err.value.message
    client.force_login(coordinator)
    r = client.post(
        url("send_question", session, qid=running_question.pk),
        {"to": f"case:{case.pk}"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 409 and 'id="questions"' in html
    assert "once the session has ended" in html and 'role="alert"' in html
    r = send(client, session, running_question, "mentoring")  # without htmx: back to the console
    assert r.status_code == 302
    page = client.get(r.url).content.decode()
    assert "once the session has ended" in page
    running_question.refresh_from_db()
    assert running_question.sent_to == "" and running_question.status == QuestionStatus.OPEN
    assert not Post.objects.exists() and not MentoringQuestion.objects.exists()
    assert not AuditEntry.objects.filter(action="live.question_sent").exists()


def test_the_send_button_says_why_it_waits_until_the_session_has_ended(
    client, session, running_question, coordinator
):
    client.force_login(coordinator)
    during = client.get(url("console", session), {"part": "questions"}).content.decode()
    why = f"send-why-{running_question.pk}"
    assert f'aria-disabled="true" aria-describedby="{why}"' in during
    assert f'id="{why}"' in during and "once the session has ended" in during
    # The pane re-reads itself when the session ends (live.js: "live-ended").
    assert "live-ended from:body" in during
    services.end_session(actor=coordinator, session=session)
    after = client.get(url("console", session), {"part": "questions"}).content.decode()
    assert "aria-disabled" not in after and why not in after
    assert f'action="{url("send_question", session, qid=running_question.pk)}"' in after


def test_the_refusal_is_in_french_for_a_french_console(
    client, session, running_question, coordinator
):
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    client.force_login(coordinator)
    r = client.post(
        url("send_question", session, qid=running_question.pk),
        {"to": "mentoring"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 409
    assert "une fois la séance terminée" in r.content.decode()


# --- the asker is told ---------------------------------------------------------------------


def test_the_asker_follows_the_discussion_and_is_notified_as_their_settings_say(
    session, case, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from echohub.community.models import EmailMode, Notification, Subscription
    from echohub.community.services import set_email_mode

    participant.language = "fr"
    participant.save(update_fields=["language"])
    set_email_mode(actor=participant, mode=EmailMode.IMMEDIATE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(
            actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
        )
    asked.refresh_from_db()
    post = Post.objects.get(pk=asked.sent_id)
    assert Subscription.objects.filter(thread=post.thread, user=participant, active=True).exists()
    note = Notification.objects.get(user=participant)  # in echohub: their notifications list
    assert note.post == post and note.email == EmailMode.IMMEDIATE
    (email,) = [m for m in mail.outbox if m.to == [participant.email]]
    assert "Bonjour" in email.body and post.get_absolute_url() in email.body  # their language
    assert TEXT not in email.body and TEXT not in email.subject  # never the text by email


def test_an_asker_who_wants_no_email_is_notified_in_echohub_only(
    session, case, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from echohub.community.models import EmailMode, Notification
    from echohub.community.services import set_email_mode

    set_email_mode(actor=participant, mode=EmailMode.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(
            actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
        )
    assert Notification.objects.get(user=participant).email == EmailMode.OFF
    assert not [m for m in mail.outbox if m.to == [participant.email]]


def test_an_asker_who_stopped_following_the_discussion_is_not_made_to_follow_it(
    session, case, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from echohub.community.models import Notification, Subscription
    from echohub.community.services import case_thread

    thread = case_thread(actor=coordinator, case=case)
    Subscription.objects.create(thread=thread, user=participant, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(
            actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
        )
    assert not Subscription.objects.get(thread=thread, user=participant).active
    assert not Notification.objects.filter(user=participant).exists()


def test_an_asker_who_may_not_read_the_discussion_is_not_notified_of_it(
    session, case, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from echohub.community.models import Notification, Subscription

    Membership.objects.filter(user=participant).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(
            actor=coordinator, question=asked, to=SentTo.CASE_THREAD, case=case
        )
    assert not Subscription.objects.filter(user=participant).exists()
    assert not Notification.objects.filter(user=participant).exists()


def test_the_asker_is_told_in_mentoring_and_emailed_in_their_language(
    client, session, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from echohub.mentoring.models import Notice, NoticeKind

    participant.language = "fr"
    participant.save(update_fields=["language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(actor=coordinator, question=asked, to=SentTo.MENTORING)
    asked.refresh_from_db()
    own = reverse("mentoring:question", kwargs={"slug": session.program.slug, "pk": asked.sent_id})
    note = Notice.objects.get(user=participant, question_id=asked.sent_id)
    assert note.kind == NoticeKind.FROM_LIVE and note.read_at is None
    (email,) = [m for m in mail.outbox if m.to == [participant.email]]
    assert "mentorat" in email.subject.lower() and own in email.body
    assert "séance en direct" in email.body and TEXT not in email.body  # the link, not the text
    # In echohub: the notice heads their mentoring page, unread, linking to the question.
    client.force_login(participant)
    page = client.get(reverse("mentoring:index", kwargs={"slug": session.program.slug}))
    html = page.content.decode()
    assert f'<a href="{own}">' in html and "séance en direct" in html


def test_an_asker_who_chose_no_mentoring_email_is_told_in_echohub_only(
    session, asked, participant, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from echohub.mentoring.models import EmailChoice, Notice
    from echohub.mentoring.services import set_email_choice

    set_email_choice(actor=participant, email=EmailChoice.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_question_on(actor=coordinator, question=asked, to=SentTo.MENTORING)
    assert Notice.objects.filter(user=participant, kind="from_live").exists()
    assert not [m for m in mail.outbox if m.to == [participant.email]]


def test_sending_to_mentoring_writes_ids_only_to_the_audit_log(
    session, asked, participant, coordinator
):
    """Every audit entry the sending writes (live's and mentoring's): no name, no email, no
    question text; the asker is an id (`on_behalf_of`)."""
    participant.first_name, participant.last_name = "Zelda", "Quartermain"
    participant.save(update_fields=["first_name", "last_name"])
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    services.send_question_on(actor=coordinator, question=asked, to=SentTo.MENTORING)
    asked.refresh_from_db()
    written = list(AuditEntry.objects.exclude(pk__in=before))
    assert {e.action for e in written} >= {"live.question_sent"}
    secrets = [TEXT, "duloxetine", participant.email, participant.get_full_name()]
    secrets += [participant.first_name, participant.last_name]
    for entry in written:
        shown = f"{entry.object_repr} {entry.changes}"
        assert not [s for s in secrets if s and s in shown], (entry.action, shown)
    sent = next(e for e in written if e.action == "live.question_sent")
    assert sent.actor == coordinator
    assert sent.changes == {
        "to": "mentoring",
        "id": asked.sent_id,
        "by_proxy": False,
        "on_behalf_of": participant.pk,
    }


def test_a_short_live_question_sent_on_to_mentoring_is_taken_as_asked(
    client, session, items, participant, coordinator
):
    """A live question needs no least length ("Dose?" while the case is on screen); sent on to
    mentoring after the session it was refused for being under mentoring's 15 characters,
    an error the coordinator could do nothing about (nobody rewrites the asker's words).
    Mentoring takes it as asked."""
    services.start_session(actor=coordinator, session=session)
    question = services.ask_question(actor=participant, session=session, text="Dose max?")
    services.end_session(actor=coordinator, session=session)
    client.force_login(coordinator)
    r = send(client, session, question, "mentoring")
    assert r.status_code == 302
    question.refresh_from_db()
    assert question.sent_to == SentTo.MENTORING
    mq = MentoringQuestion.objects.get(pk=question.sent_id)
    assert mq.asker == participant and mq.messages.get().body == "Dose max?"
