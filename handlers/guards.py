"""Protections that run before the handlers: group admins only, and a gentle answer to floods."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import replies
from handlers.common import reply

FLOOD_WINDOW = 60.0
FLOOD_LIMIT = 20
ADMIN_CACHE_SECONDS = 300.0
# Commands and buttons that change a group's topics or settings.
ADMIN_COMMANDS = {
    "subscribe",
    "follow",
    "unsubscribe",
    "unfollow",
    "settings",
    "addsource",
    "sources",
    "removesource",
    "import",
}
ADMIN_BUTTONS = ("unsub:", "ti:", "dg:", "sg:", "subq", "src:", "set:")


def _state(context: ContextTypes.DEFAULT_TYPE, name: str, factory):  # type: ignore[no-untyped-def]
    """Per-application memory (not module globals: several bots may run in one process)."""
    return context.application.bot_data.setdefault(f"guard:{name}", factory())


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """More than 20 commands or presses a minute from one chat: say so once, then ignore."""
    chat = update.effective_chat
    if chat is None or not (update.message or update.callback_query):
        return
    now = time.monotonic()
    recent: defaultdict[int, deque[float]] = _state(context, "recent", lambda: defaultdict(deque))
    warned: dict[int, float] = _state(context, "warned", dict)
    window = recent[chat.id]
    window.append(now)
    while window and now - window[0] > FLOOD_WINDOW:
        window.popleft()
    if len(window) <= FLOOD_LIMIT:
        return
    if now - warned.get(chat.id, 0.0) > FLOOD_WINDOW:
        warned[chat.id] = now
        if update.callback_query:
            await update.callback_query.answer("Too many presses — please wait a minute.")
        else:
            await reply(update, replies.slow_down())
    elif update.callback_query:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


def _wants_admin(update: Update) -> bool:
    if update.callback_query and update.callback_query.data:
        return update.callback_query.data.startswith(ADMIN_BUTTONS)
    message = update.effective_message
    text = (message.text or "") if message else ""
    if not text.startswith("/"):
        return bool(message and message.document)  # OPML import changes the group's sources
    command = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
    return command in ADMIN_COMMANDS


async def admin_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups, only admins change topics and settings (anyone may read and ask)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if not _wants_admin(update):
        return
    admins: dict[tuple[int, int], tuple[float, bool]] = _state(context, "admins", dict)
    key = (chat.id, user.id)
    cached = admins.get(key)
    if cached is None or time.monotonic() - cached[0] > ADMIN_CACHE_SECONDS:
        member = await context.bot.get_chat_member(chat.id, user.id)
        is_admin = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        admins[key] = cached = (time.monotonic(), is_admin)
    if cached[1]:
        return
    if update.callback_query:
        await update.callback_query.answer("Only group admins can change this.", show_alert=True)
    else:
        await reply(update, replies.admins_only())
    raise ApplicationHandlerStop
