"""A day and month written d/m with no year (since 1.13.0): ``26/02``, ``(17/03)``. Only when the
day cannot be a month (13 to 31) and the month is written with a leading zero (``01`` to ``09``): a
score out of ten or twelve (``7/10``, ``15/12`` months of age), a drug's two strengths
(``20/10``), a ratio, a fraction or a measure (``26/30``, ``1/2``) never takes that shape.
Never inside a longer number or path (``2027/26/02``, ``12.26/02``).

Since 1.16.0 also a full date written with spaces around its slashes (``30 / 06 / 1958``).
"""

from __future__ import annotations

import re

from phi.core import P_DATE, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_DAY_MONTH_RE = re.compile(r"(?<![\w/.,:-])(1[3-9]|2\d|3[01])/(0[1-9])(?![\w/.:-]|,\d)")


#: (1.16.0) a full date written with spaces around its slashes, as on a form filled by hand:
#: "30 / 06 / 1958", "6 / 3 / 2027" (a day and month that can be a date, a four-digit year)
_SPACED_DATE_RE = re.compile(
    r"(?<![\w/.:-])(\d{1,2})[ \t]/[ \t](\d{1,2})[ \t]/[ \t]((?:19|20)\d\d)(?![\w/.:-]|,\d)"
)


def _spaced_dates(c: Collector) -> None:
    for m in _SPACED_DATE_RE.finditer(c.text):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12):
            c.add(m.start(), m.end(), "DATE", "a date with spaced slashes", P_DATE)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "/" not in text:
        return
    if " / " in text:
        _spaced_dates(c)
    pos = text.find("/")
    while pos >= 0:
        # tried only at a slash, two characters back (a search at every position costs more)
        m = _DAY_MONTH_RE.match(text, pos - 2) if pos >= 2 else None
        pos = text.find("/", pos + 1)
        if m is None:
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if (month == 2 and day > 29) or (month in (4, 6, 9) and day == 31):
            continue
        c.add(m.start(), m.end(), "DATE", "a day and a month (d/m, the day over 12)", P_DATE)
