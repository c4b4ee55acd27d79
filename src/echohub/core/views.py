"""Shared view helpers: turning domain errors into form errors, pagination, permission checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from echohub.accounts.language import use_program_language
from echohub.core.errors import DomainError
from echohub.programs.models import Program
from echohub.programs.rules import Forbidden, access_help, perms_of, program_for


def paginate(request: HttpRequest, qs: Any, per_page: int | None = None) -> dict[str, Any]:
    paginator = Paginator(qs, per_page or settings.PAGE_SIZE)
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    base = urlencode(params)
    return {"page_obj": page, "querystring_base": f"{base}&" if base else ""}


def add_domain_error(form: forms.BaseForm, err: DomainError) -> None:
    """Show a refused service call on the form: on its field when it names one."""
    field = err.field if err.field and err.field in form.fields else None
    form.add_error(field, err.message)


def forbidden(request: HttpRequest, program: Program, perm: str) -> HttpResponse:
    """The 403 page in words for this viewer: who the page is for and who can grant it."""
    return render(
        request,
        "core/403.html",
        {"program": program, "access": access_help(request.user, program, perm)},
        status=403,
    )


def program_view(perm: str | None) -> Callable[..., Any]:
    """Decorator: resolve `slug` to a Program the user may see with `perm` (404 for outsiders,
    403 page for members without the permission) and pass it as `program`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                program = program_for(request.user, slug, perm)
            except Forbidden as err:
                assert err.program is not None  # program_for names the program it refuses
                use_program_language(request, err.program)
                return forbidden(request, err.program, err.perm)
            use_program_language(request, program)
            request.program = program  # type: ignore[attr-defined]
            request.program_perms = perms_of(request.user, program)  # type: ignore[attr-defined]
            return view(request, program, *args, **kwargs)

        wrapped.program_permission = perm or "public"  # type: ignore[attr-defined]
        return wrapped

    return decorate


def program_context(request: HttpRequest, program: Program, **extra: Any) -> dict[str, Any]:
    perms: set[str] = getattr(request, "program_perms", set())
    return {
        "program": program,
        "perms_in_program": perms,
        "can": {perm.replace(".", "_"): True for perm in perms},  # {{ can.sessions_manage }}
        **extra,
    }
