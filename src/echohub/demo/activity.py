"""Demo activity for ended sessions: attendance and presented cases, so the attendance pages,
credit and the evaluation dashboards have something to show after `make run`.

Attendance goes in the way a hub's comes in: a synthetic Zoom participants report per ended
session, imported through `attendance.services.import_zoom_report` (a few rows name a device
rather than a person and wait in the review queue). Cases are written as the case workflow leaves
them (recommendations sent, followed up, closed), on the agenda's case slots, with stored MME.
Everything is synthetic and deterministic for a seed; no case text names anyone.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import zoneinfo
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from clinical import calculate_mme
from echohub.attendance import services as attendance_services
from echohub.cases.models import (
    Case,
    CaseMedication,
    CaseScore,
    CaseStatus,
    CaseTheme,
    FollowUp,
    Recommendation,
)
from echohub.cases.queries import stored_mme_total
from echohub.cases.services import _next_number as case_number  # the workflow's own numbering
from echohub.core.errors import DomainError
from echohub.demo import content as C
from echohub.live.services import PROFESSION_DISCIPLINE
from echohub.programs.models import HubMember, HubRole, Membership, Program, Role
from echohub.scheduling import services as scheduling_services
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    FollowUpRequest,
    Session,
    SessionStatus,
)
from echohub.scheduling.queries import followable_statuses

ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"

# (keyword in the agenda title, theme); the first match wins.
THEMES = [
    ("taper", CaseTheme.OPIOID_TAPERING),
    ("rotation", CaseTheme.OPIOID_TAPERING),
    ("high-dose", CaseTheme.HIGH_DOSE),
    ("high dose", CaseTheme.HIGH_DOSE),
    ("back", CaseTheme.LOW_BACK),
    ("neuropath", CaseTheme.NEUROPATHIC),
    ("fibromyalgia", CaseTheme.FIBROMYALGIA),
    ("headache", CaseTheme.HEADACHE),
    ("migraine", CaseTheme.HEADACHE),
    ("arthritis", CaseTheme.ARTHRITIS),
    ("osteoarthritis", CaseTheme.ARTHRITIS),
    ("depress", CaseTheme.MENTAL_HEALTH),
    ("anxiety", CaseTheme.MENTAL_HEALTH),
    ("ptsd", CaseTheme.MENTAL_HEALTH),
    ("use disorder", CaseTheme.SUBSTANCE_USE),
    ("buprenorphine", CaseTheme.SUBSTANCE_USE),
]

# Medications at presentation: (drug, formulation, dose, unit, times per day; None for a patch).
Row = tuple[str, str, Decimal, str, Decimal | None]

#: A title that calls a dose "high" has at least this many MME/day (the Canadian 2017 guideline
#: for opioids in chronic non-cancer pain suggests avoiding 90 MME/day or more).
HIGH_DOSE_MME: Final[Decimal] = Decimal(90)


def _rows(meds: Iterable[C.Med]) -> list[Row]:
    return [
        (drug, form, Decimal(dose), unit, Decimal(times) if times is not None else None)
        for drug, form, dose, unit, times in meds
    ]


def regimen_mme(meds: Iterable[C.Med]) -> Decimal | None:
    """MME/day of a demo regimen as the clinical package computes it (None: nothing counts)."""
    data = [
        {
            "drug": drug,
            "formulation": form or None,
            "dose": str(dose),
            "unit": unit,
            **({"times_per_day": str(times)} if times is not None else {}),
        }
        for drug, form, dose, unit, times in _rows(meds)
    ]
    result = calculate_mme(data)
    if not result.rows:
        return None
    return result.total_mme_per_day.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def case_title(spec: C.CaseSpec) -> str:
    """The case's title with "{mme}" filled from its own medications."""
    template, meds, _question = spec
    if "{mme}" not in template:
        return template
    mme = regimen_mme(meds)
    return template.replace("{mme}", f"{mme}" if mme is not None else "unknown")


def case_titles(specs: Iterable[C.CaseSpec]) -> tuple[str, ...]:
    return tuple(case_title(spec) for spec in specs)


@functools.cache
def _specs_by_title() -> dict[str, C.CaseSpec]:
    return {case_title(spec): spec for spec in (*C.CP_CASES, *C.MHA_CASES)}


def _spec(title: str) -> C.CaseSpec | None:
    return _specs_by_title().get(title.removeprefix("Case: "))


def _regimen(title: str, rng: random.Random) -> list[Row]:
    """The medications the case with this title was written with."""
    spec = _spec(title)
    return _rows(spec[1]) if spec else []


