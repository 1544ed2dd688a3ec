"""Reader links that can't be enumerated or forged: article id + expiry, signed with HMAC-SHA256."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

_SIG_BYTES = 16


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def _sig(key: bytes, payload: str) -> str:
    mac = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:_SIG_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def make_token(article_id: int, expires: datetime, key: bytes) -> str:
    payload = f"{_b36(article_id)}.{_b36(int(expires.timestamp()))}"
    return f"{payload}.{_sig(key, payload)}"


def verify_token(token: str, key: bytes, now: datetime) -> int | None:
    """The article id if the token is genuine and not expired, else None."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 80:
        return None
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sig(key, payload), parts[2]):
        return None
    try:
        article_id, expires = int(parts[0], 36), int(parts[1], 36)
    except ValueError:
        return None
    if expires < now.timestamp():
        return None
    return article_id


def reader_url(base_url: str, article_id: int, key: bytes, now: datetime, days: int) -> str:
    # Expiry is rounded to the day so the same article keeps one link for a day (stable previews).
    day = datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)
    expires = day + timedelta(days=days + 1)
    return f"{base_url.rstrip('/')}/r/{make_token(article_id, expires, key)}"
