"""Every change to the community: threads, posts (identifier check, editing with history,
removal), reactions, accepted answers, attachments, moderation, subscriptions and notifications.

A post is checked like case text (echohub.core.phi_check, the cases app's flow): a post with
findings its author has not explained is saved HELD, seen by its author only, with the findings
marked in place; it is published (and notified) once every finding is fixed or explained.
Services check permissions themselves, so the pages, the API and the CLI refuse the same things.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.community import markup
from echohub.community.models import (
    Attachment,
    EmailMode,
    Notification,
    NotificationKind,
    NotificationSettings,
    Post,
    PostPhiOverride,
    PostRevision,
    PostStatus,
    Reaction,
    ReactionKind,
    Report,
    ReportKind,
    Subscription,
    Thread,
    ThreadKind,
    Topic,
)
from echohub.community.queries import (
    forget_held,
    forget_unread,
    may_open_case_thread,
    readable_pairs,
    unread_count,
)
from echohub.core import audit, limits
from echohub.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from echohub.core.models import AuditEntry
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.core.phi_check import text_hash as keyed_hash
from echohub.programs.models import Membership, Program
from echohub.programs.rules import PERMISSIONS, has_perm
from echohub.scheduling.models import AgendaItem, AgendaKind

#: Roles whose members can be mentioned (those who may post).
POSTING_ROLES = sorted(PERMISSIONS["community.post"])
#: One post (a long answer with a reference list fits; a pasted chart does not).
POST_MAX = 10_000
TITLE_MAX = 160
#: The least a new discussion needs to be worth reading: a title of a few letters and a first
#: message of a sentence; any other message needs more than one letter or sign (one letter or
#: "?" was published before; walk 1224). Checked by check_title and check_body, which every door
#: (pages, API, live console) goes through.
TITLE_MIN = 4
THREAD_BODY_MIN = 15
#: Posts and new threads one person may write in 24 hours: a busy day in a national network
#: is a handful; more is a script or a stuck button, and each notifies every subscriber.
POSTS_PER_DAY = 50
#: Edits one person may save in 24 hours (each writes a revision and is checked again): fixing
#: typos is a few a day; hundreds is a script.
EDITS_PER_DAY = 100
REPORT_REASON_MAX = 500
#: An author's reason for keeping a flagged part must say something: at least this many
#: characters and distinct words, and words of its own (not only the flagged text's words).
OVERRIDE_REASON_MIN_CHARS = 15
OVERRIDE_REASON_MIN_WORDS = 3
OVERRIDE_REASON_MAX = 300
#: Attachments: a few PDF or image files per post, each at most this large.
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_PER_POST = 3
#: File signatures (magic numbers) -> content type: the name and the browser's type are not trusted.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]


class PhiFound(DomainError):
    """The post is held: these findings must be fixed or explained before anyone else sees it."""

    status = 422

    def __init__(self, post: Post, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            ngettext(
                "Your message may contain identifying information (%(n)d finding). It is "
                "saved but not published: fix or explain it.",
                "Your message may contain identifying information (%(n)d findings). It is "
                "saved but not published: fix or explain each one.",
                len(findings),
            )
            % {"n": len(findings)},
        )
        self.post = post
        self.findings = findings


@dataclass
class FileIn:
    """An uploaded file as the services take it (web form or API)."""

    name: str
    data: bytes

    @classmethod
    def from_upload(cls, upload: UploadedFile) -> FileIn:
        if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
            raise _too_big(upload.name or "")
        return cls(name=upload.name or "file", data=upload.read())


def _too_big(name: str) -> DomainError:
    return DomainError(
        "file_too_big",
        _("%(name)s is larger than %(mb)d MB.")
        % {"name": name, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        field="files",
    )


# --- permissions -------------------------------------------------------------------------------


def _require(actor: Any, program: Program, perm: str = "community.post") -> None:
    if not has_perm(actor, program, perm):
        raise PermissionDenied(_("Your role in this program does not allow this."))


def _is_moderator(actor: Any, program: Program) -> bool:
    return has_perm(actor, program, "community.moderate")


def _require_open(actor: Any, thread: Thread) -> None:
    if thread.locked and not _is_moderator(actor, thread.program):
        raise Conflict("thread_locked", _("This discussion is locked: no new replies."))


def check_body(body: str, *, first: bool = False) -> str:
    """A message's text as stored (trimmed), or a DomainError in the words the pages show: empty
    (`body_required`), over POST_MAX (`too_long`), or saying too little (`too_short`: a
    discussion's first message needs THREAD_BODY_MIN characters, any other message more than one
    letter or sign). Every door (pages, API, live console) passes here, so all refuse alike."""
    return limits.check_message(
        body,
        most=POST_MAX,
        least=THREAD_BODY_MIN if first else 0,
        too_short=gettext_lazy(
            "Say a little more so colleagues can answer: at least %(n)d characters, "
            "a sentence or a question."
        ),
        says_nothing=gettext_lazy(
            "Write a few words: a reply of one letter or a sign alone says nothing."
        ),
    )


def _check_cap(actor: User) -> None:
    since = timezone.now() - dt.timedelta(days=1)
    used = Post.objects.filter(author=actor, created_at__gte=since).count()
    limits.check_daily_cap(used=used, cap=POSTS_PER_DAY, what=gettext_lazy("messages"))


def _check_edit_cap(actor: User) -> None:
    since = timezone.now() - dt.timedelta(days=1)
    used = AuditEntry.objects.filter(
        actor=actor, action="community.post_edited", at__gte=since
    ).count()
    limits.check_daily_cap(used=used, cap=EDITS_PER_DAY, what=gettext_lazy("message edits"))


# --- the identifier check ----------------------------------------------------------------------


def post_findings(post: Post) -> list[FieldFinding]:
    """The findings in a post's text (those its author explained marked overridden); the title
    a member typed for a discussion is checked with its first post (case and talk threads have
    titles made by echohub), and attachment names with the post they belong to."""
    overrides = post.phi_overrides.values_list("field", "kind", "text_hash")
    texts = checked_texts(post)
    return _outside_member_mentions(
        post.thread.program, texts["body"], check_fields(texts, overrides)
    )


def _outside_member_mentions(
    program: Program, body: str, findings: list[FieldFinding]
) -> list[FieldFinding]:
    """`findings` less those inside an @mention of a member of the program (`@ana.lopes`
    names a colleague on the platform, not a patient; the scanner reads lower-case @handles
    of chat exports as people's names since 1.15.0). An @handle that names no member is
    checked like any other text."""
    if "@" not in body:
        return findings
    spans = markup.mention_spans(body)
    unknown = set(unknown_mentions(program, body))
    known = set(markup.mention_handles(body)[:20]) - unknown
    member_spans = [(start, end) for start, end, handle in spans if handle in known]
    if not member_spans:
        return findings
    return [
        f
        for f in findings
        if not (f.field == "body" and any(s <= f.start and f.end <= e for s, e in member_spans))
    ]


def checked_texts(post: Post) -> dict[str, str]:
    """What the identifier check reads in a post (field -> text): its body, the title of a
    discussion with its first message, and its attachments' names (`file1`, `file2`... in the
    order they were attached: they are published with it)."""
    texts = {"body": post.body}
    thread = post.thread
    if thread.kind == ThreadKind.TOPIC and thread.author_id == post.author_id and _is_first(post):
        texts["title"] = thread.title
    for i, attachment in enumerate(sorted(post.attachments.all(), key=lambda a: a.pk), 1):
        texts[f"file{i}"] = attachment.name
    return texts


def _is_first(post: Post) -> bool:
    return not Post.objects.filter(thread_id=post.thread_id, pk__lt=post.pk).exists()


def first_published(thread: Thread) -> bool:
    """Whether the thread's first post was ever published (its title checked with it)."""
    first = Post.objects.filter(thread=thread).order_by("pk").values_list("published_at", flat=True)
    return first.first() is not None


