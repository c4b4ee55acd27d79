"""Probe 12-23: the pages refused before any view (a NUL in the address, an address too long, a
body too large, a form that cannot be read) came without Content-Security-Policy and
X-Frame-Options. InputSafetyMiddleware answers before the middleware that adds them had run
(they stood after it, nearer the views). Those pages still show the address asked for (the
language switch's way back), so they are the pages an attacker would send someone to: now every
answer gets the same headers as any other page, whoever refused it.
"""

from __future__ import annotations

import pytest
from django.test import Client

from echohub.core.middleware import CSP

pytestmark = pytest.mark.django_db


def _refusals(client: Client) -> list:
    return [
        client.get("/programs/?q=a%00b"),  # a NUL: 400
        client.get("/programs/?q=" + "a" * 20_000),  # an address too long: 414
        client.post(  # a body too large: 413
            "/accounts/login/", "x" * (11 * 1024 * 1024), content_type="text/plain"
        ),
        client.post(  # a form that cannot be read: 400
            "/accounts/login/",
            b'--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
            content_type="multipart/form-data",
        ),
    ]


def test_refused_pages_carry_the_page_headers():
    responses = _refusals(Client(raise_request_exception=False))
    assert [r.status_code for r in responses] == [400, 414, 413, 400]
    for response in responses:
        assert response["Content-Security-Policy"] == CSP
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_an_ordinary_page_keeps_them():
    response = Client().get("/programs/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_keeps_its_own_policy(settings):
    settings.TWO_FACTOR_ENFORCED = False
    response = Client().get("/admin/login/")
    assert response.status_code == 302  # to the one sign-in page
    assert response["X-Frame-Options"] == "DENY"
