"""Card numbers: encrypted at rest, masked wherever shown, never logged (DESIGN.md, "Card data")."""

import base64
import datetime as dt
import hashlib
import logging
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils import timezone

_CARD_LIKE = re.compile(r"(?<![\d.])(\d[ -]?){12,18}\d(?!\d|\.\d)")  # not the decimals of a float


def mask(number: str) -> str:
    """`1234567812345678` -> `123456******5678`; short or empty input is masked whole. Idempotent: an already
    masked number (`123456******5678`, as stored) comes back unchanged."""
    digits = re.sub(r"[^\d*]", "", number or "")
    if len(digits) < 12:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def mask_in_text(text: str) -> str:
    """Mask every card-like digit run (12 to 19 digits, spaces or dashes allowed) inside free text."""
    return _CARD_LIKE.sub(lambda m: mask(m.group(0)), text or "")


_VALID_THRU = re.compile(r"^\s*\d{2}\s*/\s*\d{2}\s*$")


def mask_in_raw(raw):
    """A copy of an engine's raw answer (JSON) in which no card digits survive but the masked first 6 and last 4:
    card-like runs are masked as mask_in_text does; any other string with digits (a group of 4, a partial
    number) is starred whole, except a valid-thru such as `12/29`."""
    if isinstance(raw, dict):
        return {key: mask_in_raw(value) for key, value in raw.items()}
    if isinstance(raw, list):
        return [mask_in_raw(value) for value in raw]
    if isinstance(raw, str) and re.search(r"\d", raw) and not _VALID_THRU.match(raw):
        masked = mask_in_text(raw)
        return masked if masked != raw else re.sub(r"\d", "*", raw)
    return raw


def _fernet() -> Fernet:
    key = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def retention_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    """Full card numbers read before this moment are no longer kept (CARD_NUMBER_RETENTION_DAYS): the one rule that
    the purge, the review workflow and the API's reveal all follow."""
    return (now or timezone.now()) - dt.timedelta(days=settings.CARD_NUMBER_RETENTION_DAYS)


def retained_number(field, *, now: dt.datetime | None = None) -> str | None:
    """The full card number of an ExtractedField while retention allows, else None (also for any other field).
    Checked here and not only by the purge, which runs once a day: a number past its window is never read."""
    if not field.is_card_number or not field.value_encrypted:
        return None
    if field.extraction.created_at < retention_cutoff(now=now):
        return None
    return decrypt(field.value_encrypted)


class CardNumberLogFilter(logging.Filter):
    """Rewrites every log record so that a card-like number in its message or arguments appears masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug, not a reason to drop the record
            return True
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
