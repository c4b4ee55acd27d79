"""Server-rendered SVG charts for the insight dashboards, each with its data table and CSV.

No JavaScript and no inline styles (the CSP forbids both): colours are SVG presentation
attributes plus classes styled in app.css, so a downloaded figure looks the same on its own.
Every chart has a <title> and <desc>; its numbers are also a real table. A missing value
(None) is drawn as a gap with "no data", never as zero; a suppressed small cell ("<5") is
neither drawn nor guessed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from echohub.core import csvsafe
from echohub.evaluation.dashboards import SUPPRESSED

PALETTE = ["#0b5d7a", "#b4491f", "#1f7a3d", "#6b4c9a", "#8a5a00", "#4f5d6b", "#a3336b"]
# Likert: diverging from red (low) through grey (middle) to blue (high).
LIKERT = {
    2: ["#b4491f", "#0b5d7a"],
    3: ["#b4491f", "#a7b0b8", "#0b5d7a"],
    4: ["#b4491f", "#e3a58a", "#8cbcd0", "#0b5d7a"],
    5: ["#b4491f", "#e3a58a", "#c9cfd4", "#8cbcd0", "#0b5d7a"],
    7: ["#8f3315", "#b4491f", "#e3a58a", "#c9cfd4", "#8cbcd0", "#2f7f9e", "#0b4a61"],
}
INK, MUTED, LINE = "#1d2733", "#4f5d6b", "#d5dde5"
W = 640
# Colour never carries meaning alone (WCAG 1.4.1): the second and later series are also
# hatched or dotted (in bars and legends), lines get their own dash and marker, and every
# bar or segment has a dark outline, so that even a light Likert colour stands out from
# white and from its neighbours at 3:1 or more (WCAG 1.4.11).
OUTLINE = f'stroke="{INK}" stroke-width="0.75"'
PATTERNS = ["", "M0,6 L6,0", "DOTS", "M0,3 L6,3", "M0,0 L6,6", "M3,0 L3,6", "M0,6 L6,0 M0,0 L6,6"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]


@dataclass
class Series:
    label: str
    values: list[Any]  # number, SUPPRESSED or None


@dataclass
class Chart:
    key: str
    title: str
    desc: str
    kind: str  # "hbar", "column", "line", "stacked100"
    categories: list[str]
    series: list[Series]
    unit: str = ""
    category_label: str = ""
    note: str = ""
    colors: list[str] = field(default_factory=list)

    # -- the data table ---------------------------------------------------------------------
    @property
    def head(self) -> list[str]:
        return [self.category_label or _("Group"), *[s.label for s in self.series]]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [cat, *[_fmt(s.values[i]) for s in self.series]]
            for i, cat in enumerate(self.categories)
        ]

    @property
    def has_data(self) -> bool:
        return any(_num(v) is not None for s in self.series for v in s.values)

    @property
    def all_suppressed(self) -> bool:
        vals = [v for s in self.series for v in s.values if v is not None]
        return bool(vals) and all(v == SUPPRESSED for v in vals)

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(csvsafe.row(self.head))
        for i, cat in enumerate(self.categories):
            # Labels (sites, regions, survey options) are typed by people: neutralised so no
            # spreadsheet runs them as formulas. Figures are numbers and stay as they are.
            writer.writerow([csvsafe.cell(cat), *[_csv(s.values[i]) for s in self.series]])
        return buf.getvalue()

    def svg(self, standalone: bool = False) -> str:
        body = {
            "hbar": _hbar,
            "column": _column,
            "line": _line,
            "stacked100": _stacked100,
        }[self.kind](self)
        width, height, inner = body
        ns = ' xmlns="http://www.w3.org/2000/svg"'
        head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
        tid, did = f"chart-{self.key}-title", f"chart-{self.key}-desc"
        return (
            f'{head}<svg{ns} class="chart insights-chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{tid} {did}" '
            f'font-family="system-ui, sans-serif" font-size="12">'
            f'<title id="{tid}">{escape(self.title)}</title>'
            f'<desc id="{did}">{escape(self.desc)} {escape(self.summary)}</desc>'
            f'{self.defs()}<rect width="{width}" height="{height}" fill="#fff"/>{inner}</svg>'
        )

    def color(self, i: int) -> str:
        colors = self.colors or PALETTE
        return colors[i % len(colors)]

    def fill(self, i: int) -> str:
        """The fill of series i: its colour, hatched or dotted from the second series on."""
        if len(self.series) < 2 or not PATTERNS[i % len(PATTERNS)]:
            return self.color(i)
        return f"url(#pat-{self.key}-{i})"

    def defs(self) -> str:
        out = []
        for i in range(1, len(self.series)) if len(self.series) > 1 else ():
            shape = PATTERNS[i % len(PATTERNS)]
            if not shape:
                continue
            ink = "#fff" if _dark(self.color(i)) else INK
            mark = (
                f'<circle cx="3" cy="3" r="1.2" fill="{ink}"/>'
                if shape == "DOTS"
                else f'<path d="{shape}" stroke="{ink}" stroke-width="1.2"/>'
            )
            out.append(
                f'<pattern id="pat-{self.key}-{i}" patternUnits="userSpaceOnUse" width="6" '
                f'height="6"><rect width="6" height="6" fill="{self.color(i)}"/>{mark}</pattern>'
            )
        return f"<defs>{''.join(out)}</defs>" if out else ""

    # -- the text summary -------------------------------------------------------------------
    @property
    def summary(self) -> str:
        """A sentence or two saying what the chart shows, for everyone (and for those who do
        not see it): the first and last value and the peak over time, the highest and lowest
        group, or each row's most frequent answer. Gaps and hidden small cells are counted,
        never guessed."""
        parts: list[str] = []
        if self.kind == "stacked100":
            for ci, cat in enumerate(self.categories[:6]):
                nums = [_num(s.values[ci]) or 0.0 for s in self.series]
                total = sum(nums)
                if not total:
                    continue
                top = max(range(len(nums)), key=lambda i: nums[i])
                parts.append(
                    _("%(group)s: most often “%(answer)s” (%(share)s %%, n = %(n)s).")
                    % {
                        "group": cat,
                        "answer": self.series[top].label,
                        "share": _fmt(round(100 * nums[top] / total)),
                        "n": _fmt(int(total) if total.is_integer() else total),
                    }
                )
            if len(self.categories) > 6:
                parts.append(_("The table lists every row."))
        else:
            for s in self.series:
                # (category, value as given, value as a number): shown as given, compared as numbers
                points = [
                    (c, v, n)
                    for c, v in zip(self.categories, s.values, strict=False)
                    if (n := _num(v)) is not None
                ]
                if not points:
                    continue
                high = max(points, key=lambda p: p[2])
                low = min(points, key=lambda p: p[2])
                values = {
                    "series": s.label,
                    "unit": self.unit,
                    "high": _fmt(high[1]),
                    "high_at": high[0],
                    "low": _fmt(low[1]),
                    "low_at": low[0],
                    "first": _fmt(points[0][1]),
                    "first_at": points[0][0],
                    "last": _fmt(points[-1][1]),
                    "last_at": points[-1][0],
                }
                if len(points) == 1:
                    parts.append(_("%(series)s: %(high)s%(unit)s (%(high_at)s).") % values)
                elif self.kind in ("line", "column"):
                    parts.append(
                        _(
                            "%(series)s: %(first)s%(unit)s (%(first_at)s) to %(last)s%(unit)s "
                            "(%(last_at)s), highest %(high)s%(unit)s (%(high_at)s)."
                        )
                        % values
                    )
                else:
                    parts.append(
                        _(
                            "%(series)s: highest %(high_at)s (%(high)s%(unit)s), lowest "
                            "%(low_at)s (%(low)s%(unit)s)."
                        )
                        % values
                    )
        every = [v for s in self.series for v in s.values]
        gaps = sum(1 for v in every if v is None)
        hidden = sum(1 for v in every if v == SUPPRESSED)
        if gaps:
            parts.append(
                ngettext("%(n)s value has no data.", "%(n)s values have no data.", gaps)
                % {"n": gaps}
            )
        if hidden:
            parts.append(
                ngettext(
                    "%(n)s value is hidden (fewer than 5 people).",
                    "%(n)s values are hidden (fewer than 5 people).",
                    hidden,
                )
                % {"n": hidden}
            )
        return " ".join(parts)


def _num(v: Any) -> float | None:
    if v is None or v == SUPPRESSED or isinstance(v, str):
        return None
    return float(v)


def _fmt(v: Any) -> str:
    """A value as the reader writes numbers (« 3,5 » in French)."""
    if v is None:
        return _("no data")
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        return str(formats.number_format(v, decimal_pos=1))
    return str(formats.number_format(v))


def _axis_number(v: float) -> str:
    """An axis or bar label in the reader's format ("2,5" in French), at most 6 digits."""
    short = float(f"{v:g}")
    return str(formats.number_format(int(short) if short == int(short) else short))


