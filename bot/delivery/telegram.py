"""Sending one rendered message, with Telegram's refusals turned into decisions."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.briefings import Message
from bot.delivery.outcomes import retry_seconds

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4


class ChatUnreachable(Exception):
    """The chat blocked the bot, left, or was deleted: stop sending to it."""


def keyboard_of(message: Message) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(b.text, url=b.url)
            if b.url
            else InlineKeyboardButton(b.text, callback_data=b.callback_data)
            for b in row
        ]
        for row in message.buttons
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def send_rendered(
    bot: Bot, chat_id: int, message: Message, *, reply_to: int | None = None
) -> int:
    """Send and return Telegram's message id; waits out 429s and retries network errors.

    Raises ChatUnreachable (403), ChatMigrated (group became a supergroup) or the BadRequest.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            sent = await bot.send_message(
                chat_id,
                message.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard_of(message),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_to_message_id=reply_to,
                allow_sending_without_reply=True if reply_to else None,
            )
            return sent.message_id
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            log.warning("429 from Telegram; waiting %.1f s", seconds)
            await asyncio.sleep(seconds)
        except Forbidden as exc:
            raise ChatUnreachable(str(exc)) from exc
        except (ChatMigrated, BadRequest):
            raise  # BadRequest subclasses NetworkError but retrying it can't help
        except (TimedOut, NetworkError):
            if attempt == MAX_ATTEMPTS:
                raise
            await asyncio.sleep(min(2**attempt, 30))
    raise RuntimeError("unreachable")
