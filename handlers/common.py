"""What every handler needs: the use cases, the chat's row, and replying with a rendered message."""

from __future__ import annotations

from telegram import CallbackQuery, LinkPreviewOptions, Update
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.briefings import Message
from bot.delivery import keyboard_of
from bot.i18n import current
from bot.replies import common as common_replies
from bot.usecases.registry import UseCases
from storage import Chat


def use_cases(context: ContextTypes.DEFAULT_TYPE) -> UseCases:
    """What handlers may ask of the bot (they never reach the database themselves)."""
    return context.application.bot_data["usecases"]


async def chat_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat:
    tg = update.effective_chat
    assert tg is not None
    chat = await use_cases(context).chats.ensure_chat(tg.id, tg.type, tg.title)
    if chat.interface_language is None:  # created by this update: its person's language
        # Kept on the row we return too: this update's reply (a settings menu) names it.
        chat.interface_language = await use_cases(context).language.language_of(
            chat.id, current().code
        )
    return chat


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


async def sources_line(cases: UseCases, chat: Chat) -> str | None:
    """The line that says the news cannot be reached, while most sources fail; else None."""
    now = cases.clock.now()
    health = await cases.status.sources_health(now)
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
