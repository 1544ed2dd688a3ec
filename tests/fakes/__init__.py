"""Fakes of the outside world for end-to-end tests; `FakeTelegram` is a Bot API server."""

from .api_error import BotApiError
from .sent_messages import MessageVersion, SentFile, SentMessage
from .telegram_server import FakeTelegram, busiest_window
from .telegram_text import FormattedText, format_text, parse_html

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
