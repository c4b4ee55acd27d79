"""Walk 9 (an evaluator's dashboards in French at 390 px): the region filter listed the stored
English names (« North East ») while the rest of the app, registrations included, reads
« Nord-Est ». The options now read in the reader's language; the value sent stays the stored
name, so a filter still matches its sites."""

import re

import pytest
from django.urls import reverse

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _options(html: str) -> dict[str, str]:
    select = re.search(r'<select name="region"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the region filter is on the page"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.parametrize("name", ["reach", "sessions_dashboard"])
def test_the_region_filter_reads_in_french_and_keeps_its_value(net, as_role, name):
    client = as_role(net.program, Role.EVALUATOR)
    url = reverse(f"evaluation:{name}", kwargs={"slug": net.program.slug})
    fr = _options(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert fr["North East"] == "Nord-Est"
    assert fr["Toronto"] == "Toronto"
    en = _options(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert en["North East"] == "North East"
    filtered = client.get(url, {"region": "North East"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert filtered.status_code == 200
    assert 'value="North East" selected' in filtered.content.decode()
