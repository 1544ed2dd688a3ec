"""The local news site stands in for the Wayback Machine's API."""

from collections.abc import AsyncIterator

import pytest

from tests.newssite import NewsSite


@pytest.fixture
async def news_site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as site:
        yield site
