"""Probe 1220: an id sweep, same program and other program, every role.

One participant's private objects (a draft case, a case waiting for privacy review, a
certificate, a mentoring question, an API token, a survey invitation) are named by id in every
URL pattern of the site that takes an id, by everyone who should not reach them: another
participant and the evaluator of the same program, a person with no role, a person holding
every role in another program, and a signed-out visitor. No answer may be a 500 or a page
carrying the object's marker, and nothing may change. Also: approving "selected"
registrations with ids of another program's registrations approves nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from echohub.accounts.models import User
from echohub.programs.models import Membership, Program, Registration, RegistrationStatus, Role
from tests.browser import site_map
from tests.factories import ProgramFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

MARK = "Mark1220private"
#: On the case waiting for privacy review: the hub (experts, coordinators) reads it by design
#: (cases.queries.HUB_VISIBLE), no one else.
HUB_MARK = "Mark1220hubonly"

#: Patterns whose id is not a database id (tokens, webhooks) or that take no object id.
SKIP_ARGS = {"token", "uidb64", "rest", "session_id"}
ACTIONS = {
    "cases:action": ["submit", "review", "schedule", "withdraw", "delete", "close", "follow_up"],
    "mentoring:question_action": ["accept", "close", "note", "override", "log"],
    "community:thread_action": ["pin"],
    "community:post_action": ["report"],
}
STR_ARGS = {"decision": "approve", "what": "slides", "fmt": "csv"}


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _content(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _private(demo: Any, victim: User) -> dict[str, int]:
    from echohub.accounts.models import ApiToken
    from echohub.cases.models import CaseStatus
    from echohub.credits.models import Certificate
    from echohub.mentoring.models import Question as MentoringQuestion

    draft = demo.own_draft
    draft.title = f"{MARK} draft"
    draft.save()
    submitted = next(c for c in demo.cases if c.status == CaseStatus.SUBMITTED)
    submitted.title = f"{HUB_MARK} submitted"
    submitted.save()
    certificate = Certificate.objects.create(
        number="MARK1220-1",
        user=victim,
        program=demo.rule.program,
        rule=demo.rule,
        scope="session",
        session=demo.past,
        credits=1,
        minutes=60,
        facts={},
        sha256="0" * 64,
        issued_at=demo.past.ends_at,
    )
    question = MentoringQuestion.objects.create(program=demo.rule.program, asker=victim)
    token = ApiToken.objects.create(user=victim, name=MARK, key_hash="e" * 64, prefix="eh_mark")
    found = {
        "draft": draft.pk,
        "submitted": submitted.pk,
        "certificate": certificate.pk,
        "question": question.pk,
        "token": token.pk,
    }
    if demo.answer_invitation is not None:
        found["invitation"] = demo.answer_invitation.pk
    return found


def _urls(slug: str, pks: set[int]) -> list[tuple[str, str]]:
    out = []
    for name, _route, args in site_map.patterns():
        ids = [a for a in args if a not in {"slug", *STR_ARGS, "action"}]
        if not ids or set(args) & SKIP_ARGS or name.startswith("admin:"):
            continue
        for pk in sorted(pks):
            kwargs: dict[str, Any] = {a: pk for a in ids}
            kwargs.update({a: v for a, v in STR_ARGS.items() if a in args})
            if "slug" in args:
                kwargs["slug"] = slug
            for action in ACTIONS.get(name, [None]) if "action" in args else [None]:
                if action is not None:
                    kwargs["action"] = action
                try:
                    out.append((name, reverse(name, kwargs=kwargs)))
                except NoReverseMatch:
                    continue
    return out


def _state(private: dict[str, int]) -> tuple[Any, ...]:
    from echohub.accounts.models import ApiToken
    from echohub.cases.models import Case
    from echohub.credits.models import Certificate
    from echohub.mentoring.models import Question as MentoringQuestion

    cases = tuple(
        Case.objects.filter(pk__in=[private["draft"], private["submitted"]])
        .order_by("pk")
        .values_list("status", "title")
    )
    return (
        cases,
        Certificate.objects.filter(pk=private["certificate"]).exists(),
        MentoringQuestion.objects.get(pk=private["question"]).status,
        ApiToken.objects.get(pk=private["token"]).revoked_at,
    )


def test_one_participants_private_objects_reach_no_one_else_by_id() -> None:
    demo = site_map.build()
    victim = User.objects.get(email=site_map.ROLES["participant"])
    private = _private(demo, victim)
    before = _state(private)
    other: Program = ProgramFactory(name="Other program", slug="other-program")
    runner = UserFactory()
    for role in Role.values:
        Membership.objects.create(program=other, user=runner, role=role)
    intruders: dict[str, User | None] = {
        "another participant": demo.person,
        "evaluator": User.objects.get(email=site_map.ROLES["evaluator"]),
        "outsider": UserFactory(),
        "other program, every role": runner,
        "signed out": None,
    }
    urls = _urls(demo.slug, set(private.values()))
    assert len(urls) > 300, len(urls)
    problems: list[tuple[str, str, str, str, int]] = []
    asked = 0
    for who, user in intruders.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for name, url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                asked += 1
                status = response.status_code
                body = _content(response) if status == 200 else b""
                shown = MARK.encode() in body or HUB_MARK.encode() in body
                if status >= 500 or status == 429 or shown:
                    problems.append((who, method, name, url, status))
        # The private objects' own downloads and pages: never a success.
        for name, kwargs in (
            ("credits:certificate_pdf", {"pk": private["certificate"]}),
            ("mentoring:question", {"pk": private["question"]}),
            ("cases:detail", {"pk": private["draft"]}),
            ("cases:edit", {"pk": private["draft"]}),
            ("cases:letter", {"pk": private["draft"]}),
            *(
                [("evaluation:survey_answer", {"invitation_pk": private["invitation"]})]
                if "invitation" in private
                else []
            ),
        ):
            url = reverse(name, kwargs={"slug": demo.slug, **kwargs})
            status = client.get(url).status_code
            if status == 200:
                problems.append((who, "get", name, url, status))
    assert problems == []
    assert _state(private) == before
    assert asked > 3000, asked


def test_approving_selected_registrations_of_another_program_approves_nothing(
    mailoutbox: list[Any],
) -> None:
    mine: Program = ProgramFactory(slug="mine-1220")
    theirs: Program = ProgramFactory(slug="theirs-1220")
    coordinator = UserFactory()
    Membership.objects.create(program=mine, user=coordinator, role=Role.COORDINATOR)
    own = RegistrationFactory(program=mine)
    foreign = [RegistrationFactory(program=theirs) for _ in range(3)]
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    url = reverse("programs:approve_selected_registrations", kwargs={"slug": mine.slug})
    ids = [str(r.pk) for r in foreign]
    shown = client.post(url, {"ids": ids})
    assert shown.status_code == 302  # nothing of this program ticked: back to the list
    done = client.post(url, {"ids": ids, "confirm": "1"})
    assert done.status_code == 302
    # Under the other program's address: not a member there, so refused.
    theirs_url = reverse("programs:approve_selected_registrations", kwargs={"slug": theirs.slug})
    refused = client.post(theirs_url, {"ids": ids, "confirm": "1"})
    assert refused.status_code in (403, 404)
    # Mixed with one of this program's: only that one.
    client.post(url, {"ids": [*ids, str(own.pk)], "confirm": "1"})
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in foreign]).values_list("status", flat=True)
    ) == {RegistrationStatus.PENDING}
    own.refresh_from_db()
    assert own.status == RegistrationStatus.APPROVED
    assert all(m.to != [r.email] for m in mailoutbox for r in foreign)


def test_the_api_names_no_private_object_of_a_participant_to_any_bearer_token() -> None:
    """Every operation of the OpenAPI schema with an object id, with each id set to one of the
    participant's private objects, called with a bearer token of each other role (same program
    and another program) and with none: no 500, no success carrying the object, no change."""
    import json
    import re

    from echohub.accounts.models import ApiToken
    from echohub.api.api import api

    demo = site_map.build()
    victim = User.objects.get(email=site_map.ROLES["participant"])
    private = _private(demo, victim)
    before = _state(private)
    other: Program = ProgramFactory(name="Other program", slug="other-program")
    runner = UserFactory()
    for role in Role.values:
        Membership.objects.create(program=other, user=runner, role=role)
    callers: dict[str, User | None] = {
        "another participant": demo.person,
        "expert": User.objects.get(email=site_map.ROLES["expert"]),
        "evaluator": User.objects.get(email=site_map.ROLES["evaluator"]),
        "outsider": UserFactory(),
        "other program, every role": runner,
        "no token": None,
    }
    schema = api.get_openapi_schema()
    operations = [
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if set(re.findall(r"{(\w+)}", path)) - {"slug", "token", "dashboard"}
    ]
    assert len(operations) > 40, len(operations)
    problems = []
    asked = 0
    for who, user in callers.items():
        headers = {}
        if user is not None:
            _token, raw = ApiToken.issue(user=user, name="probe-1220")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        client = Client(raise_request_exception=False)
        for method, path in operations:
            for pk in sorted(set(private.values())):
                filled = {p: pk for p in re.findall(r"{(\w+)}", path)}
                filled.update({"slug": demo.slug, "token": "x", "dashboard": "cases"})
                url = path.format(**filled)
                if method == "get":
                    response = client.get(url, **headers)
                else:
                    response = client.generic(
                        method.upper(), url, json.dumps({}), "application/json", **headers
                    )
                asked += 1
                status = response.status_code
                body = _content(response) if 200 <= status < 300 else b""
                marks = [MARK] if who == "expert" else [MARK, HUB_MARK]
                shown = any(m.encode() in body for m in marks)
                if status >= 500 or status == 429 or shown:
                    problems.append((who, method, url, status))
    assert problems == []
    assert _state(private) == before
    assert asked > 1000, asked
