"""Tokens made before grants existed: read and write, expiring API_TOKEN_DEFAULT_DAYS from now."""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def grant_existing(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    TokenGrant = apps.get_model("security", "TokenGrant")
    expires = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    TokenGrant.objects.bulk_create(
        [
            TokenGrant(token_id=pk, scope="write", expires_at=expires)
            for pk in ApiToken.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_existing, migrations.RunPython.noop)]
