"""A local stand-in of the National Tax Service's business status API (odcloud.kr `nts-businessman/v1`), over HTTP.

Run by hand:

    python -m standins.nts_status --port 8090 --service-key demo

In tests:

    with NtsStatusStandin(service_key="k") as server:     # a free loopback port, a background thread
        server.statuses["1168200276"] = "03"              # closed from now on
        server.records["1168200276"] = ("20120901", "이도윤")  # what /validate compares against
        server.names["1168200276"] = "주식회사 한빛"            # compared too when a request sends `b_nm`
        server.script(["http:500", "success"])            # the next answers, then normal behaviour
        ... call server.base_url ...
        server.calls["status"], server.arrivals            # calls per operation, (operation, time, numbers)

Protocol (as /work/shared/reference/ocr-and-status-apis.md, section 2, describes the real service):

* `POST /api/nts-businessman/v1/status?serviceKey=K` with `{"b_no": [...]}`, at most 100 numbers:
  `{"status_code": "OK", "request_cnt", "match_cnt", "data": [{"b_no", "b_stt", "b_stt_cd", "tax_type",
  "tax_type_cd", "end_dt", "utcc_yn", "tax_type_change_dt", "invoice_apply_dt", "rbf_tax_type",
  "rbf_tax_type_cd"}]}`. A number whose check digit fails is not registered: empty codes and a `tax_type`
  message saying so. Otherwise `b_stt_cd` comes from `server.statuses`, else from the number as the NHN stand-in
  decides it (`standins.nhn_ocr.status_for`: its 06 -> 03 closed, 05 -> 02 suspended, else 01 active with the
  tax type 01/02/03); a closed business has an `end_dt`.
* `POST /api/nts-businessman/v1/validate?serviceKey=K` with `{"businesses": [{"b_no", "start_dt", "p_nm", ...}]}`,
  at most 100: each answer has `valid` `01` when `start_dt` and `p_nm` match `server.records[b_no]` (a number
  with no record matches when its check digit is right) and, when the request sends `b_nm` and
  `server.names[b_no]` is set, the name matches it too; else `02` with `valid_msg` "확인할 수 없습니다.". The
  company name is compared only when sent, as the real service does; `start_dt` and `p_nm` always are.
* Errors as the real gateway gives them: no or a wrong serviceKey -> HTTP 401 `{"code": -4, "msg": ...}`;
  a body that is not JSON -> 400 `BAD_JSON_REQUEST`; no `b_no`/`businesses` list -> 411
  `REQUEST_DATA_MALFORMED`; more than 100 -> 413 `TOO_LARGE_REQUEST`; another path -> 404; another method -> 405.
* Scripted answers replace the next calls' answers: `"success"`, `"http:500"` (`INTERNAL_ERROR`), `"http:429"`,
  `"not-json"`, `"drop"`, `"sleep:1.5"`, or a dict `{"status": 200, "json": {...}}`.
"""

import argparse
import json
import re
import time
from collections import Counter, deque
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standins._server import LoopbackStandin, StandinHandler
from standins.nhn_ocr import registration_number_ok, status_for

PREFIX = "/api/nts-businessman/v1"
MAX_NUMBERS = 100
B_STT = {"01": "계속사업자", "02": "휴업자", "03": "폐업자"}
TAX_TYPES = {
    "01": "부가가치세 일반과세자",
    "02": "부가가치세 간이과세자",
    "03": "부가가치세 면세사업자",
}
NOT_REGISTERED = "국세청에 등록되지 않은 사업자등록번호입니다."


class NtsStatusStandin(LoopbackStandin):
    thread_name = "nts-status-standin"

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, service_key: str = "demo",
                 latency: float = 0.0) -> None:
        self.service_key = service_key
        self.latency = latency
        self.statuses: dict[str, str] = {}
        self.records: dict[str, tuple[str, str]] = {}
        self.names: dict[str, str] = {}
        self.calls: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float, int]] = []
        self._script: deque = deque()
        super().__init__(host=host, port=port, handler=_Handler)

    @property
    def base_url(self) -> str:
        return self.url + PREFIX

    def script(self, answers: Iterable[Any]) -> None:
        with self._lock:
            self._script.extend(answers)

    def next_answer(self) -> Any:
        with self._lock:
            return self._script.popleft() if self._script else "success"

    def record(self, operation: str, numbers: int) -> None:
        with self._lock:
            self.calls[operation] += 1
            self.arrivals.append((operation, time.time(), numbers))

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.calls.clear()
            self.arrivals.clear()
            self.statuses.clear()
            self.records.clear()
            self.names.clear()

    def status_item(self, number: str) -> dict[str, str]:
        item = {
            "b_no": number, "b_stt": "", "b_stt_cd": "", "tax_type": NOT_REGISTERED, "tax_type_cd": "",
            "end_dt": "", "utcc_yn": "", "tax_type_change_dt": "", "invoice_apply_dt": "", "rbf_tax_type": "",
            "rbf_tax_type_cd": "",
        }
        if not registration_number_ok(number):
            return item
        nhn_code = status_for(number)
        code = self.statuses.get(number) or {"06": "03", "05": "02"}.get(nhn_code, "01")
        tax_type_cd = nhn_code if nhn_code in TAX_TYPES else "01"
        item.update(b_stt=B_STT.get(code, ""), b_stt_cd=code, tax_type=TAX_TYPES[tax_type_cd],
                    tax_type_cd=tax_type_cd, utcc_yn="N")
        if code == "03":
            item["end_dt"] = "20240131"
        return item

    def validate_item(self, business: dict) -> dict:
        number = str(business.get("b_no") or "")
        record = self.records.get(number)
        if record is None:
            matches = registration_number_ok(number)
        else:
            matches = (str(business.get("start_dt") or ""), str(business.get("p_nm") or "")) == record
        if matches and business.get("b_nm") and number in self.names:
            matches = str(business.get("b_nm")) == self.names[number]
        item: dict[str, Any] = {"b_no": number, "valid": "01" if matches else "02", "request_param": business}
        if matches:
            item["status"] = self.status_item(number)
        else:
            item["valid_msg"] = "확인할 수 없습니다."
        return item


