"""The library pages in the browser walks: NOT_PAGES (name -> why it is not a page) and KWARGS
(name -> objects to show it for; each callable gets site_map.Objects and queries what it needs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _talk(o: Any) -> Any:
    from echohub.library.models import Talk

    talk = Talk.objects.filter(program__slug=o.slug).order_by("-given_on").first()
    assert talk is not None, "the demo has no library talk"
    return talk


def _tool(o: Any) -> Any:
    from echohub.library.models import Tool

    tool = Tool.objects.filter(program__slug=o.slug).order_by("pk").first()
    assert tool is not None, "the demo has no library tool"
    return tool


def _case(o: Any) -> Any:
    from echohub.cases.models import Case
    from echohub.library.selectors import LIBRARY_CASE_STATUSES

    case = (
        Case.objects.filter(program__slug=o.slug, status__in=LIBRARY_CASE_STATUSES)
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo has no case with recommendations sent"
    return case


NOT_PAGES: dict[str, str] = {
    "library:talk_file": "file download (slides, recording)",
    "library:tool_file": "file download",
    "library:tool_checked": "POST only (a form on the manage page)",
}
KWARGS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "library:talk": lambda o: [{"pk": _talk(o).pk}],
    "library:talk_edit": lambda o: [{"pk": _talk(o).pk}],
    "library:talk_delete": lambda o: [{"pk": _talk(o).pk}],
    "library:tool_edit": lambda o: [{"pk": _tool(o).pk}],
    "library:tool_delete": lambda o: [{"pk": _tool(o).pk}],
    "library:case": lambda o: [{"pk": _case(o).pk}],
}
