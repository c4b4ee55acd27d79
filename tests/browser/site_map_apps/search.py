"""The search pages in the browser walks: NOT_PAGES (name -> why it is not a page) and KWARGS
(name -> objects to show it for; each callable gets site_map.Objects and queries what it needs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NOT_PAGES: dict[str, str] = {}
# The similar-cases page (the panel's no-JavaScript form): for the participant's own draft and
# for a presented case the hub prepares.
KWARGS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "search:similar": lambda o: [{"pk": o.own_draft.pk}, {"pk": o.own_presented.pk}],
}
