"""Reads of the live session: the agenda with its times, the roster, the questions, the case
on screen, and the actual window other apps read (attendance windows, the session page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Max
from django.utils import timezone

from echohub.attendance.models import AttendanceRow
from echohub.attendance.queries import in_meeting_now
from echohub.cases.models import Case, CaseStatus, Discipline, Recommendation
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.live.models import (
    ItemTiming,
    LiveEvent,
    LiveQuestion,
    LiveSession,
    LiveState,
    QuestionStatus,
    RecommendationDraft,
)
from echohub.programs.models import Membership, Role
from echohub.scheduling.models import AgendaItem, Session

WARN_BEFORE = dt.timedelta(minutes=2)  # "overrun soon" this long before an item's planned end
LATE_AFTER = dt.timedelta(minutes=5)


def last_event_id(session: Session) -> int:
    return LiveEvent.objects.filter(session=session).aggregate(m=Max("id"))["m"] or 0


def live_of(session: Session) -> LiveSession | None:
    return LiveSession.objects.filter(session=session).select_related("current_item").first()


@dataclass(frozen=True)
class Window:
    """When the session actually ran: the hub's start and end (falling back to the planned
    ones); `actual` says whether the hub ran it live in echohub."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    actual: bool


def actual_window(session: Session) -> Window:
    """The selector other apps read for attendance windows and the session page."""
    live = LiveSession.objects.filter(session=session).values("started_at", "ended_at").first()
    if live and live["started_at"]:
        return Window(live["started_at"], live["ended_at"] or session.ends_at, True)
    return Window(session.starts_at, session.ends_at, False)


def attendance_window(session: Session) -> tuple[dt.datetime, dt.datetime] | None:
    """The window attendance counts minutes in, for a session the hub ran live in echohub:
    from its actual start to its actual end (while it runs: to the planned end, or now if it
    runs over; the end of the session recomputes everyone's minutes). None when it was not
    run live: attendance keeps the planned window. Registered in `LiveConfig.ready`."""
    live = LiveSession.objects.filter(session=session).values("started_at", "ended_at").first()
    if not live or not live["started_at"]:
        return None
    end = live["ended_at"] or max(session.ends_at, timezone.now())
    return live["started_at"], max(end, live["started_at"])


def actual_item_times(session: Session) -> dict[int, tuple[dt.datetime | None, dt.datetime | None]]:
    """Agenda item id -> (actual start, actual end) for the session page."""
    return {
        item: (start, end)
        for item, start, end in ItemTiming.objects.filter(live__session=session).values_list(
            "item_id", "started_at", "ended_at"
        )
    }