RECOMMENDATIONS = {
    "medicine": "Confirm the diagnosis and set shared functional goals; review in four weeks.",
    "pharmacy": "Reduce the opioid by about 10 % of the current dose every 4 weeks; offer "
    "naloxone; avoid starting a benzodiazepine.",
    "psychology": "Offer a pain self-management group; screen again for low mood at follow-up.",
    "physiotherapy": "Graded activity with a walking programme, increasing by 10 % a week.",
    "social_work": "Explore income support and transport to appointments.",
}


PERSON = re.compile(r"^(Man|Woman) in (?:his|her) (\d)0s\b")


def _person(title: str, rng: random.Random) -> tuple[str, str]:
    """Sex/gender and age band as the case's title states them (e.g. "Woman in her 40s")."""
    match = PERSON.match(title)
    if match is None:
        return "not_said", ""
    decade = int(match.group(2)) * 10
    band = "18-29" if decade < 30 else f"{decade}-{decade + 9}"
    return ("woman" if match.group(1) == "Woman" else "man"), band


def _question(title: str) -> str:
    spec = _spec(title)
    return spec[2] if spec else C.TAPER_Q


def _theme(title: str, rng: random.Random) -> str:
    lower = title.lower()
    for word, theme in THEMES:
        if word in lower:
            return theme
    return rng.choice([CaseTheme.LOW_BACK, CaseTheme.OPIOID_TAPERING, CaseTheme.OTHER])


