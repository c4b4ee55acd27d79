"""Canadian French formats (OQLF usage): « 4 déc. 2026 », « 12 h 30 », « ven. 4 déc. ».

Months abbreviated with Django's ``N`` (« déc. », « juin », « sept. »: lower case, a point only
where a letter is cut), weekdays with ``D.`` (every French weekday abbreviation is cut), hours
with ``G \\h i`` (no leading zero). Decimals and thousands come from Django's fr module
(« 3,5 », « 5 000 »).
"""

DATE_FORMAT = "j N Y"
LONG_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j N Y, G \\h i"
DATETIME_SECONDS_FORMAT = "j N Y, G \\h i \\m\\i\\n s \\s"
DATETIME_TZ_FORMAT = "j N Y, G \\h i T"
TIME_FORMAT = "G \\h i"
TIME_TZ_FORMAT = "G \\h i T"
LONG_DATETIME_FORMAT = "l j F Y, G \\h i"
LONG_DATETIME_TZ_FORMAT = "l j F Y, G \\h i T"
DAY_DATE_FORMAT = "D. j N Y"
DAY_MONTH_FORMAT = "D. j N"
DAY_MONTH_TIME_FORMAT = "D. j N, G \\h i"
DAY_MONTH_TIME_TZ_FORMAT = "D. j N, G \\h i T"
DAY_DATETIME_FORMAT = "D. j N Y, G \\h i"
DAY_DATETIME_TZ_FORMAT = "D. j N Y, G \\h i T"
MONTH_TIME_FORMAT = "j N, G \\h i"
SHORT_MONTH_DAY_FORMAT = "j N"
SHORT_YEAR_MONTH_FORMAT = "N Y"
ISO_DATE_FORMAT = "Y-m-d"
