"""The program report for funders (PDF, reportlab): reach, sessions, cases and outcomes, and
survey highlights for a date range, with the same figures (and definitions) as the dashboards."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from echohub.evaluation import dashboards as db
from echohub.evaluation import privacy
from echohub.programs.models import Program
from echohub.scheduling.models import Session, SessionStatus

BRAND = colors.HexColor("#0b5d7a")
FRAME_WIDTH = LETTER[0] - 1.8 * inch  # the page less its 0.9-inch margins


class _Styles:
    """The report's paragraph styles: headings keep with what follows them (never stranded at
    the bottom of a page) and table cells wrap instead of running off the page."""

    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.title = base["Title"]
        self.h2 = base["Heading2"].clone("ReportH2", keepWithNext=1)
        self.subtitle = base["Heading2"].clone("ReportSubtitle")
        self.body = base["BodyText"]
        self.cell = base["BodyText"].clone("Cell", fontSize=9, leading=11, spaceBefore=0)
        self.head = self.cell.clone("HeadCell", fontName="Helvetica-Bold")
        self.number = self.cell.clone("NumberCell", alignment=TA_RIGHT)


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(st: _Styles, rows: list[list[str]], widths: list[float]) -> Table:
    """A table whose first row is its header (repeated on a new page); every cell wraps.
    `widths` are fractions of the frame's width."""
    cells = [[_p(c, st.head) for c in rows[0]]]
    cells += [[_p(c, st.cell) for c in row] for row in rows[1:]]
    t = Table(cells, colWidths=[w * FRAME_WIDTH for w in widths], hAlign="LEFT", repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _bars(st: _Styles, rows: list[dict[str, Any]], what: str) -> Table | None:
    """Every row as label, bar and figure (labels wrap; nothing is cut or left out). A figure
    hidden to protect privacy is printed as it is, without a bar."""
    if not rows:
        return None
    numbers = [r["n"] for r in rows if isinstance(r["n"], int)]
    top = max(numbers, default=0) or 1
    bar_width = 0.42 * FRAME_WIDTH - 12
    cells: list[list[Any]] = [[_p("", st.head), _p("", st.head), _p(what, st.head)]]
    for r in rows:
        n = r["n"]
        bar: Any = ""
        if isinstance(n, int) and n > 0:
            bar = Drawing(bar_width, 9)
            bar.add(Rect(0, 0, max(1.0, bar_width * n / top), 9, fillColor=BRAND, strokeWidth=0))
        cells.append([_p(str(r["label"]), st.cell), bar, _p(_n(n), st.number)])
    t = Table(
        cells,
        colWidths=[0.43 * FRAME_WIDTH, 0.42 * FRAME_WIDTH, 0.15 * FRAME_WIDTH],
        hAlign="LEFT",
        repeatRows=1,
    )
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, 0), 0.25, colors.lightgrey),
            ]
        )
    )
    return t


def _n(v: Any) -> str:
    """A count or amount as the reader writes numbers (« 12,5 » in French); a hidden figure's
    mark as it is."""
    if v is None:
        return "—"
    if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
        return formats.number_format(v)
    return str(v)