def _csv(v: Any) -> str:
    """A value for the CSV download: a plain number (a dot for decimals) that any program reads."""
    if v is None:
        return ""
    if isinstance(v, str):
        return str(csvsafe.cell(v))
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _nice_max(top: float) -> float:
    if top <= 0:
        return 1.0
    import math

    exp = 10 ** math.floor(math.log10(top))
    for m in (1, 2, 2.5, 5, 10):
        if top <= m * exp:
            return m * exp
    return 10 * exp


def _t(x: float, y: float, text: str, anchor: str = "start", cls: str = "", fill: str = INK) -> str:
    c = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{c}>'
        f"{escape(text)}</text>"
    )


def _legend(chart: Chart, y: float, x0: float = 10) -> str:
    if len(chart.series) < 2:
        return ""
    out, x = [], x0
    for i, s in enumerate(chart.series):
        if chart.kind == "line":
            out.append(_line_key(chart, i, x, y - 3))
            x += 22
        else:
            out.append(
                f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="12" height="12" '
                f'fill="{chart.fill(i)}" {OUTLINE}/>'
            )
        out.append(_t(x + 16, y + 1, s.label))
        x += 30 + 7.2 * len(s.label)
    return "".join(out)


def _dash(i: int) -> str:
    dash = DASHES[i % len(DASHES)]
    return f' stroke-dasharray="{dash}"' if dash else ""


