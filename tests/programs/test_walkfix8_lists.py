"""walk7 at 390 px (program admin, French): the people list showed only its name column and the
invitation sat below 25 rows; the audit log was cut to two columns. Both tables now read as
cards on a phone (`table.stack`, each cell with its column's name) and the invitation comes
before the list."""

from __future__ import annotations

import re

from echohub.programs import services
from echohub.programs.models import Role
from tests.factories import MembershipFactory, UserFactory


def _cells(html: str, table_class: str) -> tuple[str, str]:
    table = re.search(rf'<table class="[^"]*\b{table_class}\b[^"]*">(.*?)</table>', html, re.S)
    assert table, f"no table.{table_class}"
    body = table.group(1).split("<tbody>")[1]
    return table.group(0), body


def test_the_people_list_offers_the_invitation_first_and_stacks_on_a_phone(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    for i in range(30):
        MembershipFactory(program=program, user=UserFactory(first_name=f"P{i:02d}"))
    html = client.get(f"/p/{program.slug}/manage/people/").content.decode()
    invite = html.index(f'href="/p/{program.slug}/manage/people/invite/"')
    assert invite < html.index("<table"), "the invitation comes before the 25 rows"
    _, body = _cells(html, "stack")
    first_row = body.split("</tr>")[0]
    assert first_row.count("<td") == 4
    # Every cell but the name (the card's heading) says which column it is.
    assert first_row.count("data-label=") == 3, first_row


def test_the_audit_log_stacks_on_a_phone(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    services.save_site(actor=None, program=program, name="Audited Site", region="East")
    html = client.get(f"/p/{program.slug}/manage/audit/").content.decode()
    _, body = _cells(html, "stack")
    first_row = body.split("</tr>")[0]
    assert first_row.count("<td") == 5
    assert first_row.count("data-label=") == 5, first_row
    assert "site.created" in first_row  # the code an admin types in the Action filter
