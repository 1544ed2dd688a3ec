"""Reader links that can't be enumerated, forged, or made to open another article.

A link names its article twice — by id and by a digest of its canonical URL — with an expiry,
all signed with HMAC-SHA256. Changing the id breaks the signature; a genuine link whose id now
holds another article (another database signed with the same key, an id used again) fails
`LinkTarget.names`, which the page checks against the stored article before showing it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

VERSION = "2"
_SIG_BYTES = 16
_URL_DIGEST_BYTES = 9  # 72 bits: a different article's URL cannot match by chance
_MAX_TOKEN_CHARS = 120
# What links looked like before the URL was signed (id.expiry.signature): answered "expired".
_OLD_FORMAT = re.compile(r"[0-9a-z]{1,13}\.[0-9a-z]{1,13}\.[A-Za-z0-9_-]{22}")


class BadLink(Exception):
    """The token names no article: mangled, guessed, or signed with another key."""


class ExpiredLink(BadLink):
    """A link this bot made, but too old (or of a format it no longer reads)."""


@dataclass(frozen=True)
class LinkTarget:
    """The article a genuine link names."""

    article_id: int
    url_digest: str

    def names(self, canonical_url: str) -> bool:
        """True when the article stored under this id is the one the link was made for."""
        return hmac.compare_digest(url_digest(canonical_url), self.url_digest)


def url_digest(canonical_url: str) -> str:
    digest = hashlib.sha256(canonical_url.encode()).digest()[:_URL_DIGEST_BYTES]
    return _b64(digest)


def make_token(article_id: int, canonical_url: str, expires: datetime, key: bytes) -> str:
    payload = ".".join(
        (VERSION, _b36(article_id), _b36(int(expires.timestamp())), url_digest(canonical_url))
    )
    return f"{payload}.{_sig(key, payload)}"


def verify_token(token: str, key: bytes, now: datetime) -> LinkTarget:
    """The article a genuine, unexpired token names; raises ExpiredLink or BadLink."""
    if len(token) > _MAX_TOKEN_CHARS:
        raise BadLink("too long")
    if _OLD_FORMAT.fullmatch(token):
        raise ExpiredLink("a link from before article URLs were signed")
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != VERSION:
        raise BadLink("not a reader link")
    payload = ".".join(parts[:4])
    if not hmac.compare_digest(_sig(key, payload), parts[4]):
        raise BadLink("signature does not match")
    try:
        article_id, expires = int(parts[1], 36), int(parts[2], 36)
    except ValueError as exc:  # only a token signed with our key gets here
        raise BadLink("malformed") from exc
    if expires < now.timestamp():
        raise ExpiredLink("expired")
    return LinkTarget(article_id, parts[3])


@dataclass(frozen=True)
class ReaderLinks:
    """Makes the Clean page links of one bot: its public base URL, its key, how long they last."""

    base_url: str
    key: bytes
    days: int

    def url(self, article_id: int, canonical_url: str, now: datetime) -> str:
        # Expiry is rounded to the day so an article keeps one link for a day (stable previews).
        day = datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)
        expires = day + timedelta(days=self.days + 1)
        token = make_token(article_id, canonical_url, expires, self.key)
        return f"{self.base_url.rstrip('/')}/r/{token}"


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _sig(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:_SIG_BYTES])
