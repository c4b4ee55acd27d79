"""The demo's library content (synthetic), added after the rest of the demo is loaded.

Talks are the past didactics of the demo's sessions (linked to their agenda items, presented by
the demo's hub members), with invented objectives and key points; one guest talk has no account.
Clinical tools are real public references, by title and address only (no patient data). Past
cases need nothing here: the demo's cases whose recommendations were sent are the entries."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile

from echohub.library import services
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import AgendaItem, AgendaKind

#: topic words -> (theme, tags, learning objectives, key points)
TALK_NOTES: list[tuple[str, str, list[str], str, str]] = [
    (
        "taper",
        "opioid_tapering",
        ["tapering", "opioids", "shared decision"],
        "Decide with the patient whether and when to taper.\nChoose a pace and plan pauses.",
        "Go slowly: 5 to 10% of the dose every 2 to 4 weeks for long-term use.\n"
        "Pause rather than reverse when withdrawal or pain flares.\n"
        "Offer naloxone and follow up often during the taper.",
    ),
    (
        "Morphine milligram",
        "high_dose",
        ["MME", "opioids", "safety"],
        "Convert doses to MME/day and know the guideposts.",
        "MME tables differ (CDC 2022 and the Canadian guideline): name the one you use.\n"
        "Methadone and buprenorphine do not convert linearly.",
    ),
    (
        "Canadian guideline",
        "opioid_tapering",
        ["guideline", "opioids"],
        "Apply the 2017 Canadian guideline's recommendations in primary care.",
        "Optimise non-opioid therapy first.\nAvoid starting above 50 MME/day; prefer under 90.",
    ),
    (
        "Buprenorphine",
        "substance_use",
        ["buprenorphine", "opioid use disorder"],
        "Describe micro-dosing and standard buprenorphine starts.",
        "Micro-dosing avoids precipitated withdrawal.\nSplit dosing can help pain.",
    ),
    (
        "Opioid use disorder",
        "substance_use",
        ["opioid use disorder", "DSM-5"],
        "Tell opioid use disorder from complex persistent dependence.",
        "Use the DSM-5 criteria, leaving out tolerance and withdrawal under prescription.\n"
        "Both call for a plan, not a discharge.",
    ),
    (
        "Naloxone",
        "high_dose",
        ["naloxone", "overdose"],
        "Offer naloxone to every patient on opioids and their family.",
        "Ontario pharmacies provide naloxone kits free of charge.\nTeach the steps.",
    ),
    (
        "Cognitive behavioural",
        "mental_health",
        ["CBT", "pain psychology"],
        "Use three CBT techniques in a primary-care visit.",
        "Name unhelpful thoughts; test them.\nSchedule valued activities.",
    ),
    (
        "Acceptance and commitment",
        "mental_health",
        ["ACT", "pain psychology"],
        "Introduce values-based action in 15 minutes.",
        "Ask what matters; choose one small step toward it.",
    ),
    (
        "Exercise therapy",
        "low_back",
        ["physiotherapy", "exercise"],
        "Prescribe graded activity that patients keep doing.",
        "Start below the flare threshold and progress by time, not pain.",
    ),
    (
        "Low back pain",
        "low_back",
        ["physiotherapy", "imaging"],
        "Screen for red flags and avoid unneeded imaging.",
        "Most low back pain needs no imaging.\nStay active; return to work early.",
    ),
    (
        "Pain and sleep",
        "mental_health",
        ["sleep", "pain psychology"],
        "Assess and treat insomnia alongside pain.",
        "CBT for insomnia works with chronic pain.\nAvoid adding sedatives to opioids.",
    ),
    (
        "Pacing",
        "other",
        ["occupational therapy", "pacing"],
        "Build a flare-up plan with the patient.",
        "Plan activity by time; keep a flare-up plan on the fridge.",
    ),
    (
        "biopsychosocial",
        "other",
        ["chronic pain", "biopsychosocial"],
        "Explain pain with the biopsychosocial model.",
        "Pain is real whatever its cause.\nSet goals about function, not pain scores alone.",
    ),
    (
        "Central sensitization",
        "fibromyalgia",
        ["nociplastic pain", "education"],
        "Recognise nociplastic pain.",
        "Explain the nervous system's role; movement and sleep help.",
    ),
    (
        "Neuropathic pain",
        "neuropathic",
        ["neuropathic pain", "gabapentinoids"],
        "Choose first-line treatment for neuropathic pain.",
        "Start low, go slow with tricyclics, SNRIs or gabapentinoids; review at 4 weeks.",
    ),
    (
        "Alcohol use disorder",
        "substance_use",
        ["alcohol", "naltrexone"],
        "Offer naltrexone or acamprosate in primary care.",
        "Both work; choose by liver and kidney function.",
    ),
    (
        "Opioid agonist therapy",
        "substance_use",
        ["opioid use disorder", "buprenorphine", "methadone"],
        "Start and continue opioid agonist therapy in primary care.",
        "Buprenorphine-naloxone is first line; methadone when it fails.",
    ),
]

#: (title, source, url, theme, tags, for every program)
TOOLS: list[tuple[str, str, str, str, list[str], bool]] = [
    (
        "Opioid Manager",
        "Centre for Effective Practice",
        "https://cep.health/clinical-products/opioid-manager/",
        "opioid_tapering",
        ["opioids", "tapering"],
        False,
    ),
    (
        "Management of Chronic Non-Cancer Pain tool",
        "Centre for Effective Practice",
        "https://cep.health/clinical-products/chronic-non-cancer-pain/",
        "other",
        ["chronic pain"],
        False,
    ),
    (
        "2017 Canadian Guideline for Opioids for Chronic Non-Cancer Pain",
        "McMaster University, National Pain Centre",
        "https://healthsci.mcmaster.ca/npc/guidelines",
        "opioid_tapering",
        ["guideline", "opioids"],
        True,
    ),
    (
        "CDC Clinical Practice Guideline for Prescribing Opioids for Pain, 2022",
        "Centers for Disease Control and Prevention (MMWR)",
        "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm",
        "high_dose",
        ["guideline", "MME"],
        True,
    ),
    (
        "Where to get a free naloxone kit in Ontario",
        "Government of Ontario",
        "https://www.ontario.ca/page/get-naloxone-kits-free",
        "high_dose",
        ["naloxone", "overdose"],
        True,
    ),
    (
        "Opioid Use Disorder (OUD) tool",
        "Centre for Effective Practice",
        "https://cep.health/clinical-products/opioid-use-disorder/",
        "substance_use",
        ["opioid use disorder", "buprenorphine"],
        False,
    ),
    (
        "National Guideline for the Clinical Management of Opioid Use Disorder",
        "Canadian Research Initiative in Substance Misuse (CRISM)",
        "https://crism.ca/projects/opioid-guideline/",
        "substance_use",
        ["opioid use disorder", "guideline"],
        False,
    ),
    (
        "Pain BC: Pain Foundations",
        "Pain BC",
        "https://painbc.ca/health-professionals/education/pain-foundations",
        "mental_health",
        ["pain psychology", "education"],
        False,
    ),
]

#: A minimal valid PDF (one blank page): the demo's slides, so downloads can be tried.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _coordinator(program: Program) -> Any:
    m = (
        Membership.objects.filter(
            program=program, role__in=[Role.COORDINATOR, Role.PROGRAM_ADMIN], is_active=True
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return m.user if m else None


def _notes(title: str) -> tuple[str, list[str], str, str] | None:
    for words, theme, tags, objectives, points in TALK_NOTES:
        if words.lower() in title.lower():
            return theme, tags, objectives, points
    return None


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    """About ten talks from the past didactics, eight tools, a stale one to review, and the
    second program's library shared with the deployment."""
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not security)
    programs = list(programs)
    for index, program in enumerate(programs):
        actor = _coordinator(program)
        if actor is None:
            continue
        items = list(
            AgendaItem.objects.filter(
                session__program=program, kind=AgendaKind.DIDACTIC, session__ends_at__lte=now
            )
            .select_related("session", "presenter")
            .order_by("session__starts_at")
        )
        wanted = 10 if index == 0 else 3
        made = 0
        for item in items:
            notes = _notes(item.title)
            if notes is None or made >= wanted:
                continue
            theme, tags, objectives, points = notes
            member = (
                item.presenter is not None
                and Membership.objects.filter(
                    program=program, user=item.presenter, is_active=True
                ).exists()
            )
            consent = rng.random() < 0.7
            slides = ContentFile(_PDF, name=f"{item.title[:50]}.pdf") if made % 3 == 0 else None
            services.save_talk(
                actor=actor,
                program=program,
                data={
                    "title": item.title,
                    "title_fr": item.title_fr,
                    "presenter": item.presenter if member else None,
                    "presenter_name": "" if member else "Dr. Guest Speaker",
                    "given_on": item.session.starts_at.date(),
                    "session": item.session,
                    "agenda_item": item,
                    "learning_objectives": objectives,
                    "key_points": points,
                    "theme": theme,
                    "recording_url": f"https://video.example.org/echo/{program.slug}/{item.pk}",
                    "recording_consent": consent,
                },
                tags=tags,
                slides=slides,
            )
            made += 1
        if index == 0:
            # A guest talk given outside the sessions' agenda (no account here).
            services.save_talk(
                actor=actor,
                program=program,
                data={
                    "title": "Physiotherapy for persistent pain: what to expect",
                    "presenter_name": "Guest physiotherapist (synthetic)",
                    "given_on": (now - dt.timedelta(days=40)).date(),
                    "learning_objectives": "Explain to patients what active physiotherapy offers.",
                    "key_points": "Education, graded exposure and self-management, "
                    "rather than passive care.",
                    "theme": "arthritis",
                },
                tags=["physiotherapy", "exercise"],
            )
            today = now.date()
            for n, (title, source, url, theme, tags, everywhere) in enumerate(TOOLS):
                if everywhere:
                    continue  # added below, once for the deployment
                services.save_tool(
                    actor=actor,
                    program=program,
                    data={
                        "title": title,
                        "source": source,
                        "url": url,
                        "theme": theme,
                        "checked_on": today - dt.timedelta(days=30 + 20 * n),
                        # One is past its review date, to show the coordinator's reminder.
                        "review_by": today - dt.timedelta(days=3)
                        if n == 1
                        else today + dt.timedelta(days=180 + 10 * n),
                    },
                    tags=tags,
                )
        else:
            services.set_sharing(actor=actor, program=program, share=True)
    _add_deployment_tools(now)


def _add_deployment_tools(now: dt.datetime) -> None:
    """The references for every program (written as the site's administrators keep them)."""
    from echohub.library.models import Tool

    today = now.date()
    for n, (title, source, url, theme, tags, everywhere) in enumerate(TOOLS):
        if not everywhere or Tool.objects.filter(program=None, url=url).exists():
            continue  # kept from an earlier demo (a reset removes the programs, not these)
        tool = Tool.objects.create(
            program=None,
            title=title,
            source=source,
            url=url,
            theme=theme,
            checked_on=today - dt.timedelta(days=60 + n),
            review_by=today + dt.timedelta(days=300 + n),
        )
        services.set_tags(tool, tags)
