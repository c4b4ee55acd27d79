"""Community pages: topics, threads (htmx replies), case and talk threads, moderation,
notifications and email settings; the unsubscribe page (no sign-in) is in public_views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.cases.queries import visible_cases
from echohub.community import queries, services
from echohub.community.forms import (
    EditForm,
    MoveForm,
    OverrideForm,
    ReactionForm,
    ReplyForm,
    ReportForm,
    SettingsForm,
    ThreadEmailForm,
    ThreadForm,
    TopicForm,
)
from echohub.community.models import (
    Attachment,
    Notification,
    Post,
    PostStatus,
    ReactionKind,
    Subscription,
    Thread,
    ThreadKind,
    Topic,
)
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.core.phi_check import FieldFinding, highlight
from echohub.core.templatetags.echohub import local_date
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.programs.models import Program
from echohub.scheduling.models import AgendaItem, AgendaKind, SessionStatus

POST = "community.post"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _moderator(request: HttpRequest) -> bool:
    return "community.moderate" in request.program_perms  # type: ignore[attr-defined]


def _thread(request: HttpRequest, program: Program, pk: int) -> Thread:
    """The thread if the reader may read it (one query for a listed discussion: the rule is
    applied to the loaded row; case and hidden threads take the full query)."""
    thread = Thread.objects.filter(program=program, pk=pk).select_related("topic", "author").first()
    if thread is None:
        raise Http404
    thread.program = program
    thread.notice = ""  # type: ignore[attr-defined]
    if not queries.may_read_loaded(request.user, thread):
        # Its author still sees a discussion a moderator hid, read-only, with a notice; in a
        # hidden case or talk thread, those who wrote in it see their own messages.
        if not thread.hidden:
            raise Http404
        if thread.kind == ThreadKind.TOPIC:
            if thread.author_id != request.user.pk or not services.first_published(thread):
                raise Http404
            thread.notice = "moderator"  # type: ignore[attr-defined]
        else:
            _own_view_of_hidden(request, thread)
    elif thread.hidden and thread.kind == ThreadKind.TOPIC and not services.first_published(thread):
        thread.notice = "held"  # type: ignore[attr-defined]
    return thread


def _own_view_of_hidden(request: HttpRequest, thread: Thread) -> None:
    """A case or talk thread a moderator hid: someone who wrote in it (and, for a case, may
    still read the case) sees it read-only with only their own messages; anyone else 404."""
    if not queries.may_see_own_in_hidden(request.user, thread):
        raise Http404
    thread.notice = "moderator_own"  # type: ignore[attr-defined]


def _post(request: HttpRequest, program: Program, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread", "author").exclude(
            Q(status=PostStatus.HELD) & ~Q(author_id=request.user.pk)
        ),
        pk=pk,
        thread__in=queries.visible_threads(request.user, program),
    )
    post.thread.program = program
    return post


def _files(request: HttpRequest, form: Any) -> list[services.FileIn]:
    return [services.FileIn.from_upload(f) for f in form.cleaned_data.get("files") or []]


# --- lists -------------------------------------------------------------------------------------


@login_required
@program_view(POST)
def index(request: HttpRequest, program: Program) -> HttpResponse:
    """The program's topics; the reader's presented cases and recent talks (their threads)."""
    user = _user(request)
    topics = list(queries.topics_of(program))
    my_cases = list(
        visible_cases(user, program)
        .filter(presenter=user, status__in=queries.CASE_THREAD_STATUSES)
        .order_by("-updated_at")[:10]
    )
    talks = list(
        AgendaItem.objects.filter(
            session__program=program,
            kind=AgendaKind.DIDACTIC,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lt=timezone.now(),
        )
        .select_related("session")
        .order_by("-session__starts_at")[:10]
    )
    recent = list(
        queries.visible_threads(user, program)
        .filter(kind__in=[ThreadKind.CASE, ThreadKind.TALK])
        .filter(post_count__gt=0)
        .order_by("-last_post_at")[:10]
    )
    if my_cases:  # the case numbers are shown: an audited read of case metadata
        audit.record_reads(
            actor=user,
            action="case.list_read",
            object_type=Case._meta.label_lower,
            ids=[c.pk for c in my_cases],
            view="community.index",
            program=program,
        )
    return render(
        request,
        "community/index.html",
        program_context(
            request,
            program,
            topics=topics,
            my_cases=my_cases,
            talks=talks,
            recent=recent,
            unread=queries.unread_count(user, program),
            moderator=_moderator(request),
            topic_form=TopicForm(),
        ),
    )


@require_POST
@login_required
@program_view("community.moderate")
def topic_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            topic = services.save_topic(actor=_user(request), program=program, **form.cleaned_data)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Topic added."))
            return redirect(topic.get_absolute_url())
    else:
        messages.error(request, _("Give the topic a title."))
    return redirect("community:index", slug=program.slug)


@login_required
@program_view(POST)
def topic(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, program=program, pk=pk)
    topic.program = program
    listed = queries.topic_threads(request.user, program, topic)
    # The page's ids first (PostgreSQL reads them from the listed-threads index alone), then
    # those threads: no sort or skip over the wide rows of a topic with thousands of threads.
    pages = paginate(request, listed.values_list("pk", flat=True), queries.THREADS_PER_PAGE)
    threads = list(listed.filter(pk__in=list(pages["page_obj"].object_list)))
    base = reverse("community:thread", args=[program.slug, 0]).removesuffix("0/")
    held = set(queries.own_held_ids(request.user, program))
    held_counts = dict(
        Post.objects.filter(thread_id__in=held, author_id=request.user.pk)
        .exclude(status=PostStatus.REMOVED)
        .values("thread_id")
        .annotate(n=Count("id"))
        .values_list("thread_id", "n")
        if held
        else []
    )
    for t in threads:
        t.url = f"{base}{t.pk}/"  # type: ignore[attr-defined]
        # The reader's own discussion waiting for its first message's identifier check: their
        # held messages count (the published count is 0 until then).
        t.held = t.pk in held  # type: ignore[attr-defined]
        t.shown_count = held_counts.get(t.pk, 0) if t.pk in held else t.post_count  # type: ignore[attr-defined]
    return render(
        request,
        "community/topic.html",
        program_context(
            request,
            program,
            topic=topic,
            threads=threads,
            moderator=_moderator(request),
            **pages,
        ),
    )


@login_required
@program_view(POST)
def thread_new(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, program=program, pk=pk)
    topic.program = program
    form = ThreadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post = services.start_thread(
                    actor=_user(request),
                    topic=topic,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    files=_files(request, form),
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = 429 if err.status == 429 else 400
            else:
                if post.status == PostStatus.HELD:
                    messages.warning(
                        request,
                        _(
                            "Saved but not published: your message may contain identifying "
                            "information. Fix or explain each finding below."
                        ),
                    )
                else:
                    messages.success(request, _("Your discussion is published."))
                _tell_unknown_mentions(request, program, post)
                post.thread.program = program
                return redirect(post.get_absolute_url())
        else:
            status = 400
        form.say_files_not_kept()
    return render(
        request,
        "community/thread_new.html",
        program_context(request, program, topic=topic, form=form),
        status=status,
    )


# --- a thread ----------------------------------------------------------------------------------


def _held_view(post: Post) -> dict[str, Any]:
    """A held post's findings in place, as the case form shows them."""
    findings = services.post_findings(post)
    by_field: dict[str, list[FieldFinding]] = {}
    for f in findings:
        by_field.setdefault(f.field, []).append(f)
    fields = []
    texts = services.checked_texts(post)
    for n, (field, items) in enumerate(by_field.items()):
        text = texts.get(field, "")
        open_items = [
            (f, f.key, f"override-{post.pk}-{n}-{i}")
            for i, f in enumerate(items)
            if not f.overridden
        ]
        fields.append({"field": field, "html": highlight(text, items), "open": open_items})
    return {
        "fields": fields,
        "count": sum(len(f["open"]) for f in fields),
        # The reason box asks what the rule asks, so the browser stops a short one in place.
        "reason_min": services.OVERRIDE_REASON_MIN_CHARS,
    }


