"""Per-key request limits, counted in Django's cache (use a shared cache, e.g. Redis, with several web processes)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


class _LiveRateThrottle(SimpleRateThrottle):
    """Rates come from REST_FRAMEWORK DEFAULT_THROTTLE_RATES (config/settings.py), read on every request rather than
    once at import (SimpleRateThrottle.THROTTLE_RATES), so a settings change takes effect."""

    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()


class ApiKeyThrottle(_LiveRateThrottle):
    """One budget per API key (several keys of one partner each have their own); per user for sessions."""

    scope = "partner_api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousThrottle(_LiveRateThrottle):
    """Unauthenticated calls (bad keys included), per client address."""

    scope = "partner_api_anon"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey) or (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class BusinessCheckThrottle(ApiKeyThrottle):
    """POST /api/v1/businesses/{number}/check: its own, smaller budget per key (per user for sessions)."""

    scope = "business_check"
