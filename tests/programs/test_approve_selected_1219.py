"""Approve selected registrations (hubweek4: a coordinator with a cycle's 40 registrations had
to approve them one press and one page load each). The first press shows how many and who, and
that each will be emailed; only the confirmation approves and emails them."""

import pytest

from echohub.programs.models import Membership, RegistrationStatus, Role
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(program):
    return f"/p/{program.slug}/manage/registrations/approve-selected/"


def test_the_list_offers_a_box_per_waiting_registration(as_role, program):
    regs = [RegistrationFactory(program=program) for _ in range(2)]
    html = (
        as_role(program, Role.COORDINATOR)
        .get(f"/p/{program.slug}/manage/registrations/")
        .content.decode()
    )
    assert 'id="approve-selected"' in html
    for r in regs:
        assert f'name="ids" value="{r.pk}" form="approve-selected"' in html
    # a button above the list and one after it (reached after the last box with the keyboard)
    assert html.count('form="approve-selected"') == len(regs) + 1


def test_a_preview_with_the_count_then_approval_and_emails_on_confirmation(
    as_role, program, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    a, b, c = (RegistrationFactory(program=program) for _ in range(3))
    preview = client.post(_url(program), {"ids": [a.pk, b.pk]})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Approve 2 registrations?" in html and a.email in html and b.email in html
    assert c.email not in html
    assert "New sites they named are created." in html  # the factory's registrants name one
    a.refresh_from_db()
    assert a.status == RegistrationStatus.PENDING and not mailoutbox  # nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_url(program), {"ids": [a.pk, b.pk], "confirm": "1"}, follow=True)
    assert "2 registrations were approved and emailed." in done.content.decode()
    for r in (a, b):
        r.refresh_from_db()
        assert r.status == RegistrationStatus.APPROVED
        assert Membership.objects.filter(
            program=program, user__email=r.email, role=Role.PARTICIPANT
        ).exists()
    assert {m.to[0] for m in mailoutbox} == {a.email, b.email}
    c.refresh_from_db()
    assert c.status == RegistrationStatus.PENDING


def test_nothing_ticked_other_programs_and_decided_ones_are_left_alone(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    none = client.post(_url(program), {}, follow=True)
    assert "Tick the registrations to approve first." in none.content.decode()
    foreign = RegistrationFactory()
    declined = RegistrationFactory(program=program, status=RegistrationStatus.DECLINED)
    junk = client.post(
        _url(program), {"ids": [foreign.pk, declined.pk, "x", "²", "-1"], "confirm": "1"}
    )
    assert junk.status_code == 302
    foreign.refresh_from_db(), declined.refresh_from_db()
    assert foreign.status == RegistrationStatus.PENDING
    assert declined.status == RegistrationStatus.DECLINED


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EVALUATOR])
def test_only_reviewers_may(as_role, program, role):
    reg = RegistrationFactory(program=program)
    response = as_role(program, role).post(_url(program), {"ids": [reg.pk], "confirm": "1"})
    assert response.status_code == 403
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.PENDING


def test_the_preview_speaks_of_new_sites_only_when_one_was_named(as_role, program):
    from tests.factories import SiteFactory

    reg = RegistrationFactory(program=program, site=SiteFactory(program=program), new_site_name="")
    html = as_role(program, Role.COORDINATOR).post(_url(program), {"ids": [reg.pk]}).content
    assert b"Approve 1 registration?" in html and b"New sites they named" not in html
