"""Regions become a managed list; rurality and kind are asked, never assumed.

1. The Region table, shipped with Ontario Health's six regions. Source: Ontario Health,
   "Ontario Health Regions" (https://www.ontariohealth.ca/system/regions.html): Toronto,
   Central, East, West, North East, North West.
2. Every free-text region already on a site or a registration is matched to a region without
   regard to case, spaces or hyphens ("Northwest" = "North West") and rewritten to its name; a
   value that matches none is kept as its own region, flagged for review (the most used
   spelling names it).
3. A site created when a registration was approved got "Urban" and "Clinic" without anyone
   saying so: those become "Not stated" unless someone has since edited that field.
"""

import datetime as dt
import re
from collections import Counter

from django.db import migrations, models

ONTARIO_HEALTH_REGIONS = ("Toronto", "Central", "East", "West", "North East", "North West")


def _key(text):
    # Kept in step with programs.models.region_key (copied: migrations never import app code).
    return re.sub(r"[\s_\-\u2010-\u2015]+", "", text).casefold()


def _tidy(text):
    return " ".join(text.split())[:100]


def regions_from_free_text(apps, schema_editor):
    Region = apps.get_model("programs", "Region")
    Site = apps.get_model("programs", "Site")
    Registration = apps.get_model("programs", "Registration")
    canonical: dict[str, str] = {}
    for position, name in enumerate(ONTARIO_HEALTH_REGIONS, start=1):
        region, _created = Region.objects.get_or_create(name=name, defaults={"position": position})
        canonical[_key(region.name)] = region.name
    used: Counter[str] = Counter()
    for model in (Site, Registration):
        for value in model.objects.exclude(region="").values_list("region", flat=True):
            used[_tidy(value)] += 1
    extra = 0
    for value, _count in sorted(used.items(), key=lambda kv: (-kv[1], kv[0])):
        key = _key(value)
        if key and key not in canonical:
            extra += 1
            Region.objects.create(name=value, needs_review=True, position=100 + extra)
            canonical[key] = value
    for model in (Site, Registration):
        for value in list(model.objects.values_list("region", flat=True).distinct()):
            found = canonical.get(_key(value))
            if found is not None and found != value:
                model.objects.filter(region=value).update(region=found)


def unassume_registration_sites(apps, schema_editor):
    Site = apps.get_model("programs", "Site")
    Registration = apps.get_model("programs", "Registration")
    AuditEntry = apps.get_model("core", "AuditEntry")
    approved = (
        Registration.objects.filter(status="approved", site__isnull=False, decided_at__isnull=False)
        .exclude(new_site_name="")
        .select_related("site")
    )
    for registration in approved:
        site = registration.site
        if site.name.casefold() != registration.new_site_name.strip().casefold():
            continue
        made_by_approval = (
            registration.created_at
            <= site.created_at
            <= registration.decided_at + dt.timedelta(minutes=1)
        )
        if not made_by_approval:
            continue  # the site existed before: its values were chosen by someone
        edited = set()
        for changes in AuditEntry.objects.filter(
            object_type="programs.site", object_id=str(site.pk), action="site.updated"
        ).values_list("changes", flat=True):
            edited |= set(changes or {})
        fields = {}
        if site.rurality == "urban" and "rurality" not in edited:
            fields["rurality"] = "not_stated"
        if site.kind == "clinic" and "kind" not in edited:
            fields["kind"] = "not_stated"
        if fields:
            Site.objects.filter(pk=site.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_program_video_provider"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="position in lists"),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Retired regions stay on their sites.",
                        verbose_name="offered",
                    ),
                ),
                (
                    "needs_review",
                    models.BooleanField(
                        default=False,
                        help_text="Kept from a free-text value that matched no region: rename it, merge it into a region, or clear this flag.",
                        verbose_name="needs review",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["position", "name"],
            },
        ),
        migrations.AddField(
            model_name="registration",
            name="new_site_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("fht", "Family health team"),
                    ("chc", "Community health centre"),
                    ("clinic", "Clinic / practice"),
                    ("nursing_station", "Nursing station"),
                    ("npled", "Nurse practitioner-led clinic"),
                    ("hospital", "Hospital"),
                    ("pharmacy", "Pharmacy"),
                    ("other", "Other"),
                    ("not_stated", "Not stated"),
                ],
                max_length=20,
                verbose_name="kind of new site",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="new_site_rurality",
            field=models.CharField(
                blank=True,
                choices=[
                    ("urban", "Urban"),
                    ("suburban", "Suburban"),
                    ("rural", "Rural"),
                    ("remote", "Remote"),
                    ("not_stated", "Not stated"),
                ],
                max_length=10,
                verbose_name="rurality of new site",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="kind",
            field=models.CharField(
                choices=[
                    ("fht", "Family health team"),
                    ("chc", "Community health centre"),
                    ("clinic", "Clinic / practice"),
                    ("nursing_station", "Nursing station"),
                    ("npled", "Nurse practitioner-led clinic"),
                    ("hospital", "Hospital"),
                    ("pharmacy", "Pharmacy"),
                    ("other", "Other"),
                    ("not_stated", "Not stated"),
                ],
                default="not_stated",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="rurality",
            field=models.CharField(
                choices=[
                    ("urban", "Urban"),
                    ("suburban", "Suburban"),
                    ("rural", "Rural"),
                    ("remote", "Remote"),
                    ("not_stated", "Not stated"),
                ],
                default="not_stated",
                max_length=10,
                verbose_name="rurality",
            ),
        ),
        migrations.RunPython(regions_from_free_text, migrations.RunPython.noop),
        migrations.RunPython(unassume_registration_sites, migrations.RunPython.noop),
    ]
