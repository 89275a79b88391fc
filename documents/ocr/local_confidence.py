"""Confidence for the local engine: Tesseract's word confidences, capped by what we know a value must look like.

The review workflow auto-approves a field at 0.90 or more, so a value that breaks a rule (check digit, Luhn, a date
that is not a date, an opening date after the issue date, an expiry that is not MM/YY) is capped well below it.
"""

from __future__ import annotations

import datetime as dt
import re

from documents import validation

RULE_CAP = 0.5  # a value that breaks a rule: a person must look
SHAPE_CAP = 0.3  # a value that is not even the right shape

_HANGUL_NAME = re.compile(r"[가-힣]{2,5}")
_ADDRESS = re.compile(r"[가-힣]{2,8}(특별시|광역시|특별자치시|특별자치도|도) [가-힣]")
# Tesseract's Korean word confidences run high: free text (no rule to check it against) needs a clearer reading.
FREE_TEXT = {"company_name", "representative", "business_address", "head_office_address", "business_type",
             "business_item"}
FREE_TEXT_PENALTY = 0.05


def from_words(confs: tuple[float, ...] | list[float]) -> float:
    """Tesseract's word confidences (0..100) -> 0..1; the weakest word decides."""
    if not confs:
        return 0.0
    return max(0.0, min(1.0, min(confs) / 100))


def corporate_number_is_valid(number: str) -> bool:
    digits = re.sub(r"\D", "", number or "")
    if len(digits) != 13:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:12], (1, 2) * 6, strict=True))
    return (10 - total % 10) % 10 == int(digits[12])


def cap_for(name: str, value: str, *, others: dict[str, str], today: dt.date | None = None) -> float:
    """The highest confidence a value may carry given the rules it must obey (1.0 when it obeys them all)."""
    today = today or dt.date.today()
    if not value:
        return 0.0
    if name == "registration_number":
        if not re.fullmatch(r"\d{10}", value):
            return SHAPE_CAP
        return 1.0 if validation.registration_number_is_valid(value) else RULE_CAP
    if name == "corporate_number":
        if not re.fullmatch(r"\d{13}", value):
            return SHAPE_CAP
        return 1.0 if corporate_number_is_valid(value) else RULE_CAP
    if name in ("birth_date", "opening_date", "issue_date"):
        date = validation.parse_iso_date(value)
        if date is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return SHAPE_CAP
        if date.year < 1900 or date > today:
            return RULE_CAP
        issued = validation.parse_iso_date(others.get("issue_date", ""))
        if name == "opening_date" and issued and date > issued:
            return RULE_CAP
        born = validation.parse_iso_date(others.get("birth_date", ""))
        if name == "birth_date" and issued and date > issued:
            return RULE_CAP
        if name == "opening_date" and born and date < born:
            return RULE_CAP
        return 1.0
    if name == "card_number":
        if len(value) not in (15, 16) or not value.isdigit():
            return SHAPE_CAP
        return 1.0 if validation.card_number_is_valid(value) else RULE_CAP
    if name == "valid_thru":
        return 1.0 if validation.valid_thru_is_wellformed(value) else SHAPE_CAP
    if name == "representative":
        return 1.0 if _HANGUL_NAME.fullmatch(value) else RULE_CAP
    if name in ("business_address", "head_office_address"):
        complete = _ADDRESS.match(value) and re.search(r"\d", value) and value.count("(") == value.count(")")
        return 1.0 if complete else RULE_CAP
    if name == "tax_office":
        return 1.0 if re.fullmatch(r"[가-힣]{1,8}세무서", value) else RULE_CAP
    return 1.0


CHECKSUMMED = {"registration_number", "corporate_number", "card_number"}
CHECKSUM_BOOST = (0.75, 0.95)  # a checksum that holds on a fairly clear reading: a misread passes it 1 time in 10


def confidence(name: str, value: str, confs, *, others: dict[str, str], today: dt.date | None = None) -> float:
    words = from_words(confs)
    if name in FREE_TEXT:
        words = max(0.0, words - FREE_TEXT_PENALTY)
    cap = cap_for(name, value, others=others, today=today)
    if name in CHECKSUMMED and cap == 1.0 and words >= CHECKSUM_BOOST[0]:
        words = max(words, CHECKSUM_BOOST[1])
    return round(min(words, cap), 4)
