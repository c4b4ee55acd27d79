"""The community pages in the browser walks: NOT_PAGES (name -> why it is not a page) and KWARGS
(name -> objects to show it for; each callable gets site_map.Objects and queries what it needs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _topic(o: Any) -> Any:
    from echohub.community.models import Topic

    topic = Topic.objects.filter(program__slug=o.slug, thread_count__gt=0).first()
    assert topic is not None, "the demo has no community topic"
    return topic


def _thread(o: Any, kind: str = "topic") -> Any:
    from echohub.community.models import Thread

    thread = Thread.objects.filter(program__slug=o.slug, kind=kind, post_count__gt=0).first()
    assert thread is not None, f"the demo has no {kind} thread"
    return thread


def _post(o: Any) -> Any:
    return _thread(o).posts.order_by("pk").first()


def _unsubscribe(o: Any) -> list[dict[str, Any]]:
    from echohub.community.tasks import unsubscribe_token

    return [{"token": unsubscribe_token(o.person)}]


NOT_PAGES: dict[str, str] = {
    "community:topic_new": "POST only (a form on the discussions page)",
    "community:thread_action": "POST only (follow, moderate)",
    "community:post_action": "POST only (react, report, accept, delete, hide, explain a finding)",
    "community:report_dismiss": "POST only",
    "community:attachment": "file download",
}
KWARGS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "community:topic": lambda o: [{"pk": _topic(o).pk}],
    "community:thread_new": lambda o: [{"pk": _topic(o).pk}],
    "community:thread": lambda o: [{"pk": _thread(o).pk}],
    "community:case_thread": lambda o: [{"case_pk": _thread(o, "case").case_id}],
    "community:talk_thread": lambda o: [{"item_pk": _thread(o, "talk").agenda_item_id}],
    "community:post_edit": lambda o: [{"pk": _post(o).pk}],
    "community:post_history": lambda o: [{"pk": _post(o).pk}],
    "community_public:unsubscribe": _unsubscribe,
}
