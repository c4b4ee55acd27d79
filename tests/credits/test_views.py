"""The credits screens: roles on every view (allowed, other role 403, outsider 404), rules
created and edited through the form, eligibility with reasons, batches with progress, and the
transcript showing only one's own."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from echohub.core.models import AuditEntry
from echohub.credits import services
from echohub.credits.models import Certificate, CertificateBatch, CreditRule
from echohub.programs.models import Role
from tests.credits.conftest import rule_data

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {k: v for k, v in rule_data(**overrides).items() if v is not False}
    return {k: ("on" if v is True else v) for k, v in data.items()}


@pytest.fixture
def world(program, sessions, series, participant, attend, make_rule):
    attend(sessions[0], participant, 90)
    attend(sessions[1], participant, 20)
    rule = make_rule(minimum_share=50)
    cert = services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=sessions[0]
    )
    batch = CertificateBatch.objects.create(program=program, series=series, rule=rule)
    return {"rule": rule, "cert": cert, "batch": batch, "session": sessions[0]}


def coordinator_urls(program, world):
    slug, rule = program.slug, world["rule"]
    return [
        reverse("credits:rules", args=[slug]),
        reverse("credits:rule_new", args=[slug]),
        reverse("credits:rule_edit", args=[slug, rule.pk]),
        reverse("credits:eligibility", args=[slug, rule.pk]),
        reverse("credits:session", args=[slug, rule.pk, world["session"].pk]),
        reverse("credits:batches", args=[slug]),
        reverse("credits:batch", args=[slug, world["batch"].pk]),
        reverse("credits:batch_progress", args=[slug, world["batch"].pk]),
    ]


@pytest.mark.parametrize("role", [Role.PROGRAM_ADMIN, Role.COORDINATOR])
def test_coordinator_screens_open_for_admins_and_coordinators(program, world, as_role, role):
    client = as_role(program, role)
    for url in coordinator_urls(program, world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.EVALUATOR])
def test_coordinator_screens_are_forbidden_to_other_roles(program, world, as_role, role):
    client = as_role(program, role)
    for url in coordinator_urls(program, world):
        assert client.get(url).status_code == 403, url
    post = reverse("credits:recompute", args=[program.slug, world["rule"].pk])
    assert client.post(post).status_code == 403


def test_outsiders_get_404_everywhere(program, world, as_role):
    client = as_role(program, None)
    urls = [
        *coordinator_urls(program, world),
        reverse("credits:transcript", args=[program.slug]),
        reverse("credits:certificate_pdf", args=[program.slug, world["cert"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_sign_in(client, program, world):
    response = client.get(reverse("credits:transcript", args=[program.slug]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_transcript_shows_own_sessions_minutes_credits_and_certificates(
    client, program, world, participant, sessions, make_member, attend
):
    other = make_member(program, Role.PARTICIPANT, first_name="Otto", last_name="Other")
    attend(sessions[2], other, 90)
    services.recompute_awards(actor=None, rule=world["rule"])
    client.force_login(participant)
    response = client.get(reverse("credits:transcript", args=[program.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Opioid tapering, part 1" in html and "Opioid tapering, part 2" in html
    assert "part 3" not in html  # Otto's session, not Priya's
    assert "Otto" not in html
    assert "1.50" in html  # credits of session 1 (90 minutes at 1 per hour)
    assert "Attended less than the minimum share of the session" in html
    assert world["cert"].number in html
    # The Total row: a Minutes cell of its own (the sum of the rows above), then the credits.
    import re

    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    minutes = sum(
        int(m)
        for m in re.findall(r"<tr>\s*<td>[^<]*</td>\s*<td>.*?</td>\s*<td>(\d+)</td>", html, re.S)
    )
    cells = re.findall(r"<td>([^<]*)</td>", foot)
    assert 'colspan="2"' in foot and cells[0] == str(minutes) and minutes > 0


def test_transcript_query_count_does_not_grow_with_sessions(
    client, program, participant, make_rule, attend
):
    from tests.factories import SessionFactory

    rule = make_rule()
    client.force_login(participant)
    url = reverse("credits:transcript", args=[program.slug])

    def count() -> int:
        services.recompute_awards(actor=None, rule=rule)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    attend(SessionFactory(program=program), participant, 60)
    one = count()
    for _ in range(6):
        attend(SessionFactory(program=program), participant, 60)
    assert count() == one


def test_participant_can_get_a_session_certificate_and_download_it(
    client, program, world, participant, sessions, attend
):
    attend(sessions[2], participant, 60)
    services.recompute_awards(actor=None, rule=world["rule"])
    client.force_login(participant)
    url = reverse(
        "credits:issue_session_certificate", args=[program.slug, world["rule"].pk, sessions[2].pk]
    )
    response = client.post(url)
    cert = Certificate.objects.get(session=sessions[2])
    assert response["Location"] == reverse("credits:certificate_pdf", args=[program.slug, cert.pk])
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Priya Cardinal" in text and "CPSO 123456" in text


def test_no_certificate_for_a_session_without_credit(client, program, world, participant, sessions):
    client.force_login(participant)
    url = reverse(
        "credits:issue_session_certificate", args=[program.slug, world["rule"].pk, sessions[1].pk]
    )
    response = client.post(url, follow=True)
    assert "No credit earned here" in response.content.decode()
    assert not Certificate.objects.filter(session=sessions[1]).exists()


def test_someone_elses_certificate_is_not_found(client, program, world, make_member):
    client.force_login(make_member(program, Role.PARTICIPANT))
    url = reverse("credits:certificate_pdf", args=[program.slug, world["cert"].pk])
    assert client.get(url).status_code == 404


def test_a_coordinator_may_download_a_participants_certificate(program, world, as_role):
    client = as_role(program, Role.COORDINATOR)
    url = reverse("credits:certificate_pdf", args=[program.slug, world["cert"].pk])
    assert client.get(url).content.startswith(b"%PDF")


def test_coordinator_creates_a_rule_through_the_form(
    program, as_role, sessions, participant, attend
):
    attend(sessions[0], participant, 68)
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        reverse("credits:rule_new", args=[program.slug]),
        form_data(credit_type="ama_pra_1", rounding="quarter_hour"),
    )
    assert response.status_code == 302
    rule = CreditRule.objects.get()
    assert rule.created_by == client.user
    assert rule.awards.get().credits == Decimal("1.25")
    page = client.get(reverse("credits:session", args=[program.slug, rule.pk, sessions[0].pk]))
    assert "Priya Cardinal" in page.content.decode()


def test_form_refusal_is_shown_on_the_field(program, as_role):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        reverse("credits:rule_new", args=[program.slug]),
        form_data(credit_type="custom", custom_name=""),
    )
    assert response.status_code == 200
    assert "Name the custom credit type." in response.content.decode()
    assert not CreditRule.objects.exists()


def test_editing_a_rule_asks_for_confirmation_and_makes_a_new_version(program, world, as_role):
    client = as_role(program, Role.COORDINATOR)
    url = reverse("credits:rule_edit", args=[program.slug, world["rule"].pk])
    page = client.get(url).content.decode()
    assert "data-confirm=" in page and "recompute" in page
    response = client.post(url, form_data(credits_per_hour="2", minimum_share=50))
    assert response.status_code == 302
    assert CreditRule.objects.filter(lineage=world["rule"].lineage).count() == 2
    assert AuditEntry.objects.filter(action="credits.rule_changed", actor=client.user).exists()
    # the old version can no longer be edited
    assert client.get(url).status_code == 404


def test_eligibility_page_shows_counts_and_reasons(program, world, as_role, sessions):
    client = as_role(program, Role.COORDINATOR)
    rule = world["rule"]
    listing = client.get(reverse("credits:eligibility", args=[program.slug, rule.pk]))
    rows = {s.pk: s for s in listing.context["page_obj"].object_list}
    assert (rows[sessions[0].pk].eligible_count, rows[sessions[1].pk].ineligible_count) == (1, 1)
    detail = client.get(reverse("credits:session", args=[program.slug, rule.pk, sessions[1].pk]))
    assert "Attended less than the minimum share" in detail.content.decode()


def test_recompute_button(program, world, as_role):
    client = as_role(program, Role.COORDINATOR)
    url = reverse("credits:recompute", args=[program.slug, world["rule"].pk])
    response = client.post(url, follow=True)
    assert "Recomputed: 0 new, 0 changed, 2 unchanged." in response.content.decode()


def test_coordinator_starts_a_batch_and_sees_progress(
    program, world, series, as_role, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    world["batch"].status = "done"
    world["batch"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("credits:batches", args=[program.slug]),
            {"rule": world["rule"].pk, "series": series.pk},
        )
    batch = CertificateBatch.objects.latest("pk")
    assert response["Location"] == reverse("credits:batch", args=[program.slug, batch.pk])
    progress = client.get(reverse("credits:batch_progress", args=[program.slug, batch.pk]))
    html = progress.content.decode()
    assert 'value="1"' in html and 'max="1"' in html
    assert "hx-trigger" not in html  # finished: polling stops
    assert len(mailoutbox) == 1


def test_a_running_batch_keeps_polling(program, world, as_role):
    client = as_role(program, Role.COORDINATOR)
    batch = world["batch"]
    batch.status, batch.total, batch.done = "running", 10, 4
    batch.save()
    html = client.get(reverse("credits:batch", args=[program.slug, batch.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and 'value="4"' in html and 'max="10"' in html


def test_subnav_links_credits_by_role(program, world, as_role):
    home = reverse("credits:transcript", args=[program.slug])
    participant = as_role(program, Role.PARTICIPANT).get(home).content.decode()
    assert "My credits" in participant
    assert reverse("credits:rules", args=[program.slug]) + '"' not in participant


@pytest.mark.parametrize("name", ["eligibility", "batches"])
def test_coordinator_lists_do_not_grow_queries_with_rows(
    program, world, series, as_role, make_member, attend, name
):
    from tests.factories import SessionFactory

    client = as_role(program, Role.COORDINATOR)
    rule = world["rule"]
    url = (
        reverse("credits:eligibility", args=[program.slug, rule.pk])
        if name == "eligibility"
        else reverse("credits:batches", args=[program.slug])
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(5):
        session = SessionFactory(program=program, series=series)
        attend(session, make_member(program, Role.PARTICIPANT), 90)
        CertificateBatch.objects.create(program=program, series=series, rule=rule, status="done")
    services.recompute_awards(actor=None, rule=rule)
    assert count() == one
