"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.buttons import Press
from bot.delivery import send_rendered
from bot.replies import common as common_replies
from bot.replies import welcome as welcome_replies
from handlers.buttons import ButtonExpired
from handlers.channels import target_chat
from handlers.common import chat_of, reply, use_cases
from handlers.topics import subscribe_to


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: what the bot does and how to follow a first topic; a short "welcome back" for
    a chat that already follows topics."""
    chat = await chat_of(update, context)
    user = update.effective_user
    name = user.first_name if user else None
    topics = await use_cases(context).topics.list(chat.id)
    if topics:
        await reply(update, welcome_replies.welcome_back(name, len(topics)))
        return
    await reply(update, welcome_replies.welcome(name))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every command with an example."""
    await reply(update, welcome_replies.help_text())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have."""
    await reply(update, common_replies.not_understood())


async def suggested_topic(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """A suggested-topic button under /start: follow it, or explain how to type one's own."""
    query = update.callback_query
    assert query is not None
    choice = press["topic"]
    if choice == welcome_replies.OWN_TOPIC:
        await query.answer()
        await reply(update, welcome_replies.type_your_own())
        return
    if choice not in welcome_replies.SUGGESTED_TOPICS:
        raise ButtonExpired  # a suggestion the bot no longer makes
    await query.answer()
    chat = await target_chat(update, context)
    await subscribe_to(update, context, chat.id, welcome_replies.SUGGESTED_TOPICS[choice])


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to a group (greet) or removed / blocked (stop sending)."""
    change = update.my_chat_member
    if change is None:
        return
    status = change.new_chat_member.status
    cases = use_cases(context)
    if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        await cases.chats.deactivate(change.chat.id)
        return
    if change.chat.type in (
        ChatType.GROUP,
        ChatType.SUPERGROUP,
    ) and change.old_chat_member.status in (
        ChatMemberStatus.LEFT,
        ChatMemberStatus.BANNED,
    ):
        await chat_of(update, context)
        await send_rendered(context.bot, change.chat.id, welcome_replies.group_welcome())
