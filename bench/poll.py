"""Benchmark: one poll round over many feeds on a local site, against the naive way.

The naive way is what most bots do: ``httpx.get`` then ``feedparser.parse`` with defaults, no
validators, no bounds. Ours is ``Fetcher.fetch`` (guard, caps, per-host limit of 2) then
``parse_feed`` (charset repair, plain text, bounded to 500 entries) and, on the second round,
conditional GET. Feeds come from ``--data DIR`` (every *.xml/*.rss/*.atom file) when it exists,
else they are generated (seeded) in the shapes of real news feeds, plus one 10,000-entry feed.

    .venv/bin/python bench/poll.py [--data DIR] [--feeds N] [--entries N]
"""

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import feedparser  # noqa: E402
import httpx  # noqa: E402

from bot.fetching import Fetcher, FetchError, FetchPolicy, parse_feed  # noqa: E402
from tests.newssite import NewsSite  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "poll-dev"
WORDS = (
    "Pakistan Afghanistan talks Istanbul ceasefire border trade Kabul Islamabad delegation "
    "mediation Qatar Turkey minister statement round dialogue security refugees Torkham"
).split()


def synthetic_items(
    rng: random.Random, count: int, start: datetime, summary_words: int = 40
) -> list[dict]:
    items = []
    for n in range(count):
        words = rng.sample(WORDS, 7)
        summary = " ".join(rng.choices(WORDS, k=summary_words))
        items.append(
            {
                "title": " ".join(words).capitalize() + f" &amp; update {n}",
                "link": f"/news/{rng.randrange(10**9)}",
                "summary": f"<p>{summary}</p><p>More&hellip;</p>",
                "guid": f"item-{n}-{rng.randrange(10**9)}",
                "published": start - timedelta(minutes=7 * n),
            }
        )
    return items


def load_feeds(site: NewsSite, data: Path, feeds: int, entries: int) -> list[str]:
    files = sorted(
        p for p in data.glob("*") if p.suffix in (".xml", ".rss", ".atom")
    ) if data.is_dir() else []  # fmt: skip
    if files:
        return [site.add(f"/data/{p.name}", p.read_bytes(), content_type="application/xml")
                for p in files]  # fmt: skip
    rng = random.Random(7)
    now = datetime.now(UTC)
    urls = [
        site.add_feed(f"/feeds/{n}.xml", synthetic_items(rng, entries, now), title=f"Outlet {n}")
        for n in range(feeds)
    ]
    # Short summaries keep this one under the 5 MB cap, so it measures the entry bound.
    huge = synthetic_items(rng, 10_000, now, summary_words=5)
    urls.append(site.add_feed("/feeds/huge.xml", huge, title="Big"))
    return urls


async def naive_round(urls: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    entries = 0
    async with httpx.AsyncClient() as client:
        for url in urls:
            response = await client.get(url)
            entries += len(feedparser.parse(response.content).entries)
    return time.perf_counter() - started, entries


async def our_round(
    fetcher: Fetcher, urls: list[str], validators: dict[str, tuple[str | None, str | None]]
) -> tuple[float, int, int]:
    started = time.perf_counter()

    async def poll(url: str) -> tuple[int, int]:
        etag, modified = validators.get(url, (None, None))
        try:
            result = await fetcher.fetch(url, etag=etag, last_modified=modified)
        except FetchError as exc:
            print(f"  refused {url}: {exc}")
            return 0, 0
        validators[url] = (result.etag, result.last_modified)
        if result.not_modified:
            return 0, 1
        feed = await asyncio.to_thread(parse_feed, result.body, result.url, result.content_type)
        return len(feed.entries), 0

    counts = await asyncio.gather(*(poll(url) for url in urls))
    return time.perf_counter() - started, sum(c[0] for c in counts), sum(c[1] for c in counts)


def parse_only(bodies: list[bytes]) -> tuple[float, float]:
    """Single-thread parse time of the same bodies: feedparser defaults vs parse_feed."""
    started = time.perf_counter()
    for body in bodies:
        feedparser.parse(body)
    naive = time.perf_counter() - started
    started = time.perf_counter()
    for body in bodies:
        parse_feed(body, "https://bench.example/feed")
    return naive, time.perf_counter() - started


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--entries", type=int, default=50)
    args = parser.parse_args()
    async with NewsSite() as site:
        urls = load_feeds(site, args.data, args.feeds, args.entries)
        print(f"{len(urls)} feeds on {site.base_url}")
        naive_seconds, naive_entries = await naive_round(urls)
        print(f"naive  httpx+feedparser: {naive_seconds:6.2f} s, {naive_entries} entries")
        validators: dict[str, tuple[str | None, str | None]] = {}
        async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
            first, entries, _ = await our_round(fetcher, urls, validators)
            again, _, unchanged = await our_round(fetcher, urls, validators)
        print(f"ours   first round:      {first:6.2f} s, {entries} entries (bounded to 500/feed)")
        print(f"ours   second round:     {again:6.2f} s, {unchanged}/{len(urls)} answered 304")
        async with httpx.AsyncClient() as client:
            bodies = [(await client.get(url)).content for url in urls]
        normal, big = bodies[:-1], bodies[-1:]
        naive_parse, our_parse = parse_only(normal)
        naive_big, our_big = parse_only(big)
        print(f"parse only, {len(normal)} ordinary feeds: feedparser {naive_parse:.2f} s, "
              f"parse_feed {our_parse:.2f} s ({naive_parse / our_parse:.2f}x)")  # fmt: skip
        print(f"parse only, last feed: feedparser {naive_big:.2f} s, parse_feed {our_big:.2f} s "
              f"({naive_big / our_big:.1f}x)")  # fmt: skip
        print(f"speed: first round {naive_seconds / first:.1f}x, unchanged round "
              f"{naive_seconds / again:.0f}x the naive round")  # fmt: skip
    print(
        json.dumps(
            {
                "feeds": len(urls),
                "naive_seconds": round(naive_seconds, 3),
                "first_round_seconds": round(first, 3),
                "second_round_seconds": round(again, 3),
                "first_round_speedup": round(naive_seconds / first, 2),
                "second_round_speedup": round(naive_seconds / again, 1),
                "not_modified_share": round(unchanged / len(urls), 3),
                "parse_speedup_ordinary": round(naive_parse / our_parse, 2),
                "parse_speedup_last_feed": round(naive_big / our_big, 1),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
