"""Every use case, made once at start-up from the narrow parts each one needs.

Handlers and scheduled jobs reach the use cases through this (bot.app puts it in the
Application's bot_data); nothing here holds the whole assembly.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.fetching import Fetcher
from bot.settings import Settings
from bot.topics import TopicIndex
from bot.usecases.alerts import BreakingAlerts
from bot.usecases.channels import Channels
from bot.usecases.chats import ChatDefaults, Chats
from bot.usecases.conversation import Payloads, Prompts
from bot.usecases.digests import Digests
from bot.usecases.feedback import Feedback
from bot.usecases.language import ChatLanguage
from bot.usecases.latest import Follows, Latest
from bot.usecases.more import MoreStories
from bot.usecases.reading import Reading
from bot.usecases.search_locale import SearchLocale
from bot.usecases.sources import ChatSources, SourceLimits
from bot.usecases.status import Status
from bot.usecases.story_updates import StoryUpdates
from bot.usecases.topics import ArticleSearch, Topics
from bot.usecases.views import ArticleViews
from storage import Database


@dataclass(frozen=True)
class UseCases:
    clock: Clock  # "now" for what handlers render (times in the chat's zone)
    chats: Chats
    language: ChatLanguage  # the language the bot speaks in each chat
    channels: Channels
    topics: Topics
    search: ArticleSearch
    sources: ChatSources
    search_locale: SearchLocale
    latest: Latest
    follows: Follows
    feedback: Feedback
    reading: Reading
    digests: Digests
    more: MoreStories
    alerts: BreakingAlerts
    story_updates: StoryUpdates
    prompts: Prompts
    payloads: Payloads
    status: Status
    views: ArticleViews  # how briefings show articles


def assemble(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    index: TopicIndex,
    views: ArticleViews,
    fetcher: Fetcher,
    pool: Executor,
) -> UseCases:
    """The use cases over these parts (`fetcher` and `pool`: the lane for what people ask)."""
    defaults = ChatDefaults(settings.digest_time.strftime("%H:%M"), settings.timezone)
    chats = Chats(db, clock, defaults)
    search = ArticleSearch(db, clock)
    limits = SourceLimits(settings.fetch_deadline, settings.source_cpu_seconds)
    return UseCases(
        clock=clock,
        chats=chats,
        language=ChatLanguage(db),
        channels=Channels(db, clock, chats),
        topics=Topics(db, clock, index, search),
        search=search,
        sources=ChatSources(db, clock, fetcher, pool, limits),
        search_locale=SearchLocale(db, settings.language, settings.region),
        latest=Latest(db, clock, search, views, pool),
        follows=Follows(db, clock),
        feedback=Feedback(db, clock, index),
        reading=Reading(db),
        digests=Digests(db, clock, views, timedelta(minutes=settings.digest_grace_minutes)),
        more=MoreStories(db, clock, views),
        alerts=BreakingAlerts(db, clock, views),
        story_updates=StoryUpdates(db, clock, views),
        prompts=Prompts(db, clock),
        payloads=Payloads(db, clock),
        status=Status(db, clock, frozenset(settings.operator_ids)),
        views=views,
    )
