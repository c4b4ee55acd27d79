"""Probe: a person who runs another program (every role there) reaches none of this program's
objects by putting their ids under their own program's address. Every page of the site map
with an object id is asked for with the program's slug swapped for the other program's: a
page must be 404 (nothing of that id in the program), never the object's page, and a POST
to it changes nothing (404 too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.programs.models import Membership, Program, Role
from tests.browser import site_map
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _swapped(url: str, slug: str, other: str) -> str | None:
    prefix = f"/p/{slug}/"
    if not url.startswith(prefix):
        return None
    return f"/p/{other}/" + url[len(prefix) :]


def test_objects_of_another_program_are_404_under_ones_own_program() -> None:
    demo = site_map.build()
    other: Program = ProgramFactory(name="Other program", slug="other-program")
    runner = UserFactory()
    for role in Role.values:
        Membership.objects.create(program=other, user=runner, role=role)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    leaks = []
    for page in site_map.page_urls(demo):
        name, args = page.name, []
        for pname, _route, pargs in site_map.patterns():
            if pname == name:
                args = pargs
        if set(args) <= {"slug"}:
            continue  # a program's own pages: nothing of this program's to name
        url = _swapped(page.url, demo.slug, other.slug)
        if url is None:
            continue
        got = client.get(url)
        if got.status_code != 404:
            leaks.append(("GET", name, url, got.status_code))
        posted = client.post(url, {})
        if posted.status_code not in (404, 405):
            leaks.append(("POST", name, url, posted.status_code))
    assert leaks == []


def test_an_outsider_gets_nothing_more_than_anonymous() -> None:
    """Someone signed in with no role in the program sees no page anonymous could not see."""
    demo = site_map.build()
    outsider = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(outsider)
    anonymous = Client(raise_request_exception=False)
    leaks = []
    for page in site_map.page_urls(demo):
        if not page.url.startswith(f"/p/{demo.slug}/"):
            continue
        got = client.get(page.url)
        if got.status_code == 200 and anonymous.get(page.url).status_code != 200:
            leaks.append((page.name, page.url))
        if got.status_code >= 500:
            leaks.append((page.name, page.url, got.status_code))
    assert leaks == []


MISSING = 2_000_000_000


def _pk(model: Any, **filters: Any) -> int:
    found = model.objects.filter(**filters).order_by("pk").first()
    assert found is not None, f"the demo has no {model.__name__} for the probe"
    return int(found.pk)


def _downloads_and_posts(demo: Any) -> list[tuple[str, dict[str, Any]]]:
    """The patterns the site map leaves out (downloads, POST-only forms, fragments), with a
    real object of the demo's program for each id."""
    from django.core.files.base import ContentFile

    from echohub.attendance.models import AttendanceRow, ImportBatch
    from echohub.cases.models import CaseStatus
    from echohub.community.models import Post, Report, Thread
    from echohub.credits.models import Certificate
    from echohub.library.models import Talk, Tool
    from echohub.mentoring.models import Question as MentoringQuestion
    from echohub.programs.models import Registration

    slug = demo.slug
    past, upcoming, sent = demo.past.pk, demo.upcoming.pk, demo.own_presented.pk
    row = _pk(AttendanceRow, session__program__slug=slug)
    row_session = AttendanceRow.objects.get(pk=row).session_id
    batch = _pk(ImportBatch, session__program__slug=slug)
    batch_session = ImportBatch.objects.get(pk=batch).session_id
    talk = _pk(Talk, program__slug=slug, slides__gt="")
    closed = [c.pk for c in demo.cases if c.status == CaseStatus.RECOMMENDATIONS_SENT]
    certificate = Certificate.objects.create(
        number="PROBE-1213-1",
        user=demo.person,
        program=demo.rule.program,
        rule=demo.rule,
        scope="session",
        session=demo.past,
        credits=1,
        minutes=60,
        facts={},
        sha256="0" * 64,
        issued_at=demo.past.ends_at,
    )
    tool = Tool.objects.filter(program__slug=slug).order_by("pk").first()
    assert tool is not None, "the demo has no library tool"
    tool.file.save("probe.pdf", ContentFile(b"%PDF-1.4 probe"), save=False)
    tool.file_kind, tool.file_name = "pdf", "probe.pdf"
    tool.save()
    entries: list[tuple[str, dict[str, Any]]] = [
        (
            "programs:decide_registration",
            {"pk": _pk(Registration, program__slug=slug), "decision": "approve"},
        ),
        ("scheduling:title", {"pk": upcoming}),
        ("scheduling:reschedule", {"pk": upcoming}),
        ("scheduling:cancel", {"pk": upcoming}),
        (
            "scheduling:resource_add",
            {"pk": demo.agenda_item.session_id, "item_id": demo.agenda_item.pk},
        ),
        ("joining_session:session_ics", {"pk": upcoming}),
        ("joining_session:session_video", {"pk": upcoming}),
        ("cases:override", {"pk": sent}),
        ("cases:letter", {"pk": closed[0] if closed else sent}),
        ("cases:action", {"pk": sent, "action": "close"}),
        ("attendance:upload", {"pk": past}),
        ("attendance:manual", {"pk": past}),
        ("attendance:fetch_zoom", {"pk": past}),
        ("attendance:delete_import", {"pk": batch_session, "batch_id": batch}),
        ("attendance:roll_call", {"pk": past}),
        ("attendance:assign", {"pk": row_session, "row_id": row}),
        ("attendance:find_people", {"pk": row_session, "row_id": row}),
        ("attendance:guest", {"pk": row_session, "row_id": row}),
        ("attendance:session_export", {"pk": past, "fmt": "csv"}),
        ("credits:recompute", {"pk": demo.rule.pk}),
        ("credits:issue_session_certificate", {"pk": demo.rule.pk, "session_pk": past}),
        ("credits:batch_progress", {"pk": demo.batch.pk}),
        ("credits:batch_cancel", {"pk": demo.batch.pk}),
        ("credits:certificate_pdf", {"pk": certificate.pk}),
        ("evaluation:survey_delete", {"pk": demo.survey.pk}),
        ("evaluation:survey_send", {"pk": demo.survey.pk}),
        ("evaluation:survey_open", {"pk": demo.survey.pk}),
        ("evaluation:survey_close", {"pk": demo.survey.pk}),
        ("evaluation:section_add", {"pk": demo.survey.pk}),
        ("evaluation:section_delete", {"pk": demo.survey.pk, "section_pk": demo.section.pk}),
        ("evaluation:section_move", {"pk": demo.survey.pk, "section_pk": demo.section.pk}),
        ("evaluation:question_delete", {"pk": demo.survey.pk, "question_pk": demo.question.pk}),
        ("evaluation:question_move", {"pk": demo.survey.pk, "question_pk": demo.question.pk}),
        ("privacy:deactivate", {"pk": demo.person.pk}),
        ("privacy:reactivate", {"pk": demo.person.pk}),
        ("library:talk_file", {"pk": talk, "what": "slides"}),
        ("library:tool_file", {"pk": tool.pk}),
        ("library:tool_checked", {"pk": _pk(Tool, program__slug=slug)}),
        ("community:thread_action", {"pk": _pk(Thread, program__slug=slug), "action": "pin"}),
        (
            "community:post_action",
            {"pk": _pk(Post, thread__program__slug=slug), "action": "report"},
        ),
        ("community:report_dismiss", {"pk": _pk(Report, post__thread__program__slug=slug)}),
        (
            "mentoring:question_action",
            {"pk": _pk(MentoringQuestion, program__slug=slug), "action": "accept"},
        ),
        ("live:ask", {"pk": upcoming}),
        ("live:events", {"pk": upcoming}),
        ("live:events_json", {"pk": upcoming}),
        ("live:action", {"pk": upcoming}),
    ]
    return entries


def test_downloads_and_forms_of_another_program_answer_like_nothing_there() -> None:
    """The downloads and POST-only URLs the site map leaves out: with the other program's
    slug, a real id of this program answers exactly as an id that does not exist, and is no
    success (nothing downloaded, nothing changed)."""
    from django.urls import reverse

    demo = site_map.build()
    other: Program = ProgramFactory(name="Other program", slug="other-program")
    runner = UserFactory()
    for role in Role.values:
        Membership.objects.create(program=other, user=runner, role=role)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    leaks = []
    for name, kwargs in _downloads_and_posts(demo):
        real = reverse(name, kwargs={"slug": other.slug, **kwargs})
        ids = {k: (MISSING if isinstance(v, int) else v) for k, v in kwargs.items()}
        missing = reverse(name, kwargs={"slug": other.slug, **ids})
        for method in ("get", "post"):
            got = getattr(client, method)(real)
            expected = getattr(client, method)(missing)
            if got.status_code != expected.status_code or got.status_code < 300:
                leaks.append((method, name, got.status_code, expected.status_code))
    assert leaks == []
