"""A window's own saves arriving close together are no conflict: an autosave still on its way
when "Check and submit" is pressed, or two autosaves that overtake each other. Another window's
save in between still is (services.save_draft, views._edit_window)."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.cases import services
from echohub.cases.models import Case, CaseStatus
from echohub.core.errors import DomainError
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db

A = "a" * 32
B = "b" * 32


def save(case, presenter, title, version, window=None):
    return services.save_draft(
        actor=presenter, case=case, data={"title": title}, version=version, window=window
    )


def test_the_same_windows_later_save_with_a_version_behind_is_saved(draft, presenter):
    held = draft.version
    save(draft, presenter, "First autosave", held, (A, 1))
    case = save(draft, presenter, "Then submit", held, (A, 2))  # its page still held `held`
    assert case.title == "Then submit" and case.version == held + 2


def test_another_windows_save_in_between_is_still_a_conflict(draft, presenter):
    held = draft.version
    save(draft, presenter, "Window A", held, (A, 1))
    with pytest.raises(DomainError) as err:
        save(draft, presenter, "Window B", held, (B, 1))
    assert err.value.code == "stale_draft"
    save(draft, presenter, "Window B, reloaded", held + 1, (B, 1))
    with pytest.raises(DomainError) as err:  # A's later save now meets B's
        save(draft, presenter, "Window A again", held, (A, 2))
    assert err.value.code == "stale_draft"
    draft.refresh_from_db()
    assert draft.title == "Window B, reloaded"


def test_an_older_save_of_the_window_arriving_late_changes_nothing(draft, presenter):
    held = draft.version
    save(draft, presenter, "Newest", held, (A, 2))
    case = save(draft, presenter, "Older, overtaken", held, (A, 1))
    case.refresh_from_db()
    assert case.title == "Newest" and case.version == held + 1


def test_an_older_autosave_after_submitting_is_dropped_not_refused(draft, presenter):
    held = draft.version
    save(draft, presenter, draft.title, held, (A, 2))
    services.submit_case(actor=presenter, case=draft)
    save(draft, presenter, "Late autosave", held, (A, 1))  # no "case_locked"
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED and draft.title != "Late autosave"
    with pytest.raises(DomainError) as err:  # a new save of that window is refused
        save(draft, presenter, "After submitting", held + 1, (A, 3))
    assert err.value.code == "case_locked"


def test_without_a_window_only_the_version_decides(draft, presenter):
    held = draft.version
    save(draft, presenter, "With a window", held, (A, 1))
    with pytest.raises(DomainError) as err:
        save(draft, presenter, "No script", held)
    assert err.value.code == "stale_draft"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(4)))
def test_whatever_order_a_windows_saves_arrive_in_the_newest_is_kept(draft, presenter, order):
    """Invariant: saves 1..4 of one window (all sent holding the same version) may arrive in any
    order; none is refused and the case ends with the text of the newest."""
    case = Case.objects.get(pk=draft.pk)
    token = uuid.uuid4().hex  # a new window each example
    held = case.version
    for i in order:
        save(case, presenter, f"Save {i + 1}", held, (token, i + 1))
    case.refresh_from_db()
    assert case.title == "Save 4"


def test_through_the_form_an_autosave_then_submit_from_one_window(
    client, program, presenter, draft
):
    client.force_login(presenter)
    url = f"/p/{program.slug}/cases/{draft.pk}/edit/"
    held = str(draft.version)
    auto = client.post(
        url, form_data(title="Autosaved", version=held, window=A, seq="1"), HTTP_HX_REQUEST="true"
    )
    assert auto.status_code == 200 and "Draft saved" in auto.content.decode()
    response = client.post(
        url, form_data(title="Submitted", version=held, window=A, seq="2", action="submit")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (CaseStatus.SUBMITTED, "Submitted")


@pytest.mark.parametrize(
    ("window", "seq"),
    [
        (B, "1"),  # another window
        ("short", "2"),  # malformed token: only the version decides
        (A, "two"),
        (A, "-1"),
        (A, "9" * 12),
        ("a" * 31 + "'", "2"),
    ],
)
def test_through_the_form_other_or_malformed_windows_still_conflict(
    client, program, presenter, draft, window, seq
):
    client.force_login(presenter)
    url = f"/p/{program.slug}/cases/{draft.pk}/edit/"
    held = str(draft.version)
    client.post(url, form_data(version=held, window=A, seq="1"), HTTP_HX_REQUEST="true")
    response = client.post(url, form_data(title="Other", version=held, window=window, seq=seq))
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "Other"


def test_tokens_are_independent_per_case(draft, presenter, program):
    """A token stored on one case says nothing about another."""
    other = services.start_case(actor=presenter, program=program)
    held = other.version
    save(draft, presenter, "Draft", draft.version, (A, 5))
    save(other, presenter, "Other 1", held, (B, 1))
    with pytest.raises(DomainError):
        save(other, presenter, "Other from A", held, (A, 6))
    other.refresh_from_db()
    assert other.title == "Other 1"
