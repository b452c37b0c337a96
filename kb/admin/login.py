"""Admin sign-in with a limit on failed attempts per account and address, and per address (guessing passwords takes
ages, and failures elsewhere never lock a user out)."""

import hashlib

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kb.clients import client_address
from kb.shared_cache import UNREACHABLE, cache_unreachable

MSG_LOCKED = gettext_noop("Too many failed sign-in attempts. Try again in {minutes} minutes.")
MSG_UNAVAILABLE = gettext_noop("Signing in is not possible for a moment. Try again in a minute.")
# Seconds a refused sign-in is told to wait while the shared cache is down.
UNAVAILABLE_RETRY_AFTER = 60


def _keys(request) -> list[tuple[str, int]]:
    """(cache key, limit) pairs: the account from this address, and this address over all accounts."""
    address = client_address(request)
    username = (request.POST.get("username") or "").strip().lower()
    digest = hashlib.sha256(f"{username}|{address}".encode()).hexdigest()  # bounded key whatever was typed
    return [
        (f"admin-login:account:{digest}", settings.ADMIN_LOGIN_FAILURE_LIMIT),
        (f"admin-login:ip:{address}", settings.ADMIN_LOGIN_ADDRESS_LIMIT),
    ]


class ThrottledLoginView(LoginView):
    def post(self, request, *args, **kwargs):
        window = settings.ADMIN_LOGIN_FAILURE_WINDOW
        keys = _keys(request)
        try:
            locked = any(cache.get(key, 0) >= limit for key, limit in keys)
        except UNREACHABLE as exc:
            # Fails closed: without the shared counts every server would allow its own tries, multiplying the
            # guesses; whoever is signed in stays so (sessions live in PostgreSQL).
            cache_unreachable("sign_in", exc)
            return _refused(_(MSG_UNAVAILABLE), 503, UNAVAILABLE_RETRY_AFTER)
        if locked:
            return _refused(_(MSG_LOCKED).format(minutes=window // 60), 429, window)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: wrong credentials
            try:
                for key, _limit in keys:
                    cache.add(key, 0, window)
                    cache.incr(key)
            except UNREACHABLE as exc:  # went down since the check: this failure is not counted
                cache_unreachable("sign_in", exc)
        return response


def _refused(message: str, status: int, retry_after: int) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain")
    response["Retry-After"] = str(retry_after)
    return response


def throttled_login(request, extra_context=None):
    context = {**admin.site.each_context(request), "title": _("Log in"), "site_header": admin.site.site_header}
    context.update(extra_context or {})
    view = ThrottledLoginView.as_view(
        template_name="admin/login.html",
        extra_context=context,
        authentication_form=admin.site.login_form or AdminAuthenticationForm,
        # Without ?next= the admin index, not settings.LOGIN_REDIRECT_URL (/accounts/profile/, which is no page here).
        next_page=reverse("admin:index"),
    )
    return view(request)
