"""Each configured source, fetched through the bot's guarded fetcher and parsed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from bot.fetching import Fetcher, FetchError, FetchPolicy
from bot.ops.doctor.results import CheckResult, failed, passed
from bot.settings import Settings
from bot.sources.catalog import DEFAULT_FEEDS
from bot.sources.search_answers import read_answer

SOURCES_AT_ONCE = 8


def configured_sources(settings: Settings) -> list[str]:
    """NEWSBRIEF_FEEDS, and the built-in feeds unless NEWSBRIEF_DEFAULT_FEEDS=false."""
    builtin = [feed.url for feed in DEFAULT_FEEDS] if settings.default_feeds else []
    return list(dict.fromkeys([*settings.feeds, *builtin]))


async def check_sources(settings: Settings) -> list[CheckResult]:
    """Fetch each configured source through the bot's guarded fetcher and parse it."""
    urls = configured_sources(settings)
    if not urls:
        return [
            failed(
                "Sources",
                "none configured",
                "set NEWSBRIEF_FEEDS or leave NEWSBRIEF_DEFAULT_FEEDS on",
            )
        ]
    policy = FetchPolicy(
        user_agent=settings.user_agent,
        total_deadline=settings.fetch_deadline,
        max_bytes=settings.max_bytes,
        allow_private=settings.allow_private_urls,
    )
    at_once = asyncio.Semaphore(SOURCES_AT_ONCE)
    async with Fetcher(policy) as fetcher:

        async def one(url: str) -> CheckResult:
            async with at_once:
                return await check_source(fetcher, url)

        return list(await asyncio.gather(*(one(url) for url in urls)))


async def check_source(fetcher: Fetcher, url: str) -> CheckResult:
    name, shown = "Source", url[:200]
    fix = "check the address in a browser; if the feed moved or died, change or remove it in "
    fix += "NEWSBRIEF_FEEDS (the bot retries a failing source with a growing delay)"
    started = time.monotonic()
    try:
        result = await fetcher.fetch(url, accept="application/rss+xml, application/atom+xml, */*")
    except FetchError as exc:
        return failed(name, f"{shown}: {exc} ({time.monotonic() - started:.1f} s)", fix)
    answer = await asyncio.to_thread(
        read_answer, "feed", result.body, result.url, result.content_type
    )
    took = time.monotonic() - started
    if not answer.is_feed:
        return failed(name, f"{shown}: not a feed, no RSS or Atom found ({took:.1f} s)", fix)
    return passed(name, f"{shown}: {_entries(answer.entries)} ({took:.1f} s)")


def _entries(entries: Sequence[object]) -> str:
    return "1 entry" if len(entries) == 1 else f"{len(entries)} entries"
