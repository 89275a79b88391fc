"""The NHN OCR stand-in speaks the documented protocol: what a client gets for each kind of request."""

import io
import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from PIL import Image, ImageDraw

from documents.validation import card_number_is_valid, registration_number_is_valid
from standins.nhn_ocr import BUSINESSES, NhnOcrStandin, status_for


@pytest.fixture(scope="module")
def server():
    keys = {"app_key": "app", "secret_key": "secret", "user_access_key_id": "key-id", "secret_access_key": "key-secret"}
    with NhnOcrStandin(**keys) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(server):
    server.reset()
    server.latency = 0.0


def png(width: int = 1400, height: int = 1000, text: str = "certificate") -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).text((50, 50), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def post(server, endpoint: str = "business", *, files=None, json=None, data=None, secret="secret", app="app"):
    headers = {} if secret is None else {"Authorization": secret}
    response = requests.post(
        f"{server.url}/v1.0/appkeys/{app}/{endpoint}", files=files, json=json, data=data, headers=headers, timeout=10
    )
    return response


def code_of(response) -> int:
    assert response.status_code == 200
    return response.json()["header"]["resultCode"]


def test_certificate_answer_is_a_realistic_success_envelope(server):
    response = post(server, files={"image": ("a.png", png(), "image/png")})

    body = response.json()
    assert response.status_code == 200
    assert body["header"] == {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
    result = body["result"]
    assert (result["fileType"], result["unitType"], result["resolution"]) == ("png", "pixel", "normal")
    keys = [item["key"] for item in result["keyValues"]]
    assert "구분" in keys and "등록번호" in keys and "개업연월일" in keys
    assert len(result["boxes"]) == len(result["keyValues"])
    number = next(item["value"] for item in result["keyValues"] if item["key"] == "등록번호")
    assert number[3] == "-" and number[6] == "-" and registration_number_is_valid(number)
    for box in result["boxes"]:
        assert all(0 <= box[f"x{i}"] < 1400 and 0 <= box[f"y{i}"] < 1000 for i in range(1, 5))


def test_same_image_gets_the_same_answer_and_different_images_vary(server):
    first = post(server, files={"image": ("a.png", png(), "image/png")}).json()["result"]
    again = post(server, files={"image": ("a.png", png(), "image/png")}).json()["result"]
    others = {
        post(server, files={"image": ("b.png", png(400, 300, text=str(n)), "image/png")}).json()["result"]["keyValues"][
            1
        ]["value"]
        for n in range(12)
    }

    assert first == again
    assert len(others) > 1


def test_small_image_reads_as_low_resolution(server):
    result = post(server, files={"image": ("a.png", png(1000, 700), "image/png")}).json()["result"]

    assert result["resolution"] == "low"


def test_card_answer_has_groups_total_boxes_and_valid_thru(server):
    result = post(server, "credit-card", files={"image": ("c.png", png(856, 540), "image/png")}).json()["result"]

    assert result["totalCardNum"] == "".join(group["value"] for group in result["cardNums"])
    assert card_number_is_valid(result["totalCardNum"])
    assert len(result["cardNumBoxes"]) == len(result["cardNums"])
    assert result["validThru"]["value"][2] == "/"
    assert result["resolution"] == "normal"
    assert set(result["validThruBox"]) == {"x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4"}


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"secret": None}, 4000005),
        ({"app": "someone-else"}, 4010001),
        ({"secret": "wrong"}, 4010002),
        ({"secret": "Bearer secret"}, 4010002),
    ],
)
def test_credentials_are_checked(server, kwargs, code):
    response = post(server, files={"image": ("a.png", png(), "image/png")}, **kwargs)

    assert code_of(response) == code
    assert response.json()["header"]["isSuccessful"] is False


