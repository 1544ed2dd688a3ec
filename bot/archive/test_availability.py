"""Reading the Wayback Machine's availability answers, including the ones that are no answer."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.archive import UnreadableAnswer, ask_wayback, availability_url, parse_availability
from bot.fetching import Fetcher, FetchPolicy, HTTPStatusError
from tests.newssite import NewsSite

TESTDATA = Path(__file__).with_name("testdata")
DAWN = "https://www.dawn.com/news/1953340/pakistan-afghanistan-talks-resume-in-istanbul"


def answer(name: str) -> bytes:
    return (TESTDATA / name).read_bytes()


def test_snapshot_link_is_the_https_address_of_the_capture() -> None:
    assert parse_availability(answer("available.json")) == (
        "https://web.archive.org/web/20251107061502/" + DAWN
    )
    assert parse_availability(answer("redirect-capture.json")) == (
        "https://web.archive.org/web/20251107090311/http://bbc.co.uk/news/articles/c9dz0x7k1vno"
    )


@pytest.mark.parametrize(
    "name", ["not-archived.json", "error-capture.json", "foreign-host.json", "unavailable.json"]
)
def test_no_usable_copy(name: str) -> None:
    assert parse_availability(answer(name)) is None


@pytest.mark.parametrize(
    "body", [answer("overloaded.html"), b"", b"[]", b'{"url": "x"}', b"\xff\xfe{", b" " * 70_000]
)
def test_what_is_not_the_api_answer_is_unreadable(body: bytes) -> None:
    with pytest.raises(UnreadableAnswer):
        parse_availability(body)


def test_the_question_carries_the_whole_address() -> None:
    url = "https://example.com/a?b=1&c=d#frag"
    asked = urlsplit(availability_url("https://archive.org/wayback/available", url))
    assert parse_qs(asked.query) == {"url": [url]}
    with_key = availability_url("https://mirror.example/available?key=1", url)
    assert parse_qs(urlsplit(with_key).query) == {"key": ["1"], "url": [url]}


async def test_asking_over_http(news_site: NewsSite) -> None:
    api = news_site.add(
        "/wayback/available", answer("available.json"), content_type="application/json"
    )
    down = news_site.add_special("/down/available", "status", status=503, retry_after=120)
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        assert await ask_wayback(fetcher, api, DAWN) == (
            "https://web.archive.org/web/20251107061502/" + DAWN
        )
        with pytest.raises(HTTPStatusError):
            await ask_wayback(fetcher, down, DAWN)
    (asked, _) = [r for r in news_site.requests if r.path.endswith("/available")]
    assert parse_qs(asked.query) == {"url": [DAWN]}
    assert asked.headers["Accept"] == "application/json"
