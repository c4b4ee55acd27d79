"""The attendance engine's import warnings in the reader's language.

`zoom_csv`, `reconcile` and `zoom_api` are plain Python (no Django import) and write their
warnings as English sentences without codes; an import batch stores them as written. This
module re-says the known ones, with the values they carry (an encoding, column names, line
numbers), as translatable messages when a page shows them; any other sentence is shown as the
engine wrote it.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
            r"(?P<what>email|registrant id|user id|join token) shared by (?P<names>.+)",
            _("%(what)s shared by %(names)s"),
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
        (r"waiting room(?P<who>.*): not attendance", _("waiting room%(who)s: not attendance")),
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
