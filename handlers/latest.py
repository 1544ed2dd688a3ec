"""/latest (and plain text): the latest on a story; Follow, More and Mute under it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.briefings import Message, render_briefing
from bot.buttons import Press
from bot.buttons import catalog as b
from bot.i18n import _
from bot.matching import QueryError, parse_query
from bot.replies import common as common_replies
from bot.replies import latest as latest_replies
from bot.replies import topics as topic_replies
from bot.usecases.latest import top_articles
from handlers.common import chat_of, command_args, reply, sources_line, use_cases

MUTE_DAYS = 7
MORE_ARTICLES = 8


async def latest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The best matching story: what's new, a timeline, coverage and the top articles."""
    text = command_args(context)
    if not text:
        await chat_of(update, context)
        await reply(update, latest_replies.latest_usage())
        return
    await _latest(update, context, text)


async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Words sent without a command are a question: what's the latest on them?"""
    message = update.effective_message
    if message is None or not message.text:
        return
    await _latest(update, context, message.text)


async def _latest(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    chat = await chat_of(update, context)
    text = " ".join(text.split())
    try:
        query = parse_query(text)
    except QueryError as exc:
        await reply(update, topic_replies.topic_error(str(exc)))
        return
    cases = use_cases(context)
    brief = await cases.latest.find_story(chat.id, query)
    line = await sources_line(cases, chat)
    if brief is None:
        # The Follow button names this search, kept in the database (it may pass 64 bytes).
        asker = update.effective_user
        ref = await cases.payloads.store(
            chat.id, asker.id if asker else chat.id, b.FOLLOW_SEARCH.prefix, text
        )
        await reply(update, common_replies.with_line(line, latest_replies.nothing_found(text, ref)))
        return
    if line:  # on its own: the story fills its message
        await reply(update, Message(line))
    following = await cases.follows.is_following(chat.id, brief.story.id)
    message = await cases.latest.story_message(brief, chat.timezone, following=following)
    await reply(update, message)
    await cases.latest.shown(chat.id, message.article_ids, "latest")


async def story_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """Follow, unfollow, mute for 7 days, or more articles of the story."""
    query = update.callback_query
    assert query is not None
    action, story_id = press.kind, press["story"]
    chat = await chat_of(update, context)
    cases = use_cases(context)
    story = await cases.latest.story(story_id)
    if story is None:
        await query.answer(_("That story is no longer stored."), show_alert=True)
        return
    if action is b.FOLLOW_STORY:
        anchor = query.message.message_id if query.message else None
        added = await cases.follows.follow(chat.id, story_id, anchor)
        await query.answer(
            _("Following: updates will come as replies here.") if added else _("Already following.")
        )
    elif action is b.UNFOLLOW_STORY:
        await cases.follows.unfollow(chat.id, story_id)
        await query.answer(_("You no longer follow this story."))
    elif action is b.MUTE_STORY:
        await cases.follows.mute(chat.id, story_id, MUTE_DAYS)
        await query.answer(
            _("Muted for 7 days: this story won't appear in your digests or alerts.")
        )
    elif action is b.STORY_MORE:
        await query.answer()
        articles = await cases.latest.articles(story_id)
        brief = await cases.latest.brief_of(chat.id, story, articles)
        # The reports /latest did not show already, newest first.
        shown = {a.id for a in top_articles(brief.articles)}
        rest = [a for a in reversed(brief.articles) if a.id not in shown]
        if not rest:
            await reply(update, latest_replies.no_more_reports(story.headline))
            return
        views = await cases.views.views(rest[:MORE_ARTICLES])
        header = latest_replies.more_header(story.headline, len(rest))
        for message in render_briefing(header, views, chat.timezone):
            await reply(update, message)
