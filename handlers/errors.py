"""The last resort: log the failure (never the token) and tell the user something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import _
from bot.replies import common as common_replies
from handlers.common import reply

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update):
        if update.callback_query is not None:
            try:
                await update.callback_query.answer(_("Something went wrong. Please try again."))
            except Exception:  # the query may be answered already
                pass
        elif update.effective_message is not None:
            try:
                await reply(update, common_replies.error_apology())
            except Exception:
                log.warning("could not send the apology either")
