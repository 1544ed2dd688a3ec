"""The token (getMe) and the webhook (getWebhookInfo), asked of TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio

import httpx
from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from bot.ops.doctor.results import DEPLOY_DOC, CheckResult, failed, passed
from bot.settings import Settings

TELEGRAM_SECONDS = 20.0


async def check_telegram(settings: Settings) -> list[CheckResult]:
    """The token (getMe) and, when one is configured, the webhook (getWebhookInfo)."""
    if not settings.token or not settings.token.strip():
        fix = "get a token from @BotFather (/newbot) and set TELEGRAM_BOT_TOKEN"
        rows = [failed("Telegram token", "TELEGRAM_BOT_TOKEN is not set", fix)]
        if settings.webhook_url:
            rows.append(failed("Webhook", "cannot check without a token", fix))
        return rows
    bot = Bot(settings.token, base_url=settings.telegram_api_url)
    try:
        async with asyncio.timeout(TELEGRAM_SECONDS):
            rows = await _telegram_rows(bot, settings)
    except TimeoutError:
        rows = [_unreachable(settings, "no answer within 20 s")]
    finally:
        await bot.shutdown()
    if settings.webhook_url and len(rows) == 1:
        rows.append(failed("Webhook", "not checked: the token check failed", "fix that first"))
    return rows


async def _telegram_rows(bot: Bot, settings: Settings) -> list[CheckResult]:
    api = _api_host(settings.telegram_api_url)
    try:
        me = await bot.get_me()
    except (InvalidToken, Forbidden):
        # Never the exception's text: PTB's quotes the token.
        return [
            failed(
                "Telegram token",
                f"{api} refused the token (getMe: unauthorized)",
                "copy the token again from @BotFather (/mybots → API Token) into "
                "TELEGRAM_BOT_TOKEN; a revoked token stops working at once",
            )
        ]
    except NetworkError as exc:
        return [_unreachable(settings, type(exc).__name__)]
    except TelegramError as exc:
        return [_unreachable(settings, type(exc).__name__)]
    rows = [passed("Telegram token", f"@{me.username} (id {me.id}) answers at {api}")]
    if settings.webhook_url:
        rows.append(await _webhook_row(bot, settings.webhook_url))
    return rows


async def _webhook_row(bot: Bot, wanted: str) -> CheckResult:
    try:
        info = await bot.get_webhook_info()
    except TelegramError as exc:
        return failed("Webhook", f"getWebhookInfo failed ({type(exc).__name__})", "retry later")
    start = "start the bot (`newsbrief run` registers NEWSBRIEF_WEBHOOK_URL with Telegram)"
    if not info.url:
        return failed("Webhook", "Telegram has no webhook registered", start)
    if info.url != wanted:
        return failed(
            "Webhook",
            f"Telegram posts to another address ({_host_of(info.url)})",
            f"{start}; if another copy of the bot uses this token, stop it",
        )
    if info.last_error_message:
        when = info.last_error_date.isoformat(" ", "minutes") if info.last_error_date else "?"
        return failed(
            "Webhook",
            f"Telegram's last delivery failed at {when}: {info.last_error_message[:200]}",
            "check that nginx forwards the webhook path to the bot and that the certificate "
            f"is valid (see {DEPLOY_DOC})",
        )
    return passed(
        "Webhook",
        f"registered at {_host_of(wanted)}, no delivery errors, "
        f"{info.pending_update_count} updates pending",
    )


def _unreachable(settings: Settings, why: str) -> CheckResult:
    return failed(
        "Telegram token",
        f"cannot reach {_api_host(settings.telegram_api_url)} ({why})",
        "check the network, DNS and TELEGRAM_API_URL (leave it unset for api.telegram.org)",
    )


def _api_host(url: str) -> str:
    # TELEGRAM_API_URL ends in /bot and the token is appended: show the host only.
    return _host_of(url)


def _host_of(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "(not a URL)"
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host
