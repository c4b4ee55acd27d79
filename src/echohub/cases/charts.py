"""The case trajectory (MME/day, PEG, PHQ-9 over time) as data and as a small inline SVG.

Server-rendered, no JavaScript (the CSP forbids inline scripts), with the numbers also given as a
table for screen readers and copying. A missing value is a gap, never a zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from echohub.cases.models import Case

SERIES = [("mme", _("MME/day"), "#0b5d7a"), ("peg", "PEG", "#b4491f"), ("phq9", "PHQ-9", "#1f7a3d")]


@dataclass(frozen=True)
class Point:
    label: str
    when: dt.datetime
    values: dict[str, Decimal | None]


def trajectory(
    case: Case,
    mme_of: Callable[[list[Any], str], dict[str, Any]],
    *,
    medications: list[Any] | None = None,
    scores: list[Any] | None = None,
    follow_ups: list[Any] | None = None,
    presented_mme: dict[str, Any] | None = None,
) -> list[Point]:
    """The case's points. The caller may pass the rows it already read (all of the case's
    medications and scores, its follow-ups in order) and the MME of the presented rows."""

    def values(
        meds: list[Any], scores: list[Any], known: dict[str, Any] | None = None
    ) -> dict[str, Decimal | None]:
        mme = (known if known is not None else mme_of(meds, case.mme_table)) if meds else {}
        by = {s.instrument: s.total for s in scores}
        total = mme.get("total_mme_per_day") if mme.get("rows") else None
        return {
            "mme": Decimal(str(total)) if total is not None else None,
            "peg": by.get("peg"),
            "phq9": by.get("phq9"),
        }

    meds = list(case.medications.all()) if medications is None else medications
    scores = list(case.scores.all()) if scores is None else scores
    points = [
        Point(
            gettext("Presented"),
            case.presented_at or case.submitted_at or case.created_at,
            values(
                [m for m in meds if m.follow_up_id is None],
                [s for s in scores if s.follow_up_id is None],
                presented_mme,
            ),
        )
    ]
    fus = list(case.follow_ups.all()) if follow_ups is None else follow_ups
    for i, fu in enumerate(fus, start=1):
        points.append(
            Point(
                gettext("Follow-up %(n)d") % {"n": i},
                fu.created_at,
                values(
                    [m for m in meds if m.follow_up_id == fu.pk],
                    [s for s in scores if s.follow_up_id == fu.pk],
                ),
            )
        )
    return points


def svg_lines(points: list[Point], width: int = 560, height: int = 180) -> list[dict[str, Any]]:
    """Per series: its polyline points (each series scaled to its own range) and labels."""
    pad_x, pad_y = 40, 20
    n = len(points)
    out = []
    for key, label, color in SERIES:
        vals = [p.values.get(key) for p in points]
        present = [v for v in vals if v is not None]
        if not present:
            continue
        top = max(present) or Decimal(1)
        coords = []
        for i, v in enumerate(vals):
            if v is None:
                continue
            x = pad_x + (width - 2 * pad_x) * (i / (n - 1) if n > 1 else 0.5)
            y = height - pad_y - (height - 2 * pad_y) * float(v / top)
            coords.append((round(x, 1), round(y, 1), v))
        out.append(
            {
                "key": key,
                "label": label,
                "color": color,
                "points": " ".join(f"{x},{y}" for x, y, _ in coords),
                "dots": coords,
                "max": top,
            }
        )
    return out
