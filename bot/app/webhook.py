"""Webhook mode: Telegram POSTs each update to the web port instead of the bot asking for them.

Only requests carrying the secret given to Telegram in setWebhook are accepted; the update goes
into the Application's queue, where the same handlers as in polling mode take it.
"""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1_000_000  # updates are a few kB; a message with entities stays far below


def webhook_path(url: str) -> str:
    """The path Telegram will POST to, taken from the public webhook URL."""
    return urlsplit(url).path or "/"


def mount_webhook(router: web.UrlDispatcher, app: Application, *, path: str, secret: str) -> None:
    """POST `path`: check the secret header, parse the update, hand it to the handlers."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="wrong or missing secret token")
        if request.content_length is not None and request.content_length > MAX_UPDATE_BYTES:
            return web.Response(status=413, text="update too large")
        # The whole body, however many packets it came in (read(n) returns the first chunk
        # only); the web port's request deadline bounds a body that trickles in.
        chunks, size = [], 0
        async for chunk in request.content.iter_any():
            size += len(chunk)
            if size > MAX_UPDATE_BYTES:
                return web.Response(status=413, text="update too large")
            chunks.append(chunk)
        body = b"".join(chunks)
        try:
            update = Update.de_json(json.loads(body), app.bot)
        except Exception:  # not an update: say so, Telegram won't resend a 400
            log.warning("webhook: a request with the right secret did not hold an update")
            return web.Response(status=400, text="not an update")
        await app.update_queue.put(update)
        return web.Response(text="ok")

    router.add_post(path, receive)


async def register_webhook(bot: Bot, url: str, secret: str) -> None:
    """Tell Telegram where to send updates (replacing getUpdates for this bot)."""
    await bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    log.info("webhook registered at %s", url)
