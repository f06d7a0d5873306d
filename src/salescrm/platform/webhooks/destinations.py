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

The delivery then connects to the very address that was checked (``pinned``): the URL
names the address, the ``Host`` header and the TLS server name (SNI and certificate
check) keep the original name, so a name switched to an inside address between the
check and the connection (DNS rebinding) is not followed.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


def _addresses(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [str(info[4][0]).split("%", 1)[0] for info in infos]


def resolves_private(url: str) -> str | None:
    """The first non-public address the URL's host resolves to, or None. A name that
    does not resolve is left to the HTTP client to report."""
    host = _host(url)
    if not host:
        return None
    if named_private(url):
        return host
    for address in _addresses(host):
        try:
            if not _is_public(ipaddress.ip_address(address)):
                return address
        except ValueError:
            return address  # not an address we can judge: refuse rather than guess
    return None


@dataclass
class Pinned:
    """A request to the checked address: the URL, the headers and httpx extensions."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, Any]


def pinned(url: str, address: str, headers: dict[str, str]) -> Pinned:
    """``url`` sent to ``address``, keeping its name for ``Host`` and for TLS."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    extensions: dict[str, Any] = {"sni_hostname": host} if parts.scheme == "https" else {}
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    return Pinned(urlunsplit(parts._replace(netloc=netloc)),
                  {**headers, "Host": host_header}, extensions)


def checked_destination(url: str, headers: dict[str, str]) -> tuple[str | None, Pinned | None]:
    """(the non-public address that blocks the delivery, or None; the request to send,
    pinned to the first checked address — None when the name does not resolve, which
    the HTTP client then reports)."""
    blocked = resolves_private(url)
    if blocked is not None:
        return blocked, None
    host = _host(url)
    try:
        ipaddress.ip_address(host)
        return None, Pinned(url, headers, {})  # an address already: nothing to pin
    except ValueError:
        pass
    addresses = _addresses(host)
    return None, (pinned(url, addresses[0], headers) if addresses else None)
