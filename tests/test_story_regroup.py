"""Two look-alike events reach the bot one report at a time: the first report of the second one
joins the first one's story, and moves to a story of its own once a second report arrives."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.queries import articles as articles_q
from storage.queries import stories as stories_q
from tests.fixtures.harness import running_bot, settings_for

CHAT = 5011
WHEN = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
ARTICLES = json.loads(
    (Path(__file__).parent.parent / "bot" / "stories" / "testdata" / "articles.json").read_text(
        "utf-8"
    )
)
RAIDS = (  # in the order they are stored
    "pirates_mysore",
    "pirates_mysore_second_outlet",
    "pirates_sukanya",
    "pirates_sukanya_second_outlet",
)


def _item(n: int, article: dict, hours_ago: int) -> dict:
    return {
        "title": article["title"],
        "link": f"https://wire{n}.example/{article['id']}",
        "summary": article["text"],
        "guid": f"wire{n}/{article['id']}",
        "published": WHEN - timedelta(hours=hours_ago),
    }


async def test_a_second_look_alike_event_becomes_its_own_story(tg, site, clock, sqlite_url):
    # One feed, stored newest first: the day's other news, then the two raids.
    items = [_item(n, a, hours_ago=n) for n, a in enumerate(ARTICLES["background"])]
    raids = [_item(20 + n, ARTICLES[name], hours_ago=20 + n) for n, name in enumerate(RAIDS)]
    feed = site.add_feed("/wire.xml", items + raids, title="Wire")
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await bot.say(CHAT, "/subscribe Somali")
        await bot.poll_now()

        def stored_stories(s):  # type: ignore[no-untyped-def]
            by_url = {a.url: a for a in articles_q.recent_articles(s, WHEN - timedelta(days=2))}
            stories = [by_url[raid["link"]].story_id for raid in raids]
            return stories, [stories_q.get_story(s, story).article_count for story in set(stories)]

        stories, counts = await bot.services.db.run(stored_stories)
        mysore, _, sukanya, _ = stories
        assert stories == [mysore, mysore, sukanya, sukanya] and mysore != sukanya
        assert counts == [2, 2]

        tg.user_says(CHAT, "/digest")
        (digest,) = await tg.wait_for(CHAT, timeout=10)
        assert "1. Indian Navy foils pirate attack in Gulf of Aden, captures 23 pirates" in (
            digest.text
        )
        assert "2. Navy ship INS Sukanya repels pirates, 26 held" in digest.text
        assert digest.text.count("2 reports") == 2
    assert tg.errors == []
