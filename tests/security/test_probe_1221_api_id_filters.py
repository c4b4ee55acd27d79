"""Probe 1221: an id filter in an API query string beyond what a database row can have.

Schemathesis against the running app's OpenAPI (a bearer token of each demo role) found
`GET /api/v1/programs/{slug}/sessions?series=22597676745011459260416` a 500; a look at every
integer query parameter of the schema found `GET .../cases?session=` the same. Django answers an
out-of-range `pk=` as no row, but a foreign key compared with a number past 64 bits raised
OverflowError in SQLite, logged with a traceback each time, for any member. Those filters
(and `people?site=`) now take 1 to 2**63 - 1, said in the schema; outside it is a 422 naming
the parameter, and an id in range that names nothing is still an empty list.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.programs.models import Program, Role
from tests.factories import SessionFactory

HUGE = 10**22
LONGEST = 2**63 - 1


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    """tests/security switches the second factor on; these probes are about input, not sign-in."""
    settings.TWO_FACTOR_ENFORCED = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [("sessions", "series"), ("cases", "session"), ("people", "site")],
)
def test_an_id_filter_past_64_bits_is_a_422_not_a_500(
    program: Program, make_member: Any, path: str, name: str
) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    SessionFactory(program=program)
    _token, raw = ApiToken.issue(user=coordinator, name="probe")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/programs/{program.slug}/{path}"
    for value in (HUGE, -HUGE, 0, LONGEST + 1):
        response = client.get(url, {name: value})
        assert response.status_code == 422, (value, response.content[:300])
        body = response.json()
        assert body["code"] == "invalid" and body["field"] == name
    # In range, naming nothing: an empty list, as before.
    response = client.get(url, {name: LONGEST})
    assert response.status_code == 200, response.content[:300]
    assert response.json() == {"items": [], "count": 0}
    # The schema says so, for generated clients and fuzzers.
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][f"/api/v1/programs/{{slug}}/{path}"]["get"]
    (param,) = [p for p in operation["parameters"] if p["name"] == name]
    (integer,) = [a for a in param["schema"]["anyOf"] if a.get("type") == "integer"]
    assert integer["minimum"] == 1 and integer["maximum"] == LONGEST
