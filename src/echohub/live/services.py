"""State changes of a live session. Each one locks the session's LiveSession row, writes the
state, appends one LiveEvent and announces it (pg_notify / Redis after commit), all in one
transaction, and writes an audit entry. The lock also makes a session's events commit in id
order, so a reader that has seen id N never misses a smaller id committed later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from echohub.accounts.models import User
from echohub.cases.models import DISCIPLINE_OF_PROFESSION, Case, CaseStatus, Discipline
from echohub.cases.services import save_recommendation as save_case_recommendation
from echohub.core import audit
from echohub.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from echohub.core.limits import TooMany, check_lengths
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.live import channel
from echohub.live.models import (
    ItemTiming,
    LiveEvent,
    LiveQuestion,
    LiveSession,
    LiveState,
    QuestionStatus,
    RecommendationDraft,
    SentTo,
)
from echohub.programs.models import HubMember, HubRole, Role
from echohub.programs.rules import has_perm, roles_of
from echohub.scheduling.models import AgendaItem, Session, SessionStatus

QUESTION_MAX = 2_000
DRAFT_MAX = 20_000
QUESTIONS_PER_HOUR = 20  # per person and session: a spoke asks, it does not flood the queue

# A hub member's profession -> the discipline row they write (others: any row).
PROFESSION_DISCIPLINE = DISCIPLINE_OF_PROFESSION


class QuestionHasIdentifiers(DomainError):
    """The question holds what looks like an identifier: refused, shown to its author only."""

    def __init__(self, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            _(
                "Your question may identify a patient (see the marked words). Rewrite it "
                "without names, dates, places or numbers that point to a person."
            ),
            field="text",
        )
        self.findings = findings


def _require_run(actor: Any, session: Session) -> None:
    if not has_perm(actor, session.program, "live.run"):
        raise PermissionDenied(_("Only the hub team runs the live session."))


def append_event(
    *, session: Session, kind: str, payload: dict[str, Any] | None = None
) -> LiveEvent:
    """Append one event (call inside the transaction that holds the session's lock)."""
    event = LiveEvent.objects.create(session=session, kind=kind, payload=payload or {})
    channel.announce(session.pk, event.pk)
    return event


def _locked(session: Session) -> LiveSession:
    # No join here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    live = LiveSession.objects.select_for_update().filter(session=session).first()
    if live is None:  # the first action of the session: one row, made once
        LiveSession.objects.get_or_create(session=session)
        live = LiveSession.objects.select_for_update().get(session=session)
    live.session = session  # the caller's instance (with its program): no re-read
    return live


def _agenda(session: Session) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session).order_by("position", "pk"))


def _plan(live: LiveSession, items: list[AgendaItem]) -> dict[int, ItemTiming]:
    """Planned times: the session's start plus the minutes of the items before."""
    have = {t.item_id: t for t in ItemTiming.objects.filter(live=live)}
    at = live.session.starts_at
    new = []
    for item in items:
        end = at + dt.timedelta(minutes=item.duration_minutes)
        if item.pk not in have:
            new.append(ItemTiming(live=live, item=item, planned_start=at, planned_end=end))
        at = end
    if not new:
        return have
    ItemTiming.objects.bulk_create(new)
    return {t.item_id: t for t in ItemTiming.objects.filter(live=live)}


def _agenda_payload(live: LiveSession) -> dict[str, Any]:
    return {
        "group": "agenda",
        "state": live.state,
        "current": live.current_item_id,
    }


def _record(actor: Any, live: LiveSession, action: str, **changes: Any) -> None:
    audit.record(
        actor=actor,
        action=f"live.{action}",
        obj=live.session,
        program=live.session.program,
        changes=changes,
    )


#: How long before its planned start the hub may start a session on the console: time to test
#: the sound and let the sites in. Earlier is refused (`too_early`): a coordinator could start
#: next week's session by mistake (its live page, attendance window and roster would then be
#: this week's). Within scheduling's EARLY_START_WINDOW, so a session started early reads live.
START_OPENS_BEFORE = dt.timedelta(minutes=60)


def start_opens_at(session: Session) -> dt.datetime:
    """The earliest time the session may be started on the console."""
    return session.starts_at - START_OPENS_BEFORE


