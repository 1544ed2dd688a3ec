"""Read JSON Feed (jsonfeed.org) documents into the same raw shape feedparser produces."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from timekeeping import as_utc

_MAX_JSON_CHARS = 20_000_000


def looks_like_json_feed(text: str) -> bool:
    """True when ``text`` starts like a JSON object naming the JSON Feed version."""
    head = text[:2000].lstrip()
    return head.startswith("{") and "jsonfeed.org/version" in head.replace("\\/", "/")


def parse_json_feed(text: str, max_entries: int) -> tuple[str | None, list[dict[str, Any]]]:
    """(feed title, items as feedparser-like dicts), or (None, []) when unreadable.

    Item dicts use feedparser's keys (id, link, title, summary, published_parsed, ...), so one
    code path turns both into entries.
    """
    try:
        document = json.loads(text[:_MAX_JSON_CHARS])
    except (json.JSONDecodeError, RecursionError):
        return None, []
    if not isinstance(document, dict):
        return None, []
    items = document.get("items")
    title = document.get("title")
    if not isinstance(items, list):
        items = []
    raw_items = [_item(item) for item in items[:max_entries] if isinstance(item, dict)]
    return (title if isinstance(title, str) else None), raw_items


def _item(item: dict[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for key, source in (("id", "id"), ("link", "url"), ("title", "title")):
        value = item.get(source)
        if isinstance(value, str | int) and not isinstance(value, bool):
            raw[key] = str(value)
    for source in ("summary", "content_html", "content_text"):
        value = item.get(source)
        if isinstance(value, str) and value.strip():
            raw["summary"] = value
            break
    for key, source in (
        ("published_parsed", "date_published"),
        ("updated_parsed", "date_modified"),
    ):
        parsed = _iso_date(item.get(source))
        if parsed is not None:
            raw[key] = parsed
    return raw


def _iso_date(value: Any) -> time.struct_time | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc(when).timetuple()
