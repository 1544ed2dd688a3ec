"""Putting rendered messages into Telegram, and what to do when Telegram says no."""

from bot.delivery.telegram import ChatUnreachable, keyboard_of, send_rendered

__all__ = ["ChatUnreachable", "keyboard_of", "send_rendered"]
