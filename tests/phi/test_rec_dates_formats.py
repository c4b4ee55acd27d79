"""recognizers/dates.py, one rule at a time: the calendar's limits (days 1-31, months 1-12),
the written forms of dates in English and French, and ages over 89 (HIPAA Safe Harbor,
45 CFR 164.514(b)(2)(i)(C): "all ages over 89"; clinical.md section 6.4)."""

from __future__ import annotations

import pytest

import phi
from phi.core import P_AGE, P_DATE
from phi.recognizers import dates

from .helpers import found, proposals, resolved, vetoed


def _full(text: str) -> list[str]:
    return [t for t, k in resolved(dates.full_dates, text) if k == "DATE"]


def _partial(text: str) -> list[str]:
    return [t for t, k in resolved(dates.recognize, text) if k == "DATE"]


def _ages(recognizer: object, text: str) -> list[str]:
    return [t for t, k in resolved(recognizer, text) if k == "AGE"]


# --- full dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["1", "01", "9", "10", "19", "20", "29", "30", "31"])
def test_every_day_of_the_month_in_a_day_first_date(day: str) -> None:
    assert _full(f"seen {day} March 2024.") == [f"{day} March 2024"]
    assert _full(f"seen March {day}, 2024.") == [f"March {day}, 2024"]


@pytest.mark.parametrize("day", ["0", "00", "32", "39", "45"])
def test_no_day_zero_or_past_31(day: str) -> None:
    # only the month and year are a date then
    assert _full(f"seen {day} March 2024.") == ["March 2024"]


def test_ordinal_days_and_french_first() -> None:
    assert _full("on the 1st of March 2024") == ["1st of March 2024"]
    assert _full("le 1er mars 2024") == ["1er mars 2024"]
    assert _full("March 22nd, 2024") == ["March 22nd, 2024"]


def test_the_reason_names_a_calendar_date() -> None:
    ((text, kind, reason, prio),) = proposals(dates.full_dates, "Born March 3, 1941.")
    assert (text, kind, prio) == ("March 3, 1941", "DATE", P_DATE)
    assert "calendar date" in reason


@pytest.mark.parametrize("month", ["May", "Mar", "March", "Jan", "Dec", "Aug"])
def test_an_ambiguous_month_word_with_a_capital_and_a_day(month: str) -> None:
    # "May 2" with no year is still a date when capitalised and not a dose
    assert _full(f"Seen {month} 2 at noon") == [f"{month} 2"]


def test_lower_case_may_is_the_verb_unless_a_year_follows() -> None:
    assert _full("pain may 2 be worse") == []
    assert _full("MAY 2 REVIEW") == []
    assert _full("seen may 2, 2024") == ["may 2, 2024"]
    assert _full("seen May 2024") == ["May 2024"]
    assert _full("we may 2024 plan") == []


def test_a_month_word_before_a_dose_is_not_a_date() -> None:
    assert _full("Mar 2 mg daily") == []
    assert _full("June 5 days later") == []  # a month that is not ambiguous, but a unit follows
    assert _full("June 5 then") == ["June 5"]


def test_french_sept_after_a_number_needs_a_year() -> None:
    assert _full("le 7 sept à midi") == []
    assert _full("le 7 sept 2024") == ["7 sept 2024"]
    assert _full("le 7 septembre") == ["7 septembre"]


def test_compact_dates_with_a_month_name() -> None:
    got = proposals(dates.full_dates, "DOB 03Mar1944 and 2024Mar03.")
    assert [(t, k) for t, k, _r, _p in got] == [("03Mar1944", "DATE"), ("2024Mar03", "DATE")]
    assert all("compact" in r for _t, _k, r, _p in got)


@pytest.mark.parametrize("date", ["2024-04-11", "2024/04/11", "2024.04.11", "1999-12-31"])
def test_year_first_numeric_dates(date: str) -> None:
    assert proposals(dates.full_dates, f"seen {date} ok") == [
        (date, "DATE", "numeric date (year first)", P_DATE)
    ]


@pytest.mark.parametrize("text", ["2024-13-01", "2024-00-10", "2024-04-32", "2024-04/11"])
def test_year_first_dates_outside_the_calendar(text: str) -> None:
    assert _full(f"code {text} ok") == []


