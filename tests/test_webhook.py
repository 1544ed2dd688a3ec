"""Webhook mode: Telegram POSTs updates to the web port; only its secret header gets in."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from telegram.ext import Application

from bot.app import build_application
from bot.app.webhook import SECRET_HEADER
from tests.fixtures.harness import settings_for

CHAT = 4001
URL = "https://bot.example.org/telegram/hook-path"
SECRET = "s3cret_-token"


@asynccontextmanager
async def webhook_bot(settings, clock) -> AsyncIterator[Application]:
    app = build_application(settings, clock=clock)
    async with app:
        assert app.post_init is not None and app.post_shutdown is not None
        await app.post_init(app)
        await app.start()
        try:
            yield app
        finally:
            await app.stop()
            await app.post_shutdown(app)


def start_update(update_id: int, text: str = "/start") -> dict:
    user = {"id": CHAT, "is_bot": False, "first_name": "Web"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": user,
            "chat": {"id": CHAT, "type": "private", "first_name": "Web"},
            "date": int(time.time()),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_updates_come_in_by_webhook_with_the_secret(tg, clock, sqlite_url):
    settings = settings_for(
        tg, sqlite_url, [], NEWSBRIEF_WEBHOOK_URL=URL, NEWSBRIEF_WEBHOOK_SECRET=SECRET
    )
    async with webhook_bot(settings, clock) as app:
        assert app.updater is None, "no getUpdates in webhook mode"
        assert tg.webhook["url"] == URL
        assert tg.webhook["params"]["secret_token"] == SECRET
        endpoint = f"{settings.reader_base_url}/telegram/hook-path"
        async with httpx.AsyncClient() as client:
            refused = await client.post(endpoint, json=start_update(1))
            wrong = await client.post(endpoint, json=start_update(2), headers={SECRET_HEADER: "x"})
            junk = await client.post(
                endpoint, content=b"{not json", headers={SECRET_HEADER: SECRET}
            )
            huge = await client.post(
                endpoint, content=b"x" * 1_200_000, headers={SECRET_HEADER: SECRET}
            )
            accepted = await client.post(
                endpoint, json=start_update(3), headers={SECRET_HEADER: SECRET}
            )
        assert (refused.status_code, wrong.status_code) == (403, 403)
        assert (junk.status_code, huge.status_code) == (400, 413)
        assert accepted.status_code == 200
        (welcome,) = await tg.wait_for(CHAT)
        assert "/subscribe" in welcome.text
        assert len(tg.messages_to(CHAT)) == 1, "only the update with the secret was handled"
    assert not any(name == "getUpdates" for name, _ in tg.calls)


async def test_an_update_whose_body_arrives_in_pieces_is_read_whole(tg, clock, sqlite_url):
    """A proxy forwards a body as it arrives; the bot must wait for all of it."""
    settings = settings_for(
        tg, sqlite_url, [], NEWSBRIEF_WEBHOOK_URL=URL, NEWSBRIEF_WEBHOOK_SECRET=SECRET
    )
    async with webhook_bot(settings, clock):
        update = {"update_id": 7, "padding": "x" * 200_000, **start_update(7)}  # a big update
        body = json.dumps(update).encode()
        head = (
            f"POST /telegram/hook-path HTTP/1.1\r\nHost: bot\r\n{SECRET_HEADER}: {SECRET}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        host, port = settings.reader_host_port
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(head + body[:1000])
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.write(body[1000:])
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=10)
        writer.close()
        assert b" 200 " in status_line, status_line
        (welcome,) = await tg.wait_for(CHAT)
        assert "/subscribe" in welcome.text
