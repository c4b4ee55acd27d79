"""The post sanitizer: a Markdown subset, nothing that runs (XSS), as a Hypothesis property."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.community.markup import mention_handles, render

ALLOWED_TAGS = {"p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "br"}
PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='javascript:alert(1)'>a</a>",
        "<svg onload=alert(1)>",
        "![i](https://evil.example/x.png)",
        "**bold** *em* `code`",
        "> quote",
        "- item",
        "1. one",
        "[ok](https://example.org)",
        "<iframe src=//evil>",
        '" onmouseover="alert(1)',
        "\n\n",
        "```\ncode\n```",
        "<style>body{}</style>",
        "[m](mailto:a@example.org)",
        "&lt;script&gt;",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_output_never_runs_anything(body):
    html = render(body)
    tags = {m.lower() for m in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)", html)}
    assert tags <= ALLOWED_TAGS
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)  # no on* attribute
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.split(":", 1)[0].lower() in {"http", "https", "mailto"} or ":" not in href
    assert "javascript:" not in "".join(re.findall(r"<[^>]*>", html)).lower()


def test_the_subset_renders():
    html = render("**b** *e* `c`\n\n> q\n\n- one\n- two\n\n[link](https://example.org)")
    assert "<strong>b</strong>" in html and "<em>e</em>" in html and "<code>c</code>" in html
    assert "<blockquote>" in html and "<ul>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">link</a>' in html


def test_images_and_headings_are_dropped_to_text():
    html = render("# Title\n\n![alt text](https://evil.example/p.png)")
    assert "<h1" not in html and "<img" not in html and "alt text" in html and "Title" in html


def test_mentions():
    assert mention_handles("Thanks @Ana.Lopes and @ben, again @ana.lopes; mail a@b.org") == [
        "ana.lopes",
        "ben",
    ]
