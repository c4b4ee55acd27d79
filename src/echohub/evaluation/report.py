"""The program report for funders (PDF, reportlab): reach, sessions, cases and outcomes, and
survey highlights for a date range, with the same figures (and definitions) as the dashboards."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from echohub.evaluation import dashboards as db
from echohub.programs.models import Program

BRAND = colors.HexColor("#0b5d7a")


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    t = Table(rows, colWidths=widths, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _bars(rows: list[dict[str, Any]], limit: int = 10) -> Drawing | None:
    data = [(r["label"], r["n"]) for r in rows if isinstance(r["n"], int)][:limit]
    if not data:
        return None
    height = 24 + 18 * len(data)
    d = Drawing(6.5 * inch, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 10
    chart.width, chart.height = 6.5 * inch - 190, height - 20
    chart.data = [[n for _label, n in reversed(data)]]
    chart.categoryAxis.categoryNames = [label[:28] for label, _n in reversed(data)]
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = BRAND
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    d.add(chart)
    return d


def _n(v: Any) -> str:
    if v is None:
        return "—"
    return str(v)


def _f(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def program_report_pdf(program: Program, f: db.Filters) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    period = f"{f.date_from or '…'} – {f.date_to or timezone.localdate()}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{program.name} – {_('Program report')} {period}",
        author=program.name,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        invariant=True,
    )
    reach = db.reach(program, f)
    sess = db.sessions(program, f)
    cases = db.cases(program, f)
    surveys = db.surveys(program, f)
    h2, body = styles["Heading2"], styles["BodyText"]
    story: list[Any] = [
        _p(program.name, styles["Title"]),
        _p(_("Program report: %(period)s") % {"period": period}, styles["Heading2"]),
        _p(
            _("Generated %(when)s. Figures follow the definitions on the insight dashboards.")
            % {"when": timezone.localtime().strftime("%Y-%m-%d")},
            body,
        ),
        Spacer(1, 0.15 * inch),
    ]
    if f.suppress:
        story.append(
            _p(
                _(
                    "“%(mark)s”: fewer than %(n)s people — hidden to protect privacy. Every "
                    "figure counts distinct people; one that would let a hidden figure be worked "
                    "out by subtraction is hidden too."
                )
                % {"mark": db.SUPPRESSED, "n": db.MIN_CELL},
                body,
            )
        )
    story.append(_p(_("Key figures"), h2))
    t = reach["totals"]
    story.append(
        _table(
            [
                [_("Measure"), _("Value")],
                [_("Unique participants"), _n(t["people"])],
                [_("Sites reached"), _n(t["sites"])],
                [_("New participants"), _n(t["new"])],
                [_("Returning participants"), _n(t["returning"]) if t["period_start"] else "—"],
                [_("Sessions held"), _n(sess["totals"]["sessions"])],
                [_("Attendances (person-sessions)"), _n(sess["totals"]["person_sessions"])],
                [_("Hours of attendance"), _n(sess["totals"]["hours"])],
                [_("Cases presented"), _n(cases["total"])],
                [_("Survey responses"), _n(surveys["total"])],
            ],
            [3.5 * inch, 2 * inch],
        )
    )
    story += [Spacer(1, 0.2 * inch), _p(_("Reach by month"), h2)]
    months = reach["months"]
    if months:
        story.append(
            _table(
                [[_("Month"), _("Sessions"), _("Participants"), _("New"), _("Sites")]]
                + [
                    [m["label"], str(m["sessions"]), _n(m["people"]), _n(m["new"]), _n(m["sites"])]
                    for m in months
                ]
            )
        )
    else:
        story.append(_p(_("No sessions in this period."), body))
    for key, title in (
        ("by_profession", _("Participants by profession")),
        ("by_region", _("Participants by region")),
    ):
        story += [Spacer(1, 0.15 * inch), _p(title, h2)]
        drawing = _bars(reach[key])
        story.append(drawing if drawing is not None else _p(_("No data."), body))
    story += [Spacer(1, 0.2 * inch), _p(_("Cases and outcomes"), h2)]
    recs = cases["recommendations"]["summary"]
    story.append(
        _table(
            [
                [_("Measure"), _("Value")],
                [_("Cases presented"), str(cases["total"])],
                [
                    _("Median time to recommendations (hours, IQR)"),
                    f"{_f(recs.median)} ({_f(recs.q1)}–{_f(recs.q3)}), n={recs.n}",
                ],
                [
                    _("MME/day change, presentation to latest follow-up (median)"),
                    f"{_f(cases['mme']['change'].median)}, n={cases['mme']['n']} pairs",
                ],
                [
                    _("PEG change, presentation to latest follow-up (median)"),
                    f"{_f(cases['peg']['change'].median)}, n={cases['peg']['n']} pairs",
                ],
                [_("Closed cases"), str(cases["closeout"]["closed"])],
                [
                    _("Advice followed (all / some / none)"),
                    f"{cases['closeout']['advice_all']} / {cases['closeout']['advice_some']} / "
                    f"{cases['closeout']['advice_none']}",
                ],
                [_("Specialist referral avoided"), str(cases["closeout"]["referral_yes"])],
            ],
            [4.2 * inch, 2.3 * inch],
        )
    )
    drawing = _bars(cases["by_theme"])
    if drawing is not None:
        story += [Spacer(1, 0.15 * inch), _p(_("Cases by theme"), h2), drawing]
    story += [Spacer(1, 0.2 * inch), _p(_("Surveys"), h2)]
    if surveys["rows"]:
        story.append(
            _table(
                [[_("Survey"), _("Responses")]]
                + [[r["title"][:70], str(r["n"])] for r in surveys["rows"][:20]],
                [5 * inch, 1.5 * inch],
            )
        )
    else:
        story.append(_p(_("No surveys."), body))
    doc.build(story)
    return buffer.getvalue()
