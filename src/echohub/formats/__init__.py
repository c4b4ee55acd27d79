"""Date and time formats per language (``FORMAT_MODULE_PATH``).

Templates and Python never write a fixed format string such as ``"j M Y H:i"``: they name one
(``{{ value|local_date:"datetime" }}`` or ``formats.date_format(value, "DATETIME_FORMAT")``),
and each language's module here says how it reads: "4 Dec 2026, 12:30" in English,
"4 déc. 2026, 12 h 30" in Canadian French. Names missing from a module fall back to Django's
own locale formats (input formats, number separators).
"""

#: The names templates use with ``local_date`` -> the format setting each one reads.
NAMED_FORMATS: dict[str, str] = {
    "date": "DATE_FORMAT",  # 4 Dec 2026
    "long_date": "LONG_DATE_FORMAT",  # 4 December 2026
    "datetime": "DATETIME_FORMAT",  # 4 Dec 2026, 12:30
    "datetime_seconds": "DATETIME_SECONDS_FORMAT",  # 4 Dec 2026, 12:30:05
    "datetime_tz": "DATETIME_TZ_FORMAT",  # 4 Dec 2026, 12:30 EST
    "time": "TIME_FORMAT",  # 12:30
    "time_tz": "TIME_TZ_FORMAT",  # 12:30 EST
    "long_datetime": "LONG_DATETIME_FORMAT",  # Friday 4 December 2026, 12:30
    "long_datetime_tz": "LONG_DATETIME_TZ_FORMAT",  # Friday 4 December 2026, 12:30 EST
    "day_date": "DAY_DATE_FORMAT",  # Fri 4 Dec 2026
    "day_month": "DAY_MONTH_FORMAT",  # Fri 4 Dec
    "day_month_time": "DAY_MONTH_TIME_FORMAT",  # Fri 4 Dec, 12:30
    "day_month_time_tz": "DAY_MONTH_TIME_TZ_FORMAT",  # Fri 4 Dec, 12:30 EST
    "day_datetime": "DAY_DATETIME_FORMAT",  # Fri 4 Dec 2026, 12:30
    "day_datetime_tz": "DAY_DATETIME_TZ_FORMAT",  # Fri 4 Dec 2026, 12:30 EST
    "month_time": "MONTH_TIME_FORMAT",  # 4 Dec 12:30
    "month_day": "SHORT_MONTH_DAY_FORMAT",  # 4 Dec
    "month_year": "SHORT_YEAR_MONTH_FORMAT",  # Dec 2026
    "iso_date": "ISO_DATE_FORMAT",  # 2026-12-04 (the same in every language)
}
