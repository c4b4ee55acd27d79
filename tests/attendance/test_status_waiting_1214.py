"""A Status column saying the person was waiting to be let in is never attendance, however it
is written ("Waiting", "In Waiting Room", "en attente"); anything else is read as before."""

from __future__ import annotations

import pytest

from .conftest import HEADER
from .test_unseen_reports_3 import minutes, report

HEADER_WITH_STATUS = HEADER + ",Status"
ROW = "Ana Lima,ana.lima@example.org,01/08/2026 12:30:00 PM,01/08/2026 02:00:00 PM,90,No,{status}"


@pytest.mark.parametrize(
    "status",
    [
        "in_waiting_room",
        "In Waiting Room",
        "Waiting",
        "waiting-room",
        "WAITING ROOM",
        "En attente",
        "Dans la salle d'attente",
    ],
)
def test_a_row_waiting_to_be_let_in_is_not_credited(status: str) -> None:
    data = report(ROW.format(status=status), header=HEADER_WITH_STATUS)
    assert minutes(data).get("U1", 0) == 0


@pytest.mark.parametrize("status", ["in_meeting", "In Meeting", "", "Joined"])
def test_a_row_in_the_meeting_is_credited(status: str) -> None:
    data = report(ROW.format(status=status), header=HEADER_WITH_STATUS)
    assert minutes(data)["U1"] == 90
