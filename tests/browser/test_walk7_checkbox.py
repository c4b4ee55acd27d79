"""What walk7 (a program admin's walk in French, then English, at 390 and 1280 px) found, kept
fixed: a checkbox with a help text (the credit rule's « Questionnaire d'évaluation exigé ») put
the help in a third column beside its label, so on a phone the label was squeezed to a word a
line (« Questionnaire / d'évaluation / exigé ») next to a tall column of help. The label now
takes the line beside its box and the help goes under it, full width; a checkbox without help
(the profile's reminders) still reads beside its box. Each page is free of axe violations and
of sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def _boxes(page: Any, name: str) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    box = page.locator(f"#id_{name}").bounding_box()
    label = page.locator(f"label[for=id_{name}]").bounding_box()
    help_ = page.locator(f"#id_{name}_helptext").bounding_box()
    return box, label, help_


def test_a_checkbox_help_goes_under_its_label_on_a_french_phone(page: Any) -> None:
    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    admin = UserFactory(email="admin@example.test", language="fr")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "admin@example.test")
    page.goto("/p/douleur/credits/rules/new/")
    box, label, help_ = _boxes(page, "survey_required")
    # The label reads on one line beside its box, not a word a line.
    assert label["x"] > box["x"] + box["width"] - 1
    assert label["width"] > 200 and label["height"] < 60, label
    # The help is under the label, as wide as the field.
    assert help_["y"] >= label["y"] + label["height"] - 1, (label, help_)
    assert help_["width"] > 300, help_
    _clean(page, PHONE)
    page.set_viewport_size({"width": 1280, "height": 900})
    box, label, help_ = _boxes(page, "survey_required")
    assert help_["y"] >= label["y"] + label["height"] - 1, (label, help_)
    _clean(page, 1280)


def test_a_checkbox_without_help_stays_beside_its_box_in_english(page: Any) -> None:
    UserFactory(email="sam@example.test", language="en")
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "sam@example.test")
    page.goto("/accounts/profile/")
    box = page.locator("#id_email_reminders").bounding_box()
    label = page.locator("label[for=id_email_reminders]").bounding_box()
    assert label["x"] > box["x"] + box["width"] - 1
    assert label["y"] < box["y"] + box["height"], (box, label)
    _clean(page, PHONE)
