"""A local stand-in of NHN Cloud Document OCR v1.0 and v1.1, and of NHN's token service, over real HTTP.

Run by hand (`--api-version v1.1` prints the settings for v1.1; the server speaks both):

    python -m standins.nhn_ocr --port 8089 --app-key demo --secret-key demo
    python -m standins.nhn_ocr --port 8089 --api-version v1.1 --token-lifetime 600

In tests (see tests/fixtures_nhn.py for the `nhn_standin` fixture):

    with NhnOcrStandin(app_key="k", secret_key="s") as server:   # a free loopback port, a background thread
        server.script(["4000006", "success"])                       # the next answers, then normal behaviour
        ... call server.url ...
        server.calls["business"]                                    # calls each endpoint received

Protocol (as /work/shared/reference/ocr-and-status-apis.md describes the real service):

* `POST /v1.0/appkeys/{appKey}/business` and `/credit-card`: multipart/form-data, file field `image`;
  `POST /v1.0/appkeys/{appKey}/business/status`: JSON `{"businessNumber": "1234567890"}`. The same under `/v1.1/`.
* v1.0: header `Authorization: {secretKey}`, raw. Missing -> 4000005; a wrong appKey in the path -> 4010001;
  a wrong secret -> 4010002. Every envelope answer is HTTP 200.
* v1.1: header `X-NHN-Authorization: Bearer {token}`. Missing -> 4000005; a token the stand-in did not issue, or
  one that expired (`token_lifetime` seconds after issue) or was revoked -> 4010006; a wrong appKey -> 4010001.
* Token service: `POST /oauth2/token/create`, HTTP Basic auth `{user_access_key_id}:{secret_access_key}`, form
  body `grant_type=client_credentials` -> `{"access_token", "token_type": "Bearer", "expires_in"}`. Wrong or
  missing credentials, or a revoked key (`revoke_key()`) -> HTTP 401; another grant or body -> HTTP 400.
  `expire_tokens()` makes every token issued so far invalid (as a key rotation would); `revoke_key()` does that
  and refuses the key from then on. `calls["token"]` counts token requests.
* Another path -> HTTP 404, another method -> HTTP 405, both as a gateway's HTML page.
* A request body over 20 MiB (`max_request_bytes`; 5 MiB before 2026-08-11) -> 4131000. Not multipart or no
  `image` field -> 4000001; an empty file -> 4000004; not PNG/JPEG/PDF -> 4000003; PNG/JPEG/PDF that does not
  decode -> 4000002.
* Certificate success: `keyValues` (Korean keys as printed, values in the service's style with stray spaces)
  with `boxes` parallel, chosen from a few canned businesses by the image's sha256, laid out inside the image.
  Like the service, a certificate with several business categories repeats the keys (`업태`, `종목`, `업태`,
  `종목`, ...): BUSINESSES[2] has three rows, BUSINESSES[3] two, the others one.
  `resolution` is `normal` when the long side is at least 1280 and the short side at least 720 (pixels;
  a PDF is judged at 200 dpi), `unitType` `point` for a PDF and `pixel` otherwise, `fileType` pdf/jpg/png.
  An image of one flat colour has nothing on it: `keyValues` is empty.
* Card success: `cardNums` groups, `totalCardNum`, `cardNumBoxes`, `validThru`, `validThruBox`, from canned
  Luhn-valid cards by sha256; `normal` from 760x480. An image of one flat colour -> 4000111 (no card found).
* Status: a number that is not 10 digits -> 4000101; one whose check digit is wrong -> 4000102 (the office
  knows no such number). Otherwise `statusCode` comes from `server.statuses` (set it in a test), then from the
  canned businesses, then from `status_for()`: the sum of the ten digits modulo 10 gives 0 -> `06` closed,
  1 -> `05` suspended, 2 -> `02` simplified taxpayer, 3 -> `03` exempt, else `01` general taxpayer.

Scripted answers (`server.script([...])` in-process, or `POST /_standin/script` with JSON
`{"answers": [...], "endpoint": "business"}` over HTTP; the endpoint is optional) replace the normal answer
of the next calls that pass the path and credential checks, one entry per call, in order:
`"success"` (the normal answer), a resultCode such as `"4000006"` or `-1` (that error envelope),
`"http:502"` (a gateway's HTML page with that status), `"not-json"` (HTTP 200 with an HTML body),
`"drop"` (close the connection without answering), `"sleep:2.5"` (wait, then the normal answer),
`"business:2"` (the normal answer, as if the image were that canned certificate of BUSINESSES), or a dict
`{"status": 200, "json": {...}}` / `{"status": 503, "body": "...", "content_type": "text/plain"}` sent as is
(add `"headers": {"Retry-After": "2"}` for response headers).
On the token endpoint (`endpoint="token"`) `"http:401"`, `"http:503"`, `"drop"`, `"sleep:…"` and dicts apply.
`GET /_standin/calls` answers the call counts; `POST /_standin/reset` clears scripts, counts, records and tokens;
`POST /_standin/expire-tokens` expires every token issued. `billed` counts the successful (paid) analyses.
`latency` (seconds) delays every answer of the three endpoints.

Truth mode (`truth=`, for benchmarks of generated documents): a mapping from an image's sha256 (hex) to the
document's values, `{"kind": "business_certificate" | "credit_card", "fields": {canonical name: value}}` as
`documents.samples` writes them in truth.json. An image found there is answered with those values in the service's
style (dashed numbers, `2015 년 03 월 02 일` dates, repeated `업태`/`종목` keys) instead of a canned business, with
confidences from `truth_confidence`: each field is read below 0.90 with a fixed chance (`TRUTH_UNSURE_SHARE`, more
often for long free text), decided by the sha256, and half of those unsure readings are wrong by one character;
every reading at or above 0.90 is right. It is a model of an engine's confidence, not a measurement of NHN's.
"""