def shown_revisions(post: Post) -> list[PostRevision]:
    """The post's earlier versions that may be shown: those whose text passes the identifier
    check (with the author's explanations); held text kept before this rule is left out."""
    overrides = list(post.phi_overrides.values_list("field", "kind", "text_hash"))
    program = post.thread.program
    return [
        rev
        for rev in post.revisions.all()
        if not any(
            not f.overridden
            for f in _outside_member_mentions(
                program, rev.body, check_fields({"body": rev.body}, overrides)
            )
        )
    ]


def open_findings(post: Post) -> list[FieldFinding]:
    return [f for f in post_findings(post) if not f.overridden]


def _check_and_publish(actor: User, post: Post) -> list[FieldFinding]:
    """Publish the post when nothing is left to explain; else keep it (or put it back) held.
    Returns the open findings (also kept on the post as `open_findings` for the caller)."""
    findings = open_findings(post)
    if findings:
        if post.status == PostStatus.PUBLISHED:
            post.status = PostStatus.HELD
            post.save(update_fields=["status"])
            _recount(post.thread)
    elif post.status == PostStatus.HELD:
        _publish(actor, post)
    post.open_findings = findings  # type: ignore[attr-defined]
    return findings


def held_error(post: Post) -> PhiFound | None:
    """The PhiFound the API answers for a held post (None when it is published)."""
    findings = getattr(post, "open_findings", None)
    if findings is None:
        findings = open_findings(post) if post.status == PostStatus.HELD else []
    return PhiFound(post, findings) if findings else None


