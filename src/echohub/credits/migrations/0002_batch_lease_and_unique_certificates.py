"""Certificate batches get a lease (heartbeat, run token, attempts) and can be cancelled; at most
one batch per cycle and rule is active; a person holds at most one current certificate per rule
and session or cycle. Duplicates issued before the constraints (two clicks racing) are resolved
first: the earliest stays current, the later ones are marked superseded (kept, never deleted)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def supersede_duplicates(apps, schema_editor):
    Certificate = apps.get_model("credits", "Certificate")
    CertificateBatch = apps.get_model("credits", "CertificateBatch")
    current = Certificate.objects.filter(superseded_at__isnull=True)
    keys = (
        current.values("rule_id", "user_id", "scope", "session_id", "series_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for key in keys:
        key.pop("n")
        dupes = list(current.filter(**key).order_by("issued_at", "id"))
        first = dupes[0]
        for later in dupes[1:]:
            later.superseded_at = later.issued_at if later.issued_at else first.issued_at
            later.save(update_fields=["superseded_at"])
    # Two active batches for one cycle and rule: keep the newest, fail the others.
    active = CertificateBatch.objects.filter(status__in=["queued", "running"])
    for key in active.values("series_id", "rule_id").annotate(n=Count("id")).filter(n__gt=1):
        key.pop("n")
        older = list(active.filter(**key).order_by("-created_at", "-id"))[1:]
        for batch in older:
            batch.status = "failed"
            batch.errors = [
                *batch.errors,
                {
                    "user": None,
                    "code": "duplicate_batch",
                    "message": "another batch for this cycle ran",
                },
            ]
            batch.save(update_fields=["status", "errors"])


class Migration(migrations.Migration):
    dependencies = [
        ("credits", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatebatch",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="runs started"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="cancelled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="run_token",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AlterField(
            model_name="certificatebatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                    ("cancelled", "Cancelled"),
                ],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(supersede_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scope", "session"), ("superseded_at__isnull", True)),
                fields=("rule", "user", "session"),
                name="certificate_current_once_per_session",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scope", "cycle"), ("superseded_at__isnull", True)),
                fields=("rule", "user", "series"),
                name="certificate_current_once_per_cycle",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificatebatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("series", "rule"),
                name="certificate_batch_one_active",
            ),
        ),
    ]
