"""Which parts of the bot run in this process (running it is bot.app.run's job).

- all: takes Telegram updates (polling or webhook) and does the work (polls, digests, sending).
- updates: takes Telegram updates only; anything it queues is sent by a worker.
- worker: polls sources, queues digests, drains the outbox; never calls getUpdates.
Several workers may share one PostgreSQL database; they split the work by claiming rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.sender import Sender, SenderConfig
from bot.ops.metrics import Metrics
from bot.settings import Settings
from bot.topics import TopicIndex
from bot.topics.sync import TopicSync
from storage import Database

log = logging.getLogger(__name__)
ROLES = ("all", "updates", "worker")


def takes_updates(role: str) -> bool:
    return role in ("all", "updates")


def does_work(role: str) -> bool:
    return role in ("all", "worker")


def sender_bot(settings: Settings) -> Bot:
    """The outbox's own Bot, without PTB's rate limiter: the outbox paces itself.

    Handler replies keep the Application's AIORateLimiter (bursts of replies in a group
    stay under 20/min); sending both through it would throttle the paced path twice and let
    its 429 retries stall every reply.
    """
    assert settings.token
    request = HTTPXRequest(
        connection_pool_size=64,
        read_timeout=15.0,  # a request that waited this long is counted as delivered
        write_timeout=10.0,
        connect_timeout=10.0,
        pool_timeout=5.0,
    )
    return Bot(
        settings.token,
        base_url=settings.telegram_api_url,
        base_file_url=settings.telegram_file_url or "https://api.telegram.org/file/bot",
        request=request,
    )


@dataclass
class Operations:
    """This process's role, its metrics and (when it works) the outbox sender."""

    role: str
    metrics: Metrics
    sender: Sender | None = None
    topic_sync: TopicSync = field(default_factory=TopicSync)

    async def start_sending(self, settings: Settings, db: Database, topics: TopicIndex) -> None:
        bot = sender_bot(settings)
        await bot.initialize()
        # Open the connections the sender will use now: requests that must first connect
        # overtake each other and reach Telegram bunched up, over the flood limit.
        await asyncio.gather(*(bot.get_me() for _ in range(SenderConfig.max_in_flight)))

        async def chat_moved(_old: int, _new: int) -> None:
            await topics.reload(db)  # topics moved to the new chat id

        self.sender = Sender(
            db,
            bot,
            SenderConfig(
                rate=settings.send_rate,
                claim_seconds=settings.claim_seconds,
                max_attempts=settings.send_attempts,
            ),
            metrics=self.metrics,
            on_chat_moved=chat_moved,
        )
        await self.sender.start()
        log.info(
            "outbox sender %s started at %.1f messages/s", self.sender.worker, settings.send_rate
        )

    async def stop(self) -> None:
        if self.sender is not None:
            await self.sender.stop()
            with contextlib.suppress(Exception):
                await self.sender.bot.shutdown()
            self.sender = None