@transaction.atomic
def override_finding(*, actor: User, post: Post, key: str, reason: str) -> Post:
    """The author explains why a flagged span is not identifying (as for case text: the reason
    is checked too, stored with the finding; the audit keeps only the reason's keyed hash)."""
    if post.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can explain a finding."))
    if post.status == PostStatus.REMOVED:
        raise Conflict("post_removed", _("This message was removed."))
    field, kind, digest = [*key.split(":", 2), "", ""][:3]
    finding = next((f for f in post_findings(post) if f.key == key), None)
    if finding is None:
        raise DomainError("invalid_finding", _("This finding is no longer in the text."))
    reason = " ".join(reason.split())
    limits.check_lengths({"reason": reason}, OVERRIDE_REASON_MAX)  # as the form and the API
    flagged = checked_texts(post).get(finding.field, "")[finding.start : finding.end]
    if check_fields({"reason": reason}):
        raise DomainError(
            "reason_identifying",
            _(
                "Your reason itself looks like it contains an identifier (a name, date, place "
                'or number). Say why in general words, e.g. "a drug brand, not a person".'
            ),
            field="reason",
        )
    _check_override_reason(reason, flagged)
    PostPhiOverride.objects.get_or_create(
        post=post,
        field=field,
        kind=kind,
        text_hash=digest,
        defaults={"reason": reason, "actor": actor},
    )
    audit.record(
        actor=actor,
        action="community.phi_overridden",
        obj=post,
        program=post.thread.program,
        changes={"field": field, "kind": kind, "reason_hash": keyed_hash(reason)[:16]},
    )
    _check_and_publish(actor, post)  # other findings may remain: the post stays held
    return post


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _check_override_reason(reason: str, flagged: str) -> None:
    """A reason that says something: long enough, a few distinct words, and not only the
    flagged text's own words (repeating "1234-567-890" or "John Smith" explains nothing)."""
    words = _words(reason)
    own = words - _words(flagged)
    if (
        len(reason) < OVERRIDE_REASON_MIN_CHARS
        or len(words) < OVERRIDE_REASON_MIN_WORDS
        or len(own) < OVERRIDE_REASON_MIN_WORDS - 1
    ):
        raise DomainError(
            "reason_required",
            _(
                "Say in a few words of your own (at least %(chars)d characters and %(words)d "
                'words) why the marked part is not identifying, e.g. "a drug brand, not a '
                'person" or "the clinic\'s public phone line".'
            )
            % {"chars": OVERRIDE_REASON_MIN_CHARS, "words": OVERRIDE_REASON_MIN_WORDS},
            field="reason",
        )


def _report_kept_findings(post: Post) -> None:
    """A post published with findings its author kept goes to the moderation queue: an
    automatic report (one open at a time per post) naming the kinds, fields and the reasons'
    keyed hashes, never the flagged text or the reasons (moderators open the message itself,
    which they may read, to review it)."""
    kept = [f for f in post_findings(post) if f.overridden]  # still in the text
    if not kept:
        return
    reasons = {
        (field, kind, digest): reason
        for field, kind, digest, reason in post.phi_overrides.values_list(
            "field", "kind", "text_hash", "reason"
        )
    }
    parts = []
    for f in kept:
        digest = keyed_hash(reasons.get((f.field, f.kind, f.text_hash), ""))[:12]
        parts.append(f"{f.kind} in {f.field} (reason #{digest})")
    summary = "; ".join(parts)[:REPORT_REASON_MAX]
    open_auto = Report.objects.filter(post=post, kind=ReportKind.PHI_KEPT, resolved_at__isnull=True)
    if open_auto.exists():
        open_auto.update(reason=summary)
        return
    Report.objects.create(
        post=post, reporter_id=post.author_id, reason=summary, kind=ReportKind.PHI_KEPT
    )


# --- threads -----------------------------------------------------------------------------------


def check_title(title: str) -> str:
    """A discussion's title as stored (runs of spaces folded), or a DomainError in the words the
    pages show: empty (`title_required`), over TITLE_MAX (`too_long`), or under TITLE_MIN
    characters or without two letters or digits (`too_short`)."""
    title = " ".join(title.split())
    if not title:
        raise DomainError("title_required", _("Give the discussion a title."), field="title")
    limits.check_lengths({"title": title}, TITLE_MAX)
    if limits.says_too_little(title, TITLE_MIN):
        message = _(
            "Give the discussion a title of at least %(n)d characters that says what it is about."
        ) % {"n": TITLE_MIN}
        raise DomainError("too_short", message, field="title")
    return title


@transaction.atomic
def start_thread(
    *,
    actor: User,
    topic: Topic,
    title: str,
    body: str,
    files: Iterable[FileIn] = (),
) -> Post:
    """A new discussion in a topic with its first message (held when it needs explaining:
    the thread is listed once its first message is published)."""
    program = topic.program
    _require(actor, program)
    title = check_title(title)
    body = check_body(body, first=True)
    _check_cap(actor)
    thread = Thread.objects.create(
        program=program, kind=ThreadKind.TOPIC, topic=topic, title=title, author=actor, hidden=True
    )
    forget_held(actor)
    audit.record(actor=actor, action="community.thread_started", obj=thread, program=program)
    return _new_post(actor, thread, body, files)


def case_thread(*, actor: User, case: Case) -> Thread:
    """The case's thread, made on its first post (by anyone who may read the case)."""
    if not may_open_case_thread(actor, case):
        raise NotFound()
    thread, created = Thread.objects.get_or_create(
        case=case,
        defaults={
            "program": case.program,
            "kind": ThreadKind.CASE,
            "title": str(case.number or case.pk),  # shown as Thread.label
            "author": actor,
        },
    )
    if created:
        audit.record(
            actor=actor, action="community.thread_started", obj=thread, program=case.program
        )
    return thread


