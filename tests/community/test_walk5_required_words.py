"""What an English walk (round walk5) found on a new discussion: sent empty, it came back with
Django's "This field is required." twice, under a title and a message the person could not
tell apart by the words. Each now says what to do, in the words the service already uses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from echohub.community.models import Thread
from tests.community.test_views import signed_in

pytestmark = pytest.mark.django_db


def test_an_empty_new_discussion_says_what_each_field_needs(program, participant, topic):
    url = reverse("community:thread_new", args=[program.slug, topic.pk])
    response = signed_in(participant).post(url, {"title": "", "body": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="error" id="id_title_error">Give the discussion a title.</p>' in page
    assert '<p class="error" id="id_body_error">Write your message.</p>' in page
    assert "This field is required." not in page
    assert not Thread.objects.exists()


def test_a_title_kept_when_only_the_message_is_missing(program, participant, topic):
    url = reverse("community:thread_new", args=[program.slug, topic.pk])
    response = signed_in(participant).post(url, {"title": "Slow tapers", "body": ""})
    page = response.content.decode()
    assert 'value="Slow tapers"' in page
    assert '<p class="error" id="id_body_error">Write your message.</p>' in page
    assert "id_title_error" not in page