import argparse
import base64
import hashlib
import io
import json
import re
import secrets
import time
import warnings
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from standins._server import LoopbackStandin, StandinHandler

ENDPOINTS = ("business", "business/status", "credit-card", "token")
MAX_REQUEST_BYTES = 20 * 1024 * 1024
TOKEN_LIFETIME = 86_400  # seconds, NHN's default; its console allows 60..86,400
_PATH = re.compile(
    r"^/(?P<version>v1\.0|v1\.1)/appkeys/(?P<app_key>[^/]+)/(?P<endpoint>business/status|business|credit-card)/?$"
)
TOKEN_PATH = "/oauth2/token/create"

MESSAGES = {
    0: "SUCCESS",
    -1: "Unknown error",
    4000001: "Invalid parameter",
    4000002: "Invalid file",
    4000003: "Invalid file type",
    4000004: "Uploaded file is empty",
    4000005: "Required headers are missing",
    4000006: "Api call limit exceeded, please try again later",
    4000101: "Invalid business registration number format",
    4000102: "Business registration number does not exist",
    4000103: "Password-protected PDF files are not supported",
    4000111: "Credit card info not found",
    4010001: "Unauthorized appKey",
    4010002: "Unauthorized secretKey",
    4010003: "Not allowed to use this API",
    4010004: "Invalid project",
    4010005: "Role is not allowed",
    4010006: "Invalid token.",
    4010007: "Permission denied.",
    4131000: "Request size is larger than the permissible limit",
    5000001: "Internal server error",
    5000002: "OCR engine error",
    5003001: "OCR engine timeout",
}

STATUS_MESSAGES = {
    "00": "사업을 하지 않고 있습니다.",
    "01": "부가가치세 일반과세자 입니다.",
    "02": "부가가치세 간이과세자 입니다.",
    "03": "부가가치세 면세과세자 입니다.",
    "04": "비영리법인이거나 고유번호가 부여된 단체, 국가기관 등입니다.",
    "05": "휴업자입니다.",
    "06": "폐업자입니다.",
    "09": "기타",
}

