"""Walk 15 (a spoke submitting a case with a dose typed as "abc"): the page answered "Not saved:
check the highlighted fields, then save." to someone who had pressed "Check and submit": it did
not say the case was not submitted, and told them to save. A refused submission now says so and
asks to submit again; a refused save keeps its words."""

import pytest

from echohub.cases.models import Case, CaseStatus
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db

SAVE_WORDS = "Not saved: check the highlighted fields, then save."
SUBMIT_WORDS = "Not submitted, and not saved: check the highlighted fields, then submit again."


def _post(client, program, draft, action):
    data = form_data(version=str(draft.version), action=action, **{"med-0-dose": "abc"})
    return client.post(f"/p/{program.slug}/cases/{draft.pk}/edit/", data)


def test_a_refused_submission_says_it_was_not_submitted(client, program, presenter, draft):
    client.force_login(presenter)
    response = _post(client, program, draft, "submit")
    assert response.status_code == 400
    html = response.content.decode()
    assert SUBMIT_WORDS in html
    assert SAVE_WORDS not in html
    assert "the dose is not a number" in html
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.DRAFT


def test_a_refused_save_keeps_its_words(client, program, presenter, draft):
    client.force_login(presenter)
    response = _post(client, program, draft, "save")
    assert response.status_code == 400
    html = response.content.decode()
    assert SAVE_WORDS in html
    assert SUBMIT_WORDS not in html
