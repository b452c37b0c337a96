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
    reset_seconds: int  # until the client's window closes and its count starts again


class CountedWindowMixin:
    """A client's requests counted in a window that opens with its first request and lasts the rate's duration
    (a minute): at most the rate's number of requests in each window, and the quota left on the request
    (`rate_limit`) for the RateLimit-* headers.

    The count is one atomic increment in the cache (Redis's INCR; this process's memory increments under a lock).
    DRF's own throttle kept the time of every request for the duration, read the list, added to it and wrote it
    back: requests of one client arriving together through Redis each wrote over the others' (a client sending in
    parallel went past its limit), and the list, pickled in and out on every request, grew with the rate. The
    database cache (CACHE_URL=dbcache://) increments by reading and writing, so there concurrent requests can still
    be counted as one: use Redis where the limit must be exact across workers."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.opened = self._window_opened()
        self.count = self._counted(f"{self.key}:{self.opened!r}")
        request._request.rate_limit = RateLimitQuota(
            limit=self.num_requests,
            remaining=max(0, self.num_requests - self.count),
            reset_seconds=self.wait(),
        )
        return self.count <= self.num_requests

    def wait(self) -> int:
        """Seconds until the client's window closes (DRF's Retry-After on a refusal, and RateLimit-Reset)."""
        return max(1, math.ceil(self.duration - (self.now - self.opened)))

    def _window_opened(self) -> float:
        """When the client's window opened: now, where none is open (the first to add it wins a race)."""
        opened = self.cache.get(self.key)
        if opened is None:
            self.cache.add(self.key, self.now, self.duration)
            opened = self.cache.get(self.key, self.now)
        return opened

    def _counted(self, counter: str) -> int:
        """The window's count with this request (the counter made at 1 where it is not there yet)."""
        try:
            return self.cache.incr(counter)
        except ValueError:  # not there: this request is the window's first, unless another one adds it first
            if self.cache.add(counter, 1, self.duration + 1):
                return 1
            return self.cache.incr(counter)


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


class AnonRateThrottle(SharedCountsMixin, CountedWindowMixin, throttling.AnonRateThrottle):
    """DRF's, keyed by the client's address as the trusted proxies report it (DRF would believe any
    X-Forwarded-For, so a client changing it on every request would never be limited)."""

    def get_ident(self, request):
        return client_address(request)


class PartnerRateThrottle(SharedCountsMixin, CountedWindowMixin, SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        token = partner_token(request)
        return self.cache_format % {"scope": self.scope, "ident": token.pk} if token else None


class StaffRateThrottle(SharedCountsMixin, CountedWindowMixin, SimpleRateThrottle):
    scope = "staff"

    def get_cache_key(self, request, view):
        if partner_token(request) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