def _viewer_zone(viewer: Any) -> dt.tzinfo:
    """The viewer's own time zone (their profile's), else the active one (the deployment's)."""
    import zoneinfo

    name = getattr(viewer, "time_zone", "") or ""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


def _when(value: dt.datetime, zone: dt.tzinfo) -> str:
    """`value` as the pages write it ("Thu 10 Dec 2026, 12:30 EST"), in `zone`."""
    from echohub.core.templatetags.echohub import local_date

    return local_date(timezone.localtime(value, zone), "day_datetime_tz")


def start_refusal(
    session: Session, *, viewer: Any = None, now: dt.datetime | None = None
) -> Conflict | None:
    """Why a session not yet started cannot be started now, or None when it can: cancelled;
    more than START_OPENS_BEFORE before its planned start (`too_early`, saying when it is
    scheduled and from when it can be started, in the viewer's time zone); or its planned end
    has passed (`ended`: its page already reads as ended, and starting then ending it would
    recount everyone's minutes in a window nobody attended). The console shows the reason
    instead of a working button; the service raises it."""
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return Conflict("cancelled", _("This session was cancelled."))
    zone = _viewer_zone(viewer)
    if now < start_opens_at(session):
        return Conflict(
            "too_early",
            _(
                "This session is scheduled for %(when)s. It can be started on the console "
                "from %(opens)s, %(minutes)d minutes before its start."
            )
            % {
                "when": _when(session.starts_at, zone),
                "opens": _when(start_opens_at(session), zone),
                "minutes": START_OPENS_BEFORE // dt.timedelta(minutes=1),
            },
        )
    if session.ends_at <= now:
        return Conflict(
            "ended",
            _(
                "This session was planned to end on %(when)s: it is over and can no longer "
                "be started on the console."
            )
            % {"when": _when(session.ends_at, zone)},
        )
    return None


@transaction.atomic
def start_session(*, actor: User, session: Session) -> LiveSession:
    """Start the session on the console: from START_OPENS_BEFORE before its planned start
    until its planned end (`start_refusal` says why not otherwise)."""
    _require_run(actor, session)
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("cancelled", _("This session was cancelled."))
    live = _locked(session)
    if live.state != LiveState.NOT_STARTED:
        raise Conflict("already_started", _("The session has already started."))
    refused = start_refusal(session, viewer=actor)
    if refused is not None:
        raise refused
    items = _agenda(session)
    timings = _plan(live, items)
    now = timezone.now()
    live.state, live.started_at, live.started_by = LiveState.RUNNING, now, actor
    live.current_item = items[0] if items else None
    live.save()
    if live.current_item is not None:
        ItemTiming.objects.filter(pk=timings[live.current_item.pk].pk).update(started_at=now)
    append_event(session=session, kind="started", payload=_agenda_payload(live))
    _record(actor, live, "started", item=live.current_item_id)
    return live


def _running(session: Session) -> LiveSession:
    live = _locked(session)
    if live.state != LiveState.RUNNING:
        raise Conflict("not_running", _("The session is not running."))
    return live


def _move(
    *, actor: User, session: Session, step: int, skip: bool, at: int | None = None
) -> LiveSession:
    """`at`: the item the console showed as current when the button was pressed. Two consoles
    pressing "Next item" together must not move twice (walk 10): the later press finds the
    agenda moved and is refused (`stale_item`), and its console re-reads the agenda."""
    _require_run(actor, session)
    live = _running(session)
    if at is not None and at != live.current_item_id:
        raise Conflict(
            "stale_item",
            _(
                "Someone moved the agenda meanwhile. Here is where it is now; "
                "press again if needed."
            ),
        )
    items = _agenda(session)
    timings = _plan(live, items)
    ids = [i.pk for i in items]
    now = timezone.now()
    current = live.current_item_id
    index = ids.index(current) if current in ids else -1
    target = index + step
    if step > 0:
        while 0 <= target < len(items) and timings[ids[target]].skipped:
            target += 1  # items skipped ahead of time stay skipped
    if not 0 <= target < len(items):
        if step > 0:
            raise Conflict("no_next", _("This is the last item. End the session instead."))
        raise Conflict("no_previous", _("This is the first item."))
    if current in timings:
        t = timings[current]
        t.ended_at = now
        if skip:
            t.skipped = True
            if t.started_at is None:
                t.started_at = now
        t.save(update_fields=["ended_at", "skipped", "started_at"])
    t = timings[ids[target]]
    if t.started_at is None or step < 0:
        t.started_at = t.started_at or now
    t.ended_at, t.skipped = None, False
    t.save(update_fields=["started_at", "ended_at", "skipped"])
    live.current_item = items[target]
    live.save(update_fields=["current_item", "updated_at"])
    kind = "skipped" if skip else ("back" if step < 0 else "next")
    append_event(session=session, kind=kind, payload=_agenda_payload(live))
    _record(actor, live, kind, item=live.current_item_id)
    return live