# Canned certificates: (key as printed, value as the service reads it). Registration numbers carry valid check digits.
BUSINESSES: list[dict[str, Any]] = [
    {
        "status": "02",
        "items": [
            ("구분", " 간이과세자"),
            ("등록번호", "123-45-67891"),
            ("상 호", "하늘빛 커피"),
            ("성 명", "김민준"),
            ("생년월일", "1985 년 07 월 14 일"),
            ("개업연월일", "2015 년 03 월 02 일"),
            ("사업장소재지", "서울특별시 마포구 와우산로 94,  1층 (서교동)"),
            ("업태", "숙박 및 음식점업 "),
            ("종목", "커피전문점"),
            ("사업자 단위 과세 적용사업자 여부", "여( ) 부( √ )"),
            ("발급일", "2021 년 05 월 10 일"),
            ("세무서", "마포세무서장"),
        ],
    },
    {
        "status": "01",
        "items": [
            ("구분", "일반과세자 "),
            ("등록번호", "621-38-56788"),
            ("상 호", "바다수산"),
            ("성 명", "박서연"),
            ("생년월일", "1979 년 11 월 03 일"),
            ("개업연월일", "2009 년 06 월 15 일"),
            ("사업장소재지", "부산광역시 해운대구 해운대해변로 264"),
            ("업태", "도매 및 소매업"),
            ("종목", " 수산물 소매"),
            ("사업자 단위 과세 적용사업자 여부", "여( ) 부( √ )"),
            ("발급일", "2020 년 01 월 20 일"),
            ("세무서", "해운대세무서장"),
        ],
    },
    {
        "status": "01",
        "items": [
            ("구분", " 법인사업자"),
            ("등록번호", "116-82-00276"),
            ("법인명(단체명)", "주식회사 한빛소프트웨어"),
            ("대표자", "이도윤"),
            ("개업연월일", "2012 년 09 월 01 일"),
            ("법인등록번호", "110111-4812345"),
            ("사업장소재지", "서울특별시 강남구 테헤란로 152, 12층 (역삼동)"),
            ("본점소재지", "서울특별시 강남구 테헤란로 152, 12층 (역삼동)"),
            ("업태", "정보통신업"),
            ("종목", "응용 소프트웨어 개발 및  공급업"),
            ("업태", "도매 및 소매업"),
            ("종목", "전자상거래 소매업, 소프트웨어 도매"),
            ("업태", "전문, 과학 및 기술 서비스업"),
            ("종목", " 컴퓨터시스템 통합 자문"),
            ("발급일", "2022 년 11 월 28 일"),
            ("세무서", "역삼세무서장"),
        ],
    },
    {
        "status": "05",
        "items": [
            ("구분", "법인사업자"),
            ("등록번호", "134-86-72683"),
            ("법인명(단체명)", "주식회사 새봄물산"),
            ("대표자", " 최지우"),
            ("개업연월일", "2018 년 04 월 23 일"),
            ("법인등록번호", "134111-0456789"),
            ("사업장소재지", "경기도 성남시 분당구 판교역로 235 (삼평동)"),
            ("본점소재지", "경기도 성남시 분당구 판교역로 235 (삼평동)"),
            ("업태", "제조업"),
            ("종목", "전자부품"),
            ("업태", "도매 및 소매업"),
            ("종목", "전자부품 도매"),
            ("발급일", "2023 년 02 월 07 일"),
            ("세무서", "분당세무서장"),
        ],
    },
]
CANNED_STATUSES = {"2208717483": "06"} | {
    re.sub(r"\D", "", dict(b["items"])["등록번호"]): b["status"] for b in BUSINESSES
}

# Canned cards: Luhn-valid numbers as printed groups, and a valid-thru.
CARDS = [
    (["9410", "1234", "5678", "9010"], "09/29"),
    (["5376", "1234", "9876", "5432"], "12/28"),
    (["4579", "7311", "2233", "4454"], "03/31"),
    (["3762", "123456", "78905"], "07/30"),
]


