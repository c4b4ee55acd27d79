"""The case form's rows and sections: medication and score rows added and removed without
JavaScript (submit buttons that keep everything typed), every row input named for assistive
technology, folding sections, and the as-needed rule stated as the calculator applies it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Role
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db


def edit_url(program, case):
    return f"/p/{program.slug}/cases/{case.pk}/edit/"


def rows_of(data_or_html: str, prefix: str) -> int:
    return int(data_or_html.split(f'name="{prefix}-TOTAL_FORMS" value="')[1].split('"')[0])


def posted(case, **overrides):
    """The form as the browser posts it for `draft` (its two medications and one score)."""
    data = form_data(version=str(case.version))
    data.update(
        {
            "med-TOTAL_FORMS": "3",
            "med-INITIAL_FORMS": "2",
            "med-0-drug": "oxycodone",
            "med-0-dose": "10",
            "med-0-unit": "mg",
            "med-0-times_per_day": "4",
            "med-1-drug": "fentanyl",
            "med-1-formulation": "transdermal",
            "med-1-dose": "25",
            "med-1-unit": "mcg/h",
            "med-2-unit": "mg",  # the empty row: a select always posts a value
        }
    )
    data.update(overrides)
    return data


class Labels(HTMLParser):
    """Every form control of the page and the labels pointing at an id."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.in_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "template":
            self.in_template += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append({**a, "template": "1" if self.in_template else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1


# --- the page -----------------------------------------------------------------------------


def test_the_form_shows_the_cases_rows_plus_one_empty(client, program, presenter, draft):
    client.force_login(presenter)
    html = client.get(edit_url(program, draft)).content.decode()
    assert rows_of(html, "med") == 3 and rows_of(html, "score") == 2
    assert 'id="med-row-2"' in html and 'id="med-row-3"' not in html
    assert "Remove medication <span data-num>2</span>" in html
    assert 'value="add_med"' in html and 'value="add_score"' in html
    # The template for rows added in place carries the same markup, numbered later.
    template = html.split('<template id="med-template">')[1].split("</template>")[0]
    assert 'name="med-__prefix__-drug"' in template


def test_every_medication_and_score_input_has_a_label(client, program, presenter, draft):
    client.force_login(presenter)
    parser = Labels()
    parser.feed(client.get(edit_url(program, draft)).content.decode())
    rows = [c for c in parser.controls if str(c.get("name", "")).startswith(("med-", "score-"))]
    assert len(rows) == 3 * 10 + 2 * 3 + 10 + 3  # the rows and the two row templates
    unnamed = [
        c["name"] for c in rows if c.get("id") not in parser.label_for and not c.get("aria-label")
    ]
    assert unnamed == []
    # Each unit select included (axe found the unit selects unnamed).
    units = [c for c in rows if str(c["name"]).endswith("-unit") and not c["template"]]
    assert len(units) == 3 and all(c["id"] in parser.label_for for c in units)


def test_sections_fold_and_the_empty_scores_section_starts_folded(client, program, presenter):
    client.force_login(presenter)
    response = client.post(f"/p/{program.slug}/cases/new/")
    html = client.get(response["Location"]).content.decode()
    assert html.count('<details class="case-section"') == 4
    for heading in ("The patient and your questions", "Current medications", "Scores",
                    "Before you submit"):  # fmt: skip
        assert f"<summary><h2>{heading}" in html
    scores = html.split('id="scores"')[1].split(">")[0]
    assert "open" not in scores  # nothing in it yet
    meds = html.split('id="meds"')[1].split(">")[0]
    assert "open" in meds


def test_the_as_needed_rule_is_stated_as_the_calculator_counts(client, program, presenter, draft):
    client.force_login(presenter)
    html = client.get(edit_url(program, draft)).content.decode()
    assert "“q4h as needed” counts as 6 doses a day" in html
    assert 'aria-describedby="prn-rule"' in html
    # The statement is what the code does: oxycodone 5 mg q4h as needed = 6 × 5 × 1.5 = 45.
    data = posted(
        draft,
        **{
            "med-TOTAL_FORMS": "1",
            "med-0-drug": "oxycodone",
            "med-0-dose": "5",
            "med-0-times_per_day": "",
            "med-0-frequency": "q4h",
            "med-0-as_needed": "on",
        },
    )
    assert client.post(edit_url(program, draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.mme_total == 45
    page = client.get(edit_url(program, draft)).content.decode()
    assert "45 MME/day" in page


# --- adding and removing rows without JavaScript ------------------------------------------------


def test_add_a_medication_row_keeps_what_was_typed_and_saves_it(client, program, presenter, draft):
    client.force_login(presenter)
    typed = {"med-2-drug": "morphine", "med-2-dose": "15", "med-2-times_per_day": "2"}
    data = posted(draft, action="add_med", title="Typed just now", **typed)
    response = client.post(edit_url(program, draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "med") == 4 and 'id="med-row-3"' in html
    assert 'value="Typed just now"' in html and 'value="morphine"' in html
    assert 'data-focus="med-row-3"' in html  # the new row takes the focus
    assert "Draft saved at" in html
    draft.refresh_from_db()
    assert draft.title == "Typed just now"
    drugs = [m.drug for m in draft.medications.order_by("position")]
    assert drugs == ["oxycodone", "fentanyl", "morphine"]


def test_remove_a_medication_row_renumbers_the_rest(client, program, presenter, draft):
    client.force_login(presenter)
    response = client.post(edit_url(program, draft), posted(draft, action="remove_med-0"))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "med") == 2
    assert 'name="med-0-drug" value="fentanyl"' in html.replace(' maxlength="100"', "")
    assert "oxycodone" not in html.split('id="meds"')[1].split("</details>")[0]
    assert 'data-focus="med-row-0"' in html
    draft.refresh_from_db()
    assert [m.drug for m in draft.medications.all()] == ["fentanyl"]


def test_removing_the_last_row_leaves_the_add_button(client, program, presenter, draft):
    client.force_login(presenter)
    data = posted(draft, action="remove_score-0")
    response = client.post(edit_url(program, draft), data)
    html = response.content.decode()
    assert rows_of(html, "score") == 0 and 'data-focus="score-add"' in html
    draft.refresh_from_db()
    assert not draft.scores.exists()


def test_a_refused_row_change_is_shown_again_with_everything_typed(
    client, program, presenter, draft
):
    client.force_login(presenter)
    data = posted(draft, action="remove_med-0", **{"med-1-dose": "ten"})
    response = client.post(edit_url(program, draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "the dose is not a number" in html and "Not saved" in html
    assert rows_of(html, "med") == 2  # the removal is shown, not lost, nothing saved
    assert 'name="med-0-dose" value="ten"' in html.replace(' maxlength="20"', "")
    draft.refresh_from_db()
    assert draft.medications.count() == 2


def test_a_bad_row_action_changes_no_row(client, program, presenter, draft):
    client.force_login(presenter)
    response = client.post(edit_url(program, draft), posted(draft, action="remove_med-99"))
    assert response.status_code == 200 and rows_of(response.content.decode(), "med") == 3
    draft.refresh_from_db()
    response = client.post(edit_url(program, draft), posted(draft, **{"med-TOTAL_FORMS": "x"},
                                                            action="add_med"))  # fmt: skip
    assert response.status_code == 400  # a broken form is refused, never read as "no rows"
    draft.refresh_from_db()
    assert draft.medications.count() == 2


def test_rows_stop_at_the_maximum(client, program, presenter, draft):
    client.force_login(presenter)
    data = posted(draft, action="add_score", **{"score-TOTAL_FORMS": "12"})
    html = client.post(edit_url(program, draft), data).content.decode()
    assert rows_of(html, "score") == 12
    add = html.split('value="add_score"')[1].split(">")[0]
    assert "disabled" in add


@pytest.mark.parametrize("who", ["other_participant", "coordinator", "outsider"])
def test_only_the_presenter_changes_the_rows(as_role, program, draft, who):
    role = {"other_participant": Role.PARTICIPANT, "coordinator": Role.COORDINATOR}.get(who)
    client = as_role(program, role)
    response = client.post(edit_url(program, draft), posted(draft, action="remove_med-0"))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.medications.count() == 2


# --- titles ---------------------------------------------------------------------------------


def title_of(html: str) -> str:
    return html.split("<title>")[1].split("</title>")[0]


def test_tab_titles_name_the_case_and_never_call_a_submitted_one_a_draft(
    client, program, presenter, draft
):
    client.force_login(presenter)
    title = title_of(client.get(edit_url(program, draft)).content.decode())
    assert title.startswith("Chronic low back pain on high-dose opioids (Draft)")
    assert "<form" not in title  # no markup leaks into the tab title
    response = client.post(edit_url(program, draft), posted(draft, action="submit"))
    assert response.status_code == 302
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.SUBMITTED
    title = title_of(client.get(response["Location"]).content.decode())
    assert "Draft" not in title
    assert title.startswith(f"Case #{draft.pk}: Chronic low back pain on high-dose opioids")
