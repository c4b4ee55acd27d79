"""The community of practice between sessions (issue 16): topics, threads, posts and what hangs
on them (revisions, identifier overrides, reactions, reports, attachments), and notifications.

A thread belongs to a topic of a program, or to one presented case, or to one didactic agenda
item (those are made on their first post). A post's `body` is the Markdown its author wrote;
`html` is the sanitized rendering stored with it, so a thread page never renders Markdown.
A post whose identifier check found something unexplained is HELD: only its author sees it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from echohub.programs.models import Program


class Topic(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    #: Bilingual (echohub.core.bilingual): English in `title`, French in `title_fr`.
    title = models.CharField(_("title"), max_length=120)
    title_fr = models.CharField(_("title (French)"), max_length=120, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_fr = models.CharField(_("description (French)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    #: Counts kept on write, so the topic list reads one row per topic.
    thread_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "title"]
        indexes = [models.Index(fields=["program", "position"], name="community_topic_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:topic", kwargs={"slug": self.program.slug, "pk": self.pk})


class ThreadKind(models.TextChoices):
    TOPIC = "topic", _("Discussion")
    CASE = "case", _("Case follow-up")
    TALK = "talk", _("Questions after a talk")


class Thread(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(max_length=8, choices=ThreadKind.choices, default=ThreadKind.TOPIC)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    agenda_item = models.OneToOneField(
        "scheduling.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread",
    )
    title = models.CharField(_("title"), max_length=160)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(null=True, blank=True)
    #: Published posts (kept on write: the topic list never counts posts).
    post_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            # The topic page: pinned first, then the most recently active.
            # Partial (listed threads only): SQLite cannot seek on `NOT hidden` inside an index.
            models.Index(
                fields=["topic", "-pinned", "-last_post_at", "-id"],
                name="community_thread_listed",
                condition=models.Q(hidden=False),
            ),
            # The discussions page's recent case and talk threads (few among many topic ones).
            models.Index(fields=["program", "kind", "-last_post_at"], name="community_thread_kind"),
        ]

    def __str__(self) -> str:
        # Never the title: it is what the audit keeps (object_repr), and a discussion's title
        # is checked for identifiers only with its first post (show `label` to people).
        return f"thread {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("community:thread", kwargs={"slug": self.program.slug, "pk": self.pk})

    @property
    def label(self) -> str:
        """The title as shown, in the reader's language: a case's thread stores only the case
        number in `title` and is named here."""
        if self.kind == ThreadKind.CASE:
            return gettext("Follow-up on case %(number)s") % {"number": self.title}
        return self.title


class PostStatus(models.TextChoices):
    HELD = "held", _("Held: identifier check")
    PUBLISHED = "published", _("Published")
    REMOVED = "removed", _("Removed")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    html = models.TextField(default="")
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.HELD)
    #: Hidden by a moderator (kept, shown to moderators and the author as hidden).
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["thread", "id"], name="community_post_thread"),
            # Daily caps: posts one person wrote in the last 24 hours.
            models.Index(fields=["author", "created_at"], name="community_post_author"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    @property
    def removed(self) -> bool:
        return self.status == PostStatus.REMOVED


class PostRevision(models.Model):
    """A post's text before an edit (seen by its author and moderators)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"post {self.post_id} v{self.version}"


class PostPhiOverride(models.Model):
    """The author's decision that a finding is not identifying (as cases.PhiOverride: the kind
    and a keyed hash of the flagged text, never the text)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="phi_overrides")
    field = models.CharField(max_length=40, default="body")
    kind = models.CharField(max_length=20)
    text_hash = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "field", "kind", "text_hash"], name="community_override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} in post {self.post_id}"


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    THANKS = "thanks", _("Thanks")
    AGREE = "agree", _("Agree")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="community_react_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class ReportKind(models.TextChoices):
    MEMBER = "", _("Reported by a member")
    #: Made by echohub when a post is published with findings its author kept (explained):
    #: its `reason` holds the kinds, fields and the reasons' keyed hashes, never flagged text.
    PHI_KEPT = "phi_kept", _("Published with kept identifier findings")


class Report(models.Model):
    """A member's report of a post, or echohub's automatic one, for the moderation queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=10, choices=ReportKind.choices, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="community_report_open")]

    def __str__(self) -> str:
        return f"report on post {self.post_id}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"community/{instance.post.thread.program_id}/{instance.post_id}/{instance.token}"


def private_storage() -> FileSystemStorage:
    """Files outside any served directory: only the permission-checked view reads them."""
    return FileSystemStorage(location=settings.VAR_DIR / "private", base_url=None)


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=_attachment_path, storage=private_storage, max_length=200)
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away, one email per message")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    OFF = "off", _("No email (notifications in echohub only)")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_settings"
    )
    email = models.CharField(
        _("email me"), max_length=10, choices=EmailMode.choices, default=EmailMode.DAILY
    )
    #: When the last daily / weekly digest went out (each mode has its own period).
    last_digest_at = models.DateTimeField(null=True, blank=True)
    last_weekly_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class Subscription(models.Model):
    """Someone following a thread (its author and everyone who replied follow it); `email`
    overrides their own setting for this thread ('' = their setting)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=EmailMode.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="community_subscribe_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("New reply")
    MENTION = "mention", _("Mentioned you")
    ACCEPTED = "accepted", _("Your answer was accepted")
    #: A coordinator hid the person's message (with their reason, if they gave one).
    HIDDEN = "hidden", _("A coordinator hid your message")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    #: Why a coordinator hid the message (`hidden` only; checked for identifiers, may be empty).
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    #: How this one is emailed (the thread's override or the person's setting, when made).
    email = models.CharField(max_length=10, choices=EmailMode.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    #: Emailed, or done with (a digest listed it, it was read first, or its thread is no
    #: longer theirs). A "right away" email sets it only once the mail server took the email.
    emailed_at = models.DateTimeField(null=True, blank=True)
    #: "Right away" emails: the last try's claim (see `programs.AnnouncementRecipient`): when,
    #: the run holding it ("" once that try ended), and tries so far (at most MAX_ATTEMPTS).
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_claim_token = models.CharField(max_length=32, blank=True, default="")
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["user", "read_at"], name="community_unread"),
            models.Index(fields=["user", "-id"], name="community_notif_list"),
            # The digest: what each person has not been emailed yet, by mode.
            models.Index(
                fields=["email", "emailed_at", "user"],
                name="community_notif_digest",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
