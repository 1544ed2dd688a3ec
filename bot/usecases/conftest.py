"""The local news site, for tests that need a real server to fetch from."""

from collections.abc import AsyncIterator

import pytest

from tests.newssite import NewsSite


@pytest.fixture
async def news_site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as site:
        yield site
