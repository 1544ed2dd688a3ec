"""The bot's own cookie-free reader page: signed links, the page, and the server that answers."""

from bot.reader.links import make_token, reader_url, verify_token
from bot.reader.page import ReaderArticle, render_page
from bot.reader.server import ReaderServer

__all__ = [
    "ReaderArticle",
    "ReaderServer",
    "make_token",
    "reader_url",
    "render_page",
    "verify_token",
]