def registration_number_ok(number: str) -> bool:
    """The check digit of a 10-digit Korean business registration number (the same rule as the product's)."""
    if not re.fullmatch(r"\d{10}", number):
        return False
    digits = [int(d) for d in number]
    total = sum(w * d for w, d in zip((1, 3, 7, 1, 3, 7, 1, 3, 5), digits[:9], strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10 == digits[9]


def status_for(number: str) -> str:
    """The stand-in's status code for a well-formed number nobody set (see the module docstring)."""
    return {0: "06", 1: "05", 2: "02", 3: "03"}.get(sum(int(d) for d in number) % 10, "01")


@dataclass
class Recorded:
    """One call to one of the three endpoints, as the stand-in saw it."""

    endpoint: str
    path: str
    authorization: str | None
    content_type: str
    body_size: int
    field_names: list[str] = field(default_factory=list)
    filename: str | None = None
    file_content_type: str | None = None
    file_size: int = 0
    picture_size: tuple[float, float] | None = None  # of the file it decoded: pixels, or points for a PDF
    answer: str = ""


class NhnOcrStandin(LoopbackStandin):
    """The stand-in server. `start()` serves in a background thread; `stop()` ends it."""

    thread_name = "nhn-ocr-standin"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        app_key: str = "demo",
        secret_key: str = "demo",
        user_access_key_id: str = "demo",
        secret_access_key: str = "demo",
        token_lifetime: float = TOKEN_LIFETIME,
        latency: float = 0.0,
        max_request_bytes: int = MAX_REQUEST_BYTES,
        truth: dict[str, dict] | None = None,
    ) -> None:
        self.app_key = app_key
        self.secret_key = secret_key
        self.user_access_key_id = user_access_key_id
        self.secret_access_key = secret_access_key
        self.token_lifetime = token_lifetime
        self.key_revoked = False
        self.tokens: dict[str, float] = {}  # issued token -> when it expires (time.time())
        self.latency = latency
        self.max_request_bytes = max_request_bytes
        self.calls: Counter[str] = Counter()
        self.billed: Counter[str] = Counter()
        self.requests: list[Recorded] = []
        self.statuses: dict[str, str] = {}
        self.truth: dict[str, dict] = dict(truth or {})
        self._scripts: dict[str | None, deque] = {None: deque()}
        super().__init__(host=host, port=port, handler=_Handler)

    def script(self, answers: Iterable[Any], *, endpoint: str | None = None) -> None:
        """Queue the next answers (see the module docstring); `endpoint` limits them to one endpoint."""
        if endpoint is not None and endpoint not in ENDPOINTS:
            raise ValueError(f"endpoint must be one of {ENDPOINTS}, not {endpoint!r}")
        with self._lock:
            self._scripts.setdefault(endpoint, deque()).extend(answers)

    def reset(self) -> None:
        with self._lock:
            self._scripts = {None: deque()}
            self.calls.clear()
            self.billed.clear()
            self.requests.clear()
            self.statuses.clear()
            self.tokens.clear()
            self.key_revoked = False

    def issue_token(self) -> tuple[str, float]:
        token = secrets.token_urlsafe(48)
        lifetime = self.token_lifetime
        with self._lock:
            self.tokens[token] = time.time() + lifetime
        return token, int(lifetime) if float(lifetime).is_integer() else lifetime  # whole seconds, as NHN sends

    def token_valid(self, token: str) -> bool:
        with self._lock:
            return not self.key_revoked and self.tokens.get(token, 0.0) > time.time()

    def expire_tokens(self) -> None:
        """Every token issued so far is refused from now on (4010006), as after a key rotation."""
        with self._lock:
            self.tokens.clear()

    def revoke_key(self) -> None:
        """The User Access Key is revoked: its tokens are refused and the token service refuses it (HTTP 401)."""
        with self._lock:
            self.tokens.clear()
            self.key_revoked = True

    def next_answer(self, endpoint: str) -> Any:
        # Answers scripted for every endpoint are meant for the OCR operations, not for the token service.
        queues = [self._scripts.get(endpoint)] + ([] if endpoint == "token" else [self._scripts[None]])
        with self._lock:
            for queue in queues:
                if queue:
                    return queue.popleft()
        return "success"

    def record(self, recorded: Recorded) -> None:
        with self._lock:
            self.calls[recorded.endpoint] += 1
            self.requests.append(recorded)

    def bill(self, endpoint: str) -> None:
        with self._lock:
            self.billed[endpoint] += 1


class _Handler(StandinHandler):
    server_version = "nhn-ocr-standin/1.0"

    # --- Routing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._drain()
        if self.path.split("?")[0] == "/_standin/calls":
            standin = self.server.standin
            self._send_json(200, {"calls": dict(standin.calls), "total": sum(standin.calls.values())})
        elif _PATH.match(self.path.split("?")[0]):
            self._send_page(405, "Method Not Allowed")
        else:
            self._send_page(404, "Not Found")

    do_PUT = do_DELETE = do_PATCH = do_GET

    def do_POST(self) -> None:
        body = self._drain()
        path = self.path.split("?")[0]
        standin = self.server.standin
        if path == "/_standin/script":
            try:
                order = json.loads(body or b"{}")
                standin.script(order["answers"], endpoint=order.get("endpoint"))
            except (ValueError, KeyError, TypeError) as error:
                self._send_json(400, {"error": str(error)})
                return
            self._send_json(200, {"ok": True})
            return
        if path == "/_standin/reset":
            standin.reset()
            self._send_json(200, {"ok": True})
            return
        if path == "/_standin/expire-tokens":
            standin.expire_tokens()
            self._send_json(200, {"ok": True})
            return
        if path == TOKEN_PATH:
            self._token(body)
            return
        match = _PATH.match(path)
        if match is None:
            self._send_page(404, "Not Found")
            return
        self._endpoint(match.group("endpoint"), match.group("app_key"), body, version=match.group("version"))

    def _token(self, body: bytes | None) -> None:
        standin = self.server.standin
        recorded = Recorded(
            endpoint="token",
            path=self.path,
            authorization=self.headers.get("Authorization"),
            content_type=self.headers.get("Content-Type", ""),
            body_size=int(self.headers.get("Content-Length") or 0),
        )
        standin.record(recorded)
        self._recorded = recorded
        expected = "Basic " + base64.b64encode(
            f"{standin.user_access_key_id}:{standin.secret_access_key}".encode()
        ).decode()
        if recorded.authorization != expected or standin.key_revoked:
            answer: Any = "http:401"
        elif not recorded.content_type.startswith("application/x-www-form-urlencoded") or parse_qs(
            (body or b"").decode("utf-8", "replace")
        ).get("grant_type") != ["client_credentials"]:
            answer = "http:400"
        else:
            answer = standin.next_answer("token")
        recorded.answer = str(answer)
        if isinstance(answer, str) and answer.startswith("sleep:"):
            time.sleep(float(answer.removeprefix("sleep:")))
            answer = "success"
        if answer == "success":
            token, lifetime = standin.issue_token()
            self._send_json(200, {"access_token": token, "token_type": "Bearer", "expires_in": lifetime})
        elif isinstance(answer, str) and re.fullmatch(r"-?\d+", answer):
            raise ValueError(f"the token endpoint has no envelope codes: {answer!r}")
        else:
            self._answer(answer, "token", b"", {})

    def _endpoint(self, endpoint: str, app_key: str, body: bytes | None, *, version: str) -> None:
        standin = self.server.standin
        content_type = self.headers.get("Content-Type", "")
        header = "X-NHN-Authorization" if version == "v1.1" else "Authorization"
        recorded = Recorded(
            endpoint=endpoint,
            path=self.path,
            authorization=self.headers.get(header),
            content_type=content_type,
            body_size=int(self.headers.get("Content-Length") or 0),
        )
        parts = _multipart(content_type, body or b"") if endpoint != "business/status" else {}
        recorded.field_names = list(parts)
        if "image" in parts:
            recorded.filename, recorded.file_content_type, content = parts["image"]
            recorded.file_size = len(content)
        standin.record(recorded)
        self._recorded = recorded
        if standin.latency:
            time.sleep(standin.latency)

        if recorded.authorization is None:
            answer: Any = 4000005
        elif app_key != standin.app_key:
            answer = 4010001
        elif version == "v1.0" and recorded.authorization != standin.secret_key:
            answer = 4010002
        elif version == "v1.1" and not standin.token_valid(recorded.authorization.removeprefix("Bearer ")):
            answer = 4010006
        elif body is None:  # larger than the service takes; it was not read
            answer = 4131000
        else:
            answer = standin.next_answer(endpoint)
        recorded.answer = str(answer)
        self._answer(answer, endpoint, body or b"", parts)

    def _answer(self, answer: Any, endpoint: str, body: bytes, parts: dict) -> None:
        if isinstance(answer, dict):
            status, headers = int(answer.get("status", 200)), answer.get("headers") or {}
            if "json" in answer:
                payload = json.dumps(answer["json"], ensure_ascii=False).encode()
                self._send(status, payload, "application/json;charset=UTF-8", headers)
            else:
                payload = str(answer.get("body", "")).encode()
                self._send(status, payload, answer.get("content_type", "text/plain; charset=utf-8"), headers)
            return
        text = str(answer).strip()
        if text == "success":
            self._success(endpoint, body, parts)
        elif text.startswith("sleep:"):
            time.sleep(float(text.removeprefix("sleep:")))
            self._success(endpoint, body, parts)
        elif text.startswith("http:"):
            status = int(text.removeprefix("http:"))
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "Error"
            self._send_page(status, phrase)
        elif text == "not-json":
            self._send(200, b"<html><body><h1>Service Temporarily Unavailable</h1></body></html>", "text/html")
        elif text == "drop":
            self.close_connection = True
        elif re.fullmatch(r"business:\d+", text):
            self._success(endpoint, body, parts, business=BUSINESSES[int(text.removeprefix("business:"))])
        elif re.fullmatch(r"-?\d+", text):
            self._send_envelope(int(text))
        else:
            raise ValueError(f"the stand-in does not know the scripted answer {answer!r}")

    # --- Normal behaviour -----------------------------------------------------------------------

    def _success(self, endpoint: str, body: bytes, parts: dict, business: dict | None = None) -> None:
        if endpoint == "business/status":
            self._status(body)
            return
        if not self.headers.get("Content-Type", "").lower().startswith("multipart/form-data") or "image" not in parts:
            self._send_envelope(4000001)
            return
        _filename, _ctype, content = parts["image"]
        if not content:
            self._send_envelope(4000004)
            return
        picture = _inspect(content)
        if isinstance(picture, int):
            self._send_envelope(picture)
            return
        self._recorded.picture_size = (picture.width, picture.height)
        digest = hashlib.sha256(content).digest()
        known = self.server.standin.truth.get(digest.hex()) if business is None else None
        if endpoint == "credit-card":
            if picture.blank:
                self._send_envelope(4000111)
                return
            if known and known.get("kind") == "credit_card":
                result = _card_result(picture, digest, card=_truth_card(known["fields"], digest))
            else:
                result = _card_result(picture, digest)
        elif known and known.get("kind") == "business_certificate":
            result = _certificate_result(picture, digest, business=_truth_business(known["fields"], digest))
        else:
            result = _certificate_result(picture, digest, business=business)
        self.server.standin.bill(endpoint)
        self._send_envelope(0, result)

    def _status(self, body: bytes) -> None:
        try:
            number = json.loads(body)["businessNumber"]
        except (ValueError, KeyError, TypeError):
            self._send_envelope(4000001)
            return
        number = str(number)
        if not re.fullmatch(r"\d{10}", number):
            self._send_envelope(4000101)
            return
        if not registration_number_ok(number):
            self._send_envelope(4000102)
            return
        standin = self.server.standin
        code = standin.statuses.get(number) or CANNED_STATUSES.get(number) or status_for(number)
        self._send_envelope(0, {"statusCode": code, "statusMessage": STATUS_MESSAGES.get(code, "기타")})

    # --- Sending ----------------------------------------------------------------------------------

    def _drain(self) -> bytes | None:
        """The request body; None when it is larger than the service takes (then the connection is closed)."""
        length = int(self.headers.get("Content-Length") or 0)
        limit = self.server.standin.max_request_bytes
        if length > limit:
            remaining = length
            while remaining > 0:  # read and drop, so the client can finish sending and read our answer
                chunk = self.rfile.read(min(remaining, 1 << 16))
                if not chunk:
                    break
                remaining -= len(chunk)
            return None
        return self.rfile.read(length) if length else b""

    def _send_envelope(self, code: int, result: dict | None = None) -> None:
        header = {"isSuccessful": code == 0, "resultCode": code, "resultMessage": MESSAGES.get(code, "Error")}
        self._send_json(200, {"header": header, "result": result} if code == 0 else {"header": header})

    def _send_page(self, status: int, phrase: str) -> None:
        page = f"<html><head><title>{status} {phrase}</title></head><body><h1>{status} {phrase}</h1></body></html>"
        self._send(status, page.encode(), "text/html")


# --- What is in the picture ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Picture:
    file_type: str  # png | jpg | pdf
    width: float  # pixels, or points for a PDF
    height: float
    blank: bool

    @property
    def pixels(self) -> tuple[float, float]:
        """The size the resolution thresholds apply to (a PDF at 200 dpi)."""
        factor = 200 / 72 if self.file_type == "pdf" else 1
        return self.width * factor, self.height * factor


def _inspect(content: bytes) -> "_Picture | int":
    """The picture's type and size, or the resultCode the service gives for a file it cannot take."""
    if content.startswith(b"%PDF-"):
        return _inspect_pdf(content)
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        file_type = "png"
    elif content.startswith(b"\xff\xd8\xff"):
        file_type = "jpg"
    else:
        return 4000003
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                extrema = image.getextrema()
                bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
                blank = all(low == high for low, high in bands)
                return _Picture(file_type, image.width, image.height, blank=blank)
    except Exception:
        return 4000002


def _inspect_pdf(content: bytes) -> "_Picture | int":
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(content)
    except Exception:
        return 4000002
    try:
        if len(pdf) == 0:
            return 4000002
        width, height = pdf[0].get_size()
        return _Picture("pdf", width, height, blank=False)
    finally:
        pdf.close()


def _resolution(picture: _Picture, *, long_side: int, short_side: int) -> str:
    width, height = picture.pixels
    return "normal" if max(width, height) >= long_side and min(width, height) >= short_side else "low"


def _box(picture: _Picture, left: float, top: float, right: float, bottom: float) -> dict[str, float]:
    """A box from fractions of the page, clockwise from top-left, inside the picture."""

    def x(f: float) -> float:
        return _coordinate(min(max(f, 0.0), 1.0) * (picture.width - 1), picture)

    def y(f: float) -> float:
        return _coordinate(min(max(f, 0.0), 1.0) * (picture.height - 1), picture)

    return {
        "x1": x(left), "y1": y(top), "x2": x(right), "y2": y(top),
        "x3": x(right), "y3": y(bottom), "x4": x(left), "y4": y(bottom),
    }  # fmt: skip


def _coordinate(value: float, picture: _Picture) -> float:
    return round(value, 1) if picture.file_type == "pdf" else int(round(value))


def _confidence(digest: bytes, index: int) -> float:
    return round(0.86 + (digest[(index + 3) % len(digest)] % 14) / 100, 2)


# --- Truth mode ------------------------------------------------------------------------------------

# Chance that a field is read below 0.90 in truth mode: long free text more often than short printed items. Set from
# the one measurement of the real service we have (issue 11): 89% of clean certificates had every field at 0.90 or
# above, which these shares give for a certificate of about 9 short items and 6 of free text (0.995^9 x 0.988^6).
TRUTH_UNSURE_SHARE = 0.005
TRUTH_UNSURE_SHARE_FREE_TEXT = 0.012
FREE_TEXT = frozenset(("company_name", "business_address", "head_office_address", "business_type", "business_item"))


def truth_confidence(digest: bytes, index: int, name: str) -> tuple[float, bool]:
    """(confidence, misread) of the `index`th item of the image with this sha256: decided by the digest."""
    draw = hashlib.sha256(digest + index.to_bytes(2, "big")).digest()
    chance = int.from_bytes(draw[:4], "big") / 2**32
    fraction = draw[4] / 255
    share = TRUTH_UNSURE_SHARE_FREE_TEXT if name in FREE_TEXT else TRUTH_UNSURE_SHARE
    if chance < share:
        return round(0.55 + 0.34 * fraction, 2), draw[5] % 2 == 0
    return round(0.91 + 0.08 * fraction, 2), False


def _misread(value: str) -> str:
    """One character wrong: a digit off by one, or a letter dropped."""
    for i in range(len(value) - 1, -1, -1):
        if value[i].isdigit():
            return value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1 :]
    return value[:-1] if len(value) > 1 else value + "."


