"""Every page of the site, read from the URLconf, for the accessibility and phone-layout walks.

`page_urls()` lists one URL per named pattern (and a few per pattern where the page differs a
lot with its object's state, e.g. a case at each step). A pattern with arguments needs an entry
in `KWARGS` (which object to show) or in `NOT_PAGES` (why it is not a page: POST-only, a file
download, a redirect, a webhook); a new pattern in neither fails `test_every_url_is_walked`, so
no page is forgotten. The data is the demo (`echohub demo`), plus what it lacks (a draft and a
submitted case, a credit rule, an invitation, an announcement, a study, a program break).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

# The demo's accounts (echohub.demo.content.ACCOUNTS), by the role they play.
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "participant": "participant@example.org",
    "expert": "expert@example.org",
    "coordinator": "coordinator@example.org",
    "evaluator": "evaluator@example.org",
    "program_admin": "programadmin@example.org",
}

# Named patterns that are not pages a person reads, with the reason.
NOT_PAGES: dict[str, str] = {
    "accounts:logout": "POST only",
    "cases:new": "POST only (starts a draft from the case list)",
    "attendance:upload": "POST only (a form on the attendance page)",
    "attendance:manual": "POST only (a form on the attendance page)",
    "attendance:roll_call": "POST only (a form on the attendance page)",
    "evaluation:survey_send": "POST only (a form on the survey page)",
    "evaluation:section_add": "POST only (a form on the survey page)",
    "evaluation:research_study_new": "POST only (a form on the research page)",
    "accounts:set_language": "POST only (the switch in every page's header)",
    "set_language": "Django's own language view, POST only",
    "accounts:token_create": "POST only (from the profile page)",
    "accounts:token_revoke": "POST only",
    "accounts:security:setup_qr": "an SVG image (shown inside the setup page)",
    "accounts:security:verify": "the second step of sign-in; needs a half-signed-in session",
    "accounts:security:recovery_codes": "shown once after setup; needs a fresh enrolment",
    "accounts:security:disable": "needs two-factor set up first (tests/security covers it)",
    "accounts:security:verify_passkey_options": "JSON for passkeys.js, POST only",
    "accounts:security:verify_passkey": "POST only (the passkey form of the second step)",
    "accounts:security:passkey_options": "JSON for passkeys.js, POST only",
    "accounts:security:passkey_add": "POST only (a form on the security page)",
    "accounts:security:passkey_remove": "POST only (a form on the security page)",
    "my_data": "JSON download",
    "programs:decide_registration": "POST only",
    "programs:approve_selected_registrations": "POST only (a form on the registrations list)",
    "scheduling:title": "POST only (a tab of the session page)",
    "scheduling:reschedule": "POST only (a tab of the session page)",
    "scheduling:cancel": "POST only (a tab of the session page)",
    "scheduling:resource_add": "POST only",
    "joining_session:session_ics": "iCalendar download",
    "joining_session:session_video": "POST only (a tab of the session page)",
    "joining:join": "redirects to the video room",
    "joining:feed": "iCalendar feed",
    "cases:form_config_reset": "POST only",
    "cases:form_sender": "POST only",
    "cases:override": "POST only",
    "cases:letter": "PDF download",
    "cases:action": "POST only (each workflow step)",
    "attendance:program_export": "CSV/XLSX download",
    "attendance:session_export": "CSV/XLSX download",
    "attendance:fetch_zoom": "POST only",
    "attendance:delete_import": "POST only",
    "attendance:assign": "POST only",
    "attendance:guest": "POST only",
    "attendance:find_people": "htmx fragment inside the attendance page",
    "credits:recompute": "POST only",
    "credits:issue_session_certificate": "POST only",
    "credits:batch_progress": "htmx fragment inside the batch page",
    "credits:batch_cancel": "POST only",
    "credits:certificate_pdf": "PDF download",
    "evaluation:survey_delete": "POST only",
    "evaluation:survey_open": "POST only",
    "evaluation:survey_close": "POST only",
    "evaluation:section_delete": "POST only",
    "evaluation:section_move": "POST only",
    "evaluation:question_delete": "POST only",
    "evaluation:question_move": "POST only",
    "evaluation:report": "PDF download",
    "evaluation:research_download": "ZIP download",
    "privacy:deactivate": "POST only",
    "privacy:reactivate": "POST only",
    "attendance_webhooks:zoom": "webhook",
    "attendance_webhooks:bbb": "webhook",
    "attendance_webhooks:jitsi": "webhook",
    "attendance_webhooks:jitsi_event": "webhook",
}

SKIPPED_PREFIXES = ("admin/", "api/v1/")  # Django's admin and the API's own docs page


@dataclass
class Objects:
    """The objects the pages are shown for (one per kind, chosen among the demo's)."""

    slug: str
    upcoming: Any
    past: Any
    agenda_item: Any
    person: Any  # a participant of the program, not the signed-in one
    site: Any
    hub_member: Any
    cases: list[Any]  # one per status worth seeing
    own_draft: Any
    own_presented: Any  # the participant's own case, past the session, with a patient summary
    study: Any
    rule: Any
    batch: Any
    survey: Any
    section: Any
    question: Any
    answer_invitation: Any
    respond_token: str
    invitation_token: str
    reset: tuple[str, str]
    import_row: Any


def _walk(
    patterns: list[Any], prefix: str = "", ns: str | None = None, args: frozenset[str] = frozenset()
) -> Iterator[Any]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = p.namespace
            space = f"{ns}:{inner}" if ns and inner else (inner or ns)
            outer = args | set(p.pattern.converters)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), space, outer)
        elif isinstance(p, URLPattern):
            if prefix.startswith(SKIPPED_PREFIXES) or not p.name:
                continue
            name = f"{ns}:{p.name}" if ns else p.name
            yield name, prefix + str(p.pattern), sorted(args | set(p.pattern.converters))