def _post_texts() -> dict[str, str]:
    """The words every post on a page repeats, translated once per page (not per post)."""
    return {
        "edited": _("edited"),
        "accepted": _("Accepted answer"),
        "hidden_badge": _("Hidden by a moderator"),
        "removed": _("Removed"),
        "hidden_text": _("Hidden by a moderator."),
        "files": _("Attached files"),
        "edit": _("Edit"),
        "history": _("Earlier versions"),
        "accept": _("Mark as accepted answer"),
        "unaccept": _("Unmark accepted answer"),
        "hide": _("Hide message"),
        "hide_reason": _("Reason told to the author (optional, no identifiers)"),
        "hide_yes": _("Hide it"),
        "show": _("Show message"),
        "delete": _("Delete"),
        "delete_confirm": _(
            "Delete this message? “Removed” will show in its place; its text, earlier versions "
            "and files are deleted."
        ),
        "delete_yes": _("Yes, delete it"),
        "report": _("Report"),
        "report_label": _("What is wrong with this message?"),
        "report_send": _("Send the report"),
    }


def _post_context(request: HttpRequest) -> dict[str, Any]:
    """What the post and reactions partials need besides the posts: the words and the CSRF
    field, made once per page (a page of 30 posts has up to 150 forms)."""
    return {
        "tx": _post_texts(),
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
    }


