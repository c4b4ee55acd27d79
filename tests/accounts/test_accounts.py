import re

import pytest
from django.test import override_settings

from echohub.accounts.models import ApiToken, User
from echohub.programs import services
from echohub.programs.models import Membership, Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_by_email_and_out(client):
    UserFactory(email="doc@example.test")
    response = client.post(
        "/accounts/login/", {"username": "DOC@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="doc@example.test")
    response = client.post("/accounts/login/", {"username": "doc@example.test", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email and password" in response.content.decode()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("a@example.test", "long enough password")
    assert user.password.startswith("argon2$")
    assert user.check_password("long enough password")


def test_password_reset_email_goes_through_the_queue_and_works(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # The link is built from SITE_URL, not from the Host the reset was asked with (probe 1214).
    settings.SITE_URL = "https://echohub.example.org"
    user = UserFactory(email="reset@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "reset@example.test"})
    [mail] = mailoutbox
    link = re.search(
        r"https://echohub\.example\.org(/accounts/password/reset/\S+/)", mail.body
    ).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "a brand new phrase", "new_password2": "a brand new phrase"}
    )
    user.refresh_from_db()
    assert user.check_password("a brand new phrase")


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "ghost@example.test"}, follow=True
        )
    assert "Check your email" in response.content.decode() and mailoutbox == []


def test_invitation_link_sets_up_an_account(
    client, program, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(
            actor=None, program=program, email="new@example.test", role=Role.EVALUATOR
        )
    path = re.search(r"(/accounts/invitation/\S+/)", mailoutbox[0].body).group(1)
    assert "Set up your account" in client.get(path).content.decode()
    bad = client.post(
        path,
        {
            "first_name": "Eva",
            "last_name": "Lu",
            "time_zone": "America/Halifax",
            "password1": "x",
            "password2": "y",
        },
    )
    assert bad.status_code == 400 and "The two passwords differ" in bad.content.decode()
    ok = client.post(
        path,
        {
            "first_name": "Eva",
            "last_name": "Lu",
            "time_zone": "America/Halifax",
            "password1": "evaluation rocks 42",
            "password2": "evaluation rocks 42",
        },
    )
    assert ok.status_code == 302
    user = User.objects.get(email="new@example.test")
    assert (
        user.time_zone == "America/Halifax"
        and Membership.objects.get(user=user).role == "evaluator"
    )
    client.logout()
    reused = client.get(path)
    assert reused.status_code == 410 and "already accepted" in reused.content.decode()


def test_unknown_invitation_token_is_404(client, db):
    assert client.get("/accounts/invitation/not-a-token/").status_code == 404


def test_profile_time_zone_must_exist_and_tokens_are_shown_once(client):
    user = UserFactory()
    client.force_login(user)
    bad = client.post(
        "/accounts/profile/", {"first_name": "A", "last_name": "B", "time_zone": "Mars/Base"}
    )
    assert bad.status_code == 400
    # The password is typed again to make a token (probe 1214: not with a stolen session alone).
    response = client.post(
        "/accounts/profile/tokens/", {"name": "REDCap sync", "password": PASSWORD}
    )
    raw = re.search(r'<code id="token">(eh_[^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.lookup(raw)
    assert token is not None and token.user == user and raw not in token.key_hash
    assert raw not in client.get("/accounts/profile/").content.decode()
    client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert ApiToken.lookup(raw) is None
