"""The bot's own cookie-free reader page: signed links and the server that answers them."""

from bot.reader.links import make_token, reader_url, verify_token
from bot.reader.server import ReaderServer, render_page

__all__ = ["ReaderServer", "make_token", "reader_url", "render_page", "verify_token"]
