"""Which parts of the bot run in this process, and running it until a signal stops it.

- all: takes Telegram updates (polling or webhook) and does the work (polls, digests, sending).
- updates: takes Telegram updates only; anything it queues is sent by a worker.
- worker: polls sources, queues digests, drains the outbox; never calls getUpdates.
Several workers may share one PostgreSQL database; they split the work by claiming rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Bot, Update
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.delivery.sender import Sender, SenderConfig
from bot.memory import release_free_memory
from bot.ops.descriptors import raise_descriptor_limit
from bot.ops.metrics import Metrics
from bot.services import Services
from bot.settings import Settings
from bot.topics.sync import TopicSync

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

    async def start_sending(self, settings: Settings, services: Services) -> None:
        bot = sender_bot(settings)
        await bot.initialize()
        # Open the connections the sender will use now: requests that must first connect
        # overtake each other and reach Telegram bunched up, over the flood limit.
        await asyncio.gather(*(bot.get_me() for _ in range(SenderConfig.max_in_flight)))

        async def chat_moved(_old: int, _new: int) -> None:
            await services.topics.reload(services.db)  # topics moved to the new chat id

        self.sender = Sender(
            services.db,
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


def run(settings: Settings, role: str, on_started: Callable[[], None] | None = None) -> int:
    """Run the bot in `role` until SIGINT or SIGTERM; returns the exit status. `on_started`
    is called once the bot is up (start-up is over: a later error is not a failure to start)."""
    from bot.app import build_application

    raise_descriptor_limit()  # before anything opens: the web port's cap is derived from it
    app = build_application(settings, role=role)
    asyncio.run(_serve(app, settings, role, on_started))
    return 0


async def _serve(
    app: Application,
    settings: Settings,
    role: str,
    on_started: Callable[[], None] | None = None,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    polling = takes_updates(role) and not settings.webhook_url
    async with app:
        assert app.post_init is not None
        try:
            await app.post_init(app)
            # Start-up built large, long-lived structures (topic index, story clusters);
            # frozen, the collector stops re-scanning them, and its pauses — which bunch
            # outgoing messages together over Telegram's limit — stay short.
            gc.collect()
            gc.freeze()
            release_free_memory()
            await app.start()
            if polling:
                assert app.updater is not None
                await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        except BaseException:
            # Half started (database open, web port bound): close it all, so a retry of the
            # start-up finds the port free and no connections left behind.
            if app.running:
                await app.stop()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
            raise
        log.info("newsbrief running as %s%s", role, " (polling)" if polling else "")
        if on_started is not None:
            on_started()
        await stop.wait()
        log.info("newsbrief stopping")
        if polling and app.updater is not None:
            await app.updater.stop()
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
