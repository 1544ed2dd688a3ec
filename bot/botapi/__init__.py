"""One Bot API emulator: Telegram's methods, parameters, buttons and HTML, as Telegram checks them.

`newsbrief chat` (bot.terminal) talks to it instead of Telegram; the tests' fake Telegram
(tests/fakes) is this emulator plus scripting and fault injection. Imports nothing else of
`bot`, so both can stand on it.
"""

from bot.botapi.emulator import BotApi, CallbackAnswered, Event, MessageDeleted, MessageShown
from bot.botapi.errors import BotApiError, bad_request
from bot.botapi.markup import Button
from bot.botapi.params import Upload
from bot.botapi.server import BotApiServer
from bot.botapi.store import MessageVersion, SentFile, SentMessage
from bot.botapi.text import FormattedText, format_text, parse_html, telegram_length

__all__ = [
    "BotApi",
    "BotApiError",
    "BotApiServer",
    "Button",
    "CallbackAnswered",
    "Event",
    "FormattedText",
    "MessageDeleted",
    "MessageShown",
    "MessageVersion",
    "SentFile",
    "SentMessage",
    "Upload",
    "bad_request",
    "format_text",
    "parse_html",
    "telegram_length",
]
