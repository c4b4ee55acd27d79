"""What the walk of round 1224 found in the community: a discussion titled "a" with the message
"b" was published to the whole program. A new discussion now needs a title of a few characters
and a message of a sentence, a reply more than one letter or sign; each refusal says what to
do in people's words and keeps everything typed."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from echohub.community.models import Post, Thread
from tests.community.conftest import CLEAN
from tests.community.test_views import signed_in

pytestmark = pytest.mark.django_db


def _new(program: Any, topic: Any) -> str:
    return reverse("community:thread_new", args=[program.slug, topic.pk])


@pytest.mark.parametrize(
    ("title", "body", "bad"),
    [
        ("a", "b", {"title", "body"}),
        ("Slow tapers", "b", {"body"}),
        ("Slow tapers", "?!", {"body"}),
        ("Slow tapers", "ok ok ok", {"body"}),
        ("??", CLEAN, {"title"}),
        ("ab", CLEAN, {"title"}),
        ("...........", CLEAN, {"title"}),
    ],
)
def test_a_discussion_too_short_to_mean_anything_is_refused_and_kept(
    program: Any, participant: Any, topic: Any, title: str, body: str, bad: set[str]
) -> None:
    response = signed_in(participant).post(_new(program, topic), {"title": title, "body": body})
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert not Thread.objects.exists()
    assert ("id_title_error" in page) == ("title" in bad)
    assert ("id_body_error" in page) == ("body" in bad)
    if "title" in bad:
        assert "a title of at least 4 characters that says what it is about" in page
    if "body" in bad:
        assert "Say a little more so colleagues can answer: at least 15 characters" in page
    # Nothing typed is lost.
    assert f'value="{title}"' in page
    assert f">{body}</textarea>" in page or f">\n{body}</textarea>" in page


@pytest.mark.parametrize("title", ["CBD?", "Slow tapers", "Taper after 10 years"])
def test_a_short_but_meaningful_discussion_is_published(
    program: Any, participant: Any, topic: Any, title: str
) -> None:
    response = signed_in(participant).post(_new(program, topic), {"title": title, "body": CLEAN})
    assert response.status_code == 302
    assert Thread.objects.get().title == title


@pytest.mark.parametrize("body", ["k", "?", " . "])
def test_a_one_letter_reply_is_refused_and_kept(
    program: Any, participant: Any, topic: Any, body: str
) -> None:
    from echohub.community import services

    thread = services.start_thread(
        actor=participant, topic=topic, title="Slow tapers", body=CLEAN
    ).thread
    url = reverse("community:thread", args=[program.slug, thread.pk])
    response = signed_in(participant).post(url, {"body": body})
    page = unescape(response.content.decode())
    assert "Write a few words: a reply of one letter or a sign alone says nothing." in page
    assert Post.objects.filter(thread=thread).count() == 1
    htmx = signed_in(participant).post(url, {"body": body}, HTTP_HX_REQUEST="true")
    assert "Write a few words" in unescape(htmx.content.decode())
    assert Post.objects.filter(thread=thread).count() == 1
    ok = signed_in(participant).post(url, {"body": "Agreed."})
    assert ok.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2
