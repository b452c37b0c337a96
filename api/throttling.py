"""Rate limits: per IP for anonymous clients, per token (higher) for partners, per account for staff."""

from rest_framework import throttling
from rest_framework.throttling import SimpleRateThrottle

from api.permissions import partner_token
from kb.clients import client_address


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's, keyed by the client's address as the trusted proxies report it (DRF would believe any
    X-Forwarded-For, so a client changing it on every request would never be limited)."""

    def get_ident(self, request):
        return client_address(request)


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        token = partner_token(request)
        return self.cache_format % {"scope": self.scope, "ident": token.pk} if token else None


class StaffRateThrottle(SimpleRateThrottle):
    scope = "staff"

    def get_cache_key(self, request, view):
        if partner_token(request) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
