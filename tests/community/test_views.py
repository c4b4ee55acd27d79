"""Community pages: who may see what (outsider 404, evaluator refused), the htmx reply,
held posts shown with their findings, case threads (visibility and audit), moderation pages,
notifications, attachments."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.cases.models import Case, CaseStatus
from echohub.community import services
from echohub.community.models import Notification, Post, PostStatus, Thread
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaKind
from tests.community.conftest import CLEAN, PHONE
from tests.factories import AgendaItemFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def thread(participant: Any, topic: Any) -> Thread:
    return services.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body=CLEAN
    ).thread


def urls(program: Any, topic: Any, thread: Thread) -> list[str]:
    slug = program.slug
    return [
        reverse("community:index", args=[slug]),
        reverse("community:topic", args=[slug, topic.pk]),
        reverse("community:thread_new", args=[slug, topic.pk]),
        reverse("community:thread", args=[slug, thread.pk]),
        reverse("community:notifications", args=[slug]),
        reverse("community:settings", args=[slug]),
    ]


def test_outsider_gets_404_everywhere(program, topic, thread):
    client = signed_in(UserFactory())
    for url in urls(program, topic, thread):
        assert client.get(url).status_code == 404, url


def test_evaluator_is_refused(program, topic, thread, evaluator):
    client = signed_in(evaluator)
    for url in urls(program, topic, thread):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Slow tapers" not in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.PARTICIPANT, Role.EXPERT, Role.COORDINATOR, Role.PROGRAM_ADMIN]
)
def test_members_who_post_see_the_pages(program, topic, thread, make_member, role):
    client = signed_in(make_member(program, role))
    for url in urls(program, topic, thread):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("community:thread", args=[program.slug, thread.pk])).content.decode()
    assert "Slow tapers" in page and "<em>Slow</em>" in page


def test_moderation_queue_only_for_moderators(program, expert, coordinator, thread):
    url = reverse("community:moderation", args=[program.slug])
    assert signed_in(expert).get(url).status_code == 403
    post = thread.posts.get()
    services.report_post(actor=expert, post=post, reason="Looks like an advert")
    page = signed_in(coordinator).get(url).content.decode()
    assert "Looks like an advert" in page


def test_htmx_reply_adds_the_post_without_reload(program, expert, thread):
    client = signed_in(expert)
    url = reverse("community:thread", args=[program.slug, thread.pk])
    response = client.post(url, {"body": "Try **duloxetine** first."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    post = Post.objects.get(author=expert)
    assert f'id="post-{post.pk}"' in html and "data-focus-new-post" in html
    assert 'hx-swap-oob="beforeend:#posts"' in html and "data-announce" in html
    assert "<strong>duloxetine</strong>" in html


def test_held_reply_shows_its_findings_only_to_its_author(program, expert, participant, thread):
    client = signed_in(expert)
    url = reverse("community:thread", args=[program.slug, thread.pk])
    response = client.post(url, {"body": PHONE})
    post = Post.objects.get(author=expert)
    assert post.status == PostStatus.HELD
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Not published yet" in page and "<mark" in page and "PHONE" in page
    other = signed_in(participant).get(url).content.decode()
    assert "416-555-0199" not in other and f"post-{post.pk}" not in other


def test_override_from_the_page_publishes(program, expert, thread):
    client = signed_in(expert)
    post = services.reply(actor=expert, thread=thread, body=PHONE)
    (finding,) = services.open_findings(post)
    client.post(
        reverse("community:post_action", args=[program.slug, post.pk, "override"]),
        {"key": finding.key, "reason": "a public helpline number"},
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_script_in_a_post_is_not_rendered(program, expert, thread):
    body = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    services.reply(actor=expert, thread=thread, body=body)
    page = signed_in(expert).get(reverse("community:thread", args=[program.slug, thread.pk]))
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html  # shown as text only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_empty_reply_keeps_the_form_with_an_error(program, expert, thread):
    client = signed_in(expert)
    url = reverse("community:thread", args=[program.slug, thread.pk])
    response = client.post(url, {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="reply-box"' in response.content.decode() and "error" in response.content.decode()


def test_notifications_page_and_mark_read(program, participant, expert, thread):
    services.reply(actor=expert, thread=thread, body="An answer")
    client = signed_in(participant)
    url = reverse("community:notifications", args=[program.slug])
    assert "An answer" not in client.get(url).content.decode()  # titles and links only
    assert Notification.objects.filter(user=participant, read_at__isnull=True).count() == 1
    client.post(url)
    assert not Notification.objects.filter(user=participant, read_at__isnull=True).exists()


def test_unread_count_in_the_program_menu(program, participant, expert, thread):
    services.reply(actor=expert, thread=thread, body="An answer")
    page = signed_in(participant).get(reverse("community:index", args=[program.slug]))
    assert "1 unread notification" in page.content.decode()


def test_attachment_is_served_with_permission_and_disposition(
    program, participant, expert, topic, evaluator
):
    pdf = services.FileIn(name="plan.pdf", data=b"%PDF-1.4 test")
    post = services.start_thread(
        actor=participant, topic=topic, title="File", body=CLEAN, files=[pdf]
    )
    att = post.attachments.get()
    url = reverse("community:attachment", args=[program.slug, att.token])
    response = signed_in(expert).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == pdf.data
    assert signed_in(UserFactory()).get(url).status_code == 404
    assert signed_in(evaluator).get(url).status_code == 403


def _presented_case(program: Any, presenter: Any) -> Case:
    return Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.PRESENTED,
        number="2026-001",
        title="Low back pain",
    )


def test_case_thread_made_on_first_post_and_audited(program, participant, expert, make_member):
    case = _presented_case(program, participant)
    url = reverse("community:case_thread", args=[program.slug, case.pk])
    client = signed_in(participant)
    assert client.get(url).status_code == 200
    assert not Thread.objects.filter(case=case).exists()
    client.post(url, {"body": "A follow-up: the taper went well, what next?"})
    thread = Thread.objects.get(case=case)
    assert thread.post_count == 1
    signed_in(expert).post(url, {"body": "Keep the pace; check function monthly."})
    page = client.get(url).content.decode()
    assert "Keep the pace" in page
    entry = AuditEntry.objects.filter(action="case.thread_read").latest("at")
    assert entry.changes["ids"] == sorted(thread.posts.values_list("pk", flat=True))


def test_case_thread_hidden_from_who_may_not_read_the_case(program, participant, make_member):
    case = _presented_case(program, participant)
    case.status = CaseStatus.SUBMITTED
    case.save()
    other = make_member(program, Role.PARTICIPANT)
    url = reverse("community:case_thread", args=[program.slug, case.pk])
    assert signed_in(other).get(url).status_code == 404


def test_talk_thread_for_didactic_items(program, participant):
    session = SessionFactory(program=program)
    item = AgendaItemFactory(session=session, kind=AgendaKind.DIDACTIC)
    url = reverse("community:talk_thread", args=[program.slug, item.pk])
    client = signed_in(participant)
    client.post(url, {"body": "Which taper table did you show?"})
    assert Thread.objects.get(agenda_item=item).post_count == 1
    case_item = AgendaItemFactory(session=session, kind=AgendaKind.CASE)
    assert (
        client.get(reverse("community:talk_thread", args=[program.slug, case_item.pk])).status_code
        == 404
    )


def test_history_only_for_author_and_moderators(program, participant, expert, coordinator, thread):
    post = thread.posts.get()
    services.edit_post(actor=participant, post=post, body="Second version of the message")
    url = reverse("community:post_history", args=[program.slug, post.pk])
    assert CLEAN[:20] in signed_in(participant).get(url).content.decode()
    assert signed_in(coordinator).get(url).status_code == 200
    assert signed_in(expert).get(url).status_code == 404


def test_removed_post_shows_removed(program, participant, thread):
    post = thread.posts.get()
    client = signed_in(participant)
    client.post(reverse("community:post_action", args=[program.slug, post.pk, "delete"]))
    page = client.get(reverse("community:thread", args=[program.slug, thread.pk])).content.decode()
    assert "Removed" in page and "tapered" not in page


def test_thread_page_query_count_is_constant(
    program, participant, expert, thread, django_assert_max_num_queries
):
    client = signed_in(participant)
    url = reverse("community:thread", args=[program.slug, thread.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        services.reply(actor=expert, thread=thread, body=f"Reply number {i}")
    with CaptureQueriesContext(connection) as first:
        client.get(url)  # marks the 12 notifications read: a check and a write more
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(first) == len(few) + 2
    assert len(many) == len(few)


def test_post_actions_in_the_readers_language_and_one_csrf_field_per_form(
    program, participant, expert, thread
):
    """The words and the CSRF field the post partial repeats are made once per page: in the
    reader's language, and the field is a valid token (a report goes through)."""
    expert.language = "fr"
    expert.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(expert)
    url = reverse("community:thread", args=[program.slug, thread.pk])
    page = client.get(url).content.decode()
    assert "Signaler" in page and "Envoyer le signalement" in page
    assert ">Report<" not in page
    post = thread.posts.get()
    token = page.split('name="csrfmiddlewaretoken" value="', 2)[2].split('"', 1)[0]
    report = reverse("community:post_action", args=[program.slug, post.pk, "report"])
    done = client.post(report, {"reason": "Off topic here", "csrfmiddlewaretoken": token})
    assert done.status_code == 302
    assert post.reports.count() == 1
    forged = client.post(report, {"reason": "Again", "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403
