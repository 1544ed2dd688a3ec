"""The in-chat reader: an article's text in pages."""

from __future__ import annotations

from bot.briefings import Message, reading_pages, render_reading_page
from storage import Database
from storage.queries import articles as articles_q


class Reading:
    """The in-chat reader."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def reading_message(self, article_id: int, page: int) -> Message | None:
        article = await self.db.run(articles_q.get_article, article_id)
        if article is None:
            return None
        text = article.text or article.summary
        return render_reading_page(
            article_id, article.title, article.url, reading_pages(text), page
        )
