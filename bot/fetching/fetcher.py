"""The bot's one way out to the web: a guarded, bounded, polite HTTP GET."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from types import TracebackType
from typing import Self

import httpx

from bot.fetching.address_guard import Resolver, check_url, parse_web_url
from bot.fetching.body_reader import ACCEPT_ENCODING, read_limited_body
from bot.fetching.cache_headers import parse_cache_max_age, parse_retry_after
from bot.fetching.errors import (
    ConsentWall,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooManyRedirects,
)
from bot.fetching.guarded_transport import GuardedTransport, shared_ssl_context

DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CONSENT_HOST_PREFIXES = ("consent.", "guce.")
_MAX_HEADER_VALUE = 1000


@dataclass(frozen=True)
class FetchPolicy:
    """How far the bot goes for one page. Built once from settings and passed down."""

    user_agent: str = "newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_deadline: float = 45.0
    max_bytes: int = 5_000_000
    max_redirects: int = 8
    per_host_concurrency: int = 2
    allow_private: bool = False


@dataclass(frozen=True)
class FetchResult:
    """What came back. For a 304 the body is empty and the validators are the ones to keep."""

    url: str
    status: int
    content_type: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    cache_max_age: float | None

    @property
    def not_modified(self) -> bool:
        """True when the server confirmed our cached copy is current (HTTP 304)."""
        return self.status == 304


class _HostSlots:
    """At most ``limit`` requests in flight per host; idle hosts are forgotten."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._slots: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @asynccontextmanager
    async def hold(self, host: str) -> AsyncIterator[None]:
        semaphore, users = self._slots.get(host, (asyncio.Semaphore(self._limit), 0))
        self._slots[host] = (semaphore, users + 1)
        try:
            async with semaphore:
                yield
        finally:
            semaphore, users = self._slots[host]
            if users <= 1:
                del self._slots[host]
            else:
                self._slots[host] = (semaphore, users - 1)


class Fetcher:
    """Makes every outbound request of the bot. Use ``async with Fetcher(policy) as fetcher``.

    ``transport`` replaces the network (tests); ``resolver`` replaces DNS for the address guard.
    """

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.policy = policy
        self._resolver = resolver
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        if transport is None:
            transport = (
                httpx.AsyncHTTPTransport(
                    verify=shared_ssl_context(), trust_env=False, limits=limits
                )
                if policy.allow_private
                else GuardedTransport(resolver=resolver, limits=limits)
            )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(
                connect=policy.connect_timeout,
                read=policy.read_timeout,
                write=policy.read_timeout,
                pool=policy.connect_timeout,
            ),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        # Cookies never outlive one fetch (see fetch): the shared jar refuses them all, so no
        # site can follow the bot around.
        self._client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self._hosts = _HostSlots(policy.per_host_concurrency)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections. The fetcher cannot be used afterwards."""
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url`` with conditional headers, following up to ``max_redirects`` redirects.

        Every hop is checked with ``check_url`` before it is requested. Raises UnsafeURL,
        TooLarge, FetchTimeout, TooManyRedirects, ConsentWall (a redirect to a consent.* or
        guce.* host), HTTPStatusError (status >= 400, with Retry-After), or FetchError.
        The total deadline counts network time only, not time queued behind other requests to
        the same host.
        """
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        cookies = httpx.Cookies()
        budget = self.policy.total_deadline
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            host = parse_web_url(current).host
            async with self._hosts.hold(host):
                started = time.monotonic()
                try:
                    async with asyncio.timeout(max(budget, 0.0)):
                        outcome = await self._fetch_once(current, headers, cookies)
                except TimeoutError as exc:
                    raise FetchTimeout("the site took too long to answer") from exc
                budget -= time.monotonic() - started
            if isinstance(outcome, FetchResult):
                return _with_sent_validators(outcome, etag, last_modified)
            current = outcome
        raise TooManyRedirects(f"more than {self.policy.max_redirects} redirects")

    async def post(
        self, url: str, content: bytes, *, content_type: str, accept: str | None = None
    ) -> FetchResult:
        """POST ``content`` to ``url`` under the same guard, limits and deadline as ``fetch``.

        For the few APIs that only answer a POST; redirects are not followed (FetchError).
        """
        headers = {"Accept": accept or DEFAULT_ACCEPT, "Content-Type": content_type}
        async with self._hosts.hold(parse_web_url(url).host):
            try:
                async with asyncio.timeout(self.policy.total_deadline):
                    outcome = await self._fetch_once(
                        url, headers, httpx.Cookies(), method="POST", content=content
                    )
            except TimeoutError as exc:
                raise FetchTimeout("the site took too long to answer") from exc
        if not isinstance(outcome, FetchResult):
            raise FetchError("the site redirected a POST")
        return outcome

    async def _fetch_once(
        self,
        url: str,
        headers: dict[str, str],
        cookies: httpx.Cookies,
        *,
        method: str = "GET",
        content: bytes | None = None,
    ) -> FetchResult | str:
        """One request: a result, or the next URL to go to."""
        await check_url(url, allow_private=self.policy.allow_private, resolver=self._resolver)
        request = self._client.build_request(method, url, headers=headers, content=content)
        cookies.set_cookie_header(request)
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchTimeout("the site took too long to answer") from exc
        except httpx.HTTPError as exc:
            raise FetchError(_network_reason(exc)) from exc
        try:
            cookies.extract_cookies(response)
            return await self._handle(response)
        except httpx.TimeoutException as exc:
            raise FetchTimeout("the site took too long to answer") from exc
        except httpx.HTTPError as exc:
            raise FetchError(_network_reason(exc)) from exc
        finally:
            await response.aclose()

    async def _handle(self, response: httpx.Response) -> FetchResult | str:
        status = response.status_code
        if status in _REDIRECTS:
            return _redirect_target(response)
        if status >= 400:
            raise HTTPStatusError(status, parse_retry_after(response.headers.get("retry-after")))
        if 300 <= status < 400 and status != 304:
            raise FetchError(f"unexpected HTTP {status}")
        body = b"" if status == 304 else await read_limited_body(response, self.policy.max_bytes)
        headers = response.headers
        return FetchResult(
            url=str(response.url),
            status=status,
            content_type=_bounded(headers.get("content-type")),
            body=body,
            etag=_bounded(headers.get("etag")),
            last_modified=_bounded(headers.get("last-modified")),
            cache_max_age=parse_cache_max_age(
                headers.get("cache-control"), headers.get("expires"), headers.get("date")
            ),
        )


def _redirect_target(response: httpx.Response) -> str:
    location = response.headers.get("location", "").strip()
    if not location or len(location) > 8000:
        raise FetchError("redirect without a usable Location")
    try:
        target = response.url.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError("redirect to an invalid address") from exc
    if target.host.startswith(_CONSENT_HOST_PREFIXES):
        raise ConsentWall()
    return str(target.copy_with(fragment=None))


def _with_sent_validators(
    result: FetchResult, etag: str | None, last_modified: str | None
) -> FetchResult:
    """A 304 that omits validators still confirms the ones we sent: keep them."""
    if not result.not_modified:
        return result
    return FetchResult(
        url=result.url,
        status=result.status,
        content_type=result.content_type,
        body=b"",
        etag=result.etag or etag,
        last_modified=result.last_modified or last_modified,
        cache_max_age=result.cache_max_age,
    )


def _bounded(value: str | None) -> str | None:
    if value is None:
        return None
    return value[:_MAX_HEADER_VALUE]


def _network_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "could not connect to the site"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the site broke off the connection"
    return "network error"
