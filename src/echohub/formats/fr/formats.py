"""Canadian French formats (OQLF usage): « 4 déc. 2026 », « 12 h 30 », « ven. 4 déc. ».

The spaces around « h » and before the time zone are no-break spaces (U+00A0), so « 12 h 30 HNE »
never breaks across lines in a narrow table cell; the zone's English abbreviation (``T``) is
replaced with the French one (EST → HNE) by ``echohub.formats.french_zone``.

Months abbreviated with Django's ``N`` (« déc. », « juin », « sept. »: lower case, a point only
where a letter is cut), weekdays with ``D.`` (every French weekday abbreviation is cut), hours
with ``G \\h i`` (no leading zero). Decimals and thousands come from Django's fr module
(« 3,5 », « 5 000 »).
"""

DATE_FORMAT = "j N Y"
LONG_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j N Y, G\u00a0\\h\u00a0i"
DATETIME_SECONDS_FORMAT = "j N Y, G\u00a0\\h\u00a0i\u00a0\\m\\i\\n\u00a0s\u00a0\\s"
DATETIME_TZ_FORMAT = "j N Y, G\u00a0\\h\u00a0i\u00a0T"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
TIME_TZ_FORMAT = "G\u00a0\\h\u00a0i\u00a0T"
LONG_DATETIME_FORMAT = "l j F Y, G\u00a0\\h\u00a0i"
LONG_DATETIME_TZ_FORMAT = "l j F Y, G\u00a0\\h\u00a0i\u00a0T"
DAY_DATE_FORMAT = "D. j N Y"
DAY_MONTH_FORMAT = "D. j N"
DAY_MONTH_TIME_FORMAT = "D. j N, G\u00a0\\h\u00a0i"
DAY_MONTH_TIME_TZ_FORMAT = "D. j N, G\u00a0\\h\u00a0i\u00a0T"
DAY_DATETIME_FORMAT = "D. j N Y, G\u00a0\\h\u00a0i"
DAY_DATETIME_TZ_FORMAT = "D. j N Y, G\u00a0\\h\u00a0i\u00a0T"
MONTH_TIME_FORMAT = "j N, G\u00a0\\h\u00a0i"
SHORT_MONTH_DAY_FORMAT = "j N"
SHORT_YEAR_MONTH_FORMAT = "N Y"
ISO_DATE_FORMAT = "Y-m-d"
