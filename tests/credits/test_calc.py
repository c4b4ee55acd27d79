"""The credit arithmetic (clinical.md §5): AMA quarter-hour rounding, Mainpro+ credits per
hour, minimum-share boundaries, registered-only."""

from decimal import Decimal

import pytest

from echohub.credits.calc import Terms, credited_hours, evaluate

AMA = Terms(credits_per_hour=Decimal("1"), rounding="quarter_hour", registered_only=False)


@pytest.mark.parametrize(
    ("minutes", "credits"),
    [
        (60, "1.00"),  # sixty minutes = one AMA PRA Category 1 Credit
        (90, "1.50"),
        (67, "1.00"),  # 7 minutes past the hour: nearest quarter hour is the hour
        (68, "1.25"),  # 8 minutes past: nearest is the quarter
        (52, "0.75"),
        (53, "1.00"),
        (15, "0.25"),  # the minimum increment
        (8, "0.25"),
        (45, "0.75"),
    ],
)
def test_ama_rounds_to_the_nearest_quarter_hour(minutes, credits):
    outcome = evaluate(minutes=minutes, session_minutes=120, terms=AMA, registered=True)
    assert outcome.eligible
    assert outcome.credits == Decimal(credits)


def test_ama_below_the_smallest_increment_earns_nothing():
    outcome = evaluate(minutes=7, session_minutes=90, terms=AMA, registered=True)
    assert (outcome.eligible, outcome.reason, outcome.credits) == (
        False,
        "below_increment",
        Decimal("0.00"),
    )


def test_credits_never_exceed_the_session_length():
    outcome = evaluate(minutes=200, session_minutes=90, terms=AMA, registered=True)
    assert (outcome.minutes, outcome.credits) == (90, Decimal("1.50"))


def test_mainpro_two_credits_per_hour_gives_three_for_a_ninety_minute_session():
    # ECHO Ontario Chronic Pain's published rate (clinical.md §5.1; flagged as possibly outdated)
    terms = Terms(credits_per_hour=Decimal("2"))
    assert evaluate(minutes=90, session_minutes=90, terms=terms, registered=True).credits == (
        Decimal("3.00")
    )


def test_mainpro_one_credit_per_hour_without_rounding_counts_exact_minutes():
    terms = Terms(credits_per_hour=Decimal("1"))
    assert evaluate(minutes=80, session_minutes=90, terms=terms, registered=True).credits == (
        Decimal("1.33")
    )


def test_half_hour_rounding():
    assert credited_hours(44, "half_hour") == Decimal("0.5")
    assert credited_hours(45, "half_hour") == Decimal("1")


@pytest.mark.parametrize(
    ("minutes", "eligible"),
    [(53, False), (54, True), (55, True)],  # 60 % of 90 minutes is 54
)
def test_minimum_share_boundary(minutes, eligible):
    terms = Terms(credits_per_hour=Decimal("1"), minimum_share=60)
    outcome = evaluate(minutes=minutes, session_minutes=90, terms=terms, registered=True)
    assert outcome.eligible is eligible
    assert outcome.reason == ("" if eligible else "below_share")


def test_full_share_needs_the_whole_session():
    terms = Terms(credits_per_hour=Decimal("1"), minimum_share=100)
    assert not evaluate(minutes=89, session_minutes=90, terms=terms, registered=True).eligible
    assert evaluate(minutes=90, session_minutes=90, terms=terms, registered=True).eligible


def test_registered_only_refuses_people_who_are_not_registered():
    terms = Terms(credits_per_hour=Decimal("1"), registered_only=True)
    outcome = evaluate(minutes=90, session_minutes=90, terms=terms, registered=False)
    assert (outcome.eligible, outcome.reason) == (False, "not_registered")
    open_terms = Terms(credits_per_hour=Decimal("1"), registered_only=False)
    assert evaluate(minutes=90, session_minutes=90, terms=open_terms, registered=False).eligible


def test_no_minutes_is_not_eligible():
    outcome = evaluate(minutes=0, session_minutes=90, terms=AMA, registered=True)
    assert (outcome.eligible, outcome.reason) == (False, "no_minutes")


def test_survey_requirement_refuses_when_not_answered():
    terms = Terms(credits_per_hour=Decimal("1"), survey_required=True)
    outcome = evaluate(
        minutes=90, session_minutes=90, terms=terms, registered=True, survey_done=False
    )
    assert (outcome.eligible, outcome.reason) == (False, "survey_missing")
