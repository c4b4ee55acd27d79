"""A person downloads their own data (JSON) from their profile page; every download is audited."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.core import audit
from echohub.portal.mydata import counts, personal_data


@require_POST  # a button with a CSRF token: no link, prefetch or image can trigger it
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    data = personal_data(user)
    audit.record(actor=user, action="account.data_downloaded", obj=user, changes=counts(data))
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = data["generated_at"][:10]
    response["Content-Disposition"] = f'attachment; filename="echohub-my-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
