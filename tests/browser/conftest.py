"""Browser tests: Playwright driving Debian's Chromium, headless, against Django's live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is required for browser tests: run `make chromium`")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # expect() waits 5 s by default: on two cores shared by xdist workers and other jobs an
    # answer page may take longer, and one such wait lost is a whole run lost (CI stop 34).
    expect.set_options(timeout=15_000)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="en-CA", timezone_id="America/Toronto"
    )
    p = context.new_page()
    # Two busy cores shared by xdist workers and other jobs: a first page, or a click's page,
    # took longer than 10 s under load (CI and helpers' runs); a real fault still fails.
    p.set_default_timeout(30_000)
    p.set_default_navigation_timeout(60_000)
    errors: list[str] = []
    p.on(
        "console",
        lambda msg: (
            errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error"
            else None
        ),
    )
    yield p
    context.close()
    # A form refused with its errors answers 400 on purpose; anything else is a real fault.
    errors = [e for e in errors if "status of 400 (Bad Request)" not in e]
    # A test that provokes another refusal on purpose says which (@pytest.mark.console_ok).
    for mark in request.node.iter_markers("console_ok"):
        errors = [e for e in errors if not any(text in e for text in mark.args)]
    assert errors == [], f"browser console errors: {errors}"
