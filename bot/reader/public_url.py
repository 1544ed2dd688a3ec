"""Is a URL one the bot's users can open? Pure: looks at the address only, asks no network.

A Clean page link is opened on a phone somewhere on the internet, so a reader URL on a
loopback, private, link-local or unspecified address, or under a name only a local network
resolves (`localhost`, `*.local`, a bare host name), is a dead link for everyone but the
operator. `newsbrief doctor` and the start-up warning use the same judgement.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

# Names that resolve only on the machine or the local network (RFC 6761, 6762, 8375 and the
# suffixes home routers hand out).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".localdomain")
# Every label a number (decimal, octal or hex): an IPv4 address in a spelling browsers accept.
_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*$")


def not_public_because(url: str) -> str | None:
    """Why people elsewhere on the internet cannot open `url` (a phrase such as "a loopback
    address"), or None when it is an http(s) URL on a public address or domain name."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return "not an http(s) URL"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return _name_problem(host)
    return _address_problem(ip)


def is_public_url(url: str) -> bool:
    """True when `url` is an http(s) URL whose host people elsewhere on the internet can reach."""
    return not_public_because(url) is None


def _name_problem(host: str) -> str | None:
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return f"a local name ({host})"
    if _NUMERIC.match(host):  # 127.1, 0x7f.0.0.1: not parsed by ipaddress, opened by browsers
        try:
            return _address_problem(ipaddress.IPv4Address(socket.inet_aton(host)))
        except OSError:
            return f"not a valid address ({host})"
    if "." not in host:
        return f"a bare host name ({host})"
    return None


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return f"the unspecified address ({ip})"
    if ip.is_loopback:
        return f"a loopback address ({ip})"
    if ip.is_link_local:
        return f"a link-local address ({ip})"
    if ip.is_multicast:
        return f"a multicast address ({ip})"
    if ip.is_private or not ip.is_global:
        return f"a private address ({ip})"
    return None
