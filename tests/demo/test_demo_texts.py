"""The demo says only what the product does, and its case titles agree with their MME
(computed by the `clinical` package), issue 13."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine

from clinical import calculate_mme
from echohub.cases.models import Case
from echohub.credits.models import CreditRule
from echohub.demo import activity
from echohub.demo import content as C
from echohub.demo.data import load_demo
from echohub.programs.models import Program, Registration, Site
from echohub.programs.services import approve_registration
from echohub.scheduling.models import AgendaItem, AgendaKind, Series

NOW = dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.UTC)
SPECS = (*C.CP_CASES, *C.MHA_CASES)
OPIOIDS = ("oxycodone", "hydromorphone", "morphine", "fentanyl", "codeine", "tramadol", "methadone")
OTHERS = ("gabapentin", "lorazepam", "pregabalin", "naltrexone")


def mme_of(spec: C.CaseSpec) -> Decimal | None:
    rows = [
        {"drug": d, "formulation": f or None, "dose": dose, "unit": u}
        | ({"times_per_day": t} if t else {})
        for d, f, dose, u, t in spec[1]
    ]
    result = calculate_mme(rows)
    return (
        result.total_mme_per_day.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if result.rows
        else None
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s[0][:40])
def test_a_title_stating_an_mme_states_the_computed_one(spec):
    title = activity.case_title(spec)
    assert "{mme}" not in title
    for stated in re.findall(r"(\d+) MME", title):
        assert Decimal(stated) == mme_of(spec), title


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s[0][:40])
def test_a_high_dose_title_is_high_and_a_named_drug_is_on_the_list(spec):
    title = activity.case_title(spec).lower()
    if "high-dose" in title or "high dose" in title:
        assert (mme_of(spec) or 0) >= activity.HIGH_DOSE_MME
    drugs = {d for d, *_rest in spec[1]}
    for drug in (*OPIOIDS, *OTHERS):
        if drug in title:
            assert drug in drugs, f"{title!r} names {drug} but the case does not list it"
    if "benzodiazepine" in title:
        assert "lorazepam" in drugs
    if re.search(r"\bon opioids\b|\btaper\b", title):
        assert any(d in OPIOIDS for d in drugs)


@pytest.fixture
def demo(db) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        load_demo(stage="running", now=NOW)
        yield


def test_the_loaded_cases_match_their_titles(demo):
    cases = list(Case.objects.prefetch_related("medications"))
    assert cases
    for case in cases:
        stated = re.findall(r"(\d+) MME", case.title)
        if stated:
            total = Decimal(case.mme_total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert total == Decimal(stated[0]), case.title
        listed = {m.drug for m in case.medications.all()}
        for drug in (*OPIOIDS, *OTHERS):
            if drug in case.title.lower():
                assert drug in listed, case.title
    titled = {a.title.removeprefix("Case: ") for a in AgendaItem.objects.filter(kind="case")}
    assert not any("{mme}" in t for t in titled)


def test_the_demo_mentions_nothing_the_product_lacks(demo):
    programs = list(Program.objects.all())
    texts = [
        text for p in programs for text in (p.description, p.audience, p.how_to_join, p.summary)
    ]
    texts += list(AgendaItem.objects.values_list("notes", flat=True))
    texts += list(Series.objects.values_list("description", flat=True))
    blob = "\n".join(texts).lower()
    assert "resource library" not in blob  # there is no library page
    assert "program page" not in blob  # cases are submitted from the Cases page
    if not CreditRule.objects.exists():  # the demo sets no credit rule
        assert "credit" not in blob and "certified" not in blob
    assert "video link and the session calendar" not in blob  # the approval email has neither
    for series in Series.objects.all():
        first = series.sessions.order_by("starts_at").first()
        assert first is not None
        if "september" in series.description.lower():
            assert first.starts_at.month == 9
        if "thursdays at 12:30" in series.description.lower():
            assert all(
                s.starts_at.astimezone(dt.timezone(dt.timedelta(hours=-4))).weekday() == 3
                for s in series.sessions.all()
            )
    slot_notes = AgendaItem.objects.filter(kind=AgendaKind.CASE, presenter=None)
    assert all("Cases page" in n for n in slot_notes.values_list("notes", flat=True))


def test_new_sites_from_registration_say_what_the_applicant_gave(demo):
    waiting = list(Registration.objects.exclude(new_site_name="").filter(status="pending"))
    assert waiting  # the seeded demo has at least one applicant naming a new site
    for registration in waiting:
        assert registration.new_site_kind and registration.new_site_rurality != ""
    approve_registration(actor=None, registration=waiting[0])
    site = Site.objects.get(name=waiting[0].new_site_name, program=waiting[0].program)
    assert site.rurality == waiting[0].new_site_rurality != "not_stated"
    assert site.kind == waiting[0].new_site_kind != "not_stated"