def _printed_date(iso: str) -> str:
    return f"{iso[:4]} 년 {iso[5:7]} 월 {iso[8:10]} 일" if len(iso) == 10 else iso


def _truth_business(fields: dict, digest: bytes) -> dict:
    """A canned-business dict (see BUSINESSES) printing `fields` the way the service answers, with `confs`."""
    number = fields.get("registration_number", "")
    corporate = fields.get("corporate_number", "")
    items: list[tuple[str, str, str]] = [  # (key, value, canonical name)
        ("구분", fields.get("tax_type", ""), "tax_type"),
        ("등록번호", f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number,
         "registration_number"),
        ("법인명(단체명)" if corporate else "상 호", fields.get("company_name", ""), "company_name"),
        ("대표자" if corporate else "성 명", fields.get("representative", ""), "representative"),
        ("생년월일", _printed_date(fields.get("birth_date", "")), "birth_date"),
        ("개업연월일", _printed_date(fields.get("opening_date", "")), "opening_date"),
        ("법인등록번호", f"{corporate[:6]}-{corporate[6:]}" if len(corporate) == 13 else corporate, "corporate_number"),
        ("사업장소재지", fields.get("business_address", ""), "business_address"),
        ("본점소재지", fields.get("head_office_address", ""), "head_office_address"),
    ]
    categories = fields.get("business_categories") or [[fields.get("business_type", ""),
                                                        fields.get("business_item", "")]]
    for kind, item in categories:
        items += [("업태", kind, "business_type"), ("종목", item, "business_item")]
    items += [("발급일", _printed_date(fields.get("issue_date", "")), "issue_date"),
              ("세무서", fields.get("tax_office", ""), "tax_office")]
    printed, confs = [], []
    for index, (key, value, name) in enumerate((k, v, n) for k, v, n in items if v):
        confidence, misread = truth_confidence(digest, index, name)
        printed.append((key, _misread(value) if misread else value))
        confs.append(confidence)
    return {"status": "01", "items": printed, "confs": confs}


