"""Who reads what in the library: the one place pages, the API and search ask.

- A program's library (talks, tools) is read by its members (`library.view`: every role), and,
  when the program shares its library with the deployment (`LibrarySettings`), by anyone who
  holds an active role in any program of the deployment. Deployment-wide tools (program None)
  are read by anyone with an active role somewhere.
- Past cases: a case is a library entry once its recommendations were sent (status sent,
  followed up or closed) and while its content is kept (not purged by the retention rule). The
  program's clinicians (admin, coordinator, expert, participant) read it; when the program shares
  its library, so do the clinicians of the other programs. **Evaluators never read case
  entries**, not even of their own program: DESIGN gives them de-identified, aggregated and
  consented data only, and a case entry is one patient's story (they get no count either: the
  safer side).
- The presenter's name is shown only to whom the cases app already shows it
  (`cases.queries.visible_cases`): never to readers from another program.

Signatures are stable: the search app builds on them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from echohub.cases import charts, formconfig
from echohub.cases.models import CLINICAL_TEXT_FIELDS, Case, CaseStatus, Discipline
from echohub.cases.queries import mme_of, visible_cases
from echohub.library.models import LibrarySettings, Talk, Tool
from echohub.programs.models import Membership, Program, Role
from echohub.programs.rules import PERMISSIONS

#: The statuses in which a case is a library entry: its recommendations were sent.
LIBRARY_CASE_STATUSES = [
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
    CaseStatus.CLOSED,
]
#: Roles that read past cases in the library (never evaluators).
CASE_READER_ROLES = frozenset({Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT})
#: Roles that read talks and tools (library.view).
READER_ROLES = PERMISSIONS["library.view"]


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _memberships(user: Any, roles: frozenset[str]) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True, role__in=roles)


def _shared_program_ids() -> QuerySet[LibrarySettings, Any]:
    return LibrarySettings.objects.filter(share_with_deployment=True).values("program_id")


def shares_library(program: Program) -> bool:
    return LibrarySettings.objects.filter(program=program, share_with_deployment=True).exists()


def readable_programs(user: Any) -> QuerySet[Program]:
    """Programs whose library (talks and tools) `user` may read: their own programs (any role),
    and the programs that share their library, when the user holds a role in any program."""
    if _is_superuser(user):
        return Program.objects.all()
    if not _signed_in(user):
        return Program.objects.none()
    mine = _memberships(user, READER_ROLES).values("program_id")
    any_role = Exists(_memberships(user, READER_ROLES))
    return Program.objects.filter(Q(pk__in=mine) | (any_role & Q(pk__in=_shared_program_ids())))


def talks_for(user: Any) -> QuerySet[Talk]:
    """Talks `user` may read (of the readable programs)."""
    return Talk.objects.filter(program__in=readable_programs(user))


def tools_for(user: Any) -> QuerySet[Tool]:
    """Tools `user` may read: those of the readable programs, and the deployment-wide ones
    (program None) for anyone with a role somewhere."""
    if _is_superuser(user):
        return Tool.objects.all()
    if not _signed_in(user):
        return Tool.objects.none()
    has_role = _memberships(user, READER_ROLES).exists()
    if not has_role:
        return Tool.objects.none()
    return Tool.objects.filter(Q(program__in=readable_programs(user)) | Q(program__isnull=True))


def case_reader_programs(user: Any) -> QuerySet[Program]:
    """Programs whose past cases `user` may read in the library."""
    if _is_superuser(user):
        return Program.objects.all()
    if not _signed_in(user):
        return Program.objects.none()
    mine = _memberships(user, CASE_READER_ROLES).values("program_id")
    any_role = Exists(_memberships(user, CASE_READER_ROLES))
    return Program.objects.filter(Q(pk__in=mine) | (any_role & Q(pk__in=_shared_program_ids())))


def case_entries_for(user: Any) -> QuerySet[Case]:
    """Cases `user` may read as library entries: recommendations sent, content kept, of a
    program whose past cases they may read."""
    from echohub.privacy.models import PurgedCase

    return (
        Case.objects.filter(
            status__in=LIBRARY_CASE_STATUSES, program__in=case_reader_programs(user)
        )
        .exclude(Exists(PurgedCase.objects.filter(case=OuterRef("pk"))))
        .order_by("-sent_at", "-pk")
    )


def can_read_case_entry(user: Any, case: Case) -> bool:
    return case_entries_for(user).filter(pk=case.pk).exists()


def show_presenter(user: Any, case: Case) -> bool:
    """Whether the entry may name its presenter to `user`: only where the cases app already
    shows the case (and so its presenter) to them."""
    return visible_cases(user, case.program).filter(pk=case.pk).exists()


def presenter_visible_ids(user: Any, cases: list[Case]) -> set[int]:
    """`show_presenter` for a page of cases at once: one query per program on the page."""
    by_program: dict[int, list[Case]] = {}
    for case in cases:
        by_program.setdefault(case.program_id, []).append(case)
    shown: set[int] = set()
    for cases_of_program in by_program.values():
        program = cases_of_program[0].program
        shown.update(
            visible_cases(user, program)
            .filter(pk__in=[c.pk for c in cases_of_program])
            .values_list("pk", flat=True)
        )
    return shown


def case_entry(user: Any, case: Case) -> dict[str, Any]:
    """What a case entry shows (the page and the API): the de-identified summary, the
    questions, recommendations by discipline, the taper plan and the follow-up trajectory."""
    config = formconfig.config_of(case.program)
    all_meds = list(case.medications.all())
    all_scores = list(case.scores.all())
    follow_ups = list(case.follow_ups.all())
    for fu in follow_ups:
        fu.score_rows = [s for s in all_scores if s.follow_up_id == fu.pk]  # type: ignore[attr-defined]
    recs = {r.discipline: r for r in case.recommendations.all()}
    medications = [m for m in all_meds if m.follow_up_id is None]
    ctx: dict[str, Any] = {
        "case": case,
        "show_presenter": show_presenter(user, case),
        "summary_fields": [
            (config.label(f), getattr(case, f))
            for f in CLINICAL_TEXT_FIELDS[1:]
            if f != "questions" and getattr(case, f)
        ],
        "medications": medications,
        "scores": [s for s in all_scores if s.follow_up_id is None],
        "recommendations": [recs[d] for d in Discipline.values if d in recs],
        "follow_ups": follow_ups,
        "mme": mme_of(medications, case.mme_table),
    }
    if follow_ups:
        points = charts.trajectory(
            case,
            mme_of,
            medications=all_meds,
            scores=all_scores,
            follow_ups=follow_ups,
            presented_mme=ctx["mme"],
        )
        ctx["trajectory"] = points
        ctx["chart_lines"] = charts.svg_lines(points)
    return ctx