@transaction.atomic
def next_item(*, actor: User, session: Session, at: int | None = None) -> LiveSession:
    return _move(actor=actor, session=session, step=1, skip=False, at=at)


@transaction.atomic
def previous_item(*, actor: User, session: Session, at: int | None = None) -> LiveSession:
    return _move(actor=actor, session=session, step=-1, skip=False, at=at)


@transaction.atomic
def skip_item(*, actor: User, session: Session, at: int | None = None) -> LiveSession:
    """Skip the current item (its time so far is kept, marked skipped) and go to the next."""
    return _move(actor=actor, session=session, step=1, skip=True, at=at)


@transaction.atomic
def end_session(*, actor: User, session: Session) -> LiveSession:
    """Close the session: the current item ends, the attendance window closes at this time
    (queries.attendance_window: everyone's minutes are counted again from the hub's actual
    start to now), and the program's post-session surveys are queued."""
    _require_run(actor, session)
    live = _running(session)
    now = timezone.now()
    ItemTiming.objects.filter(live=live, started_at__isnull=False, ended_at__isnull=True).update(
        ended_at=now
    )
    live.state, live.ended_at = LiveState.ENDED, now
    live.save(update_fields=["state", "ended_at", "updated_at"])
    append_event(session=session, kind="ended", payload=_agenda_payload(live))
    _record(actor, live, "ended")
    _recount_attendance(session)
    from echohub.live.tasks import send_session_surveys

    session_id = session.pk
    transaction.on_commit(lambda: send_session_surveys.enqueue(session_id))
    return live


def _recount_attendance(session: Session) -> None:
    """The attendance window is now the hub's actual start and end (queries.attendance_window):
    everyone's minutes at this session are counted again in it (credits follow after commit)."""
    from echohub.attendance.models import Attendance, AttendanceRow
    from echohub.attendance.services import recompute

    people = set(
        AttendanceRow.objects.filter(session=session, user__isnull=False).values_list(
            "user_id", flat=True
        )
    ) | set(Attendance.objects.filter(session=session).values_list("user_id", flat=True))
    recompute(session=session, user_ids={pk for pk in people if pk is not None})


# --- questions from spokes -----------------------------------------------------------------


def _may_ask(actor: Any, session: Session) -> bool:
    return bool(roles_of(actor, session.program)) and has_perm(
        actor, session.program, "cases.present"
    )


@transaction.atomic
def ask_question(
    *, actor: User, session: Session, text: str, overrides: Iterable[str] = ()
) -> LiveQuestion:
    """A registered participant asks the hub. Refused with the findings (for its author's
    eyes only) when the text holds what looks like an identifier; nobody else sees it then.
    The author may confirm that marked words identify nobody (`overrides`: the findings'
    keys, as cases do): that holds for this very text only, and is audit-logged (kinds only)."""
    if not _may_ask(actor, session):
        raise PermissionDenied(_("Only the program's registered participants ask the hub."))
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("cancelled", _("This session was cancelled."))
    text = (text or "").strip()
    if not text:
        raise DomainError("text_required", _("Write your question."), field="text")
    check_lengths({"text": text}, QUESTION_MAX)
    confirmed = {tuple(k.split(":", 2)) for k in overrides if k.count(":") == 2}
    findings = check_fields({"text": text}, overridden=confirmed)  # type: ignore[arg-type]
    if any(not f.overridden for f in findings):
        raise QuestionHasIdentifiers(findings)
    live = _locked(session)
    over = live.state != LiveState.RUNNING and session.ends_at <= timezone.now()
    if live.state == LiveState.ENDED or over:  # over: never run from the console, time passed
        raise Conflict("ended", _("The session has ended. Ask through mentoring instead."))
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    recent = LiveQuestion.objects.filter(
        session=session, author=actor, created_at__gte=hour_ago
    ).count()
    if recent >= QUESTIONS_PER_HOUR:
        raise TooMany("too_many", _("You have asked many questions in the last hour. Wait a bit."))
    question = LiveQuestion.objects.create(
        session=session, author=actor, text=text, agenda_item_id=live.current_item_id
    )
    append_event(
        session=session,
        kind="question",
        payload={"group": "questions", "question": question.pk, "asker": actor.pk},
    )
    audit.record(
        actor=actor,
        action="live.question_asked",
        obj=question,
        program=session.program,
        changes={"kept_findings": sorted({f.kind for f in findings})} if findings else None,
    )
    return question


