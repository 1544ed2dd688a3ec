"""The ◀ ▶ buttons under a paged list (/topics, /sources): show another page in place.

The buttons are declared in bot.buttons.catalog (LIST_PAGE): anyone may turn a page, since it
only shows what the list command showed, but only of the chat the list belongs to.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.buttons import Press
from handlers.channels import pressed_target
from handlers.common import edit
from handlers.sources import sources_page
from handlers.topics import topics_page


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """◀ or ▶ under /topics or /sources: edit the message to the page the button names (an old
    list of another chat than the one this person's commands now change has expired)."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    await query.answer()
    if press["listing"] == "topics":
        await edit(query, await topics_page(update, context, chat, press["page"]))
    else:
        await edit(query, await sources_page(context, chat, press["page"]))