def patterns() -> list[tuple[str, str, list[str]]]:
    """(name, route, argument names) of every named pattern outside the admin and the API."""
    seen: dict[str, tuple[str, str, list[str]]] = {}
    for name, route, args in _walk(get_resolver().url_patterns):
        seen.setdefault(name, (name, route, args))
    return list(seen.values())


def _case_kwargs(o: Objects) -> list[dict[str, Any]]:
    return [{"pk": c.pk} for c in o.cases]


# Pages shown in the language of the person they are about, not the visitor's: the walk
# checks them with axe like the others, but not that they follow the language it asked for.
SUBJECT_LANGUAGE: dict[str, str] = {
    "community_public:unsubscribe": "the language of the person the link was emailed to",
}


# For each pattern with arguments beyond the program's slug: the objects to show it for.
KWARGS: dict[str, Callable[[Objects], list[dict[str, Any]]]] = {
    "accounts:password_reset_confirm": lambda o: [{"uidb64": o.reset[0], "token": o.reset[1]}],
    "accounts:accept_invitation": lambda o: [{"token": o.invitation_token}],
    "programs:person": lambda o: [{"user_id": o.person.pk}],
    "programs:site_edit": lambda o: [{"pk": o.site.pk}],
    "programs:hub_member_new": lambda o: [{"hub_id": o.hub_member.hub_id}],
    "programs:hub_member_edit": lambda o: [{"hub_id": o.hub_member.hub_id, "pk": o.hub_member.pk}],
    "scheduling:session": lambda o: [{"pk": o.upcoming.pk}, {"pk": o.past.pk}],
    "scheduling:agenda_new": lambda o: [{"pk": o.upcoming.pk}],
    "scheduling:agenda_edit": lambda o: [
        {"pk": o.agenda_item.session_id, "item_id": o.agenda_item.pk}
    ],
    "cases_session:session_cases": lambda o: [{"pk": o.upcoming.pk}],
    "cases:detail": _case_kwargs,
    "cases:edit": lambda o: [{"pk": o.own_draft.pk}],
    "cases:patient_summary": lambda o: [{"pk": o.own_presented.pk}],
    "attendance:person": lambda o: [{"user_id": o.person.pk}],
    "attendance:session": lambda o: [{"pk": o.past.pk}],
    "attendance:upload": lambda o: [{"pk": o.past.pk}],
    "attendance:manual": lambda o: [{"pk": o.past.pk}],
    "attendance:roll_call": lambda o: [{"pk": o.past.pk}],
    "attendance:adjust": lambda o: [{"pk": o.past.pk, "user_id": o.person.pk}],
    "credits:rule_edit": lambda o: [{"pk": o.rule.pk}],
    "credits:eligibility": lambda o: [{"pk": o.rule.pk}],
    "credits:session": lambda o: [{"pk": o.rule.pk, "session_pk": o.past.pk}],
    "credits:batch": lambda o: [{"pk": o.batch.pk}] if o.batch else [],
    "evaluation:survey_answer": lambda o: (
        [{"invitation_pk": o.answer_invitation.pk}] if o.answer_invitation else []
    ),
    "evaluation:survey": lambda o: [{"pk": o.survey.pk}],
    "evaluation:survey_edit": lambda o: [{"pk": o.survey.pk}],
    "evaluation:survey_preview": lambda o: [{"pk": o.survey.pk}],
    "evaluation:survey_send": lambda o: [{"pk": o.survey.pk}],
    "evaluation:section_add": lambda o: [{"pk": o.survey.pk}],
    "evaluation:section_edit": lambda o: [{"pk": o.survey.pk, "section_pk": o.section.pk}],
    "evaluation:question_add": lambda o: [{"pk": o.survey.pk}],
    "evaluation:question_edit": lambda o: [{"pk": o.survey.pk, "question_pk": o.question.pk}],
    "evaluation:survey_results": lambda o: [{"pk": o.survey.pk}],
    "privacy:person": lambda o: [{"pk": o.person.pk}],
    # A GET form's result page: "?" holds its query string.
    "evaluation:research_counts": lambda o: [
        {"?": f"study={o.study.pk}&datasets=attendance&datasets=people&format=csv"}
    ],
    "survey_respond:respond": lambda o: [{"token": o.respond_token}],
}


