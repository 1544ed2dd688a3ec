"""The reader page over real HTTP: signed links only, no cookies, no scripts, strict headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from bot.clock import ManualClock
from bot.reader import ReaderServer, make_token, reader_url, verify_token
from bot.reader.server import ReaderArticle

KEY = b"k" * 32
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_tokens_are_signed_and_expire() -> None:
    token = make_token(42, NOW + timedelta(days=1), KEY)
    assert verify_token(token, KEY, NOW) == 42
    assert verify_token(token, b"other" * 8, NOW) is None
    assert verify_token(token, KEY, NOW + timedelta(days=2)) is None
    forged = token.replace(token.split(".")[0], "2", 1)
    assert verify_token(forged, KEY, NOW) is None
    assert verify_token("1.2", KEY, NOW) is None


async def test_page_is_served_clean_and_only_through_signed_links() -> None:
    article = ReaderArticle(
        title="Talks <script>alert(1)</script> in Istanbul",
        text="First paragraph about Istanbul.\n<img src=x onerror=alert(1)>\nLast one.",
        url="https://news.example/a?x=1",
        outlet="Example News",
        published=NOW,
    )

    async def load(article_id: int) -> ReaderArticle | None:
        return article if article_id == 7 else None

    clock = ManualClock(NOW)
    server = ReaderServer(key=KEY, load=load, clock=clock, host="127.0.0.1", port=0)
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient() as client:
            good = await client.get(reader_url(base, 7, KEY, NOW, days=30))
            assert good.status_code == 200
            assert "set-cookie" not in good.headers
            csp = good.headers["content-security-policy"]
            assert "default-src 'none'" in csp and "script-src" not in csp
            assert good.headers["referrer-policy"] == "no-referrer"
            assert "noindex" in good.headers["x-robots-tag"]
            body = good.text
            assert "First paragraph about Istanbul." in body
            assert "<script" not in body.lower() and "<img" not in body.lower()
            assert "onerror" not in body.replace("onerror=alert(1)&gt;", "")
            assert 'href="https://news.example/a?x=1"' in body

            assert (await client.get(f"{base}/r/7")).status_code == 404
            guessed = await client.get(f"{base}/r/{make_token(7, NOW, b'x' * 32)}")
            assert guessed.status_code == 404
            missing = await client.get(reader_url(base, 8, KEY, NOW, days=30))
            assert missing.status_code == 404 and "set-cookie" not in missing.headers
            clock.advance(timedelta(days=40))
            expired = await client.get(reader_url(base, 7, KEY, NOW, days=30))
            assert expired.status_code == 404
            # Every answer, errors included, carries the strict headers; crawlers are told no.
            for answer in (expired, guessed, await client.get(f"{base}/nothing-here")):
                assert answer.headers["content-security-policy"] == csp
                assert answer.headers["referrer-policy"] == "no-referrer"
            robots = await client.get(f"{base}/robots.txt")
            assert robots.text == "User-agent: *\nDisallow: /\n"
    finally:
        await server.stop()


async def test_a_failing_store_gets_a_plain_answer_not_a_stack_trace() -> None:
    async def load(article_id: int) -> ReaderArticle | None:
        raise RuntimeError("database is locked")

    server = ReaderServer(key=KEY, load=load, clock=ManualClock(NOW), host="127.0.0.1", port=0)
    await server.start()
    try:
        url = reader_url(f"http://127.0.0.1:{server.port}", 7, KEY, NOW, days=30)
        async with httpx.AsyncClient() as client:
            answer = await client.get(url)
        assert answer.status_code == 503 and "Try again" in answer.text
        assert "database" not in answer.text and "Traceback" not in answer.text
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    finally:
        await server.stop()
