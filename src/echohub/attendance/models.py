"""Attendance as stored: imports, segments (report rows) reconciled to people, and per-person
totals per session.

- :class:`ImportBatch`: one upload (or manual entry / roll call) that added rows to a session.
- :class:`AttendanceRow`: one segment as the source gave it (join, leave, source, raw identity)
  and the decision about whom it belongs to. ``(session, fingerprint)`` is unique, so importing
  the same report twice adds nothing.
- :class:`Attendance`: one person at one session: minutes computed from their matched rows (the
  union of segments clipped to the session, :func:`echohub.attendance.reconcile.attended_minutes`),
  an optional coordinator adjustment with its reason, and ``minutes``, the figure everyone reads
  (the adjustment when there is one, else the computed minutes).

The reconciliation engine (``reconcile.py``, ``zoom_csv.py``, ...) is plain Python; this module and
the services around it are the Django side.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from echohub.scheduling.models import Session


class Source(models.TextChoices):
    ZOOM_CSV = "zoom_csv", _("Zoom report (CSV)")
    ZOOM_API = "zoom_api", _("Zoom report (API)")
    MANUAL = "manual", _("Manual entry")
    ROLL_CALL = "roll_call", _("Roll call (shared room)")
    BBB = "bbb", _("BigBlueButton analytics")
    JITSI = "jitsi", _("Jitsi events")


class RowStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")  # belongs to `user`; counts
    REVIEW = "review", _("Needs review")  # could be someone on the roster: a human decides
    UNMATCHED = "unmatched", _("Not matched")  # guest, phone line, room: a human confirms
    GUEST = "guest", _("Guest")  # a coordinator said: nobody of ours
    ROOM = "room", _("Shared room (roll call taken)")  # people present were added by roll call
    IGNORED = "ignored", _("Not attendance")  # waiting room


# Rows a coordinator still has to decide.
QUEUE_STATUSES = (RowStatus.REVIEW, RowStatus.UNMATCHED)

# Where an open row (a join, no leave) only says someone was in when a report was made, never
# that they are in the meeting now: an uploaded file (it has a SHA-256), these sources, and
# the batches of Zoom's report API (file name "<this> <meeting id>"). Every other open row is
# a platform's live join (a webhook).
REPORT_SOURCES = (Source.ZOOM_CSV, Source.MANUAL, Source.ROLL_CALL, Source.BBB)
ZOOM_API_BATCH = "Zoom API, meeting"


class ImportBatch(models.Model):
    """One upload of a report (or one manual entry / roll call) for one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="import_batches")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    time_zone = models.CharField(_("time zone of the report"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows in the file"), default=0)
    new_rows = models.PositiveIntegerField(_("rows added"), default=0)
    warnings: models.JSONField[list[str]] = models.JSONField(
        _("warnings"), default=list, blank=True
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["session", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} for session {self.session_id}"


class AttendanceRow(models.Model):
    """One segment of presence from one source, and whom it was reconciled to.

    Raw identity (``name``, ``email``, ``registrant_id``) is kept exactly as the source gave it,
    so a coordinator can judge a row and an export can be checked against the original report.
    ``join_at``/``leave_at`` are UTC; both are empty for a Zoom "unique users" row or a manual
    minutes-only entry, which carry ``duration_minutes`` instead.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance_rows")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))  # 1-based in its batch's file
    fingerprint = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    name = models.CharField(_("name in the report"), max_length=300, blank=True)
    email = models.CharField(_("e-mail in the report"), max_length=254, blank=True)
    registrant_id = models.CharField(_("registrant id"), max_length=200, blank=True)
    join_at = models.DateTimeField(_("joined"), null=True, blank=True)
    leave_at = models.DateTimeField(_("left"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("minutes in the report"), null=True)
    #: The time online to the second where the report gave it (zoom_csv.ParticipantRow).
    duration_seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    waiting_room = models.BooleanField(_("in waiting room"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance_rows",
    )
    status = models.CharField(_("status"), max_length=10, choices=RowStatus.choices)
    # How a matched row was identified: registrant_id, user_id, join_token, email, name (the
    # engine), coordinator (assigned by hand), manual, roll_call.
    method = models.CharField(_("matched by"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # User ids the engine thought this row could belong to (shown first when assigning).
    candidates: models.JSONField[list[int]] = models.JSONField(default=list, blank=True)
    room_row = models.ForeignKey(
        "self",
        verbose_name=_("shared-room row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roll_call_rows",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance row")
        verbose_name_plural = _("attendance rows")
        ordering = ["session", "batch", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "fingerprint"], name="attendance_row_once_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["user", "session"]),
        ]

    def __str__(self) -> str:
        # No name or e-mail: this string lands in the audit log.
        return f"row {self.row_number} of import {self.batch_id} (session {self.session_id})"

    @property
    def in_queue(self) -> bool:
        return self.status in QUEUE_STATUSES

    @property
    def minutes_span(self) -> int | None:
        if self.join_at is not None and self.leave_at is not None:
            return int((self.leave_at - self.join_at).total_seconds() // 60)
        if self.join_at is not None:  # still in at the export: no span is known
            return None
        return self.duration_minutes


class Attendance(models.Model):
    """One person at one session. ``minutes`` = ``adjusted_minutes`` if set, else
    ``computed_minutes`` (kept in one column so credit rules and reports filter on an index)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    computed_minutes = models.PositiveIntegerField(_("minutes from segments"), default=0)
    adjusted_minutes = models.PositiveIntegerField(_("adjusted minutes"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    # Sorted, comma-separated Source values of the rows that count ("manual,zoom_csv").
    sources = models.CharField(_("sources"), max_length=100, blank=True)
    adjustment_reason = models.CharField(_("reason for the adjustment"), max_length=500, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_person"),
        ]
        indexes = [models.Index(fields=["user", "session"])]

    def __str__(self) -> str:
        return f"person {self.user_id} at session {self.session_id}: {self.minutes} min"

    @property
    def source_list(self) -> list[str]:
        return [s for s in self.sources.split(",") if s]

    @property
    def is_adjusted(self) -> bool:
        return self.adjusted_minutes is not None

    def source_labels(self) -> list[Any]:
        labels = dict(Source.choices)
        return [labels.get(s, s) for s in self.source_list]