@pytest.mark.parametrize(
    "files, code",
    [
        (None, 4000001),
        ({"file": ("a.png", b"x", "image/png")}, 4000001),
        ({"image": ("a.png", b"", "image/png")}, 4000004),
        ({"image": ("a.gif", b"GIF89a" + b"\0" * 100, "image/gif")}, 4000003),
        ({"image": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")}, 4000002),
        ({"image": ("a.pdf", b"%PDF-1.4 broken", "application/pdf")}, 4000002),
    ],
)
def test_bad_uploads_get_the_documented_codes(server, files, code):
    assert code_of(post(server, files=files, data=None if files else {"x": "1"})) == code


def test_request_over_twenty_megabytes_is_refused_with_4131000_and_six_is_read(server):
    big = png() + b"\0" * (20 * 1024 * 1024)
    six = png() + b"\0" * (6 * 1024 * 1024)

    assert code_of(post(server, files={"image": ("a.png", big, "image/png")})) == 4131000
    assert code_of(post(server, files={"image": ("a.png", six, "image/png")})) == 0
    assert server.calls["business"] == 2


def test_the_old_five_megabyte_limit_can_be_set(server):
    server.max_request_bytes = 5 * 1024 * 1024
    six = png() + b"\0" * (6 * 1024 * 1024)

    try:
        assert code_of(post(server, files={"image": ("a.png", six, "image/png")})) == 4131000
    finally:
        server.max_request_bytes = 20 * 1024 * 1024


def test_pdf_is_answered_in_points(server):
    buffer = io.BytesIO()
    Image.new("RGB", (1654, 2339), "white").save(buffer, format="PDF", resolution=200)

    result = post(server, files={"image": ("a.pdf", buffer.getvalue(), "application/pdf")}).json()["result"]

    assert (result["fileType"], result["unitType"], result["resolution"]) == ("pdf", "point", "normal")
    assert all(box["x3"] <= 596 and box["y3"] <= 843 for box in result["boxes"])


def test_unknown_path_and_wrong_method_get_gateway_pages(server):
    assert requests.post(f"{server.url}/v1.0/appkeys/app/passport", timeout=5).status_code == 404
    assert requests.get(f"{server.url}/v1.0/appkeys/app/business", timeout=5).status_code == 405


@pytest.mark.parametrize(
    "number, expected",
    [("116-82-00276", 4000101), ("12345", 4000101), ("1168200277", 4000102)],
)
def test_status_lookup_refuses_malformed_and_unknown_numbers(server, number, expected):
    assert code_of(post(server, "business/status", json={"businessNumber": number})) == expected


def test_status_lookup_answers_canned_rule_and_set_statuses(server):
    server.statuses["1051234564"] = "06"

    def status(number):
        return post(server, "business/status", json={"businessNumber": number}).json()["result"]

    assert status("1051234564") == {"statusCode": "06", "statusMessage": "폐업자입니다."}
    assert status("1348672683")["statusCode"] == BUSINESSES[3]["status"] == "05"
    assert status("2148712348")["statusCode"] == status_for("2148712348")
    assert server.calls["business/status"] == 3


def test_script_over_http_and_call_counts(server):
    ordered = requests.post(
        f"{server.url}/_standin/script", json={"answers": ["4000006", "success"], "endpoint": "business"}, timeout=5
    )
    assert ordered.status_code == 200

    first = post(server, files={"image": ("a.png", png(), "image/png")})
    second = post(server, files={"image": ("a.png", png(), "image/png")})

    assert code_of(first) == 4000006
    assert code_of(second) == 0
    assert requests.get(f"{server.url}/_standin/calls", timeout=5).json()["calls"] == {"business": 2}


def test_scripted_answers_for_one_endpoint_leave_the_other_alone(server):
    server.script(["5000001"], endpoint="credit-card")

    assert code_of(post(server, files={"image": ("a.png", png(), "image/png")})) == 0
    assert code_of(post(server, "credit-card", files={"image": ("c.png", png(856, 540), "image/png")})) == 5000001


# --- v1.1 and the token service ---------------------------------------------------------------------------


def token(server, *, auth=("key-id", "key-secret"), data=None) -> requests.Response:
    return requests.post(
        f"{server.url}/oauth2/token/create",
        auth=auth,
        data={"grant_type": "client_credentials"} if data is None else data,
        timeout=10,
    )


def post_v11(server, access_token, endpoint="business", **kwargs):
    headers = {} if access_token is None else {"X-NHN-Authorization": f"Bearer {access_token}"}
    return requests.post(f"{server.url}/v1.1/appkeys/app/{endpoint}", headers=headers, timeout=10, **kwargs)


def test_token_service_issues_bearer_tokens_for_the_user_access_key(server):
    response = token(server)

    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] == 86_400 and len(body["access_token"]) > 40
    assert token(server).json()["access_token"] != body["access_token"]
    assert server.calls["token"] == 2


@pytest.mark.parametrize(
    "kwargs, status",
    [
        ({"auth": ("key-id", "wrong")}, 401),
        ({"auth": None}, 401),
        ({"data": {"grant_type": "password"}}, 400),
    ],
)
def test_token_service_refuses_wrong_keys_and_grants(server, kwargs, status):
    assert token(server, **kwargs).status_code == status


def test_v11_analysis_takes_an_issued_token_and_refuses_others(server):
    issued = token(server).json()["access_token"]
    image = {"files": {"image": ("a.png", png(), "image/png")}}

    assert code_of(post_v11(server, issued, **image)) == 0
    assert code_of(post_v11(server, "made-up", **image)) == 4010006
    assert code_of(post_v11(server, None, **image)) == 4000005
    assert code_of(post_v11(server, issued, "business/status", json={"businessNumber": "1168200276"})) == 0
    assert code_of(post(server, **image)) == 0  # v1.0 with the secret key still works beside it
    assert server.billed["business"] == 2


def test_expired_tokens_are_refused_with_4010006(server):
    server.token_lifetime = 0.2
    try:
        short = token(server).json()
    finally:
        server.token_lifetime = 86_400
    expired_by_hand = token(server).json()["access_token"]
    requests.post(f"{server.url}/_standin/expire-tokens", timeout=5)
    image = {"files": {"image": ("a.png", png(), "image/png")}}

    assert short["expires_in"] == 0.2
    time.sleep(0.3)
    assert code_of(post_v11(server, short["access_token"], **image)) == 4010006
    assert code_of(post_v11(server, expired_by_hand, **image)) == 4010006
    assert code_of(post_v11(server, token(server).json()["access_token"], **image)) == 0


def test_a_revoked_key_loses_its_tokens_and_gets_no_new_one(server):
    issued = token(server).json()["access_token"]

    server.revoke_key()

    assert code_of(post_v11(server, issued, files={"image": ("a.png", png(), "image/png")})) == 4010006
    assert token(server).status_code == 401


def test_token_service_answers_can_be_scripted_apart_from_the_analysis(server):
    server.script(["http:401"], endpoint="token")
    server.script(["4010006"])

    assert token(server).status_code == 401
    assert token(server).status_code == 200  # the analysis' script is not the token service's
    assert code_of(post(server, files={"image": ("a.png", png(), "image/png")})) == 4010006


def test_run_by_hand_prints_how_to_point_the_product_at_it():
    process = subprocess.Popen(
        [sys.executable, "-m", "standins.nhn_ocr", "--port", "0", "--app-key", "k1", "--secret-key", "s1"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )
    try:
        process.stdout.readline()
        hint = process.stdout.readline().split()
        env = dict(item.split("=", 1) for item in hint)
        assert env["OCR_ENGINE"] == "nhn"
        assert (env["NHN_OCR_APP_KEY"], env["NHN_OCR_SECRET_KEY"]) == ("k1", "s1")
        response = requests.post(
            f"{env['NHN_OCR_BASE_URL']}/v1.0/appkeys/k1/business",
            files={"image": ("a.png", png(), "image/png")},
            headers={"Authorization": "s1"},
            timeout=10,
        )
        assert response.json()["header"]["isSuccessful"] is True
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        process.stdout.close()


def test_run_by_hand_for_v11_prints_the_token_settings():
    process = subprocess.Popen(
        [sys.executable, "-m", "standins.nhn_ocr", "--port", "0", "--api-version", "v1.1", "--token-lifetime", "90"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )
    try:
        process.stdout.readline()
        env = dict(item.split("=", 1) for item in process.stdout.readline().split())
        assert env["NHN_OCR_API_VERSION"] == "v1.1"
        assert "NHN_OCR_SECRET_KEY" not in env
        issued = requests.post(
            f"{env['NHN_OAUTH_URL']}/oauth2/token/create",
            auth=(env["NHN_USER_ACCESS_KEY_ID"], env["NHN_SECRET_ACCESS_KEY"]),
            data={"grant_type": "client_credentials"},
            timeout=10,
        ).json()
        assert issued["expires_in"] == 90
        response = requests.post(
            f"{env['NHN_OCR_BASE_URL']}/v1.1/appkeys/{env['NHN_OCR_APP_KEY']}/business",
            files={"image": ("a.png", png(), "image/png")},
            headers={"X-NHN-Authorization": f"Bearer {issued['access_token']}"},
            timeout=10,
        )
        assert response.json()["header"]["isSuccessful"] is True
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        process.stdout.close()
