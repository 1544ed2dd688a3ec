"""The More button under a digest topic: the stories the digest left out, now."""

from __future__ import annotations

from bot.briefings import Message, render_digest
from bot.clock import Clock
from bot.digests.compose import digest_sections
from bot.digests.offer import offered
from bot.i18n import _
from bot.usecases.digests import LOOKBACK
from bot.usecases.views import ArticleViews
from storage import Database
from storage.queries import chats as chats_q

MORE_STORIES = 8


class MoreStories:
    """The More button under a digest topic."""

    def __init__(self, db: Database, clock: Clock, views: ArticleViews) -> None:
        self.db = db
        self.clock = clock
        self.views = views

    async def more_for_topic(self, chat_id: int, topic_id: int) -> list[Message]:
        """The topic's undelivered stories (best first); logged as sent once they are shown."""
        now = self.clock.now()
        items = await self.db.run(offered, chat_id, now - LOOKBACK, now)
        pairs = [(i.topic, i.article) for i in items if i.topic.id == topic_id]
        if not pairs:
            return []
        views = {
            a.id: v
            for a, v in zip(
                [a for _, a in pairs], await self.views.views([a for _, a in pairs]), strict=True
            )
        }
        sections = digest_sections(pairs, lambda a: views[a.id], now, per_topic=MORE_STORIES)
        chat = await self.db.run(chats_q.get_chat, chat_id)
        zone = chat.timezone if chat else "UTC"
        return render_digest(sections, zone, title=_("More on this topic"))
