"""State changes of the library: talks, tools, the sharing setting, review reminders.

Every change is audited (`core.audit.record`), no free text in `changes`. Uploaded files are
checked by content (`library.files`) before anything is stored; a replaced or deleted file is
removed from the private storage after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.core import audit
from echohub.core.errors import DomainError, PermissionDenied
from echohub.core.limits import CASE_TEXT_MAX, check_lengths
from echohub.core.mail import queue_email
from echohub.library import files
from echohub.library.models import LibrarySettings, Tag, Talk, Tool, ToolReminder, private_storage
from echohub.programs.models import Membership, Program, Role
from echohub.programs.rules import has_perm
from echohub.scheduling.models import AgendaItem, AgendaKind, Session

#: Free-text fields of talks and tools (objectives, key points, description).
TEXT_MAX = CASE_TEXT_MAX
#: Tags on one talk or tool.
TAGS_MAX = 12
TAG_MAX_CHARS = 60


def _require(actor: Any, program: Program | None, perm: str = "library.manage") -> None:
    if program is None:
        if not (getattr(actor, "is_superuser", False) and actor.is_active):
            raise PermissionDenied(
                _("Only the site's administrators manage tools for every program.")
            )
        return
    if not has_perm(actor, program, perm):
        raise PermissionDenied()


def parse_tags(raw: str | Iterable[str]) -> list[str]:
    """Tags from "a, b; c" (or a list): trimmed, lower case, unique, in order."""
    parts = raw.replace(";", ",").split(",") if isinstance(raw, str) else list(raw)
    seen: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split()).lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX_CHARS:
            raise DomainError(
                "tag_too_long",
                _("A tag is at most %(max)s characters.") % {"max": TAG_MAX_CHARS},
                field="tags",
            )
        if tag not in seen:
            seen.append(tag)
    if len(seen) > TAGS_MAX:
        raise DomainError(
            "too_many_tags", _("At most %(max)s tags.") % {"max": TAGS_MAX}, field="tags"
        )
    return seen


def set_tags(obj: Talk | Tool, tags: list[str]) -> None:
    rows = []
    for name in tags:
        tag, _created = Tag.objects.get_or_create(name=name)
        rows.append(tag)
    obj.tags.set(rows)


def _remove_later(name: str) -> None:
    if name:
        transaction.on_commit(lambda: private_storage.delete(name))


def _store(upload: Any, checked: files.CheckedFile) -> str:
    upload.seek(0)
    return private_storage.save(checked.storage_name, upload)


# --- talks ---------------------------------------------------------------------------------


TALK_FIELDS = (
    "title",
    "title_fr",
    "presenter",
    "presenter_name",
    "given_on",
    "session",
    "agenda_item",
    "learning_objectives",
    "key_points",
    "theme",
    "recording_url",
    "recording_consent",
)


def _check_talk(program: Program, data: dict[str, Any]) -> None:
    check_lengths(data, TEXT_MAX, ["learning_objectives", "key_points"])
    if not (data.get("title") or "").strip():
        raise DomainError("required", _("Give the talk a title."), field="title")
    if not data.get("given_on"):
        raise DomainError("required", _("Give the date of the talk."), field="given_on")
    presenter = data.get("presenter")
    if presenter is None and not (data.get("presenter_name") or "").strip():
        raise DomainError(
            "presenter_required",
            _("Choose the presenter, or type their name if they have no account here."),
            field="presenter",
        )
    if (
        presenter is not None
        and not Membership.objects.filter(program=program, user=presenter, is_active=True).exists()
    ):
        raise DomainError(
            "presenter_not_member",
            _("The presenter is not a member of this program."),
            field="presenter",
        )
    session: Session | None = data.get("session")
    if session is not None and session.program_id != program.pk:
        raise DomainError(
            "not_found", _("This session is not one of this program's."), field="session"
        )
    item: AgendaItem | None = data.get("agenda_item")
    if item is not None:
        if item.session.program_id != program.pk:
            raise DomainError(
                "not_found",
                _("This agenda item is not one of this program's."),
                field="agenda_item",
            )
        if item.kind != AgendaKind.DIDACTIC:
            # Cases are never recorded nor kept as talks: only didactic items are talks.
            raise DomainError(
                "not_didactic",
                _("Only a didactic agenda item can be linked to a talk."),
                field="agenda_item",
            )
        if session is not None and item.session_id != session.pk:
            raise DomainError(
                "agenda_item_session",
                _("This agenda item belongs to another session."),
                field="agenda_item",
            )
        if session is None:
            data["session"] = item.session


@transaction.atomic
def save_talk(
    *,
    actor: Any,
    program: Program,
    data: dict[str, Any],
    talk: Talk | None = None,
    tags: str | Iterable[str] = "",
    slides: Any = None,
    remove_slides: bool = False,
    recording_file: Any = None,
    remove_recording: bool = False,
) -> Talk:
    """Create or update a talk. Recording consent: when it is given, who recorded it and when
    are kept; when it is withdrawn, the recording is no longer shown (the link stays for the
    coordinators, a file is deleted)."""
    _require(actor, program)
    if talk is not None and talk.program_id != program.pk:
        raise DomainError("not_found", _("Not found."))
    data = {k: v for k, v in data.items() if k in TALK_FIELDS}
    _check_talk(program, data)
    tag_names = parse_tags(tags)
    checked_slides = (
        files.check_upload(
            slides,
            allowed=files.SLIDE_KINDS,
            max_bytes=files.LIBRARY_FILE_MAX_BYTES,
            field="slides",
        )
        if slides
        else None
    )
    checked_recording = None
    if recording_file:
        if not files.recording_uploads_allowed():
            raise DomainError(
                "recording_uploads_off",
                _("This site keeps recordings as links to the video platform: paste the link."),
                field="recording_file",
            )
        checked_recording = files.check_upload(
            recording_file,
            allowed=files.RECORDING_KINDS,
            max_bytes=files.RECORDING_MAX_BYTES,
            field="recording_file",
        )
    creating = talk is None
    talk = talk or Talk(program=program, created_by=actor)
    before = {
        f: getattr(talk, f + "_id" if f in ("presenter", "session", "agenda_item") else f)
        for f in TALK_FIELDS
    }
    consent_before = talk.recording_consent
    for key, value in data.items():
        setattr(
            talk,
            key,
            value if value is not None or key in ("presenter", "session", "agenda_item") else "",
        )
    talk.title, talk.title_fr = talk.title.strip(), (talk.title_fr or "").strip()
    talk.presenter_name = (talk.presenter_name or "").strip()
    if talk.recording_consent and not consent_before:
        talk.consent_recorded_by = actor
        talk.consent_recorded_at = timezone.now()
    elif not talk.recording_consent and consent_before:
        talk.consent_recorded_by = actor
        talk.consent_recorded_at = timezone.now()
        remove_recording = True  # an uploaded recording goes with the consent
    if checked_slides or remove_slides:
        _remove_later(talk.slides.name)
        talk.slides, talk.slides_name, talk.slides_kind, talk.slides_size = "", "", "", 0
    if checked_slides:
        talk.slides.name = _store(slides, checked_slides)
        talk.slides_name = checked_slides.display_name
        talk.slides_kind = checked_slides.kind
        talk.slides_size = checked_slides.size
    if checked_recording or remove_recording:
        _remove_later(talk.recording_file.name)
        talk.recording_file, talk.recording_name, talk.recording_kind = "", "", ""
        talk.recording_size = 0
    if checked_recording:
        talk.recording_file.name = _store(recording_file, checked_recording)
        talk.recording_name = checked_recording.display_name
        talk.recording_kind = checked_recording.kind
        talk.recording_size = checked_recording.size
    talk.save()
    set_tags(talk, tag_names)
    after = {
        f: getattr(talk, f + "_id" if f in ("presenter", "session", "agenda_item") else f)
        for f in TALK_FIELDS
    }
    changed = {
        f: ("[text]" if f in ("learning_objectives", "key_points") else after[f])
        for f in TALK_FIELDS
        if before[f] != after[f]
    }
    if checked_slides:
        changed["slides"] = checked_slides.kind
    if checked_recording:
        changed["recording_file"] = checked_recording.kind
    audit.record(
        actor=actor,
        action="library.talk_created" if creating else "library.talk_updated",
        obj=talk,
        program=program,
        changes=changed,
    )
    return talk


@transaction.atomic
def delete_talk(*, actor: Any, talk: Talk) -> None:
    _require(actor, talk.program)
    _remove_later(talk.slides.name)
    _remove_later(talk.recording_file.name)
    audit.record(actor=actor, action="library.talk_deleted", obj=talk, program=talk.program)
    talk.delete()


# --- tools ---------------------------------------------------------------------------------

TOOL_FIELDS = (
    "title",
    "title_fr",
    "description",
    "source",
    "url",
    "checked_on",
    "review_by",
    "theme",
)


@transaction.atomic
def save_tool(
    *,
    actor: Any,
    program: Program | None,
    data: dict[str, Any],
    tool: Tool | None = None,
    tags: str | Iterable[str] = "",
    upload: Any = None,
    remove_file: bool = False,
) -> Tool:
    """Create or update a tool of `program` (None: for every program, site administrators
    only). A tool is a link, a file, or both."""
    _require(actor, program)
    if tool is not None:
        _require(actor, tool.program)
    data = {k: v for k, v in data.items() if k in TOOL_FIELDS}
    check_lengths(data, TEXT_MAX, ["description"])
    if not (data.get("title") or "").strip():
        raise DomainError("required", _("Give the tool a title."), field="title")
    checked_on, review_by = data.get("checked_on"), data.get("review_by")
    if checked_on and review_by and review_by < checked_on:
        raise DomainError(
            "review_before_check",
            _("The review date comes after the date it was checked."),
            field="review_by",
        )
    if checked_on and checked_on > timezone.localdate():
        raise DomainError(
            "checked_in_future", _("The date checked cannot be in the future."), field="checked_on"
        )
    tag_names = parse_tags(tags)
    checked = (
        files.check_upload(
            upload, allowed=files.TOOL_KINDS, max_bytes=files.LIBRARY_FILE_MAX_BYTES, field="file"
        )
        if upload
        else None
    )
    keeps_file = bool(tool and tool.file and not remove_file) or checked is not None
    if not (data.get("url") or "").strip() and not keeps_file:
        raise DomainError("link_or_file", _("Give a link or upload a file."), field="url")
    creating = tool is None
    tool = tool or Tool(program=program, created_by=actor)
    tool.program = program
    before = {f: getattr(tool, f) for f in TOOL_FIELDS}
    for key, value in data.items():
        setattr(tool, key, value if value is not None or key in ("checked_on", "review_by") else "")
    tool.title, tool.title_fr = tool.title.strip(), (tool.title_fr or "").strip()
    if checked or remove_file:
        _remove_later(tool.file.name)
        tool.file, tool.file_name, tool.file_kind, tool.file_size = "", "", "", 0
    if checked:
        tool.file.name = _store(upload, checked)
        tool.file_name, tool.file_kind, tool.file_size = (
            checked.display_name,
            checked.kind,
            checked.size,
        )
    tool.save()
    set_tags(tool, tag_names)
    changed = {
        f: ("[text]" if f == "description" else getattr(tool, f))
        for f in TOOL_FIELDS
        if before[f] != getattr(tool, f)
    }
    if checked:
        changed["file"] = checked.kind
    audit.record(
        actor=actor,
        action="library.tool_created" if creating else "library.tool_updated",
        obj=tool,
        program=program,
        changes=changed,
    )
    return tool


@transaction.atomic
def mark_tool_checked(*, actor: Any, tool: Tool, review_by: dt.date | None) -> Tool:
    """The coordinator checked the tool today; it is due again on `review_by`."""
    _require(actor, tool.program)
    today = timezone.localdate()
    if review_by is not None and review_by <= today:
        raise DomainError(
            "review_in_past", _("Choose a review date after today."), field="review_by"
        )
    tool.checked_on, tool.review_by = today, review_by
    tool.save(update_fields=["checked_on", "review_by", "updated_at"])
    audit.record(
        actor=actor,
        action="library.tool_checked",
        obj=tool,
        program=tool.program,
        changes={"checked_on": today, "review_by": review_by},
    )
    return tool


@transaction.atomic
def delete_tool(*, actor: Any, tool: Tool) -> None:
    _require(actor, tool.program)
    _remove_later(tool.file.name)
    audit.record(actor=actor, action="library.tool_deleted", obj=tool, program=tool.program)
    tool.delete()


# --- sharing -------------------------------------------------------------------------------


@transaction.atomic
def set_sharing(*, actor: Any, program: Program, share: bool) -> LibrarySettings:
    _require(actor, program)
    row, _created = LibrarySettings.objects.select_for_update().get_or_create(program=program)
    if row.share_with_deployment != share:
        row.share_with_deployment = share
        row.updated_by = actor
        row.save()
        audit.record(
            actor=actor,
            action="library.sharing_changed",
            obj=row,
            program=program,
            changes={"share_with_deployment": share},
        )
    return row


# --- review reminders ----------------------------------------------------------------------


def stale_tools(program: Program | None, today: dt.date | None = None) -> QuerySet[Tool]:
    """Tools of `program` (None: the deployment-wide ones) whose review date has come."""
    today = today or timezone.localdate()
    qs = Tool.objects.filter(review_by__lte=today)
    return (
        qs.filter(program__isnull=True) if program is None else qs.filter(program=program)
    ).order_by("review_by", "title")


def _coordinators(program: Program) -> list[Any]:
    """Who is told about the program's stale tools: its coordinators, else its admins."""
    for role in (Role.COORDINATOR, Role.PROGRAM_ADMIN):
        people = [
            m.user
            for m in Membership.objects.filter(
                program=program, role=role, is_active=True, user__is_active=True
            )
            .select_related("user")
            .order_by("user_id")
        ]
        if people:
            return people
    return []


