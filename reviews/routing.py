"""Routing rules as data, checks as small pure functions: no database, no clock, no randomness of their own.

`decide` answers for one read document: the reasons to show it to a person (empty: approve automatically),
and whether it was picked by the random sample of what would otherwise have been approved.
"""

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from documents import events, validation
from documents.kinds import Kind

REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    Kind.BUSINESS_CERTIFICATE: ("registration_number", "company_name", "representative", "opening_date"),
    Kind.CREDIT_CARD: ("card_number", "valid_thru"),
}
DATE_FIELDS = ("birth_date", "opening_date", "issue_date")
# The fields whose confidence decides (issue 11): a doubt about another field does not hold a document back; the
# field is stored and shown as "unverified". Admins change the set per kind (reviews.models.ImportantField).
IMPORTANT_FIELDS: Mapping[str, frozenset[str]] = {
    Kind.BUSINESS_CERTIFICATE: frozenset(
        ("registration_number", "company_name", "representative", "opening_date", "tax_type")
    ),
    Kind.CREDIT_CARD: frozenset(("card_number", "valid_thru")),
}


class Code:
    LOW_CONFIDENCE = "low_confidence"
    LOW_RESOLUTION = "low_resolution"
    MISSING_FIELD = "missing_field"
    BAD_CHECK_DIGIT = "bad_check_digit"
    BAD_CARD_NUMBER = "bad_card_number"
    MALFORMED_EXPIRY = "malformed_expiry"
    EXPIRED = "expired"
    IMPLAUSIBLE_EXPIRY = "implausible_expiry"
    BAD_DATE = "bad_date"
    REGISTRATION_CONFLICT = "registration_conflict"
    SAMPLED = "sampled"
    REGISTRY_MISMATCH = events.REGISTRY_MISMATCH  # the tax office's records disagree (before or after approval)
    BUSINESS_SUSPENDED = "business_suspended"  # the tax office says the business is suspended (휴업)
    NAME_DIFFERS = "company_name_differs"  # the office confirms the rest, not the company name as read
    BUSINESS_CLOSED = "business_closed"  # the tax office says the business is closed (폐업): a person decides
    REVIEW_REQUESTED = events.REVIEW_REQUESTED  # documents.events.document_review_requested: staff asked for a person


LABELS = {
    Code.LOW_CONFIDENCE: _("Low confidence"),
    Code.LOW_RESOLUTION: _("Low resolution image"),
    Code.MISSING_FIELD: _("Required field missing"),
    Code.BAD_CHECK_DIGIT: _("Registration number check digit fails"),
    Code.BAD_CARD_NUMBER: _("Card number fails the Luhn check"),
    Code.MALFORMED_EXPIRY: _("Expiry is not MM/YY"),
    Code.EXPIRED: _("Card has expired"),
    Code.IMPLAUSIBLE_EXPIRY: _("Expiry is implausibly far in the future"),
    Code.BAD_DATE: _("Date does not parse"),
    Code.REGISTRATION_CONFLICT: _("Registration number already on file under another company name"),
    Code.SAMPLED: _("Random sample of automatic approvals"),
    Code.REGISTRY_MISMATCH: _("Tax office records do not match (possible forgery or misreading)"),
    Code.BUSINESS_SUSPENDED: _("The tax office says this business is suspended"),
    Code.NAME_DIFFERS: _("The tax office has another company name on file (printed otherwise, or misread)"),
    Code.BUSINESS_CLOSED: _("The tax office says this business is closed"),
    Code.REVIEW_REQUESTED: _("Sent back to review by staff"),
    # retired: real certificates are often issued before the business opens; tasks routed for it earlier keep a name
    "opening_after_issue": _("Opening date is after the issue date"),
}

@dataclass(frozen=True)
class FieldReading:
    name: str
    value: str  # normalised; the full card number for `card_number`; a correction when there is one
    confidence: float = 1.0
    verified: bool = False  # confirmed by an outside source (the tax office): its confidence no longer matters


@dataclass(frozen=True)
class Subject:
    kind: str
    resolution: str
    fields: tuple[FieldReading, ...]
    other_company_names: frozenset[str] = frozenset()  # on other documents with the same registration number
    verdict: events.Verdict | None = None  # what the tax office said before the decision (None: not asked)

    def value(self, name: str) -> str:
        return next((f.value for f in self.fields if f.name == name and f.value), "")


@dataclass(frozen=True)
class Policy:
    today: dt.date
    default_threshold: float  # settings.REVIEW_CONFIDENCE_THRESHOLD, the one place it is set
    thresholds: Mapping[tuple[str, str], float] = field(default_factory=dict)  # (kind or "", field or "") -> value
    sample_rate: float = 0.05
    important: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(IMPORTANT_FIELDS))  # kind -> names

    def important_for(self, kind: str) -> frozenset[str]:
        """The fields whose confidence decides for `kind` (the defaults for a kind the policy does not name)."""
        return frozenset(self.important.get(kind, IMPORTANT_FIELDS.get(kind, frozenset())))

    def is_important(self, *, kind: str, field_name: str) -> bool:
        return field_name in self.important_for(kind)

    def threshold_for(self, *, kind: str, field_name: str) -> float:
        for key in ((kind, field_name), ("", field_name), (kind, "")):
            if key in self.thresholds:
                return self.thresholds[key]
        return self.default_threshold


@dataclass(frozen=True)
class Reason:
    code: str
    field_name: str = ""
    detail: Mapping = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))


@dataclass(frozen=True)
class Decision:
    reasons: tuple[Reason, ...]
    sampled: bool
    unverified: frozenset[str] = frozenset()  # names of unsure fields that did not decide (unverified_fields)

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons)


