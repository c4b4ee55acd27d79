"""New series: a preview of every date (held or skipped, with why) before anything is created;
the breaks page."""

import datetime as dt
import re

import pytest

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import ProgramBreak, Series, Session
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def series_post(**overrides):
    data = {
        "title": "Cycle 2027",
        "frequency": "weekly",
        "interval": "1",
        "weekday": "0",
        "week_of_month": "",
        "first_date": "2027-09-06",
        "last_date": "",
        "count": "4",
        "start_time": "12:30",
        "duration_minutes": "90",
        "time_zone": "America/Toronto",
        "video_url": "",
        "topics": "Topic A\nTopic B",
        "holiday_region": "CA-ON",
    }
    data.update(overrides)
    return data


def previewed(page: str) -> str:
    return re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)


def series_url(program):
    return f"/p/{program.slug}/sessions/series/new/"


def test_the_form_guesses_the_province_from_the_program_time_zone(as_role, make_member):
    vancouver = ProgramFactory(time_zone="America/Vancouver")
    page = as_role(vancouver, Role.COORDINATOR).get(series_url(vancouver)).content.decode()
    assert '<option value="CA-BC" selected>British Columbia</option>' in page
    assert "MIT licence" in page


def test_preview_lists_held_and_skipped_dates_with_reasons_and_creates_nothing(as_role, program):
    ProgramBreak.objects.create(
        program=program,
        title="Retreat week",
        first_day=dt.date(2027, 9, 20),
        last_day=dt.date(2027, 9, 24),
    )
    response = as_role(program, Role.COORDINATOR).post(series_url(program), series_post())
    page = response.content.decode()
    assert response.status_code == 200 and not Session.objects.exists()
    assert "4 sessions will be created; 3 dates are skipped." in page
    rows = re.findall(r"<tr( class=\"skipped\")?><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", page)
    table = [(bool(skipped), re.sub(r"<[^>]+>", "", when), what) for skipped, when, what in rows]
    assert table == [
        (True, "Mon 6 Sep 2027", "Skipped: Labour Day"),
        (False, "Mon 13 Sep 2027 12:30", "Session 1 · Topic A"),
        (True, "Mon 20 Sep 2027", "Skipped: Retreat week"),
        (False, "Mon 27 Sep 2027 12:30", "Session 2 · Topic B"),
        (False, "Mon 4 Oct 2027 12:30", "Session 3"),
        (True, "Mon 11 Oct 2027", "Skipped: Thanksgiving Day"),
        (False, "Mon 18 Oct 2027 12:30", "Session 4"),
    ]
    assert "Create 4 sessions" in page
    assert 'value="Cycle 2027"' in page  # the form stays filled in


