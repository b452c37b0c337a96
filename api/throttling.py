"""Rate limits: per IP for anonymous clients, per token (higher) for partners, per account for staff; every throttled
response tells the client its quota in the IETF draft's `RateLimit-Limit`, `RateLimit-Remaining` and
`RateLimit-Reset` headers (api/middleware.py writes them)."""

import math
from typing import NamedTuple

from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling
from rest_framework.throttling import SimpleRateThrottle

from api.permissions import partner_token
from kb.clients import client_address
from kb.shared_cache import UNREACHABLE, cache_unreachable

# Counts kept in this process while the shared cache cannot be reached (below).
LOCAL_COUNTS = LocMemCache("kb-rate-limit-fallback", {})


class RateLimitQuota(NamedTuple):
    limit: int
    remaining: int
    reset_seconds: int  # until the oldest request counted leaves the window


class QuotaMixin:
    """Leaves the client's quota on the request (`rate_limit`) after DRF has counted it."""

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None:
            oldest = self.history[-1] if self.history else self.now
            request._request.rate_limit = RateLimitQuota(
                limit=self.num_requests,
                remaining=max(0, self.num_requests - len(self.history)),
                reset_seconds=max(0, math.ceil(self.duration - (self.now - oldest))),
            )
        return allowed


class SharedCountsMixin:
    """Counts in the default cache, shared by every app server with REDIS_URL. While it cannot be reached, counts in
    this process's memory instead: each process then limits on its own, as a single server without Redis does.
    Neither failing closed (an outage of Redis would refuse every client: an outage of the API) nor open (no limit
    at all while Redis is down, which a flood could exploit)."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except UNREACHABLE as exc:
            cache_unreachable("rate_limit", exc)
            self.cache = LOCAL_COUNTS
            return super().allow_request(request, view)


class AnonRateThrottle(QuotaMixin, SharedCountsMixin, throttling.AnonRateThrottle):
    """DRF's, keyed by the client's address as the trusted proxies report it (DRF would believe any
    X-Forwarded-For, so a client changing it on every request would never be limited)."""

    def get_ident(self, request):
        return client_address(request)


class PartnerRateThrottle(QuotaMixin, SharedCountsMixin, SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        token = partner_token(request)
        return self.cache_format % {"scope": self.scope, "ident": token.pk} if token else None


class StaffRateThrottle(QuotaMixin, SharedCountsMixin, SimpleRateThrottle):
    scope = "staff"

    def get_cache_key(self, request, view):
        if partner_token(request) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
