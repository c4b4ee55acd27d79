"""`{% live_times session show_case_people %}`: the session page's "ran live" line, the hub's
actual start and end and each agenda item's planned and actual minutes (the session page is
in `scheduling`, below live: it loads this tag and imports nothing of live)."""

from __future__ import annotations

from typing import Any

from django import template

from echohub.live import queries
from echohub.live.models import LiveState

register = template.Library()


@register.inclusion_tag("live/_actual_times.html")
def live_times(session: Any, show_case_people: bool = False) -> dict[str, Any]:
    window = queries.actual_window(session)
    if not window.actual:
        return {"actual": False}
    agenda = queries.agenda(session)
    return {
        "actual": True,
        "window": window,
        "ended": agenda.state == LiveState.ENDED,
        "rows": agenda.rows,
        "show_case_people": show_case_people,
    }
