"""The one exception hierarchy for everything that can go wrong on the way to a web page."""

from __future__ import annotations


class FetchError(Exception):
    """A fetch failed; ``str()`` is a short reason fit to show a person."""


class UnsafeURL(FetchError):
    """The address is not http(s), or it points at this machine or a private network."""


class TooLarge(FetchError):
    """The body (after decompression) is larger than the policy allows."""


class FetchTimeout(FetchError):
    """Connecting, reading, or the whole request took longer than the policy allows."""


class TooManyRedirects(FetchError):
    """The redirect chain is longer than the policy allows (or loops)."""


class ConsentWall(FetchError):
    """The site redirected to a cookie-consent interstitial instead of the page."""

    def __init__(self, reason: str = "consent wall") -> None:
        super().__init__(reason)


class HTTPStatusError(FetchError):
    """The server answered with an error status (>= 400)."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class TooCostly(FetchError):
    """Reading the document took more CPU time than its budget (a parser bomb)."""
