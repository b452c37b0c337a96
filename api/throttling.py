"""Rate limits: per IP for anonymous clients, per token (higher) for partners, per account for staff."""

from rest_framework.throttling import SimpleRateThrottle

from api.permissions import partner_token


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
