"""Can users' phones open Clean page links: is NEWSBRIEF_READER_URL public, and does it lead to
this bot's /healthz?"""

from __future__ import annotations

import asyncio
import ipaddress

import httpx

from bot.fetching import FetchError
from bot.fetching.address_guard import (
    Resolver,
    is_forbidden_address,
    parse_web_url,
    system_resolver,
)
from bot.ops.doctor.results import DEPLOY_DOC, CheckResult, failed, passed
from bot.ops.doctor.setup import redact_web_url
from bot.settings import Settings

READER_SECONDS = 10.0


async def check_reader(settings: Settings, *, resolver: Resolver | None = None) -> CheckResult:
    """Is NEWSBRIEF_READER_URL an address users' phones can reach, and does it lead to us?"""
    name = "Reader URL"
    fix_public = (
        "set NEWSBRIEF_READER_URL to the public https:// address that your web server (nginx) "
        f"forwards to NEWSBRIEF_READER_LISTEN ({settings.reader_listen}); see {DEPLOY_DOC}"
    )
    url = settings.reader_url
    if not url:
        return failed(
            name,
            f"not set: Clean page links would point to {settings.reader_base_url}",
            fix_public,
        )
    shown = redact_web_url(url).rstrip("/")[:200]
    try:
        parsed = parse_web_url(url)
    except FetchError as exc:
        return failed(name, f"{shown}: {exc}", fix_public)
    host = parsed.host
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = await _addresses(host, port, resolver or system_resolver)
    except (OSError, UnicodeError, TimeoutError):
        return failed(name, f"{host} does not resolve", f"add a DNS record for {host}")
    private = [a for a in addresses if is_forbidden_address(a)]
    if private:
        return failed(
            name,
            f"{shown} is a {_kind_of_address(private[0])} address: users' phones cannot "
            "open Clean page links there",
            fix_public,
        )
    health = url.rstrip("/") + "/healthz"
    try:
        # The environment's proxy settings apply: this request goes where a user's would.
        async with httpx.AsyncClient(timeout=READER_SECONDS, follow_redirects=True) as client:
            answer = await client.get(health)
    except httpx.HTTPError as exc:
        return failed(
            name,
            f"{shown}/healthz does not answer ({type(exc).__name__})",
            f"start the bot, and check that the web server forwards {host} to "
            f"{settings.reader_listen} (see {DEPLOY_DOC})",
        )
    if answer.status_code != 200 or not _is_our_health(answer):
        return failed(
            name,
            f"{shown}/healthz answered HTTP {answer.status_code}, not the bot's health report",
            f"check that the web server forwards {host} to {settings.reader_listen} "
            f"(see {DEPLOY_DOC})",
        )
    return passed(name, f"{shown} is public and its /healthz answers")


async def _addresses(host: str, port: int, resolve: Resolver) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if host.rstrip(".").lower() == "localhost" or host.rstrip(".").lower().endswith(".localhost"):
        return ["127.0.0.1"]
    async with asyncio.timeout(READER_SECONDS):
        found = await resolve(host, port)
    if not found:
        raise OSError("no address")
    return found


def _kind_of_address(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    return "non-public"


def _is_our_health(answer: httpx.Response) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("ok") is True
