"""The routing rules, each alone and together, without a database."""

import datetime as dt
import random

import pytest

from documents.kinds import Kind
from reviews.routing import Code, FieldReading, Policy, Subject, decide, reasons_for
from tests.factories import (
    card_values,
    certificate_values,
    luhn_number,
    registration_number,
    with_wrong_check_digit,
)

TODAY = dt.date(2025, 6, 15)
POLICY = Policy(today=TODAY, default_threshold=0.90, sample_rate=0.0)


def subject(kind=Kind.BUSINESS_CERTIFICATE, values=None, confidence=None, resolution="normal", others=()):
    if values is None:
        values = certificate_values() if kind == Kind.BUSINESS_CERTIFICATE else card_values(valid_thru="12/29")
    confidence = confidence or {}
    fields = tuple(FieldReading(name, value, confidence.get(name, 0.99)) for name, value in values.items())
    return Subject(kind=kind, resolution=resolution, fields=fields, other_company_names=frozenset(others))


def codes(s, policy=POLICY):
    return sorted((r.code, r.field_name) for r in reasons_for(s, policy=policy))


def test_a_clean_certificate_and_a_clean_card_have_no_reason_to_be_reviewed():
    assert codes(subject()) == []
    assert codes(subject(Kind.CREDIT_CARD)) == []


def test_a_field_below_the_default_threshold_is_flagged_with_its_confidence():
    (reason,) = reasons_for(subject(confidence={"company_name": 0.89}), policy=POLICY)
    assert (reason.code, reason.field_name) == (Code.LOW_CONFIDENCE, "company_name")
    assert reason.detail == {"confidence": 0.89, "threshold": 0.90}
    assert codes(subject(confidence={"company_name": 0.90})) == []


def test_threshold_overrides_per_kind_and_per_field_take_precedence_in_that_order():
    policy = Policy(
        today=TODAY,
        default_threshold=0.90,
        thresholds={("", "company_name"): 0.95, (Kind.BUSINESS_CERTIFICATE, "company_name"): 0.50,
                    (Kind.BUSINESS_CERTIFICATE, ""): 0.98},
    )
    low_name = subject(confidence={"company_name": 0.6})
    assert codes(low_name, policy) == []  # kind+field (0.50) beats field alone (0.95) and kind alone (0.98)
    assert policy.threshold_for(kind=Kind.CREDIT_CARD, field_name="company_name") == 0.95
    assert policy.threshold_for(kind=Kind.BUSINESS_CERTIFICATE, field_name="representative") == 0.98
    assert policy.threshold_for(kind=Kind.CREDIT_CARD, field_name="valid_thru") == 0.90
    assert codes(subject(confidence={"representative": 0.97}), policy) == [(Code.LOW_CONFIDENCE, "representative")]


def test_low_resolution_alone_sends_to_review():
    assert codes(subject(resolution="low")) == [(Code.LOW_RESOLUTION, "")]


@pytest.mark.parametrize("missing", ["registration_number", "company_name", "representative", "opening_date"])
def test_each_required_certificate_field_missing_is_a_reason(missing):
    values = certificate_values(**{missing: None})
    assert codes(subject(values=values)) == [(Code.MISSING_FIELD, missing)]
    values = certificate_values(**{missing: ""})
    assert codes(subject(values=values)) == [(Code.MISSING_FIELD, missing)]


@pytest.mark.parametrize("missing", ["card_number", "valid_thru"])
def test_each_required_card_field_missing_is_a_reason(missing):
    values = card_values(**{"valid_thru": "12/29", missing: None})
    assert codes(subject(Kind.CREDIT_CARD, values=values)) == [(Code.MISSING_FIELD, missing)]


def test_an_optional_field_missing_is_no_reason():
    assert codes(subject(values=certificate_values(business_address=None, issue_date=None))) == []


def test_an_important_field_missing_goes_to_a_person():
    """Every certificate prints its tax type; one not read cannot decide, so a person looks."""
    assert codes(subject(values=certificate_values(tax_type=None))) == [(Code.MISSING_FIELD, "tax_type")]


def test_registration_number_with_a_wrong_check_digit():
    values = certificate_values(registration_number=with_wrong_check_digit(registration_number(5)))
    assert codes(subject(values=values)) == [(Code.BAD_CHECK_DIGIT, "registration_number")]


