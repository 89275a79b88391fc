"""The partner API speaks English unless the request's `Accept-Language` asks for another language we have.

The staff pages follow the browser and the language cookie (Django's LocaleMiddleware); an integration should not
change language with the desktop of whoever set it up, and the README's examples are English. Webhooks, which
answer no request, are English too."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

API_DEFAULT_LANGUAGE = "en"
API_PREFIX = "/api/"


def api_language(accept_language: str) -> str:
    """The first language of the header that we speak, else English (the cookie and the site default are ignored)."""
    for code, _quality in parse_accept_lang_header(accept_language):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return API_DEFAULT_LANGUAGE


class ApiLanguageMiddleware:
    """After LocaleMiddleware: under /api/ the language is `api_language` of the request's Accept-Language."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

