"""What an operator sees: /healthz, Prometheus /metrics, /stats, and structured log lines."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx

from bot.clock import Clock
from bot.ops.logs import JsonFormatter, LogfmtFormatter
from storage import outbox
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.harness import START, running_bot, settings_for

OPERATOR, STRANGER, READER = 3101, 3102, 3103


def metric(text: str, name: str) -> float:
    """The value of one sample line of the exposition text."""
    for line in text.splitlines():
        key, _, value = line.rpartition(" ")
        if key == name:
            return float(value)
    raise AssertionError(f"{name} not in /metrics:\n{text}")


async def test_health_and_metrics_follow_what_the_bot_does(tg, site, clock, sqlite_url):
    tg.rate_limit(1, chat_id=READER)
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        base = settings.reader_base_url
        async with httpx.AsyncClient() as client:
            health = (await client.get(f"{base}/healthz")).json()
            assert health["ok"] is True and health["database"] == "ok"
            assert health["role"] == "all" and health["digest_lag_seconds"] == 0

            seed_digest_chats(
                bot.services.db, [READER], due_at=START - timedelta(minutes=5), now=START
            )
            await tg.wait_for(READER, timeout=10)
            await bot.quiet()  # the sent mark is committed
            text = (await client.get(f"{base}/metrics")).text
        assert metric(text, 'newsbrief_messages_sent_total{kind="digest"}') == 1
        assert metric(text, "newsbrief_telegram_429_total") == 1
        assert metric(text, 'newsbrief_outbox_depth{status="pending"}') == 0
        assert metric(text, "newsbrief_digests_queued_total") == 1
        assert metric(text, "newsbrief_digest_lag_seconds") == 0
        assert "newsbrief_source_polls_total" in text
        assert "newsbrief_last_successful_poll_timestamp_seconds" in text


async def test_a_digest_held_up_shows_as_lag(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_DIGEST_GRACE_MINUTES=600)
    async with running_bot(tg, site, settings, clock) as bot:
        # The chat's previous digest is still queued (not before tomorrow), so today's waits.
        def queued_yesterday(s) -> None:
            row = outbox.enqueue(s, READER, kind="digest", html="yesterday", now=Clock().now())
            row.not_before = Clock().now() + timedelta(days=1)

        seed_digest_chats(bot.services.db, [READER], due_at=START - timedelta(hours=1), now=START)
        await bot.services.db.run(queued_yesterday)
        await bot.jobs_ran()  # digest ticks come and go; the chat stays due
        async with httpx.AsyncClient() as client:
            health = (await client.get(f"{settings.reader_base_url}/healthz")).json()
            text = (await client.get(f"{settings.reader_base_url}/metrics")).text
        assert health["digest_lag_seconds"] == 3600
        assert metric(text, "newsbrief_digest_lag_seconds") == 3600
        assert health["outbox"]["pending"] == 1


async def test_stats_answers_operators_only(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_OPERATOR_IDS=str(OPERATOR))
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, [READER], due_at=START - timedelta(minutes=1), now=START)
        await tg.wait_for(READER, timeout=10)
        await bot.quiet()  # the sent mark is committed
        (stats,) = await bot.say(OPERATOR, "/stats")
        assert "Outbox" in stats.text and "1 sent" in stats.text
        assert "Chats: 1 active of 1" in stats.text and "Topics: 1" in stats.text
        (refused,) = await bot.say(STRANGER, "/stats")
        assert "Outbox" not in refused.text and "/help" in refused.text
    assert tg.errors == []


def test_log_lines_are_key_value_or_json_with_extra_fields():
    record = logging.LogRecord(
        "bot.delivery", logging.WARNING, __file__, 1, 'chat %s said "hi"', (42,), None
    )
    record.chat = -100123
    line = LogfmtFormatter().format(record)
    assert "level=warning" in line and "logger=bot.delivery" in line
    assert 'msg="chat 42 said \\"hi\\""' in line and "chat=-100123" in line
    parsed = json.loads(JsonFormatter().format(record))
    assert parsed["msg"] == 'chat 42 said "hi"' and parsed["chat"] == -100123