def _marker(i: int, x: float, y: float, color: str, title: str = "") -> str:
    """Series i's point marker: circle, square, triangle, diamond (then again)."""
    shape = MARKERS[i % len(MARKERS)]
    tip = f"<title>{title}</title>" if title else ""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}">{tip}</circle>'
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{color}">'
            f"{tip}</rect>"
        )
    if shape == "triangle":
        pts = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
    else:
        pts = (
            f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y:.1f} "
            f"{x:.1f},{y + 4.5:.1f} {x - 4.5:.1f},{y:.1f}"
        )
    return f'<polygon points="{pts}" fill="{color}">{tip}</polygon>'


def _line_key(chart: Chart, i: int, x: float, y: float) -> str:
    color = chart.color(i)
    return (
        f'<line x1="{x - 4:.1f}" y1="{y:.1f}" x2="{x + 16:.1f}" y2="{y:.1f}" stroke="{color}" '
        f'stroke-width="2.5"{_dash(i)}/>{_marker(i, x + 6, y, color)}'
    )


def _missing(x: float, y0: float, y1: float, category: str, value: Any) -> str:
    """A gap marker: a faint dashed line over the whole height (never a point at zero)."""
    return (
        f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y1:.1f}" stroke="{MUTED}" '
        f'stroke-dasharray="3 4" stroke-opacity="0.6" class="chart-missing">'
        f"<title>{escape(category)}: {escape(_fmt(value))}</title></line>"
    )


def _tick(x: float, y: float, label: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" fill="{MUTED}" '
        f'transform="rotate(-40 {x:.1f} {y:.1f})">{escape(_short(label, 14))}</text>'
    )


