"""The live pages in the browser walks: NOT_PAGES (name -> why it is not a page) and KWARGS
(name -> objects to show it for; each callable gets site_map.Objects and queries what it needs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NOT_PAGES: dict[str, str] = {
    "live:events": "a server-sent events stream, never ends",
    "live:events_json": "JSON for the short-poll fallback",
    "live:ask": "POST only (the live page's question box)",
    "live:action": "POST only (the console's agenda buttons)",
    "live:decide_question": "POST only (the console's question queue)",
    "live:send_question": "POST only (a question sent to a case's discussion or mentoring)",
    "live:save_draft": "POST only (the scribe's autosave)",
    "live:turn_drafts": "POST only (after the session)",
}
KWARGS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    # The demo runs the upcoming session live (echohub.live.demo).
    "live:page": lambda o: [{"pk": o.upcoming.pk}, {"pk": o.past.pk}],
    "live:console": lambda o: [{"pk": o.upcoming.pk}, {"pk": o.past.pk}],
}