def _app_entries() -> None:
    """The newer areas keep their entries in tests/browser/site_map_apps/<area>.py."""
    import importlib
    import pkgutil

    from tests.browser import site_map_apps

    for info in pkgutil.iter_modules(site_map_apps.__path__):
        module = importlib.import_module(f"{site_map_apps.__name__}.{info.name}")
        NOT_PAGES.update(module.NOT_PAGES)
        KWARGS.update(module.KWARGS)


_app_entries()


@dataclass(frozen=True)
class PageUrl:
    name: str
    url: str


def unmapped() -> list[str]:
    """Patterns with arguments that are neither shown (KWARGS) nor explained (NOT_PAGES)."""
    out = []
    for name, _route, args in patterns():
        if name in NOT_PAGES or name in KWARGS:
            continue
        if set(args) - {"slug"}:
            out.append(name)
    return out


def page_urls(o: Objects) -> list[PageUrl]:
    urls: list[PageUrl] = []
    for name, _route, args in patterns():
        if name in NOT_PAGES:
            continue
        if name in KWARGS:
            for kwargs in KWARGS[name](o):
                query = kwargs.pop("?", "")
                if "slug" in args:
                    kwargs = {"slug": o.slug, **kwargs}
                url = reverse(name, kwargs=kwargs)
                urls.append(PageUrl(name, f"{url}?{query}" if query else url))
        elif args == ["slug"]:
            urls.append(PageUrl(name, reverse(name, kwargs={"slug": o.slug})))
        elif not args:
            urls.append(PageUrl(name, reverse(name)))
    return urls