@dataclass
class AgendaRow:
    item: AgendaItem
    planned_start: dt.datetime
    planned_end: dt.datetime
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    skipped: bool = False
    current: bool = False
    overrun: str = ""  # "", "soon" or "over"
    over_minutes: int = 0

    @property
    def planned_minutes(self) -> int:
        return self.item.duration_minutes

    @property
    def actual_minutes(self) -> int | None:
        if self.started_at is None:
            return None
        end = self.ended_at or timezone.now()
        return max(0, int((end - self.started_at).total_seconds() // 60))

    @property
    def due_at(self) -> dt.datetime | None:
        """When the current item should end, counted from its actual start."""
        if self.started_at is None:
            return None
        return self.started_at + dt.timedelta(minutes=self.item.duration_minutes)


@dataclass
class Agenda:
    live: LiveSession | None
    rows: list[AgendaRow]
    drift_minutes: int = 0  # how far behind the plan (positive) or ahead (negative)

    @property
    def state(self) -> str:
        return self.live.state if self.live else LiveState.NOT_STARTED

    @property
    def current(self) -> AgendaRow | None:
        return next((r for r in self.rows if r.current), None)


def is_over(session: Session, now: dt.datetime | None = None) -> bool:
    """Whether the session takes no more questions: the console ended it, or its planned end
    has passed and the console is not running it (a session never run from the console; its
    page offered "Join" and "Ask the hub" days later, and the question reached nobody)."""
    now = now or timezone.now()
    state = (
        LiveSession.objects.filter(session=session).values_list("state", flat=True).first()
        or LiveState.NOT_STARTED
    )
    return state == LiveState.ENDED or (state != LiveState.RUNNING and session.ends_at <= now)


def agenda(session: Session, now: dt.datetime | None = None) -> Agenda:
    """The running agenda: planned times (the session's start plus the minutes before), actual
    times, the current item, and overrun: "soon" within WARN_BEFORE of its due end, "over"
    past it."""
    now = now or timezone.now()
    live = live_of(session)
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("presenter")
        .prefetch_related("resources")
        .order_by("position", "pk")
    )
    timings = (
        {t.item_id: t for t in ItemTiming.objects.filter(live=live)} if live is not None else {}
    )
    rows = []
    at = session.starts_at
    for item in items:
        end = at + dt.timedelta(minutes=item.duration_minutes)
        t = timings.get(item.pk)
        row = AgendaRow(
            item=item,
            planned_start=t.planned_start if t else at,
            planned_end=t.planned_end if t else end,
            started_at=t.started_at if t else None,
            ended_at=t.ended_at if t else None,
            skipped=t.skipped if t else False,
            current=live is not None
            and live.state == LiveState.RUNNING
            and live.current_item_id == item.pk,
        )
        if row.current and row.due_at is not None:
            if now >= row.due_at:
                row.overrun = "over"
                row.over_minutes = int((now - row.due_at).total_seconds() // 60)
            elif now >= row.due_at - WARN_BEFORE:
                row.overrun = "soon"
        rows.append(row)
        at = end
    result = Agenda(live=live, rows=rows)
    current = result.current
    if current is not None and current.started_at is not None:
        result.drift_minutes = int(
            (current.started_at - current.planned_start).total_seconds() // 60
        )
    return result


# --- who is here ---------------------------------------------------------------------------


@dataclass
class RosterPerson:
    user_id: int | None
    name: str
    site: str
    here: bool
    first_seen: dt.datetime | None
    late: bool
    how: str  # "video" (a provider's report) or "link" (their join link)


@dataclass
class SiteRoster:
    name: str
    expected: int = 0
    people: list[RosterPerson] = field(default_factory=list)

    @property
    def here(self) -> int:
        return sum(1 for p in self.people if p.here)


@dataclass
class Roster:
    sites: list[SiteRoster]
    absent: list[RosterPerson]
    guests: int  # video participants not matched to a person (phone lines, rooms)
    head_count: int  # in the video meeting now (matched people and guests)
    # People the attendance import will count (matched, with a video segment, in or gone)
    # plus the video rows still to match: the figure the session's attendance later shows.
    joined: int = 0
    # People who opened their join link and are not (yet) reported in the video: on their
    # site's row, not in the head count; the attendance screens call them "link only".
    link_only: int = 0

    @property
    def present_sites(self) -> list[SiteRoster]:
        return [s for s in self.sites if s.people]

    @property
    def empty_sites(self) -> list[SiteRoster]:
        return [s for s in self.sites if not s.people]

    @property
    def late(self) -> list[RosterPerson]:
        return [p for s in self.sites for p in s.people if p.late]

    def counts(self) -> dict[str, int]:
        """The roster in numbers (what a "roster" event carries: no names)."""
        return {
            "here": self.head_count,
            "joined": self.joined,
            "link_only": self.link_only,
            "guests": self.guests,
            "late": len(self.late),
            "absent": len(self.absent),
            "sites_here": sum(1 for s in self.sites if s.here),
            "sites": len(self.sites),
        }


def roster(session: Session, now: dt.datetime | None = None) -> Roster:
    """Who is here, from the provider webhooks already received (open segments: joined and not
    left) and the join links clicked, per site; expected = the program's active participants.
    The head count counts what the attendance import later counts: people with a video
    segment (matched or not); a click on a join link alone is shown (on the person's site,
    late or not) and counted apart as `link_only`, as the attendance screens do. People are
    keyed by user id, so a click and the platform's join of the same person are one line."""
    live = live_of(session)
    start = live.started_at if live and live.started_at else session.starts_at
    members = list(
        Membership.objects.filter(program=session.program, role=Role.PARTICIPANT, is_active=True)
        .select_related("user", "site")
        .order_by("site__name", "user__last_name", "user__first_name")
    )
    site_of = {m.user_id: (m.site.name if m.site else "") for m in members}
    names: dict[int, str] = {m.user_id: m.user.get_full_name() or m.user.email for m in members}
    segments: dict[int, list[AttendanceRow]] = {}
    guests = 0
    rows = list(
        AttendanceRow.objects.filter(session=session, join_at__isnull=False)
        .annotate(now_in=ExpressionWrapper(in_meeting_now(), output_field=BooleanField()))
        .select_related("user")
        .order_by("join_at")
    )
    for row in rows:
        if row.user_id is None:
            guests += 1 if row.now_in else 0
            continue
        segments.setdefault(row.user_id, []).append(row)
        if row.user_id not in names and row.user is not None:
            names[row.user_id] = row.user.get_full_name() or row.user.email
    clicks: dict[int, dt.datetime] = {}
    for user_id, at in (
        JoinEvent.objects.filter(session=session, outcome=JoinOutcome.REDIRECTED)
        .order_by("at")
        .values_list("user_id", "at")
    ):
        clicks.setdefault(user_id, at)
        if user_id not in names:
            names[user_id] = ""
    missing = [uid for uid, n in names.items() if not n]
    if missing:
        from echohub.accounts.models import User

        for user in User.objects.filter(pk__in=missing):
            names[user.pk] = user.get_full_name() or user.email
    sites: dict[str, SiteRoster] = {}
    for m in members:
        sites.setdefault(site_of[m.user_id], SiteRoster(name=site_of[m.user_id])).expected += 1
    absent = []
    head = guests
    for user_id in names:
        segs = segments.get(user_id, [])
        # An open row of an imported report is no one here now (see in_meeting_now).
        here_video = any(s.now_in for s in segs)  # type: ignore[attr-defined]
        times = [s.join_at for s in segs if s.join_at]
        if user_id in clicks:
            times.append(clicks[user_id])
        first = min(times, default=None)
        here = here_video or (not segs and user_id in clicks)
        person = RosterPerson(
            user_id=user_id,
            name=names[user_id],
            site=site_of.get(user_id, ""),
            here=here,
            first_seen=first,
            late=first is not None and first > start + LATE_AFTER,
            how="video" if segs else ("link" if user_id in clicks else ""),
        )
        head += 1 if here_video else 0
        if first is None:
            absent.append(person)
            continue
        sites.setdefault(person.site, SiteRoster(name=person.site)).people.append(person)
    ordered = sorted(sites.values(), key=lambda s: (s.name == "", s.name.lower()))
    unmatched = {(r.name.strip().lower() or f"row {r.pk}") for r in rows if r.user_id is None}
    return Roster(
        sites=ordered,
        absent=absent,
        guests=guests,
        head_count=head,
        joined=len(segments) + len(unmatched),
        link_only=sum(1 for s in sites.values() for p in s.people if p.how == "link"),
    )


# --- questions, the case on screen, drafts -------------------------------------------------


def questions(session: Session, viewer: Any = None) -> list[LiveQuestion]:
    order: dict[str, int] = {"open": 0, "sent_on": 1, "answered": 2}
    found = list(
        LiveQuestion.objects.filter(session=session).select_related("author", "agenda_item")
    )
    found.sort(key=lambda q: (order.get(q.status, 3), q.created_at, q.pk))
    return with_destinations(found, viewer, session)


def thread_cases(session: Session) -> list[Case]:
    """The session's cases a question may be sent to (their discussion opens once presented;
    a scheduled one is listed and the facilitator is told to mark it presented first)."""
    return list(
        Case.objects.filter(
            session=session,
            status__in=(
                CaseStatus.SCHEDULED,
                CaseStatus.PRESENTED,
                CaseStatus.RECOMMENDATIONS_SENT,
                CaseStatus.FOLLOWED_UP,
                CaseStatus.CLOSED,
            ),
        )
        .select_related("agenda_item")
        .order_by("agenda_item__position", "pk")
    )


def own_questions(session: Session, user: Any) -> list[LiveQuestion]:
    found = list(LiveQuestion.objects.filter(session=session, author=user).order_by("-created_at"))
    return with_destinations(found, user, session)


@dataclass(frozen=True)
class Destination:
    """Where a question sent on went, as `viewer` may follow it: `url` is "" when the viewer
    may not open it (a mentoring conversation is the asker's and their mentor's)."""

    label: str
    url: str
    held: bool  # kept for its author to explain marked words (not yet published)
    by_proxy: bool


def _may_follow(question: Any, post: Any, viewer: Any) -> bool:
    """The hub team follows every link; the asker only into a discussion they may open."""
    if question.author_id != getattr(viewer, "pk", None):
        return True
    from echohub.community.queries import may_open_case_thread

    case = post.thread.case
    return case is not None and may_open_case_thread(viewer, case)


def with_destinations(
    found: list[LiveQuestion], viewer: Any, session: Session
) -> list[LiveQuestion]:
    """Set `destination` (a Destination or None) on each question, in two queries at most."""
    from echohub.community.models import Post, PostStatus
    from echohub.live.models import SentTo

    post_ids = [q.sent_id for q in found if q.sent_to == SentTo.CASE_THREAD and q.sent_id]
    posts = (
        {
            p.pk: p
            for p in Post.objects.filter(pk__in=post_ids).select_related(
                "thread__program", "thread__case__program"
            )
        }
        if post_ids
        else {}
    )
    mentoring_ids = [q.sent_id for q in found if q.sent_to == SentTo.MENTORING and q.sent_id]
    held_mentoring: set[int] = set()
    coordinates = False
    if mentoring_ids:
        from echohub.mentoring.models import Question, QuestionStatus
        from echohub.programs.rules import has_perm

        held_mentoring = set(
            Question.objects.filter(pk__in=mentoring_ids, status=QuestionStatus.HELD).values_list(
                "pk", flat=True
            )
        )
        coordinates = has_perm(viewer, session.program, "mentoring.coordinate")
    slug = session.program.slug
    viewer_id = getattr(viewer, "pk", None)
    for q in found:
        q.destination = None  # type: ignore[attr-defined]
        if q.sent_to == SentTo.CASE_THREAD and q.sent_id in posts:
            post = posts[q.sent_id]
            # A post the check holds is known to its author only; the asker gets a link only
            # to a discussion they may open (the hub posts there for them).
            q.destination = Destination(  # type: ignore[attr-defined]
                label=str(SentTo.CASE_THREAD.label),
                url=post.get_absolute_url() if _may_follow(q, post, viewer) else "",
                held=post.status == PostStatus.HELD and post.author_id == viewer_id,
                by_proxy=q.sent_by_proxy,
            )
        elif q.sent_to == SentTo.MENTORING and q.sent_id:
            from django.urls import reverse

            # A held mentoring question is known to nobody but its asker (review 6): others
            # see "Mentoring" only, and coordinators no link to a question they cannot list.
            url = ""
            asker = q.author_id == viewer_id
            held = q.sent_id in held_mentoring
            if asker:
                url = reverse("mentoring:question", kwargs={"slug": slug, "pk": q.sent_id})
            elif coordinates and not held:
                url = reverse("mentoring:manage_question", kwargs={"slug": slug, "pk": q.sent_id})
            q.destination = Destination(  # type: ignore[attr-defined]
                label=str(SentTo.MENTORING.label),
                url=url,
                held=held and asker,
                by_proxy=False,
            )
    return found


SHOWN_STATUSES = (CaseStatus.SCHEDULED, CaseStatus.PRESENTED, CaseStatus.RECOMMENDATIONS_SENT)


def case_on_screen(session: Session, item: AgendaItem | None) -> Case | None:
    """The case of the current agenda item, once its privacy review passed (scheduled)."""
    if item is None:
        return None
    return (
        Case.objects.filter(session=session, agenda_item=item, status__in=SHOWN_STATUSES)
        .select_related("site")
        .first()
    )


def session_cases(session: Session) -> list[Case]:
    return list(
        Case.objects.filter(
            session=session, status__in=(CaseStatus.SCHEDULED, CaseStatus.PRESENTED)
        )
        .select_related("agenda_item")
        .order_by("agenda_item__position", "pk")
    )


@dataclass(frozen=True)
class Marks:
    """A draft's possible identifiers: its text with them marked, and each one's kind and
    reason (core.phi_check), shown in place in the scribe pane."""

    html: Any
    findings: list[Any]


def marks_of(text: str) -> Marks | None:
    from echohub.core.phi_check import check_fields, highlight

    if not text or not text.strip():
        return None
    found = check_fields({"text": text})
    return Marks(html=highlight(text, found), findings=found) if found else None


@dataclass
class DraftRow:
    discipline: str
    label: str
    draft: RecommendationDraft | None
    recommendation: Recommendation | None
    editable: bool
    marks: Marks | None = None

    @property
    def version(self) -> int:
        return self.draft.version if self.draft else 0


def draft_rows(case: Case, editable: set[str] | None) -> list[DraftRow]:
    drafts = {
        d.discipline: d
        for d in RecommendationDraft.objects.filter(case=case).select_related("author")
    }
    recs = {r.discipline: r for r in Recommendation.objects.filter(case=case)}
    return [
        DraftRow(
            discipline=value,
            label=str(label),
            draft=drafts.get(value),
            recommendation=recs.get(value),
            editable=editable is None or value in editable,
            marks=marks_of(drafts[value].text) if value in drafts else None,
        )
        for value, label in Discipline.choices
    ]


@dataclass
class LeftToDo:
    drafts_to_turn: list[Case]
    open_questions: int
    sent_on_questions: int
    presenters: list[Any]


def left_to_do(session: Session) -> LeftToDo:
    """What the end of the session leaves: drafts not yet turned into recommendations, questions
    still waiting or sent on, presenters to thank."""
    cases = session_cases(session)
    waiting = (
        RecommendationDraft.objects.filter(session=session, turned_at__isnull=True)
        .exclude(text="")
        .values_list("case_id", flat=True)
    )
    waiting_ids = set(waiting)
    counts = {
        s: LiveQuestion.objects.filter(session=session, status=s).count()
        for s in (QuestionStatus.OPEN, QuestionStatus.SENT_ON)
    }
    presenters: dict[int, Any] = {}
    for item in AgendaItem.objects.filter(session=session, presenter__isnull=False).select_related(
        "presenter"
    ):
        presenters.setdefault(item.presenter_id, item.presenter)  # type: ignore[arg-type]
    for case in Case.objects.filter(session=session).select_related("presenter"):
        presenters.setdefault(case.presenter_id, case.presenter)
    return LeftToDo(
        drafts_to_turn=[c for c in cases if c.pk in waiting_ids],
        open_questions=counts[QuestionStatus.OPEN],
        sent_on_questions=counts[QuestionStatus.SENT_ON],
        presenters=list(presenters.values()),
    )