def _truth_card(fields: dict, digest: bytes) -> dict:
    number = fields.get("card_number", "")
    groups = [number[:4], number[4:10], number[10:]] if len(number) == 15 else [
        number[i : i + 4] for i in range(0, len(number), 4)]
    number_conf, number_misread = truth_confidence(digest, 0, "card_number")
    if number_misread:
        groups[-1] = _misread(groups[-1])
    thru_conf, thru_misread = truth_confidence(digest, 1, "valid_thru")
    valid_thru = fields.get("valid_thru", "")
    return {"groups": groups, "valid_thru": _misread(valid_thru) if thru_misread else valid_thru,
            "confs": [number_conf] * len(groups), "valid_thru_conf": thru_conf}


def _certificate_result(picture: _Picture, digest: bytes, *, business: dict | None = None) -> dict:
    key_values, boxes = [], []
    if not picture.blank:
        business = business or BUSINESSES[digest[0] % len(BUSINESSES)]
        rows = len(business["items"])
        confs = business.get("confs")
        for index, (key, value) in enumerate(business["items"]):
            top = 0.22 + 0.6 * index / rows
            width = min(0.6, 0.03 * max(len(value), 4))
            confidence = confs[index] if confs else _confidence(digest, index)
            key_values.append({"key": key, "value": value, "conf": confidence})
            boxes.append(_box(picture, 0.32, top, 0.32 + width, top + 0.6 / rows * 0.7))
    return {
        "fileType": picture.file_type,
        "unitType": "point" if picture.file_type == "pdf" else "pixel",
        "resolution": _resolution(picture, long_side=1280, short_side=720),
        "keyValues": key_values,
        "boxes": boxes,
    }


