"""Check-digit validators for the identifier formats the scanner recognises.

Every function takes the identifier as written (spaces and dashes allowed) and returns a bool.
They never raise on malformed input: anything that is not the expected shape is simply invalid.
"""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "bc_phn_valid",
    "dea_valid",
    "digits_of",
    "luhn_valid",
    "npi_valid",
    "ontario_hn_valid",
    "ramq_birth_date",
    "ramq_valid",
    "sin_valid",
    "ssn_valid",
]


def digits_of(value: str) -> str:
    """The ASCII digits of ``value``, in order."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


def luhn_valid(number: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    if not number or not number.isascii() or not number.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def ontario_hn_valid(value: str) -> bool:
    """Ontario health number: 10 digits, first 1-9, Luhn over all ten (check digit last).

    A trailing one- or two-letter version code is allowed and ignored.
    """
    core = value.strip().rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").rstrip(" -")
    digits = digits_of(core)
    if len(digits) != 10 or digits[0] == "0" or len(core) > 12:
        return False
    return luhn_valid(digits)


_BC_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3)


def bc_phn_valid(value: str) -> bool:
    """British Columbia PHN: 10 digits starting with 9, mod-11 check on digits 2-9."""
    digits = digits_of(value)
    if len(digits) != 10 or digits[0] != "9":
        return False
    total = sum((int(d) * w) % 11 for d, w in zip(digits[1:9], _BC_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return check < 10 and check == int(digits[9])


def sin_valid(value: str) -> bool:
    """Canadian SIN: 9 digits, Luhn valid, never starting with 0 or 8."""
    digits = digits_of(value)
    return len(digits) == 9 and digits[0] not in "08" and luhn_valid(digits)


def ssn_valid(value: str) -> bool:
    """US SSN structure: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    digits = digits_of(value)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    return group != "00" and serial != "0000"


def npi_valid(value: str) -> bool:
    """US National Provider Identifier: 10 digits, Luhn valid with the 80840 prefix."""
    digits = digits_of(value)
    return len(digits) == 10 and digits[0] in "12" and luhn_valid("80840" + digits)


def dea_valid(value: str) -> bool:
    """US DEA registration: 2 letters + 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7."""
    v = value.strip().upper()
    prefix_ok = v[:2].isalpha() or (v[:1].isalpha() and v[1:2] == "9")
    if len(v) != 9 or not prefix_ok:
        return False
    tail = v[2:]
    if not tail.isascii() or not tail.isdigit():
        return False
    d = [int(c) for c in tail]
    total = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])
    return total % 10 == d[6]


def ramq_birth_date(value: str) -> tuple[_dt.date, str] | None:
    """Birth date and sex encoded in a Quebec RAMQ number (``LLLL YYMM DDNN``), or None.

    The century is not encoded; the most recent plausible century is chosen (not in the future).
    Sex is "F" when 50 was added to the month, otherwise "M".
    """
    compact = "".join(value.split()).upper()
    if len(compact) != 12 or not compact[:4].isalpha() or not compact[4:].isdigit():
        return None
    yy, mm, dd = int(compact[4:6]), int(compact[6:8]), int(compact[8:10])
    sex = "M"
    if mm > 50:
        mm -= 50
        sex = "F"
    today = _dt.date.today()
    for century in (2000, 1900):
        try:
            born = _dt.date(century + yy, mm, dd)
        except ValueError:
            return None
        if born <= today:
            return born, sex
    return None


def ramq_valid(value: str) -> bool:
    """Structural RAMQ check: 4 letters, a real birth date (month +50 for women), 2 digits."""
    return ramq_birth_date(value) is not None
