"""Assembling the PTB Application: handlers, scheduled jobs, the reader page, start and stop."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import BotCommand, MenuButtonCommands
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

import handlers
from bot.alerts import send_breaking_alerts
from bot.clock import Clock
from bot.digests.send import queue_due_digests
from bot.logs import protect_settings_secrets
from bot.ops.metrics import Metrics
from bot.ops.roles import ROLES, Operations, does_work, takes_updates
from bot.ops.web import mount_ops_routes
from bot.polling.poller import PollReport
from bot.reader import ReaderServer
from bot.reader.server import ReaderArticle, StoredArticle
from bot.replies.welcome import COMMANDS
from bot.services import Services
from bot.settings import Settings
from bot.story_updates import send_story_updates
from bot.webhook import mount_webhook, register_webhook, webhook_path
from storage.queries import articles as articles_q

log = logging.getLogger(__name__)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    role: str = "all",
    request: BaseRequest | None = None,
) -> Application:
    """The bot in `role` (see bot.ops.roles), ready to start (bot.ops.roles.run, or tests).

    `request`, when given, answers every Bot API call of the Application's bot (getUpdates too)
    instead of HTTP: the seam `newsbrief chat` uses to run the bot without Telegram.
    """
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    protect_settings_secrets(settings)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        # Replies only: what the bot sends on its own goes through the paced outbox, which has
        # its own Bot without this limiter (see bot.ops.roles.sender_bot).
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(8)
        .post_init(_started(settings, clock, role))
        .post_shutdown(_stopped)
    )
    if settings.telegram_file_url:
        builder = builder.base_file_url(settings.telegram_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not takes_updates(role) or settings.webhook_url:
        builder = builder.updater(None)  # no getUpdates: a worker, or updates come by webhook
    app = builder.build()
    if takes_updates(role):
        handlers.register(app)
    return app


def _started(settings: Settings, clock: Clock | None, role: str):  # type: ignore[no-untyped-def]
    async def post_init(app: Application) -> None:
        services = await Services.start(settings, clock=clock)
        app.bot_data["services"] = services
        ops = Operations(role, Metrics())
        app.bot_data["ops"] = ops
        if takes_updates(role):
            await app.bot.set_my_commands([BotCommand(name, desc) for name, desc, _ in COMMANDS])
            await app.bot.set_chat_menu_button(menu_button=MenuButtonCommands())
        host, port = settings.reader_host_port
        reader = ReaderServer(
            key=services.reader_key,
            load=_article_loader(services),
            clock=services.clock,
            host=host,
            port=port,
            max_connections=settings.web_max_connections,
        )
        mount_ops_routes(reader.app.router, services, ops.metrics, role, web_port=reader.guard)
        webhook = settings.webhook_url if takes_updates(role) else None
        if webhook and settings.webhook_secret:
            secret = settings.webhook_secret.get_secret_value()
            mount_webhook(reader.app.router, app, path=webhook_path(webhook), secret=secret)
        await reader.start()
        app.bot_data["reader"] = reader
        if webhook and settings.webhook_secret:
            await register_webhook(app.bot, webhook, settings.webhook_secret.get_secret_value())
        if does_work(role):
            await ops.start_sending(settings, services)
            assert app.job_queue is not None, "install python-telegram-bot[job-queue]"
            tick = settings.tick_seconds
            app.job_queue.run_repeating(_poll_job, interval=tick, first=0.5, name="poll")
            app.job_queue.run_repeating(_digest_job, interval=tick, first=1.0, name="digests")
            app.job_queue.run_repeating(_story_job, interval=tick, first=1.5, name="story-updates")
        log.info("newsbrief started as %s; web port at %s", role, settings.reader_base_url)

    return post_init


async def _stopped(app: Application) -> None:
    ops = app.bot_data.pop("ops", None)
    if ops is not None:
        await ops.stop()
    reader = app.bot_data.pop("reader", None)
    if reader is not None:
        await reader.stop()
    services = app.bot_data.pop("services", None)
    if services is not None:
        await services.close()


def _article_loader(services: Services):  # type: ignore[no-untyped-def]
    async def load(article_id: int) -> StoredArticle | None:
        article = await services.db.run(articles_q.get_article, article_id)
        if article is None or not article.text:
            return None
        published: datetime | None = article.published_at
        page = ReaderArticle(
            article.title,
            article.text,
            article.url,
            article.outlet,
            published,
            language=article.language,
            archive_url=services.archives.link(article),
        )
        return StoredArticle(article.canonical_url, page)

    return load


async def _poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    ops: Operations = context.application.bot_data["ops"]
    await ops.topic_sync.refresh(services.topics, services.db)  # topics other processes added
    await services.poller.start_due(lambda report: _count_poll(ops, report))


def _count_poll(ops: Operations, report: PollReport) -> None:
    ops.metrics.polls.inc(report.polled)
    ops.metrics.poll_errors.inc(report.failed)


async def _story_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    await send_story_updates(services)
    await send_breaking_alerts(services)


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    await queue_due_digests(services, metrics=context.application.bot_data["ops"].metrics)