@transaction.atomic
def decide_question(*, actor: User, question: LiveQuestion, status: str) -> LiveQuestion:
    """Mark a question answered, sent on (to the case thread or mentoring after the session),
    or back to waiting."""
    session = question.session
    _require_run(actor, session)
    if status not in QuestionStatus.values:
        raise DomainError("invalid_status", _("Unknown status."), field="status")
    _locked(session)
    question = LiveQuestion.objects.select_for_update().get(pk=question.pk)
    if question.sent_to and status != question.status:
        raise Conflict("already_sent", _("This question was already sent on."))
    question.status = status
    question.decided_by = None if status == QuestionStatus.OPEN else actor
    question.decided_at = None if status == QuestionStatus.OPEN else timezone.now()
    question.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    append_event(
        session=session,
        kind="question_decided",
        payload={
            "group": "questions",
            "question": question.pk,
            "status": status,
            "asker": question.author_id,
        },
    )
    audit.record(
        actor=actor,
        action="live.question_decided",
        obj=question,
        program=session.program,
        changes={"status": status},
    )
    return question


class SendOnError(DomainError):
    pass


# Said by the service and the console (the view, and the Send button while the session runs).
SEND_ON_AFTER_SESSION = _(
    "Questions are sent on once the session has ended. Until then, keep it in the queue or "
    "mark it “Answer after the session”, and send it on after the end."
)


def send_on_open(session: Session) -> bool:
    """Whether the session's questions may be sent on now: once the session has ended."""
    return LiveSession.objects.filter(session=session, state=LiveState.ENDED).exists()


def _may_send_on(actor: Any, session: Session) -> bool:
    """Who sends a spoke's question on: the hub team that runs the session (coordinators,
    program admins, the hub's chair and facilitator, whoever started it), not every expert."""
    roles = roles_of(actor, session.program)
    if getattr(actor, "is_superuser", False) or roles & {Role.PROGRAM_ADMIN, Role.COORDINATOR}:
        return True
    live = LiveSession.objects.filter(session=session).only("started_by_id").first()
    if live is not None and live.started_by_id == actor.pk:
        return True
    return HubMember.objects.filter(
        user=actor,
        hub__program=session.program,
        is_active=True,
        hub_role__in=(HubRole.CHAIR, HubRole.FACILITATOR, HubRole.COORDINATOR),
    ).exists()


