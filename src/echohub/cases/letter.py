"""The recommendations letter as PDF (reportlab): what the hub advised, by discipline."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from echohub.cases.models import Case
from echohub.core import bilingual
from echohub.core.clinical_text import localized_plan
from echohub.core.clinical_text import message as clinical_message

FRAME_WIDTH = LETTER[0] - 1.8 * inch  # the page less its 0.9-inch margins


def _para(text: str, style: object) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _widths(fractions: list[float]) -> list[float]:
    """Column widths as fractions of the frame: a table never runs past the margin."""
    total = sum(fractions)
    return [FRAME_WIDTH * f / total for f in fractions]


def _cell_styles(styles: Any) -> tuple[Any, Any]:
    cell = styles["BodyText"].clone("LetterCell", fontSize=8, leading=10, spaceBefore=0)
    return cell, cell.clone("LetterHead", fontName="Helvetica-Bold")


def _cells(rows: list[list[Any]], cell: Any, head: Any) -> list[list[Any]]:
    """Text cells as paragraphs (they wrap), the first row in bold."""
    return [
        [_para(c, head if i == 0 else cell) if isinstance(c, str) else c for c in row]
        for i, row in enumerate(rows)
    ]


def recommendations_pdf(case: Case, *, mme: dict[str, object]) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    program_name = bilingual.text(case.program, "name")  # the reader's language, else the other
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{program_name} – {_('Recommendations')} {case.number}",
        author=program_name,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
    )
    story = [
        _para(program_name, styles["Title"]),
        _para(_("Written recommendations for case %(n)s") % {"n": case.number}, styles["Heading2"]),
    ]
    sent = timezone.localtime(case.sent_at or timezone.now())
    facts = [
        [_("Case"), f"{case.number}: {case.title}"],
        [_("Presented by"), case.presenter.full_name],
        [_("Session"), bilingual.text(case.session, "title") if case.session else "—"],
        [_("Date of this letter"), formats.date_format(sent, "LONG_DATE_FORMAT")],
    ]
    # The program's form may not ask these: only what the case holds is printed.
    patient = [str(v) for v in (case.get_age_band_display(), case.get_sex_gender_display()) if v]
    if patient:
        facts.append([_("Patient"), ", ".join(patient)])
    if case.theme:
        facts.append([_("Theme"), str(case.get_theme_display())])
    if mme.get("rows"):
        facts.append([_("Opioids"), f"{mme['total_mme_per_day']} MME/day ({mme['table_name']})"])
    label = styles["BodyText"].clone("LetterLabel", fontName="Helvetica-Bold", spaceBefore=0)
    value = styles["BodyText"].clone("LetterValue", spaceBefore=0)
    # Paragraphs, so a long case title wraps inside the page instead of running off it.
    facts_cells = [[_para(k, label), _para(str(v), value)] for k, v in facts]
    table = Table(facts_cells, colWidths=_widths([1.7, 5.0]))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    story += [table, Spacer(1, 0.2 * inch), _para(_("Questions asked"), styles["Heading3"])]
    story.append(_para(case.questions, styles["BodyText"]))
    for rec in case.recommendations.select_related("author").order_by("discipline"):
        story.append(_para(rec.get_discipline_display(), styles["Heading3"]))
        story.append(_para(rec.text, styles["BodyText"]))
    if case.recommendations_summary:
        story += [
            _para(_("Summary"), styles["Heading3"]),
            _para(case.recommendations_summary, styles["BodyText"]),
        ]
    if case.taper_plan:
        story += _taper_story(localized_plan(case.taper_plan), styles)
    story += [
        Spacer(1, 0.25 * inch),
        _para(
            _(
                "These recommendations are advice to the presenting clinician, who remains "
                "responsible for the patient's care. They are based on a de-identified case; "
                "do not add identifying information to this letter."
            ),
            styles["Italic"],
        ),
    ]
    caveat = mme.get("caveat") or (case.taper_plan or {}).get("caveat")
    if caveat:
        story.append(_para(clinical_message(None, str(caveat)), styles["Italic"]))
    doc.build(story)
    return buffer.getvalue()


def _describe_dose(d: dict[str, Any]) -> str:
    name = d.get("label") or d["drug"]
    if d["dose"] == 0:
        return _("%(d)s: stopped") % {"d": name}
    if d["unit"] == "mcg/h":
        made = " + ".join(str(p) for p in d.get("patches") or [])
        return f"{name} {d['dose']} mcg/h" + (
            f" ({made})" if len(d.get("patches") or []) > 1 else ""
        )
    times = d["times_per_day"] or 0
    if d.get("as_needed"):
        how = _("as needed, max %(n)s a day") % {"n": times}
    else:
        how = ngettext("once a day", "%(n)s times a day", times) % {"n": times}
    amount = f"{d['dose']} {d['unit']}"
    if d.get("tablets") is not None:
        n = d["tablets"]
        amount += " = " + ngettext("%(n)s tablet", "%(n)s tablets", n) % {"n": n}
    elif d.get("volume_ml") is not None:
        amount += f" = {d['volume_ml']} mL"
    return f"{name} {amount}, {how}"


def _taper_story(plan: dict[str, Any], styles: Any) -> list[Any]:
    """The attached taper plan: every drug's dose per step, the warnings, the safety advice
    and the conversion caveat (a plan never leaves the hub without its cautions)."""
    if plan.get("version") != 2:
        return _taper_story_v1(plan, styles)
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    cell, head = _cell_styles(styles)
    rows: list[list[Any]] = [
        [_("Step"), _("From"), _("Doses"), _("MME/day"), _("% of start"), _("Follow up by")]
    ]
    for s in plan["steps"]:
        doses = "<br/>".join(escape(_describe_dose(d)) for d in s["doses"])
        if s.get("note"):
            doses += f"<br/><i>{escape(s['note'])}</i>"
        rows.append(
            [
                str(s["step"]),
                s["date"],
                Paragraph(doses, small),
                str(s["mme_per_day"]),
                str(s["percent_of_start"]),
                s["follow_up_by"],
            ]
        )
    widths = _widths([0.5, 0.85, 3.05, 0.7, 0.75, 0.85])
    table = Table(_cells(rows, cell, head), colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    rule = plan["rule"]
    story: list[Any] = [
        _para(_("Taper plan"), styles["Heading3"]),
        _para(
            f"{rule['guideline']}: {rule['label']} — "
            + _("%(p)s %% every %(i)s, from %(s)s MME/day")
            % {"p": plan["percent"], "i": plan["interval"], "s": plan["start_mme_per_day"]}
            + f" ({plan['table']})",
            body,
        ),
    ]
    if plan.get("warnings"):
        story.append(_para(_("Check before acting"), styles["Heading4"]))
        story += [_para("• " + w["message"], small) for w in plan["warnings"]]
    story.append(table)
    story.append(_para(_("Before and during any taper"), styles["Heading4"]))
    story += [_para("• " + line, small) for line in plan.get("safety", [])]
    story.append(
        _para(_("Follow-up reminders: %(d)s") % {"d": ", ".join(plan["follow_ups"])}, body)
    )
    return story


def _taper_story_v1(plan: dict[str, Any], styles: Any) -> list[Any]:
    """The attached taper schedule: one row per step, then the follow-up reminders."""
    unit = plan.get("dose_unit")
    dose_head = [_("Daily dose (%(u)s)") % {"u": unit}] if unit else []
    rows = [
        [_("Step"), _("From"), _("% of start"), *dose_head, _("MME/day"), _("Follow up by"),
         _("Note")]
    ]  # fmt: skip
    for s in plan["steps"]:
        dose = [str(s["daily_dose"]) if s.get("daily_dose") is not None else "—"] if unit else []
        rows.append(
            [
                str(s["step"]),
                s["date"],
                str(s["percent_of_start"]),
                *dose,
                str(s["mme_per_day"]),
                s["follow_up_by"],
                _para(s["note"] or "", styles["BodyText"]),
            ]
        )
    widths = _widths(
        [0.45, 0.95, 0.8, *([0.9] if unit else []), 0.8, 1.0, 2.6 - (0.9 if unit else 0)]
    )
    cell, head = _cell_styles(styles)
    table = Table(_cells(rows, cell, head), colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    rule = plan["rule"]
    return [
        _para(_("Taper plan"), styles["Heading3"]),
        _para(
            f"{rule['guideline']}: {rule['label']} — {plan['percent']} % / {plan['interval']}, "
            + _("from %(m)s MME/day") % {"m": plan["start_mme_per_day"]}
            + (
                "; "
                + _("doses in whole units of %(s)s %(u)s") % {"s": plan["dose_step"], "u": unit}
                if unit and plan.get("dose_step")
                else ""
            ),
            styles["BodyText"],
        ),
        table,
        _para(
            _("Follow-up reminders: %(d)s") % {"d": ", ".join(plan["follow_ups"])},
            styles["BodyText"],
        ),
    ]
