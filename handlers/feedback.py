"""The ⋯ button under each article: why this, more like this, mute story, mute source."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.briefings import render_briefing
from bot.buttons import Press
from bot.buttons import catalog as b
from bot.i18n import _
from bot.replies import feedback as feedback_replies
from bot.replies import latest as latest_replies
from bot.usecases.feedback import outlet_host
from handlers.common import chat_of, reply, use_cases

MORE_LIKE_THIS = 5


async def feedback_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """⋯ opens the menu; then why this, more like this, mute story, mute outlet."""
    query = update.callback_query
    assert query is not None
    action, article_id = press.kind, press["article"]
    chat = await chat_of(update, context)
    cases = use_cases(context)
    article = await cases.feedback.article(article_id)
    if article is None:
        await query.answer(_("That article is no longer stored."), show_alert=True)
        return
    if action is b.OPTIONS:
        await query.answer()
        outlet = article.outlet or outlet_host(article)
        await reply(update, feedback_replies.feedback_menu(article_id, article.title, outlet))
    elif action is b.WHY_THIS:
        await query.answer(await cases.feedback.why_this(chat.id, article), show_alert=True)
    elif action is b.MUTE_STORY_OF:
        muted = await cases.feedback.mute_story_of(chat.id, article)
        await query.answer(
            _("Story muted for 7 days.") if muted else _("This article has no story to mute.")
        )
    elif action is b.MUTE_OUTLET:
        outlet = await cases.feedback.mute_outlet_of(chat.id, article)
        await query.answer(_("{outlet} muted for 30 days.").format(outlet=outlet[:60]))
    elif action is b.MORE_LIKE_THIS:
        await query.answer()
        story = await cases.latest.story(article.story_id) if article.story_id else None
        others = []
        if story is not None:
            brief = await cases.latest.brief_of(
                chat.id, story, await cases.latest.articles(story.id)
            )
            others = [a for a in reversed(brief.articles) if a.id != article.id]
        if not others:
            await reply(update, feedback_replies.nothing_more_like(article.title))
            return
        views = await cases.views.views(others[:MORE_LIKE_THIS])
        header = latest_replies.more_header(article.title, len(others) + 1)
        for message in render_briefing(header, views, chat.timezone):
            await reply(update, message)
