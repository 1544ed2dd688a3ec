"""`newsbrief chat`: talk to the real bot in a terminal, through its handlers, without Telegram."""

from bot.terminal.local_api import LocalBotApi
from bot.terminal.request import LocalRequest
from bot.terminal.session import chat_in_terminal, run_chat, terminal_settings

__all__ = ["LocalBotApi", "LocalRequest", "chat_in_terminal", "run_chat", "terminal_settings"]
