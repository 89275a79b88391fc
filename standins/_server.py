"""What the stand-ins share: a loopback HTTP server in a background thread, and a handler that sends answers.

A stand-in subclasses `LoopbackStandin` (passing its handler, naming its `thread_name`) and its handler subclasses
`StandinHandler`; the handler reaches the stand-in as `self.server.standin`.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    standin: "LoopbackStandin"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout) before the answer is part of the game, not a stand-in error


class StandinHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _QuietServer

    def setup(self) -> None:
        super().setup()
        # Answers go out in two writes (headers, body): without this, Nagle and delayed ACKs add 40 ms per call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send_json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    def _send(self, status: int, payload: bytes, content_type: str, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, str(value))
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class LoopbackStandin:
    """The server lifecycle. `start()` serves in a background thread; `stop()` ends it; also a context manager."""

    thread_name = "standin"

    def __init__(self, *, host: str, port: int, handler: type[StandinHandler]) -> None:
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, port), handler)
        self._httpd.standin = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        # A short poll so that stop() returns at once.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=self.thread_name, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the foreground until Ctrl-C, then close the socket (for running a stand-in by hand)."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
