"""Calls to the outside services reuse one HTTP session per worker process and thread (documents/http_sessions.py):
its connections stay open between documents instead of a new TCP and TLS handshake for each."""

import threading

from documents.http_sessions import shared_session
from documents.ocr.nhn import NhnEngine
from registry.providers.nts import NtsStatusProvider


def test_engines_and_providers_built_for_each_document_share_one_session(settings):
    settings.NHN_OCR_APP_KEY, settings.NHN_OCR_SECRET_KEY, settings.NHN_OCR_API_VERSION = "app", "secret", "v1.0"
    settings.NTS_SERVICE_KEY = "key"
    first, second = NhnEngine.from_settings(), NhnEngine.from_settings()
    assert first.session is second.session is NtsStatusProvider.from_settings().session


def test_each_thread_has_its_own_session():
    sessions = []
    thread = threading.Thread(target=lambda: sessions.append(shared_session()))
    thread.start()
    thread.join()
    assert sessions[0] is not shared_session()