@pytest.mark.parametrize(
    "date",
    ["11/04/2024", "31/12/2024", "12/31/2024", "1/2/2024", "01-02-2024", "01/02/24", "1.2.2024"],
)
def test_day_month_year_and_month_day_year(date: str) -> None:
    assert proposals(dates.full_dates, f"seen {date} ok") == [
        (date, "DATE", "numeric date", P_DATE)
    ]


@pytest.mark.parametrize(
    "text", ["13/13/2024", "32/01/2024", "00/01/2024", "01/00/2024", "12/32/2024", "01.02.24"]
)
def test_numeric_dates_that_cannot_be(text: str) -> None:
    assert _full(f"seen {text} ok") == []


def test_four_digit_years_from_1850_to_2099() -> None:
    assert _full("seen 01/02/1850 ok") == ["01/02/1850"]
    assert _full("seen 01/02/2099 ok") == ["01/02/2099"]
    assert _full("seen 01/02/1849 ok") == []
    assert _full("seen 01/02/2100 ok") == []


def test_a_two_digit_year_before_a_unit_is_a_quantity() -> None:
    assert _full("gave 1/2/30 mg") == []
    assert _full("gave 1/2/2030 mg") == ["1/2/2030"]


def test_month_and_day_only_after_a_date_word() -> None:
    assert proposals(dates.full_dates, "appt 4/15 at clinic") == [
        ("4/15", "DATE", "month and day after a date cue", P_DATE - 5)
    ]
    assert _full("seen 15/4.") == ["15/4"]
    assert _full("score 4/15 today") == []
    assert _full("seen 13/13 today") == []
    assert _full("seen 4/32 today") == []
    assert _full("seen 4/15 mg") == []


def test_a_weak_date_word_before_n_over_5_or_10_is_a_score() -> None:
    assert _full("on 6/10 at rest") == []
    assert _full("since 3/5 worse") == []
    assert _full("on 6/7 at rest") == ["6/7"]
    assert _full("appt 6/10 booked") == ["6/10"]  # a strong cue: a date


def test_month_and_year_in_digits() -> None:
    assert proposals(dates.full_dates, "since 03/2024 better") == [
        ("03/2024", "DATE", "month and year", P_DATE - 5)
    ]
    assert _full("since 12/2024 better") == ["12/2024"]
    assert _full("since 13/2024 better") == []


# --- partial dates ------------------------------------------------------------------------


def test_a_day_and_month_after_a_weekday() -> None:
    got = proposals(dates.recognize, "Seen Tues 19/3 and Fri 3/11.")
    assert ("19/3", "DATE", "a day and month after a weekday", P_DATE + 1) in got
    # a second number over 12 can be a year ("Mar. 3/24"), so the full date rules win
    got = proposals(dates.recognize, "Seen Tues 3/24.")
    assert ("3/24", "DATE", "a day and month after a weekday", P_DATE - 1) in got


def test_a_day_and_month_at_the_start_of_a_chat_line() -> None:
    text = "[5/2, 14:30] Anne: ok\n  5/3 9h15 vu\nscore 4/5 10:00"
    got = proposals(dates.recognize, text)
    assert ("5/2", "DATE", "a day and month before a time", P_DATE + 1) in got
    assert ("5/3", "DATE", "a day and month before a time", P_DATE + 1) in got
    assert not any(t == "4/5" for t, *_ in got)


def test_a_day_and_month_after_a_date_word() -> None:
    assert _partial("rdv le 9/4 puis depuis le 3/5") == ["9/4", "3/5"]
    assert _partial("seen on the 12/3") == ["12/3"]
    assert _partial("pain on 7/10") == []


@pytest.mark.parametrize(
    "text,day",
    [
        ("Seen Wed the 14th", "14th"),
        ("Thursday 3rd", "3rd"),
        ("back on the 29th", "29th"),
        ("due by the 1st", "1st"),
        ("mardi le 12", "12"),
        ("lundi 1er", "1er"),
    ],
)
def test_a_day_of_the_month_alone(text: str, day: str) -> None:
    assert _partial(text) == [day]


def test_a_french_weekday_before_a_time_or_a_dose_is_not_a_day() -> None:
    assert _partial("mardi 14h30") == []
    assert _partial("lundi 8 h") == []
    assert _partial("vendredi 10 mg") == []