def _first(queryset: Any) -> Any:
    """The first object, or a clear failure when the demo no longer has one."""
    found = queryset.first()
    assert found is not None, f"the demo has no {queryset.model.__name__} for this page"
    return found


def build() -> Objects:
    """Load the demo and add what it lacks; returns the objects the pages are shown for."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from echohub.accounts.models import Invitation, User
    from echohub.attendance.models import AttendanceRow
    from echohub.cases import services as case_services
    from echohub.cases.models import Case, CaseStatus
    from echohub.credits import services as credit_services
    from echohub.demo.data import load_demo
    from echohub.evaluation.models import Question, Section, Study, Survey, SurveyInvitation
    from echohub.evaluation.services import hash_token
    from echohub.programs.models import (
        Announcement,
        HubMember,
        Membership,
        Program,
        Role,
        Site,
    )
    from echohub.scheduling.models import AgendaItem, ProgramBreak, Series, Session
    from echohub.security.models import SignInEvent, SignInOutcome

    load_demo()
    program = Program.objects.get(slug="chronic-pain")
    now = timezone.now()
    admin = User.objects.get(email=ROLES["program_admin"])
    participant = User.objects.get(email=ROLES["participant"])
    sessions = Session.objects.filter(program=program)
    upcoming = sessions.filter(starts_at__gt=now).order_by("starts_at").first()
    past = (
        sessions.filter(ends_at__lt=now, import_batches__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    person = _first(
        Membership.objects.filter(program=program, role=Role.PARTICIPANT)
        .exclude(user=participant)
        .order_by("pk")
    ).user

    # Cases at the steps whose pages differ: a draft, one waiting for privacy review, and
    # the demo's own (scheduled/presented, sent, followed up, closed).
    own_draft = case_services.start_case(actor=participant, program=program)
    submitted = case_services.start_case(actor=participant, program=program)
    demo_cases = list(Case.objects.filter(program=program).exclude(status=CaseStatus.DRAFT))
    template = demo_cases[0]
    for field in ("title", "question", "history", "age_band", "sex_gender"):
        if hasattr(template, field):
            setattr(submitted, field, getattr(template, field))
    submitted.status = CaseStatus.SUBMITTED
    submitted.save()
    by_status: dict[str, Any] = {}
    for case in demo_cases:
        by_status.setdefault(case.status, case)
    own_presented = _first(
        Case.objects.filter(program=program, presenter=participant)
        .exclude(status__in=[CaseStatus.DRAFT, CaseStatus.SUBMITTED])
        .order_by("pk")
    )
    case_services.save_plain_summary(
        actor=participant,
        case=own_presented,
        text="Your doctor and the hub team suggest lowering one medicine slowly, over months.",
    )
    cases = [own_draft, submitted, own_presented, *by_status.values()]

    rule = credit_services.create_rule(
        actor=admin,
        program=program,
        data={
            "credit_type": "mainpro_group",
            "credits_per_hour": "1",
            "minimum_share": 75,
            "accreditation_statement": "This one-credit-per-hour Group Learning program meets "
            "the certification criteria of the College of Family Physicians of Canada.",
            "provider_name": "Demo ECHO hub",
            "provider_contact": "echo@example.org",
        },
    )
    series = _first(Series.objects.filter(program=program).order_by("pk"))
    batch = credit_services.start_batch(
        actor=admin, rule=rule, series=series, cycle_unfinished_ok=True
    )

    study = Study.objects.create(program=program, name="Reach and retention", created_by=admin)
    survey = Survey.objects.filter(program=program).order_by("pk").first()
    section = Section.objects.filter(survey=survey).order_by("pk").first()
    question = Question.objects.filter(section__survey=survey).order_by("pk").first()
    answer_invitation = SurveyInvitation.objects.filter(
        survey__program=program, user=participant, responded=False
    ).first()
    respond = _first(SurveyInvitation.objects.filter(survey__program=program, responded=False))
    respond_token = "axe-walk-survey-token"
    SurveyInvitation.objects.filter(pk=respond.pk).update(token_hash=hash_token(respond_token))

    _invitation, invitation_token = Invitation.make(
        email="newcomer@example.org", program=program, role=Role.PARTICIPANT, invited_by=admin
    )
    Announcement.objects.create(
        program=program,
        author=admin,
        subject="Summer schedule",
        body="No sessions in August.",
        audience_label="Everyone",
        recipient_count=40,
        sent_at=now,
    )
    # Each account's security page lists its sign-ins (the walk signs in by cookie: none).
    for email in filter(None, ROLES.values()):
        user = User.objects.get(email=email)
        for outcome in (SignInOutcome.SUCCESS, SignInOutcome.WRONG_PASSWORD):
            SignInEvent.objects.create(
                user=user,
                outcome=outcome,
                address="203.0.113.0/24",
                browser="Chrome Mobile on Android",
            )
    ProgramBreak.objects.create(
        program=program,
        title="Summer break",
        first_day=now.date() + dt.timedelta(days=200),
        last_day=now.date() + dt.timedelta(days=230),
    )
    return Objects(
        slug=program.slug,
        upcoming=upcoming,
        past=past,
        agenda_item=AgendaItem.objects.filter(session=upcoming).order_by("pk").first(),
        person=person,
        site=Site.objects.filter(program=program).order_by("pk").first(),
        hub_member=HubMember.objects.filter(hub__program=program).order_by("pk").first(),
        cases=cases,
        own_draft=own_draft,
        own_presented=own_presented,
        study=study,
        rule=rule,
        batch=batch,
        survey=survey,
        section=section,
        question=question,
        answer_invitation=answer_invitation,
        respond_token=respond_token,
        invitation_token=invitation_token,
        reset=(
            urlsafe_base64_encode(force_bytes(participant.pk)),
            default_token_generator.make_token(participant),
        ),
        import_row=AttendanceRow.objects.filter(batch__session=past).first(),
    )


# --- The walk ------------------------------------------------------------------------------

WIDTHS: tuple[int, ...] = (1280, 390)
LANGUAGES: tuple[str, ...] = ("en-CA", "fr-CA")
REFLOW_WIDTH = 320  # WCAG 1.4.10: the key pages (both languages) are also measured at 320 px

# What makes two renderings of a page the same for axe: the main content, without the
# per-request CSRF token. Each role's header and program menu are checked on its first page.
INFO_JS = """async () => {
  const main = document.querySelector('main') || document.body;
  const html = main.outerHTML.replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, '');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(html));
  const hex = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
  return [document.documentElement.lang, hex];
}"""

# Two animation frames: the resize handlers (app.js) have run and the layout is settled.
# Never longer than a second: page.evaluate has no timeout of its own, and a page that paints
# no frame (a background tab, a busy renderer) must not hold the walk.
SETTLED_JS = (
    "() => new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(r));"
    " setTimeout(r, 1000); })"
)

# The key pages: also measured at 320 px (WCAG 1.4.10 reflow) in both languages, and checked
# for accessible names (test_accessible_names.py). axe runs on every page in both languages.
KEY_PAGES: frozenset[str] = frozenset(
    {
        "home",
        "accounts:login",
        "accounts:profile",
        "programs:detail",
        "programs:register",
        "programs:hub",
        "programs:people",
        "programs:registrations",
        "scheduling:list",
        "scheduling:session",
        "cases:list",
        "cases:detail",
        "cases:edit",
        "attendance:overview",
        "attendance:session",
        "attendance:mine",
        "credits:rules",
        "credits:transcript",
        "evaluation:surveys",
        "evaluation:insights",
        "evaluation:reach",
        "evaluation:cases_dashboard",
        "evaluation:survey_answer",
        "survey_respond:respond",
        "tools:opioids",
    }
)


@dataclass
class Visit:
    role: str
    language: str
    name: str
    url: str
    status: int
    page: bool  # a full HTML page (not a redirect, a refusal, a fragment or a download)
    lang_attr: str = ""
    widths: dict[int, int] | None = None  # viewport width -> document scrollWidth
    violations: dict[int, list[dict[str, Any]]] | None = None  # width -> axe violations
    axe_skipped: dict[int, bool] | None = None  # width -> same rendering already checked


def session_cookie(email: str, domain: str) -> dict[str, Any]:
    """A signed-in session for `email`, made server-side (no sign-in form, any language)."""
    from django.conf import settings
    from django.test import Client

    from echohub.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "domain": domain, "path": "/"}


def _summary(violation: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": violation["id"],
        "impact": violation["impact"],
        "help": violation["help"],
        "targets": [n["target"] for n in violation["nodes"]][:5],
        "nodes": len(violation["nodes"]),
    }


def walk(
    *,
    browser: Any,
    base_url: str,
    role: str,
    language: str,
    urls: list[PageUrl],
    axe_names: frozenset[str] | None = None,
    seen: set[tuple[Any, ...]] | None = None,
) -> list[Visit]:
    """Visit every URL as `role` in `language`: at each width the page's scrollWidth, and
    axe's violations (for the URL names in `axe_names`, or all): once per distinct main
    content per width and language (`seen`, shared across roles), and always on the role's
    first page (its header and program menu). Refusals (403, 404) are checked like pages."""
    from urllib.parse import urlparse

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    axe = Axe()
    seen = seen if seen is not None else set()
    context = browser.new_context(base_url=base_url, locale=language, timezone_id="America/Toronto")
    # The live pages' event streams stay open for half a minute each and reconnect: the walk
    # checks what a page shows, not what arrives later, so it never opens them.
    context.route(re.compile(r"/live/\d+/events/"), lambda route: route.abort())
    email = ROLES[role]
    if email:
        context.add_cookies([session_cookie(email, urlparse(base_url).hostname or "")])
    page = context.new_page()
    page.set_default_timeout(20_000)
    trace = os.environ.get("ECHOHUB_WALK_TRACE")
    visits = []
    where = "(before the first page)"
    try:
        for item in urls:
            # Every page at every width (axe_names=None), or the named ones at every width and
            # the rest at the phone width only (the layout check).
            checked = axe_names is None or item.name in axe_names
            widths = WIDTHS if checked else WIDTHS[1:]
            if item.name in KEY_PAGES:
                widths = (*widths, REFLOW_WIDTH)
            page.set_viewport_size({"width": widths[0], "height": 900})
            where = item.url
            if trace:  # ECHOHUB_WALK_TRACE=file: where a slow or stuck walk is
                with open(trace, "a") as out:
                    stamp = time.strftime("%H:%M:%S")
                    print(f"{stamp} {os.getpid()} {role} {language} {item.url}", file=out)
            try:
                answer = page.goto(item.url)
            except PlaywrightError:  # a download or an empty refusal (405): not a page
                visits.append(Visit(role, language, item.name, item.url, -1, False))
                continue
            status = answer.status if answer else -1
            redirected = answer is not None and answer.request.redirected_from is not None
            html = answer is not None and "text/html" in answer.headers.get("content-type", "")
            visit = Visit(role, language, item.name, item.url, status, status == 200 and html)
            if redirected:
                visit.status, visit.page = 302, False
            visits.append(visit)
            if redirected or not html or status not in (200, 403, 404):
                continue
            visit.widths, visit.violations, visit.axe_skipped = {}, {}, {}
            visit.lang_attr, main = page.evaluate(INFO_JS)
            for n, width in enumerate(widths):
                if n:
                    page.set_viewport_size({"width": width, "height": 900})
                    page.evaluate(SETTLED_JS)
                visit.widths[width] = page.evaluate("document.documentElement.scrollWidth")
                if width == REFLOW_WIDTH or not checked:
                    continue
                keys = {(width, language, main), (width, language, role)}
                if keys <= seen:
                    visit.axe_skipped[width] = True
                    continue
                seen |= keys
                visit.violations[width] = [_summary(v) for v in run_axe(axe, page)]
    except Exception as exc:  # say where the walk stopped
        raise RuntimeError(f"the walk stopped at {role} {language} {where}: {exc}") from exc
    finally:
        context.close()
    return visits


AXE_SECONDS = 90


def assert_clean(page: Any, width: int) -> None:
    """The page has no axe violation and does not scroll sideways at `width` (the walks'
    check of every page they visit)."""
    from axe_playwright_python.sync_playwright import Axe

    assert run_axe(Axe(), page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def run_axe(axe: Any, page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page, as axe_playwright_python's Axe.run finds them, but
    never waiting longer than AXE_SECONDS: page.evaluate has no timeout of its own, and a
    page that never answers must fail the walk, not hold the run. A page a click has just
    brought is read whole: its load is waited for first (at once for a page already loaded)."""
    page.wait_for_load_state()
    page.evaluate(axe.axe_script)
    options = json.dumps({"resultTypes": ["violations"]})
    limit = AXE_SECONDS * 1000
    return page.evaluate(
        f"""() => Promise.race([
            axe.run(document, {options}).then(r => r.violations),
            new Promise((_, no) => setTimeout(() => no(new Error("axe: no answer")), {limit})),
        ])"""
    )


