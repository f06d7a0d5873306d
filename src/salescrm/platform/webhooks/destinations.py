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
import re
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def allowed_private() -> bool:
    from salescrm.config import get_settings

    return get_settings().webhook_allow_private


# IPv6 forms that carry an IPv4 address or reach IPv4 through a translator: NAT64
# (64:ff9b::/96 and the local-use /48), IPv4-mapped, IPv4-compatible, SIIT, 6to4 and
# Teredo. Through them ``[64:ff9b::7f00:1]`` is 127.0.0.1 to a NAT64 gateway: refused
# whatever address they embed (no webhook receiver needs them).
EMBEDDING_IPV4 = tuple(ipaddress.IPv6Network(n) for n in (
    "64:ff9b::/96", "64:ff9b:1::/48", "::ffff:0:0/96", "::/96", "::ffff:0:0:0/96",
    "2002::/16", "2001::/32"))
# An http(s) URL whose host is a plain DNS name (an internationalized one written in
# punycode) or an IPv4 address, with a port in range: no percent-escapes, user info,
# controls or backslashes, which clients and resolvers read differently. Published in
# the OpenAPI document as it is. IPv6 literals (``[2606:4700::1111]``) are accepted too.
_LABEL = "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_PORT = ("(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}"
         "|[0-9]{1,4}))?")
_REST = r"([/?#][^\x00-\x20\x7f\\]*)?$"
DESTINATION_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://{_LABEL}(\.{_LABEL})*\.?{_PORT}{_REST}"
_DESTINATION = re.compile(DESTINATION_PATTERN)
_IPV6_DESTINATION = re.compile(rf"^[Hh][Tt][Tt][Pp][Ss]?://\[([0-9A-Fa-f:.]+)\]{_PORT}{_REST}")


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and (
            ip.scope_id or any(ip in net for net in EMBEDDING_IPV4)):
        return False
    return ip.is_global and not ip.is_multicast


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def well_formed(url: str) -> bool:
    """Does ``url`` have the published shape (``http://[::1``, ``http://%00/`` do not)?"""
    if _DESTINATION.match(url):
        return True
    literal = _IPV6_DESTINATION.match(url)
    if literal is None:
        return False
    try:
        ipaddress.IPv6Address(literal.group(1))
    except ValueError:
        return False
    return True


def destination_problem(url: Any) -> str | None:
    """Why a webhook URL cannot be saved — ``"malformed"`` or ``"private"`` — or None."""
    if not isinstance(url, str) or len(url) > 2000 or not well_formed(url):
        return "malformed"
    if named_private(url) and not allowed_private():
        return "private"
    return None


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
