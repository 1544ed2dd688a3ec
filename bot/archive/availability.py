"""The Wayback Machine's availability API: is there an archived copy of a page, and where.

https://archive.org/help/wayback_api.php — ``GET <api>?url=<page>`` answers
``{"archived_snapshots": {"closest": {"available": true, "url": "...", "status": "200"}}}``,
or ``{"archived_snapshots": {}}`` when it has no copy.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit, urlunsplit

from bot.fetching import Fetcher

MAX_ANSWER_BYTES = 64_000
MAX_SNAPSHOT_URL_CHARS = 4000
ARCHIVE_HOSTS = ("web.archive.org", "archive.org")


class UnreadableAnswer(ValueError):
    """The API answered with something that is not its JSON (an error page, a cut body)."""


def availability_url(api_url: str, page_url: str) -> str:
    """The API request asking about ``page_url``."""
    joiner = "&" if "?" in api_url else "?"
    return f"{api_url}{joiner}{urlencode({'url': page_url})}"


def parse_availability(body: bytes) -> str | None:
    """The https address of the closest good snapshot, or None when the archive has none.

    Raises UnreadableAnswer when ``body`` is not the API's JSON. Only snapshots on the
    Internet Archive's own hosts count, and only captures of a page that answered (2xx, 3xx):
    a capture of an error page is no copy of the article."""
    if len(body) > MAX_ANSWER_BYTES:
        raise UnreadableAnswer("answer too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableAnswer("not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("archived_snapshots"), dict):
        raise UnreadableAnswer("no archived_snapshots")
    closest = data["archived_snapshots"].get("closest")
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return None
    status = str(closest.get("status", "200"))
    if not status.startswith(("2", "3")):
        return None
    return _archive_link(closest.get("url"))


def _archive_link(url: object) -> str | None:
    if not isinstance(url, str) or len(url) > MAX_SNAPSHOT_URL_CHARS:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or host not in ARCHIVE_HOSTS:
        return None
    if not parts.path.startswith("/web/") or parts.username or parts.password or parts.port:
        return None
    # The API still names snapshots with http://; the archive serves them over https.
    return urlunsplit(("https", host, parts.path, parts.query, ""))


async def ask_wayback(fetcher: Fetcher, api_url: str, page_url: str) -> str | None:
    """Ask the API about ``page_url``: the snapshot's address, or None when there is none.

    Raises FetchError (network, HTTP status) or UnreadableAnswer; the caller bounds the time."""
    result = await fetcher.fetch(availability_url(api_url, page_url), accept="application/json")
    return parse_availability(result.body)
