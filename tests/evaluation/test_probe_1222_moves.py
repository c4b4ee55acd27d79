"""Probe 1222 (a person moves): the insights filtered by profession, region or rurality read
each person's profession and participant site as they are now. A family physician who becomes
a nurse practitioner in March leaves January's family physicians: the evaluator's January
reach for family physicians read before the change says 7 people (21 attendances), after it 6
(18); the difference is that one person's January. The same for a move to another site, and
for a site re-classed (rural to urban), which moves all its people at once (1 to 4 at a small
site). Erasure and deactivation change no figure (the person's account stays, anonymised).

For evaluators the figures now count each person under the facts taken when the insights first
counted them (`evaluation.privacy.freeze_facts`); coordinators see the live facts.

Invented program: fourteen participants (seven family physicians, seven nurse practitioners,
at three sites) come to three sessions of January 2026 and answer a survey that month.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from echohub.accounts.models import ApiToken, User
from echohub.evaluation.models import FrozenFacts
from echohub.programs.models import Membership, Role, Site
from tests.evaluation.smallcells.conftest import Tiny, at
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FP, NP = "family_physician", "nurse_practitioner"
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
FILTERS: list[dict[str, str]] = [
    {},
    {"profession": FP},
    {"profession": NP},
    {"region": "Toronto"},
    {"region": "North West"},
    {"rurality": "urban"},
    {"rurality": "rural"},
]
MARCH, LATER = dt.date(2026, 3, 15), dt.date(2026, 5, 20)
SLUGS = itertools.count()


def flat(x: Any, path: str = "") -> dict[str, Any]:
    """Every number of a dashboard's figures by its place (rows by key or label)."""
    out: dict[str, Any] = {}
    if isinstance(x, dict):
        for k, v in x.items():
            out.update(flat(v, f"{path}.{k}"))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            key = v.get("key", v.get("label", i)) if isinstance(v, dict) else i
            out.update(flat(v, f"{path}[{key}]"))
    elif isinstance(x, int | float) and not isinstance(x, bool):
        out[path] = x
    return out


class Program:
    def __init__(
        self, layout: list[tuple[str, str, str]], coordinator: bool = False, cases: bool = False
    ) -> None:
        keys = [k for k, _p, _s in layout]
        self.tiny = t = Tiny(
            layout=layout,
            attendance=[(k, s, 60) for k in keys for s in range(3)],
            responses=[(k, 4 if i % 2 else 3, "") for i, k in enumerate(keys)],
            cases=[(k, "low_back") for k in keys] if cases else [],
            slug=f"moves{next(SLUGS)}",
        )
        viewer = UserFactory()
        role = Role.COORDINATOR if coordinator else Role.EVALUATOR
        MembershipFactory(program=t.program, user=viewer, role=role)
        _token, raw = ApiToken.issue(user=viewer, name="probe")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def read(
        self,
        client: Any,
        day: dt.date,
        dashboards: tuple[str, ...] = ("reach", "sessions", "surveys"),
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        with time_machine.travel(at(day), tick=False):
            for dash in dashboards:
                for f in FILTERS:
                    for dates in ({}, JAN):
                        params = {**f, **dates}
                        r = client.get(
                            f"/api/v1/programs/{self.tiny.program.slug}/insights/{dash}",
                            params,
                            **self.headers,
                        )
                        assert r.status_code == 200, r.content
                        where = f"{dash}{sorted(params.items())}"
                        for k, v in flat(r.json()["figures"]).items():
                            out[where + k] = v
        return out

    def user(self, key: str) -> User:
        user: User = self.tiny.people[key].user
        return user

    def move(self, key: str, site: str) -> None:
        Membership.objects.filter(user=self.user(key), program=self.tiny.program).update(
            site=self.tiny.people[site].site
        )


LAYOUT = [(f"f{i}", FP, "A" if i <= 3 else "C") for i in range(1, 8)] + [
    (f"n{i}", NP, "A" if i <= 3 else "C") for i in range(1, 8)
]


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(k, v, after[k]) for k, v in before.items() if k in after and after[k] != v]


