"""`check --deploy` is clean from the environment settings docs/deployment.md lists; the strict
Content-Security-Policy covers the admin and the API docs too."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from echohub.core.middleware import CSP
from tests.factories import UserFactory
from tests.security.conftest import enrol

ECHOHUB = Path(sys.executable).with_name("echohub")

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "echo.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def _check_deploy(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "echohub.settings",
        "ECHOHUB_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **extra,
    }
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(ECHOHUB), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = _check_deploy(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path):
    result = _check_deploy(tmp_path, {"DEBUG": "0", "ALLOWED_HOSTS": "echo.example.org"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_a_proxy_header_setting_must_name_header_and_value(tmp_path):
    result = _check_deploy(tmp_path, {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Proto"})
    assert (
        result.returncode != 0 and "SECURE_PROXY_SSL_HEADER must be HEADER,VALUE" in result.stderr
    )


@pytest.mark.django_db
def test_the_admin_and_the_api_docs_send_the_strict_csp():
    admin = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    totp = enrol(admin)
    client = Client()
    client.post(
        "/accounts/login/", {"username": "root@example.test", "password": "correct horse battery"}
    )
    client.post("/accounts/security/verify/", {"code": totp.now()})
    page = client.get("/admin/")
    assert page.status_code == 200 and page["Content-Security-Policy"] == CSP
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and docs["Content-Security-Policy"] == CSP
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP
