"""Fill Case.mme_total and FollowUp.mme_total (added empty by 0003) from the medication rows.

Self-contained (historical models and the plain `clinical` package), so later changes to the
app's code cannot change what this migration does. Backwards it does nothing: 0003 reversed
drops the columns.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import migrations

CHUNK = 500
STORED_MAX = Decimal("99999999.9")


def _total(rows: list[Any], table: str) -> Decimal | None:
    from clinical import ClinicalInputError, calculate_mme

    data = []
    for m in rows:
        row: dict[str, Any] = {"drug": m.drug, "dose": m.dose, "unit": m.unit}
        if m.formulation:
            row["formulation"] = m.formulation
        if m.times_per_day:
            row["times_per_day"] = m.times_per_day
        if m.frequency:
            row["frequency"] = m.frequency
        row["as_needed"] = m.as_needed
        data.append(row)
    if not data:
        return None
    try:
        result = calculate_mme(data, table=table or "cdc2022")
    except (ClinicalInputError, KeyError, ValueError):
        return None  # a row the calculator refuses: leave the total empty, as for no rows
    if not result.rows:
        return None
    total = result.total_mme_per_day.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return total if total <= STORED_MAX else None


def fill_stored_mme(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    FollowUp = apps.get_model("cases", "FollowUp")
    CaseMedication = apps.get_model("cases", "CaseMedication")
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        cases = list(Case.objects.filter(pk__in=chunk).only("pk", "mme_table", "mme_total"))
        follow_ups = list(
            FollowUp.objects.filter(case_id__in=chunk).only("pk", "case_id", "mme_total")
        )
        groups: dict[tuple[int, int | None], list[Any]] = {}
        for m in CaseMedication.objects.filter(case_id__in=chunk).order_by("position", "pk"):
            groups.setdefault((m.case_id, m.follow_up_id), []).append(m)
        tables = {c.pk: c.mme_table for c in cases}
        for c in cases:
            c.mme_total = _total(groups.get((c.pk, None), []), c.mme_table)
        for f in follow_ups:
            f.mme_total = _total(groups.get((f.case_id, f.pk), []), tables[f.case_id])
        Case.objects.bulk_update(cases, ["mme_total"])
        FollowUp.objects.bulk_update(follow_ups, ["mme_total"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_theme_and_stored_mme")]

    operations = [migrations.RunPython(fill_stored_mme, migrations.RunPython.noop, elidable=True)]
