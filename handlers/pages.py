"""The ◀ ▶ buttons under a paged list (/topics, /sources): show another page in place.

The buttons' data is defined in bot.list_pages (prefix, parser); turning a page only shows
what the list command already showed, so it needs no permission of its own.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.list_pages import PAGE_PATTERN, parse_page_data
from handlers.channels import target_chat
from handlers.common import edit
from handlers.sources import sources_page
from handlers.topics import topics_page

__all__ = ["PAGE_PATTERN", "page_button"]


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """◀ or ▶ under /topics or /sources: edit the message to the page the button names."""
    query = update.callback_query
    assert query is not None
    parsed = parse_page_data(query.data)
    if parsed is None:
        await query.answer("This button has expired.")
        return
    list_key, page = parsed
    chat = await target_chat(update, context)
    await query.answer()
    if list_key == "t":
        await edit(query, await topics_page(update, context, chat, page))
    else:
        await edit(query, await sources_page(context, chat, page))
