"""A person's erasure in the community (called by `privacy.erasure`; see its docstring).

Removed: their notifications, thread follows and email setting; what they wrote that nobody else
ever saw (held posts, and a discussion whose first post was never published, with its typed
title); the earlier versions of their posts. Their name, email and @handle are replaced by
"Former participant #id" in every post, thread title, attachment name, report and explanation
that holds them. Kept: their published posts (de-identified by the identifier check, like a
case's content: the discussion and its replies stay whole), reactions and reports, now under
the anonymised account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from echohub.accounts.models import User
from echohub.community import markup
from echohub.community.models import (
    Attachment,
    Notification,
    NotificationSettings,
    Post,
    PostPhiOverride,
    PostRevision,
    PostStatus,
    Report,
    Subscription,
    Thread,
    ThreadKind,
)
from echohub.community.queries import first_post_published


def _unpublished_threads(person: User) -> Any:
    """Their discussions whose first post was never published (title unchecked, seen by them
    only): erased whole."""
    return Thread.objects.filter(author=person, kind=ThreadKind.TOPIC).exclude(
        first_post_published()
    )


def _held_posts(person: User) -> Any:
    return Post.objects.filter(author=person, status=PostStatus.HELD)


def preview(person: User) -> tuple[dict[str, int], dict[str, int]]:
    """(removed, kept) counts for the erasure preview."""
    removed = {
        "community_notifications": Notification.objects.filter(user=person).count()
        + Subscription.objects.filter(user=person).count()
        + NotificationSettings.objects.filter(user=person).count(),
        "community_unsent_posts": _held_posts(person).count(),
        "community_revisions": PostRevision.objects.filter(post__author=person).count(),
    }
    kept = {
        "community_posts": Post.objects.filter(author=person, status=PostStatus.PUBLISHED).count(),
    }
    return removed, kept


def _contains(fields: list[str], words: list[str]) -> Q:
    q = Q(pk__in=[])
    for word in words:
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
    return q


def erase(
    person: User, *, words: list[str], own_words: list[str], scrub: Callable[[str, list[str]], str]
) -> None:
    """Remove and anonymise as the module says. `words` (full name, email, licence, @handles)
    are replaced wherever they appear; `own_words` (also the first and last name alone) only in
    what the person wrote themselves. `scrub(text, words)` does the replacing."""
    doomed = Post.objects.filter(
        Q(thread__in=_unpublished_threads(person)) | Q(pk__in=_held_posts(person))
    )
    for attachment in Attachment.objects.filter(post__in=doomed):
        attachment.file.delete(save=False)
    doomed_ids = list(doomed.values_list("pk", flat=True))
    _unpublished_threads(person).delete()
    Post.objects.filter(pk__in=doomed_ids).delete()
    PostRevision.objects.filter(post__author=person).delete()
    Notification.objects.filter(user=person).delete()
    Subscription.objects.filter(user=person).delete()
    NotificationSettings.objects.filter(user=person).delete()
    if not words:
        return
    every = sorted(set(words) | set(own_words), key=len, reverse=True)
    found = _contains(["body"], words) | (Q(author=person) & _contains(["body"], every))
    for post in Post.objects.filter(found).exclude(status=PostStatus.REMOVED):
        post.body = scrub(post.body, every if post.author_id == person.pk else words)
        post.html = markup.render(post.body)
        post.save(update_fields=["body", "html"])
    found = _contains(["title"], words) | (Q(author=person) & _contains(["title"], every))
    for thread in Thread.objects.filter(found):
        thread.title = scrub(thread.title, every if thread.author_id == person.pk else words)[:160]
        thread.save(update_fields=["title"])
    for revision in PostRevision.objects.filter(_contains(["body"], words)):
        revision.body = scrub(revision.body, words)
        revision.save(update_fields=["body"])
    for attachment in Attachment.objects.filter(_contains(["name"], words)):
        attachment.name = scrub(attachment.name, words)[:120]
        attachment.save(update_fields=["name"])
    for report in Report.objects.filter(_contains(["reason"], words)):
        report.reason = scrub(report.reason, words)[:500]
        report.save(update_fields=["reason"])
    for override in PostPhiOverride.objects.filter(_contains(["reason"], words)):
        override.reason = scrub(override.reason, words)[:300]
        override.save(update_fields=["reason"])
