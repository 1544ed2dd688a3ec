"""Clean page links a person can open, and that open the article they were made for.

Through the real bot and the fake Bot API: no Clean page link on an address users cannot
reach (and a warning saying what to set); links that keep working after a restart with no
configured key; a link never opens another article, even on another bot with the same key.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bot.settings import Settings
from storage.models import BotSecret
from tests.fixtures.harness import ISTANBUL_URL_PATH, running_bot, seed_site, settings_for

CHAT = 7001
PUBLIC = "https://news.example.org"
PAGES = Path(__file__).parent / "newssite" / "pages"


def clean_links(message) -> list[str]:
    return [link for link in message.links() if "/r/" in link]


def served_here(link: str, settings: Settings) -> str:
    """The link as this test reaches it: the public address proxies to the bot's port."""
    host, port = settings.reader_host_port
    return f"http://{host}:{port}{urlsplit(link).path}"


async def first_briefing(bot, chat: int, topic: str):
    await bot.poll_now()
    await bot.say(chat, f"/subscribe {topic}")
    (briefing,) = await bot.tg.wait_for(chat, lambda m: bool(m.links()), timeout=10)
    return briefing


async def test_clean_page_links_only_on_a_reader_url_users_can_open(
    tg, site, clock, sqlite_url, tmp_path, caplog
):
    """With the defaults (the web port on 127.0.0.1) no briefing links a Clean page and the
    operator is told what to set; with a public NEWSBRIEF_READER_URL the link is there and
    opens the page."""
    feed = seed_site(site)
    settings = settings_for(tg, sqlite_url, [feed])
    _, port = settings.reader_host_port
    with caplog.at_level(logging.WARNING):
        async with running_bot(tg, site, settings, clock) as bot:
            briefing = await first_briefing(bot, CHAT, "Istanbul talks")
    assert site.url(ISTANBUL_URL_PATH) in briefing.links(), "the article is there"
    assert clean_links(briefing) == [] and "Clean page" not in briefing.text
    (warning,) = [r for r in caplog.records if "Clean page links are off" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    said = warning.getMessage()
    assert "127.0.0.1" in said and "loopback" in said
    assert "NEWSBRIEF_READER_URL=https://" in said and f"port {port}" in said

    caplog.clear()
    public = settings_for(
        tg, f"sqlite:///{tmp_path / 'public.db'}", [feed], NEWSBRIEF_READER_URL=PUBLIC
    )
    with caplog.at_level(logging.WARNING):
        async with running_bot(tg, site, public, clock) as bot:
            briefing = await first_briefing(bot, CHAT + 1, "Istanbul talks")
            (clean,) = clean_links(briefing)
            assert clean.startswith(f"{PUBLIC}/r/") and "Clean page" in briefing.text
            async with httpx.AsyncClient() as client:
                page = await client.get(served_here(clean, public))
    assert page.status_code == 200 and "third round" in page.text.lower()
    assert not any("Clean page links are off" in r.getMessage() for r in caplog.records)


async def test_links_keep_working_after_a_restart_with_no_configured_key(
    tg, site, clock, database_url, caplog
):
    """No NEWSBRIEF_READER_SECRET: the key is made once and kept in the database, so a new
    process on the same database (here even with a new bot token) opens yesterday's links."""
    feed = seed_site(site)
    before = settings_for(tg, database_url, [feed], NEWSBRIEF_READER_URL=PUBLIC)
    assert before.reader_secret is None
    with caplog.at_level(logging.DEBUG):
        async with running_bot(tg, site, before, clock) as bot:
            (clean,) = clean_links(await first_briefing(bot, CHAT, "Istanbul talks"))
            secret = await bot.services.db.run(lambda s: s.get(BotSecret, "reader_link_key"))
        tg.token = "123456:ROTATED-TOKEN"  # the operator revoked the old token at BotFather
        after = settings_for(tg, database_url, [feed], NEWSBRIEF_READER_URL=PUBLIC)
        async with running_bot(tg, site, after, clock):
            async with httpx.AsyncClient() as client:
                page = await client.get(served_here(clean, after))
    assert page.status_code == 200 and "third round" in page.text.lower()
    assert secret.value not in caplog.text, "the key is never logged"


async def test_a_link_never_opens_another_article(tg, site, clock, tmp_path):
    """Another bot (another database) signing with the same key has another article under the
    same id: the link says its article is gone. A link with its id changed is refused."""
    feed = seed_site(site)
    page = (PAGES / "istanbul-talks.html").read_text(encoding="utf-8")
    other_page = site.add(
        "/2025/11/08/reykjavik-eruption/",
        page.replace("Istanbul", "Reykjavik").replace("third round", "lava flow"),
    )
    other_feed = site.add_feed(
        "/other-feed/",
        [{"title": "Dialogue in Reykjavik", "link": other_page, "guid": "reykjavik-1"}],
        title="Tassawar News",
    )
    shared = {"NEWSBRIEF_READER_URL": PUBLIC, "NEWSBRIEF_READER_SECRET": "the-same-key-" * 3}
    first = settings_for(tg, f"sqlite:///{tmp_path / 'a.db'}", [feed], **shared)
    async with running_bot(tg, site, first, clock) as bot:
        (link_a,) = clean_links(await first_briefing(bot, CHAT, "Istanbul talks"))
        await bot.say(CHAT, "/subscribe Reykjavik")  # nothing yet: this bot has no such article
        async with httpx.AsyncClient() as client:
            assert (await client.get(served_here(link_a, first))).status_code == 200
            # A's link with another id in it: refused, whatever that id holds.
            version, article_id, *rest = urlsplit(link_a).path.removeprefix("/r/").split(".")
            for other_id in (int(article_id, 36) + 1, int(article_id, 36) - 1):
                swapped = ".".join([version, _b36(other_id), *rest])
                answer = await client.get(served_here(f"{PUBLIC}/r/{swapped}", first))
                assert answer.status_code == 404, other_id

    second = settings_for(tg, f"sqlite:///{tmp_path / 'b.db'}", [other_feed], **shared)
    async with running_bot(tg, site, second, clock) as bot:
        (link_b,) = clean_links(await first_briefing(bot, CHAT + 1, "Reykjavik"))
        assert urlsplit(link_b).path.split(".")[1] == article_id, "the same id, another article"
        async with httpx.AsyncClient() as client:
            answer = await client.get(served_here(link_a, second))
            own = await client.get(served_here(link_b, second))
    assert own.status_code == 200 and "lava flow" in own.text
    assert answer.status_code == 404 and "no longer stored" in answer.text
    assert "Reykjavik" not in answer.text and "lava" not in answer.text


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