def _dark(color: str) -> bool:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 140


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _hbar(chart: Chart) -> tuple[int, int, str]:
    """Horizontal bars (grouped when several series): categories down the left."""
    ns = len(chart.series)
    bar_h = 14
    group_h = ns * bar_h + 10
    left, right, top = 190, 70, 30 if ns > 1 else 12
    height = top + group_h * len(chart.categories) + 26
    values = [_num(v) for s in chart.series for v in s.values]
    vmax = _nice_max(max([v for v in values if v is not None], default=0))
    plot_w = W - left - right
    parts = [_legend(chart, 16)]
    # axis ticks
    for k in range(5):
        val = vmax * k / 4
        x = left + plot_w * k / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 22}" stroke="{LINE}"/>'
        )
        parts.append(_t(x, height - 8, _axis_number(val), "middle", fill=MUTED))
    for ci, cat in enumerate(chart.categories):
        y0 = top + ci * group_h
        parts.append(_t(left - 8, y0 + group_h / 2 + 3, _short(cat), "end"))
        for si, s in enumerate(chart.series):
            v = s.values[ci]
            y = y0 + si * bar_h + 4
            n = _num(v)
            if n is None:
                parts.append(_t(left + 4, y + bar_h - 3, _fmt(v), cls="chart-missing", fill=MUTED))
                continue
            w = plot_w * n / vmax
            parts.append(
                f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{chart.fill(si)}" {OUTLINE}><title>{escape(cat)}, {escape(s.label)}: '
                f"{escape(_fmt(v))}{escape(chart.unit)}</title></rect>"
            )
            parts.append(_t(left + w + 4, y + bar_h - 3, _fmt(v)))
    return W, int(height), "".join(parts)


def _value_axis(
    chart: Chart, left: int, right: int, top: int, plot_h: int
) -> tuple[float, list[str]]:
    """The legend and a vertical value axis with four gridlines, scaled to the largest value
    present (missing values do not count as zero)."""
    values = [_num(v) for s in chart.series for v in s.values]
    vmax = _nice_max(max([v for v in values if v is not None], default=0))
    parts = [_legend(chart, 16)]
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{W - right}" y2="{y:.1f}" stroke="{LINE}"/>'
        )
        parts.append(_t(left - 6, y + 4, _axis_number(vmax * k / 4), "end", fill=MUTED))
    return vmax, parts


def _column(chart: Chart) -> tuple[int, int, str]:
    """Vertical bars along time (one series); a missing value is marked, not drawn as 0."""
    left, right, top, bottom = 48, 12, 30 if len(chart.series) > 1 else 14, 56
    height = 260
    n = max(1, len(chart.categories))
    plot_w, plot_h = W - left - right, height - top - bottom
    vmax, parts = _value_axis(chart, left, right, top, plot_h)
    slot = plot_w / n
    ns = len(chart.series)
    bw = max(1.0, min(28.0, slot * 0.8 / ns))
    step = max(1, round(n / 12))
    for ci, cat in enumerate(chart.categories):
        x0 = left + ci * slot + (slot - bw * ns) / 2
        for si, s in enumerate(chart.series):
            v = s.values[ci]
            val = _num(v)
            x = x0 + si * bw
            if val is None:
                parts.append(_missing(x + bw / 2, top, top + plot_h, cat, v))
                continue
            h = plot_h * val / vmax
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                f'fill="{chart.fill(si)}" {OUTLINE}><title>{escape(cat)}, {escape(s.label)}: '
                f"{escape(_fmt(v))}{escape(chart.unit)}</title></rect>"
            )
        if ci % step == 0:
            cx = left + ci * slot + slot / 2
            parts.append(_tick(cx, top + plot_h + 14, cat))
    return W, height, "".join(parts)


