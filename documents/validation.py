"""Checks on values read off documents: pure functions, shared by the engines, routing and review forms."""

import datetime as dt
import re

from stdnum import luhn

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def registration_check_digit(first_nine: str) -> str:
    """The check digit that follows these nine digits in a valid business registration number."""
    values = [int(d) for d in first_nine]
    total = sum(w * v for w, v in zip(_BRN_WEIGHTS, values, strict=True)) + (values[8] * 5) // 10
    return str((10 - total % 10) % 10)


def formatted_registration_number(number: str) -> str:
    """`1234567890` as certificates print it, `123-45-67890`; anything that is not ten digits as it is."""
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 and number.isdigit() else number


def registration_number_is_valid(number: str) -> bool:
    """A Korean business registration number: 10 digits whose last is the check digit."""
    digits = re.sub(r"\D", "", number or "")
    return len(digits) == 10 and registration_check_digit(digits[:9]) == digits[9]


def corporate_number_is_valid(number: str) -> bool:
    """A corporate registration number (법인등록번호): 13 digits, the last a check digit (weights 1, 2, 1, 2, ...)."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) != 13:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:12], (1, 2) * 6, strict=True))
    return (10 - total % 10) % 10 == int(digits[12])


def card_number_is_valid(number: str) -> bool:
    digits = re.sub(r"\D", "", number or "")
    return 13 <= len(digits) <= 19 and luhn.is_valid(digits)


def parse_iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def valid_thru_is_wellformed(value: str) -> bool:
    match = re.fullmatch(r"(\d{2})/(\d{2})", value or "")
    return bool(match) and 1 <= int(match.group(1)) <= 12


def valid_thru_is_past(value: str, *, today: dt.date | None = None) -> bool:
    """`MM/YY` is valid through the last day of that month."""
    if not valid_thru_is_wellformed(value):
        return False
    today = today or dt.date.today()
    month, year = int(value[:2]), 2000 + int(value[3:])
    return (year, month) < (today.year, today.month)


EXPIRY_YEARS_AHEAD = 10  # cards are issued for at most about five years; ten leaves room, more is a misreading


def valid_thru_is_beyond(value: str, *, today: dt.date, years: int = EXPIRY_YEARS_AHEAD) -> bool:
    """`MM/YY` more than `years` years after this month: no card is issued for that long, so it is a misreading."""
    if not valid_thru_is_wellformed(value):
        return False
    month, year = int(value[:2]), 2000 + int(value[3:])
    return (year - today.year) * 12 + (month - today.month) > years * 12
