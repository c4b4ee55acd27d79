"""The community services: the identifier check, publishing, editing, removal, reactions,
accepted answers, moderation, mentions, caps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.community import services
from echohub.community.models import (
    Notification,
    NotificationKind,
    Post,
    PostStatus,
    Reaction,
    Report,
    Thread,
)
from echohub.core.errors import Conflict, DomainError, PermissionDenied
from echohub.core.limits import TooMany
from echohub.core.models import AuditEntry
from tests.community.conftest import CLEAN, HEALTH_CARD, PHONE

pytestmark = pytest.mark.django_db


def start(user: Any, topic: Any, body: str = CLEAN, title: str = "Tapering slowly") -> Post:
    return services.start_thread(actor=user, topic=topic, title=title, body=body)


def test_clean_first_post_publishes_and_lists_the_thread(participant, topic):
    post = start(participant, topic)
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert not post.thread.hidden
    assert topic.thread_count == 1
    assert post.thread.post_count == 1
    assert "<em>Slow</em>" in post.html


@pytest.mark.parametrize("text,kind", [(HEALTH_CARD, "HEALTH_NUMBER"), (PHONE, "PHONE")])
def test_post_with_an_identifier_is_held_with_findings(participant, expert, topic, text, kind):
    thread = start(participant, topic).thread
    post = services.reply(actor=expert, thread=thread, body=text)
    assert post.status == PostStatus.HELD
    err = services.held_error(post)
    assert err is not None and err.status == 422
    assert [f.kind for f in err.findings] == [kind]
    thread.refresh_from_db()
    assert thread.post_count == 1  # the held reply is not counted or notified
    assert not Notification.objects.filter(post=post).exists()


def test_held_first_post_keeps_the_thread_unlisted(participant, topic):
    post = start(participant, topic, body=PHONE)
    topic.refresh_from_db()
    assert post.thread.hidden and topic.thread_count == 0


def test_override_with_reason_publishes_and_audit_keeps_only_a_hash(participant, expert, topic):
    thread = start(participant, topic).thread
    post = services.reply(actor=expert, thread=thread, body=PHONE)
    (finding,) = services.open_findings(post)
    reason = "the public poison centre line, not a patient"
    services.override_finding(actor=expert, post=post, key=finding.key, reason=reason)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    entry = AuditEntry.objects.get(action="community.phi_overridden")
    assert reason not in str(entry.changes) and "416" not in str(entry.changes)
    assert len(entry.changes["reason_hash"]) == 16


def test_override_only_by_the_author_and_with_a_clean_reason(participant, expert, topic):
    thread = start(participant, topic).thread
    post = services.reply(actor=expert, thread=thread, body=PHONE)
    (finding,) = services.open_findings(post)
    with pytest.raises(PermissionDenied):
        services.override_finding(actor=participant, post=post, key=finding.key, reason="fine ok")
    with pytest.raises(DomainError) as err:
        services.override_finding(
            actor=expert, post=post, key=finding.key, reason="call 416-555-0199"
        )
    assert err.value.code == "reason_identifying"
    with pytest.raises(DomainError) as err:
        services.override_finding(actor=expert, post=post, key=finding.key, reason="ok")
    assert err.value.code == "reason_required"


def test_edit_keeps_history_and_rechecks(participant, topic):
    post = start(participant, topic)
    post = services.edit_post(actor=participant, post=post, body=CLEAN + " Edited.", version=1)
    assert post.version == 2 and post.revisions.get().body == CLEAN
    post = services.edit_post(actor=participant, post=post, body=HEALTH_CARD, version=2)
    assert post.status == PostStatus.HELD  # unpublished until explained
    post.thread.refresh_from_db()
    assert post.thread.post_count == 0
    with pytest.raises(Conflict):
        services.edit_post(actor=participant, post=post, body="Stale", version=1)


def test_only_author_or_moderator_edits(participant, expert, coordinator, topic):
    post = start(participant, topic)
    with pytest.raises(PermissionDenied):
        services.edit_post(actor=expert, post=post, body="Changed by someone else")
    services.edit_post(actor=coordinator, post=post, body="Changed by the coordinator")


def test_remove_leaves_removed_in_place(participant, expert, topic):
    thread = start(participant, topic).thread
    post = services.reply(actor=expert, thread=thread, body="Answer one")
    services.edit_post(actor=expert, post=post, body="Answer two")
    services.remove_post(actor=expert, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED and post.body == "" and post.html == ""
    assert not post.revisions.exists()
    assert Post.objects.filter(pk=post.pk).exists()


def test_reactions_one_per_person_per_kind(participant, expert, topic):
    post = start(participant, topic)
    assert services.toggle_reaction(actor=expert, post=post, kind="helpful") is True
    assert services.toggle_reaction(actor=expert, post=post, kind="thanks") is True
    assert Reaction.objects.filter(post=post, user=expert).count() == 2
    assert services.toggle_reaction(actor=expert, post=post, kind="helpful") is False
    assert Reaction.objects.filter(post=post, user=expert).count() == 1
    with pytest.raises(DomainError):
        services.toggle_reaction(actor=expert, post=post, kind="love")


def test_accept_answer_by_author_or_moderator_and_notifies(participant, expert, coordinator, topic):
    thread = start(participant, topic).thread
    answer = services.reply(actor=expert, thread=thread, body="Try a 10% monthly taper.")
    other = services.reply(actor=coordinator, thread=thread, body="Agreed.")
    with pytest.raises(PermissionDenied):
        services.accept_answer(actor=expert, post=other, thread=thread)
    services.accept_answer(actor=participant, post=answer, thread=thread)
    thread.refresh_from_db()
    assert thread.accepted_post == answer
    assert Notification.objects.filter(user=expert, kind=NotificationKind.ACCEPTED).exists()
    services.accept_answer(actor=coordinator, post=None, thread=thread)


def test_mentions_notify_members_only(participant, expert, topic, program):
    from tests.factories import UserFactory

    outsider = UserFactory(first_name="Zed", last_name="Out")
    thread = start(participant, topic).thread
    post = services.reply(
        actor=participant, thread=thread, body="What do you think @ben.okafor and @zed.out?"
    )
    # Since scanner 1.15.0 a lower-case @handle is read as a person's name: one that names no
    # member of the program is held for its author's check (a member's mention is not), and
    # nobody is notified until the author explains it.
    (finding,) = services.open_findings(post)
    assert post.body[finding.start : finding.end] == "zed.out"
    assert not Notification.objects.filter(kind=NotificationKind.MENTION).exists()
    services.override_finding(
        actor=participant, post=post, key=finding.key, reason="a colleague's forum handle"
    )
    mentioned = set(
        Notification.objects.filter(kind=NotificationKind.MENTION).values_list("user", flat=True)
    )
    assert mentioned == {expert.pk}
    assert outsider.pk not in mentioned


def test_followers_get_reply_notifications(participant, expert, topic):
    thread = start(participant, topic).thread
    services.reply(actor=expert, thread=thread, body="A reply")
    assert Notification.objects.filter(user=participant, kind=NotificationKind.REPLY).count() == 1
    assert not Notification.objects.filter(user=expert).exists()


def test_locked_thread_refuses_replies_but_not_moderators(participant, expert, coordinator, topic):
    thread = start(participant, topic).thread
    services.moderate_thread(actor=coordinator, thread=thread, action="lock")
    with pytest.raises(Conflict):
        services.reply(actor=expert, thread=thread, body="Late answer")
    services.reply(actor=coordinator, thread=thread, body="Closing note")


def test_moderation_is_for_coordinators_and_audited(participant, coordinator, topic, program):
    from echohub.community.models import Topic

    thread = start(participant, topic).thread
    with pytest.raises(PermissionDenied):
        services.moderate_thread(actor=participant, thread=thread, action="pin")
    other = Topic.objects.create(program=program, title="Pain psychology")
    for action in ("pin", "hide", "show"):
        services.moderate_thread(actor=coordinator, thread=thread, action=action)
    services.moderate_thread(actor=coordinator, thread=thread, action="move", topic=other)
    thread.refresh_from_db()
    topic.refresh_from_db()
    other.refresh_from_db()
    assert thread.pinned and not thread.hidden and thread.topic == other
    assert (topic.thread_count, other.thread_count) == (0, 1)
    assert AuditEntry.objects.filter(action="community.thread_moderated").count() == 4


def test_report_and_hide_resolves_the_report(participant, expert, coordinator, topic):
    post = start(participant, topic)
    services.report_post(actor=expert, post=post, reason="Off topic advertising")
    with pytest.raises(Conflict):
        services.report_post(actor=expert, post=post, reason="Again")
    services.moderate_post(actor=coordinator, post=post, hide=True)
    report = Report.objects.get()
    assert report.resolved_at and report.outcome == "hidden"
    entry = AuditEntry.objects.get(action="community.post_reported")
    assert "advertising" not in str(entry.changes)


def test_daily_cap_refuses_the_next_post(participant, topic, monkeypatch):
    monkeypatch.setattr(services, "POSTS_PER_DAY", 3)
    thread = start(participant, topic).thread
    services.reply(actor=participant, thread=thread, body="two")
    services.reply(actor=participant, thread=thread, body="three")
    with pytest.raises(TooMany) as err:
        services.reply(actor=participant, thread=thread, body="four")
    assert err.value.status == 429
    Post.objects.filter(author=participant).update(created_at=timezone.now() - dt.timedelta(days=2))
    services.reply(actor=participant, thread=thread, body="next day")


def test_evaluator_cannot_post(evaluator, topic):
    with pytest.raises(PermissionDenied):
        start(evaluator, topic)


def test_attachments_are_signature_checked(participant, topic):
    pdf = services.FileIn(name="taper-table.pdf", data=b"%PDF-1.4\n%fake\n")
    post = services.start_thread(
        actor=participant, topic=topic, title="With a file", body=CLEAN, files=[pdf]
    )
    att = post.attachments.get()
    assert att.content_type == "application/pdf" and att.size == len(pdf.data)
    with pytest.raises(DomainError) as err:
        services.reply(
            actor=participant,
            thread=post.thread,
            body="exe",
            files=[services.FileIn(name="x.pdf", data=b"MZ\x90\x00")],
        )
    assert err.value.code == "file_type"
    assert not Thread.objects.filter(posts__body="exe").exists()
