"""How people talk to the bot: one module per conversation area, wired here like a contents page."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.digest import digest_command, digest_toggle_button, settings_command
from handlers.errors import on_error
from handlers.latest import latest_command, plain_text, story_button
from handlers.reading import read_button
from handlers.start import help_command, start, unknown_command
from handlers.topics import (
    follow_last_search,
    subscribe_command,
    topics_command,
    unsubscribe_button,
    unsubscribe_command,
)


def register(app: Application) -> None:
    """Every command and button the bot answers."""
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler(["subscribe", "follow"], subscribe_command))
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CommandHandler(["unsubscribe", "unfollow"], unsubscribe_command))
    app.add_handler(CommandHandler("latest", latest_command))
    app.add_handler(CommandHandler("digest", digest_command))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CallbackQueryHandler(read_button, pattern=r"^r[dp]:\d+:\d+$"))
    app.add_handler(CallbackQueryHandler(unsubscribe_button, pattern=r"^unsub:\d+$"))
    app.add_handler(CallbackQueryHandler(follow_last_search, pattern=r"^subq$"))
    app.add_handler(CallbackQueryHandler(digest_toggle_button, pattern=r"^dg:(on|off)$"))
    app.add_handler(CallbackQueryHandler(story_button, pattern=r"^(fs|uf|mu|sm):\d+$"))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, plain_text)
    )
    app.add_error_handler(on_error)
