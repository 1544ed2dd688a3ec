"""Fakes of the outside world for end-to-end tests; `FakeTelegram` is a Bot API server.

The Bot API itself is the product's emulator (bot.botapi); the fake adds scripting, fault
injection and waits for tests.
"""

from bot.botapi import (
    BotApiError,
    FormattedText,
    MessageVersion,
    SentFile,
    SentMessage,
    format_text,
    parse_html,
)

from .telegram_server import FakeTelegram, busiest_window

__all__ = [
    "BotApiError",
    "FakeTelegram",
    "FormattedText",
    "MessageVersion",
    "SentFile",
    "SentMessage",
    "busiest_window",
    "format_text",
    "parse_html",
]
