"""/latest: what's the latest on a story."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import replies
from bot.briefings import render_briefing
from bot.matching import QueryError, parse_query
from bot.topics.subscriptions import search
from handlers.common import chat_of, command_args, reply, services_of
from storage import queries as q

LATEST_COUNT = 5


async def latest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The newest matching articles, one per story; if none, say so and offer to follow."""
    chat = await chat_of(update, context)
    text = command_args(context)
    if not text:
        await reply(update, replies.latest_usage())
        return
    try:
        query = parse_query(text)
    except QueryError as exc:
        await reply(update, replies.topic_error(str(exc)))
        return
    services = services_of(context)
    found = await search(services, query, limit=LATEST_COUNT)
    if not found:
        if context.chat_data is not None:
            context.chat_data["last_search"] = text
        await reply(update, replies.nothing_found(text))
        return
    views = [services.view(a) for a in found]
    for message in render_briefing(replies.latest_header(text), views, chat.timezone):
        await reply(update, message)
    await services.db.run(
        q.record_deliveries, chat.id, [a.id for a in found], "latest", services.clock.now()
    )