def _line(chart: Chart) -> tuple[int, int, str]:
    """Lines over time; a missing value breaks the line (a gap), it never drops to zero."""
    left, right, top, bottom = 48, 16, 30 if len(chart.series) > 1 else 14, 56
    height = 260
    n = len(chart.categories)
    plot_w, plot_h = W - left - right, height - top - bottom
    vmax, parts = _value_axis(chart, left, right, top, plot_h)

    def x_of(i: int) -> float:  # inset so that the end points are not on the frame
        return left + 12 + ((plot_w - 24) * i / (n - 1) if n > 1 else (plot_w - 24) / 2)

    step = max(1, round(n / 12))
    for ci, cat in enumerate(chart.categories):
        if ci % step == 0:
            cx = x_of(ci)
            parts.append(_tick(cx, top + plot_h + 14, cat))
    for si, s in enumerate(chart.series):
        color = chart.color(si)
        segment: list[str] = []
        segments: list[list[str]] = []
        for ci, v in enumerate(s.values):
            val = _num(v)
            if val is None:
                if segment:
                    segments.append(segment)
                segment = []
                parts.append(_missing(x_of(ci), top, top + plot_h, chart.categories[ci], v))
                continue
            x, y = x_of(ci), top + plot_h * (1 - val / vmax)
            segment.append(f"{x:.1f},{y:.1f}")
            tip = (
                f"{escape(chart.categories[ci])}, {escape(s.label)}: {escape(_fmt(v))}"
                f"{escape(chart.unit)}"
            )
            parts.append(_marker(si, x, y, color, tip))
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                points = " ".join(seg)
                parts.append(
                    f'<polyline fill="none" stroke="{color}" stroke-width="2.5"{_dash(si)} '
                    f'points="{points}"/>'
                )
    return W, height, "".join(parts)


def _stacked100(chart: Chart) -> tuple[int, int, str]:
    """100% stacked horizontal bars: one bar per category, one segment per series (an answer
    option); the values are counts, drawn as shares of the row's total."""
    left, right, top = 190, 50, 12
    bar_h, gap = 20, 10
    legend_rows = 1 + len(chart.series) // 5
    top + (bar_h + gap) * len(chart.categories) + 20 + 18 * legend_rows
    plot_w = W - left - right
    parts = []
    for ci, cat in enumerate(chart.categories):
        y = top + ci * (bar_h + gap)
        parts.append(_t(left - 8, y + bar_h / 2 + 4, _short(cat), "end"))
        nums = [_num(s.values[ci]) for s in chart.series]
        total = sum(v for v in nums if v is not None)
        if not total:
            parts.append(
                _t(left + 4, y + bar_h / 2 + 4, _("no data"), cls="chart-missing", fill=MUTED)
            )
            continue
        x = float(left)
        for si, v in enumerate(nums):
            if not v:
                continue
            w = plot_w * v / total
            pct = 100 * v / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{chart.fill(si)}" {OUTLINE}><title>{escape(cat)}, '
                f"{escape(chart.series[si].label)}: {_axis_number(v)} ({pct:.0f}%)</title></rect>"
            )
            if w > 34:
                # On a white label, so that it reads at full contrast over any colour or hatching.
                parts.append(
                    f'<rect x="{x + w / 2 - 15:.1f}" y="{y + 3}" width="30" height="{bar_h - 6}" '
                    f'rx="2" fill="#fff" class="chart-label-bg"/>'
                )
                parts.append(_t(x + w / 2, y + bar_h / 2 + 4, f"{pct:.0f}%", "middle", fill=INK))
            x += w
        parts.append(_t(W - right + 6, y + bar_h / 2 + 4, f"n={_axis_number(total)}", fill=MUTED))
    ly = top + (bar_h + gap) * len(chart.categories) + 14
    x = 10.0
    for si, s in enumerate(chart.series):
        label = _short(s.label, 22)
        width = 28 + 7.2 * len(label)
        if x + width > W:
            x, ly = 10.0, ly + 18
        parts.append(
            f'<rect x="{x:.1f}" y="{ly - 9:.1f}" width="12" height="12" fill="{chart.fill(si)}" '
            f"{OUTLINE}/>"
        )
        parts.append(_t(x + 16, ly + 1, label))
        x += width
    return W, int(ly + 12), "".join(parts)


# -- Chart builders per dashboard ------------------------------------------------------------


