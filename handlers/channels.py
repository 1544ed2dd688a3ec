"""/connect, /channels, /manage, /disconnect: managing a channel from a private chat.

`target_chat` is what the topic, source and settings handlers change: the chat itself, or — in a
private chat whose user manages a channel — that channel.
"""

from __future__ import annotations

import contextlib

from telegram import Message as TgMessage
from telegram import MessageOriginChannel, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot.briefings import Message
from bot.buttons import Press
from bot.buttons.catalog import CONNECT, DISCONNECT, MANAGE
from bot.delivery import ChatUnreachable, send_rendered
from bot.i18n import _
from bot.replies import channels as channel_replies
from bot.usecases.channels import (
    ChannelError,
    ChannelLost,
    title_of,
)
from handlers.buttons import ButtonExpired
from handlers.common import chat_of, command_args, edit, reply, use_cases
from storage import Chat


async def target_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat:
    """The chat topic and settings commands change: this chat, or the channel its user manages
    from this private chat. A link that no longer holds is explained and the update stopped."""
    here, user = update.effective_chat, update.effective_user
    if here is None or user is None or here.type != ChatType.PRIVATE:
        return await chat_of(update, context)
    try:
        channel = await use_cases(context).channels.managed_channel(context.bot, user.id)
    except ChannelLost as exc:
        if update.callback_query:
            await update.callback_query.answer(str(exc)[:200], show_alert=True)
        else:
            await reply(update, channel_replies.channel_problem(str(exc)))
        raise ApplicationHandlerStop from exc
    return channel if channel is not None else await chat_of(update, context)


async def pressed_target(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> Chat:
    """The chat a topic, source or settings button changes: the one it was made for, while this
    person's commands here still change it. A menu of another chat (/manage switched since, or
    forged) raises ButtonExpired rather than change the wrong chat."""
    chat = await target_chat(update, context)
    if press["chat"] != chat.id:
        raise ButtonExpired
    return chat


async def connect_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Connect a channel (by @username, link or id) and manage it from this chat."""
    if not await _in_private(update):
        return
    text = command_args(context)
    if not text:
        await reply(update, channel_replies.connect_usage())
        return
    await _connect(update, context, text)


async def channels_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The connected channels, which one is managed now, and buttons to switch or disconnect."""
    if not await _in_private(update):
        return
    await reply(update, await _channels_list(update, context))


async def manage_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/manage @channel` or `/manage me`: which chat the topic and settings commands change."""
    if not await _in_private(update):
        return
    text = command_args(context)
    if not text:
        await reply(update, await _channels_list(update, context))
        return
    assert update.effective_user is not None
    try:
        channel = await use_cases(context).channels.manage(
            context.bot, update.effective_user.id, text
        )
    except ChannelError as exc:
        await reply(update, channel_replies.channel_problem(str(exc)))
        return
    await reply(update, channel_replies.managing_now(title_of(channel) if channel else None))


async def disconnect_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Disconnect the channel named, or the one managed now (it keeps its topics and digests)."""
    if not await _in_private(update):
        return
    assert update.effective_user is not None
    cases, user_id = use_cases(context), update.effective_user.id
    text = command_args(context)
    if text:
        chosen = await cases.channels.find_connected(context.bot, user_id, text)
    else:
        connected = await cases.channels.channels_of(user_id)
        managed = [c for c in connected if c.managing]
        chosen = (managed or connected)[0] if len(managed or connected) == 1 else None
    if chosen is None:
        await reply(update, await _channels_list(update, context))
        return
    await cases.channels.disconnect(user_id, chosen.chat.id)
    await reply(update, channel_replies.channel_disconnected(title_of(chosen.chat)))


async def channel_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """Manage a channel (or this chat), disconnect one, or connect one (a forwarded post's)."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    cases, user_id = use_cases(context), update.effective_user.id
    action, chat_id = press.kind, press["chat"]
    try:
        if action is CONNECT:
            await query.answer()
            await _connect(update, context, str(chat_id))
            return
        if action is MANAGE:
            channel = await cases.channels.manage_id(user_id, chat_id)
            await query.answer(
                _("Managing {channel}").format(channel=title_of(channel))
                if channel
                else _("Managing this chat")
            )
        elif action is DISCONNECT:
            gone = await cases.channels.disconnect(user_id, chat_id)
            await query.answer(_("Disconnected.") if gone else _("Already disconnected."))
    except ChannelError as exc:
        await query.answer(str(exc)[:200], show_alert=True)
    await edit(query, await _channels_list(update, context))


async def forwarded_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A post forwarded from a channel: offer to connect that channel."""
    message = update.effective_message
    assert message is not None and isinstance(message.forward_origin, MessageOriginChannel)
    channel = message.forward_origin.chat
    await reply(update, channel_replies.connect_offer(channel.title or str(channel.id), channel.id))


async def bot_promoted_in_channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was made an admin of a channel: offer its promoter, privately, to connect it
    (only if they have started the bot; Telegram refuses otherwise, and that's fine)."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.CHANNEL or change.from_user is None:
        return
    now, before = change.new_chat_member.status, change.old_chat_member.status
    if now != ChatMemberStatus.ADMINISTRATOR or before == ChatMemberStatus.ADMINISTRATOR:
        return
    offer = channel_replies.channel_added_offer(
        change.chat.title or str(change.chat.id), change.chat.id
    )
    with contextlib.suppress(ChatUnreachable, BadRequest):
        await send_rendered(context.bot, change.from_user.id, offer)


class _ChannelPosts(filters.MessageFilter):
    """Messages forwarded from a channel."""

    def filter(self, message: TgMessage) -> bool:
        return isinstance(message.forward_origin, MessageOriginChannel)


FORWARDED_CHANNEL_POSTS = filters.ChatType.PRIVATE & _ChannelPosts()


async def channel_press_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button pressed under a channel post: answer it, and never post into the channel."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or chat.type != ChatType.CHANNEL:
        return
    await query.answer(_("Open the links in the post to read the articles."))
    raise ApplicationHandlerStop


async def _connect(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    assert update.effective_user is not None
    try:
        channel = await use_cases(context).channels.connect(
            context.bot, update.effective_user.id, text
        )
    except ChannelError as exc:
        await reply(update, channel_replies.channel_problem(str(exc)))
        return
    await reply(update, channel_replies.channel_connected(title_of(channel)))


async def _channels_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Message:
    assert update.effective_user is not None
    connected = await use_cases(context).channels.channels_of(update.effective_user.id)
    return channel_replies.channels_list(
        [(c.chat.id, title_of(c.chat), c.managing) for c in connected]
    )


async def _in_private(update: Update) -> bool:
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    await reply(update, channel_replies.channels_in_private())
    return False
