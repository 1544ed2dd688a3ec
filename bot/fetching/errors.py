"""The one exception hierarchy for everything that can go wrong on the way to a web page."""

from __future__ import annotations

from bot.i18n import N_


class FetchError(Exception):
    """A fetch failed; ``str()`` is a short reason fit to show a person."""


# One text for every address the bot will not or cannot fetch, whatever the reason: a person
# who could tell "private" from "does not exist" could map the operator's internal names.
REFUSED_ADDRESS = N_("not a public web address I can reach")  # translated where shown


class AddressRefused(FetchError):
    """An address the bot does not fetch. ``str()`` is REFUSED_ADDRESS for every reason;
    ``detail`` says which, for the operator's log only."""

    def __init__(self, detail: str) -> None:
        super().__init__(REFUSED_ADDRESS)
        self.detail = detail


class UnsafeURL(AddressRefused):
    """The address is not http(s), or it points at this machine or a private network."""


class Unresolvable(AddressRefused):
    """The host name does not resolve (perhaps only for now: not a reason to stop a source)."""


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
