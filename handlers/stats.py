"""/stats: the bot at a glance, for the operators named in NEWSBRIEF_OPERATOR_IDS."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.replies import common as common_replies
from handlers.common import reply, use_cases


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts, the outbox, the last day's outcomes, polls and digest lag; others get /help."""
    cases = use_cases(context)
    user = update.effective_user
    if user is None or not cases.status.is_operator(user.id):
        await reply(update, common_replies.not_understood())  # as if there were no such command
        return
    ops = context.application.bot_data.get("ops")
    await reply(update, await cases.status.stats(ops.role if ops else "all"))
