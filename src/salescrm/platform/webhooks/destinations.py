"""Where the server may send webhooks: public addresses only, unless the operator says
otherwise.

A webhook URL is chosen by a tenant's administrator, and the server makes the request:
without a check, one tenant could make the server call what only the server can reach
(a database console on localhost, a cloud metadata service at 169.254.169.254, another
service on the private network) and read the answer in the delivery log. So URLs
naming a loopback, private, link-local or otherwise non-public address are refused
when saved, and names are resolved again right before each delivery (a name may
point somewhere else later). A laptop install that posts to a local tool sets
``SALESCRM_WEBHOOK_ALLOW_PRIVATE=true``.

The check and the connection resolve the name separately, so a name switched between
the two in the same instant could still slip through; operators who need more put an
egress proxy in front.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def allowed_private() -> bool:
    from salescrm.config import get_settings

    return get_settings().webhook_allow_private


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def named_private(url: str) -> bool:
    """The URL itself names a non-public host: an address literal or localhost."""
    host = _host(url)
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return not _is_public(ipaddress.ip_address(host))
    except ValueError:
        return False  # a name: resolved at delivery


def resolves_private(url: str) -> str | None:
    """The first non-public address the URL's host resolves to, or None. A name that
    does not resolve is left to the HTTP client to report."""
    host = _host(url)
    if not host:
        return None
    if named_private(url):
        return host
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            if not _is_public(ipaddress.ip_address(address)):
                return address
        except ValueError:
            continue
    return None