@transaction.atomic
def send_question_on(
    *, actor: User, question: LiveQuestion, to: str, case: Case | None = None
) -> LiveQuestion:
    """Send a spoke's question on for an answer after the session: to the case's discussion
    (community) or to mentoring, and keep the link back on the question (`sent_to`,
    `sent_id`). Only the session's hub team (`_may_send_on`), once the session has started.

    Case discussion: the facilitator posts it (`sent_by_proxy`), never in the asker's name: the
    post says a participant asked it during the live session, names nobody, and is the
    facilitator's in the audit (a post the check holds is held for the facilitator, who chose
    to publish it). Mentoring is a private conversation: the question is the asker's; the
    audit entry `live.question_sent` names the facilitator and `on_behalf_of` the asker (ids
    only: no name, no text, as everywhere in the audit log).

    Only after the session has ended (the issue: "after the session"): during it the question
    waits in the queue, marked "Answer after the session" if need be.

    The asker is told: on their live page (the "question_sent" event re-reads it), and as
    each place tells people (in echohub, and by email as they chose there): the discussion's
    notification of the post, which they now follow (`_follow_for_asker`), or mentoring's
    notice (`_tell_asker_of_mentoring`)."""
    session = question.session
    _require_run(actor, session)
    if not _may_send_on(actor, session):
        raise PermissionDenied(
            _("Only the session's coordinators, chair and facilitator send questions on.")
        )
    live = _locked(session)
    if live.state != LiveState.ENDED:
        raise Conflict("not_ended", SEND_ON_AFTER_SESSION)
    question = LiveQuestion.objects.select_for_update().select_related("author").get(pk=question.pk)
    if question.sent_to:
        raise Conflict("already_sent", _("This question was already sent on."))
    author = question.author
    proxy = False
    if to == SentTo.CASE_THREAD:
        from echohub.community.queries import CASE_THREAD_STATUSES
        from echohub.community.services import case_thread, reply

        if case is None or case.session_id != session.pk:
            raise SendOnError("case_required", _("Choose one of this session's cases."))
        if case.status not in CASE_THREAD_STATUSES:
            raise Conflict(
                "case_not_presented",
                _(
                    "The case's discussion opens once the case is marked presented. "
                    "Send the question after that."
                ),
            )
        proxy = True
        note = _("A participant asked this during the live session; the hub posts it for them:")
        body = f"{note}\n\n{question.text}"
        thread = case_thread(actor=actor, case=case)
        _follow_for_asker(author, thread)  # before the post: its notification reaches them
        post = reply(actor=actor, thread=thread, body=body)
        sent_id = post.pk
    elif to == SentTo.MENTORING:
        from echohub.mentoring.services import PhiFound, ask

        try:
            asked = ask(actor=author, program=session.program, body=question.text, source="live")
        except PhiFound as err:  # saved held for the asker to explain: sent all the same
            asked = err.question
        sent_id = asked.pk
        _tell_asker_of_mentoring(author, asked)
    else:
        raise SendOnError(
            "invalid_destination", _("Send it to the case's discussion or mentoring.")
        )
    now = timezone.now()
    question.sent_to, question.sent_id, question.sent_by_proxy = to, sent_id, proxy
    question.status, question.decided_by, question.decided_at = QuestionStatus.SENT_ON, actor, now
    question.save(
        update_fields=[
            "sent_to",
            "sent_id",
            "sent_by_proxy",
            "status",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    append_event(
        session=session,
        kind="question_sent",
        payload={"group": "questions", "question": question.pk, "to": to, "asker": author.pk},
    )
    audit.record(
        actor=actor,
        action="live.question_sent",
        obj=question,
        program=session.program,
        changes={"to": to, "id": sent_id, "by_proxy": proxy, "on_behalf_of": author.pk},
    )
    return question


def _follow_for_asker(author: User, thread: Any) -> None:
    """The asker follows the case's discussion their question is posted in (unless they may
    not read it, or chose before whether to follow it): the discussion's own notification of
    the post, and of the answers after it, then reaches them in echohub and by email as their
    discussion settings say (community's `notify_new_post`, in their language)."""
    from echohub.community.models import Subscription
    from echohub.community.queries import may_read_thread

    if Subscription.objects.filter(thread=thread, user=author).exists():
        return  # following it already, or stopped following it: their choice stands
    if thread.pk and may_read_thread(author, thread):
        Subscription.objects.create(thread=thread, user=author)


def _tell_asker_of_mentoring(author: User, asked: Any) -> None:
    """The question is now the asker's own in mentoring: mentoring's notice (in their unread
    count and list) and its email, unless they chose no email, in their language, with the
    link, never the text."""
    from echohub.mentoring.models import NoticeKind
    from echohub.mentoring.services import notify

    notify(
        author,
        asked,
        gettext_noop("Mentoring: the hub sent on your question from the live session"),
        NoticeKind.FROM_LIVE.value,
    )


# --- the scribe pane -----------------------------------------------------------------------


def disciplines_of(actor: Any, session: Session) -> set[str] | None:
    """The discipline rows `actor` writes: None = every row (coordinators, admins, the chair,
    the facilitator, and experts whose profession names no discipline)."""
    roles = roles_of(actor, session.program)
    if getattr(actor, "is_superuser", False) or roles & {Role.PROGRAM_ADMIN, Role.COORDINATOR}:
        return None
    members = list(
        HubMember.objects.filter(
            user=actor, hub__program=session.program, is_active=True
        ).values_list("hub_role", "discipline")
    )
    if any(role in (HubRole.CHAIR, HubRole.FACILITATOR) for role, _d in members):
        return None
    own = {PROFESSION_DISCIPLINE[d] for _r, d in members if d in PROFESSION_DISCIPLINE}
    profession = getattr(actor, "profession", "")
    if profession in PROFESSION_DISCIPLINE:
        own.add(PROFESSION_DISCIPLINE[profession])
    return {str(d) for d in own} or None


def _session_case(session: Session, case: Case) -> Case:
    if case.session_id != session.pk or case.status not in (
        CaseStatus.SCHEDULED,
        CaseStatus.PRESENTED,
    ):
        raise NotFound()
    return case


@transaction.atomic
def save_draft(
    *,
    actor: User,
    session: Session,
    case: Case,
    discipline: str,
    text: str,
    version: int | None,
) -> RecommendationDraft:
    """Autosave of one discipline's draft. `version` is the one the writer read (0 or None for
    a new row); a draft saved in between refuses with `stale_draft`, as the case's
    recommendations do, so nobody overwrites a colleague unseen."""
    _require_run(actor, session)
    case = _session_case(session, case)
    if discipline not in Discipline.values:
        raise DomainError("invalid_discipline", _("Unknown discipline."), field="discipline")
    allowed = disciplines_of(actor, session)
    if allowed is not None and discipline not in allowed:
        raise PermissionDenied(_("Each discipline's row is written by its own expert."))
    check_lengths({"text": text}, DRAFT_MAX)
    _locked(session)
    draft = (
        RecommendationDraft.objects.select_for_update()
        .filter(case=case, discipline=discipline)
        .first()
    )
    if draft is None:
        if version:
            raise Conflict("stale_draft", _("This draft was removed meanwhile. Reload."))
        draft = RecommendationDraft.objects.create(
            session=session, case=case, discipline=discipline, text=text, author=actor
        )
    else:
        if not version or version != draft.version:
            if draft.author_id == actor.pk:  # the same person, in another window or tab
                raise Conflict(
                    "stale_draft",
                    _(
                        "You changed this draft in another window or tab meanwhile. Copy your "
                        "text, reload and merge."
                    ),
                )
            raise Conflict(
                "stale_draft",
                _("%(who)s changed this draft meanwhile. Copy your text, reload and merge.")
                % {"who": draft.author},
            )
        draft.text, draft.author, draft.version = text, actor, draft.version + 1
        draft.save(update_fields=["text", "author", "version", "updated_at"])
    append_event(
        session=session,
        kind="draft",
        payload={
            "group": "scribe",
            "case": case.pk,
            "discipline": discipline,
            "version": draft.version,
        },
    )
    audit.record(
        actor=actor,
        action="live.draft_saved",
        obj=case,
        program=session.program,
        changes={"discipline": discipline, "version": draft.version},
    )
    return draft


class DraftsHaveIdentifiers(DomainError):
    """Some drafts hold possible identifiers: nothing copied; `rows` = (discipline label,
    findings) for each, to list them where they are fixed."""

    def __init__(self, rows: list[tuple[str, list[FieldFinding]]]) -> None:
        super().__init__(
            "phi_found",
            _("Some drafts may identify a patient: rewrite the marked words, then copy again."),
        )
        self.rows = rows


@transaction.atomic
def turn_drafts_into_recommendations(*, actor: User, session: Session, case: Case) -> int:
    """After the session: each discipline's non-empty draft becomes (or updates) the case's
    recommendation for it, through the cases service (identifier check, versions, audit).
    Returns how many were written; the case's page is where they are reviewed and sent.
    Refused while the session runs (`running`): the experts are still writing, and the
    console offers it in its end-of-session list; a session never run live in echohub may
    turn its drafts at any time."""
    _require_run(actor, session)
    case = _session_case(session, case)
    if LiveSession.objects.filter(session=session, state=LiveState.RUNNING).exists():
        raise Conflict(
            "running",
            _("The drafts become the case's recommendations once the session has ended."),
        )
    written = 0
    current = {r.discipline: r.version for r in case.recommendations.all()}
    drafts = [
        d
        for d in RecommendationDraft.objects.select_for_update().filter(
            case=case, turned_at__isnull=True
        )
        if d.text.strip()
    ]
    flagged = [
        (str(Discipline(d.discipline).label), found)
        for d in drafts
        if (found := [f for f in check_fields({"text": d.text}) if not f.overridden])
    ]
    if flagged:  # before any is written: all or none, and every row to fix named at once
        raise DraftsHaveIdentifiers(flagged)
    for draft in drafts:
        save_case_recommendation(
            actor=actor,
            case=case,
            discipline=draft.discipline,
            text=draft.text,
            version=current.get(draft.discipline),
        )
        draft.turned_at = timezone.now()
        draft.save(update_fields=["turned_at", "updated_at"])
        written += 1
    with transaction.atomic():
        _locked(session)
        append_event(
            session=session, kind="drafts_turned", payload={"group": "scribe", "case": case.pk}
        )
    return written


# --- the roster, pushed by the video platforms' webhooks ------------------------------------


def roster_changed(session_id: int) -> LiveEvent | None:
    """A video platform reported a join or a leave for this session (attendance's webhooks
    call this once their rows are committed): append a "roster" event, so every open console,
    in every process, re-reads who is here (its own roster part, `live.run` only). The payload
    is the group alone: every viewer of the session (participants, evaluators) receives the
    event, and even counts of a few people (late 1, absent 2) are about identifiable people.
    Nothing for a cancelled session."""
    session = Session.objects.select_related("program").filter(pk=session_id).first()
    if session is None or session.status == SessionStatus.CANCELLED:
        return None
    with transaction.atomic():
        _locked(session)  # events in id order
        return append_event(session=session, kind="roster", payload={"group": "roster"})


# How long the shared cache remembers that a person's click was already pushed (longer than
# any session with its join window): their later clicks change nothing on the roster.
JOIN_PUSH_TTL = 12 * 60 * 60
# This process's own memory of the same (no cache call for a repeated click; the local memory
# cache keeps 300 entries only). An optimisation, never the truth: forgetting costs one more
# roster event, so it is simply emptied when full.
_pushed: set[tuple[int, int]] = set()
PUSHED_MAX = 20_000


def forget_pushed_clicks() -> None:
    """Empty this process's memory of pushed clicks (tests)."""
    _pushed.clear()


def join_link_used(*, session_id: int, user_id: int) -> LiveEvent | None:
    """Someone opened their personal join link (the live page's join button, or the link of
    an email or calendar): `joining` calls this after recording the click (a `JoinEvent`),
    and every open console re-reads who is here, as for a video platform's join. The person
    shows on their site's row ("opened the link", late if after the start) but is not in the
    head count until the platform reports them in the video: the attendance import counts
    them present only from video segments, a click alone being "link only" there too. The
    platform's join of the same person later is the same roster line (one person, one user
    id): nobody is counted twice.

    Only a person's first click pushes (their later clicks change nothing on the roster): the
    process remembers it, and the shared cache for the other processes (per process without
    Redis: at worst one more event). The join path already refused cancelled and closed
    sessions, so the session is not read again."""
    from django.core.cache import cache

    if (session_id, user_id) in _pushed:
        return None
    if len(_pushed) >= PUSHED_MAX:
        _pushed.clear()
    key = f"live-join-pushed:{session_id}:{user_id}"
    if not cache.add(key, 1, JOIN_PUSH_TTL):
        _pushed.add((session_id, user_id))
        return None
    try:
        with transaction.atomic():
            live = LiveSession.objects.select_for_update().filter(session_id=session_id).first()
            if live is None:
                LiveSession.objects.get_or_create(session_id=session_id)
                LiveSession.objects.select_for_update().get(session_id=session_id)
            event = LiveEvent.objects.create(
                session_id=session_id, kind="roster", payload={"group": "roster"}
            )
            channel.announce(session_id, event.pk)
    except Exception:
        cache.delete(key)  # not pushed: the next click tries again
        raise
    _pushed.add((session_id, user_id))
    return event


def open_question_counts(session: Session) -> dict[str, int]:
    return dict(
        LiveQuestion.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