def _card_result(picture: _Picture, digest: bytes, *, card: dict | None = None) -> dict:
    groups, valid_thru = (card["groups"], card["valid_thru"]) if card else CARDS[digest[1] % len(CARDS)]
    total = sum(len(g) for g in groups)
    left, card_numbers, boxes = 0.08, [], []
    for index, group in enumerate(groups):
        width = 0.78 * len(group) / total
        confidence = card["confs"][index] if card else _confidence(digest, index)
        card_numbers.append({"value": group, "conf": confidence})
        boxes.append(_box(picture, left, 0.52, left + width * 0.92, 0.62))
        left += width
    return {
        "fileType": picture.file_type,
        "unitType": "point" if picture.file_type == "pdf" else "pixel",
        "resolution": _resolution(picture, long_side=760, short_side=480),
        "cardNums": card_numbers,
        "totalCardNum": "".join(groups),
        "cardNumBoxes": boxes,
        "validThru": {"value": valid_thru, "conf": card["valid_thru_conf"] if card else _confidence(digest, 9)},
        "validThruBox": _box(picture, 0.45, 0.68, 0.62, 0.76),
    }


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, str | None, bytes]]:
    """Fields of a multipart/form-data body: name -> (filename, content type, bytes). {} when it is not one."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        return {}
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields = {}
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, data = chunk.partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if name:
            fields[name.group(1)] = (filename.group(1) if filename else None, headers.get("content-type"), data)
    return fields


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local stand-in of NHN Cloud Document OCR v1.0 and v1.1.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--api-version", choices=("v1.0", "v1.1"), default="v1.0", help="which settings to print")
    parser.add_argument("--app-key", default="demo")
    parser.add_argument("--secret-key", default="demo", help="v1.0")
    parser.add_argument("--user-access-key-id", default="demo", help="v1.1")
    parser.add_argument("--secret-access-key", default="demo", help="v1.1")
    parser.add_argument("--token-lifetime", type=float, default=TOKEN_LIFETIME, help="v1.1 tokens, seconds")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to wait before every answer")
    options = parser.parse_args(argv)
    server = NhnOcrStandin(
        host=options.host,
        port=options.port,
        app_key=options.app_key,
        secret_key=options.secret_key,
        user_access_key_id=options.user_access_key_id,
        secret_access_key=options.secret_access_key,
        token_lifetime=options.token_lifetime,
        latency=options.latency,
    )
    print(f"NHN OCR stand-in listening on {server.url}. Point the product at it with:")
    if options.api_version == "v1.1":
        hint = (
            f"NHN_OCR_API_VERSION=v1.1 NHN_OAUTH_URL={server.url} NHN_USER_ACCESS_KEY_ID={options.user_access_key_id} "
            f"NHN_SECRET_ACCESS_KEY={options.secret_access_key}"
        )
    else:
        hint = f"NHN_OCR_SECRET_KEY={options.secret_key}"
    print(f"  OCR_ENGINE=nhn NHN_OCR_BASE_URL={server.url} NHN_OCR_APP_KEY={options.app_key} {hint}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
