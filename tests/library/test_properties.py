"""Properties over random programs, memberships, sharing settings and case statuses: the library
never shows a case the cases app would not let the reader see, except a shared program's sent
cases to a clinician of another program, and then without the presenter's name; evaluators never
read a case entry."""

from __future__ import annotations

import itertools

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.cases.models import Case, CaseStatus
from echohub.cases.queries import visible_cases
from echohub.library import selectors
from echohub.library.models import LibrarySettings
from echohub.programs.models import Membership, Program, Role
from tests.factories import ProgramFactory, UserFactory

ROLES = list(Role.values)
STATUSES = list(CaseStatus.values)

world = st.fixed_dictionaries(
    {
        "shares": st.lists(st.booleans(), min_size=2, max_size=3),
        # per user: a list of (program index, role, active)
        "people": st.lists(
            st.lists(
                st.tuples(st.integers(0, 2), st.sampled_from(ROLES), st.booleans()), max_size=3
            ),
            min_size=1,
            max_size=5,
        ),
        # per case: (program index, status, presenter index)
        "cases": st.lists(
            st.tuples(st.integers(0, 2), st.sampled_from(STATUSES), st.integers(0, 4)),
            max_size=8,
        ),
    }
)

_slugs = itertools.count()


def _build(spec):
    programs: list[Program] = [
        ProgramFactory(slug=f"lib-prop-{next(_slugs)}") for _ in spec["shares"]
    ]
    for program, share in zip(programs, spec["shares"], strict=True):
        if share:
            LibrarySettings.objects.create(program=program, share_with_deployment=True)
    users = []
    for roles in spec["people"]:
        user = UserFactory()
        for index, role, active in roles:
            program = programs[index % len(programs)]
            Membership.objects.get_or_create(
                user=user, program=program, role=role, defaults={"is_active": active}
            )
        users.append(user)
    for index, status, who in spec["cases"]:
        Case.objects.create(
            program=programs[index % len(programs)],
            presenter=users[who % len(users)],
            status=status,
            title="t",
        )
    return programs, users


def _clinician_somewhere(user) -> bool:
    return Membership.objects.filter(
        user=user, is_active=True, role__in=selectors.CASE_READER_ROLES
    ).exists()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world)
def test_case_entries_never_exceed_what_the_cases_app_allows(db: None, spec):
    problems: list[str] = []
    with transaction.atomic():
        programs, users = _build(spec)
        shared = {
            p.pk
            for p in programs
            if LibrarySettings.objects.filter(program=p, share_with_deployment=True).exists()
        }
        for user in users:
            entries = list(selectors.case_entries_for(user).select_related("program"))
            for case in entries:
                seen_before = visible_cases(user, case.program).filter(pk=case.pk).exists()
                if case.status not in selectors.LIBRARY_CASE_STATUSES:
                    problems.append(f"case {case.pk} in status {case.status} is an entry")
                if not seen_before and not (
                    case.program_id in shared and _clinician_somewhere(user)
                ):
                    problems.append(f"user {user.pk} reads case {case.pk} the cases app hides")
                if selectors.show_presenter(user, case) != seen_before:
                    problems.append(f"presenter of {case.pk} named to user {user.pk} wrongly")
                if not selectors.can_read_case_entry(user, case):
                    problems.append("can_read_case_entry disagrees with case_entries_for")
            if not _clinician_somewhere(user) and entries:
                problems.append(f"user {user.pk} without a clinician role reads case entries")
            # Complete for their own programs: every sent case the cases app shows them.
            for program in programs:
                own = set(
                    visible_cases(user, program)
                    .filter(status__in=selectors.LIBRARY_CASE_STATUSES)
                    .values_list("pk", flat=True)
                )
                if not own <= {c.pk for c in entries}:
                    problems.append(f"user {user.pk} misses own cases {own}")
            # Talks and tools: only readable programs.
            readable = set(selectors.readable_programs(user).values_list("pk", flat=True))
            mine = set(
                Membership.objects.filter(user=user, is_active=True).values_list(
                    "program_id", flat=True
                )
            )
            expected = mine | (shared if mine else set())
            if readable != expected:
                problems.append(f"user {user.pk} reads {readable}, expected {expected}")
        transaction.set_rollback(True)
    assert problems == [], spec
