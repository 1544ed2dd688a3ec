"""Read here: the article text in the chat, page by page, edited in place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.buttons import Press
from bot.buttons.catalog import READ_PAGE
from bot.i18n import _
from handlers.common import edit, reply, use_cases


async def read_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """Read here under a briefing sends the first page; ◀ ▶ turn pages in place."""
    query = update.callback_query
    assert query is not None
    message = await use_cases(context).reading.reading_message(press["article"], press["page"])
    if message is None:
        await query.answer(_("That article is no longer stored."), show_alert=True)
        return
    await query.answer()
    if press.kind is READ_PAGE:
        await edit(query, message)
    else:
        await reply(update, message)
