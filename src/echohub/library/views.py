"""Library pages under /p/<slug>/library/: the library of program <slug> (talks, tools, past
cases), its talk and case-entry pages, file downloads, and the coordinators' manage pages.

Reading pages are open to whoever may read the program's library (`library_view`: its members,
and members of other programs when it is shared); everything is looked up through
`library.selectors`, so anything else answers 404. Every page that shows past cases writes the
same audit entries as the cases app (`case.list_read` with the ids shown, `case.read`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from echohub.accounts.language import use_program_language
from echohub.cases.models import Case, CaseTheme
from echohub.core import audit, limits
from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, forbidden, paginate, program_context, program_view
from echohub.library import files, selectors, services
from echohub.library.forms import CheckedForm, SharingForm, TalkForm, ToolForm
from echohub.library.models import LibrarySettings, Tag, Talk, Tool, private_storage
from echohub.programs.models import Program
from echohub.programs.rules import is_member, perms_of

TABS = ("talks", "tools", "cases")


def library_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Resolve `slug` to a program whose library the user may read (`readable_programs`): its
    members, or anyone with a role somewhere when it is shared. Anyone else: 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        program = selectors.readable_programs(request.user).filter(slug=slug).first()
        if program is None:
            raise Http404
        use_program_language(request, program)
        request.program = program  # type: ignore[attr-defined]
        request.program_perms = perms_of(request.user, program)  # type: ignore[attr-defined]
        return view(request, program, *args, **kwargs)

    wrapped.program_permission = "library.view"  # type: ignore[attr-defined]
    return wrapped


def _year(value: str) -> int | None:
    year = limits.whole_number(value)
    return year if year is not None and 1990 <= year <= 2100 else None


def _audit_cases(request: HttpRequest, cases: list[Case], view: str) -> None:
    by_program: dict[int | None, list[int]] = {}
    for case in cases:
        by_program.setdefault(case.program_id, []).append(case.pk)
    audit.record_reads(
        actor=request.user,
        action="case.list_read",
        object_type=Case._meta.label_lower,
        ids=[],
        view=view,
        by_program=by_program,
    )


def _talks(program: Program, request: HttpRequest, theme: str, tag: str, year: int | None) -> Any:
    qs = (
        selectors.talks_for(request.user)
        .filter(program=program)
        .select_related("presenter", "program")
        .prefetch_related("tags")
    )
    if theme:
        qs = qs.filter(theme=theme)
    if tag:
        qs = qs.filter(tags__name=tag)
    if year:
        qs = qs.filter(given_on__year=year)
    return qs.order_by("-given_on", "-pk")


def _tools(program: Program, request: HttpRequest, theme: str, tag: str, year: int | None) -> Any:
    from django.db.models import Q

    qs = (
        selectors.tools_for(request.user)
        .filter(Q(program=program) | Q(program__isnull=True))
        .select_related("program")
        .prefetch_related("tags")
    )
    if theme:
        qs = qs.filter(theme=theme)
    if tag:
        qs = qs.filter(tags__name=tag)
    if year:
        qs = qs.filter(checked_on__year=year)
    return qs.order_by("title", "pk")


def _cases(program: Program, request: HttpRequest, theme: str, year: int | None) -> Any:
    qs = (
        selectors.case_entries_for(request.user)
        .filter(program=program)
        .select_related("program", "presenter")
        .annotate(n_recs=Count("recommendations", distinct=True))
    )
    if theme:
        qs = qs.filter(theme=theme)
    if year:
        qs = qs.filter(sent_at__year=year)
    return qs


@login_required
@library_view
def home(request: HttpRequest, program: Program) -> HttpResponse:
    tab = request.GET.get("tab", "talks")
    tab = tab if tab in TABS else "talks"
    theme = request.GET.get("theme", "")
    theme = theme if theme in CaseTheme.values else ""
    tag = request.GET.get("tag", "").strip().lower()[:60]
    year = _year(request.GET.get("year", ""))
    user = request.user
    reads_cases = selectors.case_reader_programs(user).filter(pk=program.pk).exists()
    ctx: dict[str, Any] = {
        "nav": "library",
        "tab": tab,
        "theme": theme,
        "tag": tag,
        "year": year or "",
        "themes": CaseTheme.choices,
        "reads_cases": reads_cases,
        "is_own": is_member(user, program),
        "shared_elsewhere": selectors.readable_programs(user)
        .exclude(pk=program.pk)
        .filter(library_settings__share_with_deployment=True)
        .order_by("name"),
        "can_manage": "library.manage" in request.program_perms,  # type: ignore[attr-defined]
    }
    if tab == "talks":
        ctx.update(paginate(request, _talks(program, request, theme, tag, year)))
    elif tab == "tools":
        ctx.update(paginate(request, _tools(program, request, theme, tag, year)))
        ctx["today"] = timezone.localdate()
    elif reads_cases:
        ctx.update(paginate(request, _cases(program, request, theme, year)))
        page = ctx["page_obj"]
        page.object_list = list(page.object_list)
        _audit_cases(request, page.object_list, "library.cases")
        shown = selectors.presenter_visible_ids(user, page.object_list)
        for case in page.object_list:
            case.show_presenter = case.pk in shown
    if tab in ("talks", "tools"):
        ctx["tags"] = list(
            Tag.objects.filter(
                **({"talks__program": program} if tab == "talks" else {"tools__program": program})
            )
            .distinct()
            .values_list("name", flat=True)[:60]
        )
    template = (
        "library/home.html#results" if request.headers.get("HX-Request") else "library/home.html"
    )
    return render(request, template, program_context(request, program, **ctx))


@login_required
@library_view
def talk_detail(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    talk = get_object_or_404(
        selectors.talks_for(request.user)
        .filter(program=program)
        .select_related("presenter", "session", "agenda_item", "consent_recorded_by"),
        pk=pk,
    )
    # The session's own links (slides, sometimes a recording) only for the members who already
    # see them on the session page: a library shared with other programs never republishes a
    # link the presenter did not agree to share as a recording.
    own = is_member(request.user, talk.program)
    resources = list(talk.agenda_item.resources.all()) if talk.agenda_item and own else []
    return render(
        request,
        "library/talk_detail.html",
        program_context(
            request,
            program,
            nav="library",
            talk=talk,
            is_own=own,
            tags=list(talk.tags.all()),
            resources=resources,
            can_manage="library.manage" in request.program_perms,  # type: ignore[attr-defined]
        ),
    )


def _download(name: str, display: str, kind: str) -> FileResponse:
    if not name or not private_storage.exists(name):
        raise Http404
    response = FileResponse(
        private_storage.open(name, "rb"),
        content_type=files.CONTENT_TYPES[kind],  # type: ignore[index]
    )
    response["Content-Disposition"] = files.content_disposition(display)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@library_view
def talk_file(
    request: HttpRequest, program: Program, pk: int, what: str
) -> HttpResponse | FileResponse:
    talk = get_object_or_404(selectors.talks_for(request.user).filter(program=program), pk=pk)
    if what == "slides":
        return _download(talk.slides.name, talk.slides_name, talk.slides_kind)
    if what == "recording" and talk.is_recorded:  # never without the presenter's consent
        return _download(talk.recording_file.name, talk.recording_name, talk.recording_kind)
    raise Http404


@login_required
@library_view
def tool_file(request: HttpRequest, program: Program, pk: int) -> FileResponse:
    from django.db.models import Q

    tool = get_object_or_404(
        selectors.tools_for(request.user).filter(Q(program=program) | Q(program__isnull=True)),
        pk=pk,
    )
    return _download(tool.file.name, tool.file_name, tool.file_kind)


@login_required
@library_view
def case_entry(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    user = request.user
    case = (
        selectors.case_entries_for(user)
        .filter(program=program, pk=pk)
        .select_related("presenter", "session", "site")
        .first()
    )
    if case is None:
        if (
            is_member(user, program)
            and Case.objects.filter(program=program, pk=pk).exists()
            and not selectors.case_reader_programs(user).filter(pk=program.pk).exists()
        ):
            return forbidden(request, program, "cases.present")  # an evaluator: not for them
        raise Http404
    case.program = program
    audit.record(
        actor=user, action="case.read", obj=case, program=program, changes={"view": "library.case"}
    )
    return render(
        request,
        "library/case_entry.html",
        program_context(request, program, nav="library", **selectors.case_entry(user, case)),
    )


# --- manage --------------------------------------------------------------------------------


def _superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


@login_required
@program_view("library.manage")
def manage(request: HttpRequest, program: Program) -> HttpResponse:
    row = LibrarySettings.objects.filter(program=program).first()
    sharing = SharingForm(
        initial={"share_with_deployment": bool(row and row.share_with_deployment)}
    )
    if request.method == "POST":
        sharing = SharingForm(request.POST)
        if sharing.is_valid():
            services.set_sharing(
                actor=request.user,
                program=program,
                share=sharing.cleaned_data["share_with_deployment"],
            )
            messages.success(
                request,
                _("Your library is now shared with the other programs.")
                if sharing.cleaned_data["share_with_deployment"]
                else _("Your library is now for this program's members only."),
            )
            return redirect("library:manage", slug=program.slug)
    today = timezone.localdate()
    stale = list(services.stale_tools(program, today))
    talks = (
        Talk.objects.filter(program=program)
        .select_related("presenter")
        .order_by("-given_on", "-pk")
    )
    tools = Tool.objects.filter(program=program).order_by("title", "pk")
    return render(
        request,
        "library/manage/manage.html",
        program_context(
            request,
            program,
            nav="library",
            sharing=sharing,
            stale=stale,
            stale_everywhere=list(services.stale_tools(None, today)) if _superuser(request) else [],
            today=today,
            talk_page=paginate(request, talks)["page_obj"],
            tools=tools,
            querystring_base="",
        ),
    )


def _only_removals_of_files_there(form: forms.Form, **there: bool) -> None:
    """A "Remove the …" box only when there is a file to remove: a new talk or a tool without
    a file offered "Remove the slides" (walk, round 1223). A stale page that still sends the
    box removes nothing (the field is gone, the service keeps what there is)."""
    for name, present in there.items():
        if not present:
            form.fields.pop(name, None)


def _talk_data(form: TalkForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for key in ("tags", "slides", "remove_slides", "recording_file", "remove_recording"):
        data.pop(key, None)
    return data


def _talk_removals(form: TalkForm, talk: Talk | None) -> None:
    _only_removals_of_files_there(
        form,
        remove_slides=bool(talk and talk.slides),
        remove_recording=bool(talk and talk.recording_file),
    )


@login_required
@program_view("library.manage")
def talk_edit(request: HttpRequest, program: Program, pk: int | None = None) -> HttpResponse:
    talk = get_object_or_404(Talk, program=program, pk=pk) if pk else None
    if request.method == "POST":
        form = TalkForm(request.POST, request.FILES, program=program)
        _talk_removals(form, talk)
        if form.is_valid():
            try:
                talk = services.save_talk(
                    actor=request.user,
                    program=program,
                    talk=talk,
                    data=_talk_data(form),
                    tags=form.cleaned_data["tags"],
                    slides=form.cleaned_data.get("slides"),
                    remove_slides=form.cleaned_data.get("remove_slides", False),
                    recording_file=form.cleaned_data.get("recording_file"),
                    remove_recording=form.cleaned_data.get("remove_recording", False),
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("The talk is saved."))
                return redirect("library:talk", slug=program.slug, pk=talk.pk)
        status = 400
    else:
        form = TalkForm(
            initial=TalkForm.initial_for(talk) if talk else {"given_on": timezone.localdate()},
            program=program,
        )
        _talk_removals(form, talk)
        status = 200
    return render(
        request,
        "library/manage/talk_form.html",
        program_context(request, program, nav="library", form=form, talk=talk),
        status=status,
    )


@login_required
@program_view("library.manage")
def talk_delete(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    talk = get_object_or_404(Talk, program=program, pk=pk)
    if request.method == "POST":
        services.delete_talk(actor=request.user, talk=talk)
        messages.success(request, _("The talk “%(t)s” is deleted.") % {"t": talk.title})
        return redirect("library:manage", slug=program.slug)
    return render(
        request,
        "library/manage/confirm_delete.html",
        program_context(
            request,
            program,
            nav="library",
            question=_("Delete the talk “%(t)s”?") % {"t": talk.title},
            back=talk.get_absolute_url(),
        ),
    )


def _tool_of(request: HttpRequest, program: Program, pk: int) -> Tool:
    qs = Tool.objects.filter(program=program)
    if _superuser(request):
        from django.db.models import Q

        qs = Tool.objects.filter(Q(program=program) | Q(program__isnull=True))
    return get_object_or_404(qs, pk=pk)


@login_required
@program_view("library.manage")
def tool_edit(request: HttpRequest, program: Program, pk: int | None = None) -> HttpResponse:
    tool = _tool_of(request, program, pk) if pk else None
    superuser = _superuser(request)
    if request.method == "POST":
        form = ToolForm(request.POST, request.FILES, superuser=superuser)
        _only_removals_of_files_there(form, remove_file=bool(tool and tool.file))
        if form.is_valid():
            data = dict(form.cleaned_data)
            target: Program | None = None if data.pop("for_all_programs", False) else program
            try:
                tool = services.save_tool(
                    actor=request.user,
                    program=target,
                    tool=tool,
                    data=data,
                    tags=data.pop("tags"),
                    upload=data.pop("upload"),
                    remove_file=data.pop("remove_file", False),
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("The tool “%(t)s” is saved.") % {"t": tool.title})
                return redirect("library:manage", slug=program.slug)
        status = 400
    else:
        form = ToolForm(initial=ToolForm.initial_for(tool) if tool else {}, superuser=superuser)
        _only_removals_of_files_there(form, remove_file=bool(tool and tool.file))
        status = 200
    return render(
        request,
        "library/manage/tool_form.html",
        program_context(request, program, nav="library", form=form, tool=tool),
        status=status,
    )


@login_required
@program_view("library.manage")
def tool_delete(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    tool = _tool_of(request, program, pk)
    if request.method == "POST":
        services.delete_tool(actor=request.user, tool=tool)
        messages.success(request, _("The tool “%(t)s” is deleted.") % {"t": tool.title})
        return redirect("library:manage", slug=program.slug)
    return render(
        request,
        "library/manage/confirm_delete.html",
        program_context(
            request,
            program,
            nav="library",
            question=_("Delete the tool “%(t)s”?") % {"t": tool.title},
            back=reverse("library:manage", kwargs={"slug": program.slug}),
        ),
    )


@require_POST
@login_required
@program_view("library.manage")
def tool_checked(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    tool = _tool_of(request, program, pk)
    form = CheckedForm(request.POST)
    if form.is_valid():
        # No date typed: due again in a year (an empty date would never be due again, and a
        # tool nobody reviews goes stale without a word).
        today = timezone.localdate()
        review_by = form.cleaned_data["review_by"] or today.replace(
            year=today.year + 1, day=28 if (today.month, today.day) == (2, 29) else today.day
        )
        try:
            services.mark_tool_checked(actor=request.user, tool=tool, review_by=review_by)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request,
                _("“%(t)s” is marked as checked today; next review by %(d)s.")
                % {"t": tool.title, "d": date_format(review_by, "DATE_FORMAT")},
            )
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("library:manage", slug=program.slug)
