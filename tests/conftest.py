"""End-to-end fixtures: the fake Telegram, the local news site and a clock to move."""

from tests.fixtures.harness import clock, site, tg

__all__ = ["clock", "site", "tg"]