class _Handler(StandinHandler):
    server_version = "nts-status-standin/1.0"

    def do_GET(self) -> None:
        self._read()
        path = urlsplit(self.path).path
        if path in (f"{PREFIX}/status", f"{PREFIX}/validate"):
            self._send_json(405, {"status_code": "METHOD_NOT_ALLOWED"})
        else:
            self._send_json(404, {"status_code": "NOT_FOUND"})

    do_PUT = do_DELETE = do_PATCH = do_GET

    def do_POST(self) -> None:
        body = self._read()
        parts = urlsplit(self.path)
        operation = parts.path.removeprefix(PREFIX + "/") if parts.path.startswith(PREFIX + "/") else ""
        if operation not in ("status", "validate"):
            self._send_json(404, {"status_code": "NOT_FOUND"})
            return
        standin = self.server.standin
        key = (parse_qs(parts.query).get("serviceKey") or [""])[0]
        if key != standin.service_key:
            standin.record(operation, 0)
            self._send_json(401, {"code": -4, "msg": "등록되지 않은 인증키 입니다."})
            return
        try:
            request = json.loads(body)
        except ValueError:
            standin.record(operation, 0)
            self._send_json(400, {"status_code": "BAD_JSON_REQUEST"})
            return
        items = request.get("b_no" if operation == "status" else "businesses") if isinstance(request, dict) else None
        standin.record(operation, len(items) if isinstance(items, list) else 0)
        if standin.latency:
            time.sleep(standin.latency)
        if not isinstance(items, list) or not items:
            self._send_json(411, {"status_code": "REQUEST_DATA_MALFORMED"})
            return
        if len(items) > MAX_NUMBERS:
            self._send_json(413, {"status_code": "TOO_LARGE_REQUEST"})
            return
        answer = standin.next_answer()
        if isinstance(answer, dict):
            self._send_json(int(answer.get("status", 200)), answer.get("json", {}))
            return
        text = str(answer)
        if text.startswith("sleep:"):
            time.sleep(float(text.removeprefix("sleep:")))
            text = "success"
        if text == "drop":
            self.close_connection = True
            return
        if text == "not-json":
            self._send(200, b"<html><body>Service Temporarily Unavailable</body></html>", "text/html")
            return
        if text.startswith("http:"):
            status = int(text.removeprefix("http:"))
            self._send_json(status, {"status_code": "INTERNAL_ERROR" if status >= 500 else "TOO_MANY_REQUESTS"})
            return
        if text != "success":
            raise ValueError(f"the stand-in does not know the scripted answer {answer!r}")
        if operation == "status":
            data = [standin.status_item(re.sub(r"\D", "", str(n))) for n in items]
            matched = sum(1 for d in data if d["b_stt_cd"])
            self._send_json(200, {"status_code": "OK", "request_cnt": len(items), "match_cnt": matched, "data": data})
        else:
            data = [standin.validate_item(b if isinstance(b, dict) else {}) for b in items]
            valid = sum(1 for d in data if d["valid"] == "01")
            self._send_json(200, {"status_code": "OK", "request_cnt": len(items), "valid_cnt": valid, "data": data})

    def _read(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local stand-in of the NTS business status API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--service-key", default="demo")
    options = parser.parse_args(argv)
    server = NtsStatusStandin(host=options.host, port=options.port, service_key=options.service_key)
    print(f"NTS status stand-in listening on {server.url}. Point the product at it with:")
    print(f"  STATUS_PROVIDER=nts NTS_BASE_URL={server.base_url} NTS_SERVICE_KEY={options.service_key}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
