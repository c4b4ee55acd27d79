"""The permission index gains the date: a broad search reads its recent window from it
(services.RECENT_DAYS). Added before the old one is dropped."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_registration_language"),
        ("search", "0007_fts_cases"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchmatch",
            index=models.Index(
                fields=["program", "kind", "dated"], name="search_match_prog_kind_date"
            ),
        ),
        migrations.RemoveIndex(
            model_name="searchmatch",
            name="search_match_program_kind",
        ),
    ]
