"""/subscribe (/follow), /topics, /unsubscribe and the Unsubscribe / Follow buttons."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import ContextTypes

from bot.briefings import Message, render_briefing
from bot.buttons import Press
from bot.buttons.catalog import FOLLOW_SEARCH
from bot.i18n import _
from bot.replies import common as common_replies
from bot.replies import topics as topic_replies
from bot.replies.list_pages import page_holding
from bot.usecases.channels import channel_name
from bot.usecases.registry import UseCases
from bot.usecases.topics import Thread, TopicError
from handlers.buttons import ButtonExpired
from handlers.channels import pressed_target, target_chat
from handlers.common import command_args, edit, reply, sources_line, use_cases
from storage import Chat, Topic


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow a topic, and show up to three stored articles it already matches."""
    chat = await target_chat(update, context)
    text = command_args(context)
    if not text:
        await reply(update, topic_replies.subscribe_usage())
        return
    await subscribe_to(update, context, chat.id, text)


async def subscribe_to(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str
) -> None:
    """Follow `text` in the chat (in a forum, routed to the thread it was sent in)."""
    cases = use_cases(context)
    thread = forum_thread(update)
    try:
        result = await cases.topics.subscribe(chat_id, text, thread=thread)
    except TopicError as exc:
        await reply(update, topic_replies.topic_error(str(exc)))
        return
    where = topic_replies.thread_label(thread.id, thread.name) if thread else None
    if result.moved and where:
        await reply(update, topic_replies.topic_moved(result.topic.query, where))
        return
    chat = await cases.chats.get(chat_id)
    assert chat is not None  # the handler made it before
    channel = channel_name(chat)
    found = len(result.preview)
    answer = topic_replies.subscribed(
        text, result.query.describe(), found, channel=channel, thread=where
    )
    await reply(update, common_replies.with_line(await sources_line(cases, chat), answer))
    if result.preview:
        views = await cases.views.views(result.preview)
        for message in render_briefing(None, views, chat.timezone):
            await reply(update, message)
        if channel is not None:
            return  # shown to the admin, not to the channel: they stay in its next digest
        await cases.latest.shown(chat_id, [a.id for a in result.preview if a.id], "preview")


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's topics a page at a time, each with an Unsubscribe button (in a forum:
    where each goes)."""
    chat = await target_chat(update, context)
    topics = await use_cases(context).topics.list(chat.id)
    await reply(update, topics_listing(update, chat, topics))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop following a topic named in the command."""
    chat = await target_chat(update, context)
    text = command_args(context)
    if not text:
        await reply(update, topic_replies.unsubscribe_usage())
        return
    cases = use_cases(context)
    topic = await cases.topics.find_topic(chat.id, text)
    if topic is None or topic.id is None:
        await reply(update, topic_replies.unknown_topic(text))
        return
    if await cases.topics.unsubscribe(chat.id, topic.id) is None:
        await reply(update, topic_replies.unknown_topic(text))
        return
    await reply(update, topic_replies.unsubscribed(topic.query))


async def unsubscribe_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press
) -> None:
    """The ✖ button under /topics: remove the topic and refresh its page in place."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    cases = use_cases(context)
    topic_id = press["topic"]
    page = await _page_showing(cases, chat.id, topic_id)
    removed = await cases.topics.unsubscribe(chat.id, topic_id)
    await query.answer(
        _("Stopped following “{topic}”").format(topic=removed.query[:150])
        if removed
        else _("Already removed.")
    )
    await edit(query, await topics_page(update, context, chat, page))


async def instant_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """The ⚡ button under /topics: breaking alerts on or off for that topic."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    cases = use_cases(context)
    topic_id = press["topic"]
    topics = await cases.topics.list(chat.id)
    current = next((t for t in topics if t.id == topic_id), None)
    if current is None:
        await query.answer(_("That topic was removed."))
        return
    changed = await cases.topics.set_instant(chat.id, topic_id, not current.instant)
    await query.answer(
        _("Breaking alerts on: a story several outlets report within an hour comes at once.")
        if changed and changed.instant
        else _("Breaking alerts off: this topic comes in your digest.")
    )
    page = page_holding(topics.index(current))
    await edit(query, await topics_page(update, context, chat, page))


async def _page_showing(cases: UseCases, chat_id: int, topic_id: int) -> int:
    """The /topics page the topic is listed on (the first, when it is gone)."""
    topics = await cases.topics.list(chat_id)
    return page_holding(next((i for i, t in enumerate(topics) if t.id == topic_id), 0))


async def topics_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat: Chat, page: int
) -> Message:
    """Page `page` of /topics for the chat, as it stands now."""
    topics = await use_cases(context).topics.list(chat.id)
    return topics_listing(update, chat, topics, page)


async def follow_search(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """ "Follow this topic" under a /latest that found nothing: follow the words of the search
    it sits under (kept in the database, so any later search or a restart changes nothing)."""
    query, here = update.callback_query, update.effective_chat
    assert query is not None and here is not None
    cases = use_cases(context)
    kept = await cases.payloads.load(press["ref"], here.id, FOLLOW_SEARCH.prefix)
    if kept is None:
        raise ButtonExpired
    chat = await target_chat(update, context)
    await query.answer()
    await subscribe_to(update, context, chat.id, kept.value)


async def forum_topic_renamed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A forum topic got a new name: /topics names it that way from now on."""
    message = update.effective_message
    assert message is not None and message.forum_topic_edited is not None
    name = message.forum_topic_edited.name
    if name and message.message_thread_id:
        await use_cases(context).topics.rename_thread(
            message.chat_id, message.message_thread_id, name[:128]
        )


def forum_thread(update: Update) -> Thread | None:
    """The forum topic a message was sent in (General: Thread(None)); None outside forums."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or not chat.is_forum:
        return None
    if message is None or not message.is_topic_message or not message.message_thread_id:
        return Thread(None)
    asked = message.reply_to_message  # in a forum topic, messages reply to its creation
    created = asked.forum_topic_created if asked else None
    return Thread(message.message_thread_id, created.name if created else None)


def topics_listing(update: Update, chat: Chat, topics: Sequence[Topic], page: int = 0) -> Message:
    """/topics for this chat: a managed channel says whose, a forum says where each goes."""
    here = update.effective_chat
    forum = bool(here and here.is_forum) or any(t.message_thread_id for t in topics)
    channel = channel_name(chat)
    return topic_replies.topics_list(topics, channel=channel, forum=forum, page=page)
