"""Putting rendered messages into Telegram, and what to do when Telegram says no.

Everything the bot sends on its own goes through the outbox: `queue_message` in the transaction
that decides to send, and the `Sender` delivers it paced, exactly once. Replies to a user's
command go straight out (`send_rendered` or the handler's reply).
"""

from bot.delivery.queue import queue_message
from bot.delivery.sender import Sender, SenderConfig
from bot.delivery.telegram import ChatUnreachable, keyboard_of, send_rendered

__all__ = [
    "ChatUnreachable",
    "Sender",
    "SenderConfig",
    "keyboard_of",
    "queue_message",
    "send_rendered",
]
