"""/subscribe (/follow), /topics, /unsubscribe and the Unsubscribe / Follow buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import replies
from bot.briefings import render_briefing
from bot.topics.subscriptions import TopicError, find_topic, subscribe, unsubscribe
from handlers.common import chat_of, command_args, edit, reply, services_of
from storage import queries as q


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow a topic, and show up to three stored articles it already matches."""
    chat = await chat_of(update, context)
    text = command_args(context)
    if not text:
        await reply(update, replies.subscribe_usage())
        return
    await subscribe_to(update, context, chat.id, text)


async def subscribe_to(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str
) -> None:
    services = services_of(context)
    try:
        result = await subscribe(services, chat_id, text)
    except TopicError as exc:
        await reply(update, replies.topic_error(str(exc)))
        return
    await reply(update, replies.subscribed(text, result.query.describe(), len(result.preview)))
    if result.preview:
        chat = await services.db.run(q.get_chat, chat_id)
        views = await services.views(result.preview)
        for message in render_briefing(None, views, chat.timezone):
            await reply(update, message)
        await services.db.run(
            q.record_deliveries,
            chat_id,
            [a.id for a in result.preview],
            "preview",
            services.clock.now(),
        )


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's topics, each with an Unsubscribe button."""
    chat = await chat_of(update, context)
    topics = await services_of(context).db.run(q.list_topics, chat.id)
    await reply(update, replies.topics_list(topics))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop following a topic named in the command."""
    chat = await chat_of(update, context)
    text = command_args(context)
    if not text:
        await reply(update, replies.unsubscribe_usage())
        return
    services = services_of(context)
    topic = await find_topic(services, chat.id, text)
    if topic is None or await unsubscribe(services, chat.id, topic.id) is None:
        await reply(update, replies.unknown_topic(text))
        return
    await reply(update, replies.unsubscribed(topic.query))


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The ✖ button under /topics: remove the topic and refresh the list in place."""
    query = update.callback_query
    assert query is not None and query.data is not None
    chat = await chat_of(update, context)
    services = services_of(context)
    removed = await unsubscribe(services, chat.id, int(query.data.split(":")[1]))
    await query.answer(
        f"Stopped following “{removed.query[:150]}”" if removed else "Already removed."
    )
    topics = await services.db.run(q.list_topics, chat.id)
    await edit(query, replies.topics_list(topics))


async def follow_last_search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Follow this topic" under a /latest that found nothing."""
    query = update.callback_query
    assert query is not None
    chat = await chat_of(update, context)
    text = (context.chat_data or {}).get("last_search")
    if not text:
        await query.answer("Send /subscribe followed by the words to follow.", show_alert=True)
        return
    await query.answer()
    await subscribe_to(update, context, chat.id, text)
