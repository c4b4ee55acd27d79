"""Walk 15 (a coordinator's credits): a table's visible caption ("Rules in force", "Sessions
attended, minutes and credits", "Earlier runs") was centred by the browser and floated mid-page
above its table, unlike every other heading. It now reads on the left, in bold, as a heading."""

import pytest
from playwright.sync_api import expect

from echohub.credits import services as credit_services
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_credit_rules_caption_reads_as_a_heading_on_the_left(page):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    admin = UserFactory(email="admin@example.test", language="en")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    credit_services.create_rule(
        actor=admin,
        program=program,
        data={
            "credit_type": "mainpro_group",
            "credits_per_hour": "1",
            "minimum_share": 75,
            "accreditation_statement": "A synthetic accreditation statement for tests.",
            "provider_name": "Test hub",
            "provider_contact": "hub@example.test",
        },
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("admin@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/p/{program.slug}/credits/")
    caption = page.locator("main caption", has_text="Rules in force")
    expect(caption).to_be_visible()
    assert caption.evaluate("c => getComputedStyle(c).textAlign") == "left"
    assert int(caption.evaluate("c => getComputedStyle(c).fontWeight")) >= 600
    table_box = page.locator("main table").first.bounding_box()
    text_left = caption.evaluate(
        "c => { const r = document.createRange(); r.selectNodeContents(c); "
        "return r.getBoundingClientRect().left; }"
    )
    assert table_box is not None and text_left - table_box["x"] < 20, (text_left, table_box)
