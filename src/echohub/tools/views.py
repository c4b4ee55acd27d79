"""Clinical tools for every signed-in clinician, outside any case: MME and taper plans.

Nothing typed here is stored or logged (no patient is named; the rows are doses only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.cases.services import read_medication_rows
from echohub.core import clinical_text
from echohub.core.errors import DomainError
from echohub.tools.forms import MAX_ROWS, CalculatorForm, CalculatorMedicationFormSet


@login_required
def opioid_calculator(request: HttpRequest) -> HttpResponse:
    from clinical import ClinicalInputError, calculate_mme
    from clinical.regimen import plan_regimen_taper

    initial = {
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": timezone.localdate(),
    }
    posted = request.method == "POST"
    data = request.POST.copy() if posted else None
    more = posted and request.POST.get("do") == "more"
    if more and data is not None:  # four more empty rows, with everything typed kept
        try:
            total = int(data.get("med-TOTAL_FORMS", "4"))
        except ValueError:
            total = 4
        data["med-TOTAL_FORMS"] = str(min(max(total, 0) + 4, MAX_ROWS))
    form = CalculatorForm(data, initial=initial)
    meds = CalculatorMedicationFormSet(data, prefix="med")
    ctx: dict[str, Any] = {"form": form, "meds": meds}
    status = 200
    if more:
        return render(request, "tools/opioids.html", ctx)
    if posted:
        if form.is_valid() and meds.is_valid():
            d = form.cleaned_data
            try:
                rows = read_medication_rows([f.cleaned_data for f in meds.forms if f.cleaned_data])
                if not rows:
                    raise DomainError("no_rows", _("Enter at least one medication row."))
                ctx["mme"] = calculate_mme(rows, table=d["table"]).to_dict()
                if request.POST.get("do") == "taper":
                    ctx["plan"] = {
                        **plan_regimen_taper(
                            rows,
                            start_date=d["start_date"],
                            rule=d["rule"],
                            table=d["table"],
                            duration=d["duration"],
                            percent=d["percent"],
                            interval=d["interval"] or None,
                        ).to_dict(),
                        "version": 2,
                    }
            except (DomainError, ClinicalInputError) as err:
                if isinstance(err, ClinicalInputError):
                    ctx["error"] = clinical_text.input_error(err.code, err.message)
                else:
                    ctx["error"] = err.message
                status = 422
        else:
            ctx["error"] = _("Check the fields marked below.")
            status = 422
    return render(request, "tools/opioids.html", ctx, status=status)