# --- One value on its own -----------------------------------------------------------------


def value_problems(*, name: str, value: str, today: dt.date) -> list[str]:
    """What is wrong with one non-empty value, as reason codes. Empty values are the missing-field check's job."""
    if not value:
        return []
    if name == "registration_number" and not validation.registration_number_is_valid(value):
        return [Code.BAD_CHECK_DIGIT]
    if name == "card_number" and not validation.card_number_is_valid(value):
        return [Code.BAD_CARD_NUMBER]
    if name == "valid_thru":
        if not validation.valid_thru_is_wellformed(value):
            return [Code.MALFORMED_EXPIRY]
        if validation.valid_thru_is_past(value, today=today):
            return [Code.EXPIRED]
        if validation.valid_thru_is_beyond(value, today=today):
            return [Code.IMPLAUSIBLE_EXPIRY]
    if name in DATE_FIELDS and validation.parse_iso_date(value) is None:
        return [Code.BAD_DATE]
    return []


def same_company(a: str, b: str) -> bool:
    """`(주)한빛` and `주식회사 한빛` name the same company; spacing and case do not matter."""

    def key(name: str) -> str:
        name = re.sub(r"\(주\)|㈜|주식회사", "", name or "")
        return re.sub(r"\s+", "", name).casefold()

    return key(a) == key(b)


# --- The checks -----------------------------------------------------------------------------

Check = Callable[[Subject, Policy], Iterable[Reason]]


def is_unsure(f: FieldReading, *, kind: str, policy: Policy) -> bool:
    """Below its threshold and confirmed by nobody outside."""
    return not f.verified and f.confidence < policy.threshold_for(kind=kind, field_name=f.name)


def is_unverified(f: FieldReading, *, kind: str, policy: Policy) -> bool:
    """Unsure, but not one of the fields that decide: approved as read, shown as unverified."""
    return is_unsure(f, kind=kind, policy=policy) and not policy.is_important(kind=kind, field_name=f.name)


def unverified_fields(subject: Subject, policy: Policy) -> frozenset[str]:
    return frozenset(f.name for f in subject.fields if is_unverified(f, kind=subject.kind, policy=policy))


def check_confidence(subject: Subject, policy: Policy) -> Iterable[Reason]:
    """Only the important fields' confidence decides (Policy.important)."""
    for f in subject.fields:
        if is_unsure(f, kind=subject.kind, policy=policy) and policy.is_important(kind=subject.kind, field_name=f.name):
            threshold = policy.threshold_for(kind=subject.kind, field_name=f.name)
            yield Reason(Code.LOW_CONFIDENCE, f.name, {"confidence": round(f.confidence, 4), "threshold": threshold})


def check_resolution(subject: Subject, policy: Policy) -> Iterable[Reason]:
    if subject.resolution == "low":
        yield Reason(Code.LOW_RESOLUTION)


def check_required(subject: Subject, policy: Policy) -> Iterable[Reason]:
    """The required fields, and the important ones: a field that decides cannot decide when it was not read."""
    important = policy.important_for(subject.kind)
    required = REQUIRED_FIELDS.get(subject.kind, ())
    for name in (*required, *sorted(set(important) - set(required))):
        if not subject.value(name):
            yield Reason(Code.MISSING_FIELD, name)


def check_values(subject: Subject, policy: Policy) -> Iterable[Reason]:
    for f in subject.fields:
        for code in value_problems(name=f.name, value=f.value, today=policy.today):
            yield Reason(code, f.name)


def check_registration_conflict(subject: Subject, policy: Policy) -> Iterable[Reason]:
    company = subject.value("company_name")
    others = sorted(name for name in subject.other_company_names if name and not same_company(name, company))
    if subject.value("registration_number") and others:
        yield Reason(Code.REGISTRATION_CONFLICT, "registration_number", {"other_company_names": others[:5]})


STATE_CODES = {events.STATE_SUSPENDED: Code.BUSINESS_SUSPENDED, events.STATE_CLOSED: Code.BUSINESS_CLOSED}


def check_tax_office(subject: Subject, policy: Policy) -> Iterable[Reason]:
    verdict = subject.verdict
    if verdict is None:
        return
    if verdict.mismatch:
        yield Reason(Code.REGISTRY_MISMATCH, "", dict(verdict.mismatch))
    for name in verdict.disputed:  # a confident misreading of a name is caught here, not by its confidence
        yield Reason(Code.NAME_DIFFERS, name, {"provider": verdict.source})
    if verdict.business_state in STATE_CODES:
        detail = {"state": verdict.business_state, "provider": verdict.source}
        if verdict.closed_on:
            detail["closed_on"] = verdict.closed_on
        yield Reason(STATE_CODES[verdict.business_state], "registration_number", detail)


CHECKS: tuple[Check, ...] = (
    check_confidence,
    check_resolution,
    check_required,
    check_values,
    check_registration_conflict,
    check_tax_office,
)


def reasons_for(subject: Subject, *, policy: Policy) -> list[Reason]:
    return [reason for check in CHECKS for reason in check(subject, policy)]


def decide(subject: Subject, *, policy: Policy, rng: random.Random) -> Decision:
    reasons = reasons_for(subject, policy=policy)
    unverified = unverified_fields(subject, policy)
    if reasons:
        return Decision(reasons=tuple(reasons), sampled=False, unverified=unverified)
    if rng.random() < policy.sample_rate:
        return Decision(reasons=(Reason(Code.SAMPLED),), sampled=True, unverified=unverified)
    return Decision(reasons=(), sampled=False, unverified=unverified)