def _react_buttons(post: Post, reacts: dict[str, Any] | None) -> list[tuple[str, str, str, str]]:
    reacts = reacts or {"counts": {}, "mine": set()}
    return [
        (
            kind,
            str(label),
            "true" if kind in reacts["mine"] else "false",
            str(reacts["counts"].get(kind) or 0),
        )
        for kind, label in ReactionKind.choices
    ]


def _decorate(request: HttpRequest, program: Program, thread: Thread, posts: list[Post]) -> None:
    """Everything the post partial shows, computed here once per post (the template only
    prints: a page of 30 posts was mostly template lookups)."""
    user = _user(request)
    moderator = _moderator(request)
    may_accept = bool(thread.pk) and (moderator or user.pk in services.askers(thread))
    # Whose messages are not offered as the answer: the asker's (in a case's thread, the
    # presenter's, and the viewer's own: the hub's first message may be the answer).
    presenter = services.case_presenter_id(thread) if may_accept else None
    not_answers = {presenter, user.pk} if presenter else {thread.author_id}
    reactions = queries.reactions_for(user, [p.pk for p in posts])
    # The posts' action URLs from one reverse (a long page would otherwise reverse hundreds).
    base = reverse("community:post_edit", args=[program.slug, 0]).removesuffix("0/edit/")
    for post in posts:
        p: Any = post
        post.thread = thread
        published = post.status == PostStatus.PUBLISHED
        p.ref = str(post.pk)
        p.base_url = f"{base}{post.pk}/"
        p.mine = post.author_id == user.pk
        p.reacts = reactions.get(post.pk)
        p.react_buttons = _react_buttons(post, p.reacts)
        p.can_see_hidden = p.mine or moderator
        p.held = _held_view(post) if post.status == PostStatus.HELD else None
        p.author_name = post.author.full_name
        p.author_label = p.author_name or post.author.email
        local = timezone.localtime(post.created_at)
        p.when_iso = date_filter(local, "c")
        p.when = local_date(local, "datetime")
        p.accepted = post.pk == thread.accepted_post_id
        p.files = list(post.attachments.all())
        p.reactable = published and not post.hidden
        p.may_react = not p.mine
        p.can_edit = p.can_see_hidden
        p.show_accept = may_accept and published and post.author_id not in not_answers
        p.show_hide = moderator and published
        p.can_report = not p.mine and published