def talk_thread(*, actor: User, item: AgendaItem) -> Thread:
    """The questions-after-the-talk thread of a didactic agenda item, made on its first post."""
    program = item.session.program
    _require(actor, program)
    if item.kind != AgendaKind.DIDACTIC:
        raise NotFound()
    thread, created = Thread.objects.get_or_create(
        agenda_item=item,
        defaults={
            "program": program,
            "kind": ThreadKind.TALK,
            "title": (item.title or item.get_kind_display())[:TITLE_MAX],
            "author": actor,
        },
    )
    if created:
        audit.record(actor=actor, action="community.thread_started", obj=thread, program=program)
    return thread


# --- posts -------------------------------------------------------------------------------------


@transaction.atomic
def reply(*, actor: User, thread: Thread, body: str, files: Iterable[FileIn] = ()) -> Post:
    """A reply: published at once when the identifier check finds nothing to explain, else
    saved held with `open_findings` set (see held_error): nothing typed is lost."""
    _require(actor, thread.program)
    case = thread.case if thread.kind == ThreadKind.CASE else None
    if case is not None and not may_open_case_thread(actor, case):
        raise NotFound()
    _require_open(actor, thread)
    if thread.pk and thread.hidden:
        if thread.kind == ThreadKind.TOPIC and not first_published(thread):
            # Held: its author fixes or explains the first message before anything else.
            raise Conflict(
                "first_post_held",
                _(
                    "Your first message is not published yet: fix or explain the marked "
                    "identifiers first, then replies are open."
                ),
            )
        if not _is_moderator(actor, thread.program):
            raise Conflict(
                "thread_hidden", _("This discussion was hidden by a moderator: no new replies.")
            )
    body = check_body(body)
    _check_cap(actor)
    return _new_post(actor, thread, body, files)


def _new_post(actor: User, thread: Thread, body: str, files: Iterable[FileIn]) -> Post:
    files = list(files)
    if len(files) > ATTACHMENTS_PER_POST:
        raise DomainError(
            "too_many_files",
            _("Attach at most %(n)d files to one message.") % {"n": ATTACHMENTS_PER_POST},
            field="files",
        )
    checked = [(f, _file_type(f)) for f in files]
    post = Post.objects.create(
        thread=thread, author=actor, body=body, html=markup.render(body), status=PostStatus.HELD
    )
    for f, content_type in checked:
        _store(post, f, content_type)
    audit.record(
        actor=actor,
        action="community.post_written",
        obj=post,
        program=thread.program,
        changes={"thread": thread.pk, "files": len(checked)},
    )
    _check_and_publish(actor, post)  # held (saved, not raised: nothing typed is lost)
    return post


def _file_type(f: FileIn) -> str:
    if len(f.data) > ATTACHMENT_MAX_BYTES:
        raise _too_big(f.name)
    for magic, content_type in SIGNATURES:
        if f.data.startswith(magic):
            return content_type
    raise DomainError(
        "file_type",
        _("%(name)s is not a PDF or an image (PNG, JPEG, GIF).") % {"name": f.name[:80]},
        field="files",
    )


def _file_name(raw: str) -> str:
    """A file name as stored and shown: no path, no direction-changing or control characters
    (stripped, not refused: the message and its file are kept), at most 120 characters."""
    kept = "".join(
        "_" if char in "/\\" else " " if unicodedata.category(char) == "Cc" else char
        for char in raw
        if char not in limits.BIDI_CONTROLS
    )
    return limits.clean_name(kept)[:120].strip() or "file"


def _store(post: Post, f: FileIn, content_type: str) -> Attachment:
    from django.core.files.base import ContentFile

    name = _file_name(f.name)
    attachment = Attachment(
        post=post,
        token=secrets.token_hex(16),
        name=name,
        content_type=content_type,
        size=len(f.data),
    )
    attachment.file.save(attachment.token, ContentFile(f.data), save=False)
    attachment.save()
    return attachment


def _publish(actor: User, post: Post) -> None:
    now = timezone.now()
    post.status = PostStatus.PUBLISHED
    first = post.published_at is None
    post.published_at = post.published_at or now
    post.save(update_fields=["status", "published_at"])
    thread = post.thread
    if first:
        # A new message: one more, and the latest (no count of the thread's posts).
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        thread.post_count += 1
        thread.last_post_at = now
    else:
        _recount(thread)  # an edited message published again
    listed = thread.kind == ThreadKind.TOPIC and thread.hidden
    if first and listed and thread.author_id == post.author_id and _is_first(post):
        # The first message published: the thread is listed.
        Thread.objects.filter(pk=thread.pk).update(hidden=False)
        thread.hidden = False
        forget_held(actor)
        if thread.topic_id:
            Topic.objects.filter(pk=thread.topic_id).update(thread_count=F("thread_count") + 1)
    if thread.topic_id:
        Topic.objects.filter(pk=thread.topic_id).update(last_post_at=now)
    audit.record(actor=actor, action="community.post_published", obj=post, program=thread.program)
    _report_kept_findings(post)
    if first:
        Subscription.objects.get_or_create(thread=thread, user=post.author)
        # The followers' and mentioned people's notifications are written by a job (queued in
        # this transaction: it exists only if the post does); with the immediate backend it
        # runs here. Posting itself stays the identifier check and a few writes.
        from echohub.community.tasks import notify_new_post

        notify_new_post.enqueue(post.pk)


