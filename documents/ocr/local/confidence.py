"""Confidence for the local engine: Tesseract's word confidences, capped by what we know a value must look like.

The review workflow auto-approves a field at 0.90 or more, so a value that breaks a rule (check digit, Luhn, a date
that is not a date, a birth date after the issue date, an expiry that is not MM/YY, is past or is more than ten years
ahead) is capped well below it. An opening date after the issue date breaks no rule: businesses are often registered
before they open. A value that obeys its rules and that an independent reading reproduced exactly (agreement.py, or
a PDF's text layer) is CONFIRMED. The levels are measured: bench/ocr_accuracy.py prints, per field, how often the
readings in each confidence bin are wrong (bench/README.md, "Calibrated confidence").
"""

from __future__ import annotations

import datetime as dt
import re

from documents import validation

from ..fields import DATE_FIELDS, digits_only
from . import names, tax_offices

RULE_CAP = 0.5  # a value that breaks a rule: a person must look
SHAPE_CAP = 0.3  # a value that is not even the right shape

_HANGUL_NAME = re.compile(r"[가-힣]{2,5}")
_RINGLESS_MARK = re.compile(r"^주(?!식회사)")  # not the legal form 주식회사 written out
_LONE_SYLLABLE_FIRST = re.compile(r"^[가-힣]\s")
_ADDRESS = re.compile(r"[가-힣]{2,8}(특별시|광역시|특별자치시|특별자치도|도) [가-힣]")
# Tesseract's Korean word confidences run high: free text (no rule to check it against) needs a clearer reading.
FREE_TEXT = {"company_name", "representative", "business_address", "head_office_address", "business_type",
             "business_item"}
FREE_TEXT_PENALTY = 0.05
# The tax types a certificate prints (the closed list a reading is snapped to).
TAX_TYPES = ("일반과세자", "간이과세자", "면세사업자", "법인사업자", "면세법인사업자", "비영리법인")
UNTRUSTED_MAX = 0.89  # the most a value may carry that a person should still look at


def from_words(confs: tuple[float, ...] | list[float]) -> float:
    """Tesseract's word confidences (0..100) -> 0..1; the weakest word decides."""
    if not confs:
        return 0.0
    return max(0.0, min(1.0, min(confs) / 100))


# The certificate's checksummed numbers: the groups they are printed in (`123-45-67890`, `110111-1234567`) and
# their check digit's rule.
NUMBER_GROUPS = {"registration_number": (3, 2, 5), "corporate_number": (6, 7)}
CHECK_DIGIT = {"registration_number": validation.registration_number_is_valid,
               "corporate_number": validation.corporate_number_is_valid}


ADULT_AGES = (14, 100)  # the ages, in years at the issue date, a business's owner is taken to be without a look


