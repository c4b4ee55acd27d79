"""Defects found by the browser walk of 4 Dec 2026 (walk items 2, 9, 15, 18, 21, 23)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from echohub.community import services
from echohub.community.models import Post, PostStatus, Reaction, Report, ReportKind, Thread
from echohub.core.errors import Conflict, DomainError
from tests.community.conftest import CLEAN, HEALTH_CARD, PHONE

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(user: Any, topic: Any, body: str = CLEAN, title: str = "Tapering slowly") -> Post:
    return services.start_thread(actor=user, topic=topic, title=title, body=body)


# --- walk 2: keeping a finding needs a real reason, and goes to the moderation queue -----------


@pytest.mark.parametrize(
    "reason",
    [
        "not real",  # too short
        "testing testing",  # too few words
        "1234-567-897 AB",  # the flagged text itself
        "1234 567 897 AB 1234",  # only the flagged text's words
        "AB AB AB AB AB AB AB AB",  # one word repeated
        "ab 1234 and ab 567",  # the flagged text's words and one more
    ],
)
def test_keeping_a_finding_needs_a_reason_that_says_something(participant, topic, reason):
    post = start(participant, topic, body=HEALTH_CARD)
    (finding,) = services.open_findings(post)
    with translation.override("en"), pytest.raises(DomainError) as err:
        services.override_finding(actor=participant, post=post, key=finding.key, reason=reason)
    # The flagged number itself is refused as identifying (checked first), else as empty.
    assert err.value.code in ("reason_required", "reason_identifying")
    if err.value.code == "reason_required":
        assert "at least 15 characters and 3 words" in err.value.message
    post.refresh_from_db()
    assert post.status == PostStatus.HELD and not post.phi_overrides.exists()


def test_a_post_published_by_override_is_reported_to_moderators_without_the_text(
    participant, coordinator, topic, program
):
    post = start(participant, topic, body=HEALTH_CARD)
    assert not Report.objects.exists()
    (finding,) = services.open_findings(post)
    reason = "It is not a real number, just testing the form"
    services.override_finding(actor=participant, post=post, key=finding.key, reason=reason)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    report = Report.objects.get(post=post)
    assert report.kind == ReportKind.PHI_KEPT and report.resolved_at is None
    assert "HEALTH_NUMBER" in report.reason and "body" in report.reason
    assert "1234" not in report.reason and reason not in report.reason
    page = signed_in(coordinator).get(reverse("community:moderation", args=[program.slug]))
    html = page.content.decode()
    assert "identifier findings its author kept" in html and "HEALTH_NUMBER" in html
    assert "1234-567" not in html and reason not in html
    # Published again after an edit that keeps it: still one open automatic report.
    services.edit_post(actor=participant, post=post, body=HEALTH_CARD + " Thanks.")
    assert Report.objects.filter(post=post, resolved_at__isnull=True).count() == 1


def test_a_clean_post_is_not_reported(participant, topic):
    start(participant, topic)
    assert not Report.objects.exists()


# --- walk 23: no reaction to one's own message; reports of one message grouped -----------------


def test_no_reaction_to_ones_own_message(participant, expert, topic, program):
    post = start(participant, topic)
    with pytest.raises(Conflict) as err:
        services.toggle_reaction(actor=participant, post=post, kind="helpful")
    assert err.value.code == "own_post"
    assert services.toggle_reaction(actor=expert, post=post, kind="helpful")
    url = reverse("community:thread", args=[program.slug, post.thread_id])
    own = signed_in(participant).get(url).content.decode()
    assert f'id="reactions-{post.pk}"' not in own and "Helpful 1" in own
    other = signed_in(expert).get(url).content.decode()
    assert f'id="reactions-{post.pk}"' in other
    response = signed_in(participant).post(
        reverse("community:post_action", args=[program.slug, post.pk, "react"]),
        {"kind": "thanks"},
    )
    assert response.status_code == 302
    assert not Reaction.objects.filter(user=participant).exists()


def test_two_reports_of_one_message_are_one_queue_entry(
    participant, expert, coordinator, make_member, topic, program
):
    post = start(participant, topic)
    other = start(participant, topic, title="Another one")
    third = make_member(program, "participant", first_name="Dee", last_name="Roy")
    services.report_post(actor=expert, post=post, reason="off topic advertising")
    services.report_post(actor=third, post=post, reason="rude to a colleague")
    services.report_post(actor=expert, post=other, reason="duplicate question")
    client = signed_in(coordinator)
    html = client.get(reverse("community:moderation", args=[program.slug])).content.decode()
    assert html.count('class="card"') == 2
    assert "2 reports" in html and "1 report" in html
    assert "off topic advertising" in html and "rude to a colleague" in html
    first = Report.objects.filter(post=post).order_by("pk").first()
    assert first is not None
    client.post(reverse("community:report_dismiss", args=[program.slug, first.pk]))
    assert not Report.objects.filter(post=post, resolved_at__isnull=True).exists()
    assert Report.objects.filter(post=other, resolved_at__isnull=True).exists()
    assert Thread.objects.count() == 2


# --- walk 9: a moderator-hidden discussion: its author reads it with a notice ------------------


def test_author_sees_own_hidden_discussion_read_only_with_a_notice(
    participant, expert, coordinator, topic, program
):
    post = start(participant, topic, title="Taper stalled")
    thread = post.thread
    services.moderate_thread(actor=coordinator, thread=thread, action="hide")
    url = reverse("community:thread", args=[program.slug, thread.pk])
    page = signed_in(participant).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hidden by a moderator" in html and "Taper stalled" in html
    assert 'name="body"' not in html  # no reply form
    with pytest.raises(Conflict) as err:
        services.reply(actor=participant, thread=thread, body=CLEAN)
    assert err.value.code == "thread_hidden"
    response = signed_in(participant).post(url, {"body": CLEAN})
    assert response.status_code == 400
    assert Post.objects.filter(thread=thread).count() == 1
    # Others still get a 404; a moderator may still reply.
    assert signed_in(expert).get(url).status_code == 404
    services.reply(actor=coordinator, thread=thread, body=CLEAN)


def test_notifications_of_a_hidden_thread_do_not_show_its_title(
    participant, expert, coordinator, topic, program
):
    thread = start(participant, topic, title="Taper stalled").thread
    services.reply(actor=participant, thread=thread, body="Any advice @ben.okafor on this?")
    url = reverse("community:notifications", args=[program.slug])
    assert "Taper stalled" in signed_in(expert).get(url).content.decode()
    services.moderate_thread(actor=coordinator, thread=thread, action="hide")
    html = signed_in(expert).get(url).content.decode()
    assert "Taper stalled" not in html
    assert "a discussion you can no longer read" in html


# --- walk 15: a held discussion is labelled as held, with its count, and takes no reply --------


def test_held_discussion_is_labelled_held_with_its_count_and_no_reply_box(
    participant, topic, program
):
    post = start(participant, topic, body=PHONE, title="Clinic question")
    client = signed_in(participant)
    html = client.get(reverse("community:topic", args=[program.slug, topic.pk])).content.decode()
    assert "Held: fix or explain the identifiers" in html
    assert ">Hidden<" not in html
    assert "· 1 message" in html and "0 messages" not in html
    page = client.get(reverse("community:thread", args=[program.slug, post.thread_id]))
    text = page.content.decode()
    assert "Held: fix or explain the identifiers" in text
    assert 'name="body"' not in text and "Replies open once" in text
    with pytest.raises(Conflict) as err:
        services.reply(actor=participant, thread=post.thread, body=CLEAN)
    assert err.value.code == "first_post_held"


# --- walk 21: unknown @mentions are told to the author after posting --------------------------


def test_unknown_mentions_are_listed(participant, expert, topic, program):
    body = "Thoughts @ben.okafor and @no.body and @nobody.else?"
    assert services.unknown_mentions(program, body) == ["no.body", "nobody.else"]
    assert services.unknown_mentions(program, "Hi @BEN.OKAFOR") == []
    assert services.unknown_mentions(program, CLEAN) == []


def test_posting_with_unknown_mentions_says_so(participant, expert, topic, program):
    thread = start(participant, topic).thread
    url = reverse("community:thread", args=[program.slug, thread.pk])
    client = signed_in(expert)
    page = client.post(url, {"body": "Agreed @no.body, see above."}, follow=True)
    assert "@no.body matches no member of this program" in page.content.decode()
    htmx = client.post(url, {"body": "And @ana.lopes @ghost.writer too."}, HTTP_HX_REQUEST="true")
    html = htmx.content.decode()
    assert htmx.status_code == 200
    assert "@ghost.writer matches no member" in html and "ana.lopes matches" not in html
    quiet = client.post(url, {"body": "Thanks @ana.lopes."}, follow=True).content.decode()
    assert "matches no member" not in quiet


# --- walk 18: the attachment help text follows the language ----------------------------------


def test_attachment_help_follows_the_language(participant, topic, program):
    from echohub.community.forms import ReplyForm

    with translation.override("fr"):
        help_fr = str(ReplyForm().fields["files"].help_text)
    with translation.override("en"):
        help_en = str(ReplyForm().fields["files"].help_text)
    assert help_en.startswith("PDF or images")
    assert help_fr != help_en and "3" in help_fr


def test_topic_names_follow_the_language(participant, coordinator, program):
    topic = services.save_topic(
        actor=coordinator,
        program=program,
        title="Opioid tapering",
        description="Slow tapers",
        title_fr="Réduction progressive",
        description_fr="Réductions lentes",
    )
    english_only = services.save_topic(actor=coordinator, program=program, title="Sleep")
    client = signed_in(participant)
    index = reverse("community:index", args=[program.slug])
    en = client.get(index, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Opioid tapering" in en and "Réduction progressive" not in en
    client.cookies["django_language"] = "fr"
    fr = client.get(index, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réduction progressive" in fr and "Réductions lentes" in fr
    assert "Opioid tapering" not in fr and "Sleep" in fr  # no French: the English, marked
    page = client.get(reverse("community:topic", args=[program.slug, topic.pk]))
    assert "<h1>Réduction progressive</h1>" in page.content.decode()
    assert english_only.title_fr == ""


def test_demo_topics_are_bilingual_and_nobody_reacts_to_their_own(db):
    import io

    from django.core.management import call_command

    from echohub.community.models import Topic

    call_command("demo", stdout=io.StringIO())
    topics = list(Topic.objects.all())
    assert topics and all(t.title_fr and t.description_fr for t in topics)
    from django.db.models import F

    assert Reaction.objects.exists()
    assert not Reaction.objects.filter(user_id=F("post__author_id")).exists()