def _recount(thread: Thread) -> None:
    published = Post.objects.filter(thread=thread, status=PostStatus.PUBLISHED)
    last = published.order_by("-published_at").values_list("published_at", flat=True).first()
    count = published.count()
    Thread.objects.filter(pk=thread.pk).update(post_count=count, last_post_at=last)
    thread.post_count = count
    thread.last_post_at = last


@transaction.atomic
def edit_post(*, actor: User, post: Post, body: str, version: int | None = None) -> Post:
    """A new text for a post: the previous one is kept as a revision (seen by the author and
    moderators) when it was published (a held text is replaced, never kept), and the new text
    is checked again (held if it needs explaining)."""
    post = Post.objects.select_for_update().select_related("thread__program").get(pk=post.pk)
    program = post.thread.program
    if post.author_id != actor.pk and not _is_moderator(actor, program):
        raise PermissionDenied(_("Only the author or a moderator can edit this message."))
    if post.status == PostStatus.REMOVED:
        raise Conflict("post_removed", _("This message was removed."))
    if version is not None and version != post.version:
        raise Conflict(
            "stale_post", _("This message was changed meanwhile. Copy your text, reload, merge.")
        )
    # The first message of a topic's discussion keeps the least a new discussion needs.
    body = check_body(body, first=post.thread.kind == ThreadKind.TOPIC and _is_first(post))
    if body == post.body:
        return post
    _check_edit_cap(actor)
    if post.status != PostStatus.HELD:
        # Held text never passed the identifier check: it is not kept for anyone to read.
        PostRevision.objects.create(post=post, version=post.version, body=post.body)
    post.body, post.html = body, markup.render(body)
    post.version += 1
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "html", "version", "edited_at"])
    audit.record(
        actor=actor,
        action="community.post_edited",
        obj=post,
        program=program,
        changes={"version": post.version},
    )
    _check_and_publish(actor, post)
    return post


@transaction.atomic
def remove_post(*, actor: User, post: Post) -> Post:
    """Delete a message: "removed" stays in its place; its text, history and files go."""
    program = post.thread.program
    if post.author_id != actor.pk and not _is_moderator(actor, program):
        raise PermissionDenied(_("Only the author or a moderator can delete this message."))
    if post.status == PostStatus.REMOVED:
        return post
    for attachment in post.attachments.all():
        attachment.file.delete(save=False)
    post.attachments.all().delete()
    post.revisions.all().delete()
    # The author's reasons for kept findings go with the text; its open reports are settled.
    post.phi_overrides.all().delete()
    Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, outcome="removed"
    )
    post.status, post.body, post.html = PostStatus.REMOVED, "", ""
    post.save(update_fields=["status", "body", "html"])
    if post.thread.accepted_post_id == post.pk:
        Thread.objects.filter(pk=post.thread_id).update(accepted_post=None)
    _recount(post.thread)
    audit.record(actor=actor, action="community.post_removed", obj=post, program=program)
    return post


@transaction.atomic
def toggle_reaction(*, actor: User, post: Post, kind: str) -> bool:
    """Add the person's reaction of this kind, or take it back. Returns whether it is on."""
    _require(actor, post.thread.program)
    if kind not in ReactionKind.values:
        raise DomainError("invalid_reaction", _("Unknown reaction."), field="kind")
    if post.status != PostStatus.PUBLISHED or post.hidden:
        raise Conflict("not_published", _("This message cannot be reacted to."))
    if post.author_id == actor.pk:
        raise Conflict("own_post", _("You cannot react to your own message."))
    deleted, _rows = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, user=actor, kind=kind)
    return True


def askers(thread: Thread) -> set[int]:
    """Who may mark the thread's accepted answer besides moderators: its author and, in a
    case's thread, the case's presenter (the hub may answer before the presenter writes)."""
    ids = {thread.author_id}
    presenter = case_presenter_id(thread)
    if presenter:
        ids.add(presenter)
    return ids


def case_presenter_id(thread: Thread) -> int | None:
    """The presenter of a case thread's case (None for other threads); no query when the
    thread's case is loaded."""
    if thread.kind != ThreadKind.CASE or not thread.case_id:
        return None
    if Thread.case.is_cached(thread):
        return thread.case.presenter_id if thread.case else None
    found = Case.objects.filter(pk=thread.case_id).values_list("presenter_id", flat=True)
    return found.first()


