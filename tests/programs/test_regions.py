"""Regions come from a managed list; rurality and kind are asked, never assumed (issue 13)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.utils import timezone

from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs import services
from echohub.programs.models import (
    DEFAULT_REGIONS,
    Region,
    Registration,
    Role,
    Site,
    region_key,
)
from tests.factories import RegistrationFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("echohub.programs.migrations.0003_regions_and_stated_rurality")


def test_ontario_health_regions_are_the_shipped_list():
    assert list(Region.objects.values_list("name", flat=True)) == list(DEFAULT_REGIONS)
    assert DEFAULT_REGIONS == ("Toronto", "Central", "East", "West", "North East", "North West")


@pytest.mark.parametrize("spelling", ["Northwest", "north-west", " NORTH  WEST ", "North_West"])
def test_region_key_ignores_case_spaces_and_hyphens(spelling):
    assert region_key(spelling) == region_key("North West")
    assert services.resolve_region(spelling) == "North West"


def test_an_unknown_region_is_refused_in_peoples_words():
    with pytest.raises(DomainError) as err:
        services.resolve_region("Atlantis")
    assert err.value.code == "unknown_region" and err.value.field == "region"
    assert "Choose a region from the list" in err.value.message


def test_save_site_stores_the_lists_spelling(program):
    site = services.save_site(actor=None, program=program, name="Lakeview", region="northwest")
    assert site.region == "North West"
    with pytest.raises(DomainError, match="not one of the regions"):
        services.save_site(actor=None, program=program, name="Elsewhere", region="Nowhere")
    assert not Site.objects.filter(name="Elsewhere").exists()


def test_a_site_keeps_a_retired_region_until_it_is_changed(program):
    site = SiteFactory(program=program, region="East")
    Region.objects.filter(name="East").update(is_active=False)
    services.save_site(actor=None, program=program, site=site, name="Renamed", region="East")
    site.refresh_from_db()
    assert (site.name, site.region) == ("Renamed", "East")
    other = SiteFactory(program=program, region="West")
    with pytest.raises(DomainError):
        services.save_site(actor=None, program=program, site=other, region="East")


def test_renaming_a_region_renames_it_on_every_site_and_registration(program):
    site = SiteFactory(program=program, region="North West")
    registration = RegistrationFactory(program=program, region="North West")
    admin = UserFactory()
    region = Region.objects.get(name="North West")
    services.save_region(actor=admin, region=region, name="Northwest Ontario")
    site.refresh_from_db()
    registration.refresh_from_db()
    assert site.region == registration.region == "Northwest Ontario"
    entry = AuditEntry.objects.get(action="region.updated")
    assert entry.actor == admin and entry.changes["name"] == ["North West", "Northwest Ontario"]


def test_a_second_spelling_of_a_region_is_refused():
    with pytest.raises(DomainError) as err:
        services.save_region(actor=None, name="Northwest")
    assert err.value.code == "duplicate_region" and "North West" in err.value.message


def test_merging_a_flagged_region_moves_its_sites_and_removes_it(program):
    flagged = Region.objects.create(name="Nord-Ouest", needs_review=True)
    site = SiteFactory(program=program, region="Nord-Ouest")
    moved = services.merge_region(
        actor=None, region=flagged, into=Region.objects.get(name="North West")
    )
    site.refresh_from_db()
    assert moved == 1 and site.region == "North West"
    assert not Region.objects.filter(name="Nord-Ouest").exists()
    assert AuditEntry.objects.filter(action="region.merged").exists()


def test_a_region_in_use_is_not_deleted(program):
    SiteFactory(program=program, region="Central")
    with pytest.raises(DomainError) as err:
        services.delete_region(actor=None, region=Region.objects.get(name="Central"))
    assert err.value.code == "region_in_use"
    services.delete_region(actor=None, region=Region.objects.get(name="Toronto"))
    assert not Region.objects.filter(name="Toronto").exists()


# The data migration ----------------------------------------------------------------------


def test_migration_matches_free_text_and_flags_the_unknown(program):
    Region.objects.exclude(name__in=DEFAULT_REGIONS).delete()
    a = SiteFactory(program=program, region="Northwest")
    b = SiteFactory(program=program, region="north-west")
    c = SiteFactory(program=program, region="James Bay")
    d = SiteFactory(program=program, region="james  bay")
    e = SiteFactory(program=program, region="James Bay")
    reg = RegistrationFactory(program=program, region="TORONTO")
    MIGRATION.regions_from_free_text(apps, None)
    for obj in (a, b, c, d, e, reg):
        obj.refresh_from_db()
    assert a.region == b.region == "North West" and reg.region == "Toronto"
    assert c.region == d.region == e.region == "James Bay"  # the most used spelling names it
    flagged = Region.objects.get(needs_review=True)
    assert flagged.name == "James Bay"
    assert Region.objects.count() == len(DEFAULT_REGIONS) + 1


def test_migration_unassumes_rurality_and_kind_of_sites_made_at_approval(program):
    now = timezone.now()
    made = SiteFactory(program=program, name="Moose Hollow", rurality="urban", kind="clinic")
    chosen = SiteFactory(program=program, name="Pine Ridge", rurality="urban", kind="clinic")
    edited = SiteFactory(program=program, name="Otter Bay", rurality="urban", kind="clinic")
    Site.objects.filter(pk=chosen.pk).update(created_at=now - dt.timedelta(days=30))
    for site in (made, chosen, edited):
        RegistrationFactory(
            program=program,
            status="approved",
            site=site,
            new_site_name=site.name.upper(),
            decided_at=now + dt.timedelta(seconds=1),
        )
    Registration.objects.update(created_at=now - dt.timedelta(days=1))
    AuditEntry.objects.create(
        action="site.updated",
        object_type="programs.site",
        object_id=str(edited.pk),
        changes={"rurality": ["rural", "urban"]},
    )
    MIGRATION.unassume_registration_sites(apps, None)
    for site in (made, chosen, edited):
        site.refresh_from_db()
    assert (made.rurality, made.kind) == ("not_stated", "not_stated")
    assert (chosen.rurality, chosen.kind) == ("urban", "clinic")  # existed before: chosen
    assert (edited.rurality, edited.kind) == ("urban", "not_stated")  # rurality was set by hand


# Registration asks -----------------------------------------------------------------------


def registration_post(**overrides):
    data = {
        "first_name": "Ana",
        "last_name": "Lopes",
        "email": "ana@example.test",
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "site": "",
        "new_site_name": "Lakeview Station",
        "region": "North West",
        "new_site_kind": "nursing_station",
        "new_site_rurality": "remote",
        "consent_research": "on",
    }
    data.update(overrides)
    return data


def test_registration_page_offers_the_regions_and_explains_rurality(client, program):
    page = client.get(f"/p/{program.slug}/register/").content.decode()
    for name in DEFAULT_REGIONS:
        assert f'<option value="{name}">{name}</option>' in page
    assert 'list="regions"' not in page  # no free text
    assert "<legend>Where is the new site?" in page
    assert "100,000 people or more" in page and "Statistics Canada" in page
    assert 'value="not_stated"' not in page  # never offered: it is what "not asked" looks like


def test_new_site_at_registration_keeps_what_the_person_said(client, program):
    response = client.post(f"/p/{program.slug}/register/", registration_post())
    assert response.status_code == 302
    registration = Registration.objects.get()
    coordinator = UserFactory()
    services.approve_registration(actor=coordinator, registration=registration)
    site = Site.objects.get(name="Lakeview Station")
    assert (site.region, site.kind, site.rurality) == ("North West", "nursing_station", "remote")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"new_site_rurality": ""}, "Say where the new site is."),
        ({"new_site_kind": ""}, "Say what kind of site it is."),
        ({"region": "Atlantis"}, "Select a valid choice"),
        ({"new_site_rurality": "not_stated"}, "Select a valid choice"),
    ],
)
def test_registration_without_rurality_kind_or_listed_region_is_refused(
    client, program, overrides, message
):
    response = client.post(f"/p/{program.slug}/register/", registration_post(**overrides))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'value="Lakeview Station"' in page
    assert not Registration.objects.exists()


def test_a_registration_that_gave_no_rurality_makes_a_not_stated_site(program):
    registration = services.submit_registration(
        program=program,
        email="b@example.test",
        first_name="B",
        last_name="C",
        profession="registered_nurse",
        licence_number="1",
        site=None,
        new_site_name="Quiet Bay",
        region="east",
        consent_research=False,
    )
    assert registration.region == "East"
    services.approve_registration(actor=None, registration=registration)
    site = Site.objects.get(name="Quiet Bay")
    assert (site.rurality, site.kind) == ("not_stated", "not_stated")


# Site pages ------------------------------------------------------------------------------


def test_site_form_picks_a_region_from_the_list(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/manage/sites/new/").content.decode()
    assert '<select name="region"' in page and '<option value="North East">' in page
    response = client.post(
        f"/p/{program.slug}/manage/sites/new/",
        {"name": "Birch CHC", "kind": "chc", "region": "Nowhere", "rurality": "rural"},
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    client.post(
        f"/p/{program.slug}/manage/sites/new/",
        {"name": "Birch CHC", "kind": "chc", "region": "North East", "rurality": "rural"},
    )
    assert Site.objects.get(name="Birch CHC").region == "North East"


def test_site_filter_by_region_is_exact(as_role, program):
    SiteFactory(program=program, name="In the east", region="East")
    SiteFactory(program=program, name="In the north-east", region="North East")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/manage/sites/?region=East").content.decode()
    assert "In the east" in page and "In the north-east" not in page


def test_site_pages_for_other_roles(as_role, program):
    assert (
        as_role(program, Role.PARTICIPANT).get(f"/p/{program.slug}/manage/sites/new/").status_code
        == 403
    )
    assert as_role(program, None).get(f"/p/{program.slug}/manage/sites/new/").status_code == 404


def test_not_stated_is_kept_on_an_existing_site_but_not_offered_for_a_new_one(as_role, program):
    site = SiteFactory(program=program, rurality="not_stated", kind="not_stated")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/manage/sites/{site.pk}/").content.decode()
    assert 'value="not_stated" required id="id_rurality_4" checked' in page
    new_page = client.get(f"/p/{program.slug}/manage/sites/new/").content.decode()
    assert 'value="not_stated"' not in new_page


# Deployment admins edit the list --------------------------------------------------------


def test_region_admin_rename_goes_through_the_service(client, program):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    SiteFactory(program=program, region="North East")
    region = Region.objects.get(name="North East")
    response = client.post(
        f"/admin/programs/region/{region.pk}/change/",
        {"name": "Northeast Ontario", "position": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Site.objects.get(program=program).region == "Northeast Ontario"
    assert AuditEntry.objects.filter(action="region.updated", actor=admin).exists()


def test_region_admin_merge_and_duplicate(client, program):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    flagged = Region.objects.create(name="NW", needs_review=True)
    SiteFactory(program=program, region="NW")
    target = Region.objects.get(name="North West")
    url = f"/admin/programs/region/{flagged.pk}/change/"
    response = client.post(url, {"name": "Northwest", "position": 0, "merge_into": ""})
    assert response.status_code == 200 and "already in the list" in response.content.decode()
    client.post(url, {"name": "NW", "position": 0, "merge_into": target.pk})
    assert Site.objects.get(program=program).region == "North West"
    assert not Region.objects.filter(pk=flagged.pk).exists()
    assert admin_site.is_registered(Region)
