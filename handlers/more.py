"""➕ More under a digest topic."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.buttons import Press
from bot.digests.more import more_for_topic
from handlers.common import chat_of, reply, services_of
from storage.queries import deliveries as deliveries_q


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """➕ More under a digest topic: send the stories the digest left out for that topic."""
    query = update.callback_query
    assert query is not None
    chat = await chat_of(update, context)
    services = services_of(context)
    messages = await more_for_topic(services, chat.id, press["topic"])
    if not messages:
        await query.answer("Nothing more on this topic — you've seen it all.")
        return
    await query.answer()
    for message in messages:
        await reply(update, message)
        await services.db.run(
            deliveries_q.record_deliveries,
            chat.id,
            message.article_ids,
            "more",
            services.clock.now(),
        )
