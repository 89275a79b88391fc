"""`Authorization: Api-Key <key>` for partners' systems; a browser session for signed-in staff."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from . import services
from .models import ApiKey, Partner

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Sets request.auth to the ApiKey (request.user stays anonymous: a key acts for a partner, not a person)."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").strip()
        if not header:
            return None
        scheme, _sep, raw_key = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        raw_key = raw_key.strip()
        api_key = services.api_key_authenticate(raw_key=raw_key) if raw_key and " " not in raw_key else None
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid, or it has been revoked."))
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD


class IsPartnerOrSignedIn(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey) or bool(request.user and request.user.is_authenticated)


class IsPartner(permissions.BasePermission):
    message = _("Webhooks belong to a partner: call this with the partner's API key.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)


def caller(request) -> tuple[Partner | None, object | None]:
    """(partner, None) for an API key, (None, user) for a signed-in person."""
    if isinstance(request.auth, ApiKey):
        return request.auth.partner, None
    return None, request.user


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send `Authorization: Api-Key <key>`. Keys are made with `python manage.py create_partner` '
            "or in the admin and shown once.",
        }
