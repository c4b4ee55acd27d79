"""Post bodies: a Markdown subset rendered by markdown-it-py (CommonMark, raw HTML off), then
sanitized by nh3 against a small allow-list, so nothing a member types runs in a reader's page.

Allowed: paragraphs, emphasis, strong, code, pre, blockquote, lists, line breaks and links to
http, https or mailto addresses (rel="nofollow noopener"). Everything else is dropped, its text
kept (headings become paragraphs' text, images their alt text).
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

TAGS = {"p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# Images would fetch from anywhere when a reader opens the page: shown as their alt text only.
_md.disable(["image"])


def render(body: str) -> str:
    """The post's HTML: safe to mark_safe (sanitized here, whatever the Markdown produced)."""
    return sanitize(_md.render(body))


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z][\w.\-]{1,60}[A-Za-z0-9])")


def mention_spans(body: str) -> list[tuple[int, int, str]]:
    """Each @handle in the body: where it starts (its @) and ends, and the handle lower-cased."""
    return [(m.start(), m.end(), m.group(1).lower()) for m in _MENTION.finditer(body)]


def mention_handles(body: str) -> list[str]:
    """The @handles in a body, lower-cased, in order, once each."""
    seen: dict[str, None] = {}
    for match in _MENTION.finditer(body):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)
