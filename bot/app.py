"""Assembling the PTB Application: handlers, scheduled jobs, the reader page, start and stop."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import BotCommand, MenuButtonCommands
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

import handlers
from bot.clock import Clock
from bot.digests.send import send_due_digests
from bot.logs import protect_token_in_logs
from bot.polling.notices import notify_disabled
from bot.reader import ReaderServer
from bot.reader.server import ReaderArticle
from bot.replies import COMMANDS
from bot.services import Services
from bot.settings import Settings
from bot.story_updates import send_story_updates
from storage import queries as q

log = logging.getLogger(__name__)


def build_application(settings: Settings, *, clock: Clock | None = None) -> Application:
    """The bot, ready for `run_polling()` (or for tests to start it by hand)."""
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    protect_token_in_logs(token)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(8)
        .post_init(_started(settings, clock))
        .post_shutdown(_stopped)
    )
    if settings.telegram_file_url:
        builder = builder.base_file_url(settings.telegram_file_url)
    app = builder.build()
    handlers.register(app)
    return app


def _started(settings: Settings, clock: Clock | None):  # type: ignore[no-untyped-def]
    async def post_init(app: Application) -> None:
        services = await Services.start(settings, clock=clock)
        app.bot_data["services"] = services
        await app.bot.set_my_commands([BotCommand(name, desc) for name, desc, _ in COMMANDS])
        await app.bot.set_chat_menu_button(menu_button=MenuButtonCommands())
        host, port = settings.reader_host_port
        reader = ReaderServer(
            key=settings.reader_key,
            load=_article_loader(services),
            clock=services.clock,
            host=host,
            port=port,
        )
        await reader.start()
        app.bot_data["reader"] = reader
        assert app.job_queue is not None, "install python-telegram-bot[job-queue]"
        tick = settings.tick_seconds
        app.job_queue.run_repeating(_poll_job, interval=tick, first=0.5, name="poll")
        app.job_queue.run_repeating(_digest_job, interval=tick, first=1.0, name="digests")
        app.job_queue.run_repeating(_story_job, interval=tick, first=1.5, name="story-updates")
        log.info("newsbrief started; reader pages at %s", settings.reader_base_url)

    return post_init


async def _stopped(app: Application) -> None:
    reader = app.bot_data.pop("reader", None)
    if reader is not None:
        await reader.stop()
    services = app.bot_data.pop("services", None)
    if services is not None:
        await services.close()


def _article_loader(services: Services):  # type: ignore[no-untyped-def]
    async def load(article_id: int) -> ReaderArticle | None:
        article = await services.db.run(q.get_article, article_id)
        if article is None or not article.text:
            return None
        published: datetime | None = article.published_at
        return ReaderArticle(article.title, article.text, article.url, article.outlet, published)

    return load


async def _poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    report = await services.poller.poll_due()
    if report.disabled:
        await notify_disabled(services.db, context.bot, report.disabled)


async def _story_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    await send_story_updates(services, context.bot)


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    await send_due_digests(services, context.bot)
