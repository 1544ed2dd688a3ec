"""Fixtures shared by every test folder (databases, the fake Telegram, the local news site)."""

pytest_plugins = ["tests.fixtures.databases"]
