"""Screen-reader names: on the key pages (site_map.KEY_PAGES, with the demo's data), for every
role and in both languages, every control a screen reader lists (buttons, links, fields,
tabs, images and charts, progress bars) has a non-empty accessible name, as Chromium's own
accessibility tree computes it (the DevTools protocol), not as a template seems to say."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser import site_map
from tests.browser.site_map import KEY_PAGES, LANGUAGES, ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMED_ROLES = {
    "button",
    "link",
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "spinbutton",
    "slider",
    "switch",
    "tab",
    "menuitem",
    "image",
    "img",
    "progressbar",
    "radiogroup",
    "tabpanel",
}


def describe(cdp: Any, backend_id: Any) -> str:
    """The element as a short tag with its attributes, for the failure message."""
    try:
        node = cdp.send("DOM.describeNode", {"backendNodeId": backend_id})["node"]
    except Exception:  # a node gone since: its id is enough
        return f"node {backend_id}"
    attrs = node.get("attributes", [])
    pairs = " ".join(f'{k}="{v}"' for k, v in zip(attrs[::2], attrs[1::2], strict=False))
    return f"<{node.get('localName', '?')} {pairs}>"[:200]


def unnamed(cdp: Any) -> list[str]:
    tree = cdp.send("Accessibility.getFullAXTree")
    found = []
    for node in tree["nodes"]:
        if node.get("ignored"):
            continue
        role = node.get("role", {}).get("value", "")
        name = str(node.get("name", {}).get("value", "")).strip()
        if role in NAMED_ROLES and not name:
            found.append(f"{role}: {describe(cdp, node.get('backendDOMNodeId'))}")
    return found


def test_every_control_on_the_key_pages_has_a_name(browser, live_server):
    objects = site_map.build()
    urls = [u for u in site_map.page_urls(objects) if u.name in KEY_PAGES]
    assert len({u.name for u in urls}) >= 20
    problems: list[str] = []
    checked = 0
    host = urlparse(live_server.url).hostname or ""
    for language in LANGUAGES:
        for role, email in ROLES.items():
            context = browser.new_context(
                base_url=live_server.url, locale=language, timezone_id="America/Toronto"
            )
            if email:
                context.add_cookies([site_map.session_cookie(email, host)])
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            try:
                for item in urls:
                    answer = page.goto(item.url)
                    if answer is None or answer.status != 200:
                        continue
                    if "text/html" not in answer.headers.get("content-type", ""):
                        continue
                    checked += 1
                    problems += [f"{role} {language} {item.url}: {p}" for p in unnamed(cdp)]
            finally:
                context.close()
    assert checked >= 100, checked
    assert problems == []
