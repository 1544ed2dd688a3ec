"""Assembling the PTB Application: handlers, scheduled jobs, the reader page, start and stop.

The top of the house: this imports every area and no area imports it (bot.cli, the terminal
chat and tests start the bot through it).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from telegram import BotCommand, MenuButtonCommands, Update
from telegram.error import BadRequest
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

import handlers
from bot.app.roles import ROLES, Operations, does_work, takes_updates
from bot.app.webhook import mount_webhook, register_webhook, webhook_path
from bot.clock import Clock
from bot.i18n import DEFAULT_LOCALE, LOCALES, use_locale
from bot.ops.descriptors import raise_descriptor_limit
from bot.ops.logs import protect_settings_secrets
from bot.ops.memory import release_free_memory
from bot.ops.metrics import Metrics
from bot.ops.web import mount_ops_routes
from bot.polling.poller import PollReport
from bot.reader import ReaderServer
from bot.reader.server import ReaderArticle, StoredArticle
from bot.replies.welcome import command_menu
from bot.services import Services
from bot.settings import Settings
from bot.usecases.registry import UseCases
from storage.queries import articles as articles_q

log = logging.getLogger(__name__)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    role: str = "all",
    request: BaseRequest | None = None,
) -> Application:
    """The bot in `role` (see bot.app.roles), ready to start (`run`, or tests).

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
        # its own Bot without this limiter (see bot.app.roles.sender_bot).
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


async def register_command_menus(app: Application, codes: tuple[str, ...] = LOCALES) -> None:
    """The command menu in each of `codes`: Telegram shows each person the one of their app's
    language (English, the default, to the rest)."""
    for code in codes:
        with use_locale(code):
            commands = [BotCommand(name, desc) for name, desc in command_menu()]
        language = None if code == DEFAULT_LOCALE else code
        try:
            await app.bot.set_my_commands(commands, language_code=language)
        except BadRequest as exc:
            # A menu is a convenience: one translation Telegram refuses must not keep the bot
            # from starting (its speakers see the English menu meanwhile).
            log.warning("Telegram refused the command menu in %s: %s", code, exc)


def _started(settings: Settings, clock: Clock | None, role: str):
    async def post_init(app: Application) -> None:
        services = await Services.start(settings, clock=clock)
        app.bot_data["services"] = services
        app.bot_data["usecases"] = services.cases  # what handlers reach
        ops = Operations(role, Metrics())
        app.bot_data["ops"] = ops
        if takes_updates(role):
            await register_command_menus(app)
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
        mount_ops_routes(
            reader.app.router,
            services.db,
            services.clock,
            ops.metrics,
            role,
            web_port=reader.guard,
        )
        webhook = settings.webhook_url if takes_updates(role) else None
        if webhook and settings.webhook_secret:
            secret = settings.webhook_secret.get_secret_value()
            mount_webhook(reader.app.router, app, path=webhook_path(webhook), secret=secret)
        await reader.start()
        app.bot_data["reader"] = reader
        if webhook and settings.webhook_secret:
            await register_webhook(app.bot, webhook, settings.webhook_secret.get_secret_value())
        if does_work(role):
            await ops.start_sending(settings, services.db, services.topics)
            assert app.job_queue is not None, "install python-telegram-bot[job-queue]"
            tick = settings.tick_seconds
            jobs = app.job_queue
            jobs.run_repeating(_counted("poll", _poll_job), tick, first=0.5, name="poll")
            jobs.run_repeating(_counted("digests", _digest_job), tick, first=1.0, name="digests")
            story_job = _counted("story-updates", _story_job)
            jobs.run_repeating(story_job, tick, first=1.5, name="story-updates")
        log.info("newsbrief started as %s; web port at %s", role, settings.reader_base_url)

    return post_init


async def _stopped(app: Application) -> None:
    ops = app.bot_data.pop("ops", None)
    if ops is not None:
        await ops.stop()
    reader = app.bot_data.pop("reader", None)
    if reader is not None:
        await reader.stop()
    app.bot_data.pop("usecases", None)
    services = app.bot_data.pop("services", None)
    if services is not None:
        await services.close()


def _article_loader(services: Services):
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


Job = Callable[[ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _counted(name: str, job: Job) -> Job:
    """`job`, counted in newsbrief_job_runs_total when a run ends: proof the scheduler is
    alive, and what tests wait on before saying that nothing more was sent."""

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await job(context)
        finally:
            context.application.bot_data["ops"].metrics.job_runs.labels(name).inc()

    return run


async def _poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    ops: Operations = context.application.bot_data["ops"]
    await ops.topic_sync.refresh(services.topics, services.db)  # topics other processes added
    await services.poller.start_due(lambda report: _count_poll(ops, report))


def _count_poll(ops: Operations, report: PollReport) -> None:
    ops.metrics.polls.inc(report.polled)
    ops.metrics.poll_errors.inc(report.failed)


async def _story_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    cases: UseCases = context.application.bot_data["usecases"]
    await cases.story_updates.send_story_updates()
    await cases.alerts.send_breaking_alerts()


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    cases: UseCases = context.application.bot_data["usecases"]
    await cases.digests.queue_due_digests(metrics=context.application.bot_data["ops"].metrics)


def run(settings: Settings, role: str, on_started: Callable[[], None] | None = None) -> int:
    """Run the bot in `role` until SIGINT or SIGTERM; returns the exit status. `on_started`
    is called once the bot is up (start-up is over: a later error is not a failure to start)."""
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
