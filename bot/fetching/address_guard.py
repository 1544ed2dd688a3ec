"""Refuse addresses that would let a feed or a user make the bot talk to its own network.

Checked twice: before each request (a readable error early) and again when the socket is opened
(so a DNS answer that changes between the two — DNS rebinding — cannot slip through).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

from bot.fetching.errors import Unresolvable, UnsafeURL

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Maps (host, port) to the IP addresses a connection would use."""

_DNS_TIMEOUT = 10.0
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the system resolver in a worker thread (never blocks the event loop)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_forbidden_address(address: str) -> bool:
    """True for anything that is not a plain public unicast address.

    Loopback, private, shared (CGNAT), link-local, multicast, reserved, unspecified, cloud
    metadata, and IPv6 forms that embed such an IPv4 address (mapped, 6to4, Teredo, NAT64).
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    if ip in _METADATA:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and is_forbidden_address(str(embedded)):
            return True
    return (
        not ip.is_global
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
    )


def parse_web_url(url: str) -> httpx.URL:
    """Parse ``url`` as httpx will send it; raise UnsafeURL unless it is http(s) with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsafeURL("not a valid web address") from exc
    if parsed.scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https addresses are fetched, not {parsed.scheme or '?'}")
    if not parsed.host:
        raise UnsafeURL("the address has no host")
    return parsed


async def resolve_public(host: str, port: int, resolver: Resolver | None = None) -> list[str]:
    """Resolve ``host``; return its addresses if every one is public, else raise UnsafeURL.

    Every address is checked, not just the first: a name that resolves to one public and one
    private address could still connect to the private one.
    """
    if _is_localhost_name(host):
        raise UnsafeURL(f"{host[:100]} is this machine")
    literal = _literal_address(host)
    addresses = [literal] if literal else await _resolve(host, port, resolver or system_resolver)
    for address in addresses:
        if is_forbidden_address(address):
            raise UnsafeURL(f"{host[:100]} points to a private or local address")
    return addresses


def _is_localhost_name(host: str) -> bool:
    # RFC 6761: "localhost" and names under it are loopback, whatever DNS says.
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def _literal_address(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


async def _resolve(host: str, port: int, resolve: Resolver) -> list[str]:
    try:
        async with asyncio.timeout(_DNS_TIMEOUT):
            addresses = await resolve(host, port)
    except (OSError, UnicodeError, TimeoutError) as exc:
        raise Unresolvable(f"cannot resolve {host[:100]}") from exc
    if not addresses:
        raise Unresolvable(f"cannot resolve {host[:100]}")
    return addresses


async def check_url(
    url: str, *, allow_private: bool = False, resolver: Resolver | None = None
) -> None:
    """Raise UnsafeURL unless ``url`` is http(s) and its host resolves only to public addresses.

    Raises Unresolvable when the host does not resolve. With ``allow_private`` only the scheme is
    checked (for tests against a local server).
    """
    parsed = parse_web_url(url)
    if allow_private:
        return
    host = parsed.raw_host.decode("ascii")
    await resolve_public(host, parsed.port or (443 if parsed.scheme == "https" else 80), resolver)
