"""`{% unread_badge program %}`: the reader's unread discussion notifications in the program
menu (one COUNT on an index; nothing when there are none)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from echohub.community.queries import unread_count
from echohub.core.templatetags.echohub import unread_badge_html

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_badge(context: Any, program: Any) -> SafeString | str:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_badge_html(unread_count(user, program) if user is not None else 0)
