"""What every handler needs: the services, the chat's row, and replying with a rendered message."""

from __future__ import annotations

from telegram import CallbackQuery, LinkPreviewOptions, Update
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.briefings import Message
from bot.chats import ensure_chat
from bot.delivery import keyboard_of
from bot.replies import common as common_replies
from bot.services import Services
from bot.sources.health import read_sources_health
from storage import Chat


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


async def chat_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat:
    tg = update.effective_chat
    assert tg is not None
    return await ensure_chat(services_of(context), tg.id, tg.type, tg.title)


async def reply(update: Update, message: Message) -> TgMessage | None:
    target = update.effective_message
    if target is None:
        return None
    return await target.reply_text(
        message.html,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard_of(message),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        do_quote=False,
    )


async def sources_line(services: Services, chat: Chat) -> str | None:
    """The line that says the news cannot be reached, while most sources fail; else None."""
    now = services.clock.now()
    health = await read_sources_health(services.db, now)
    if not health.degraded:
        return None
    return common_replies.sources_unreachable(
        health.failing, health.total, health.since, chat.timezone, now
    )


def command_args(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()


async def edit(query: CallbackQuery, message: Message) -> None:
    """Replace the pressed message's text and buttons (a no-op when nothing changed)."""
    try:
        await query.edit_message_text(
            message.html,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard_of(message),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
