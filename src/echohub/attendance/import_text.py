"""The attendance engine's refusals, import warnings and review reasons in the reader's language.

Refusals (`AttendanceError`) carry their English template, marked for the catalogue in the
engine with `errors.gettext_noop`, and their values: :func:`refusal` translates the template
and fills it with the values said as the reader says them (dates, numbers, hours).

`zoom_csv`, `reconcile` and `zoom_api` are plain Python (no Django import) and write their
warnings as English sentences without codes; an import batch stores them as written. This
module re-says the known ones, with the values they carry (an encoding, column names, line
numbers), as translatable messages when a page shows them; any other sentence is shown as the
engine wrote it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from echohub.attendance.errors import AttendanceError

#: (the engine's English, with named groups) -> the message people read.
WARNINGS: tuple[tuple[re.Pattern[str], Promise], ...] = tuple(
    (re.compile(english), text)
    for english, text in (
        (
            r"the file is not UTF-8: read as (?P<encoding>.+)",
            _("the file is not UTF-8: read as %(encoding)s"),
        ),
        (
            r"meeting start time (?P<value>.+) not understood",
            _("meeting start time %(value)s not understood"),
        ),
        (
            r"'Total Duration' with join/leave times: each row is counted from its join to its "
            r"leave, gaps between reconnects included",
            _(
                "“Total Duration” with join/leave times: each row is counted from its join to its "
                "leave, gaps between reconnects included"
            ),
        ),
        (
            r"no 'User Email' column: rows can only be matched by name",
            _("no “User Email” column: rows can only be matched by name"),
        ),
        (
            r"ignored unknown columns: (?P<columns>.+)",
            _("ignored unknown columns: %(columns)s"),
        ),
        (r"blank lines ignored: (?P<lines>.+)", _("blank lines ignored: %(lines)s")),
        (
            r"the meeting ID was shortened by Excel to (?P<value>.+): checked on its first "
            r"digits only",
            _(
                "the meeting ID was shortened by Excel to %(value)s: checked on its first "
                "digits only"
            ),
        ),
        (r"dates read day first \(DD/MM/YYYY\)", _("dates read day first (DD/MM/YYYY)")),
        (
            r"unique-users layout: no join/leave times, minutes come from Total Duration and "
            r"cannot be clipped to the session; export without 'Show unique users' for segments",
            _(
                "unique-users layout: no join/leave times, minutes come from Total Duration and "
                "cannot be clipped to the session; export without “Show unique users” for "
                "segments"
            ),
        ),
        (
            r"rows entirely outside the session \(0 minutes\): (?P<rows>.+)",
            _("rows entirely outside the session (0 minutes): %(rows)s"),
        ),
        (
            r"most of the time online in this report is outside the session: it runs from "
            r"(?P<first>\S+) to (?P<last>\S+), the session from (?P<start>\S+) to (?P<end>\S+) "
            r"\((?P<zone>[^()]+)\); only (?P<share>\d+)% of it counts\. Is this the report of "
            r"another meeting\?",
            _(
                "most of the time online in this report is outside the session: it runs from "
                "%(first)s to %(last)s, the session from %(start)s to %(end)s (%(zone)s); only "
                "%(share)s%% of it counts. Is this the report of another meeting?"
            ),
        ),
        (
            r"the meeting ran (?P<minutes>\d+) min outside the session: each total without join "
            r"and leave times counts (?P=minutes) min less, the part surely within the session",
            _(
                "the meeting ran %(minutes)s min outside the session: each total without join and "
                "leave times counts %(minutes)s min less, the part surely within the session"
            ),
        ),
        (
            r"rows whose time online is shorter than from their first join to their last leave "
            r"\(gaps between reconnects\) count only the minutes surely spent in the session: "
            r"(?P<rows>.+)",
            _(
                "rows whose time online is shorter than from their first join to their last "
                "leave (gaps between reconnects) count only the minutes surely spent in the "
                "session: %(rows)s"
            ),
        ),
        (
            r"BigBlueButton dashboard: times read in (?P<zone>\S+); the dashboard writes them "
            r"in the time zone of the computer that downloaded it: if that computer was in "
            r"another time zone, remove this import and import the file again choosing that zone",
            _(
                "BigBlueButton dashboard: times read in %(zone)s; the dashboard writes them in "
                "the time zone of the computer that downloaded it: if that computer was in "
                "another time zone, remove this import and import the file again choosing that "
                "zone"
            ),
        ),
        (
            r"rows without a leave time \(still in the meeting when the report was exported\), "
            r"not counted until a coordinator decides: (?P<rows>.+)",
            _(
                "rows without a leave time (still in the meeting when the report was "
                "exported), not counted until a coordinator decides: %(rows)s"
            ),
        ),
    )
)


#: Review reasons of the engine (`reconcile.RowResult.reason`, as stored with ids already
#: written as names): the common ones; the rest are shown as written.
REASONS: tuple[tuple[re.Pattern[str], Promise], ...] = tuple(
    (re.compile(english), text)
    for english, text in (
        (r"matched by email", _("matched by email")),
        (r"matched by registrant id", _("matched by registrant id")),
        (r"matched by user id", _("matched by user id")),
        (r"matched by join token", _("matched by join token")),
        (r"matched by shared e-mail and name", _("matched by shared email and name")),
        (r"matched by name", _("matched by name")),
        (
            r"(?P<what>e-mail|email|registrant id|user id|join token) shared by (?P<names>.+)",
            _("%(what)s shared by %(names)s"),
        ),
        (
            r"(?P<what>registrant id|user id|join token) of (?P<owner>.+) but the e-mail "
            r"belongs to (?P<names>.+)",
            _("%(what)s of %(owner)s but the email belongs to %(names)s"),
        ),
        (
            r"(?P<what>registrant id|user id|join token) of (?P<owner>.+) but the name is "
            r"(?P<names>.+)",
            _("%(what)s of %(owner)s but the name is %(names)s"),
        ),
        (
            r"(?P<what>registrant id|user id|join token) of (?P<owner>.+) on a shared room or "
            r"several people",
            _("%(what)s of %(owner)s on a shared room or several people"),
        ),
        (
            r"e-mail belongs to (?P<owner>.+) but the name is (?P<names>.+)",
            _("the email belongs to %(owner)s but the name is %(names)s"),
        ),
        (
            r"e-mail belongs to (?P<owner>.+) but the name (?P<name>.+) does not fit",
            _("the email belongs to %(owner)s but the name %(name)s does not fit"),
        ),
        (
            r"the name and e-mail carry the addresses of (?P<names>.+)",
            _("the name and the email carry the addresses of %(names)s"),
        ),
        (
            r"renamed: (?P<strangers>.+) does not fit (?P<names>.+)",
            _("renamed: %(strangers)s does not fit %(names)s"),
        ),
        (
            r"device owner (?P<hints>.+) does not fit (?P<names>.+)",
            _("device owner %(hints)s does not fit %(names)s"),
        ),
        (
            r"shared room or several people on the account of (?P<names>.+)",
            _("shared room or several people on the account of %(names)s"),
        ),
        (
            r"only a device name; could be (?P<names>.+?)(?P<note> \(e-mail not on the roster\))?",
            _("only a device name; could be %(names)s%(note)s"),
        ),
        (
            r"no usable name \((?P<kind>[^()]+)\)(?P<note> \(e-mail not on the roster\))?",
            _("no usable name (%(kind)s)%(note)s"),
        ),
        (
            r"name fits (?P<names>.+) but the e-mail (?P<email>\S+) is not on the roster",
            _("name fits %(names)s but the email %(email)s is not on the roster"),
        ),
        (
            r"possible nickname or partial name of (?P<names>.+)",
            _("possible nickname or partial name of %(names)s"),
        ),
        (
            r"guest not on roster(?P<note> \(e-mail not on the roster\))?",
            _("guest not on the roster%(note)s"),
        ),
        (r"phone number: dial-in, identity unknown", _("phone number: dial-in, identity unknown")),
        (
            r"shared room or several people on one line",
            _("shared room or several people on one line"),
        ),
        (
            r"no leave time \(still in the meeting when the report was exported\): "
            r"(?P<names>.+), minutes not counted",
            _(
                "no leave time (still in the meeting when the report was exported): "
                "%(names)s, minutes not counted"
            ),
        ),
        (
            r"total of (?P<minutes>\d+) min without join and leave times, in a meeting that ran "
            r"(?P<outside>\d+) min outside the session: (?P<names>.+), minutes not counted",
            _(
                "total of %(minutes)s min without join and leave times, in a meeting that ran "
                "%(outside)s min outside the session: %(names)s, minutes not counted"
            ),
        ),
        (
            r"total of (?P<minutes>\d+) min without join and leave times, longer than the "
            r"(?P<length>\d+)-min session: at least (?P<beyond>\d+) min were outside it: "
            r"(?P<names>.+), minutes not counted",
            _(
                "total of %(minutes)s min without join and leave times, longer than the "
                "%(length)s-min session: at least %(beyond)s min were outside it: %(names)s, "
                "minutes not counted"
            ),
        ),
        (
            r"times in the hour repeated when clocks went back, either hour fits: "
            r"(?P<names>.+), minutes not counted",
            _(
                "times in the hour repeated when clocks went back, either hour fits: "
                "%(names)s, minutes not counted"
            ),
        ),
        (
            r"leave received before its join: (?P<names>.+), minutes not counted",
            _("leave received before its join: %(names)s, minutes not counted"),
        ),
        (
            r"leave received before its join, minutes not counted",
            _("leave received before its join, minutes not counted"),
        ),
        (r"a totals row: not a participant", _("a totals row: not a participant")),
        (
            r"anonymous poll answers of the dashboard: not a participant",
            _("anonymous poll answers of the dashboard: not a participant"),
        ),
        (r"waiting room(?P<who>.*): not attendance", _("waiting room%(who)s: not attendance")),
        (r"registered(?P<who>.*), did not attend", _("registered%(who)s, did not attend")),
        (
            r"ambiguous name: (?P<names>.+) \(nickname or partial name\)",
            _("ambiguous name: %(names)s (nickname or partial name)"),
        ),
        (r"ambiguous name: (?P<names>.+)", _("ambiguous name: %(names)s")),
    )
)


_NOTES = {
    " (e-mail not on the roster)": _(" (email not on the roster)"),
}
_WHAT = {
    "email": _("email"),
    "e-mail": _("email"),
    "registrant id": _("registrant id"),
    "user id": _("user id"),
    "join token": _("join token"),
}


def review_reason(english: str) -> str:
    """One stored row reason in the active language (as written when not known)."""
    for pattern, text in REASONS:
        found = pattern.fullmatch(english)
        if found:
            values = {k: v or "" for k, v in found.groupdict().items()}
            if values.get("note"):
                values["note"] = str(_NOTES.get(values["note"], values["note"]))
            if values.get("what"):
                values["what"] = str(_WHAT.get(values["what"], values["what"]))
            return str(text) % values
    return english


def import_warning(english: str) -> str:
    """One stored import warning in the active language (as written when not known)."""
    for pattern, text in WARNINGS:
        found = pattern.fullmatch(english)
        if found:
            return str(text) % found.groupdict()
    return english


def _readable(value: object) -> str:
    """One value of a refusal as the reader writes it: a time in its own zone in the reader's
    format (« jeudi 4 décembre 2026, 12 h 30 »), a span in hours, a number with the reader's
    grouping (« 20 000 »)."""
    from echohub.core.templatetags.echohub import local_date

    if isinstance(value, datetime):
        return local_date(value, "long_datetime")
    if isinstance(value, timedelta):
        hours = round(value.total_seconds() / 3600, 1)
        count = int(hours) if hours == int(hours) else hours
        return ngettext("%(n)s hour", "%(n)s hours", count) % {
            "n": formats.number_format(count, use_l10n=True)
        }
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def refusal(error: AttendanceError) -> str:
    """The engine's refusal message (without its row and line) in the active language."""
    template = gettext(error.template)
    if not error.params:
        return template
    return template % {key: _readable(value) for key, value in error.params.items()}
