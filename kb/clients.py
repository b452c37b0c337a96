"""Who is asking: the client's address behind the reverse proxies the deployment trusts.

`REMOTE_ADDR` is the proxy's address when the site runs behind one (every client would look the same), and
`X-Forwarded-For` is whatever the client wrote unless a trusted proxy wrote it. Settings (docs/operations.md):
KB_TRUSTED_PROXY_COUNT (how many proxies append to X-Forwarded-For in front of the server) or KB_TRUSTED_PROXIES
(their addresses or networks, CIDR). Neither set: REMOTE_ADDR, and X-Forwarded-For is ignored.
"""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _trusted_networks(cidrs: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client that sent `request`, as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    count = getattr(settings, "KB_TRUSTED_PROXY_COUNT", 0)
    networks = _trusted_networks(tuple(getattr(settings, "KB_TRUSTED_PROXIES", ())))
    if count > 0:
        # Each of `count` proxies appended the address it received from; the outermost one wrote the client's.
        chain = forwarded[-count:] if forwarded else []
        found = _address(chain[0]) if len(chain) == count else None
        return str(found) if found else remote
    if networks:
        hops = [*forwarded, remote]
        while hops:
            found = _address(hops.pop())
            if found is None:
                return remote
            if not any(found in network for network in networks):
                return str(found)
        return remote
    return remote
