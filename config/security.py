"""Headers every dynamic answer carries: the Content-Security-Policy, and no caching.

Django 5.2 has no CSP middleware of its own (it arrives in 6.0), so this one sends settings.CONTENT_SECURITY_POLICY.
Templates keep scripts and styles in static files, so the policy needs neither 'unsafe-inline' nor nonces.

Every page and API answer this app builds is for one signed-in person or partner and most show personal data
(names, registration numbers, card masks, document images), so none may be kept by a browser or a shared cache:
`Cache-Control: no-store` unless a view chose its own. Static files are served by WhiteNoise before this runs."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def content_security_policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        if "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response
