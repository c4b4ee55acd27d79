"""recognizers/dates.py: dates and ages over 89."""

from __future__ import annotations

from phi.recognizers import dates

from .helpers import candidates, found, kinds


def test_full_dates() -> None:
    text = "Seen March 3, 2024, again 2024-04-11 and 11/04/2024; born 3 juillet 1941; 03Mar2024."
    got = [t for t, k in candidates(dates.full_dates, text) if k == "DATE"]
    for date in ("March 3, 2024", "2024-04-11", "11/04/2024", "3 juillet 1941", "03Mar2024"):
        assert date in got


def test_years_weekdays_and_durations_are_not_dates() -> None:
    assert kinds("Since 2019, on Mondays, for 3 months; pain 7/10; may 5 mg help?") == []


def test_dates_without_a_year() -> None:
    got = [t for t, _k in candidates(dates.recognize, "Seen Thurs the 21st; rdv le 9/4; Nov '23")]
    assert sorted(got) == sorted(["21st", "9/4", "Nov '23"])


def test_ages_over_89() -> None:
    assert [t for t, _k in candidates(dates.ages, "a 93-year-old man; age: 101")] == ["93", "101"]
    assert found("Sa mère a quatre-vingt-treize ans.", "quatre-vingt-treize", "AGE")
    assert not any(k == "AGE" for k, _t in kinds("She is 45; 95 kg; 90 mg; aged 90+"))
