"""The library's Past cases list reads as cards on a phone (the walk of round 1222: its six
columns scrolled sideways at 390 px). Each row is a table.stack row: the case heads its card,
and every other cell names its column, so the stacked card still says what each value is."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from echohub.cases.models import CaseStatus
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def test_past_cases_rows_stack_with_their_column_names(as_role, program, make_case):
    make_case(program, CaseStatus.RECOMMENDATIONS_SENT, title="Invented knee pain case")
    client = as_role(program, Role.PARTICIPANT)
    url = reverse("library:home", kwargs={"slug": program.slug})
    html = client.get(url, {"tab": "cases"}).content.decode()
    table = re.search(r"<table([^>]*)>(.*?)</table>", html, re.S)
    assert table, "no past-cases table"
    assert re.search(r'class="[^"]*\bstack\b', table.group(1))
    heads = re.findall(r'<th scope="col">([^<]+)</th>', table.group(2))
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table.group(2), re.S).group(1)
    cells = re.findall(r"<td([^>]*)>", row)
    assert len(cells) == len(heads) == 6
    assert "stack-head" in cells[0] and "Invented knee pain case" in row
    assert [re.search(r'data-label="([^"]+)"', c).group(1) for c in cells[1:]] == heads[1:]