def _zoom_time(at: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%m/%d/%Y %I:%M:%S %p")


def _report(
    session: Session,
    people: list[tuple[str, str, str]],
    rng: random.Random,
    tz: zoneinfo.ZoneInfo,
) -> bytes:
    """A Zoom participants report: one or two segments per person, a few device names."""
    lines = [ZOOM_HEADER]
    length = (session.ends_at - session.starts_at).total_seconds() / 60
    for first, last, email in people:
        join = session.starts_at + dt.timedelta(minutes=rng.uniform(-8, 15))
        leave = session.ends_at - dt.timedelta(minutes=max(0.0, rng.gauss(4, 10)))
        leave = max(leave, join + dt.timedelta(minutes=length * 0.3))
        segments = [(join, leave)]
        if rng.random() < 0.15:  # dropped and came back
            cut = join + (leave - join) / 2
            segments = [(join, cut), (cut + dt.timedelta(minutes=3), leave)]
        for start, end in segments:
            name = f"{first} {last}"
            shown_email = email
            if rng.random() < 0.04:
                name, shown_email = f"{first}'s iPhone", ""
            minutes = max(1, round((end - start).total_seconds() / 60))
            lines.append(
                f"{name},{shown_email},{_zoom_time(start, tz)},{_zoom_time(end, tz)},{minutes},No\n"
            )
    return "".join(lines).encode()


def add_attendance(
    *, programs: Iterable[Program], now: dt.datetime, seed: int, actor: object
) -> int:
    """Import a synthetic report for every ended session; returns the rows imported."""
    rng = random.Random(seed)
    imported = 0
    for program in programs:
        tz = zoneinfo.ZoneInfo(program.time_zone)
        people = list(
            Membership.objects.filter(program=program, role=Role.PARTICIPANT, is_active=True)
            .order_by("user_id")
            .values_list("user__first_name", "user__last_name", "user__email")
        )
        # Each person has their own habit: some come nearly every week, some rarely.
        habit = {email: rng.choice([0.9, 0.8, 0.7, 0.5, 0.3]) for _, _, email in people}
        sessions = Session.objects.filter(program=program, ends_at__lte=now).exclude(
            status=SessionStatus.CANCELLED
        )
        for session in sessions.order_by("starts_at"):
            present = [p for p in people if rng.random() < habit[p[2]]]
            if not present:
                continue
            result = attendance_services.import_zoom_report(
                actor=actor,
                session=session,
                data=_report(session, present, rng, tz),
                filename=f"participants_{session.starts_at:%Y%m%d}.csv",
                time_zone=program.time_zone,
            )
            imported += result.new_rows
    return imported


def add_cases(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> int:
    """Cases on the case slots of ended sessions, as the workflow leaves them."""
    made = 0
    for program in programs:
        sites = dict(
            Membership.objects.filter(program=program, role=Role.PARTICIPANT).values_list(
                "user_id", "site_id"
            )
        )
        regions = dict(program.sites.values_list("pk", "region"))
        # Each discipline's recommendations are written by a hub member of that discipline
        # (their profession read as the live console reads it), else by the coordinator.
        experts: dict[str, int] = {}
        chairs: set[str] = set()  # the disciplines the hub's chairs write
        for profession, user_id, hub_role in (
            HubMember.objects.filter(hub__program=program)
            .exclude(discipline="")
            .order_by("pk")
            .values_list("discipline", "user_id", "hub_role")
        ):
            discipline = PROFESSION_DISCIPLINE.get(profession, profession)
            experts.setdefault(discipline, user_id)
            if hub_role == HubRole.CHAIR:
                chairs.add(discipline)
        coordinator = (
            Membership.objects.filter(program=program, role=Role.COORDINATOR)
            .values_list("user_id", flat=True)
            .first()
        )
        slots = list(
            AgendaItem.objects.filter(
                session__program=program,
                session__ends_at__lte=now,
                kind=AgendaKind.CASE,
                presenter__isnull=False,
            )
            .select_related("session", "presenter")
            .order_by("session__starts_at", "position")
        )
        # The hub's week: the first case of the last session, if it ended less than a week
        # ago, still waits for its recommendations (a chair's discipline not written yet).
        waiting = next(
            (
                s.pk
                for s in slots
                if slots[-1].session_id == s.session_id
                and now - s.session.ends_at < dt.timedelta(weeks=1)
            ),
            None,
        )
        for slot in slots:
            session = slot.session
            # Each case draws from its own generator, seeded by the seed, the program and the
            # case's title: what the demo makes up for a case (status, regimen, which experts
            # answered) depends on that case alone, not on how many sessions have ended by the
            # time the demo is loaded (a draw more for one case used to change every later one,
            # so the demo's recommendations changed with the time of day).
            rng = random.Random(f"{seed}|{program.slug}|{slot.title}")
            age = now - session.ends_at
            status = CaseStatus.RECOMMENDATIONS_SENT
            if age > dt.timedelta(weeks=7):
                status = CaseStatus.CLOSED if rng.random() < 0.75 else CaseStatus.FOLLOWED_UP
            elif age > dt.timedelta(weeks=3):
                status = CaseStatus.FOLLOWED_UP
            due = session.ends_at + dt.timedelta(hours=rng.uniform(18, 120))
            sent_at: dt.datetime | None = due if due <= now and slot.pk != waiting else None
            if sent_at is None:
                status = CaseStatus.PRESENTED
            presenter = slot.presenter
            assert presenter is not None
            regimen = _regimen(slot.title, rng)
            sex_gender, age_band = _person(slot.title.removeprefix("Case: "), rng)
            site_id = sites.get(presenter.pk)
            case = Case.objects.create(
                program=program,
                presenter=presenter,
                presenter_profession=presenter.profession,
                site_id=site_id,
                region=regions.get(site_id, "") if site_id else "",
                status=status,
                number=case_number(program, session.starts_at.year),
                session=session,
                agenda_item=slot,
                title=slot.title.removeprefix("Case: ")[:200],
                theme=_theme(slot.title, rng),
                age_band=age_band,
                sex_gender=sex_gender,
                pain_duration=rng.choice(["1-5y", "gt5y"]),
                pain_type=rng.choice(["nociceptive", "neuropathic", "mixed"]),
                questions=_question(slot.title),
                attest_deidentified=True,
                patient_agreed=True,
                submitted_at=session.starts_at - dt.timedelta(days=10),
                reviewed_at=session.starts_at - dt.timedelta(days=8),
                presented_at=session.starts_at,
                sent_at=sent_at,
                closed_at=(
                    session.ends_at + dt.timedelta(weeks=9) if status == CaseStatus.CLOSED else None
                ),
                advice_followed=(
                    rng.choice(["all", "all", "some", "none"])
                    if status == CaseStatus.CLOSED
                    else ""
                ),
                plan_changed=(rng.random() < 0.7) if status == CaseStatus.CLOSED else None,
                referral_avoided=(rng.random() < 0.5) if status == CaseStatus.CLOSED else None,
            )
            rows = [
                CaseMedication(
                    case=case,
                    position=i,
                    drug=drug,
                    formulation=form,
                    dose=dose,
                    unit=unit,
                    times_per_day=tpd,
                )
                for i, (drug, form, dose, unit, tpd) in enumerate(regimen, start=1)
            ]
            CaseMedication.objects.bulk_create(rows)
            case.mme_total = stored_mme_total(rows, case.mme_table)
            case.save(update_fields=["mme_total"])
            peg = rng.randint(6, 9)
            CaseScore.objects.create(
                case=case, instrument="peg", total=peg, items=[peg, peg, peg], band=""
            )
            if sent_at is None and slot.pk == waiting:
                for discipline in RECOMMENDATIONS:  # drafts so far; the chairs' still to come
                    author = experts.get(discipline) or coordinator
                    if author is not None and discipline not in chairs:
                        Recommendation.objects.create(
                            case=case,
                            discipline=discipline,
                            text=RECOMMENDATIONS[discipline],
                            author_id=author,
                        )
            if sent_at is not None:
                for discipline in RECOMMENDATIONS:  # the whole hub answers every case
                    author = experts.get(discipline) or coordinator
                    if author is not None:
                        Recommendation.objects.create(
                            case=case,
                            discipline=discipline,
                            text=RECOMMENDATIONS[discipline],
                            author_id=author,
                        )
            if status in (CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED):
                follow_up = FollowUp.objects.create(
                    case=case,
                    reported_by=presenter,
                    what_changed="Dose reduced as advised; walking most days; sleep a bit better.",
                )
                share = Decimal(rng.choice([60, 70, 80, 90, 100])) / 100
                fu_rows = [
                    CaseMedication(
                        case=case,
                        follow_up=follow_up,
                        position=i,
                        drug=drug,
                        formulation=form,
                        dose=(dose * share).quantize(Decimal(1)) or Decimal(1),
                        unit=unit,
                        times_per_day=tpd,
                    )
                    for i, (drug, form, dose, unit, tpd) in enumerate(regimen, start=1)
                ]
                CaseMedication.objects.bulk_create(fu_rows)
                follow_up.mme_total = stored_mme_total(fu_rows, case.mme_table)
                follow_up.save(update_fields=["mme_total"])
                later = max(0, peg - rng.randint(0, 3))
                CaseScore.objects.create(
                    case=case,
                    follow_up=follow_up,
                    instrument="peg",
                    total=later,
                    items=[later, later, later],
                    band="",
                )
            made += 1
    return made


def link_follow_up_slots(*, follow_ups: list[tuple[int, str]], actor: object) -> int:
    """Link each follow-up slot to the case it follows up (the last one presented under that
    title before the slot's session), through the scheduling service, which checks it: a case
    whose recommendations are not sent yet leaves its slot unlinked. The slot is then called
    after the case's number, in both languages (its title stays off the agenda)."""
    linked = 0
    for item_id, title in follow_ups:
        item = AgendaItem.objects.select_related("session__program").get(pk=item_id)
        case = (
            Case.objects.filter(
                program=item.session.program,
                title=title,
                sent_at__isnull=False,
                session__starts_at__lt=item.session.starts_at,
            )
            .order_by("-session__starts_at", "-pk")
            .first()
        )
        if case is None:
            continue
        english, french = C.AGENDA_TEXT["follow_up_linked"]
        scheduling_services.save_agenda_item(
            actor=actor, session=item.session, item=item, title=english.format(case.number),
            title_fr=french.format(case.number), followed_case=case.pk,
        )  # fmt: skip
        linked += 1
    return linked


#: How many presenters of each program have asked for a follow-up slot not yet given.
FOLLOW_UP_REQUESTS: Final = 2


def ask_for_follow_ups(
    *, programs: Iterable[Program], now: dt.datetime, prefer: object = None
) -> int:
    """Presenters ask for follow-up slots through the scheduling service (which audits them and
    refuses a case already on a coming agenda): the most recently sent cases of each program,
    `prefer`'s own first (the demo participant sees their request on their case page), until
    FOLLOW_UP_REQUESTS are waiting. They were asked on the days before `now`."""
    made = 0
    for program in programs:
        followable = (
            Case.objects.filter(
                program=program, sent_at__isnull=False, status__in=followable_statuses()
            )
            .select_related("presenter")
            .order_by("-sent_at", "-pk")
        )
        preferred = getattr(prefer, "pk", None)
        cases = [
            *followable.filter(presenter_id=preferred),
            *followable.exclude(presenter_id=preferred),
        ]
        asked = 0
        titles: set[str] = set()  # two requests for cases of one title would read as one
        for case in cases:
            if asked == FOLLOW_UP_REQUESTS:
                break
            if case.title in titles:
                continue
            try:
                request = scheduling_services.ask_for_follow_up_slot(
                    actor=case.presenter, program=program, case_id=case.pk
                )
            except DomainError:
                continue  # already on a coming agenda
            asked += 1
            titles.add(case.title)
            FollowUpRequest.objects.filter(pk=request.pk).update(
                created_at=now - dt.timedelta(days=asked), updated_at=now
            )
        made += asked
    return made
