"""API tokens with a scope and an expiry, revoked by a password reset; idle sessions end."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.programs.models import Role
from echohub.security.models import TokenGrant
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"
T0 = dt.datetime(2031, 5, 6, 14, 0, 3, tzinfo=dt.UTC)


def _make_token(client: Client, **fields: str) -> str:
    # Making a token asks for the password again (probe 1214): a stolen session alone cannot.
    response = client.post(
        "/accounts/profile/tokens/", {"name": "script", "password": PASSWORD, **fields}
    )
    return re.search(r'<code id="token">(eh_[^<]+)</code>', response.content.decode()).group(1)


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_read_only_token_reads_but_may_not_write():
    program = ProgramFactory(slug="pain")
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    web = Client()
    web.force_login(user)
    raw = _make_token(web, scope="read", days="30")
    api = Client()
    assert api.get("/api/v1/me", **_bearer(raw)).json()["id"] == user.pk
    refused = api.post(
        "/api/v1/programs/pain/sites", "{}", content_type="application/json", **_bearer(raw)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "token_read_only"
    grant = TokenGrant.objects.get()
    assert grant.scope == "read"
    assert grant.expires_at.date() == (grant.token.created_at + dt.timedelta(days=30)).date()


def test_a_write_token_passes_to_the_endpoints_own_checks():
    program = ProgramFactory(slug="pain")
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    web = Client()
    web.force_login(user)
    raw = _make_token(web, scope="write", days="30")
    answer = Client().post(
        "/api/v1/programs/pain/sites", "{}", content_type="application/json", **_bearer(raw)
    )
    assert answer.json()["code"] not in ("token_read_only", "token_expired", "not_authenticated")


def test_a_token_sent_without_a_choice_is_read_only_for_the_default_days(settings):
    user = UserFactory()
    web = Client()
    web.force_login(user)
    _make_token(web)
    grant = TokenGrant.objects.get()
    assert grant.scope == "read"
    assert (grant.expires_at - grant.token.created_at).days == settings.API_TOKEN_DEFAULT_DAYS


@pytest.mark.parametrize("days", ["0", "366", "many"])
def test_a_token_for_no_days_or_too_many_is_refused(days):
    user = UserFactory()
    web = Client()
    web.force_login(user)
    response = web.post(
        "/accounts/profile/tokens/", {"name": "s", "days": days, "password": PASSWORD}, follow=True
    )
    assert "how many days it lasts" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_its_own_code():
    user = UserFactory()
    web = Client()
    with time_machine.travel(T0, tick=False):
        web.force_login(user)
        raw = _make_token(web, scope="read", days="7")
    with time_machine.travel(T0 + dt.timedelta(days=6, hours=23), tick=False):
        assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 200
    with time_machine.travel(T0 + dt.timedelta(days=7, seconds=1), tick=False):
        late = Client().get("/api/v1/me", **_bearer(raw))
    assert late.status_code == 401 and late.json()["code"] == "token_expired"


def test_a_password_reset_revokes_every_token(
    mailoutbox, django_capture_on_commit_callbacks, sign_in, settings
):
    settings.SITE_URL = "https://echohub.example.org"  # links are built from it (probe 1214)
    user = UserFactory(email="doc@example.test")
    web = Client()
    web.force_login(user)
    raws = [_make_token(web, scope="write", days="90") for _ in range(2)]
    other = UserFactory()
    other_web = Client()
    other_web.force_login(other)
    others = _make_token(other_web, scope="read", days="90")
    client = address_client("198.51.100.7")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "doc@example.test"})
    link = re.search(
        r"https://echohub\.example\.org(/accounts/password/reset/\S+/)", mailoutbox[0].body
    )
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "a new long phrase", "new_password2": "a new long phrase"}
    )
    for raw in raws:
        assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401
    assert Client().get("/api/v1/me", **_bearer(others)).status_code == 200


def test_the_security_page_shows_each_tokens_scope_and_expiry():
    user = UserFactory()
    web = Client()
    with time_machine.travel(T0, tick=False):
        web.force_login(user)
        _make_token(web, scope="read", days="10")
        page = web.get("/accounts/security/").content.decode()
    assert "read only" in page and "expires 16 May 2031" in page


def test_the_command_issues_scoped_expiring_tokens():
    user = UserFactory(email="ops@example.test")
    out = io.StringIO()
    call_command(
        "api_token",
        "ops@example.test",
        "--name",
        "export",
        "--scope",
        "read",
        "--days",
        "5",
        stdout=out,
        stderr=io.StringIO(),
    )
    grant = TokenGrant.objects.get(token__user=user)
    assert grant.scope == "read"
    refused = Client().post(
        "/api/v1/programs/x/sites",
        "{}",
        content_type="application/json",
        **_bearer(out.getvalue().strip()),
    )
    assert refused.json()["code"] == "token_read_only"


def test_only_the_security_service_issues_tokens():
    """Every token the product makes has a scope and an expiry (a TokenGrant)."""
    callers = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "ApiToken.issue(" in p.read_text() and "security/services.py" not in str(p)
    ]
    assert callers == []


# --- idle sessions ----------------------------------------------------------------------------


def _coordinator_signed_in(client: Client) -> None:
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=ProgramFactory(slug="pain"), user=user, role=Role.COORDINATOR)
    totp = enrol(user)
    client.post(
        "/accounts/login/", {"username": "coord@example.test", "password": "correct horse battery"}
    )
    client.post("/accounts/security/verify/", {"code": totp.now()})


def test_a_coordinator_idle_for_30_minutes_is_signed_out_with_a_message():
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        _coordinator_signed_in(client)
        assert client.get("/p/pain/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=29), tick=False):
        assert client.get("/p/pain/").status_code == 200  # activity keeps it alive
    with time_machine.travel(T0 + dt.timedelta(minutes=58), tick=False):
        assert client.get("/p/pain/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(minutes=89), tick=False):
        out = client.get("/p/pain/")
        assert out.status_code == 302
        assert out["Location"] == "/accounts/login/?next=%2Fp%2Fpain%2F"
        page = client.get(out["Location"]).content.decode()
    assert "You were signed out after 30 minutes of inactivity" in page
    assert "_auth_user_id" not in client.session


def test_a_participant_keeps_their_session_longer(sign_in):
    UserFactory(email="fp@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "fp@example.test")
    with time_machine.travel(T0 + dt.timedelta(hours=7), tick=False):
        assert client.get("/accounts/profile/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(hours=15, minutes=1), tick=False):
        out = client.get("/accounts/profile/")
    assert out.status_code == 302 and out["Location"].startswith("/accounts/login/")


def test_an_idle_session_calling_the_api_gets_json(sign_in):
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        _coordinator_signed_in(client)
    with time_machine.travel(T0 + dt.timedelta(minutes=31), tick=False):
        response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "session_expired"
    assert "30 minutes" in response.json()["message"]


def test_the_idle_timeout_is_a_setting(settings, sign_in):
    settings.IDLE_TIMEOUT_MINUTES = 0  # off for people without a privileged role
    UserFactory(email="fp@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "fp@example.test")
    with time_machine.travel(T0 + dt.timedelta(days=3), tick=False):
        assert client.get("/accounts/profile/").status_code == 200
