"""When the news cannot be reached: users are told in one line, /healthz says degraded, the
operator's log says so once (and once more when it is back), `brief` names what failed."""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import timedelta

import httpx

from tests.fixtures.harness import free_port, running_bot, settings_for
from tests.test_cli import _env, _run

CHAT = 4401
# The harness starts at 01:00 UTC, 06:00 in Karachi (the chats' default zone).
LINE = "I can't reach my news sources right now (3 of 3 failing since 06:00)"


def _broken_sources(site) -> list[str]:
    """Two feeds answering 500 and one address where nothing listens."""
    return [
        site.add_special("/world/feed/", "status", status=500),
        site.add_special("/region/feed/", "status", status=503),
        f"http://127.0.0.1:{free_port()}/feed/",
    ]


async def _health(base: str) -> dict:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{base}/healthz")).json()


async def _until_degraded(base: str, timeout: float = 20.0) -> dict:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        health = await _health(base)
        if health.get("status") == "degraded" or loop.time() > deadline:
            return health
        await asyncio.sleep(0.1)


async def test_every_source_failing_is_said_to_users_and_in_healthz(tg, site, clock, database_url):
    settings = settings_for(tg, database_url, _broken_sources(site))
    async with running_bot(tg, site, settings, clock) as bot:
        base = settings.reader_base_url
        await bot.poll_now()
        health = await _until_degraded(base)
        assert health["status"] == "degraded", health
        assert health["ok"] is True  # the bot itself works: it answers, it just has no news
        assert health["sources"]["failing"] == 3 and health["sources"]["total"] == 3
        assert health["sources"]["failing_since"].startswith("2026-11-27T01:00")

        (subscribed,) = await bot.say(CHAT, "/subscribe volcano Iceland")
        assert LINE in subscribed.text and "your topics are saved" in subscribed.text
        assert "You now follow" in subscribed.text  # the topic is still followed
        (latest,) = await bot.say(CHAT, "/latest volcano Iceland")
        assert LINE in latest.text
        (digest,) = await bot.say(CHAT, "/digest")
        assert LINE in digest.text


def _source_warnings(records: list[logging.LogRecord], sources: list[str]) -> list[str]:
    """WARNING lines about the news sources, together or one by one (other start-up warnings,
    such as about the reader URL, are not this test's business)."""
    lines = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    return [line for line in lines if "source" in line or any(url in line for url in sources)]


async def test_the_log_warns_once_while_sources_fail_and_once_when_they_are_back(
    tg, site, clock, sqlite_url, caplog
):
    caplog.set_level(logging.INFO)
    sources = _broken_sources(site)
    settings = settings_for(tg, sqlite_url, sources)
    async with running_bot(tg, site, settings, clock) as bot:
        for _ in range(4):  # several poll cycles, each polling every source again
            await bot.poll_now()
            clock.advance(timedelta(hours=6))
        await bot.poll_now()
        warnings = _source_warnings(caplog.records, sources)
        assert len(warnings) == 1, warnings
        assert "3 of 3 failing" in warnings[0]
        # Each cycle polled the source again; its own failures stay at INFO.
        assert len([r for r in caplog.records if sources[0] in r.getMessage()]) >= 4

        # The two feeds come back; the address where nothing listens stays down.
        site.add_feed("/world/feed/", [], title="World")
        site.add_feed("/region/feed/", [], title="Region")
        for _ in range(3):
            clock.advance(timedelta(hours=6))
            await bot.poll_now()
        warnings = _source_warnings(caplog.records, sources)
        assert len(warnings) == 2, warnings
        assert "reachable again" in warnings[1]
        (subscribed,) = await bot.say(CHAT, "/subscribe volcano Iceland")
        assert "can't reach" not in subscribed.text
        assert (await _health(settings.reader_base_url))["status"] == "ok"


async def test_brief_names_the_sources_that_failed_and_why(site, tmp_path):
    sources = _broken_sources(site)
    env = _env(
        NEWSBRIEF_FEEDS=",".join(sources),
        NEWSBRIEF_DEFAULT_FEEDS="false",
        NEWSBRIEF_ALLOW_PRIVATE_URLS="true",
        NEWSBRIEF_EXTRACT_WORKERS="0",
        NEWSBRIEF_GOOGLE_NEWS="false",
        NEWSBRIEF_BING_NEWS="false",
        PYTHONPATH=os.getcwd(),
    )
    code, _out, err = await _run("brief", "volcano Iceland", env=env, cwd=str(tmp_path))
    assert code == 1
    lines = err.splitlines()
    for url, reason in zip(sources, ("HTTP 500", "HTTP 503", "connect"), strict=True):
        (line,) = [line for line in lines if url in line and "✗" in line]
        assert reason.lower() in line.lower(), err
    assert "next try in" not in err
