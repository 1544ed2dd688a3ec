"""Benchmark: hostile sources must not hold up 10 healthy ones or another chat's /addsource.

Two cases, each hostile source on a loopback address of its own (127.0.0.2 and up, so no
per-host limit holds them back); healthy (on 127.0.0.1): 10 ordinary feeds of 3 items with
real pages.
- ``ten``: 10 hostile feeds the operator configured: 5 of 150,000 upper-case <ITEM>s (33 KB
  gzipped each, seconds of feedparser's CPU) and 5 of 30 items whose pages send one byte a
  second. Compared with ``--old`` (default a ``git worktree`` of ff9fa41 at /tmp/old-polling).
- ``one-chat``: 30 feeds of 30 dripping pages, all added by ONE chat (an OPML file sent
  through the fake Telegram). Compared with ``--old-fair`` (default a worktree of 6fbd56f,
  per-source polling without fair claiming, at /tmp/old-fair).

For each case and version a real ``newsbrief run`` process starts (default settings: 16
poll slots, 120 s per source, one extraction worker process, 45 s fetch deadline) against a
fake Telegram. Once the hostile work is under way, 10 other chats each send ``/addsource``
for one healthy feed at once. Measured: each reply's latency, each healthy feed's delay from
its /addsource until its stories are stored (polled and read: what a person would see), and
the time from SIGTERM to exit.
Waits are capped (replies and stories at 30 s from the /addsource, exit at 15 s), so the
whole run stays under ~3 min; a capped figure is shown as ">cap".

    git worktree add /tmp/old-polling ff9fa41 && git worktree add /tmp/old-fair 6fbd56f
    nice .venv/bin/python bench/hostile_poll.py [--cases ten,one-chat]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bot.fetching import canonical_url  # noqa: E402
from tests.fakes import FakeTelegram  # noqa: E402
from tests.fixtures.processes import BotProcess, bot_env  # noqa: E402
from tests.newssite import NewsSite  # noqa: E402

REPLY_CAP, STORED_CAP, EXIT_CAP = 30.0, 30.0, 15.0
PUBLISHED = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
FIRST_CHAT = 9000
HOSTILE_CHAT = 8000
HOSTS = {"ten": 10, "one-chat": 30}


def drip_feed(site: NewsSite, n: int) -> str:
    items = [
        {"title": f"Slow story {n}-{k}", "link": site.add_special(f"/drip/{k}", "drip"),
         "summary": f"Slow story {n}-{k}, whose page never finishes arriving.",
         "guid": f"drip-{n}-{k}", "published": PUBLISHED}
        for k in range(30)
    ]  # fmt: skip
    return site.add_feed("/drip/feed.xml", items, title=f"Drip {n}")


def opml_of(feeds: list[str]) -> bytes:
    outlines = "".join(f'<outline type="rss" text="Drip {n}" xmlUrl="{url}"/>'
                       for n, url in enumerate(feeds))  # fmt: skip
    return f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>'.encode()


def hostile_feeds(sites: list[NewsSite]) -> list[str]:
    """Each hostile source on a host of its own, so no per-host limit holds them back."""
    urls = []
    for n, site in enumerate(sites[:5]):
        items = "<ITEM><TITLE>x</TITLE></ITEM>" * 150_000
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Heavy {n}</title>'
        body += items + "</channel></rss>"
        urls.append(
            site.add(
                "/heavy.xml",
                gzip.compress(body.encode()),
                content_type="application/rss+xml",
                headers={"Content-Encoding": "gzip"},
            )
        )
    for n, site in enumerate(sites[5:]):
        urls.append(drip_feed(site, n))
    return urls


def healthy_feeds(site: NewsSite) -> list[tuple[str, list[str]]]:
    """(feed URL, its stories' canonical URLs) for each healthy feed."""
    feeds = []
    for n in range(10):
        pages = [site.add_page(f"/herald/{n}/{k}", "istanbul-talks.html") for k in range(3)]
        items = [
            {"title": f"Herald {n} story {k}", "link": page, "guid": f"herald-{n}-{k}",
             "summary": f"Story {k} of healthy outlet {n}.", "published": PUBLISHED}
            for k, page in enumerate(pages)
        ]  # fmt: skip
        feed = site.add_feed(f"/herald/{n}/feed.xml", items, title=f"Herald {n}")
        feeds.append((feed, [canonical_url(page) for page in pages]))
    return feeds


def stored_urls(db_path: Path) -> set[str]:
    if not db_path.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as conn:
            return {row[0] for row in conn.execute("SELECT canonical_url FROM article")}
    except sqlite3.Error:
        return set()


async def until(check, cap: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < cap:
        if check():
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    return None


async def run_version(case: str, name: str, tree: Path, scratch: Path) -> dict:
    async with contextlib.AsyncExitStack() as stack:
        tg = await stack.enter_async_context(FakeTelegram())
        site = await stack.enter_async_context(NewsSite())
        hostile = [
            await stack.enter_async_context(NewsSite(host=f"127.0.0.{2 + n}"))
            for n in range(HOSTS[case])
        ]
        if case == "ten":
            bad, by_chat = hostile_feeds(hostile), []
        else:
            bad, by_chat = [], [drip_feed(h, n) for n, h in enumerate(hostile)]
        good = healthy_feeds(site)
        db_path = scratch / f"{case}-{name}.db"
        env = bot_env(tg, f"sqlite:///{db_path}", NEWSBRIEF_FEEDS=",".join(bad),
                      NEWSBRIEF_TICK_SECONDS=1, NEWSBRIEF_EXTRACT_WORKERS=1,
                      NEWSBRIEF_LOG_LEVEL="WARNING", PYTHONPATH=str(tree))  # fmt: skip
        bot = BotProcess(env, "all", scratch / f"{case}-{name}.log")
        bot.start()  # PYTHONPATH picks the version; its cwd is the scratch directory
        assert bot.proc is not None
        try:
            await bot.wait_healthy(within=60)
            if by_chat:  # one person's list of feeds, sent as a file
                tg.user_sends_document(HOSTILE_CHAT, "feeds.opml", opml_of(by_chat))
                (imported,) = await tg.wait_for(HOSTILE_CHAT, timeout=REPLY_CAP)
                assert f"Added {len(by_chat)} sources" in imported.text, imported.text

            def under_way() -> bool:
                if case == "one-chat":
                    return sum(h.dripping for h in hostile) >= 6
                return sum(h.dripping for h in hostile) >= 5 and all(
                    h.hits["/heavy.xml"] for h in hostile[:5]
                )

            busy = await until(under_way, 30)
            seen = f"after {busy:.1f} s" if busy is not None else "not all seen within 30 s"
            print(f"[{case} {name}] hostile work under way: {seen}", flush=True)
            started = time.monotonic()
            for n, (feed, _) in enumerate(good):
                tg.user_says(FIRST_CHAT + n, f"/addsource {feed}")

            async def reply(n: int) -> float | None:
                try:
                    await tg.wait_for(FIRST_CHAT + n, timeout=REPLY_CAP)
                except AssertionError:
                    return None
                return time.monotonic() - started

            replies = await asyncio.gather(*(reply(n) for n in range(len(good))))
            wanted = {n: set(urls) for n, (_, urls) in enumerate(good)}
            stored_at: dict[int, float] = {}

            def all_stored() -> bool:
                have = stored_urls(db_path)
                for n, urls in wanted.items():
                    if n not in stored_at and urls <= have:
                        stored_at[n] = time.monotonic() - started
                return len(stored_at) == len(wanted)

            await until(all_stored, max(0.0, STORED_CAP - (time.monotonic() - started)))
            delays = [stored_at.get(n) for n in range(len(good))]
            stop_started = time.monotonic()
            bot.proc.terminate()
            try:
                await asyncio.to_thread(bot.proc.wait, timeout=EXIT_CAP)
                exit_seconds: float | None = time.monotonic() - stop_started
            except subprocess.TimeoutExpired:
                exit_seconds = None
        finally:
            if bot.proc.poll() is None:
                bot.proc.kill()
                bot.proc.wait(timeout=10)
    return {"addsource": replies, "healthy_delay": delays, "exit": exit_seconds}


BASELINES = {"ten": "old", "one-chat": "old_fair"}


def figure(values: list[float | None], cap: float) -> tuple[str, float]:
    """'median / max' text, and the max (the cap when any value was capped)."""
    done = [v for v in values if v is not None]
    worst = cap if len(done) < len(values) else max(done)
    median = statistics.median([v if v is not None else cap for v in values])
    shown = f">{cap:g}" if len(done) < len(values) else f"{worst:.1f}"
    return f"median {median:.1f} s, max {shown} s ({len(done)}/{len(values)} in time)", worst


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, default=Path("/tmp/old-polling"))
    parser.add_argument("--old-fair", type=Path, default=Path("/tmp/old-fair"))
    parser.add_argument("--cases", default="ten,one-chat")
    args = parser.parse_args()
    runs = []
    for case in args.cases.split(","):
        runs.append((case, "new", REPO_ROOT))
        old = getattr(args, BASELINES[case])
        if (old / "bot" / "cli.py").exists():
            runs.append((case, "old", old))
        else:
            print(f"no old tree at {old} for {case}: `git worktree add {old} <commit>`")
    results = {}
    everything = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        for case, name, tree in runs:
            started = time.monotonic()
            results[case, name] = await run_version(case, name, tree, Path(tmp))
            print(f"[{case} {name}] run took {time.monotonic() - started:.0f} s", flush=True)
    print(f"all runs took {time.monotonic() - everything:.0f} s")
    headline: dict[str, float | None] = {}
    for (case, name), result in results.items():
        add_text, add_worst = figure(result["addsource"], REPLY_CAP)
        delay_text, delay_worst = figure(result["healthy_delay"], STORED_CAP)
        exit_text = f"{result['exit']:.1f} s" if result["exit"] is not None else f">{EXIT_CAP:g} s"
        print(f"{case} {name}: /addsource reply {add_text}")
        print(f"{case} {name}: healthy feed's stories stored after /addsource: {delay_text}")
        print(f"{case} {name}: SIGTERM to exit {exit_text}")
        key = f"{case.replace('-', '_')}_{name}"
        headline[f"{key}_addsource_max_s"] = round(add_worst, 2)
        headline[f"{key}_healthy_delay_max_s"] = round(delay_worst, 2)
        headline[f"{key}_exit_s"] = round(result["exit"], 2) if result["exit"] else None
    for case in args.cases.split(","):
        key = case.replace("-", "_")
        if (case, "old") in results:
            for what in ("addsource", "healthy_delay"):
                old_worst = headline[f"{key}_old_{what}_max_s"] or 0.0
                ratio = old_worst / max(headline[f"{key}_new_{what}_max_s"] or 0.0, 0.01)
                print(f"{case}: {what} worst case {ratio:.0f}x faster than the old code (a lower "
                      "bound when the old one was capped)")  # fmt: skip
    print(json.dumps(headline))


if __name__ == "__main__":
    asyncio.run(main())