def test_a_change_of_profession_does_not_move_a_past_month(client):
    p = Program(LAYOUT)
    before = p.read(client, MARCH)
    assert before["reach[('profession', 'family_physician')].totals.people"] == 7
    with time_machine.travel(at(dt.date(2026, 3, 16)), tick=False):
        User.objects.filter(pk=p.user("f1").pk).update(profession=NP)
    assert changed(before, p.read(client, MARCH)) == []
    assert changed(before, p.read(client, LATER)) == []


def test_a_move_to_another_site_does_not_move_a_past_month(client):
    p = Program(LAYOUT)
    before = p.read(client, MARCH)
    assert before["reach[('region', 'Toronto')].totals.people"] == 6
    p.move("f1", "f5")  # from A (Toronto) to C (North West)
    assert changed(before, p.read(client, LATER)) == []


def test_a_site_re_classed_does_not_move_its_people(client):
    """Site B (North West) holds two people: re-classed to Toronto in March, Toronto's
    figures would gain them (6 to 8) and North West's lose them (10 to 8), all shown."""
    layout = [*LAYOUT, ("d1", "dietitian", "B"), ("d2", "dietitian", "B")]
    p = Program(layout)
    before = p.read(client, MARCH)
    assert before["reach[('region', 'Toronto')].totals.people"] == 6
    assert before["reach[('region', 'North West')].totals.people"] == 10
    Site.objects.filter(pk=p.tiny.people["d1"].site.pk).update(region="Toronto")
    assert changed(before, p.read(client, LATER)) == []


def test_erasure_and_deactivation_change_no_figure(client):
    from echohub.privacy.erasure import erase_person, preview_erasure

    p = Program(LAYOUT)
    before = p.read(client, MARCH)
    admin = User.objects.create_superuser(email="admin@example.test", password="x-x-x-x-x")
    person = p.user("f1")
    preview = preview_erasure(actor=admin, person=person, program=p.tiny.program)
    erase_person(actor=admin, person=person, program=p.tiny.program, confirmation=preview.phrase)
    User.objects.filter(pk=p.user("n1").pk).update(is_active=False)
    assert changed(before, p.read(client, LATER)) == []


def test_coordinators_see_the_live_facts(client):
    p = Program(LAYOUT, coordinator=True)
    key = "reach[('profession', 'family_physician')].totals.people"
    assert p.read(client, MARCH, ("reach",))[key] == 7
    User.objects.filter(pk=p.user("f1").pk).update(profession=NP)
    assert p.read(client, MARCH, ("reach",))[key] == 6
    assert not FrozenFacts.objects.exists()  # taken for evaluators only


def test_facts_are_taken_once_for_people_first_counted_later(client):
    """A person who joins after the first reading is counted under their facts then."""
    p = Program(LAYOUT)
    p.read(client, MARCH, ("reach",))
    late = UserFactory(profession="pharmacist")
    MembershipFactory(
        program=p.tiny.program, user=late, role=Role.PARTICIPANT, site=p.tiny.people["f1"].site
    )
    p.read(client, MARCH, ("reach",))
    facts = FrozenFacts.objects.get(program=p.tiny.program, user=late)
    assert (facts.profession, facts.region, facts.rurality) == ("pharmacist", "Toronto", "urban")
    assert FrozenFacts.objects.filter(program=p.tiny.program).count() == 15


PEOPLE = st.lists(
    st.tuples(st.sampled_from([FP, NP]), st.sampled_from(["A", "B", "C"])),
    min_size=5,
    max_size=12,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a database world is slow
)
@given(
    people=PEOPLE,
    moves=st.lists(
        st.tuples(
            st.integers(0, 11),
            st.sampled_from([None, FP, NP]),
            st.sampled_from([None, "A", "B", "C"]),
        ),
        min_size=1,
        max_size=4,
    ),
    reclass=st.booleans(),
)
def test_moves_of_one_to_four_people_change_no_figure_an_evaluator_sees(people, moves, reclass):
    """Property: whatever 1 to 4 people change profession or site (or a site is re-classed,
    moving all its people) after January, every figure the evaluator saw before reads the
    same after: two readings differ figure by figure by 0 people."""
    from django.test import Client

    client = Client()
    layout = [(f"p{i}", prof, site) for i, (prof, site) in enumerate(people)]
    p = Program(layout)
    before = p.read(client, MARCH)
    for i, profession, site in moves:
        key = f"p{i % len(people)}"
        if profession:
            User.objects.filter(pk=p.user(key).pk).update(profession=profession)
        if site:
            site_obj = Site.objects.get(program=p.tiny.program, name=site)
            Membership.objects.filter(user=p.user(key), program=p.tiny.program).update(
                site=site_obj
            )
    if reclass:
        Site.objects.filter(program=p.tiny.program, name="B").update(
            rurality="urban", region="Toronto"
        )
    assert changed(before, p.read(client, LATER)) == []


