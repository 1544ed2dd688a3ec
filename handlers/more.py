"""➕ More under a digest topic."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.buttons import Press
from bot.i18n import _
from handlers.common import chat_of, reply, use_cases


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """➕ More under a digest topic: send the stories the digest left out for that topic."""
    query = update.callback_query
    assert query is not None
    chat = await chat_of(update, context)
    cases = use_cases(context)
    messages = await cases.more.more_for_topic(chat.id, press["topic"])
    if not messages:
        await query.answer(_("Nothing more on this topic — you've seen it all."))
        return
    await query.answer()
    for message in messages:
        await reply(update, message)
        await cases.latest.shown(chat.id, message.article_ids, "more")
