"""The mentoring pages in the browser walks: NOT_PAGES (name -> why it is not a page) and KWARGS
(name -> objects to show it for; each callable gets site_map.Objects and queries what it needs).

The question page is for its asker and its mentor: the demo participant's first question (its
mentor is the demo expert); every other role's visit is a 404, checked like a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _question(o: Any) -> Any:
    from echohub.mentoring.models import Question

    q = (
        Question.objects.filter(program__slug=o.slug, asker__email="participant@example.org")
        .order_by("pk")
        .first()
    )
    assert q is not None, "the demo has no mentoring question"
    return q


def _first(model: str, o: Any) -> Any:
    from django.apps import apps

    found = apps.get_model("mentoring", model).objects.filter(program__slug=o.slug).first()
    assert found is not None, f"the demo has no mentoring {model}"
    return found


NOT_PAGES: dict[str, str] = {
    "mentoring:question_action": "POST only (accept, pass, close, calls, notes, time, claims)",
    "mentoring:availability": "POST only (a form on the mentoring page)",
}
KWARGS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "mentoring:question": lambda o: [{"pk": _question(o).pk}],
    "mentoring:manage_question": lambda o: [{"pk": _question(o).pk}],
    "mentoring:mentor_edit": lambda o: [{"pk": _first("Mentor", o).pk}],
    "mentoring:topic_edit": lambda o: [{"pk": _first("MentoringTopic", o).pk}],
}