def test_card_number_failing_luhn():
    good = luhn_number(seed=3)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert codes(subject(Kind.CREDIT_CARD, values=card_values(card_number=bad, valid_thru="12/29"))) == [
        (Code.BAD_CARD_NUMBER, "card_number")
    ]


@pytest.mark.parametrize(
    ("valid_thru", "expected"),
    [("13/29", Code.MALFORMED_EXPIRY), ("1229", Code.MALFORMED_EXPIRY), ("05/25", Code.EXPIRED), ("06/25", None)],
)
def test_expiry_malformed_or_in_the_past(valid_thru, expected):
    found = codes(subject(Kind.CREDIT_CARD, values=card_values(valid_thru=valid_thru)))
    assert found == ([(expected, "valid_thru")] if expected else [])


@pytest.mark.parametrize("name", ["opening_date", "issue_date", "birth_date"])
def test_a_date_that_does_not_parse(name):
    values = certificate_values(**{name: "2015-13-45"})
    assert (Code.BAD_DATE, name) in codes(subject(values=values))


def test_a_certificate_issued_before_the_business_opened_is_not_flagged():
    # Real certificates are often issued before the opening date (a business registered before it opens).
    values = certificate_values(opening_date="2021-01-01", issue_date="2020-01-05")
    assert codes(subject(values=values)) == []


def test_same_registration_number_under_another_company_name():
    values = certificate_values(company_name="주식회사 한빛")
    assert codes(subject(values=values, others={"(주)한빛", "주식회사  한빛"})) == []
    (reason,) = reasons_for(subject(values=values, others={"(주)한빛", "누리상사"}), policy=POLICY)
    assert (reason.code, reason.field_name) == (Code.REGISTRATION_CONFLICT, "registration_number")
    assert reason.detail["other_company_names"] == ["누리상사"]


def test_every_reason_that_holds_is_listed_together():
    values = certificate_values(
        registration_number=with_wrong_check_digit(registration_number(9)),
        representative=None,
        opening_date="2021-02-02",
        issue_date="2020-01-05",
    )
    found = codes(subject(values=values, confidence={"company_name": 0.5}, resolution="low", others={"누리상사"}))
    assert found == sorted([
        (Code.LOW_CONFIDENCE, "company_name"),
        (Code.LOW_RESOLUTION, ""),
        (Code.MISSING_FIELD, "representative"),
        (Code.BAD_CHECK_DIGIT, "registration_number"),
        (Code.REGISTRATION_CONFLICT, "registration_number"),
    ])


def test_only_documents_without_reasons_are_sampled():
    policy = Policy(today=TODAY, default_threshold=0.90, sample_rate=1.0)
    flawed = decide(subject(resolution="low"), policy=policy, rng=random.Random(1))
    assert not flawed.sampled and [r.code for r in flawed.reasons] == [Code.LOW_RESOLUTION]
    clean = decide(subject(), policy=policy, rng=random.Random(1))
    assert clean.sampled and [r.code for r in clean.reasons] == [Code.SAMPLED]
    assert not decide(subject(), policy=POLICY, rng=random.Random(1)).needs_review


def test_the_sample_rate_is_what_the_setting_says():
    rng = random.Random(20250615)
    clean = subject()
    for rate in (0.05, 0.20):
        n = 20_000
        policy = Policy(today=TODAY, default_threshold=0.90, sample_rate=rate)
        sampled = sum(decide(clean, policy=policy, rng=rng).sampled for _ in range(n))
        # binomial standard deviation: sqrt(n p (1-p)); 4 of them either side
        sd = (n * rate * (1 - rate)) ** 0.5
        assert abs(sampled - n * rate) < 4 * sd, (rate, sampled)


# --- Important fields (issue 11) --------------------------------------------------------------------


def test_an_unsure_field_that_does_not_decide_is_approved_and_named_unverified():
    s = subject(confidence={"business_address": 0.40, "issue_date": 0.50})
    decision = decide(s, policy=POLICY, rng=random.Random(0))
    assert not decision.needs_review
    assert decision.unverified == {"business_address", "issue_date"}