def send_review_reminders(today: dt.date | None = None) -> int:
    """Email each program's coordinators once about the tools whose review date has come
    (once per tool and review date: `ToolReminder`); deployment-wide tools go to the site's
    administrators. Run by `send_reminders`. Returns the number of emails queued."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    due = (
        Tool.objects.filter(review_by__lte=today)
        .exclude(reminders__review_by=F("review_by"))
        .select_related("program")
        .order_by("program_id", "review_by", "pk")
    )
    by_program: dict[int | None, list[Tool]] = {}
    for tool in due:
        by_program.setdefault(tool.program_id, []).append(tool)
    queued = 0
    for tools in by_program.values():
        with transaction.atomic():
            # One row per tool and date: a parallel run that inserted first sends, not this one.
            tools = [
                t
                for t in tools
                if ToolReminder.objects.get_or_create(tool=t, review_by=t.review_by)[1]
            ]
            if not tools:
                continue
            program = tools[0].program
            if program is not None:
                people = _coordinators(program)
                path = f"/p/{program.slug}/library/manage/"
            else:
                people = list(get_user_model().objects.filter(is_superuser=True, is_active=True))
                path = "/admin/library/tool/"
            for person in people:
                queue_email(
                    to=person.email,
                    subject=gettext_noop("Library tools to review: %(n)s"),
                    subject_values={"n": len(tools)},
                    template="library/email/review_due.txt",
                    context={"program": program, "tools": tools, "path": path},
                )
                queued += 1
    return queued
