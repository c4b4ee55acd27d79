"""French dates as the OQLF writes them (hubwalk10): « 1er avr. », « janv. », « févr. »
(Django's own French says « 1 avr. », « jan. », « fév. »); English unchanged."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from echohub.formats import french_first


def render(value: object, name: str, language: str) -> str:
    with translation.override(language):
        return Template('{% load echohub %}{{ v|local_date:"' + name + '" }}').render(
            Context({"v": value})
        )


@pytest.mark.parametrize(
    ("day", "french"),
    [
        (dt.date(2026, 1, 1), "1er janv. 2026"),
        (dt.date(2026, 2, 11), "11 févr. 2026"),
        (dt.date(2026, 4, 21), "21 avr. 2026"),
        (dt.date(2026, 3, 1), "1er mars 2026"),
        (dt.date(2026, 12, 31), "31 déc. 2026"),
    ],
)
def test_french_dates_follow_the_oqlf(day: dt.date, french: str) -> None:
    assert render(day, "date", "fr") == french


def test_the_first_in_a_long_date_and_with_a_time() -> None:
    assert render(dt.date(2026, 7, 1), "long_date", "fr").startswith("1er")
    moment = dt.datetime(2026, 11, 1, 13, 1, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
    text = render(moment, "day_datetime", "fr")
    assert text.startswith("dim. 1er nov. 2026, 13") and text.endswith("01"), text


def test_english_and_other_numbers_are_untouched() -> None:
    assert "1er" not in render(dt.date(2026, 1, 1), "date", "en")
    assert french_first("11 avr., 21 mai, 2021 mars, 1 h 30, 1,1 mars, 1 mai") == (
        "11 avr., 21 mai, 2021 mars, 1 h 30, 1,1 mars, 1er mai"
    )
    assert french_first("1 mail") == "1 mail"