def _f(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else formats.number_format(v, digits)


def _pairs(median: float | None, n: int | str) -> str:
    """The median change and its number of pairs; a hidden count ("<5", not a number) gets a
    wording without plural forms (a plural form needs a number: French's raises otherwise)."""
    if not isinstance(n, int) or isinstance(n, bool):
        return _("%(median)s, n=%(n)s pairs") % {"median": _f(median), "n": n}
    return ngettext("%(median)s, n=%(n)s pair", "%(median)s, n=%(n)s pairs", n) % {
        "median": _f(median),
        "n": n,
    }


def _period(program: Program, f: db.Filters) -> str:
    """The dates the report covers, in words: from the filter's first day, else the program's
    first session (never a bare "…"), to the filter's last day, else today."""
    end = f.date_to or timezone.localdate()
    start = f.date_from
    if start is None:
        first = (
            Session.objects.filter(program=program)
            .exclude(status=SessionStatus.CANCELLED)
            .aggregate(first=Min("starts_at"))["first"]
        )
        start = first.astimezone(f.tz).date() if first is not None else None
    if start is None:
        return _("up to %(end)s") % {"end": formats.date_format(end, "DATE_FORMAT")}
    if start > end:  # dates chosen after the last month that is over (an evaluator's report)
        return _("from %(start)s: no month of these dates is over yet") % {
            "start": formats.date_format(start, "DATE_FORMAT")
        }
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


@privacy.reading
def program_report_pdf(program: Program, f: db.Filters) -> bytes:
    st = _Styles()
    buffer = io.BytesIO()
    # An aggregate-only viewer's figures cover whole months that are over: say so in the title.
    period = _period(program, privacy.whole_months(f) if f.suppress else f)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=_("%(program)s – Program report, %(period)s")
        % {"program": program, "period": period},
        author=str(program),
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        invariant=True,
    )
    reach = db.reach(program, f)
    sess = db.sessions(program, f)
    cases = db.cases(program, f)
    surveys = db.surveys(program, f)
    h2, body = st.h2, st.body
    story: list[Any] = [
        _p(str(program), st.title),
        _p(_("Program report: %(period)s") % {"period": period}, st.subtitle),
        _p(
            _("Generated %(when)s. Figures follow the definitions on the insight dashboards.")
            % {"when": formats.date_format(timezone.localtime(), "DATE_FORMAT")},
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
        story.append(
            _p(
                _(
                    "People count here under the profession and site they had when these "
                    "figures first counted them: a later change would move them from one figure "
                    "to another in months already shown, and two readings would give them back."
                ),
                body,
            )
        )
        story.append(
            _p(
                _(
                    "Attendance counts here as it stood when these figures first read its "
                    "month, once the month was over: a later import or correction would change "
                    "months already shown, and two readings would give it back."
                ),
                body,
            )
        )
        # The sentences the dashboards show beside the same figures (reach, cases, surveys).
        story.append(
            _p(
                _(
                    "Figures add up over time, so to protect privacy dates count as whole "
                    "months, and a month still under way is left out until it is over. Cases "
                    "and survey answers leave out a month in which fewer than %(n)s people "
                    "presented or answered (or the filters, the cycle included, keep or leave "
                    "out fewer than %(n)s of them)."
                )
                % {"n": db.MIN_CELL},
                body,
            )
        )
        if reach.get("several_months"):
            story.append(
                _p(
                    _(
                        "Distinct people are counted by month: the people of two periods minus "
                        "those of one would show who came only in the other, so totals and "
                        "breakdowns of people are hidden here. They show for one month, and "
                        "from the program’s start when that gives nothing away; the months "
                        "below show each month."
                    ),
                    body,
                )
            )
    if reach.get("returning_hidden"):
        story.append(
            _p(
                _(
                    "A month’s new participants read “<%(n)s” where its participants less its "
                    "new ones (who came back) are fewer than %(n)s: shown side by side, they "
                    "would give that number away."
                )
                % {"n": db.MIN_CELL},
                body,
            )
        )
    if f.suppress and any(d.get("hidden_page") for d in (reach, sess, cases)):
        # As the dashboards say it above their figures (probe 1222: the PDF did not).
        story.append(
            _p(
                _(
                    "Fewer than %(n)s people match these filters (or the filters leave out "
                    "fewer than %(n)s) — the figures about people are hidden to protect "
                    "privacy. Widen the filters to see them."
                )
                % {"n": db.MIN_CELL},
                body,
            )
        )
    story.append(_p(_("Key figures"), h2))
    t = reach["totals"]
    story.append(
        _table(
            st,
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
            [0.55, 0.3],
        )
    )
    story += [Spacer(1, 0.2 * inch), _p(_("Reach by month"), h2)]
    months = reach["months"]
    if months:
        story.append(
            _table(
                st,
                [[_("Month"), _("Sessions"), _("Participants"), _("New"), _("Sites")]]
                + [
                    [m["label"], str(m["sessions"]), _n(m["people"]), _n(m["new"]), _n(m["sites"])]
                    for m in months
                ],
                [0.28, 0.18, 0.18, 0.18, 0.18],
            )
        )
    else:
        story.append(_p(_("No sessions in this period."), body))
    for key, title in (
        ("by_profession", _("Participants by profession")),
        ("by_region", _("Participants by region")),
    ):
        story += [Spacer(1, 0.15 * inch), _p(title, h2)]
        bars = _bars(st, reach[key], _("People"))
        story.append(bars if bars is not None else _p(_("No data."), body))
    story += [Spacer(1, 0.2 * inch), _p(_("Cases and outcomes"), h2)]
    if f.suppress:
        story.append(
            _p(
                _(
                    "Recommendations, follow-ups and close-outs come after a case's month, and "
                    "the page read a month apart would give back the cases that changed in "
                    "between. So to protect privacy they are shown as they stood at the end of "
                    "the last month since which none or %(n)s or more presenters' cases changed."
                )
                % {"n": db.MIN_CELL},
                body,
            )
        )
    recs = cases["recommendations"]["summary"]
    story.append(
        _table(
            st,
            [
                [_("Measure"), _("Value")],
                [_("Cases presented"), _n(cases["total"])],
                [
                    _("Median time to recommendations (hours, IQR)"),
                    f"{_f(recs.median)} ({_f(recs.q1)}–{_f(recs.q3)}), n={recs.n}",
                ],
                [
                    _("MME/day change, presentation to latest follow-up (median)"),
                    _pairs(cases["mme"]["change"].median, cases["mme"]["n"]),
                ],
                [
                    _("PEG change, presentation to latest follow-up (median)"),
                    _pairs(cases["peg"]["change"].median, cases["peg"]["n"]),
                ],
                [_("Closed cases"), _n(cases["closeout"]["closed"])],
                [
                    _("Advice followed (all / some / none)"),
                    f"{cases['closeout']['advice_all']} / {cases['closeout']['advice_some']} / "
                    f"{cases['closeout']['advice_none']}",
                ],
                [_("Specialist referral avoided"), _n(cases["closeout"]["referral_yes"])],
            ],
            [0.62, 0.38],
        )
    )
    bars = _bars(st, cases["by_theme"], _("Cases"))
    if bars is not None:
        story += [Spacer(1, 0.15 * inch), _p(_("Cases by theme"), h2), bars]
    story += [Spacer(1, 0.2 * inch), _p(_("Surveys"), h2)]
    if surveys["rows"]:
        story.append(
            _table(
                st,
                [[_("Survey"), _("Responses")]]
                + [[str(r["title"]), _n(r["n"])] for r in surveys["rows"]],
                [0.75, 0.25],
            )
        )
    else:
        story.append(_p(_("No surveys."), body))
    doc.build(story)
    return buffer.getvalue()
