"""Every answer in the chat's language: chosen before any guard or handler speaks (the flood
guard, which runs first, chooses it itself for its one refusal)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import DEFAULT_LOCALE, negotiate, speak
from handlers.common import use_cases


async def speak_the_chats_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets this update's translator: the chat's language, adopted from the first person's
    Telegram language when the chat has none yet."""
    chat, user = update.effective_chat, update.effective_user
    offered = user.language_code if user is not None else None
    if chat is None:
        speak(negotiate(offered) or DEFAULT_LOCALE)
        return
    speak(await use_cases(context).language.language_of(chat.id, offered))
