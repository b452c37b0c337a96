"""Partner tokens: created by staff, shown once, stored hashed, checked on every API request."""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kb.models import Organisation, PartnerToken

PREFIX_LENGTH = 8
# last_used_at is written at most this often per token, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)

MSG_INVALID = "Invalid token."
MSG_REVOKED = "This token was revoked."
MSG_EXPIRED = "This token has expired."
MSG_IP = "This token may not be used from {ip}."


class TokenRejected(Exception):
    pass


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def partner_account_get(*, organisation: Organisation):
    """The non-staff account that a partner's submissions are recorded under: one per organisation, keyed by its id
    (names cut to a length would let two organisations share one account, and each other's drafts)."""
    username = partner_username(organisation)
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": False})
    return user


def partner_username(organisation: Organisation) -> str:
    return f"partner-org-{organisation.pk}"


@transaction.atomic
def token_create(
    *, organisation: Organisation, name: str, scopes: list[str], by=None, expires_at=None, allowed_ips=()
) -> tuple[PartnerToken, str]:
    """Create a token and return it with its key; the key is not stored and cannot be shown again."""
    key = secrets.token_urlsafe(32)
    token = PartnerToken(
        organisation=organisation,
        user=partner_account_get(organisation=organisation),
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=_hash(key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        allowed_ips=list(allowed_ips),
        created_by=by if getattr(by, "pk", None) else None,
    )
    token.full_clean()
    token.save()
    return token, key


def token_authenticate(*, key: str, ip: str | None) -> PartnerToken:
    """The active token for `key`, or TokenRejected saying why."""
    token = PartnerToken.objects.select_related("user", "organisation").filter(prefix=key[:PREFIX_LENGTH]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        raise TokenRejected(MSG_INVALID)
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected(MSG_REVOKED)
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRejected(MSG_EXPIRED)
    if token.allowed_ips and (ip is None or not _ip_allowed(ip, token.allowed_ips)):
        raise TokenRejected(MSG_IP.format(ip=ip))
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def _ip_allowed(ip: str, allowed: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address == ipaddress.ip_address(a) for a in allowed)


def token_revoke(*, token: PartnerToken) -> PartnerToken:
    PartnerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token
