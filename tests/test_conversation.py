"""Talking to the bot: suggested topics, groups and their admins, floods, blocked chats."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event

from bot.i18n import use_locale
from bot.replies import common as common_replies
from handlers.guards import FLOOD_LIMIT
from storage.queries import chats as chats_q
from storage.queries import topics as topics_q
from tests.fixtures.harness import running_bot, settings_for

CHAT = 3003
GROUP = -100777
ADMIN, MEMBER = 501, 502


async def test_start_offers_suggested_topics_and_typing_your_own(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (welcome,) = await bot.say(CHAT, "/start")
        buttons = welcome.buttons()
        assert any(text.startswith("➕ Pakistan Afghanistan talks") for text, _, _ in buttons)
        first = next(data for text, data, _ in buttons if text == "➕ Pakistan Afghanistan talks")
        tg.press(CHAT, welcome.message_id, first)
        (confirm,) = await tg.wait_for(CHAT)
        assert "You now follow" in confirm.text and "Pakistan Afghanistan talks" in confirm.text
        tg.press(CHAT, welcome.message_id, "sg:own")  # by value: "own", not a position
        (how,) = await tg.wait_for(CHAT)
        assert "/subscribe" in how.text
        topics = await bot.services.db.run(topics_q.list_topics, CHAT)
        assert [t.query for t in topics] == ["Pakistan Afghanistan talks"]


async def test_in_groups_only_admins_change_topics(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        tg.group_event(GROUP, "added", by_user_id=ADMIN, title="Newsroom")
        (greeting,) = await tg.wait_for(GROUP)
        assert "admin" in greeting.text and "/subscribe" in greeting.text

        tg.user_says(GROUP, "/subscribe Istanbul talks", user_id=MEMBER, chat_type="supergroup")
        (refused,) = await tg.wait_for(GROUP)
        assert "only admins" in refused.text
        tg.user_says(GROUP, "/subscribe Istanbul talks", user_id=ADMIN, chat_type="supergroup")
        (accepted,) = await tg.wait_for(GROUP)
        assert "You now follow" in accepted.text
        # Anyone may ask what's going on.
        tg.user_says(GROUP, "/topics", user_id=MEMBER, chat_type="supergroup")
        (listing,) = await tg.wait_for(GROUP)
        assert "Istanbul talks" in listing.text
        unsub = next(d for _, d, _ in listing.buttons() if d and d.startswith("unsub:"))
        query = tg.press(GROUP, listing.message_id, unsub, user_id=MEMBER)
        await bot.settled()  # the press is handled: its answer is in
        assert "admins" in (tg.answered(query) or {}).get("text", "")
        assert len(await bot.services.db.run(topics_q.list_topics, GROUP)) == 1


async def test_a_command_flood_gets_one_friendly_answer(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        for _ in range(30):
            tg.user_says(CHAT, "/help")
        await bot.settled()  # every command handled and answered (or not)
        replies = tg.messages_to(CHAT)
        assert sum("lot of commands" in m.text for m in replies) == 1
        assert len(replies) <= 21
        assert bot.app.running


async def test_a_flood_costs_no_database_read_per_dropped_update(tg, site, clock, sqlite_url):
    """Dropped updates are refused before the chat's language is read: a flood of 60 costs
    the one query its (still translated) refusal needs, not one query each."""
    tg.user_languages[CHAT] = "es"
    reads: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        values = params.values() if isinstance(params, dict) else (params or ())
        if CHAT in values:  # any statement about this chat: its row, topics, deliveries...
            reads.append(statement)

    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        for _ in range(FLOOD_LIMIT):  # a full window, answered
            tg.user_says(CHAT, "/help")
        await tg.wait_for(CHAT, count=FLOOD_LIMIT, timeout=20)
        await bot.settled()
        engine = bot.services.db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            for _ in range(60):
                tg.user_says(CHAT, "/help")
            (refusal,) = await tg.wait_for(CHAT, timeout=20)
            await bot.settled()
        finally:
            event.remove(engine, "before_cursor_execute", count)
    with use_locale("es"):
        assert refusal.text == common_replies.slow_down().html, "in the chat's language"
    assert len(tg.messages_to(CHAT)) == FLOOD_LIMIT + 1
    assert len(reads) <= 2, f"{len(reads)} queries about the chat for 60 dropped updates"


async def test_a_user_who_blocks_the_bot_becomes_inactive(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        await bot.say(CHAT, "/start")
        tg.block(CHAT)
        for _ in range(50):
            chat = await bot.services.db.run(chats_q.get_chat, CHAT)
            if not chat.active:
                break
            await asyncio.sleep(0.1)
        assert chat.active is False
