"""Probe 1211 (output injection), pages: every text people type, walked through every page.

The demo (plus what the site walk adds) gets a hostile tail on every free-text field of every
model: a raw tag, a quote that would end an attribute, a script end. Then every page of the
site map is read by each role with the test client; a page that carries the tail unescaped
(as markup rather than as text) is a stored XSS.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.test import Client

from tests.browser import site_map

pytestmark = pytest.mark.django_db

#: Appended to every free-text field. Escaped it reads `&lt;xss1211` and `&quot; xss1211=`.
TAIL = " <xss1211 a=1>\"' xss1211q=1 </script><svg onload=xss1211()>"


class _Markup(HTMLParser):
    """What a browser would take as markup from the tail: its tag, its attribute, an event
    handler, or a link to a javascript: or data: address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "xss1211":
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            link = (value or "").strip().lower()
            if (
                name.startswith("on")
                or name == "xss1211q"
                or link.startswith(("javascript:", "data:"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


#: Fields that are not free text (codes, identifiers, links, addresses) or feed logic.
SKIP = re.compile(
    r"slug|email|url|token|hash|password|key|code|zone|language|number|provider|room|kind|"
    r"status|role|scheme|mime|path|file|ext|format|unit|table|drug|uid|external|ip|agent|"
    r"secret|method|handle|digest|sha|lang|host|type|currency|action|model|label|route|phone"
)


def _poison() -> list[str]:
    touched = []
    for model in apps.get_models():
        if not model.__module__.startswith("echohub.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or field.unique or field.primary_key or SKIP.search(field.name):
                continue
            if field.name == "html":
                continue  # rendered from the body below, as the services do
            poisoned = Concat(field.name, Value(TAIL))
            if isinstance(field, models.CharField) and field.max_length:
                if field.max_length <= len(TAIL):
                    continue  # too short to hold the tail (PostgreSQL enforces the length)
                poisoned = Concat(Left(field.name, field.max_length - len(TAIL)), Value(TAIL))
            n = model._default_manager.exclude(**{field.name: ""}).update(**{field.name: poisoned})
            if n:
                touched.append(f"{model._meta.label}.{field.name}")
    from echohub.community import markup
    from echohub.community.models import Post

    for post in Post.objects.exclude(body=""):
        post.body += "\n\n[link](javascript:xss1211()) [data](data:text/html,xss1211) <xss1211>"
        post.html = markup.render(post.body)
        post.save(update_fields=["body", "html"])
    return touched


@pytest.mark.parametrize(
    ("html", "bad"),
    [
        ("<p>&lt;xss1211 a=1&gt;\"' xss1211q=1</p>", False),
        ('<a title="&quot; xss1211q=1" href="https://example.test/">x</a>', False),
        ("<p><xss1211 a=1></p>", True),
        ('<a title="" xss1211q=1>x</a>', True),
        ("<svg onload=xss1211()>", True),
        ('<a href=" JavaScript:xss1211()">x</a>', True),
        ('<a href="data:text/html,x">x</a>', True),
    ],
)
def test_the_detector_tells_markup_from_text(html: str, bad: bool) -> None:
    parser = _Markup()
    parser.feed(html)
    assert bool(parser.found) is bad, parser.found


def test_no_page_carries_typed_text_as_markup(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False
    objects = site_map.build()
    touched = _poison()
    assert len(touched) > 30, touched
    found: dict[str, str] = {}
    read = 0
    for role, email in site_map.ROLES.items():
        client = Client(raise_request_exception=False)
        if email:
            from echohub.accounts.models import User

            client.force_login(User.objects.get(email=email))
        for page in site_map.page_urls(objects):
            response = client.get(page.url)
            kind = response.get("Content-Type", "")
            if response.status_code != 200 or "html" not in kind:
                continue
            read += 1
            parser = _Markup()
            parser.feed(response.content.decode())
            if parser.found:
                found.setdefault(page.url, f"{role}: {parser.found[:3]}")
    assert read > 150, read  # the pages were read, not refused
    assert not found, "\n\n".join(f"{url}\n{where}" for url, where in found.items())
