"""The local news site that tests point the bot at instead of the web."""

from tests.newssite.server import NewsSite, RecordedRequest

__all__ = ["NewsSite", "RecordedRequest"]
