"""What the walk6 browser walk found in the library's forms, kept fixed. A coordinator adding a
talk chose the slides, forgot the presenter and saved: the form came back with focus on the
presenter (good) but the slides were silently gone (no browser keeps a chosen file), so the
second save stored a talk without slides. The page now names the file to choose again, above
the button. A wrong or empty file is said next to the file field, with focus on it and the
rest kept. Each page is free of axe violations and of sideways scrolling, in English and
French."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.library.models import Talk
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def coordinator() -> Any:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="coord@example.test", language="en")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    return user


def _files(tmp_path: Path) -> dict[str, Path]:
    files = {"slides.pdf": PDF, "empty.pdf": b"", "notes.exe": b"MZ\x90\x00not slides"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


def _fill(page: Any, title: str, file: Path, presenter: bool) -> None:
    page.goto("/p/chronic-pain/library/manage/talks/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_given_on").fill("2026-11-05")
    if presenter:
        page.locator("#id_presenter_name").fill("An Invented Pharmacist")
    page.locator("#id_slides").set_input_files(str(file))
    page.locator("form.card button[type=submit]").click()


@pytest.mark.parametrize("width", [1280, PHONE])
def test_slides_lost_to_another_error_are_named_to_choose_again(
    page: Any, coordinator: Any, tmp_path: Path, width: int
) -> None:
    files = _files(tmp_path)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "coord@example.test")
    _fill(page, "Tapering in practice", files["slides.pdf"], presenter=False)
    expect(page.locator("#id_presenter")).to_be_focused()
    again = page.locator("#file-again-slides")
    expect(again).to_contain_text("slides.pdf")
    expect(again).to_contain_text("choose it again")
    expect(page.locator("#id_title")).to_have_value("Tapering in practice")
    assert not Talk.objects.exists()
    _clean(page, width)


@pytest.mark.parametrize("width", [1280, PHONE])
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("notes.exe", "This file is not one we accept here (PDF, PPTX)."),
        ("empty.pdf", "The submitted file is empty."),
    ],
)
def test_a_wrong_or_empty_file_is_said_at_the_file_with_the_rest_kept(
    page: Any, coordinator: Any, tmp_path: Path, width: int, name: str, said: str
) -> None:
    files = _files(tmp_path)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "coord@example.test")
    _fill(page, "Sleep and pain", files[name], presenter=True)
    slides = page.locator("#id_slides")
    expect(slides).to_be_focused()
    expect(slides).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_slides_error")).to_contain_text(said)
    expect(page.locator("#id_title")).to_have_value("Sleep and pain")
    expect(page.locator("#id_presenter_name")).to_have_value("An Invented Pharmacist")
    # The file itself is the error: no "choose it again" note beside it.
    expect(page.locator("#file-again-slides")).to_have_count(0)
    assert not Talk.objects.exists()
    _clean(page, width)


def test_in_french_the_refused_talk_comes_back_the_same_way(
    page: Any, coordinator: Any, tmp_path: Path
) -> None:
    coordinator.language = "fr"
    coordinator.save(update_fields=["language"])
    files = _files(tmp_path)
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "coord@example.test")
    _fill(page, "Le sevrage en pratique", files["slides.pdf"], presenter=False)
    expect(page.locator("#id_presenter")).to_be_focused()
    expect(page.locator("#file-again-slides")).to_contain_text("slides.pdf")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _clean(page, PHONE)
