"""Walk 15: pickers started with Django's "---------" (the profile's profession, a hub member's
person and discipline, a person's site, the credit rule's type, the certificate run's rule and
cycle, the mentor's member and the mentoring question's mentor), in French pages too. The empty
choice now reads "Choose…" (« Choisissez… ») where a choice is needed, "—" where none is."""

import pytest

from echohub.core.choices import name_blank_choices
from echohub.mentoring.forms import AssignForm, MentorForm
from echohub.programs.models import Role
from tests.factories import HubFactory, SeriesFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_profile_and_the_program_admin_pages_name_their_empty_choice(program, as_role):
    client = as_role(program, Role.PROGRAM_ADMIN)
    hub = HubFactory(program=program)
    SiteFactory(program=program)
    SeriesFactory(program=program)
    slug = program.slug
    pages = {
        "/accounts/profile/": ['<option value="">—</option>'],  # the factory's profession
        f"/p/{slug}/hub/{hub.pk}/members/new/": ['<option value="" selected>Choose…</option>'],
        f"/p/{slug}/manage/people/{client.user.pk}/": ['<option value="" selected>—</option>'],
        f"/p/{slug}/credits/rules/new/": ['<option value="" selected>Choose…</option>'],
        f"/p/{slug}/mentoring/manage/mentors/new/": ['<option value="" selected>Choose…</option>'],
    }
    for url, wanted in pages.items():
        html = _page(client, url)
        assert "---------" not in html, url
        for text in wanted:
            assert text in html, (url, text)


def test_the_certificate_run_names_its_empty_choices(program, as_role, make_member):
    from echohub.credits import services as credit_services

    client = as_role(program, Role.PROGRAM_ADMIN)
    SeriesFactory(program=program)
    credit_services.create_rule(
        actor=client.user,
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
    html = _page(client, f"/p/{program.slug}/credits/batches/")
    assert "---------" not in html
    assert html.count('<option value="" selected>Choose…</option>') == 2


def test_in_french_the_empty_choice_reads_choisissez(program, as_role):
    client = as_role(program, Role.PROGRAM_ADMIN)
    client.user.language = "fr"
    client.user.save(update_fields=["language"])
    html = _page(client, f"/p/{program.slug}/credits/rules/new/")
    assert "---------" not in html
    assert '<option value="" selected>Choisissez…</option>' in html


def test_the_mentoring_forms_name_their_empty_choice(program):
    for form in (AssignForm(program=program), MentorForm(program=program)):
        html = str(form)
        assert "---------" not in html
        assert "Choose…" in html


def test_a_field_that_names_its_empty_choice_keeps_it():
    from django import forms

    class Form(forms.Form):
        kind = forms.ChoiceField(choices=[("", "Any kind"), ("a", "A")], required=False)
        other = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    form = Form()
    name_blank_choices(form)
    assert next(iter(form.fields["kind"].choices)) == ("", "Any kind")
    assert next(iter(form.fields["other"].choices)) == ("", "—")