@transaction.atomic
def accept_answer(*, actor: User, post: Post | None, thread: Thread) -> Thread:
    """Mark (or with None, unmark) the accepted answer: the person who asked (the thread's
    author; in a case's thread, the case's presenter too) or a moderator."""
    program = thread.program
    if actor.pk not in askers(thread) and not _is_moderator(actor, program):
        raise PermissionDenied(
            _("Only the person who asked or a moderator can mark the accepted answer.")
        )
    if post is not None and (post.thread_id != thread.pk or post.status != PostStatus.PUBLISHED):
        raise DomainError("invalid_post", _("Choose a published reply of this discussion."))
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    audit.record(
        actor=actor,
        action="community.answer_accepted",
        obj=thread,
        program=program,
        changes={"post": post.pk if post else None},
    )
    if post is not None and post.author_id != actor.pk:
        _notify(post.author_id, post, NotificationKind.ACCEPTED, thread)
    return thread


# --- moderation --------------------------------------------------------------------------------


@transaction.atomic
def moderate_thread(
    *, actor: User, thread: Thread, action: str, topic: Topic | None = None
) -> Thread:
    """pin / unpin / lock / unlock / hide / show / move (to `topic` of the same program)."""
    program = thread.program
    _require(actor, program, "community.moderate")
    changes: dict[str, Any] = {"action": action}
    if action in ("pin", "unpin"):
        thread.pinned = action == "pin"
    elif action in ("lock", "unlock"):
        thread.locked = action == "lock"
    elif action in ("hide", "show"):
        if action == "show" and thread.kind == ThreadKind.TOPIC and not first_published(thread):
            raise Conflict(
                "first_post_held",
                _(
                    "This discussion cannot be shown: its first message is not published "
                    "(it awaits its author's check for identifying information)."
                ),
            )
        if thread.topic_id and thread.hidden != (action == "hide"):
            delta = -1 if action == "hide" else 1
            Topic.objects.filter(pk=thread.topic_id).update(thread_count=F("thread_count") + delta)
        thread.hidden = action == "hide"
    elif action == "move":
        if topic is None or topic.program_id != program.pk or thread.kind != ThreadKind.TOPIC:
            raise DomainError("invalid_topic", _("Choose a topic of this program."), field="topic")
        if topic.pk != thread.topic_id and not thread.hidden:
            Topic.objects.filter(pk=thread.topic_id or 0).update(thread_count=F("thread_count") - 1)
            Topic.objects.filter(pk=topic.pk).update(thread_count=F("thread_count") + 1)
        changes["from"], changes["to"] = thread.topic_id, topic.pk
        thread.topic = topic
    else:
        raise DomainError("invalid_action", _("Unknown action."))
    thread.save()
    audit.record(
        actor=actor,
        action="community.thread_moderated",
        obj=thread,
        program=program,
        changes=changes,
    )
    return thread


#: A coordinator's reason for hiding a message (told to its author).
HIDE_REASON_MAX = 300


def _check_hide_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    limits.check_lengths({"reason": reason}, HIDE_REASON_MAX)
    if reason and check_fields({"reason": reason}):
        raise DomainError(
            "reason_identifying",
            _(
                "Your reason looks like it contains an identifier (a name, date, place or "
                'number). Say why in general words, e.g. "names a patient" or "off topic".'
            ),
            field="reason",
        )
    return reason


@transaction.atomic
def moderate_post(*, actor: User, post: Post, hide: bool, reason: str = "") -> Post:
    """Hide (or show again) a message. Its author is told when it is hidden, with the reason
    if one is given (in the app, and by email as they chose); the audit keeps only that a
    reason was given."""
    program = post.thread.program
    _require(actor, program, "community.moderate")
    reason = _check_hide_reason(reason) if hide else ""
    newly = hide and not post.hidden
    post.hidden = hide
    post.save(update_fields=["hidden"])
    Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, outcome="hidden" if hide else "kept"
    )
    audit.record(
        actor=actor,
        action="community.post_hidden" if hide else "community.post_shown",
        obj=post,
        program=program,
        changes={"reason": bool(reason)} if hide else None,
    )
    if newly and post.author_id != actor.pk and post.status == PostStatus.PUBLISHED:
        _notify(post.author_id, post, NotificationKind.HIDDEN, post.thread, reason=reason)
    return post


class ReasonFound(DomainError):
    """A report's reason looks like it contains an identifier: nothing is stored; the findings
    are shown on the typed text (kept in the form) so the reporter can say it in general words."""

    def __init__(self, reason: str, findings: list[FieldFinding]) -> None:
        super().__init__(
            "reason_identifying",
            _(
                "Your reason looks like it contains an identifier (a name, date, place or "
                'number). Say what is wrong in general words, e.g. "names a patient" or '
                '"off topic".'
            ),
            field="reason",
        )
        self.reason = reason
        self.findings = findings


