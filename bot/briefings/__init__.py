"""Turning articles into Telegram HTML briefings: escaped, bounded, split under the limit."""

from bot.briefings.render import (
    MAX_MESSAGE_CHARS,
    ArticleView,
    Button,
    DigestSection,
    Message,
    reading_pages,
    render_article,
    render_briefing,
    render_digest,
    render_reading_page,
    visible_length,
)

__all__ = [
    "MAX_MESSAGE_CHARS",
    "ArticleView",
    "Button",
    "DigestSection",
    "Message",
    "render_article",
    "render_briefing",
    "render_digest",
    "render_reading_page",
    "reading_pages",
    "visible_length",
]
