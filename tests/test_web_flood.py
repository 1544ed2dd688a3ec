"""A flood of slow connections on the web port: the bot keeps answering and keeps working.

The real bot process runs with 1,024 descriptors (soft and hard); 1,100 clients each send a
request head one byte every few seconds and come back when closed. /healthz still answers
within a second, a digest that falls due during the flood is delivered, and the log stays small.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bot.ops.descriptors import raise_descriptor_limit
from storage import Database
from tests.fakes import FakeTelegram
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.processes import BotProcess, bot_env
from tests.fixtures.web_flood import SlowClients

CHAT = 7301
DESCRIPTORS = 1024
FLOOD = 1100
MAX_LOG_BYTES = 1_000_000


def _time_to_health(port: int) -> float:
    """Asked from a thread: the time is the bot's, not this busy event loop's."""
    started = time.monotonic()
    with httpx.Client() as client:
        answer = client.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    assert answer.status_code == 200 and answer.json()["ok"], answer.text
    return time.monotonic() - started


def _metrics(port: int) -> str:
    with httpx.Client() as client:
        return client.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text


async def test_slow_connections_beyond_the_descriptor_limit_do_not_stop_the_bot(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    # The flood's 1,100 sockets are this process's: it needs the descriptors the bot lacks.
    assert raise_descriptor_limit() >= FLOOD + 500, "raise the hard open-files limit (ulimit)"
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    db = Database(url)
    db.migrate()
    bot = BotProcess(bot_env(tg, url), "all", tmp_path / "bot.log", descriptor_limit=DESCRIPTORS)
    bot.start()
    flood = SlowClients(bot.port, FLOOD, gap=3.0)
    try:
        await bot.wait_healthy(within=90)
        await flood.start(within=30)
        assert flood.connections >= FLOOD, "every slow client got connected at least once"
        now = datetime.now(UTC)
        seed_digest_chats(db, [CHAT], due_at=now + timedelta(seconds=2), now=now)
        waits = []
        for _ in range(5):
            await asyncio.sleep(1.0)
            try:
                waits.append(await asyncio.to_thread(_time_to_health, bot.port))
            except httpx.HTTPError as exc:
                raise AssertionError(f"/healthz failed under the flood: {exc!r}") from exc
        assert max(waits) < 1.0, waits
        metrics = await asyncio.to_thread(_metrics, bot.port)
        assert "newsbrief_web_connections_cap 512.0" in metrics, "half the descriptors"
        assert 'newsbrief_web_connections_closed_total{reason="evicted"}' in metrics
        (digest,) = await tg.wait_for(CHAT, timeout=30)
        assert "Ceasefire talks" in digest.text
        assert flood.open_now > 0, "the flood was still on"
    finally:
        await flood.stop()
        status = bot.stop()
        db.close()
    assert status == 0, bot.tail()
    size = bot.log.stat().st_size
    assert size < MAX_LOG_BYTES, f"{size} bytes of log:\n{bot.tail(10)}"
