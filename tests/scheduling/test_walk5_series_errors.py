"""What an English walk (round walk5) found on the new-series form: a last date before the
first date was refused only in a box at the top of the form ("The last date is before the
first date."), nothing next to the date to change and nothing marked invalid. The rule's
refusals that belong to one field now stand under it, marked invalid (so app.js moves focus
there), with everything typed kept."""

import re

import pytest

from echohub.programs.models import Role
from echohub.scheduling.models import Session
from tests.scheduling.test_series_preview_views import series_post, series_url

pytestmark = pytest.mark.django_db


def _field_error(page: str, name: str) -> str | None:
    match = re.search(rf'<p class="error" id="id_{name}_error">([^<]*)</p>', page)
    return match.group(1) if match else None


def test_a_last_date_before_the_first_is_said_under_the_last_date(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    data = series_post(title="Winter cycle", first_date="2027-03-01", last_date="2027-01-04")
    data["count"] = ""
    response = client.post(series_url(program), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert _field_error(page, "last_date") == "The last date is before the first date."
    assert re.search(r'<input[^>]*name="last_date"[^>]*aria-invalid="true"', page)
    assert 'class="form-errors"' not in page  # not also as a form-wide error
    assert 'value="Winter cycle"' in page and 'value="2027-01-04"' in page
    assert not Session.objects.exists()


def test_a_range_too_long_is_said_under_the_last_date(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    data = series_post(first_date="2027-01-04", last_date="2040-12-31")
    data["count"] = ""
    page = client.post(series_url(program), data).content.decode()
    assert "shorten the range" in (_field_error(page, "last_date") or "")
    assert not Session.objects.exists()


def test_a_good_range_still_previews(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    data = series_post(first_date="2027-01-04", last_date="2027-02-01")
    data["count"] = ""
    response = client.post(series_url(program), data)
    assert response.status_code == 200
    assert "5 sessions will be created" in response.content.decode()