def test_creating_after_the_preview_makes_exactly_the_dates_shown(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    page = client.post(series_url(program), series_post()).content.decode()
    response = client.post(
        series_url(program), series_post(previewed=previewed(page), create="1"), follow=True
    )
    assert "Series “Cycle 2027” created with 4 sessions." in response.content.decode()
    days = [s.starts_at.date() for s in Session.objects.order_by("starts_at")]
    assert days == [
        dt.date(2027, 9, 13),
        dt.date(2027, 9, 20),
        dt.date(2027, 9, 27),
        dt.date(2027, 10, 4),
    ]
    assert Series.objects.get().holiday_region == "CA-ON"
    assert AuditEntry.objects.filter(action="series.created").count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"count": "5"},  # more dates
        {"holiday_region": ""},  # Labour Day no longer skipped
        {"topics": "Topic A\nTopic Z"},  # what the preview showed per date
        {},  # no preview at all (fingerprint missing)
    ],
)
def test_creating_what_was_not_previewed_shows_the_new_preview_instead(as_role, program, change):
    client = as_role(program, Role.COORDINATOR)
    page = client.post(series_url(program), series_post()).content.decode()
    fingerprint = previewed(page) if change else ""
    response = client.post(
        series_url(program), series_post(previewed=fingerprint, create="1", **change)
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Session.objects.exists()
    assert "The dates changed since your preview" in page
    # ...and this page's preview can then be created.
    client.post(series_url(program), series_post(previewed=previewed(page), create="1", **change))
    assert Session.objects.exists()


def test_a_break_added_after_the_preview_is_caught(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    page = client.post(series_url(program), series_post()).content.decode()
    ProgramBreak.objects.create(
        program=program,
        title="Strike",
        first_day=dt.date(2027, 9, 13),
        last_day=dt.date(2027, 9, 13),
    )
    response = client.post(series_url(program), series_post(previewed=previewed(page), create="1"))
    assert response.status_code == 200 and not Session.objects.exists()
    assert "Strike" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"holiday_region": "CA-ZZ"}, "Select a valid choice"),
        (
            {"count": "", "last_date": "2027-09-06"},
            "Every date in that range is a holiday or a break",
        ),
    ],
)
def test_bad_series_input_is_explained_and_nothing_is_created(as_role, program, overrides, message):
    response = as_role(program, Role.COORDINATOR).post(
        series_url(program), series_post(create="1", **overrides)
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.EXPERT, 403), (Role.PARTICIPANT, 403), (None, 404)]
)
def test_only_managers_preview_a_series(as_role, program, role, status):
    assert as_role(program, role).post(series_url(program), series_post()).status_code == status


# Breaks --------------------------------------------------------------------------------------


def breaks_url(program):
    return f"/p/{program.slug}/sessions/breaks/"


def test_coordinator_adds_and_removes_a_break(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        breaks_url(program),
        {"title": "Winter break", "first_day": "2027-12-20", "last_day": "2028-01-02"},
        follow=True,
    )
    page = response.content.decode()
    assert "Break “Winter break” added." in page and "Mon 20 Dec 2027" in page
    brk = ProgramBreak.objects.get(program=program)
    response = client.post(breaks_url(program), {"remove": brk.pk}, follow=True)
    assert "Break “Winter break” removed." in response.content.decode()
    assert not ProgramBreak.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="break.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["break.added", "break.removed"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "Backwards", "first_day": "2027-12-20", "last_day": "2027-12-01"},
            "The last day is before the first day",
        ),
        (
            {"title": "", "first_day": "2027-12-20", "last_day": "2027-12-21"},
            "This field is required",
        ),
        (
            {"title": "Long", "first_day": "2027-01-01", "last_day": "2028-06-01"},
            "A break can last a year at most",
        ),
        (
            {"title": "Typo", "first_day": "2027-13-01", "last_day": "2027-12-21"},
            "Enter a valid date",
        ),
    ],
)
def test_bad_break_input_keeps_what_was_typed(as_role, program, data, message):
    response = as_role(program, Role.COORDINATOR).post(breaks_url(program), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    if data["title"]:
        assert f'value="{data["title"]}"' in page
    assert not ProgramBreak.objects.exists()


def test_a_break_of_another_program_cannot_be_removed(as_role, program):
    other = ProgramBreak.objects.create(
        program=ProgramFactory(),
        title="Theirs",
        first_day=dt.date(2027, 1, 1),
        last_day=dt.date(2027, 1, 2),
    )
    response = as_role(program, Role.COORDINATOR).post(breaks_url(program), {"remove": other.pk})
    assert response.status_code == 404 and ProgramBreak.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.EXPERT, 403), (Role.EVALUATOR, 403), (None, 404)]
)
def test_only_managers_see_or_change_breaks(as_role, program, role, status):
    brk = ProgramBreak.objects.create(
        program=program, title="Ours", first_day=dt.date(2027, 1, 1), last_day=dt.date(2027, 1, 2)
    )
    client = as_role(program, role)
    assert client.get(breaks_url(program)).status_code == status
    assert client.post(breaks_url(program), {"remove": brk.pk}).status_code == status
    assert ProgramBreak.objects.filter(pk=brk.pk).exists()
