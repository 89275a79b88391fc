"""Both real providers against their stand-ins over real HTTP: code mapping, errors, the 100-per-call limit."""

import pytest
import requests

from registry.models import BusinessState, TaxType
from registry.providers import (
    Claim,
    PermanentStatusError,
    RetryableStatusError,
    StatusConfigurationError,
    get_status_provider,
)
from tests.factories import registration_number, with_wrong_check_digit

NUMBER = "1168200276"


# --- NHN: one number per call, envelope codes ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "state", "tax_type"),
    [
        ("00", BusinessState.UNKNOWN, TaxType.NONE),
        ("01", BusinessState.ACTIVE, TaxType.GENERAL),
        ("02", BusinessState.ACTIVE, TaxType.SIMPLIFIED),
        ("03", BusinessState.ACTIVE, TaxType.EXEMPT),
        ("04", BusinessState.ACTIVE, TaxType.NON_PROFIT),
        ("05", BusinessState.SUSPENDED, TaxType.NONE),
        ("06", BusinessState.CLOSED, TaxType.NONE),
        ("09", BusinessState.UNKNOWN, TaxType.OTHER),
    ],
)
def test_nhn_status_codes_map_to_state_and_tax_type(db, nhn_standin, code, state, tax_type):
    nhn_standin.statuses[NUMBER] = code
    result = get_status_provider("nhn").check(numbers=[NUMBER])
    answer = result.answers[NUMBER]
    assert (answer.state, answer.tax_type, answer.code) == (state, tax_type, code)
    assert answer.message  # the office's own words, kept for the timeline
    assert nhn_standin.calls["business/status"] == 1


def test_nhn_unknown_number_is_an_answer_not_a_failure(db, nhn_standin):
    number = with_wrong_check_digit(NUMBER)
    result = get_status_provider("nhn").check(numbers=[number])
    assert not result.failures
    assert result.answers[number].state == BusinessState.UNKNOWN
    assert result.answers[number].code == "4000102"


def test_nhn_checks_each_number_with_its_own_call(db, nhn_standin):
    numbers = [registration_number(700_000 + i) for i in range(5)]
    result = get_status_provider("nhn").check(numbers=numbers)
    assert set(result.answers) == set(numbers)
    assert nhn_standin.calls["business/status"] == 5
    assert all(r.authorization == nhn_standin.secret_key for r in nhn_standin.requests)


@pytest.mark.parametrize("scripted", ["4000006", "-1", "5000001", "http:502", "not-json", "drop"])
def test_nhn_transient_failure_leaves_the_rest_of_the_batch_for_later(db, nhn_standin, scripted):
    nhn_standin.script([scripted], endpoint="business/status")
    numbers = [registration_number(710_000 + i) for i in range(3)]
    result = get_status_provider("nhn").check(numbers=numbers)
    assert set(result.failures) == set(numbers)
    assert all(isinstance(e, RetryableStatusError) for e in result.failures.values())
    assert nhn_standin.calls["business/status"] == 1  # it slowed down instead of hammering on


def test_nhn_wrong_secret_is_a_configuration_problem(db, nhn_standin, settings):
    settings.NHN_OCR_SECRET_KEY = "wrong"
    with pytest.raises(StatusConfigurationError) as caught:
        get_status_provider("nhn").check(numbers=[NUMBER])
    assert caught.value.code == "4010002"


# --- NTS: 100 numbers per call ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b_stt_cd", "state"),
    [("01", BusinessState.ACTIVE), ("02", BusinessState.SUSPENDED), ("03", BusinessState.CLOSED)],
)
def test_nts_status_codes_map_to_state(db, nts_standin, b_stt_cd, state):
    nts_standin.statuses[NUMBER] = b_stt_cd
    answer = get_status_provider("nts").check(numbers=[NUMBER]).answers[NUMBER]
    assert answer.state == state
    assert answer.code == b_stt_cd
    if state == BusinessState.CLOSED:
        assert answer.closed_on is not None and answer.closed_on.isoformat() == "2024-01-31"


def test_nts_tax_type_codes_map_like_nhn(db, nts_standin):
    # The stand-in derives the tax type from the number the way the NHN stand-in derives its status code.
    from standins.nhn_ocr import status_for

    numbers = [registration_number(720_000 + i) for i in range(40)]
    answers = get_status_provider("nts").check(numbers=numbers).answers
    expected = {"01": TaxType.GENERAL, "02": TaxType.SIMPLIFIED, "03": TaxType.EXEMPT}
    for number in numbers:
        assert answers[number].tax_type == expected.get(status_for(number), TaxType.GENERAL)
    assert {a.tax_type for a in answers.values()} >= {TaxType.GENERAL, TaxType.SIMPLIFIED, TaxType.EXEMPT}


def test_nts_number_the_office_does_not_know_is_unknown(db, nts_standin):
    number = with_wrong_check_digit(NUMBER)
    answer = get_status_provider("nts").check(numbers=[number]).answers[number]
    assert answer.state == BusinessState.UNKNOWN
    assert "등록되지 않은" in answer.message


