"""One HTTP session per worker process (and thread) for each outside service we call.

A new `requests.Session` per document opened a new TCP connection, and a new TLS handshake, for every OCR call
and every token or status request. Kept here, the connections stay open between documents (HTTP keep-alive).
A session is never shared across a fork (a prefork child gets its own) nor across threads."""

import os
import threading

import requests

_local = threading.local()


def shared_session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None or getattr(_local, "pid", None) != os.getpid():
        session = _local.session = requests.Session()
        _local.pid = os.getpid()
    return session
