"""Exact number handling shared by the calculators (Decimal in, Decimal out)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from clinical.errors import ClinicalInputError

Number = int | float | str | Decimal

ONE_DECIMAL = Decimal("0.1")

#: The calculators run in this fixed context (``decimal.localcontext``) so a caller's changed
#: global precision cannot change a result. 28 significant digits: results have at most a
#: few decimal places (geometric tapers are the only long expansions, shown to 1 decimal).
DECIMAL_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


#: Longer numbers are refused before they are read: ints of more than 1,000 bits (about
#: 300 digits) and written numbers of more than 100 characters.
MAX_BITS = 1000
MAX_CHARACTERS = 100


def to_decimal(value: object, *, field: str, code: str = "invalid_number") -> Decimal:
    """Convert ``value`` to an exact, finite Decimal or raise :class:`ClinicalInputError`.

    Floats go through ``repr`` so ``7.5`` becomes ``Decimal("7.5")``, not its binary
    expansion. Booleans are refused (``True`` is an ``int`` in Python but never a dose).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ClinicalInputError(code, f"{field} must be a number", field=field)
    if (
        (isinstance(value, int) and value.bit_length() > MAX_BITS)
        or (isinstance(value, str) and len(value.strip()) > MAX_CHARACTERS)
        or (isinstance(value, Decimal) and len(value.as_tuple().digits) > MAX_CHARACTERS)
    ):
        # no dose, count or strength is written so; Decimal(int) of a million digits takes
        # most of a minute, and the refusal would quote the number whole
        raise ClinicalInputError(
            code,
            f"{field} is too long to be a number (more than {MAX_CHARACTERS} characters)",
            field=field,
        )
    if isinstance(value, str):
        value = _written_number(value, field=field, code=code)
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise ClinicalInputError(code, f"{field} must be a number", field=field) from None
    if not result.is_finite():
        raise ClinicalInputError(code, f"{field} must be a finite number", field=field)
    return result


#: Fractions typed as one character ("½ tab", "1½"): only those with an exact decimal.
_FRACTIONS = {"½": "0.5", "¼": "0.25", "¾": "0.75"}
_DECIMAL_COMMA = re.compile(r"^(\d+),(\d{1,2})$")
#: "1.000", "12.500": a point then three digits after a whole number that is not 0, which is
#: a thousands separator where a point groups thousands (1000, 12500) and a decimal point
#: elsewhere (1, 12.5). "0.125" cannot be thousands and is read.
_THOUSANDS_POINT = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")


#: "1e2", "1.5E+1", "2e-1": scientific notation, which Python's Decimal reads (1e2 = 100).
#: No clinician writes a dose so; a typo ("1e2" for "12") would be read as 100.
_SCIENTIFIC = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)\s*[eE]\s*[+-]?\d+$")
#: The reason a scientific-notation number is refused (``ClinicalInputError.reason``).
SCIENTIFIC_NOTATION = "scientific_notation"

#: Fraction characters other than ½, ¼ and ¾ ("⅓" has no exact decimal; the others are not
#: tablet pieces): refused in words, never read.
_OTHER_FRACTIONS = frozenset("⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞⅐⅑⅒↉")
#: A number written in words or Roman numerals, as on some prescriptions ("ii tabs", "one and
#: a half", "deux", "un et demi"): refused in words, never read (the sources are silent, and
#: "i" beside "1" or "l" is a known misreading).
_NUMBER_WORDS = frozenset(
    [
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
        "x",
        "ss",
        "iss",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "half",
        "un",
        "une",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "demi",
        "demie",
    ]
)
_JOINING_WORDS = frozenset({"a", "and", "et"})


def _in_words(text: str) -> bool:
    words = text.casefold().replace("-", " ").split()
    known = _NUMBER_WORDS | _JOINING_WORDS
    return bool(words) and all(w in known for w in words) and any(w in _NUMBER_WORDS for w in words)


#: The reason a number in words, Roman numerals or an unread fraction character is refused.
IN_WORDS = "number_in_words"

#: "1-2", "1 à 2", "1 to 2", "2 ou 3": a range typed where one number is needed.
_RANGE = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:-|–|to|à|a|ou|or)\s*\d+(?:[.,]\d+)?$")
#: A number typed with its unit: "10mg", "2,5 mL", "25 mcg/h", "1 co", "2 tabs".
_WITH_UNIT = re.compile(
    r"^(\d+(?:[.,]\d+)?)\s*(mg|mcg/h|mcg|\u00b5g/h|\u00b5g|ug|ml|mL|cc|tabs?|tablets?|co|cp|"
    r"comprim\u00e9s?|caps?|capsules?|patch(?:es)?|timbres?)\.?$",
    re.IGNORECASE,
)
#: "1 000", "12 500": digits grouped by spaces (French thousands), or two numbers.
_SPACED_THOUSANDS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$")
#: "1/2", "1 1/2", "10/325": a slash between numbers.
_SLASH_FRACTION = re.compile(r"^(?:\d+\s+)?\d+\s*[/\u2044]\s*\d+$")