@transaction.atomic
def report_post(*, actor: User, post: Post, reason: str) -> Report:
    """A member reports someone else's published message to the coordinators, with a reason
    checked for identifiers like a hide reason (nothing is stored when it is flagged)."""
    program = post.thread.program
    _require(actor, program)
    if post.status != PostStatus.PUBLISHED:
        raise Conflict("not_published", _("Only a published message can be reported."))
    if post.author_id == actor.pk:
        raise Conflict(
            "own_post",
            _("You cannot report your own message: edit or delete it instead."),
        )
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise DomainError(
            "reason_required", _("Say briefly what is wrong with this message."), field="reason"
        )
    limits.check_lengths({"reason": reason}, REPORT_REASON_MAX)
    findings = check_fields({"reason": reason})
    if findings:
        raise ReasonFound(reason, findings)
    mine = Report.objects.filter(post=post, reporter=actor, resolved_at__isnull=True, kind="")
    if mine.exists():
        raise Conflict("already_reported", _("You have already reported this message."))
    report = Report.objects.create(post=post, reporter=actor, reason=reason)
    # The reason may name someone: the audit keeps that a report was made, not its words.
    audit.record(actor=actor, action="community.post_reported", obj=post, program=program)
    return report


@transaction.atomic
def dismiss_report(*, actor: User, report: Report) -> Report:
    program = report.post.thread.program
    _require(actor, program, "community.moderate")
    # The queue shows a message's reports as one entry: dismissing it dismisses them all.
    Report.objects.filter(post_id=report.post_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, outcome="dismissed"
    )
    report.refresh_from_db()
    audit.record(actor=actor, action="community.report_dismissed", obj=report.post, program=program)
    return report


@transaction.atomic
def save_topic(
    *,
    actor: User,
    program: Program,
    title: str,
    description: str = "",
    topic: Topic | None = None,
    title_fr: str = "",
    description_fr: str = "",
) -> Topic:
    """Add or change a topic; its title and description in English and, optionally, French
    (shown in the reader's language, echohub.core.bilingual)."""
    _require(actor, program, "community.moderate")
    title = " ".join(title.split())
    title_fr = " ".join(title_fr.split())
    if not title:
        raise DomainError("title_required", _("Give the topic a title."), field="title")
    limits.check_lengths({"title": title, "title_fr": title_fr}, 120)
    limits.check_lengths({"description": description, "description_fr": description_fr}, 300)
    values = {
        "title": title,
        "title_fr": title_fr,
        "description": description.strip(),
        "description_fr": description_fr.strip(),
    }
    if topic is None:
        position = Topic.objects.filter(program=program).count()
        topic = Topic.objects.create(program=program, position=position, **values)
    else:
        for key, value in values.items():
            setattr(topic, key, value)
        topic.save()
    audit.record(actor=actor, action="community.topic_saved", obj=topic, program=program)
    return topic


# --- subscriptions and notifications -----------------------------------------------------------


def email_mode_of(user: User) -> str:
    found = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return found or EmailMode.DAILY


@transaction.atomic
def set_email_mode(*, actor: User, mode: str) -> NotificationSettings:
    if mode not in EmailMode.values:
        raise DomainError("invalid_mode", _("Choose how you want to be emailed."), field="email")
    settings_row, _created = NotificationSettings.objects.get_or_create(user=actor)
    settings_row.email = mode
    settings_row.save(update_fields=["email"])
    # Pending notifications follow the new choice. "Off" wins over every thread's own choice
    # (the unsubscribe link stops all discussion email); otherwise a thread's choice stays.
    pending = Notification.objects.filter(user=actor, emailed_at__isnull=True)
    if mode == EmailMode.OFF:
        # Done with: never emailed, and not swept into a digest if they turn emails on again.
        pending.update(email=mode, emailed_at=timezone.now())
        return settings_row
    overrides = dict(
        Subscription.objects.filter(user=actor).exclude(email="").values_list("thread_id", "email")
    )
    pending.exclude(post__thread_id__in=list(overrides)).update(email=mode)
    for chosen in set(overrides.values()):
        threads = [tid for tid, value in overrides.items() if value == chosen]
        rows = pending.filter(post__thread_id__in=threads)
        if chosen == EmailMode.OFF:  # a thread set to off: done with, never emailed
            rows.update(email=chosen, emailed_at=timezone.now())
        else:
            rows.update(email=chosen)
    return settings_row


def email_for(person: str, thread_choice: str) -> str:
    """How one notification is emailed: the person's "off" wins over everything (it is what
    the unsubscribe link sets); otherwise the thread's own choice, else the person's."""
    if person == EmailMode.OFF:
        return EmailMode.OFF
    return thread_choice or person or EmailMode.DAILY


@transaction.atomic
def set_subscription(*, actor: User, thread: Thread, active: bool, email: str = "") -> Subscription:
    """Follow or stop following a thread; `email` overrides the person's setting for it
    (except "off": a person who turned discussion emails off gets none, see `email_for`)."""
    _require(actor, thread.program)
    if email and email not in EmailMode.values:
        raise DomainError("invalid_mode", _("Choose how you want to be emailed."), field="email")
    sub, _created = Subscription.objects.get_or_create(thread=thread, user=actor)
    sub.active, sub.email = active, email
    sub.save(update_fields=["active", "email"])
    return sub


def _members(program: Program) -> Any:
    return Membership.objects.filter(program=program, is_active=True, role__in=POSTING_ROLES)


