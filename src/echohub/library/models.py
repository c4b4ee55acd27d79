"""The program's library: didactic talks, clinical tools and references, and the library's
settings per program. Past cases are not copied here: a case whose recommendations were sent is
read in place through `library.selectors.case_entries_for` (cases stay the one record).

Uploaded files (slides, tool files, recordings where allowed) live in a private storage outside
the web root (`PrivateStorage`, under `LIBRARY_FILES_ROOT`, by default `<VAR_DIR>/private/library`)
and are served only by the permission-checked download views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from echohub.cases.models import CaseTheme
from echohub.core.models import TimeStampedModel
from echohub.programs.models import Program
from echohub.scheduling.models import AgendaItem, Session


def files_root() -> Path:
    """Where library files are kept: `LIBRARY_FILES_ROOT`, else `<VAR_DIR>/private/library`
    (never under STATIC_ROOT: nothing there is served by the web server)."""
    root = getattr(settings, "LIBRARY_FILES_ROOT", None)
    if root:
        return Path(root)
    return Path(settings.VAR_DIR) / "private" / "library"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage with no URL, whose location is read from the settings on use (so
    tests and deployments may move it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        return str(files_root())

    @property
    def location(self) -> str:
        return str(Path(files_root()).resolve())

    @property
    def base_url(self) -> str:
        return ""

    def url(self, name: str | None) -> str:
        raise ValueError("Library files have no public URL: use the download views.")


private_storage = PrivateStorage()


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    PPTX = "pptx", _("PowerPoint (PPTX)")
    MP4 = "mp4", _("MP4")
    WEBM = "webm", _("WebM")


class Tag(models.Model):
    """A free tag on talks and tools (e.g. "buprenorphine", "sleep"), shared by all programs so
    a tag filters the same way everywhere."""

    name = models.CharField(_("tag"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class LibrarySettings(TimeStampedModel):
    """A program's library settings (none stored: not shared)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="library_settings"
    )
    share_with_deployment = models.BooleanField(
        _("share this library with the other programs of this site"),
        default=False,
        help_text=_(
            "Members of every other program can then read your talks, tools and past cases "
            "(without presenters' names). Evaluators never read past cases."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("library settings")
        verbose_name_plural = _("library settings")

    def __str__(self) -> str:
        return f"Library settings of {self.program}"


class Talk(TimeStampedModel):
    """A didactic talk given in (or for) a program: what was taught, by whom, when, with its
    slides and, when the presenter agreed to it, its recording."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="talks")
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_talks",
    )
    #: The presenter's name when they have no account here (a guest speaker).
    presenter_name = models.CharField(_("presenter's name"), max_length=200, blank=True)
    given_on = models.DateField(_("date"))
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_talks",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_talks",
    )
    learning_objectives = models.TextField(_("learning objectives"), blank=True)
    key_points = models.TextField(_("key points"), blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=CaseTheme.choices, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="talks")

    slides = models.FileField(_("slides"), storage=private_storage, blank=True, max_length=255)
    slides_name = models.CharField(max_length=120, blank=True)  # safe download name
    slides_kind = models.CharField(max_length=5, choices=FileKind.choices, blank=True)
    slides_size = models.PositiveIntegerField(default=0)

    recording_url = models.URLField(_("recording link"), blank=True, max_length=500)
    recording_file = models.FileField(
        _("recording file"), storage=private_storage, blank=True, max_length=255
    )
    recording_name = models.CharField(max_length=120, blank=True)
    recording_kind = models.CharField(max_length=5, choices=FileKind.choices, blank=True)
    recording_size = models.PositiveBigIntegerField(default=0)
    #: The presenter agreed to the recording being kept and shown; who recorded it and when.
    recording_consent = models.BooleanField(_("the presenter agreed to be recorded"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["program", "-given_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:talk", kwargs={"slug": self.program.slug, "pk": self.pk})

    @property
    def presenter_display(self) -> str:
        if self.presenter_id is not None and self.presenter is not None:
            return str(self.presenter.full_name)
        return self.presenter_name

    @property
    def is_recorded(self) -> bool:
        """Shown as recorded only when the presenter agreed and there is a recording."""
        return self.recording_consent and bool(self.recording_url or self.recording_file)


class Tool(TimeStampedModel):
    """A clinical tool or reference: a link or a file, for one program or (program None) for
    every program of the deployment, with where it comes from, when it was last checked and
    when it must be checked again."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_tools",
    )
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), storage=private_storage, blank=True, max_length=255)
    file_name = models.CharField(max_length=120, blank=True)
    file_kind = models.CharField(max_length=5, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    checked_on = models.DateField(_("date checked"), null=True, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=CaseTheme.choices, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="tools")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("clinical tool")
        verbose_name_plural = _("clinical tools")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["program", "review_by"])]

    def __str__(self) -> str:
        return self.title


class ToolReminder(models.Model):
    """A "review by" reminder sent for a tool: once per tool and review date, so the reminder
    loop never emails twice for the same date (a new date after review starts again)."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="reminders")
    review_by = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tool", "review_by"], name="tool_reminder_once")
        ]

    def __str__(self) -> str:
        return f"reminder for tool {self.tool_id} ({self.review_by})"
