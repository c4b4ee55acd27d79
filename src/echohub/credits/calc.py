"""Credit arithmetic, plain Python (no Django import): eligibility and credits for one person at
one session. Kept apart so the rules can be read, tested and benchmarked alone.

- **Minimum share**: eligible when ``minutes * 100 >= minimum_share * session_minutes``
  (a 60 % minimum of a 90-minute session needs 54 minutes; 53 is not enough).
- **Rounding** of the hours attended before multiplying by the credits per hour:
  ``none`` keeps the exact minutes (credits to 0.01, half up); ``quarter_hour`` rounds to the
  nearest 15 minutes (AMA PRA: "round to the nearest quarter hour"; 7 minutes past a quarter
  rounds down, 8 rounds up) and ``half_hour`` to the nearest 30. A result of zero means less
  than the smallest increment (AMA's minimum is 0.25) and earns nothing.
- Minutes are capped at the session's length: credits never exceed the designated maximum.
- **Registered-only** and the **evaluation survey** are facts the caller supplies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NONE, QUARTER_HOUR, HALF_HOUR = "none", "quarter_hour", "half_hour"
STEP_MINUTES = {QUARTER_HOUR: 15, HALF_HOUR: 30}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Terms:
    credits_per_hour: Decimal
    rounding: str = NONE
    minimum_share: int = 0  # percent of the session
    registered_only: bool = True
    survey_required: bool = False


@dataclass(frozen=True)
class Outcome:
    minutes: int
    eligible: bool
    reason: str  # "" when eligible, else a models.Reason value
    credits: Decimal


def credited_hours(minutes: int, rounding: str) -> Decimal:
    """Hours that count, after rounding (Decimal, exact)."""
    if minutes <= 0:
        return Decimal(0)
    step = STEP_MINUTES.get(rounding)
    if step is None:
        return Decimal(minutes) / Decimal(60)
    steps = (Decimal(minutes) / Decimal(step)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return steps * Decimal(step) / Decimal(60)


def credits_for(minutes: int, terms: Terms) -> Decimal:
    return (credited_hours(minutes, terms.rounding) * terms.credits_per_hour).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def evaluate(
    *,
    minutes: int,
    session_minutes: int,
    terms: Terms,
    registered: bool,
    survey_done: bool = True,
) -> Outcome:
    """Eligibility and credits of one person at one session. Checks in a fixed order so the
    reason shown is the first that applies."""
    minutes = max(0, min(minutes, session_minutes)) if session_minutes > 0 else max(0, minutes)
    zero = Decimal("0.00")
    if minutes == 0:
        return Outcome(minutes, False, "no_minutes", zero)
    if terms.registered_only and not registered:
        return Outcome(minutes, False, "not_registered", zero)
    if minutes * 100 < terms.minimum_share * session_minutes:
        return Outcome(minutes, False, "below_share", zero)
    if terms.survey_required and not survey_done:
        return Outcome(minutes, False, "survey_missing", zero)
    credits = credits_for(minutes, terms)
    if credits <= 0:
        return Outcome(minutes, False, "below_increment", zero)
    return Outcome(minutes, True, "", credits)