def _written_number(text: str, *, field: str, code: str) -> str:
    """A number as people write it: "2,5" (decimal comma, as in French) is 2.5; "½" and
    "1 ½" are 0.5 and 1.5. A comma followed by three digits ("1,000", "2,500") could be a
    thousands separator or a decimal comma, a factor of 1,000 apart: refused, never guessed;
    so is a point followed by three digits after a whole number ("1.000", "2.500")."""
    text = text.strip()
    if text and text[-1] in _FRACTIONS:
        whole = text[:-1].strip()
        if whole == "" or whole.isdecimal():  # not isdigit(): "²" is a digit, not a number
            return str(Decimal(whole or "0") + Decimal(_FRACTIONS[text[-1]]))
        return text
    other_fraction = next((c for c in text if c in _OTHER_FRACTIONS), None)
    if other_fraction is not None:
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: of the fraction characters only ½, ¼ and ¾ are read; write "
            f"{other_fraction} as a decimal (e.g. 0.5), or give the dose in mg.",
            field=field,
            reason=IN_WORDS,
        )
    if _in_words(text):
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: a number in words or Roman numerals (e.g. 'ii', 'one and a "
            "half', 'deux') is not read; write it in digits (e.g. 2, 1.5 or 1 ½).",
            field=field,
            reason=IN_WORDS,
        )
    with_unit = _WITH_UNIT.match(text)
    if with_unit:
        # "10mg", "2,5 mL", "1 co": the unit typed with the number (tenth hunt; before, "must
        # be a number"); never read, as the unit field may say another unit
        number, unit = with_unit.groups()
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: write the number alone (e.g. {number}); the unit typed "
            f"beside it ({unit}) is not read, as the row's unit field says which it is."
            if not field.endswith("concentration")
            else f"{field} is {text!r}: give the mg per mL as on the label (e.g. "
            f"'{number} mg/mL' or '10 mg/5 mL').",
            field=field,
        )
    if _SPACED_THOUSANDS.match(text):
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: write the number without spaces (e.g. "
            f"{text.replace(' ', '').replace(chr(0xA0), '').replace(chr(0x202F), '')}); a space "
            "could group thousands or separate two numbers.",
            field=field,
        )
    if "_" in text:
        # Decimal reads "2_5" as 25: a typo for "2,5" (2.5) would be read ten times larger
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: write the number with digits and a decimal point only "
            "(e.g. 2.5 or 25); an underscore could stand for a decimal mark.",
            field=field,
        )
    if _SCIENTIFIC.match(text) and _plausible(Decimal(text.replace(" ", ""))):
        raise _scientific(text, field=field, code=code)
    comma = _DECIMAL_COMMA.match(text)
    if comma:
        return f"{comma.group(1)}.{comma.group(2)}"
    if _THOUSANDS_POINT.match(text):
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: write the number without a thousands separator and "
            "without trailing zeros (e.g. 1 or 1000); a point followed by three digits could "
            "mean either.",
            field=field,
        )
    if _RANGE.match(text):
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: a range is not one number, so it is not read. Give the "
            "highest (e.g. 2 for '1-2'): as-needed doses are counted at the most prescribed.",
            field=field,
        )
    if _SLASH_FRACTION.match(text):
        # "1/2" in a dose field may be half a tablet or a strength typed in ("10/325"): a
        # slash is never read as a division
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: a number with a slash may be a fraction or a strength "
            "(e.g. '10/325'), so it is not read. Write a fraction as a decimal or with its "
            "own character (0.5 or ½; 1.5 or 1 ½).",
            field=field,
        )
    if "," in text:
        raise ClinicalInputError(
            code,
            f"{field} is {text!r}: write the number with a decimal point and no thousands "
            "separator (e.g. 2.5 or 2500); a comma could mean either.",
            field=field,
        )
    return text


#: A number in scientific notation this far from any dose ("1e999999", "1e-999") is left to
#: each caller's magnitude check, which refuses it as no real number ("cannot be real"), as
#: before; every caller of to_decimal bounds what it reads.
_NEAREST, _FARTHEST = Decimal("1e-6"), Decimal("1e9")


def _plausible(value: Decimal) -> bool:
    return value == 0 or _NEAREST <= abs(value) <= _FARTHEST


def refuse_scientific(value: object, *, field: str, code: str = "invalid_number") -> None:
    """Refuse a Decimal a schema read from scientific notation ("1e2" is ``Decimal("1E+2")``
    in pydantic and Django; ``Decimal("100")`` has exponent 0). For the doors where typed
    numbers arrive as Decimals (the API), never inside the calculators, whose own Decimals
    may be normalized ("10 mg/mL" is ``Decimal("1E+1")`` once reduced)."""
    if isinstance(value, Decimal) and value.is_finite() and _plausible(value):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            raise _scientific(str(value), field=field, code=code)


def _scientific(text: str, *, field: str, code: str) -> ClinicalInputError:
    return ClinicalInputError(
        code,
        f"{field} is {text!r}: a number in scientific notation (1e2 = 100) is not read; no "
        "clinician writes one so, and a typo would be read as another number. Write it in "
        "digits (e.g. 100, 12 or 0.2).",
        field=field,
        reason=SCIENTIFIC_NOTATION,
    )


def round_display(value: Decimal, places: Decimal = ONE_DECIMAL) -> Decimal:
    """Round for display only (half up); stored values stay exact."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when integral, else the shortest float.

    The calculators' results have few decimal places (factors have at most two), so the
    float's repr reads back as the same decimal (``Decimal("28.8")`` -> ``28.8``).
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)