@pytest.mark.parametrize("name", ["registration_number", "company_name", "representative", "opening_date", "tax_type"])
def test_each_important_certificate_field_still_sends_an_unsure_reading_to_a_person(name):
    decision = decide(subject(confidence={name: 0.5}), policy=POLICY, rng=random.Random(0))
    assert [(r.code, r.field_name) for r in decision.reasons] == [(Code.LOW_CONFIDENCE, name)]
    assert decision.unverified == frozenset()


def test_both_card_fields_are_important_by_default():
    for name in ("card_number", "valid_thru"):
        assert codes(subject(Kind.CREDIT_CARD, confidence={name: 0.5})) == [(Code.LOW_CONFIDENCE, name)]


def test_the_important_set_is_the_policys_and_a_kind_without_one_keeps_the_defaults():
    only_number = Policy(today=TODAY, default_threshold=0.90,
                         important={Kind.BUSINESS_CERTIFICATE: frozenset({"registration_number"})})
    assert codes(subject(confidence={"company_name": 0.5}), only_number) == []
    assert codes(subject(confidence={"registration_number": 0.5}), only_number) == [
        (Code.LOW_CONFIDENCE, "registration_number")]
    assert codes(subject(Kind.CREDIT_CARD, confidence={"valid_thru": 0.5}), only_number) == [
        (Code.LOW_CONFIDENCE, "valid_thru")]


def test_a_field_verified_by_an_outside_source_needs_no_person_for_its_confidence():
    values = certificate_values()
    fields = tuple(FieldReading(n, v, 0.3, verified=n == "representative") for n, v in values.items()
                   if n in ("registration_number", "company_name", "representative", "opening_date", "tax_type"))
    s = Subject(kind=Kind.BUSINESS_CERTIFICATE, resolution="normal", fields=fields)
    assert "representative" not in {r.field_name for r in reasons_for(s, policy=POLICY)}
    assert "company_name" in {r.field_name for r in reasons_for(s, policy=POLICY)}


def test_an_unimportant_field_still_fails_its_value_check():
    assert codes(subject(values=certificate_values(issue_date="2020-13-45"), confidence={"issue_date": 0.3})) == [
        (Code.BAD_DATE, "issue_date")]


def test_missing_check_digit_luhn_and_low_resolution_rules_stay_whatever_the_confidence():
    assert codes(subject(values=certificate_values(registration_number=None))) == [
        (Code.MISSING_FIELD, "registration_number")]
    bad = with_wrong_check_digit(registration_number(7))
    assert codes(subject(values=certificate_values(registration_number=bad))) == [
        (Code.BAD_CHECK_DIGIT, "registration_number")]
    number = luhn_number(seed=3)
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    card = subject(Kind.CREDIT_CARD, values=card_values(card_number=broken, valid_thru="12/29"))
    assert codes(card) == [(Code.BAD_CARD_NUMBER, "card_number")]
    assert codes(subject(resolution="low")) == [(Code.LOW_RESOLUTION, "")]


# --- Card expiry plausibility (issue 11, item 3) --------------------------------------------------------


@pytest.mark.parametrize(("valid_thru", "code"), [
    ("13/27", Code.MALFORMED_EXPIRY),  # no month 13
    ("00/27", Code.MALFORMED_EXPIRY),
    ("05/25", Code.EXPIRED),  # TODAY is 2025-06-15
    ("07/35", Code.IMPLAUSIBLE_EXPIRY),  # ten years and a month ahead
    ("12/99", Code.IMPLAUSIBLE_EXPIRY),
])
def test_an_implausible_expiry_is_never_confident(valid_thru, code):
    s = subject(Kind.CREDIT_CARD, values=card_values(valid_thru=valid_thru), confidence={"valid_thru": 1.0})
    assert codes(s) == [(code, "valid_thru")]


@pytest.mark.parametrize("valid_thru", ["06/25", "01/30", "06/35"])
def test_a_plausible_expiry_read_clearly_passes(valid_thru):
    assert codes(subject(Kind.CREDIT_CARD, values=card_values(valid_thru=valid_thru))) == []


def test_the_implausible_expiry_reason_has_a_translated_label():
    from django.utils import translation

    from reviews.routing import LABELS

    with translation.override("ko"):
        assert str(LABELS[Code.IMPLAUSIBLE_EXPIRY]) != "Expiry is implausibly far in the future"