def test_nts_sends_at_most_100_numbers_per_call(db, nts_standin):
    numbers = [registration_number(730_000 + i) for i in range(250)]
    result = get_status_provider("nts").check(numbers=numbers)
    assert len(result.answers) == 250 and not result.failures
    assert nts_standin.calls["status"] == 3
    assert [n for _op, _t, n in nts_standin.arrivals] == [100, 100, 50]


def test_nts_refuses_more_than_100_numbers_as_too_large(db, nts_standin):
    numbers = [registration_number(740_000 + i) for i in range(101)]
    raw = requests.post(f"{nts_standin.base_url}/status", params={"serviceKey": nts_standin.service_key},
                        json={"b_no": numbers}, timeout=5)
    assert raw.status_code == 413 and raw.json()["status_code"] == "TOO_LARGE_REQUEST"
    with pytest.raises(PermanentStatusError) as caught:
        get_status_provider("nts").post("status", {"b_no": numbers})
    assert caught.value.code == "TOO_LARGE_REQUEST"


def test_nts_unknown_service_key_is_a_configuration_problem(db, nts_standin, settings):
    settings.NTS_SERVICE_KEY = "not-registered"
    with pytest.raises(StatusConfigurationError):
        get_status_provider("nts").check(numbers=[NUMBER])


@pytest.mark.parametrize("scripted", ["http:500", "http:429", "not-json", "drop"])
def test_nts_transient_failure_fails_the_batch_for_a_later_retry(db, nts_standin, scripted):
    nts_standin.script([scripted])
    numbers = [registration_number(750_000 + i) for i in range(150)]
    result = get_status_provider("nts").check(numbers=numbers)
    assert len(result.failures) == 100 and all(isinstance(e, RetryableStatusError) for e in result.failures.values())
    assert len(result.answers) == 50  # the second call went through


def test_nts_authenticity_check_matches_and_mismatches(db, nts_standin):
    nts_standin.records[NUMBER] = ("20120901", "이도윤")
    provider = get_status_provider("nts")
    right = Claim(number=NUMBER, opening_date="2012-09-01", representative="이도윤")
    wrong = Claim(number=NUMBER, opening_date="2012-09-01", representative="김철수")
    answers = provider.validate(claims=[right, wrong])  # two questions about one number, one call
    assert answers[right].matches and answers[right].code == "01"
    assert not answers[wrong].matches and answers[wrong].code == "02"
    assert nts_standin.calls["validate"] == 1


# --- NHN on API v1.1: the OCR engine's User Access Key token (documents/nhn_auth.py) --------------------------


def test_nhn_v11_checks_a_batch_with_one_token(db, nhn_standin_v11):
    numbers = [registration_number(720_000 + i) for i in range(5)]

    result = get_status_provider("nhn").check(numbers=numbers)

    assert set(result.answers) == set(numbers)
    calls = [r for r in nhn_standin_v11.requests if r.endpoint == "business/status"]
    assert [r.path.split("/")[1] for r in calls] == ["v1.1"] * 5
    assert len({r.authorization for r in calls}) == 1 and calls[0].authorization.startswith("Bearer ")
    assert nhn_standin_v11.calls["token"] == 1


def test_nhn_v11_shares_the_token_with_the_ocr_engine(db, nhn_standin_v11):
    from documents.ocr import get_engine
    from tests.documents.test_nhn_client import certificate_png

    get_engine().read(kind="business_certificate", content=certificate_png(), filename="c.png")
    get_status_provider("nhn").check(numbers=[NUMBER])

    assert nhn_standin_v11.calls["token"] == 1


def test_nhn_v11_token_refused_mid_batch_is_renewed_once(db, nhn_standin_v11):
    provider = get_status_provider("nhn")
    provider.check(numbers=[NUMBER])
    nhn_standin_v11.expire_tokens()

    result = provider.check(numbers=[registration_number(730_000 + i) for i in range(3)])

    assert not result.failures
    assert nhn_standin_v11.calls["token"] == 2
    assert nhn_standin_v11.calls["business/status"] == 5  # 1, then 1 refused with 4010006 and 3


def test_nhn_v11_token_request_refused_is_a_configuration_problem(db, nhn_standin_v11):
    nhn_standin_v11.revoke_key()

    with pytest.raises(StatusConfigurationError) as caught:
        get_status_provider("nhn").check(numbers=[NUMBER, registration_number(740_000)])

    assert caught.value.code == "token_http_401"
    assert nhn_standin_v11.calls["business/status"] == 0


def test_nhn_v11_token_service_outage_leaves_the_batch_for_later(db, nhn_standin_v11):
    nhn_standin_v11.script(["http:503"], endpoint="token")
    numbers = [registration_number(750_000 + i) for i in range(3)]

    result = get_status_provider("nhn").check(numbers=numbers)

    assert set(result.failures) == set(numbers)
    assert all(isinstance(e, RetryableStatusError) for e in result.failures.values())
    assert nhn_standin_v11.calls["business/status"] == 0
