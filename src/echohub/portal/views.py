"""Pages that gather several domains: the home page (with a coordinator's to-do list)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from echohub.core import audit
from echohub.evaluation import queries as survey_queries
from echohub.joining import services as join_services
from echohub.portal.todo import expert_todo_for, todo_for
from echohub.programs import queries
from echohub.programs.models import Membership, Program
from echohub.programs.rules import PERMISSIONS, has_perm, visible_programs
from echohub.scheduling import queries as session_queries

OTHER_PROGRAMS_SHOWN = 8


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: the public programs. Signed in: what needs me (coordinators), my programs,
    my next session, my past ones."""
    if not request.user.is_authenticated:
        public = Program.objects.filter(is_public=True).order_by("name")
        programs = list(public.only("slug", "name", "summary", "registration_open")[:12])
        total = public.count() if len(programs) == 12 else len(programs)
        return render(request, "programs/home_public.html", {"programs": programs, "total": total})
    mine = queries.programs_of(request.user)
    mine_ids = [p.pk for p in mine]
    # A few other programs to discover; a national deployment has hundreds.
    others_qs = visible_programs(request.user).exclude(pk__in=mine_ids).order_by("name")
    others = list(others_qs.only("slug", "name")[: OTHER_PROGRAMS_SHOWN + 1])
    more_programs = len(others) > OTHER_PROGRAMS_SHOWN  # one row too many: no COUNT query
    others = others[:OTHER_PROGRAMS_SHOWN]
    roles: dict[int, list[str]] = {}
    insight_programs: set[int] = set()  # from the same rows: no query per program
    for m in Membership.objects.filter(user=request.user, is_active=True):
        roles.setdefault(m.program_id, []).append(m.get_role_display())
        if m.role in PERMISSIONS["evaluation.view"]:
            insight_programs.add(m.program_id)
    next_session = session_queries.next_session_for(request.user)
    join_token = (
        join_services.join_token_for(session=next_session, user=request.user).token
        if next_session is not None
        else None
    )
    # Case titles and presenters are for those who may read cases (not evaluators).
    show_cases = next_session is not None and has_perm(
        request.user, next_session.program, "cases.present"
    )
    if show_cases and next_session is not None:
        audit.record_reads(
            actor=request.user,
            action="case.list_read",
            object_type="cases.case",
            ids=session_queries.case_ids_on_agenda(next_session),
            view="home.next_session",
            program=next_session.program,
        )
    # A hub expert's cases waiting for their discipline's recommendations: the list names
    # them (number and title), so it is a list read, one entry per program.
    expert_todo = expert_todo_for(request.user)
    if expert_todo:
        audit.record_reads(
            actor=request.user,
            action="case.list_read",
            object_type="cases.case",
            ids=[],
            view="home.expert_todo",
            by_program={t.program.pk: [c.case.pk for c in t.cases] for t in expert_todo},
        )
    return render(
        request,
        "programs/home.html",
        {
            "my_programs": [(p, roles.get(p.pk, [])) for p in mine],
            # An evaluator's main task (and a coordinator's figures): a door on the home page.
            "insight_programs": (set(mine_ids) if request.user.is_superuser else insight_programs),
            "other_programs": others,
            "more_programs": more_programs,
            "next_session": next_session,
            "next_session_case_people": show_cases,
            "join_token": join_token,
            "past_sessions": session_queries.past_sessions_for(request.user),
            "pending_surveys": survey_queries.pending_for(request.user),
            "todo": todo_for(request.user),
            "expert_todo": expert_todo,
        },
    )