def resolve_mentions(program: Program, body: str) -> list[int]:
    """User ids of the program's members named in the body as @first.last (or the part of
    their email before the @). Outsiders and unknown handles resolve to nobody."""
    handles = markup.mention_handles(body)[:20]
    if not handles:
        return []
    ids = _members(program).filter(_mention_q(handles)).values_list("user_id", flat=True)
    return list(ids.distinct())


def _mention_q(handles: list[str]) -> Q:
    q = Q()
    for handle in handles:
        first, _dot, last = handle.partition(".")
        if last:
            q |= Q(user__first_name__iexact=first, user__last_name__iexact=last)
        q |= Q(user__email__istartswith=f"{handle}@")
    return q


def unknown_mentions(program: Program, body: str) -> list[str]:
    """The @handles in the body that name no member of the program who may post (told to the
    author after posting: nobody is notified for them). One query."""
    handles = markup.mention_handles(body)[:20]
    if not handles:
        return []
    rows = list(
        _members(program)
        .filter(_mention_q(handles))
        .values_list("user__first_name", "user__last_name", "user__email")
    )

    def matches(handle: str) -> bool:
        h = handle.casefold()
        first, _dot, last = h.partition(".")
        return any(
            (last and (f or "").casefold() == first and (la or "").casefold() == last)
            or (e or "").casefold().startswith(f"{h}@")
            for f, la, e in rows
        )

    return [h for h in dict.fromkeys(handles) if not matches(h)]


def notify_new_post(post: Post) -> int:
    """Notify the thread's followers of a reply and the members mentioned in it (once each;
    never the author; only those who may read the thread now, a case thread's the case).
    Run by the `notify_new_post` job; a constant number of queries whatever the followers."""
    thread = post.thread
    mentioned = set(resolve_mentions(thread.program, post.body)) - {post.author_id}
    followers = set(
        Subscription.objects.filter(thread=thread, active=True)
        .exclude(user_id=post.author_id)
        .values_list("user_id", flat=True)
    )
    # Only those who may still read the thread (a follower may have left the program, or lost
    # access to the case since they followed it).
    readers = {
        user.pk: user
        for user in User.objects.filter(pk__in=mentioned | followers).only(
            "pk", "is_active", "is_superuser"
        )
    }
    allowed = {uid for uid, _tid in readable_pairs(readers, {(uid, thread.pk) for uid in readers})}
    mentioned &= allowed
    followers &= allowed
    kinds: dict[int, str] = {uid: NotificationKind.REPLY for uid in followers - mentioned}
    kinds.update({uid: NotificationKind.MENTION for uid in mentioned})
    _notify_many(kinds, post, thread)
    return len(kinds)


def _notify(user_id: int, post: Post, kind: str, thread: Thread, reason: str = "") -> None:
    _notify_many({user_id: kind}, post, thread, reason=reason)


def _notify_many(kinds: dict[int, str], post: Post, thread: Thread, reason: str = "") -> None:
    """One notification per person, emailed as their thread override or their setting says
    ("off" winning: `email_for`; three queries whatever the number of people; the immediate
    ones queued after commit)."""
    if not kinds:
        return
    ids = list(kinds)
    overrides = dict(
        Subscription.objects.filter(thread=thread, user_id__in=ids)
        .exclude(email="")
        .values_list("user_id", "email")
    )
    chosen = dict(
        NotificationSettings.objects.filter(user_id__in=ids).values_list("user_id", "email")
    )
    now = timezone.now()
    modes = {
        uid: email_for(chosen.get(uid) or EmailMode.DAILY, overrides.get(uid) or "") for uid in ids
    }
    notes = Notification.objects.bulk_create(
        Notification(
            user_id=uid,
            program=thread.program,
            post=post,
            kind=kind,
            reason=reason,
            email=modes[uid],
            # "Off": seen in echohub only, never pending for an email.
            emailed_at=now if modes[uid] == EmailMode.OFF else None,
        )
        for uid, kind in kinds.items()
    )
    now_ids = [n.pk for n in notes if n.email == EmailMode.IMMEDIATE]
    if now_ids:
        from echohub.community.tasks import send_notification_email

        for pk in now_ids:
            transaction.on_commit(partial(send_notification_email.enqueue, pk))


def mark_read(*, actor: User, program: Program | None = None, ids: Iterable[int] = ()) -> int:
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if program is not None:
        qs = qs.filter(program=program)
    ids = list(ids)
    if ids:
        qs = qs.filter(pk__in=ids)
    forget_unread(actor)
    return qs.update(read_at=timezone.now())


def mark_thread_read(*, actor: User, thread: Thread) -> int:
    """Mark the person's notifications of this thread read. Nothing to write (and no query
    beyond the unread count the page's menu shows anyway) when they have none unread."""
    unread = unread_count(actor, thread.program)
    if not unread:
        return 0
    here = Notification.objects.filter(user=actor, read_at__isnull=True, post__thread=thread)
    if not here.exists():  # a read, not a write transaction (SQLite: no lock, no sync)
        return 0
    done = here.update(read_at=timezone.now())
    forget_unread(actor, thread.program_id, unread - done)  # known: the menu needs no count
    return done
