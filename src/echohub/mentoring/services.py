"""Every change to a mentoring question: asking, its private conversation (identifier check),
routing, accept, pass, triage, close. The program setup (settings, topics, mentors) is in
`mentors` (re-exported here); calls, time logs and credit claims in `calls`.

Text is checked like case text and community posts (echohub.core.phi_check): a message with
findings its author has not explained is saved HELD, seen by its author only, findings marked
in place; it is sent once every finding is fixed or explained (the audit keeps a keyed hash of
each reason, never text). The question's text is its first message: until it is sent the
question is not routed and nobody else knows it exists.

Services check permissions themselves (pages, API and CLI refuse the same things). Emails carry
the program, the topic and a link, never a message's text.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from echohub.accounts.models import User
from echohub.core import audit, limits
from echohub.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from echohub.core.mail import queue_email
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.core.phi_check import text_hash as keyed_hash
from echohub.mentoring import routing, targets
from echohub.mentoring.mentors import (  # the program setup, re-exported for callers
    ASK as ASK,
)
from echohub.mentoring.mentors import (
    CAPACITY_MAX as CAPACITY_MAX,
)
from echohub.mentoring.mentors import (
    COORDINATE as COORDINATE,
)
from echohub.mentoring.mentors import (
    TARGET_DAYS_MAX as TARGET_DAYS_MAX,
)
from echohub.mentoring.mentors import (
    _mentor_roles as _mentor_roles,
)
from echohub.mentoring.mentors import (
    _require as _require,
)
from echohub.mentoring.mentors import (
    is_coordinator as is_coordinator,
)
from echohub.mentoring.mentors import (
    mentor_candidates as mentor_candidates,
)
from echohub.mentoring.mentors import (
    save_mentor as save_mentor,
)
from echohub.mentoring.mentors import (
    save_settings as save_settings,
)
from echohub.mentoring.mentors import (
    save_topic as save_topic,
)
from echohub.mentoring.mentors import (
    set_away as set_away,
)
from echohub.mentoring.mentors import (
    settings_for as settings_for,
)
from echohub.mentoring.models import (
    LOAD_STATUSES,
    EmailChoice,
    Mentor,
    MentoringTopic,
    Message,
    MessageKind,
    MessagePhiOverride,
    MessageStatus,
    Notice,
    NoticeKind,
    NoticeSettings,
    Pass,
    Question,
    QuestionStatus,
)
from echohub.mentoring.queries import forget_unread, unread_count
from echohub.programs.models import Membership, Program, Role

#: One message (a long answer with references fits; a pasted chart does not).
MESSAGE_MAX = 10_000
#: The least a question to a mentor needs to be answerable (a question "a" reached a mentor and
#: the coordinators before; walk 1224); a later message or call note needs more than one letter
#: or sign. Checked by check_body, which every door (pages, API, live console) goes through.
QUESTION_MIN = 15
#: What an author may write to explain a finding (the form's and the API's ceiling too).
OVERRIDE_REASON_MAX = 300
#: Questions one person may ask in 24 hours, and messages they may write.
QUESTIONS_PER_DAY = 10
MESSAGES_PER_DAY = 100


class PhiFound(DomainError):
    """The message (or question) is saved but held: these findings must be fixed or explained
    before anyone else sees it. `question` and `message` are the saved objects."""

    status = 422

    def __init__(self, message: Message, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            ngettext(
                "Your message may contain identifying information (%(n)d finding). It is "
                "saved but not sent: fix or explain it.",
                "Your message may contain identifying information (%(n)d findings). It is "
                "saved but not sent: fix or explain each one.",
                len(findings),
            )
            % {"n": len(findings)},
            field="body",
        )
        self.message_obj = message
        self.question = message.question
        self.findings = findings


# --- the identifier check ----------------------------------------------------------------------


def message_findings(message: Message) -> list[FieldFinding]:
    overrides = message.phi_overrides.values_list("field", "kind", "text_hash")
    return check_fields({"body": message.body}, overrides)


def open_findings(message: Message) -> list[FieldFinding]:
    return [f for f in message_findings(message) if not f.overridden]


def check_body(body: str, *, question: bool = False) -> str:
    """A message's text as stored (trimmed), or a DomainError in the words the pages show: empty
    (`body_required`), over MESSAGE_MAX (`too_long`), or saying too little (`too_short`: a
    question needs QUESTION_MIN characters, any later message or call note more than one letter
    or sign). Every door (pages, API, live console) passes here, so all refuse alike."""
    return limits.check_message(
        body,
        most=MESSAGE_MAX,
        least=QUESTION_MIN if question else 0,
        too_short=gettext_lazy(
            "Say a little more so a mentor can answer: at least %(n)d characters, a "
            "sentence or a question."
        ),
        says_nothing=gettext_lazy(
            "Write a few words: a message of one letter or a sign alone says nothing."
        ),
    )


def _check_message_cap(actor: User) -> None:
    since = timezone.now() - dt.timedelta(days=1)
    used = Message.objects.filter(author=actor, created_at__gte=since).count()
    limits.check_daily_cap(used=used, cap=MESSAGES_PER_DAY, what=_("messages"))


def held_error(message: Message) -> PhiFound | None:
    """The PhiFound for a held message (None when it is sent)."""
    if message.status != MessageStatus.HELD:
        return None
    findings = getattr(message, "open_findings", None)
    if findings is None:
        findings = open_findings(message)
    return PhiFound(message, findings) if findings else None


def _check_and_send(actor: User, message: Message) -> list[FieldFinding]:
    findings = open_findings(message)
    message.open_findings = findings  # type: ignore[attr-defined]
    if not findings and message.status == MessageStatus.HELD:
        _send(actor, message)
    return findings


def _held_message_for_party(actor: User, message: Message) -> Message:
    """The message again, its question locked (callers run in a transaction): NotFound unless
    `actor` is still a party to the question (a mentor who passed, was moved off or switched
    off is not), Conflict when the question is closed (nobody writes in it afterwards)."""
    question = _locked(message.question)
    _require_writer(actor, question)
    message = Message.objects.select_for_update().get(pk=message.pk)
    message.question = question
    return message


def _require_writer(actor: User, question: Question) -> None:
    """A write on a locked question: its asker or its current (active) mentor, not closed."""
    if not is_party(actor, question):
        raise NotFound()
    if question.status == QuestionStatus.CLOSED:
        raise Conflict("question_closed", _("This question is closed: ask a new one."))


@transaction.atomic
def override_finding(*, actor: User, message: Message, key: str, reason: str) -> Message:
    """The author explains why a flagged span is not identifying (the reason is checked too;
    the audit keeps only the reason's keyed hash). Only while the author is still a party
    (the asker or the current, active mentor) and the question is not closed."""
    message = _held_message_for_party(actor, message)
    if message.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can explain a finding."))
    if message.status != MessageStatus.HELD:
        return message
    field, kind, digest = [*key.split(":", 2), "", ""][:3]
    if not any(f.key == key for f in message_findings(message)):
        raise DomainError("invalid_finding", _("This finding is no longer in the text."))
    reason = reason.strip()
    limits.check_lengths({"reason": reason}, OVERRIDE_REASON_MAX)  # as the form and the API
    if len(reason) < 5:
        raise DomainError(
            "reason_required", _("Say briefly why this is not identifying."), field="reason"
        )
    if check_fields({"reason": reason}):
        raise DomainError(
            "reason_identifying",
            _(
                "Your reason itself looks like it contains an identifier (a name, date, place "
                'or number). Say why in general words, e.g. "a drug brand, not a person".'
            ),
            field="reason",
        )
    MessagePhiOverride.objects.get_or_create(
        message=message,
        field=field,
        kind=kind,
        text_hash=digest,
        defaults={"reason": reason, "actor": actor},
    )
    audit.record(
        actor=actor,
        action="mentoring.phi_overridden",
        obj=message,
        program=message.question.program,
        changes={"field": field, "kind": kind, "reason_hash": keyed_hash(reason)[:16]},
    )
    _check_and_send(actor, message)
    return message


@transaction.atomic
def edit_held_message(*, actor: User, message: Message, body: str) -> Message:
    """A held message's author fixes its text (a sent message is final); checked again. Only
    while the author is still a party and the question is not closed."""
    message = _held_message_for_party(actor, message)
    if message.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can edit this message."))
    if message.status != MessageStatus.HELD:
        raise Conflict("message_sent", _("This message is already sent: write a new one."))
    # A question's first message is the question: it keeps the least a question needs.
    first = not Message.objects.filter(question_id=message.question_id, pk__lt=message.pk).exists()
    message.body = check_body(body, question=first)
    message.save(update_fields=["body"])
    audit.record(
        actor=actor,
        action="mentoring.message_edited",
        obj=message,
        program=message.question.program,
    )
    _check_and_send(actor, message)
    return message


# --- asking ------------------------------------------------------------------------------------


def _topic_of(program: Program, topic: MentoringTopic | int | None) -> MentoringTopic | None:
    if topic is None or topic == "":
        return None
    pk = topic.pk if isinstance(topic, MentoringTopic) else topic
    found = MentoringTopic.objects.filter(program=program, pk=pk, active=True).first()
    if found is None:
        raise DomainError("invalid_topic", _("Choose one of the program's topics."), field="topic")
    return found


@transaction.atomic
def submit_question(
    *,
    actor: User,
    program: Program,
    body: str,
    topic: MentoringTopic | int | None = None,
    source: str = "",
) -> Question:
    """A new question (its text is its first message). Sent and routed at once when the
    identifier check finds nothing to explain; else saved held (`open_findings` set on its
    first message, see held_error): nothing typed is lost."""
    _require(actor, program, ASK)
    # A question asked during a live session and sent on by its coordinators after it was
    # read there in context (live.services.send_question_on): the least length of a question
    # typed here does not apply, only that it says something (a sentence was not asked of
    # it live, and nobody may rewrite the asker's words).
    body = check_body(body, question=source != "live")
    found = _topic_of(program, topic)
    since = timezone.now() - dt.timedelta(days=1)
    used = Question.objects.filter(asker=actor, created_at__gte=since).count()
    limits.check_daily_cap(used=used, cap=QUESTIONS_PER_DAY, what=_("questions"))
    question = Question.objects.create(
        program=program, asker=actor, topic=found, source=source[:20]
    )
    message = Message.objects.create(question=question, author=actor, body=body)
    audit.record(
        actor=actor,
        action="mentoring.question_written",
        obj=question,
        program=program,
        changes={"topic": found.pk if found else None, "source": source[:20]},
    )
    _check_and_send(actor, message)
    question.refresh_from_db()
    question.first_message = message  # type: ignore[attr-defined]
    return question


def ask(
    *,
    actor: User,
    program: Program,
    body: str,
    topic: MentoringTopic | int | None = None,
    source: str = "",
) -> Question:
    """Ask a mentor a question (also what the live console calls for a spoke's question).

    Raises PhiFound (code `phi_found`, status 422; `.question`, `.message_obj`, `.findings`)
    when the text needs explaining: the question is then SAVED HELD (the asker fixes it on its
    page), not lost. Raises PermissionDenied / DomainError like the pages."""
    question = submit_question(actor=actor, program=program, body=body, topic=topic, source=source)
    err = held_error(question.first_message)  # type: ignore[attr-defined]
    if err is not None:
        raise err
    return question


def _send(actor: User, message: Message) -> None:
    """A message passed the check: sent (its question published and routed if it is the first).
    Only by a current party into a question that is not closed (callers check it first; this
    is the last guard before anyone else reads it)."""
    now = timezone.now()
    question = _locked(message.question)
    if actor.pk != message.author_id:
        raise PermissionDenied(_("Only the author can send this message."))
    _require_writer(actor, question)
    message.status, message.sent_at = MessageStatus.SENT, now
    message.save(update_fields=["status", "sent_at"])
    message.question = question
    program = question.program
    audit.record(actor=actor, action="mentoring.message_sent", obj=message, program=program)
    question.last_message_at = now
    updates = ["last_message_at"]
    if question.status == QuestionStatus.HELD:
        question.asked_at = now
        rules = settings_for(program)
        question.due_at = targets.add_business_days(
            now, rules.first_answer_days, region=rules.holiday_region, time_zone=program.time_zone
        )
        question.remind_at = targets.remind_time(
            now,
            question.due_at,
            rules.remind_hours,
            region=rules.holiday_region,
            time_zone=program.time_zone,
        )
        question.asker_seen_at = now
        question.save(update_fields=[*updates, "asked_at", "due_at", "remind_at", "asker_seen_at"])
        _route(actor, question)
        return
    mentor_user_id = question.mentor.user_id if question.mentor_id else None  # type: ignore[union-attr]
    if actor.pk == mentor_user_id:
        question.mentor_seen_at = now
        updates.append("mentor_seen_at")
        if question.status == QuestionStatus.OFFERED:  # answering accepts
            question.status, question.accepted_at = QuestionStatus.OPEN, now
            updates += ["status", "accepted_at"]
        if question.first_answer_at is None:
            question.first_answer_at = now
            updates.append("first_answer_at")
        question.save(update_fields=updates)
        notify(question.asker, question, gettext_noop("Mentoring: a new message"), "new_message")
    else:
        question.asker_seen_at = now
        updates.append("asker_seen_at")
        question.save(update_fields=updates)
        if question.mentor_id and question.status in LOAD_STATUSES:
            notify(
                _mentor_user(question),
                question,
                gettext_noop("Mentoring: a new message"),
                "new_message",
            )


# --- routing -----------------------------------------------------------------------------------


def candidates(program: Program) -> list[routing.Candidate]:
    """Every mentor of the program as the router sees them (one query)."""
    member = Membership.objects.filter(
        program=program, user=OuterRef("user"), is_active=True, role__in=list(_mentor_roles())
    )
    rows = (
        Mentor.objects.filter(program=program)
        .annotate(
            load=Count("questions", filter=Q(questions__status__in=LOAD_STATUSES), distinct=True),
            last=Max("questions__routed_at"),
            member=Exists(member),
        )
        .select_related("user")
        .prefetch_related("topics")
    )
    return [
        routing.Candidate(
            id=m.pk,
            user_id=m.user_id,
            topic_ids=frozenset(t.pk for t in m.topics.all()),
            capacity=m.capacity,
            load=m.load,
            away_until=m.away_until,
            active=m.active and m.member and m.user.is_active,
            last_offered=m.last,
        )
        for m in rows
    ]


def _passed(question: Question) -> set[int]:
    return set(Pass.objects.filter(question=question).values_list("mentor_id", flat=True))


def _route(actor: User | None, question: Question, *, tell_asker: bool = False) -> None:
    """Offer the question to the best-fitting mentor, or leave it for triage. `tell_asker`
    when it moves after it was first sent (a pass, a mentor switched off): the asker is told
    where it stands, never who had it or why it moved."""
    program = question.program
    # One routing at a time per program (PostgreSQL row locks on its mentors; SQLite writes
    # are serialized anyway), so two questions asked at once cannot both take a last slot.
    list(Mentor.objects.select_for_update().filter(program=program).values_list("pk", flat=True))
    chosen = routing.choose(
        candidates(program),
        asker_id=question.asker_id,
        topic_id=question.topic_id,
        passed=_passed(question),
        today=timezone.localdate(),
    )
    if chosen is None:
        _to_triage(actor, question, tell_asker=tell_asker)
        return
    mentor = Mentor.objects.select_related("user").get(pk=chosen.id)
    _offer(actor, question, mentor, "routed")
    if tell_asker:
        notify(
            question.asker,
            question,
            gettext_noop("Mentoring: your question went to another mentor"),
            "rerouted",
        )


def _offer(actor: User | None, question: Question, mentor: Mentor, how: str) -> None:
    now = timezone.now()
    question.mentor, question.status = mentor, QuestionStatus.OFFERED
    question.routed_at, question.reminded_at, question.mentor_seen_at = now, None, None
    question.save(update_fields=["mentor", "status", "routed_at", "reminded_at", "mentor_seen_at"])
    audit.record(
        actor=actor,
        action=f"mentoring.question_{how}",
        obj=question,
        program=question.program,
        changes={"mentor": mentor.pk},
    )
    notify(mentor.user, question, gettext_noop("Mentoring: a question for you"), "offered")


def _to_triage(actor: User | None, question: Question, *, tell_asker: bool = False) -> None:
    question.mentor, question.status = None, QuestionStatus.TRIAGE
    question.save(update_fields=["mentor", "status"])
    audit.record(
        actor=actor, action="mentoring.question_to_triage", obj=question, program=question.program
    )
    for person in coordinators(question.program):
        notify(
            person,
            question,
            gettext_noop("Mentoring: a question to assign"),
            "triage",
            coordinator=True,
        )
    if tell_asker:
        notify(
            question.asker,
            question,
            gettext_noop("Mentoring: your question waits for a mentor"),
            "waiting",
        )


def release_questions(*, actor: User | None, mentor: Mentor) -> int:
    """A mentor switched off (or who left the program) gives up their questions: offered ones
    are routed again (never back to them), open ones go to triage (coordinators are told). The
    askers keep their conversations. Returns how many questions moved."""
    moved = 0
    questions = (
        Question.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__user", "asker")
        .filter(mentor=mentor, status__in=LOAD_STATUSES)
        .order_by("pk")
    )
    for question in questions:
        audit.record(
            actor=actor,
            action="mentoring.question_released",
            obj=question,
            program=question.program,
            changes={"mentor": mentor.pk, "status": question.status},
        )
        if question.status == QuestionStatus.OFFERED:
            _route(actor, question, tell_asker=True)
        else:
            _to_triage(actor, question, tell_asker=True)
        moved += 1
    return moved


def coordinators(program: Program) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__is_active=True,
            memberships__role__in=[Role.PROGRAM_ADMIN, Role.COORDINATOR],
        )
        .distinct()
        .order_by("pk")
    )


#: Emailed whatever the person chose: the program's service target depends on them.
ESSENTIAL = {NoticeKind.REMINDER, NoticeKind.ESCALATION}


def email_choice_of(user: User) -> str:
    found = NoticeSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return found or EmailChoice.IMMEDIATE


@transaction.atomic
def set_email_choice(*, actor: User, email: str) -> NoticeSettings:
    """How `actor` wants mentoring news emailed (right away, or not at all)."""
    if email not in EmailChoice.values:
        raise DomainError("invalid_mode", _("Choose how you want to be emailed."), field="email")
    row, _created = NoticeSettings.objects.get_or_create(user=actor)
    row.email = email
    row.save(update_fields=["email"])
    return row


def notify(
    user: User, question: Question, subject: str, template: str, *, coordinator: bool = False
) -> None:
    """Tell `user` about `question`: a notice in the app (their unread count) and, unless they
    chose no email (reminders and escalations are emailed anyway), an email with the program,
    the topic, the due time in the program's zone and a link, never a message's text, in their
    language, after commit. `template` names both the email and the notice's kind."""
    if not user.is_active:
        return
    Notice.objects.create(
        user=user,
        program_id=question.program_id,
        question=question,
        kind=template,
        coordinator=coordinator,
    )
    forget_unread(user)
    if not user.email:
        return
    if template not in ESSENTIAL and email_choice_of(user) == EmailChoice.OFF:
        return
    path = f"/p/{question.program.slug}/mentoring/" + (
        f"manage/questions/{question.pk}/" if coordinator else f"questions/{question.pk}/"
    )
    # Times in the program's zone (the job runner has no reader's zone to borrow).
    with timezone.override(zoneinfo.ZoneInfo(question.program.time_zone or "UTC")):
        queue_email(
            to=user.email,
            subject=subject,
            subject_values={},
            template=f"mentoring/email/{template}.txt",
            context={
                "program": question.program,
                "question": question,
                "coordinator": coordinator,
                "path": path,
            },
        )


def mark_notices_read(
    *, actor: User, program: Program, question: Question | None = None, coordinator: bool = False
) -> int:
    """Mark `actor`'s unread notices read: all of them in the program, or those of one question
    (as a party, or with `coordinator` those that led to its metadata page)."""
    if not unread_count(actor, program):
        return 0
    qs = Notice.objects.filter(user=actor, program=program, read_at__isnull=True)
    if question is not None:
        qs = qs.filter(question=question, coordinator=coordinator)
    done = qs.update(read_at=timezone.now())
    forget_unread(actor)
    return done


def mark_notice_read(*, actor: User, notice: Notice) -> Notice:
    """Mark one of `actor`'s notices read; one already read keeps its time (so it can be sent
    twice). Someone else's notice is not found, as one that does not exist."""
    if notice.user_id != actor.pk:
        raise NotFound()
    if notice.read_at is None:
        now = timezone.now()
        if Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=now):
            notice.read_at = now
        else:  # read meanwhile (another request): keep that time
            notice.read_at = Notice.objects.values_list("read_at", flat=True).get(pk=notice.pk)
        forget_unread(actor)
    return notice


def _mentor_user(question: Question) -> User:
    assert question.mentor is not None  # callers check mentor_id
    return question.mentor.user


def current_mentor_user_id(question: Question) -> int | None:
    """The user the question is with as mentor: None when it has no mentor, or its mentor was
    switched off (`active` False) or no longer has a mentor's membership of the program."""
    mentor = question.mentor if question.mentor_id else None
    if mentor is None or not mentor.active:
        return None
    if not Membership.objects.filter(
        program_id=question.program_id,
        user_id=mentor.user_id,
        is_active=True,
        role__in=list(_mentor_roles()),
    ).exists():
        return None
    return mentor.user_id


def _mentor_of(actor: User, question: Question) -> Mentor:
    if question.mentor_id is None or current_mentor_user_id(question) != actor.pk:
        raise PermissionDenied(_("Only the mentor this question went to can do this."))
    return question.mentor  # type: ignore[return-value]


def _locked(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__user", "asker")
        .get(pk=question.pk)
    )


@transaction.atomic
def accept(*, actor: User, question: Question) -> Question:
    question = _locked(question)
    _mentor_of(actor, question)
    if question.status == QuestionStatus.OPEN:
        return question
    if question.status != QuestionStatus.OFFERED:
        raise Conflict("not_offered", _("This question is no longer waiting for you."))
    question.status, question.accepted_at = QuestionStatus.OPEN, timezone.now()
    question.save(update_fields=["status", "accepted_at"])
    audit.record(
        actor=actor, action="mentoring.question_accepted", obj=question, program=question.program
    )
    notify(
        question.asker, question, gettext_noop("Mentoring: a mentor took your question"), "accepted"
    )
    return question


@transaction.atomic
def pass_question(*, actor: User, question: Question) -> Question:
    """The mentor passes: the question goes to another mentor (never back to one who passed),
    or to triage."""
    question = _locked(question)
    mentor = _mentor_of(actor, question)
    if question.status not in LOAD_STATUSES:
        raise Conflict("not_offered", _("This question is no longer waiting for you."))
    if question.first_answer_at is not None:
        raise Conflict("already_answered", _("You have answered this question: close it instead."))
    Pass.objects.get_or_create(question=question, mentor=mentor)
    audit.record(
        actor=actor, action="mentoring.question_passed", obj=question, program=question.program
    )
    _route(actor, question, tell_asker=True)
    return question


@transaction.atomic
def assign(*, actor: User, question: Question, mentor: Mentor) -> Question:
    """A coordinator chooses the mentor (triage, or moving a question no one has answered).
    The rules of routing hold except topic and capacity, which the coordinator may override."""
    question = _locked(question)
    program = question.program
    _require(actor, program, COORDINATE)
    if mentor.program_id != program.pk:
        raise NotFound()
    if question.status not in (QuestionStatus.TRIAGE, QuestionStatus.OFFERED):
        raise Conflict("not_assignable", _("Only a question no mentor has taken can be assigned."))
    cand = next((c for c in candidates(program) if c.id == mentor.pk), None)
    if cand is None or not routing.fits(
        cand,
        asker_id=question.asker_id,
        topic_id=question.topic_id,
        passed=_passed(question),
        today=timezone.localdate(),
        check_topic=False,
        check_capacity=False,
    ):
        raise DomainError(
            "mentor_unavailable",
            _("This mentor cannot take this question (the asker, away, inactive or passed on it)."),
            field="mentor",
        )
    _offer(actor, question, mentor, "assigned")
    # The coordinators' "to assign" notices of it are done with, whoever assigned it.
    Notice.objects.filter(question=question, kind="triage", read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notify(
        question.asker,
        question,
        gettext_noop("Mentoring: a coordinator chose a mentor for your question"),
        "assigned",
    )
    return question


@transaction.atomic
def close(*, actor: User, question: Question) -> Question:
    question = _locked(question)
    mentor_user = current_mentor_user_id(question)
    if actor.pk not in (question.asker_id, mentor_user) and not is_coordinator(
        actor, question.program
    ):
        raise PermissionDenied(_("Only the asker or the mentor can close this question."))
    if question.status == QuestionStatus.CLOSED:
        return question
    question.status, question.closed_at = QuestionStatus.CLOSED, timezone.now()
    question.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=actor, action="mentoring.question_closed", obj=question, program=question.program
    )
    return question


# --- the conversation --------------------------------------------------------------------------


def is_party(actor: Any, question: Question) -> bool:
    """The asker, or the mentor the question is with (while active and a member)."""
    if getattr(actor, "pk", None) is None:
        return False
    if question.asker_id == actor.pk:
        return True
    return question.mentor_id is not None and current_mentor_user_id(question) == actor.pk


@transaction.atomic
def write(
    *, actor: User, question: Question, body: str, kind: str = MessageKind.MESSAGE
) -> Message:
    """A message (or a call note) from the asker or the mentor; held when it needs explaining
    (`open_findings` set, see held_error)."""
    question = _locked(question)
    _require_writer(actor, question)
    if question.status == QuestionStatus.HELD:
        raise Conflict(
            "question_held", _("Your question is not sent yet: fix or explain the findings first.")
        )
    if kind not in MessageKind.values:
        raise DomainError("invalid_kind", _("Choose a message or a call note."))
    body = check_body(body)
    _check_message_cap(actor)
    message = Message.objects.create(question=question, author=actor, body=body, kind=kind)
    message.question = question
    audit.record(
        actor=actor,
        action="mentoring.message_written",
        obj=message,
        program=question.program,
        changes={"question": question.pk, "kind": kind},
    )
    _check_and_send(actor, message)
    return message


def mark_seen(*, actor: User, question: Question) -> None:
    now = timezone.now()
    if question.asker_id == actor.pk:
        Question.objects.filter(pk=question.pk).update(asker_seen_at=now)
    elif question.mentor_id and current_mentor_user_id(question) == actor.pk:
        Question.objects.filter(pk=question.pk).update(mentor_seen_at=now)