def _thread_context(
    request: HttpRequest, program: Program, thread: Thread, form: Any = None, **extra: Any
) -> dict[str, Any]:
    user = _user(request)
    posts_qs = queries.thread_posts(user, program, thread) if thread.pk else Post.objects.none()
    if getattr(thread, "notice", "") == "moderator_own":
        posts_qs = posts_qs.filter(author=user)
    # The page's ids first (narrow rows, in the (thread, id) index's order), then those posts:
    # a deep page never sorts or skips the wide rows (PostgreSQL sorted 600 bodies for page 20).
    paginator = Paginator(posts_qs.values_list("pk", flat=True), queries.POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page") or extra.pop("page", None))
    posts = list(posts_qs.filter(pk__in=list(page_obj.object_list))) if thread.pk else []
    _decorate(request, program, thread, posts)
    if thread.kind == ThreadKind.CASE and posts:
        # Posts in a case's thread discuss (and may quote) the case: an audited read.
        audit.record_reads(
            actor=user,
            action="case.thread_read",
            object_type=Post._meta.label_lower,
            ids=[p.pk for p in posts],
            view=f"community.case_thread:{thread.case_id}",
            program=program,
        )
    sub = Subscription.objects.filter(thread=thread, user=user).first() if thread.pk else None
    moderator = _moderator(request)
    return program_context(
        request,
        program,
        thread=thread,
        posts=posts,
        page_obj=page_obj,
        querystring_base="",
        form=form or ReplyForm(),
        moderator=moderator,
        files_url=reverse("community:attachment", args=[program.slug, "x"]).removesuffix("x/"),
        **_post_context(request),
        email_form=ThreadEmailForm(
            initial={"following": bool(sub and sub.active), "email": sub.email if sub else ""}
        ),
        following=bool(sub and sub.active),
        move_form=MoveForm(program=program, initial={"topic": thread.topic_id})
        if moderator
        else None,
        **extra,
    )


@login_required
@program_view(POST)
def thread(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    thread = _thread(request, program, pk)
    if request.method == "POST":
        return _reply(request, program, thread, thread.get_absolute_url())
    services.mark_thread_read(actor=_user(request), thread=thread)
    return render(request, "community/thread.html", _thread_context(request, program, thread))


def _reply(request: HttpRequest, program: Program, thread: Thread, back: str) -> HttpResponse:
    """A reply from the thread page: with htmx the new post is added without a reload (focus on
    it, announced); a held post comes with its findings in place."""
    user = _user(request)
    form = ReplyForm(request.POST, request.FILES or None)
    htmx = bool(getattr(request, "htmx", False))
    if form.is_valid():
        try:
            if not thread.pk:
                thread = _lazy_thread(user, thread)
            post = services.reply(
                actor=user,
                thread=thread,
                body=form.cleaned_data["body"],
                files=_files(request, form),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            thread.program = program
            post.thread = thread
            if htmx:
                # Only the new post and a fresh form are sent: the page's other posts stay.
                _decorate(request, program, thread, [post])
                moderator = _moderator(request)
                return render(
                    request,
                    "community/thread.html#reply-result",
                    program_context(
                        request,
                        program,
                        thread=thread,
                        new_post=post,
                        unknown_mentions=_unknown_mentions_text(
                            services.unknown_mentions(program, post.body)
                        ),
                        form=ReplyForm(),
                        moderator=moderator,
                        files_url=reverse(
                            "community:attachment", args=[program.slug, "x"]
                        ).removesuffix("x/"),
                        **_post_context(request),
                        first_post=not Post.objects.filter(thread=thread)
                        .exclude(pk=post.pk)
                        .exclude(Q(status=PostStatus.HELD) & ~Q(author_id=user.pk))
                        .exists(),
                    ),
                )
            if post.status == PostStatus.HELD:
                messages.warning(
                    request,
                    _("Saved but not published: fix or explain each finding below."),
                )
            else:
                messages.success(request, _("Your reply is published."))
            _tell_unknown_mentions(request, program, post)
            return redirect(post.get_absolute_url())
    status = 200 if htmx else 400  # htmx swaps only 2xx: the form comes back with its errors
    form.say_files_not_kept()
    template = "community/thread.html#reply-box" if htmx else "community/thread.html"
    return render(
        request, template, _thread_context(request, program, thread, form=form), status=status
    )


def _unknown_mentions_text(handles: list[str]) -> str:
    if not handles:
        return ""
    names = ", ".join(f"@{h}" for h in handles)
    return ngettext(
        "%(names)s matches no member of this program: nobody was notified for it. Check the "
        "spelling (@first.last).",
        "%(names)s match no member of this program: nobody was notified for them. Check the "
        "spelling (@first.last).",
        len(handles),
    ) % {"names": names}


def _tell_unknown_mentions(request: HttpRequest, program: Program, post: Post) -> None:
    handles = services.unknown_mentions(program, post.body)
    if handles:
        messages.warning(request, _unknown_mentions_text(handles))


def _lazy_thread(user: User, thread: Thread) -> Thread:
    if thread.case_id:
        return services.case_thread(actor=user, case=thread.case)  # type: ignore[arg-type]
    assert thread.agenda_item is not None
    return services.talk_thread(actor=user, item=thread.agenda_item)


@login_required
@program_view(POST)
def case_thread(request: HttpRequest, program: Program, case_pk: int) -> HttpResponse:
    """The thread of a presented case (made on its first post)."""
    case = get_object_or_404(visible_cases(request.user, program), pk=case_pk)
    if case.status not in queries.CASE_THREAD_STATUSES:
        raise Http404
    case.program = program
    thread = Thread.objects.filter(case=case).select_related("author", "case").first()
    if thread is None:
        thread = Thread(
            program=program,
            kind=ThreadKind.CASE,
            case=case,
            title=str(case.number or case.pk),
        )
    thread.program = program
    if thread.pk and thread.hidden and not _moderator(request):
        _own_view_of_hidden(request, thread)
    back = request.path
    if request.method == "POST":
        return _reply(request, program, thread, back)
    if thread.pk:
        services.mark_thread_read(actor=_user(request), thread=thread)
    return render(request, "community/thread.html", _thread_context(request, program, thread))


@login_required
@program_view(POST)
def talk_thread(request: HttpRequest, program: Program, item_pk: int) -> HttpResponse:
    """Questions after a didactic talk (the thread is made on the first question)."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("session"),
        pk=item_pk,
        session__program=program,
        kind=AgendaKind.DIDACTIC,
    )
    thread = Thread.objects.filter(agenda_item=item).select_related("author").first()
    if thread is None:
        thread = Thread(
            program=program,
            kind=ThreadKind.TALK,
            agenda_item=item,
            title=(item.title or item.get_kind_display())[: services.TITLE_MAX],
        )
    thread.program = program
    if thread.pk and thread.hidden and not _moderator(request):
        _own_view_of_hidden(request, thread)
    if request.method == "POST":
        return _reply(request, program, thread, request.path)
    if thread.pk:
        services.mark_thread_read(actor=_user(request), thread=thread)
    return render(request, "community/thread.html", _thread_context(request, program, thread))


# --- actions on a post -------------------------------------------------------------------------


def _back(post: Post) -> HttpResponse:
    return redirect(post.get_absolute_url())


def _post_again(
    request: HttpRequest, program: Program, post: Post, **again: dict[str, Any]
) -> HttpResponse:
    """The thread page at the post's page, answering 400, with `again` set on that post (e.g.
    `report_again`): a refused form drawn again open, with what was typed and why."""
    thread = _thread(request, program, post.thread_id)
    before = queries.thread_posts(request.user, program, thread).filter(pk__lt=post.pk).count()
    context = _thread_context(request, program, thread, page=before // queries.POSTS_PER_PAGE + 1)
    for shown in context["posts"]:
        if shown.pk == post.pk:
            for name, value in again.items():
                setattr(shown, name, value)
    return render(request, "community/thread.html", context, status=400)


def _report_again(
    request: HttpRequest, program: Program, post: Post, found: services.ReasonFound
) -> HttpResponse:
    """A report whose reason was flagged (nothing stored): the thread page at the post's page,
    the report form open with the typed reason kept and its findings marked in place."""
    return _post_again(
        request,
        program,
        post,
        report_again={
            "reason": found.reason,
            "message": found.message,
            "html": highlight(found.reason, found.findings),
            "findings": found.findings,
        },
    )


@login_required
@program_view(POST)
def post_edit(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    post = _post(request, program, pk)
    user = _user(request)
    if post.author_id != user.pk and not _moderator(request):
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body, "version": post.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post = services.edit_post(
                    actor=user,
                    post=post,
                    body=form.cleaned_data["body"],
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = err.status if err.status in (409, 429) else 400
            else:
                post.thread.program = program
                if post.status == PostStatus.HELD:
                    messages.warning(
                        request, _("Saved but not published: fix or explain each finding below.")
                    )
                else:
                    messages.success(request, _("Your changes are saved."))
                return _back(post)
        else:
            status = 400
    return render(
        request,
        "community/post_edit.html",
        program_context(request, program, post=post, thread=post.thread, form=form),
        status=status,
    )


@login_required
@program_view(POST)
def post_history(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    post = _post(request, program, pk)
    if post.author_id != _user(request).pk and not _moderator(request):
        raise Http404
    revisions = services.shown_revisions(post)
    audit.record(actor=request.user, action="community.history_read", obj=post, program=program)
    return render(
        request,
        "community/post_history.html",
        program_context(request, program, post=post, thread=post.thread, revisions=revisions),
    )


@require_POST
@login_required
@program_view(POST)
def post_action(request: HttpRequest, program: Program, pk: int, action: str) -> HttpResponse:
    post = _post(request, program, pk)
    user = _user(request)
    try:
        if action == "delete":
            services.remove_post(actor=user, post=post)
            messages.success(request, _("The message was removed."))
        elif action == "react":
            react_form = ReactionForm(request.POST)
            if not react_form.is_valid():
                raise DomainError("invalid_reaction", _("Unknown reaction."))
            services.toggle_reaction(actor=user, post=post, kind=react_form.cleaned_data["kind"])
            if getattr(request, "htmx", False):
                reacts = queries.reactions_for(user, [post.pk])[post.pk]
                post.ref = str(post.pk)  # type: ignore[attr-defined]
                post.react_buttons = _react_buttons(post, reacts)  # type: ignore[attr-defined]
                post.base_url = reverse(  # type: ignore[attr-defined]
                    "community:post_edit", args=[program.slug, post.pk]
                ).removesuffix("edit/")
                return render(
                    request,
                    "community/thread.html#reactions",
                    program_context(
                        request,
                        program,
                        post=post,
                        thread=post.thread,
                        **_post_context(request),
                    ),
                )
        elif action == "accept":
            services.accept_answer(actor=user, post=post, thread=post.thread)
            messages.success(request, _("Marked as the accepted answer."))
        elif action == "unaccept":
            services.accept_answer(actor=user, post=None, thread=post.thread)
            messages.success(request, _("The accepted answer is unmarked."))
        elif action == "report":
            report_form = ReportForm(request.POST)
            if not report_form.is_valid():
                raise DomainError(
                    "reason_required", _("Say briefly what is wrong with this message.")
                )
            try:
                services.report_post(
                    actor=user, post=post, reason=report_form.cleaned_data["reason"]
                )
            except services.ReasonFound as found:
                return _report_again(request, program, post, found)
            messages.success(request, _("Thank you: the coordinators will look at it."))
        elif action == "override":
            form = OverrideForm(request.POST)
            typed = {
                "key": request.POST.get("key", ""),
                "reason": request.POST.get("reason", "")[:300],
            }
            try:
                if not form.is_valid():
                    raise DomainError(
                        "reason_required",
                        _("Say briefly why this is not identifying."),
                        field="reason",
                    )
                post = services.override_finding(actor=user, post=post, **form.cleaned_data)
            except DomainError as err:
                if err.field != "reason" or post.status != PostStatus.HELD:
                    raise
                # The typed reason stays in its box, the refusal beside it (not a banner).
                return _post_again(
                    request, program, post, override_again={**typed, "message": err.message}
                )
            if post.status == PostStatus.PUBLISHED:
                messages.success(request, _("Noted. Your message is published."))
            else:
                messages.success(request, _("Noted. Other findings remain to fix or explain."))
        elif action in ("hide", "show"):
            typed_reason = request.POST.get("reason", "")[:2000]
            try:
                services.moderate_post(
                    actor=user, post=post, hide=action == "hide", reason=typed_reason
                )
            except DomainError as err:
                if action != "hide" or err.field != "reason" or post.hidden:
                    raise
                # The typed reason stays in its box, the refusal beside it (not a banner).
                return _post_again(
                    request,
                    program,
                    post,
                    hide_again={"reason": typed_reason, "message": err.message},
                )
            messages.success(
                request,
                _("The message is hidden.")
                if action == "hide"
                else _("The message is shown again."),
            )
        else:
            raise Http404
    except DomainError as err:
        messages.error(request, err.message)
    post.thread.program = program
    return _back(post)


@require_POST
@login_required
@program_view(POST)
def thread_action(request: HttpRequest, program: Program, pk: int, action: str) -> HttpResponse:
    thread = _thread(request, program, pk)
    user = _user(request)
    try:
        if action == "follow":
            form = ThreadEmailForm(request.POST)
            form.is_valid()
            services.set_subscription(
                actor=user,
                thread=thread,
                active=bool(form.cleaned_data.get("following")),
                email=form.cleaned_data.get("email") or "",
            )
            messages.success(request, _("Your choice for this discussion is saved."))
        elif action == "move":
            move_form = MoveForm(request.POST, program=program)
            if not move_form.is_valid():
                raise DomainError("invalid_topic", _("Choose a topic of this program."))
            services.moderate_thread(
                actor=user, thread=thread, action="move", topic=move_form.cleaned_data["topic"]
            )
            messages.success(request, _("The discussion was moved."))
        elif action in ("pin", "unpin", "lock", "unlock", "hide", "show"):
            services.moderate_thread(actor=user, thread=thread, action=action)
            messages.success(request, _("Done."))
        else:
            raise Http404
    except DomainError as err:
        messages.error(request, err.message)
    return redirect(thread.get_absolute_url())


@login_required
@program_view(POST)
def attachment(request: HttpRequest, program: Program, token: str) -> FileResponse:
    """A file, to those who may read its post (checked on every download, never a public URL)."""
    att = get_object_or_404(
        Attachment.objects.select_related("post__thread"),
        token=token,
        post__thread__in=queries.visible_threads(request.user, program),
    )
    post = att.post
    if (
        post.status == PostStatus.REMOVED
        or (post.status == PostStatus.HELD and post.author_id != request.user.pk)
        or (post.hidden and post.author_id != request.user.pk and not _moderator(request))
    ):
        raise Http404
    if post.thread.kind == ThreadKind.CASE:
        audit.record(actor=request.user, action="case.thread_file_read", obj=post, program=program)
    inline = att.content_type.startswith("image/")
    response = FileResponse(
        att.file.open("rb"),
        content_type=att.content_type,
        as_attachment=not inline,
        filename=att.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- moderation, notifications, settings -------------------------------------------------------


@login_required
@program_view("community.moderate")
def moderation(request: HttpRequest, program: Program) -> HttpResponse:
    pages = paginate(request, queries.open_report_posts(program))
    reported = list(pages["page_obj"].object_list)
    queries.attach_open_reports(reported)
    hidden = list(
        # Only those whose first post was published (a held one's title is unchecked).
        Thread.objects.filter(program=program, hidden=True, post_count__gt=0)
        .filter(~Q(kind=ThreadKind.TOPIC) | queries.first_post_published())
        .select_related("topic")
        .order_by("-last_post_at")[:20]
    )
    for post in reported:
        post.thread.program = program
    return render(
        request,
        "community/moderation.html",
        program_context(request, program, hidden_threads=hidden, **pages),
    )


@require_POST
@login_required
@program_view("community.moderate")
def report_dismiss(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    report = get_object_or_404(queries.open_reports(program), pk=pk)
    services.dismiss_report(actor=_user(request), report=report)
    messages.success(request, _("The reports are dismissed; the message stays."))
    return redirect("community:moderation", slug=program.slug)


@login_required
@program_view(POST)
def notifications(request: HttpRequest, program: Program) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        count = services.mark_read(actor=user, program=program)
        messages.success(
            request,
            ngettext(
                "%(n)d notification marked as read.", "%(n)d notifications marked as read.", count
            )
            % {"n": count},
        )
        return redirect("community:notifications", slug=program.slug)
    qs = (
        Notification.objects.filter(user=user, program=program)
        .select_related("post__thread", "post__author")
        .order_by("-id")
    )
    pages = paginate(request, qs)
    notes = list(pages["page_obj"].object_list)
    # A thread the reader may no longer read (hidden by a moderator, a case they lost) is
    # listed without its title or link.
    readable = queries.readable_pairs({user.pk: user}, {(user.pk, n.post.thread_id) for n in notes})
    for note in notes:
        note.post.thread.program = program
        note.readable = (user.pk, note.post.thread_id) in readable
    return render(
        request,
        "community/notifications.html",
        program_context(request, program, unread=queries.unread_count(user, program), **pages),
    )


@login_required
@program_view(POST)
def notification_settings(request: HttpRequest, program: Program) -> HttpResponse:
    user = _user(request)
    form = SettingsForm(request.POST or None, initial={"email": services.email_mode_of(user)})
    if request.method == "POST" and form.is_valid():
        services.set_email_mode(actor=user, mode=form.cleaned_data["email"])
        messages.success(request, _("Your email choice is saved."))
        return redirect("community:settings", slug=program.slug)
    overrides = list(
        Subscription.objects.filter(user=user, thread__program=program)
        .exclude(email="")
        .select_related("thread")
    )
    for sub in overrides:
        sub.thread.program = program
    return render(
        request,
        "community/settings.html",
        program_context(request, program, form=form, overrides=overrides, now=timezone.now()),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