NOTE = "People count here under the profession and site they had when these figures first"


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_the_page_and_the_pdf_say_so_to_evaluators_only(client):
    from django.urls import reverse

    p = Program(LAYOUT)
    evaluator, coordinator = UserFactory(), UserFactory()
    MembershipFactory(program=p.tiny.program, user=evaluator, role=Role.EVALUATOR)
    MembershipFactory(program=p.tiny.program, user=coordinator, role=Role.COORDINATOR)
    slug = {"slug": p.tiny.program.slug}
    client.force_login(evaluator)
    assert NOTE in client.get(reverse("evaluation:reach", kwargs=slug)).content.decode()
    assert NOTE in _pdf_text(client.get(reverse("evaluation:report", kwargs=slug)).content)
    client.force_login(coordinator)
    assert NOTE not in client.get(reverse("evaluation:reach", kwargs=slug)).content.decode()
    assert NOTE not in _pdf_text(client.get(reverse("evaluation:report", kwargs=slug)).content)


def test_the_pdf_says_why_figures_are_hidden_and_when_cases_stand(client):
    """The PDF an evaluator downloads says what the pages say above the same figures: why a
    whole page of figures about people is hidden, and that case outcomes are as they stood."""
    from django.urls import reverse

    p = Program([*LAYOUT, ("d1", "dietitian", "B"), ("d2", "dietitian", "B")])
    evaluator, coordinator = UserFactory(), UserFactory()
    MembershipFactory(program=p.tiny.program, user=evaluator, role=Role.EVALUATOR)
    MembershipFactory(program=p.tiny.program, user=coordinator, role=Role.COORDINATOR)
    report = reverse("evaluation:report", kwargs={"slug": p.tiny.program.slug})
    hidden = "the figures about people are hidden to protect privacy. Widen the filters"
    stood = "shown as they stood at the end of the last month"
    client.force_login(evaluator)
    with time_machine.travel(at(MARCH), tick=False):
        two = _pdf_text(client.get(report, {"profession": "dietitian"}).content)
        everyone = _pdf_text(client.get(report).content)
    assert hidden in two and stood in two
    assert hidden not in everyone and stood in everyone
    client.force_login(coordinator)
    with time_machine.travel(at(MARCH), tick=False):
        live = _pdf_text(client.get(report, {"profession": "dietitian"}).content)
    assert hidden not in live and stood not in live


def test_a_site_re_classed_does_not_move_its_cases(client):
    """Cases keep their presenter's profession and region, but read the rurality from their
    site: site B (2 presenters) made urban in March moved their January cases from the rural
    figures (9 to 7) to the urban ones (7 to 9), all shown."""
    layout = [(f"f{i}", FP, "A") for i in range(1, 8)]
    layout += [(f"n{i}", NP, "C") for i in range(1, 8)]
    layout += [("d1", "dietitian", "B"), ("d2", "dietitian", "B")]
    p = Program(layout, cases=True)
    Site.objects.filter(program=p.tiny.program, name="C").update(rurality="rural")
    before = p.read(client, MARCH, ("cases",))
    rural = "cases[('date_from', '2026-01-01'), ('date_to', '2026-01-31'), ('rurality', 'rural')]"
    assert before[rural + ".total"] == 9
    Site.objects.filter(program=p.tiny.program, name="B").update(rurality="urban")
    assert changed(before, p.read(client, LATER, ("cases",))) == []