def reach_charts(data: dict[str, Any]) -> dict[str, Chart]:
    months = data["months"]
    cats = [m["label"] for m in months]
    charts = {
        "people_over_time": Chart(
            "people_over_time",
            _("Unique participants and sites per month"),
            _(
                "Line chart: per month, the number of different people who attended and of their "
                "sites; months with no sessions or no attendance recorded are gaps."
            ),
            "line",
            cats,
            [
                Series(_("Participants"), [m["people"] for m in months]),
                Series(_("New participants"), [m["new"] for m in months]),
                Series(_("Sites"), [m["sites"] for m in months]),
            ],
            category_label=_("Month"),
        ),
    }
    if data.get("per_session"):
        rows = data["per_session"]
        charts["people_per_session"] = Chart(
            "people_per_session",
            _("Participants per session of the cycle"),
            _(
                "Column chart: different people at each session of the chosen cycle; a dashed "
                "mark means no attendance was recorded."
            ),
            "column",
            [r["label"] for r in rows],
            [Series(_("Participants"), [r["people"] for r in rows])],
            category_label=_("Session"),
        )
    for key, title, label in (
        ("by_profession", _("Participants by profession"), _("Profession")),
        ("by_region", _("Participants by region"), _("Region")),
        ("by_rurality", _("Participants by rurality of their site"), _("Rurality")),
    ):
        rows = data[key]
        charts[key] = Chart(
            key,
            title,
            _("Bar chart: number of different people per group."),
            "hbar",
            [r["label"] for r in rows],
            [Series(_("Participants"), [r["n"] for r in rows])],
            category_label=label,
        )
    ret = data.get("retention")
    if ret and ret.get("curve"):
        charts["retention"] = Chart(
            "retention",
            _("Retention across %(cycle)s") % {"cycle": ret["series"].title},
            _(
                "Line chart: per session of the cycle, how many of the cohort (people at its first "
                "quarter of sessions) attended; sessions without recorded attendance are gaps."
            ),
            "line",
            [c["label"] for c in ret["curve"]],
            [Series(_("Cohort members present"), [c["n"] for c in ret["curve"]])],
            category_label=_("Session"),
        )
    return charts


def sessions_charts(data: dict[str, Any]) -> dict[str, Chart]:
    rows = data["rows"]
    cats = [str(formats.date_format(r["date"], "DATE_FORMAT")) for r in rows]
    return {
        "attendance": Chart(
            "attendance",
            _("Attendance per session"),
            _(
                "Column chart: people with recorded minutes at each session, in date order; a "
                "dashed mark means no attendance was recorded."
            ),
            "column",
            cats,
            [Series(_("Attendees"), [r["attendees"] for r in rows])],
            category_label=_("Session date"),
        ),
        "cases_per_session": Chart(
            "cases_per_session",
            _("Cases presented per session"),
            _("Column chart: cases presented at each session, in date order."),
            "column",
            cats,
            [Series(_("Cases"), [r["cases"] for r in rows])],
            category_label=_("Session date"),
            colors=[PALETTE[1]],
        ),
    }


