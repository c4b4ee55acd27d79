"""Which dates a new series skips, and the plan a coordinator previews before creating it.

Two kinds of days are skipped: statutory holidays of a Canadian province or territory (with the
federal ones), from the `holidays` package (MIT licence, https://github.com/vacanza/holidays),
and the program's own breaks (`ProgramBreak`, date ranges a coordinator adds). The preview and
`services.create_series` call the same `plan_series`, so what is created is what was shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from echohub.programs.models import Program
from echohub.scheduling.models import ProgramBreak
from echohub.scheduling.recurrence import PlannedDate, Recurrence, plan

# (code, label): "" skips no holiday, "CA" the federal ones only, "CA-XX" a province or territory
# with the federal ones (the holidays package's subdivision codes).
PROVINCES = [
    ("AB", _("Alberta")),
    ("BC", _("British Columbia")),
    ("MB", _("Manitoba")),
    ("NB", _("New Brunswick")),
    ("NL", _("Newfoundland and Labrador")),
    ("NS", _("Nova Scotia")),
    ("NT", _("Northwest Territories")),
    ("NU", _("Nunavut")),
    ("ON", _("Ontario")),
    ("PE", _("Prince Edward Island")),
    ("QC", _("Quebec")),
    ("SK", _("Saskatchewan")),
    ("YT", _("Yukon")),
]
HOLIDAY_REGIONS = [
    ("", _("None: do not skip holidays")),
    ("CA", _("Canada: federal holidays only")),
    *[(f"CA-{code}", label) for code, label in PROVINCES],
]

# The province a program's time zone most likely means, as a first guess the coordinator can
# change (America/Toronto also covers most of Quebec; Ontario is the likelier program here).
ZONE_PROVINCE = {
    "America/Toronto": "CA-ON",
    "America/Vancouver": "CA-BC",
    "America/Edmonton": "CA-AB",
    "America/Winnipeg": "CA-MB",
    "America/Regina": "CA-SK",
    "America/Halifax": "CA-NS",
    "America/Moncton": "CA-NB",
    "America/St_Johns": "CA-NL",
    "America/Whitehorse": "CA-YT",
    "America/Yellowknife": "CA-NT",
    "America/Iqaluit": "CA-NU",
}


def default_region(time_zone: str) -> str:
    return ZONE_PROVINCE.get(time_zone, "")


def _language() -> str:
    return "fr" if (translation.get_language() or "").startswith("fr") else "en_CA"


@cache
def _holidays(region: str, year: int, language: str) -> dict[dt.date, str]:
    subdiv = region.removeprefix("CA-") if region.startswith("CA-") else None
    found = holidays.country_holidays("CA", subdiv=subdiv, years=year, language=language)
    return dict(found.items())


def holiday_name(region: str, day: dt.date) -> str | None:
    """The statutory holiday (or its observed day off) on ``day`` in ``region``, if any."""
    if region not in dict(HOLIDAY_REGIONS) or not region:
        return None
    return _holidays(region, day.year, _language()).get(day)


@dataclass(frozen=True)
class SeriesPlan:
    dates: list[PlannedDate]
    holiday_region: str

    @property
    def held(self) -> list[PlannedDate]:
        return [d for d in self.dates if not d.skipped]

    @property
    def skipped(self) -> list[PlannedDate]:
        return [d for d in self.dates if d.skipped]

    def fingerprint(self, *extra: str) -> str:
        """Stands for the planned dates (and whatever else the caller adds, e.g. the topics), so
        a creation can check it makes what the coordinator saw."""
        parts: Iterable[str] = [
            f"{d.day}|{d.start.isoformat() if d.start else ''}|{d.skipped}" for d in self.dates
        ]
        text = "\n".join([self.holiday_region, *parts, *extra])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def plan_series(*, program: Program, rule: Recurrence, holiday_region: str = "") -> SeriesPlan:
    """The dates ``rule`` gives for ``program``, each held or skipped with its reason: the
    program's breaks, then the region's statutory holidays. Raises RecurrenceError."""
    breaks = list(ProgramBreak.objects.filter(program=program).order_by("first_day"))

    def skip(day: dt.date) -> str | None:
        reasons = [str(b.title) for b in breaks if b.first_day <= day <= b.last_day]
        holiday = holiday_name(holiday_region, day)
        if holiday:
            reasons.insert(0, holiday)
        return " · ".join(reasons) or None

    return SeriesPlan(dates=plan(rule, skip), holiday_region=holiday_region)
