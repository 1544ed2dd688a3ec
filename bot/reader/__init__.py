"""The bot's own cookie-free reader page: signed links, the page, and the server that answers."""

from bot.reader.links import BadLink, ExpiredLink, ReaderLinks, make_token, verify_token
from bot.reader.page import ReaderArticle, render_page
from bot.reader.public_url import is_public_url, not_public_because
from bot.reader.server import ReaderServer, StoredArticle

__all__ = [
    "BadLink",
    "ExpiredLink",
    "ReaderArticle",
    "ReaderLinks",
    "ReaderServer",
    "StoredArticle",
    "is_public_url",
    "make_token",
    "not_public_because",
    "render_page",
    "verify_token",
]
