"""Certificate PDFs (reportlab), from the facts frozen on a :class:`Certificate` at issue.

One small interface: :func:`render_pdf(facts) -> bytes`. Rendering is deterministic
(reportlab's ``invariant`` mode: fixed creation date and document id), so the same facts give
the same bytes every time; services store the SHA-256 at issue and regenerate on download.

What it prints (clinical.md §5, platforms-and-users.md §4.8): the person's name and licence
number, the activity title and format, the date(s), the credits *claimed* (never the designated
maximum) under the credit's name, the accreditation statement exactly as the program's rule
gives it (never generated), the accredited provider and its contact, the certificate number and
the date of issue; a cycle certificate lists its sessions.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _STYLES[style])


def render_pdf(facts: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{facts['activity_title']} – {facts['number']}",
        author=facts["provider_name"],
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        invariant=1,
    )
    story: list[Any] = [
        _para(facts["heading"], "Title"),
        _para(_("This certifies that"), "BodyText"),
        _para(facts["name"], "Heading2"),
        _para(f"{_('Licence / registration number')}: {facts['licence_number']}", "BodyText"),
        _para(_("participated in the accredited activity"), "BodyText"),
        _para(facts["activity_title"], "Heading2"),
        Spacer(1, 0.1 * inch),
    ]
    rows = [
        [_("Credits claimed"), f"{facts['credits']} {facts['credit_name']}"],
        [_("Time attended"), _("%(m)s minutes") % {"m": facts["minutes"]}],
        [_("Date(s)"), facts["dates"]],
        [_("Learning format"), facts["format"]],
        [_("Program"), facts["program"]],
        [_("Certificate number"), facts["number"]],
        [_("Issued"), facts["issued_on"]],
    ]
    table = Table(
        [[k, _para(str(v), "BodyText")] for k, v in rows], colWidths=[1.8 * inch, 4.9 * inch]
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    story += [table, Spacer(1, 0.2 * inch)]
    sessions = facts.get("sessions") or []
    if len(sessions) > 1:
        story.append(_para(_("Sessions attended"), "Heading3"))
        listing = Table(
            [[_("Date"), _("Session"), _("Minutes"), _("Credits")], *sessions],
            colWidths=[1.0 * inch, 4.0 * inch, 0.8 * inch, 0.8 * inch],
            repeatRows=1,
        )
        listing.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        story += [listing, Spacer(1, 0.2 * inch)]
    story += [
        _para(_("Accreditation"), "Heading3"),
        _para(facts["statement"], "BodyText"),
        # Certificates issued before the marker existed have no such key (same bytes as then).
        *([_para(facts["statement_marker"], "Italic")] if facts.get("statement_marker") else []),
        Spacer(1, 0.15 * inch),
        _para(_("Accredited provider"), "Heading3"),
        _para(facts["provider_name"], "BodyText"),
        _para(f"{_('Contact')}: {facts['provider_contact']}", "BodyText"),
        Spacer(1, 0.15 * inch),
        _para(
            _(
                "Credits shown are those claimed for the time attended, not the maximum "
                "designated for the activity. Keep this certificate for your records."
            ),
            "Italic",
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
