"""A person's erasure covers what they did between sessions: community posts and mentoring
(questions, messages, calls, time logs). What nobody else saw goes; what the program's records
need stays, with their name, email and @handle replaced by "Former participant #id"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from echohub.community import services as community
from echohub.community.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Post,
    PostRevision,
    PostStatus,
    Subscription,
    Thread,
    Topic,
)
from echohub.mentoring import calls, services
from echohub.mentoring.models import (
    CallStatus,
    CreditClaim,
    Mentor,
    MentoringTopic,
    Message,
    Notice,
    Question,
    QuestionStatus,
    TimeLog,
)
from echohub.programs.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.privacy.test_erasure import dump_holding

pytestmark = pytest.mark.django_db

EMAIL = "quillon.zephyrine@example.test"
FIRST, LAST = "Quillonbury", "Zephyrine"
HANDLE = "@quillonbury.zephyrine"
SIGNED = f"Thanks, {FIRST} {LAST}, for the slow taper idea."
CLEAN = "A patient on a high dose for years wants to taper. How slowly should we start?"
ANSWER = "Start with 5 to 10% of the current dose a month and review every two to four weeks."
UNSENT_TITLE = "Zephyrine draft about a Quillonbury Falls patient"
BETWEEN = ("community.", "mentoring.")


def member(program: Any, role: str, **fields: Any) -> Any:
    user = UserFactory(**fields)
    MembershipFactory(program=program, user=user, role=role)
    return user


@pytest.fixture
def admin(program: Any) -> Any:
    return member(program, Role.PROGRAM_ADMIN, first_name="Ada", last_name="Admin")


@pytest.fixture
def coordinator(program: Any) -> Any:
    return member(program, Role.COORDINATOR, first_name="Cleo", last_name="Tran")


@pytest.fixture
def person(program: Any) -> Any:
    return member(program, Role.PARTICIPANT, email=EMAIL, first_name=FIRST, last_name=LAST)


@pytest.fixture
def world(program: Any, person: Any, coordinator: Any, django_capture_on_commit_callbacks: Any):
    """The person posts, is mentioned, asks a mentor, is a mentor, proposes a call."""
    colleague = member(program, Role.PARTICIPANT, first_name="Dev", last_name="Rao")
    topic = Topic.objects.create(program=program, title="Tapering")
    post = community.start_thread(actor=person, topic=topic, title="Slow tapers", body=SIGNED)
    thread = post.thread
    # The scanner finds the colleague's name in it (scanner 1.10.0 and later): the author
    # explains it, as a member would, and the post is published (then edited: a revision).
    for finding in community.post_findings(post):
        community.override_finding(
            actor=person, post=post, key=finding.key, reason="a colleague on our team, no patient"
        )
    community.edit_post(actor=person, post=post, body=f"{SIGNED} Edited.")
    reply = community.reply(actor=colleague, thread=thread, body=f"Agreed {HANDLE}, go slowly.")
    community.reply(actor=person, thread=thread, body="Call me on 416-555-0199 about Mr Smith.")
    community.set_email_mode(actor=person, mode=EmailMode.WEEKLY)
    # A discussion whose first post was never published: its title unchecked, seen by them only.
    community.start_thread(
        actor=person, topic=topic, title=UNSENT_TITLE, body="Patient John Smith, 555-0199."
    )
    community.notify_new_post(reply)
    # Mentoring: they ask (answered and a call scheduled), and they mentor someone else.
    mtopic = MentoringTopic.objects.create(program=program, name="Opioid tapering")
    expert = member(program, Role.EXPERT, first_name="Ed", last_name="Pert")
    services.save_mentor(
        actor=coordinator, program=program, user=expert, disciplines="Pharmacy", topics=[mtopic]
    )
    asked = services.ask(actor=person, program=program, body=CLEAN, topic=mtopic)
    services.accept(actor=expert, question=asked)
    answer = services.write(actor=expert, question=asked, body=f"{ANSWER} Best, to {FIRST} {LAST}.")
    for finding in getattr(answer, "open_findings", []):  # the name, explained as above
        services.override_finding(
            actor=expert, message=answer, key=finding.key, reason="the member asking, no patient"
        )
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    calls.request_call(actor=person, question=asked, proposed=[soon])
    calls.log_time(actor=expert, question=asked, minutes=20)
    held = services.write(actor=person, question=asked, body="Her card is 1234-567-897 AB.")
    assert held.status == "held"  # never sent
    Mentor.objects.filter(user=expert).update(capacity=0)  # nobody else fits: triage next
    services.save_mentor(
        actor=coordinator,
        program=program,
        user=person,
        disciplines="Rural family medicine in Quillonbury Falls",
        topics=[mtopic],
    )
    Mentor.objects.filter(user=expert).update(capacity=3)
    mentee = colleague
    theirs = services.ask(actor=mentee, program=program, body=CLEAN, topic=mtopic)
    if theirs.mentor and theirs.mentor.user_id != person.pk:  # routed to the expert: move it
        services.assign(actor=coordinator, question=theirs, mentor=Mentor.objects.get(user=person))
    theirs.refresh_from_db()
    services.accept(actor=person, question=theirs)
    Mentor.objects.filter(user=expert).update(capacity=0)
    calls.log_time(actor=person, question=theirs, minutes=15)
    return {
        "thread": thread,
        "post": post,
        "reply": reply,
        "asked": asked,
        "theirs": theirs,
        "expert": expert,
        "mentee": mentee,
    }


def erase(client: Any, program: Any, admin: Any, person: Any) -> Any:
    client.force_login(admin)
    url = reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk})
    return client.post(url, {"confirmation": f"ERASE {person.pk}"})


def test_the_preview_counts_what_happened_between_sessions(
    client: Any, program: Any, admin: Any, person: Any, world: Any
) -> None:
    client.force_login(admin)
    page = client.get(reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk}))
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.removed["community_unsent_posts"] == 2  # the held reply and unsent thread
    assert preview.removed["community_revisions"] == 1
    assert preview.removed["mentoring_unsent"] == 1
    assert preview.removed["mentor_profiles"] == 1
    assert preview.kept["community_posts"] == 1
    assert preview.kept["mentoring_questions"] == 1
    html = page.content.decode()
    assert "Discussion posts" in html and "Mentoring questions" in html


def test_erasure_covers_posts_and_mentoring_and_keeps_the_records(
    client: Any,
    program: Any,
    admin: Any,
    person: Any,
    world: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Before: the name and email sit in community and mentoring rows.
    assert any(m.startswith(BETWEEN) for m in dump_holding(LAST))
    assert any(m.startswith(BETWEEN) for m in dump_holding(HANDLE))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert erase(client, program, admin, person).status_code == 302
    former = f"Former participant #{person.pk}"
    for secret in (EMAIL, FIRST, LAST, HANDLE, "Quillonbury Falls", "555-0199"):
        assert not [m for m in dump_holding(secret) if m.startswith(BETWEEN)], secret
    # Community: the published post stays (its replies make sense), under the anonymised name.
    post = Post.objects.get(pk=world["post"].pk)
    assert post.status == PostStatus.PUBLISHED and post.author == person
    assert post.body == f"Thanks, {former}, for the slow taper idea. Edited."
    assert former in post.html
    reply = Post.objects.get(pk=world["reply"].pk)
    assert reply.body == f"Agreed {former}, go slowly."
    assert not PostRevision.objects.filter(post__author=person).exists()
    assert not Post.objects.filter(author=person, status=PostStatus.HELD).exists()
    assert not Thread.objects.filter(title=UNSENT_TITLE).exists()
    assert world["thread"].topic.threads.count() == 1
    for model in (Notification, Subscription, NotificationSettings, Notice):
        assert not model.objects.filter(user=person).exists(), model
    # The thread page still works for others.
    client.force_login(world["mentee"])
    page = client.get(world["thread"].get_absolute_url())
    assert page.status_code == 200 and former in page.content.decode()
    # Mentoring: their question's metadata and the sent conversation stay, the name replaced;
    # still-waiting things closed or cancelled; time logs kept.
    asked = Question.objects.get(pk=world["asked"].pk)
    assert asked.status == QuestionStatus.CLOSED and asked.first_answer_at is not None
    bodies = list(asked.messages.values_list("body", flat=True))
    assert bodies == [CLEAN, f"{ANSWER} Best, to {former}."]
    assert asked.calls.get().status == CallStatus.CANCELLED
    assert TimeLog.objects.filter(question=asked).count() == 1
    # As a mentor: switched off, profile emptied, their open question back to triage, the
    # asker told where it stands; their time log kept.
    profile = Mentor.objects.get(user=person)
    assert not profile.active and profile.disciplines == ""
    theirs = Question.objects.get(pk=world["theirs"].pk)
    assert theirs.status == QuestionStatus.TRIAGE and theirs.mentor is None
    assert Notice.objects.filter(user=world["mentee"], question=theirs, kind="waiting").exists()
    assert TimeLog.objects.filter(user=person).count() == 1
    assert not Message.objects.filter(author=person, status="held").exists()


def test_erasure_keeps_a_credit_claim(
    client: Any, program: Any, admin: Any, person: Any, world: Any
) -> None:
    asked = world["asked"]
    CreditClaim.objects.create(
        question=asked, user=person, minutes=30, credits="0.50", credits_per_hour="1.00"
    )
    assert erase(client, program, admin, person).status_code == 302
    assert CreditClaim.objects.filter(user=person).count() == 1


def test_a_wrong_confirmation_erases_nothing_between_sessions(
    client: Any, program: Any, admin: Any, person: Any, world: Any
) -> None:
    client.force_login(admin)
    url = reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk})
    page = client.post(url, {"confirmation": "ERASE 0"})
    assert page.status_code == 400
    assert Post.objects.get(pk=world["post"].pk).body.startswith(SIGNED)
    assert Mentor.objects.get(user=person).active
    assert (
        Notification.objects.filter(user=person).exists()
        or Subscription.objects.filter(user=person).exists()
    )
