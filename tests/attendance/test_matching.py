"""Who a row belongs to: identity, e-mail, then an unambiguous name; otherwise review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import (
    Reconciliation,
    RosterPerson,
    Session,
    make_row,
    reconcile,
    reconcile_report,
)

MakeCsv = Callable[..., bytes]
TIMES = "01/08/2026 12:40:00 PM,01/08/2026 01:40:00 PM,60"


def run(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session, *rows: str
) -> Reconciliation:
    return reconcile_report(make_csv(list(rows)), roster, session)


def only(result: Reconciliation) -> tuple[str | None, str, str]:
    row = result.rows[0]
    return row.person_id, row.status, row.reason


def test_email_matches_case_insensitively_and_trimmed(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    result = run(make_csv, roster, session, f"Someone,  PRIYA.Cardinal@Example.ORG ,{TIMES},No")
    assert only(result) == ("P001", "matched", "matched by email")
    assert result.people["P001"].minutes == 60


def test_email_settles_a_name_shared_by_two_people(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    result = run(make_csv, roster, session, f"Hope Mercer,m.hope.mercer@example.org,{TIMES},No")
    assert only(result)[0] == "P003"


def test_two_people_with_the_same_name_go_to_review(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    result = run(make_csv, roster, session, f"Hope Mercer,,{TIMES},Yes")
    assert only(result) == (None, "review", "ambiguous name: P002, P003")
    assert [item.row for item in result.review] == [1]
    assert result.review[0].candidates == ("P002", "P003")
    assert result.people == {}


def test_nickname_goes_to_review_with_the_candidate(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    for nickname in ("Dan Dubois", "Tom Turner"):
        person_id, status, reason = only(run(make_csv, roster, session, f"{nickname},,{TIMES},Yes"))
        assert (person_id, status) == (None, "review")
        assert "nickname" in reason


def test_exact_name_is_refused_when_a_nickname_twin_exists(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    roster = [*roster, RosterPerson("P008", "Dan", "Dubois", "dan.dubois@example.org")]
    person_id, status, reason = only(run(make_csv, roster, session, f"Dan Dubois,,{TIMES},Yes"))
    assert (person_id, status) == (None, "review")
    assert reason.startswith("ambiguous name: P008, P004")


def test_unique_name_with_title_site_and_original_name_is_matched(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = f'"Dr. Fatima Belanger - Timmins FHT (Fatima Bélanger)",,{TIMES},Yes'
    assert only(run(make_csv, roster, session, row)) == ("P005", "matched", "matched by name")
    row = f'"Jean-Francois O\'Brien",,{TIMES},Yes'
    assert only(run(make_csv, roster, session, row))[0] == "P006"
    row = f'"Priya\'s iPhone (Priya Cardinal)",,{TIMES},Yes'
    assert only(run(make_csv, roster, session, row))[0] == "P001"


def test_device_owner_that_contradicts_the_name_goes_to_review(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = f'"Karen\'s iPad (Priya Cardinal)",,{TIMES},Yes'
    assert only(run(make_csv, roster, session, row))[:2] == (None, "review")


def test_device_name_alone_is_never_assigned(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    person_id, status, _ = only(run(make_csv, roster, session, f"Priya's iPhone,,{TIMES},Yes"))
    assert (person_id, status) == (None, "review")


def test_email_of_one_person_with_the_name_of_another_goes_to_review(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = f"Daniel Dubois,priya.cardinal@example.org,{TIMES},No"
    person_id, status, reason = only(run(make_csv, roster, session, row))
    assert (person_id, status) == (None, "review")
    assert "P001" in reason and "P004" in reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("+1 705 555 0142", "phone number"),
        ("Thunder Bay Boardroom", "shared room"),
        ("Room 2 - 3 people", "shared room"),
        ("Paul Ferguson", "guest not on roster"),
    ],
)
def test_phones_rooms_and_guests_are_left_unassigned(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session, name: str, reason: str
) -> None:
    person_id, status, text = only(run(make_csv, roster, session, f'"{name}",,{TIMES},Yes'))
    assert (person_id, status) == (None, "unmatched")
    assert text.startswith(reason)


def test_waiting_room_rows_never_count(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    header = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Recording Consent,In Waiting Room"
    )
    data = make_csv(
        [
            f"Priya Cardinal,priya.cardinal@example.org,{TIMES},No,Yes,Yes",
            "Priya Cardinal,priya.cardinal@example.org,01/08/2026 01:40:00 PM,"
            "01/08/2026 01:50:00 PM,10,No,Yes,No",
        ],
        header=header,
    )
    result = reconcile_report(data, roster, session)
    assert [(row.person_id, row.status) for row in result.rows] == [
        (None, "ignored"),
        ("P001", "matched"),
    ]
    assert result.rows[0].reason.startswith("waiting room")
    assert result.people["P001"].minutes == 10


def test_registrant_id_wins_over_a_renamed_display(
    roster: list[RosterPerson], session: Session
) -> None:
    for name in ("iPad", "JF", "Dr O'Brien", "Jean-François O'Brien", ""):
        row = make_row(
            row=1,
            name=name,
            join=session.start,
            leave=session.start + timedelta(minutes=30),
            source="zoom_api",
            registrant_id="REG-6",
        )
        result = reconcile([row], roster, session)
        assert only(result) == ("P006", "matched", "matched by registrant id"), name
        assert result.rows[0].method == "registrant_id"


def test_registrant_id_under_another_members_full_name_goes_to_review(
    roster: list[RosterPerson], session: Session
) -> None:
    # Jean-François's link, joined as "Hope Mercer" (two roster people of that name): a
    # forwarded link or a colleague's device; crediting the registrant could credit someone
    # who was not there, so a coordinator decides (it was matched to the registrant before)
    row = make_row(
        row=1,
        name="Hope Mercer",
        join=session.start,
        leave=session.start + timedelta(minutes=30),
        source="zoom_api",
        registrant_id="REG-6",
    )
    result = reconcile([row], roster, session)
    pid, status, reason = only(result)
    assert (pid, status) == (None, "review")
    assert reason.startswith("registrant id of P006") and "but the name is" in reason
    assert set(result.rows[0].candidates) == {"P006", "P002", "P003"}
    assert "P006" not in result.people or result.people["P006"].minutes == 0


def test_our_user_id_from_bbb_or_jitsi_is_used(
    roster: list[RosterPerson], session: Session
) -> None:
    row = make_row(
        row=1,
        name="iPad",
        join=session.start,
        leave=session.end,
        source="bbb",
        user_id="P007",
    )
    assert only(reconcile([row], roster, session))[0] == "P007"


def test_minutes_merge_reconnects_and_clip_to_the_session(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    rows = [
        "Priya Cardinal,priya.cardinal@example.org,01/08/2026 12:11:04 PM,"
        "01/08/2026 01:06:24 PM,55,No",
        "Priya Cardinal,priya.cardinal@example.org,01/08/2026 01:03:24 PM,"
        "01/08/2026 02:10:35 PM,67,No",
    ]
    result = run(make_csv, roster, session, *rows)
    assert result.people["P001"].minutes == 90
    assert result.people["P001"].rows == (1, 2)


def test_unique_users_layout_uses_total_duration_capped(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    header = "Name (Original Name),User Email,Total Duration (Minutes),Guest"
    data = make_csv(
        ["Priya Cardinal,priya.cardinal@example.org,75,No", "Daniel Dubois,,130,Yes"],
        header=header,
    )
    result = reconcile_report(data, roster, session)
    assert result.people["P001"].minutes == 75
    # 130 in the 90-minute session: 40 surely outside it, so the coordinator decides
    assert "P004" not in result.people
    assert [(r.status, r.candidates) for r in result.rows][1] == ("review", ("P004",))


def test_a_report_from_another_day_is_refused(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    rows = [
        f"Priya Cardinal,,{TIMES},Yes",
        "Hope Mercer,,01/15/2026 12:40:00 PM,01/15/2026 01:40:00 PM,60,Yes",
    ]
    with pytest.raises(AttendanceError) as caught:
        run(make_csv, roster, session, *rows)
    assert (caught.value.code, caught.value.row) == ("time_outside_session", 2)


def test_rows_just_outside_the_session_count_zero_with_a_warning(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    rows = [
        "Priya Cardinal,,01/08/2026 02:10:00 PM,01/08/2026 02:20:00 PM,10,Yes",
        f"Daniel Dubois,,{TIMES},Yes",
    ]
    result = run(make_csv, roster, session, *rows)
    assert result.people["P001"].minutes == 0
    assert result.people["P004"].minutes == 60
    assert result.warnings == ("rows entirely outside the session (0 minutes): 1",)


def test_reimporting_the_same_report_changes_nothing(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    rows = [
        f"Priya Cardinal,priya.cardinal@example.org,{TIMES},No",
        f"Hope Mercer,,{TIMES},Yes",
        f"Priya Cardinal,priya.cardinal@example.org,{TIMES},No",
    ]
    first = run(make_csv, roster, session, *rows)
    again = run(make_csv, roster, session, *rows)
    assert first.to_dict() == again.to_dict()
    prints = [row.fingerprint for row in first.rows]
    assert prints == [row.fingerprint for row in again.rows]
    assert len(set(prints)) == 3
    # Storing rows keyed by fingerprint and reconciling what is stored gives the same answer.
    stored = {row.fingerprint: row for row in first.rows}
    assert len(stored) == len(first.rows)
    assert first.people["P001"].minutes == 60


def test_wrong_meeting_instance_by_preamble_start_is_refused(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    preamble = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
        "812 3456 7890,ECHO,01/01/2026 12:30:00 PM,01/01/2026 02:00:00 PM,host@x.org,90,1\r\n"
        "\r\n"
    )
    data = make_csv([f"Priya Cardinal,,{TIMES},Yes"], preamble=preamble)
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, roster, session)
    assert caught.value.code == "wrong_meeting"
    # Said in people's words, in the session's time zone (no ISO timestamps).
    assert "Thursday 1 Jan 2026, 12:30" in caught.value.message
    assert "T12:30" not in caught.value.message and "+00:00" not in caught.value.message


def test_report_with_no_row_in_the_session_is_refused(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = "Priya Cardinal,,01/08/2026 08:10:00 AM,01/08/2026 09:20:00 AM,70,Yes"
    with pytest.raises(AttendanceError) as caught:
        run(make_csv, roster, session, row)
    assert caught.value.code == "no_overlap"


def test_roster_name_with_a_foreign_email_goes_to_review(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = f"Daniel Dubois,dd@elsewhere.example,{TIMES},No"
    person_id, status, reason = only(run(make_csv, roster, session, row))
    assert (person_id, status) == (None, "review")
    assert "P004" in reason and "dd@elsewhere.example" in reason


def test_room_on_a_registered_account_is_not_credited(
    make_csv: MakeCsv, roster: list[RosterPerson], session: Session
) -> None:
    row = f"Thunder Bay Boardroom,priya.cardinal@example.org,{TIMES},No"
    assert only(run(make_csv, roster, session, row))[:2] == (None, "review")


def test_the_reason_of_a_registrant_id_under_another_name_is_said_in_french(
    roster: list[RosterPerson], session: Session
) -> None:
    from django.utils import translation

    from echohub.attendance.import_text import REASONS

    row = make_row(
        row=1,
        name="Daniel Dubois",
        join=session.start,
        leave=session.start + timedelta(minutes=30),
        source="zoom_api",
        registrant_id="REG-6",
    )
    reason = reconcile([row], roster, session).rows[0].reason
    found = [(p, text) for p, text in REASONS if p.fullmatch(reason)]
    assert found, reason
    pattern, text = found[0]
    with translation.override("fr"):
        said = str(text) % pattern.fullmatch(reason).groupdict()
    assert "mais le nom est celui de" in said and "Daniel Dubois" in said
