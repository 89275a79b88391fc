"""Styled error pages for people, even with DEBUG on.

Django's own handlers render templates/403.html, 404.html and 500.html when DEBUG is off. With DEBUG on it answers an
unknown address with its technical 404 page (every URL pattern, the settings module): useful to a developer, confusing
to a reviewer on a demo. This middleware keeps that page for staff and shows everyone else the styled one."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults


class StyledNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(getattr(request, "user", None), "is_staff", False)
        ):
            return defaults.page_not_found(request, Http404())
        return response