def cap_for(
    name: str, value: str, *, others: dict[str, str], today: dt.date | None = None, raw_text: str = ""
) -> float:
    """The highest confidence a value may carry given the rules it must obey (1.0 when it obeys them all).
    `raw_text` is what was printed where the value was read, for values snapped to a closed list."""
    today = today or dt.date.today()
    if not value:
        return 0.0
    if name in NUMBER_GROUPS:
        if not re.fullmatch(rf"\d{{{sum(NUMBER_GROUPS[name])}}}", value):
            return SHAPE_CAP
        if raw_text and digits_only(raw_text) != value:
            return UNTRUSTED_MAX  # a digit read too many, dropped where the check digit says (certificate.py)
        return 1.0 if CHECK_DIGIT[name](value) else RULE_CAP
    if name in DATE_FIELDS:
        date = validation.parse_iso_date(value)
        if date is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return SHAPE_CAP
        if date.year < 1900 or date > today:
            return RULE_CAP
        if raw_text and _date_digits_miscounted(raw_text):
            return UNTRUSTED_MAX  # `2014 년 08 월 1 일` for 10 일: the form prints two digits, one was lost
        if name == "birth_date" and century_unread(raw_text):
            return UNTRUSTED_MAX  # a resident number's century taken from the owner's age, not read
        issued = validation.parse_iso_date(others.get("issue_date", ""))
        born = validation.parse_iso_date(others.get("birth_date", ""))
        if name == "birth_date" and issued and date > issued:
            return RULE_CAP
        if name == "birth_date" and issued and not ADULT_AGES[0] <= issued.year - date.year <= ADULT_AGES[1]:
            return UNTRUSTED_MAX  # `1903-05-10` for 1993 on a certificate issued in 2025: a person looks
        if name == "opening_date" and born and date < born:
            return RULE_CAP
        return 1.0
    if name == "card_number":
        if len(value) not in (15, 16) or not value.isdigit():
            return SHAPE_CAP
        return 1.0 if validation.card_number_is_valid(value) else RULE_CAP
    if name == "valid_thru":
        if not validation.valid_thru_is_wellformed(value):
            return SHAPE_CAP
        return 1.0 if expiry_is_plausible(value, today=today) else RULE_CAP
    if name == "representative":
        if not _HANGUL_NAME.fullmatch(value):
            return RULE_CAP
        # `빅수영`: a look-alike no surname is, which both readings may share; a person confirms a rare surname.
        # A name of four is a surname of two and a given name of two (`남궁민수`); other words of four that fill a
        # name's place are another row's (`음식점업` read for the representative), a person looks
        # `신현회`: a syllable hardly any given name holds, read for one that many do, is for a person to confirm
        misread = (names.given_name_looks_misread(value) or names.given_name_looks_misread(raw_text or "")
                   or names.surname_looks_misread(raw_text or ""))
        common = names.starts_with_common_surname(value)  # `감서희`: a rare surname one stroke from 강
        return 1.0 if names.looks_like_a_name(value) and common and not misread else UNTRUSTED_MAX
    if name == "company_name":
        if value.startswith("㈜") and raw_text and not raw_text.replace(" ", "").startswith(value.replace(" ", "")[:2]):
            # a mark read as something else (`@`, or `㈜쥐` as well as itself) and taken for the `㈜` it most likely was
            return UNTRUSTED_MAX
        if _RINGLESS_MARK.match(value):
            # `주이음바이오`: a name may start with 주 (주원산업), and so does the `㈜` mark read without its ring, both
            # readings alike; a person tells them apart
            return UNTRUSTED_MAX
        if raw_text and value.count(" ") > raw_text.count(" ") and names.with_form_apart(raw_text) != raw_text:
            # the space between the name and its legal form put back (`한결건설주식회사`): whether one was printed is
            # for a person to see, both readings lose it alike
            return UNTRUSTED_MAX
        if raw_text and names.form_restored(raw_text) != raw_text:
            return UNTRUSTED_MAX  # a legal form read one syllable off and put back (`유한희사`): so may the name be
        if not names.holds_only_name_marks(value):
            return UNTRUSTED_MAX  # a mark no name is written with, where a space or a speck was printed
        if _LONE_SYLLABLE_FIRST.match(value):
            # `혼 미래상회`: a syllable alone before the name, the label's 호 misread or a speck read as a letter, and
            # both readings alike (fresh seed 3729's photo 20, at 0.95); a person sees whether it was printed
            return UNTRUSTED_MAX
        if is_corporate(others) and not names.has_legal_form(value):
            # a corporation's registered name carries its legal form (주식회사, ㈜, 유한회사...): read without one,
            # it lost it (a `㈜` printed small is often dropped whole) and a person puts it back
            return UNTRUSTED_MAX
        return 1.0 if names.written_in_letters(value) else RULE_CAP
    if name in ("business_address", "head_office_address"):
        complete = _ADDRESS.match(value) and re.search(r"\d", value) and value.count("(") == value.count(")")
        return 1.0 if complete else RULE_CAP
    if name == "tax_type":
        return _tax_type_cap(value, raw_text=raw_text)
    if name == "tax_office":
        return _tax_office_cap(value, raw_text=raw_text)
    return 1.0


def is_corporate(others: dict[str, str]) -> bool:
    """The certificate is a corporation's: its tax type says so, or it prints a corporate registration number."""
    return others.get("tax_type", "") in _CORPORATE_TAX_TYPES or bool(others.get("corporate_number"))


_CORPORATE_TAX_TYPES = ("법인사업자", "면세법인사업자")


def expiry_is_plausible(value: str, *, today: dt.date) -> bool:
    """A well-formed MM/YY that is not past and at most validation.EXPIRY_YEARS_AHEAD years ahead. Anything else is
    never confident: a person looks at an expired card, and a date too far ahead was misread."""
    return (validation.valid_thru_is_wellformed(value) and not validation.valid_thru_is_past(value, today=today)
            and not validation.valid_thru_is_beyond(value, today=today))


_PRINTED_TAX_TYPE = re.compile(r"[가-힣]+")


def _tax_type_cap(value: str, *, raw_text: str) -> float:
    """A tax type is one of the closed list. The value was snapped to it from a reading at most one character off:
    a reading with a character the list cannot hold (`법인사业자`, `일반과세자` with a Latin letter) is never
    confident, and a reading one Hangul syllable off is for a person to confirm."""
    if value not in TAX_TYPES:
        return SHAPE_CAP
    printed = re.sub(r"[\s()（）\[\]:：]", "", raw_text) if raw_text else value
    if not _PRINTED_TAX_TYPE.fullmatch(printed):
        return RULE_CAP
    return 1.0 if printed == value else UNTRUSTED_MAX


def _tax_office_cap(value: str, *, raw_text: str) -> float:
    """An office of the closed list, read as printed. One taken from a reading a syllable off (tax_offices.snapped),
    missing from the list, or whose name ends another office's (`수원` read where `동수원` was printed, its first
    syllable lost) is for a person to confirm; a reading that is no office's name at all breaks a rule."""
    if not re.fullmatch(r"[가-힣]{1,8}세무서", value):
        return RULE_CAP
    printed = re.sub(r"\s", "", raw_text) if raw_text else value
    sure = tax_offices.known(value) and printed == value and not tax_offices.ends_another(value)
    return 1.0 if sure else UNTRUSTED_MAX


