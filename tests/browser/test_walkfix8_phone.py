"""What walk7 found at 390 px in French, kept fixed: the program admin's people list showed only
its name column (the rest behind a sideways scroll) and the audit log was cut to two columns:
both now read as cards, every cell on the screen; on the case form the label « Forme
pharmaceutique » ran past its cell into the Dose column: labels now wrap inside their cell
and the inputs of a row line up. Each page is free of axe violations and sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.cases import services as cases
from echohub.programs import services as programs
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390

# Every cell of the first card: [left, right, text right edge] in the page's coordinates.
CELLS = """sel => Array.from(
  document.querySelector(sel).querySelectorAll('tbody tr:first-child td'))
  .filter(td => td.offsetParent !== null).map(td => {
    const r = td.getBoundingClientRect(), t = document.createRange(); t.selectNodeContents(td);
    return [r.left, r.right, t.getBoundingClientRect().right, td.dataset.label || ''];
  })"""


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def _all_on_screen(page: Any, selector: str, count: int) -> None:
    cells = page.evaluate(CELLS, selector)
    assert len(cells) == count, cells
    for left, right, text_right, label in cells:
        assert left >= 0 and right <= PHONE, (label, left, right)
        assert text_right <= PHONE, (label, text_right)


def test_people_and_audit_read_as_cards_on_a_french_phone(page: Any) -> None:
    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    admin = UserFactory(email="admin@example.test", language="fr")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    site = SiteFactory(program=program, name="Clinique du Nord")
    MembershipFactory(
        program=program,
        user=UserFactory(first_name="Aline", last_name="Aubin", email="aa@example.test"),
        site=site,
    )
    programs.save_site(actor=admin, program=program, name="Clinique du Sud", region="East")
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "admin@example.test")
    page.goto("/p/douleur/manage/people/?q=Aubin")
    # The invitation is offered before the list, on the first screen.
    invite = page.get_by_role("link", name="Inviter quelqu’un").bounding_box()
    assert invite["y"] < page.locator("table").bounding_box()["y"]
    _all_on_screen(page, "main table", 4)
    _clean(page, PHONE)
    page.goto("/p/douleur/manage/audit/?action=site.")
    _all_on_screen(page, "main table", 4)  # a creation lists no changes: that cell is hidden
    _clean(page, PHONE)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("table.stack thead").is_visible()  # a table again on a wide screen
    _clean(page, 1280)


def test_medication_labels_stay_in_their_cell_on_a_french_phone(page: Any) -> None:
    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    user = UserFactory(email="md@example.test", language="fr")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    case = cases.start_case(actor=user, program=program)
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "md@example.test")
    page.goto(f"/p/douleur/cases/{case.pk}/edit/")
    row = page.locator("#med-row-0")
    for name in (
        "formulation",
        "dose",
        "unit",
        "times_per_day",
        "frequency",
        "purpose",
        "concentration",
    ):
        label = row.locator(f"label[for=id_med-0-{name}]")
        # The text of the label ends inside its own cell (the field's box).
        text_right, cell_right = label.evaluate(
            """l => { const r = document.createRange(); r.selectNodeContents(l);
              const cell = l.parentElement.getBoundingClientRect();
              return [r.getBoundingClientRect().right, cell.right]; }"""
        )
        assert text_right <= cell_right + 0.5, (name, text_right, cell_right)
    # Forme and Dose share a line: their inputs line up.
    form_box = row.locator("#id_med-0-formulation").bounding_box()
    dose_box = row.locator("#id_med-0-dose").bounding_box()
    assert abs(form_box["y"] - dose_box["y"]) < 2, (form_box, dose_box)
    _clean(page, PHONE)
