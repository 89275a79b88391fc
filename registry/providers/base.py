"""The one interface every business status provider implements (like documents/ocr/base.py for OCR engines).

A provider answers, for a batch of registration numbers, what the tax office says about each: a normalised
state (active, suspended, closed, unknown) and tax type, plus the raw code, message and answer. Nothing outside
registry/providers/ knows which provider ran.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from documents.errors import ApplicationError


@dataclass(frozen=True)
class StatusAnswer:
    number: str
    state: str  # a BusinessState value
    tax_type: str  # a TaxType value ("" when not known)
    code: str  # the provider's raw code, e.g. "06" or "4000102"
    message: str
    closed_on: dt.date | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """What an approved certificate says about a business, for the authenticity check."""

    number: str
    opening_date: str  # YYYY-MM-DD
    representative: str
    name: str = ""


@dataclass(frozen=True)
class Authenticity:
    number: str
    matches: bool  # False: the office's records do not match what was read off the certificate
    code: str  # "01" / "02"
    message: str = ""
    raw: dict = field(default_factory=dict)


class StatusError(ApplicationError):
    """A provider could not answer. `code` and `message` are shown to staff on the business page."""

    code = ""  # the provider's name for the failure, when it has one
    retryable = True


class RetryableStatusError(StatusError):
    """Transient: rate limit, the service's internal failure, network. The next check may succeed."""


class PermanentStatusError(StatusError):
    """The same request gets the same refusal (malformed, too large)."""

    retryable = False


class StatusConfigurationError(PermanentStatusError):
    """Our side is misconfigured (credentials, base URL). An operator must act."""


@dataclass
class CheckResult:
    """Answers by number, and the numbers that could not be checked this time with why."""

    answers: dict[str, StatusAnswer] = field(default_factory=dict)
    failures: dict[str, StatusError] = field(default_factory=dict)


class StatusProvider(Protocol):
    name: str
    batch_size: int  # numbers per call; the dispatcher hands out batches of this size
    supports_authenticity: bool
    # True only for the tax office itself (nts): its answers confirm a reading before the decision (the simulated
    # provider checks nothing and must never make a field look confirmed; NHN has no authenticity check)
    verifies_readings: bool

    def check(self, *, numbers: Sequence[str]) -> CheckResult: ...

    def validate(self, *, claims: Sequence[Claim]) -> dict[Claim, Authenticity]: ...
