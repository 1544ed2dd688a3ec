"""What a digest offers a chat: its undelivered matches, less the stories and outlets it muted,
less wire copies of a story it has received already.

The rules are pure functions of what storage read; `offered_by_chat` reads it, in the caller's
transaction. Copies offered together with their original are kept: the digest folds them into
one story ("also in …").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import Session

from storage.queries import deliveries as deliveries_q
from storage.queries import matches as matches_q
from storage.queries import mutes as mutes_q
from storage.queries.matches import DigestItem


def outlet_of(url: str) -> str:
    """The outlet a chat mutes for an article at `url`: its host, without "www."."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def without_muted(
    items: Iterable[DigestItem], stories: set[int], hosts: set[str]
) -> list[DigestItem]:
    """The items whose story and outlet the chat has not muted."""
    return [
        item
        for item in items
        if item.article.story_id not in stories
        and not (hosts and outlet_of(item.article.url) in hosts)
    ]


def originals_of(items: Iterable[DigestItem]) -> set[int]:
    """The originals that these items are wire copies of."""
    return {item.article.duplicate_of for item in items if item.article.duplicate_of is not None}


def without_wire_copies(items: Iterable[DigestItem], delivered: set[int]) -> list[DigestItem]:
    """The items, less copies whose original the chat has received (`delivered`: those of
    `originals_of(items)` it has)."""
    return [item for item in items if item.article.duplicate_of not in delivered]


def offered_by_chat(
    s: Session, chat_ids: Sequence[int], since: datetime, now: datetime
) -> dict[int, list[DigestItem]]:
    """What a digest may offer each chat of matches fetched since `since`, with mutes still
    running at `now` applied; in four queries for the whole batch."""
    found = matches_q.undelivered_matches_by_chat(s, chat_ids, since)
    stories = mutes_q.muted_stories_by_chat(s, list(found), now)
    hosts = mutes_q.muted_hosts_by_chat(s, list(found), now)
    kept = {
        chat_id: without_muted(items, stories[chat_id], hosts[chat_id])
        for chat_id, items in found.items()
    }
    originals = originals_of(item for items in kept.values() for item in items)
    if not originals:
        return kept
    delivered = deliveries_q.delivered_by_chat(s, list(kept), originals)
    return {
        chat_id: without_wire_copies(items, delivered[chat_id]) for chat_id, items in kept.items()
    }


def offered(s: Session, chat_id: int, since: datetime, now: datetime) -> list[DigestItem]:
    """`offered_by_chat` for one chat."""
    return offered_by_chat(s, [chat_id], since, now)[chat_id]
