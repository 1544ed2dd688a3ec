"""Read here: the article text in the chat, page by page, edited in place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.reading import reading_message
from handlers.common import edit, reply, services_of


async def read_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rd:<article>:0 under a briefing sends the first page; rp:<article>:<n> turns pages."""
    query = update.callback_query
    assert query is not None and query.data is not None
    kind, article_id, page = query.data.split(":")
    message = await reading_message(services_of(context), int(article_id), int(page))
    if message is None:
        await query.answer("That article is no longer stored.", show_alert=True)
        return
    await query.answer()
    if kind == "rp":
        await edit(query, message)
    else:
        await reply(update, message)