def cases_charts(data: dict[str, Any]) -> dict[str, Chart]:
    def med(s: Any) -> Any:
        return round(s.median, 1) if s.median is not None else None

    closeout_description = _(
        # Translators: a chart's description read by screen readers; "100%" is not a
        # placeholder (French: « Barres empilées à 100 % »).
        # xgettext:no-python-format
        "100% stacked bars: answers at close-out of the closed cases; not answered is shown as "
        "its own segment."
    )

    mme, peg, closed = data["mme"], data["peg"], data["closeout"]
    return {
        "by_theme": Chart(
            "by_theme",
            _("Cases presented by theme"),
            _("Bar chart: number of cases presented per theme."),
            "hbar",
            [r["label"] for r in data["by_theme"]],
            [Series(_("Cases"), [r["n"] for r in data["by_theme"]])],
            category_label=_("Theme"),
        ),
        "by_profession": Chart(
            "by_profession",
            _("Cases presented by presenter profession"),
            _("Bar chart: number of cases per presenter profession."),
            "hbar",
            [r["label"] for r in data["by_profession"]],
            [Series(_("Cases"), [r["n"] for r in data["by_profession"]])],
            category_label=_("Profession"),
            colors=[PALETTE[3]],
        ),
        "time_to_recommendations": Chart(
            "time_to_recommendations",
            _("Time from session start to recommendations sent"),
            _("Bar chart: number of cases by how long the written recommendations took."),
            "hbar",
            [b["label"] for b in data["recommendations"]["bins"]],
            [Series(_("Cases"), [b["n"] for b in data["recommendations"]["bins"]])],
            category_label=_("Time"),
            colors=[PALETTE[2]],
        ),
        "outcomes": Chart(
            "outcomes",
            _("Outcomes: median at presentation and at the latest follow-up"),
            _(
                "Grouped bar chart: for cases with both values (paired), the median MME/day and "
                "PEG score at presentation and at the latest follow-up."
            ),
            "hbar",
            [
                _("MME/day (n=%(n)s)") % {"n": mme["n"]},
                _("PEG score (n=%(n)s)") % {"n": peg["n"]},
            ],
            [
                Series(_("At presentation"), [med(mme["before"]), med(peg["before"])]),
                Series(_("Latest follow-up"), [med(mme["after"]), med(peg["after"])]),
            ],
            category_label=_("Measure"),
        ),
        "closeout": Chart(
            "closeout",
            _("Close-out results"),
            closeout_description,
            "stacked100",
            [_("Advice followed"), _("Care plan changed"), _("Specialist referral avoided")],
            [
                Series(
                    _("All / yes"),
                    [closed["advice_all"], closed["plan_yes"], closed["referral_yes"]],
                ),
                Series(_("Some"), [closed["advice_some"], 0, 0]),
                Series(
                    _("None / no"),
                    [closed["advice_none"], closed["plan_no"], closed["referral_no"]],
                ),
                Series(
                    _("Not answered"),
                    [closed["advice_missing"], closed["plan_missing"], closed["referral_missing"]],
                ),
            ],
            category_label=_("Question"),
            colors=["#0b5d7a", "#8cbcd0", "#b4491f", "#c9cfd4"],
        ),
    }


def surveys_charts(data: dict[str, Any]) -> dict[str, Chart]:
    rows = data["rows"]
    return {
        "responses": Chart(
            "responses",
            _("Responses per survey"),
            _("Bar chart: number of responses to each survey."),
            "hbar",
            [r["title"] for r in rows],
            [Series(_("Responses"), [r["n"] for r in rows])],
            category_label=_("Survey"),
        )
    }


def survey_result_charts(data: dict[str, Any]) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    for item in data["questions"]:
        q = item["q"]
        key = f"q-{q.code}"
        if "dist" in item:
            dist = item["dist"]
            if q.kind == "likert":
                charts[key] = Chart(
                    key,
                    q.text,
                    # Translators: a chart's description read by screen readers; "100%" is
                    # not a placeholder.
                    # xgettext:no-python-format
                    _("100% stacked bar: share of answers per scale point, low to high."),
                    "stacked100",
                    [q.code],
                    [Series(d["label"], [d["n"]]) for d in dist],
                    category_label=_("Question"),
                    colors=LIKERT.get(len(dist), PALETTE),
                )
            else:
                charts[key] = Chart(
                    key,
                    q.text,
                    _("Bar chart: number of answers per option."),
                    "hbar",
                    [d["label"] for d in dist],
                    [Series(_("Answers"), [d["n"] for d in dist])],
                    category_label=_("Option"),
                )
        elif item.get("rows"):
            options = [o.get("label", o.get("value")) for o in q.options]
            charts[key] = Chart(
                key,
                q.text,
                # Translators: a chart's description read by screen readers; "100%" is not a
                # placeholder.
                # xgettext:no-python-format
                _("100% stacked bars: per item, share of answers per scale point, low to high."),
                "stacked100",
                [r["label"] for r in item["rows"]],
                [
                    Series(str(label), [r["dist"][i]["n"] for r in item["rows"]])
                    for i, label in enumerate(options)
                ],
                category_label=_("Item"),
                colors=LIKERT.get(len(options), PALETTE),
            )
    return charts