CHECKSUMMED = {"registration_number", "corporate_number", "card_number"}
# Card numbers: Luhn alone lets one misread in ten through. card gives a number that two independent passes
# (Tesseract on the page, Tesseract on the number strip, template matching, the templates at two other sizes) read
# alike, or that the digit templates read with every digit clear and whose issuer prefix fits its length
# (card._Votes), CARD_CONFIRMED as its word confidence, and adds CARD_UNCONFIRMED to one that a single pass read:
# below the boost, so never auto-approved. An expiry is CONFIRMED_EXPIRY (card_expiry.checked_expiry) only when two
# readings agree on it exactly beside a THRU label.
CARD_CONFIRMED = 95.0
CARD_UNCONFIRMED = 70.0
CHECKSUM_BOOST = (0.75, 0.95)  # a checksum that holds on a fairly clear reading: a misread passes it 1 time in 10

# Certificate items whose reading, measured on generated sets (bench/README.md), is right whenever Tesseract's weakest
# word is at least this sure AND the value has the right shape (the cap is 1.0): a date that parses and agrees with
# the birth date, a tax office of the closed list read as printed, a category from the closed list. Such a value is
# trusted (TRUSTED); any other reading of these items and all free text stay below the auto-approval threshold
# (UNTRUSTED_MAX): Tesseract gives its Korean words 0.90-0.93 whether or not a syllable was swapped for a look-alike
# (빛/빚, 웍/윅).
TRUSTED_FROM = {
    "birth_date": 88.0,
    "opening_date": 88.0,
    "issue_date": 88.0,
    "tax_office": 92.0,
    # an exact match in a closed list whose members differ by two syllables or more (one syllable off is capped)
    "tax_type": 81.0,
}
TRUSTED = 0.95
# A value an independent reading reproduced exactly and that obeys its rules: on the tuning sets 1 such reading in
# 255 was wrong (a space lost in both readings, now refused by agreement.py), none of the 22 whose first reading
# Tesseract scored below 0.60; so agreement decides, whatever Tesseract's word score (bench/README.md).
CONFIRMED = 0.95
# The dates that must have been read too for a date to be trusted: the birth date is checked against the issue date;
# the opening and issue dates may fall either way round, but one of them alone means the page was read badly.
_DATE_WITNESSES = {"birth_date": ("issue_date",), "opening_date": ("issue_date",), "issue_date": ("opening_date",)}


def _date_digits_miscounted(raw_text: str) -> bool:
    """The date as read gives its month or day in one digit, or in three. The certificate prints both in two (`08 월
    05 일`), so a digit was lost, and the date still parses (seed 5962's held-out photo 28 read its issue date
    `2014 년 08 월 1 일` for 10 일, trusted at 0.95), or a speck was read as one more (`105월`, see
    certificate._repair_date), or a year in five (`20231 년`)."""
    lengths = [len(number) for number in re.findall(r"\d+", raw_text)]
    return len(lengths) == 3 and lengths[0] in (4, 5) and lengths != [4, 2, 2]


def century_unread(raw_text: str) -> bool:
    """The raw text is a resident number's first six digits without the century digit after them
    (`801210ㅡ)`, `750101-*`): the birth date's century was inferred (certificate._birth_from_resident_number)."""
    number = re.sub(r"^\D+", "", raw_text or "")  # a colon or a speck before it
    return re.fullmatch(r"\d{6}(?:\D.?)?", number) is not None and not re.match(r"\d{6}\D?\d", number)


def _dates_checked(name: str, others: dict[str, str]) -> bool:
    return all(validation.parse_iso_date(others.get(w, "")) is not None for w in _DATE_WITNESSES.get(name, ()))


def confidence(
    name: str,
    value: str,
    confs: tuple[float, ...],
    *,
    others: dict[str, str],
    today: dt.date | None = None,
    raw_text: str = "",
    confirmed: bool = False,
) -> float:
    """0..1 for one value. `confirmed`: an independent reading (the PDF's text layer, or a second OCR pass over the
    value's crop in another scale and threshold) gave exactly this value."""
    words = from_words(confs)
    cap = cap_for(name, value, others=others, today=today, raw_text=raw_text)
    if confirmed and cap == 1.0:
        return CONFIRMED
    if name in CHECKSUMMED:
        if cap == 1.0 and words >= CHECKSUM_BOOST[0]:
            words = max(words, CHECKSUM_BOOST[1])
        return round(min(words, cap), 4)
    if name in TRUSTED_FROM:
        sure = confs and min(confs) >= TRUSTED_FROM[name] and cap == 1.0 and _dates_checked(name, others)
        return round(min(TRUSTED if sure else min(words, UNTRUSTED_MAX), cap), 4)
    if name in FREE_TEXT:
        return round(min(words - FREE_TEXT_PENALTY, UNTRUSTED_MAX, cap), 4) if words > FREE_TEXT_PENALTY else 0.0
    return round(min(words, cap), 4)
