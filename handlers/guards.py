"""Protections that run before the handlers: who may press which button (from bot.buttons),
group admins only for changes, and a gentle answer to one person's flood (checked before
anything else, so a flood costs no database work)."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.buttons import BUTTONS, Who
from bot.i18n import _
from bot.replies import common as common_replies
from handlers.buttons import answer_expired
from handlers.common import reply
from handlers.language import speak_the_chats_language
from handlers.sources import IMPORTS

FLOOD_WINDOW = 60.0
FLOOD_LIMIT = 20
ADMIN_CACHE_SECONDS = 300.0
FLOOD_SWEEP_AT = 10_000  # people remembered before those quiet for a window are forgotten
# Commands that change a group's topics or settings (buttons say so in bot.buttons.catalog).
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


def _state(context: ContextTypes.DEFAULT_TYPE, name: str, factory):
    """Per-application memory (not module globals: several bots may run in one process)."""
    return context.application.bot_data.setdefault(f"guard:{name}", factory())


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """More than 20 commands or presses a minute from one person: say so once, then ignore
    them (only them: a group's other members and admins are still answered)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or not (update.message or update.callback_query):
        return
    who = user.id if user is not None else chat.id
    now = time.monotonic()
    recent: defaultdict[int, deque[float]] = _state(context, "recent", lambda: defaultdict(deque))
    warned: dict[int, float] = _state(context, "warned", dict)
    if len(recent) > FLOOD_SWEEP_AT:  # a public bot meets many people: keep only the recent
        for key in [k for k, w in recent.items() if not w or now - w[-1] > FLOOD_WINDOW]:
            del recent[key]
            warned.pop(key, None)
    window = recent[who]
    window.append(now)
    while window and now - window[0] > FLOOD_WINDOW:
        window.popleft()
    if len(window) <= FLOOD_LIMIT:
        return
    if now - warned.get(who, 0.0) > FLOOD_WINDOW:
        warned[who] = now
        # This guard runs before the language is set, so a dropped update costs no read;
        # the one refusal a window still speaks the chat's language.
        await speak_the_chats_language(update, context)
        if update.callback_query:
            await update.callback_query.answer(_("Too many presses — please wait a minute."))
        else:
            await reply(update, common_replies.slow_down())
    elif update.callback_query:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


def _wants_admin(update: Update) -> bool:
    """A command that changes the group's topics, settings or sources, or a file to import."""
    message = update.effective_message
    if message is None:
        return False
    if IMPORTS.check_update(update):
        return True
    text = message.text or ""
    if not text.startswith("/"):
        return False
    command = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
    return command in ADMIN_COMMANDS


async def admin_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons: pressed only by whom their declaration allows (stale ones answered as such).
    Messages: in groups, only admins change topics and settings (anyone may read and ask)."""
    if update.callback_query is not None:
        await _button_guard(update, context)
        return
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or not _in_group(update):
        return
    if not _wants_admin(update) or await _is_admin(context, chat.id, user.id):
        return
    await reply(update, common_replies.admins_only())
    raise ApplicationHandlerStop


async def _button_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    press = BUTTONS.parse(query.data)
    if press is None:
        await answer_expired(query)
        raise ApplicationHandlerStop
    who = press.kind.who
    if who is Who.ANYONE or chat is None:
        return
    presser = query.from_user.id
    if who is Who.ASKER:
        # Only sent in private chats, whose one person is the one who asked.
        if chat.type == ChatType.PRIVATE and chat.id == presser:
            return
        await query.answer(_("This button is for the person who asked."), show_alert=True)
        raise ApplicationHandlerStop
    if not _in_group(update) or await _is_admin(context, chat.id, presser):
        return
    await query.answer(_("Only group admins can change this."), show_alert=True)
    raise ApplicationHandlerStop


def _in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def _is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    admins: dict[tuple[int, int], tuple[float, bool]] = _state(context, "admins", dict)
    key = (chat_id, user_id)
    cached = admins.get(key)
    if cached is None or time.monotonic() - cached[0] > ADMIN_CACHE_SECONDS:
        member = await context.bot.get_chat_member(chat_id, user_id)
        is_admin = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        admins[key] = cached = (time.monotonic(), is_admin)
    return cached[1]