@pytest.mark.parametrize(
    "text,date",
    [
        ("seen jan 9 again", "jan 9"),
        ("Feb 27th follow-up", "Feb 27th"),
        ("born feb 3 58", "feb 3 58"),
        ("since Dec '23", "Dec '23"),
        ("since Dec'23", "Dec'23"),
        ("surgery 03-Feb", "03-Feb"),
        ("since 2019-06 worse", "2019-06"),
        ("DOB 03.11.61", "03.11.61"),
        ("née: 3/11/61", "3/11/61"),
    ],
)
def test_dates_without_a_full_year(text: str, date: str) -> None:
    assert date in _partial(text)


def test_month_and_day_before_a_dose_are_not_a_date() -> None:
    assert _partial("oct 5 mg") == []
    assert _partial("since 2019-13 worse") == []


# --- ages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,age",
    [
        ("a 93-year-old man", "93"),
        ("93 year old", "93"),
        ("101 y/o", "101"),
        ("95 yo F", "95"),
        ("F 99 y", "99"),
        ("92 ans", "92"),
        ("110 years of age", "110"),
        ("ninety-four years old", "ninety-four"),
        ("one hundred and three years old", "one hundred and three"),
        ("quatre-vingt-douze ans", "quatre-vingt-douze"),
    ],
)
def test_ages_next_to_an_age_word(text: str, age: str) -> None:
    assert set(proposals(dates.ages, text)) == {(age, "AGE", "exact age over 89", P_AGE)}


@pytest.mark.parametrize("text", ["89-year-old", "9 year old", "120 years old", "90 and older"])
def test_no_age_under_90_over_119_or_a_band(text: str) -> None:
    assert _ages(dates.ages, text) == []


def test_bands_are_not_exact_ages() -> None:
    assert _ages(dates.ages, "patients 90 ans et plus") == []
    assert _ages(dates.ages, "aged 90+ years") == []
    assert _ages(dates.ages, "90 or older") == []


def test_an_age_after_a_relative_or_a_label() -> None:
    got = proposals(dates.ages, "Her mother, 94, lives alone.")
    assert got == [("94", "AGE", "exact age over 89 after a relative", P_AGE)]
    assert _ages(dates.ages, "Neighbour, 94, lives alone.") == []
    assert _ages(dates.ages, "Age: 97") == ["97"]
    assert _ages(dates.ages, "turned 100 today") == ["100"]
    assert _ages(dates.ages, "room 94, ward") == []


def test_ages_in_words_and_after_a_verb() -> None:
    assert proposals(dates.recognize, "grandpa is ninety-one now") == [
        ("ninety-one", "AGE", "an age over 89 in words", P_AGE)
    ]
    assert _ages(dates.recognize, "elle a cent deux ans") == ["cent deux"]
    assert _ages(dates.recognize, "ninety mg") == []
    assert _ages(dates.recognize, "ninety minutes") == []
    assert proposals(dates.recognize, "she is 94 and") == [("94", "AGE", "an age over 89", P_AGE)]
    assert _ages(dates.recognize, "she is 94 kg") == []
    assert _ages(dates.recognize, "âgée de 96 ans") == ["96"]
    assert _ages(dates.recognize, "walked 94 steps") == []


def test_an_age_in_brackets_beside_a_relative() -> None:
    got = proposals(dates.recognize, "lives with her mother (96).")
    assert got == [("96", "AGE", "an age over 89 beside a relative", P_AGE)]
    assert _ages(dates.recognize, "the neighbour (96)") == []
    assert _ages(dates.recognize, "grandfather (age 93)") == ["93"]


def test_quantities_are_never_ages() -> None:
    for q in ("95 kg", "100 m", "90 mg", "92%"):
        assert vetoed(dates.recognize, f"walked {q}", q, "AGE")
    assert not found("She weighs 95 kg.", "95")


def test_the_whole_scanner_reports_these_ages_and_dates() -> None:
    text = "Mother, 94, seen Wed the 14th; DOB 31/12/1930."
    got = [(f.kind, f.text) for f in phi.scan(text)]
    assert ("AGE", "94") in got
    assert ("DATE", "14th") in got
    assert ("DATE", "31/12/1930") in got