@dataclass
class SiteWalk:
    objects: Objects
    urls: list[PageUrl]
    visits: list[Visit]
    seconds: float

    def of(self, role: str, language: str) -> list[Visit]:
        return [v for v in self.visits if v.role == role and v.language == language]


_WALKS: dict[str, SiteWalk] = {}
_FAILED: dict[str, BaseException] = {}


def language_params() -> list[Any]:
    """The walk's languages as test parameters, each language its own xdist group: under
    `make test` the English and the French walks run at once on the two workers (one walk of
    both took 20 minutes of one worker on a slow CI machine). Nothing is lost by the split:
    a rendering already checked is skipped only within its language."""
    import pytest

    return [
        pytest.param(lang, marks=pytest.mark.xdist_group(f"site_walk_{lang}")) for lang in LANGUAGES
    ]


def site_walk(request: Any, language: str) -> SiteWalk:
    """The demo loaded once, every page visited by every role in `language`. Cached for the
    pytest process: test_axe.py and test_phone_layout.py read the same walk (they share the
    language's xdist group). The asking test is marked django_db(transaction=True): its
    teardown empties the database again for the tests that follow."""
    if language in _WALKS:
        return _WALKS[language]
    if language in _FAILED:  # one walk per process: a failed walk is not walked again per test
        raise RuntimeError("the site walk failed earlier in this run") from _FAILED[language]

    browser = request.getfixturevalue("browser")
    live_server = request.getfixturevalue("live_server")
    started = time.monotonic()
    objects = build()
    urls = page_urls(objects)
    visits: list[Visit] = []
    seen: set[tuple[Any, ...]] = set()
    try:
        for role in ROLES:
            visits += walk(
                browser=browser,
                base_url=live_server.url,
                role=role,
                language=language,
                urls=urls,
                axe_names=None,
                seen=seen,
            )
    except BaseException as exc:
        _FAILED[language] = exc
        raise
    _WALKS[language] = SiteWalk(objects, urls, visits, time.monotonic() - started)
    report = os.environ.get("ECHOHUB_WALK_REPORT")
    if report:  # every visit as JSON, for docs/testing.md's table (never on a normal run)
        out = Path(report)
        out = out.with_name(f"{out.stem}-{language}{out.suffix}")
        out.write_text(json.dumps([asdict(v) for v in visits], indent=1))
    return _WALKS[language]
