"""How many times one visitor did something lately: the rate limits of the site's
forms (Share your story now, the contact form next), counted in the cache, which is
Redis in production, so every app server counts together.

A visitor is their address, hashed with the secret key (never stored). Behind a
proxy every request comes from the proxy, so the address is read from the header the
proxy sets, named by settings.CLIENT_IP_HEADER (docs/deployment.md)."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    if forwarded:
        # The last address is the one our own proxy added; earlier ones the client sent.
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def visitor(request):
    """Who is asking: their IPv4 address, or their IPv6 /64 network, since one
    household or phone is given a whole /64 and could otherwise take a new address
    for each try."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1, a v4 visitor on a v6 socket
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def visitor_key(request, scope):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{visitor(request)}".encode())
    return f"rate:{scope}:{digest.hexdigest()[:32]}"


def over_limit(request, scope, limit):
    """Whether this visitor has done `scope` `limit` times within its window."""
    return cache.get(visitor_key(request, scope), 0) >= limit


def count(request, scope, window):
    """One more time, and how many times now: counted before the caller acts, and
    atomically (Redis INCR), so requests sent at once cannot all slip under a limit.
    The count is forgotten `window` seconds after the first."""
    key = visitor_key(request, scope)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # it expired between the two calls
        cache.add(key, 1, window)
        return 1
