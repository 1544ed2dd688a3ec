"""The reader page over real HTTP: signed links only, no cookies, no scripts, strict headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.clock import ManualClock
from bot.i18n import translator
from bot.reader import BadLink, ExpiredLink, ReaderLinks, ReaderServer, make_token, verify_token
from bot.reader.server import EXPIRED, ReaderArticle, StoredArticle

KEY = b"k" * 32
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
URL_A = "https://news.example/a"
URL_B = "https://news.example/b"


def test_tokens_are_signed_and_expire() -> None:
    token = make_token(42, URL_A, NOW + timedelta(days=1), KEY)
    target = verify_token(token, KEY, NOW)
    assert target.article_id == 42 and target.names(URL_A) and not target.names(URL_B)
    with pytest.raises(BadLink) as other_key:
        verify_token(token, b"other" * 8, NOW)
    assert not isinstance(other_key.value, ExpiredLink)
    with pytest.raises(ExpiredLink):
        verify_token(token, KEY, NOW + timedelta(days=2))
    for garbage in ("1.2", "", "2.1.2.3.4", "x" * 500):
        with pytest.raises(BadLink):
            verify_token(garbage, KEY, NOW)


def test_a_link_for_one_article_cannot_be_turned_into_a_link_for_another() -> None:
    version, _id, expires, digest, sig = make_token(42, URL_A, NOW + timedelta(days=1), KEY).split(
        "."
    )
    other = make_token(43, URL_B, NOW + timedelta(days=1), KEY).split(".")
    for forged in (
        f"{version}.{other[1]}.{expires}.{digest}.{sig}",  # A's link, B's id
        f"{version}.{other[1]}.{expires}.{other[3]}.{sig}",  # ...and B's URL digest too
        f"{version}.{_id}.{expires}.{other[3]}.{sig}",  # A's id, B's URL
    ):
        with pytest.raises(BadLink):
            verify_token(forged, KEY, NOW)


def test_links_of_the_old_format_have_expired() -> None:
    # id.expiry.signature, as links were made before the URL was signed
    with pytest.raises(ExpiredLink):
        verify_token("16.1k2b3c4.AAAAAAAAAAAAAAAAAAAAAA", KEY, NOW)


async def test_page_is_served_clean_and_only_through_signed_links() -> None:
    article = ReaderArticle(
        title="Talks <script>alert(1)</script> in Istanbul",
        text="First paragraph about Istanbul.\n<img src=x onerror=alert(1)>\nLast one.",
        url="https://news.example/a?x=1",
        outlet="Example News",
        published=NOW,
    )

    async def load(article_id: int) -> StoredArticle | None:
        return StoredArticle(URL_A, article) if article_id == 7 else None

    clock = ManualClock(NOW)
    server = ReaderServer(key=KEY, load=load, clock=clock, host="127.0.0.1", port=0)
    await server.start()
    try:
        links = ReaderLinks(f"http://127.0.0.1:{server.port}", KEY, days=30)
        base = links.base_url
        async with httpx.AsyncClient() as client:
            good = await client.get(links.url(7, URL_A, NOW))
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
            guessed = await client.get(f"{base}/r/{make_token(7, URL_A, NOW, b'x' * 32)}")
            assert guessed.status_code == 404
            missing = await client.get(links.url(8, URL_A, NOW))
            assert missing.status_code == 404 and "set-cookie" not in missing.headers
            clock.advance(timedelta(days=40))
            expired = await client.get(links.url(7, URL_A, NOW))
            assert expired.status_code == 410 and "expired" in expired.text
            # No article to follow: the browser's language, when the bot speaks it.
            urdu = await client.get(
                links.url(7, URL_A, NOW), headers={"Accept-Language": "de-DE;q=0.9, ur-PK"}
            )
            assert urdu.status_code == 410 and "expired" not in urdu.text
            assert urdu.text == translator("ur").gettext(EXPIRED) != EXPIRED
            # Every answer, errors included, carries the strict headers; crawlers are told no.
            for answer in (expired, guessed, await client.get(f"{base}/nothing-here")):
                assert answer.headers["content-security-policy"] == csp
                assert answer.headers["referrer-policy"] == "no-referrer"
            robots = await client.get(f"{base}/robots.txt")
            assert robots.text == "User-agent: *\nDisallow: /\n"
    finally:
        await server.stop()


async def test_a_genuine_link_opens_only_the_article_it_was_made_for() -> None:
    """The id now holds another article (another database signed with the same key, an id
    used again): the link answers that its article is gone, and shows nothing of the other."""
    other = ReaderArticle("Volcano erupts", "Lava reached the road.", URL_B, "Example", NOW)

    async def load(article_id: int) -> StoredArticle | None:
        return StoredArticle(URL_B, other) if article_id == 7 else None

    server = ReaderServer(key=KEY, load=load, clock=ManualClock(NOW), host="127.0.0.1", port=0)
    await server.start()
    try:
        links = ReaderLinks(f"http://127.0.0.1:{server.port}", KEY, days=30)
        async with httpx.AsyncClient() as client:
            made_for_a = await client.get(links.url(7, URL_A, NOW))
            made_for_b = await client.get(links.url(7, URL_B, NOW))
            old = await client.get(f"{links.base_url}/r/7.1k2b3c4.AAAAAAAAAAAAAAAAAAAAAA")
        assert made_for_a.status_code == 404 and "Lava" not in made_for_a.text
        assert "no longer stored" in made_for_a.text
        assert made_for_b.status_code == 200 and "Lava" in made_for_b.text
        assert old.status_code == 410 and "expired" in old.text
    finally:
        await server.stop()


async def test_a_failing_store_gets_a_plain_answer_not_a_stack_trace() -> None:
    async def load(article_id: int) -> StoredArticle | None:
        raise RuntimeError("database is locked")

    server = ReaderServer(key=KEY, load=load, clock=ManualClock(NOW), host="127.0.0.1", port=0)
    await server.start()
    try:
        url = ReaderLinks(f"http://127.0.0.1:{server.port}", KEY, days=30).url(7, URL_A, NOW)
        async with httpx.AsyncClient() as client:
            answer = await client.get(url)
        assert answer.status_code == 503 and "Try again" in answer.text
        assert "database" not in answer.text and "Traceback" not in answer.text
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    finally:
        await server.stop()
