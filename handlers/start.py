"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import replies
from handlers.common import chat_of, reply


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: what the bot does and how to follow a first topic."""
    await chat_of(update, context)
    user = update.effective_user
    await reply(update, replies.welcome(user.first_name if user else None))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every command with an example."""
    await reply(update, replies.help_text())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have."""
    await reply(update, replies.not_understood())
