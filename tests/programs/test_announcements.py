"""Announcements to a cohort or a filtered group: count and preview, confirm, emails through the
job queue, recorded on the program (issue 13)."""

from __future__ import annotations

import pytest

from echohub.attendance.models import Attendance
from echohub.core.models import AuditEntry
from echohub.programs import announcements
from echohub.programs.models import Announcement, AnnouncementRecipient, Role
from echohub.programs.tasks import send_announcement_email
from tests.factories import (
    MembershipFactory,
    SeriesFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    """Three participants (two in the North East, one a pharmacist) and an expert."""
    north = SiteFactory(program=program, region="North East")
    south = SiteFactory(program=program, region="Toronto")
    people = {
        "ana": UserFactory(first_name="Ana", profession="registered_nurse"),
        "ben": UserFactory(first_name="Ben", profession="pharmacist"),
        "cy": UserFactory(first_name="Cy", profession="family_physician"),
        "dee": UserFactory(first_name="Dee", profession="family_physician"),
    }
    MembershipFactory(program=program, user=people["ana"], role=Role.PARTICIPANT, site=north)
    MembershipFactory(program=program, user=people["ben"], role=Role.PARTICIPANT, site=north)
    MembershipFactory(program=program, user=people["cy"], role=Role.PARTICIPANT, site=south)
    MembershipFactory(program=program, user=people["dee"], role=Role.EXPERT)
    gone = UserFactory(first_name="Gone")
    MembershipFactory(program=program, user=gone, role=Role.PARTICIPANT, is_active=False)
    return people


def post(**overrides):
    data = {"subject": "Session moved", "body": "Thursday's session starts at 14:00."}
    data.update(overrides)
    return data


def test_audience_filters_by_role_profession_and_region(program, cohort):
    def names(**kw):
        audience = announcements.Audience(**kw)
        return [u.first_name for u in announcements.audience_of(program, audience)]

    assert sorted(names()) == ["Ana", "Ben", "Cy", "Dee"]  # the inactive member is left out
    assert sorted(names(roles=("participant",))) == ["Ana", "Ben", "Cy"]
    assert sorted(names(regions=("North East",))) == ["Ana", "Ben"]
    assert names(professions=("pharmacist",), regions=("North East",)) == ["Ben"]
    assert names(professions=("dietitian",)) == []


def test_audience_by_cycle_keeps_those_who_attended_it(program, cohort):
    series = SeriesFactory(program=program)
    other = SeriesFactory(program=program)
    Attendance.objects.create(session=SessionFactory(program=program, series=series),
                              user=cohort["ana"], minutes=90)  # fmt: skip
    Attendance.objects.create(session=SessionFactory(program=program, series=other),
                              user=cohort["ben"], minutes=90)  # fmt: skip
    people = announcements.audience_of(program, announcements.Audience(series=series.pk))
    assert [u.first_name for u in people] == ["Ana"]


def test_preview_shows_the_count_and_the_email_and_sends_nothing(
    as_role, program, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/p/{program.slug}/announcements/new/",
            post(roles=["participant"], regions=["North East"]),
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 people will be emailed" in page and "Send to 2 people" in page
    assert "Participant · North East" in page
    assert "Thursday&#x27;s session starts at 14:00." in page  # the email as it will read
    assert "[Chronic Pain &amp; Opioid Stewardship] Session moved" in page
    assert mailoutbox == [] and not Announcement.objects.exists()


def test_confirming_records_it_and_emails_each_person_through_the_queue(
    as_role, program, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/announcements/new/"
    preview = client.post(url, post(roles=["participant"]))
    fingerprint = preview.context["fingerprint"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            post(roles=["participant"], action="send", expected_count="3", previewed=fingerprint),
        )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert (announcement.author, announcement.recipient_count) == (client.user, 3)
    assert announcement.audience["roles"] == ["participant"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        cohort[k].email for k in ("ana", "ben", "cy")
    )
    assert mailoutbox[0].subject == "[Chronic Pain & Opioid Stewardship] Session moved"
    assert "starts at 14:00" in mailoutbox[0].body
    assert AnnouncementRecipient.objects.filter(sent_at__isnull=False).count() == 3
    entry = AuditEntry.objects.get(action="announcement.sent")
    assert entry.changes["recipients"] == 3 and "14:00" not in str(entry.changes)


def test_a_job_run_twice_emails_once(program, cohort, mailoutbox):
    draft = announcements.Draft("Hello", "A short note.", announcements.Audience())
    announcement = announcements.send_announcement(actor=None, program=program, draft=draft)
    recipient = announcement.recipients.first()
    assert send_announcement_email.call(recipient.pk) == 1
    assert send_announcement_email.call(recipient.pk) == 0
    assert len(mailoutbox) == 1


def test_jobs_carry_ids_and_render_when_they_run(program, cohort, mailoutbox):
    draft = announcements.Draft("Hello", "First text.", announcements.Audience())
    announcement = announcements.send_announcement(actor=None, program=program, draft=draft)
    Announcement.objects.filter(pk=announcement.pk).update(body="Corrected text.")
    send_announcement_email.call(announcement.recipients.first().pk)
    assert "Corrected text." in mailoutbox[0].body


def test_a_changed_group_is_confirmed_again(as_role, program, cohort):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/announcements/new/"
    fingerprint = client.post(url, post()).context["fingerprint"]
    response = client.post(url, post(action="send", expected_count="4", previewed=fingerprint))
    # the coordinator signing in is a member too: 5 people now, not 4
    page = response.content.decode()
    assert response.status_code == 400 and "5 people match now, not 4" in page
    assert not Announcement.objects.exists()


def test_a_changed_text_needs_a_new_preview(as_role, program, cohort):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/announcements/new/"
    fingerprint = client.post(url, post()).context["fingerprint"]
    response = client.post(
        url, post(body="Another text.", action="send", expected_count="5", previewed=fingerprint)
    )
    assert response.status_code == 200 and "5 people will be emailed" in response.content.decode()
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": ""}, "This field is required"),
        ({"body": "   "}, "This field is required"),
        ({"body": "x" * 5001}, "at most 5000 characters"),
        ({"roles": ["astronaut"]}, "Select a valid choice"),
        ({"professions": ["dietitian"]}, "No one matches these filters"),
    ],
)
def test_bad_input_is_refused_and_kept(as_role, program, cohort, overrides, message):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(f"/p/{program.slug}/announcements/new/", post(**overrides))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "Send to" not in page and not Announcement.objects.exists()


def test_identifying_text_is_held_until_each_finding_is_confirmed(as_role, program, cohort):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/announcements/new/"
    body = "Thanks for presenting the case with health card 1234-567-897."
    response = client.post(url, post(body=body))
    page = response.content.decode()
    assert response.status_code == 400 and "may contain identifying information" in page
    assert "<mark" in page and "Send to" not in page
    key = response.context["phi_items"][0]["findings"][0]["f"].key
    ticked_without_reason = client.post(url, post(body=body, phi_ok=[key]))
    assert ticked_without_reason.status_code == 400
    confirmed = client.post(url, post(body=body, phi_ok=[key], **{f"reason-{key}": "made up"}))
    assert confirmed.status_code == 200 and "Send to 5 people" in confirmed.content.decode()


def test_members_see_announcements_and_outsiders_do_not(as_role, program, cohort):
    draft = announcements.Draft("Cycle news", "Certificates are ready.", announcements.Audience())
    announcements.send_announcement(actor=None, program=program, draft=draft)
    participant = as_role(program, Role.PARTICIPANT)
    page = participant.get(f"/p/{program.slug}/announcements/").content.decode()
    assert "Cycle news" in page and "Certificates are ready." in page
    assert "people emailed" not in page  # counts are for those who may list the people
    assert "Write an announcement" not in page
    detail = participant.get(f"/p/{program.slug}/").content.decode()
    assert "Cycle news" in detail
    assert participant.get(f"/p/{program.slug}/announcements/new/").status_code == 403
    coordinator = as_role(program, Role.COORDINATOR)
    listed = coordinator.get(f"/p/{program.slug}/announcements/").content.decode()
    # Mid-sentence, in the reader's language (walk 1211): "to everyone", not "to Everyone".
    assert "to everyone in the program · 4 people emailed" in listed
    outsider = as_role(program, None)
    assert outsider.get(f"/p/{program.slug}/announcements/").status_code == 404
    assert "Cycle news" not in outsider.get(f"/p/{program.slug}/").content.decode()


def test_the_program_home_lists_announcements_without_counting_their_recipients(
    as_role, program, cohort
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = announcements.Draft("Cycle news", "Certificates are ready.", announcements.Audience())
    announcements.send_announcement(actor=None, program=program, draft=draft)
    participant = as_role(program, Role.PARTICIPANT)
    with CaptureQueriesContext(connection) as queries:
        page = participant.get(f"/p/{program.slug}/").content.decode()
    assert "Cycle news" in page
    recipients = AnnouncementRecipient._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if recipients in q["sql"]]


def test_empty_list_says_so(as_role, program):
    page = as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/announcements/")
    assert "No announcements yet." in page.content.decode()
    assert "Write an announcement" in page.content.decode()


def test_announcement_list_query_count_is_flat(
    as_role, program, cohort, django_assert_max_num_queries
):
    client = as_role(program, Role.COORDINATOR)
    draft = announcements.Draft("One", "Text.", announcements.Audience())
    announcements.send_announcement(actor=client.user, program=program, draft=draft)
    with django_assert_max_num_queries(12) as one:
        client.get(f"/p/{program.slug}/announcements/")
    for i in range(10):
        draft = announcements.Draft(f"N{i}", "Text.", announcements.Audience())
        announcements.send_announcement(actor=client.user, program=program, draft=draft)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"/p/{program.slug}/announcements/")
