"""The profile's language picker: blank means no language of one's own (pages follow this
browser: the language switch, else its settings), so its option says so in words instead of
Django's "---------" (a French walk found the bare dashes)."""

from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="language".*?</select>', html, re.S)
    assert select, "no language picker"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def _data(**extra: str) -> dict[str, str]:
    data = {"first_name": "Ana", "last_name": "Roy", "time_zone": "America/Toronto"}
    data.update(extra)
    return data


def test_the_blank_choice_says_what_it_means(client):
    client.force_login(UserFactory(language=""))
    html = client.get("/accounts/profile/").content.decode()
    options = _options(html)
    assert options[0] == ("", "Same as my browser")
    assert "---------" not in "".join(label for _value, label in options)
    assert [value for value, _label in options] == ["", "en", "fr"]
    assert re.search(r'<option value="" selected>', html)


def test_choosing_the_blank_choice_clears_ones_own_language(client):
    user = UserFactory(language="fr")
    client.force_login(user)
    assert client.post("/accounts/profile/", _data(language="")).status_code == 302
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.parametrize("bad", ["de", "---------", "Same as my browser"])
def test_a_language_not_offered_is_refused(client, bad):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post("/accounts/profile/", _data(language=bad))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.language == "en"
