"""/latest, then Follow this story: later developments arrive as replies, not too often."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.fixtures.harness import running_bot, settings_for

CHAT = 6006
ARTICLES = json.loads(
    (Path(__file__).parents[1] / "bot" / "stories" / "testdata" / "articles.json").read_text(
        "utf-8"
    )
)
WHEN = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
TEXT = (
    "Pakistan and Afghanistan held a third round of talks in Istanbul on Thursday, with Turkiye "
    "mediating between the delegations over cross-border security."
)


def report(outlet: str, n: int, title: str, extra: str = "", hours: float = 0) -> tuple:
    entry = {
        "title": title,
        "link": f"https://{outlet}.example/{n}",
        "summary": f"{TEXT} {extra}".strip(),
        "guid": f"{outlet}-{n}",
        "published": WHEN + timedelta(hours=hours),
    }
    return outlet, entry


async def test_following_a_story_brings_updates_as_replies(tg, site, clock, sqlite_url):
    feeds = {
        name: site.add_feed(f"/{name}.xml", [], title=name.title())
        for name in ("dawn", "geo", "bbc", "aljazeera")
    }

    def publish(*reports: tuple) -> None:
        by_feed: dict[str, list] = {}
        for outlet, entry in reports:
            by_feed.setdefault(outlet, []).append(entry)
        for outlet, entries in by_feed.items():
            site.add_feed(f"/{outlet}.xml", entries, title=outlet.title())

    publish(report("dawn", 1, "Pakistan, Afghanistan hold third round of talks in Istanbul"))
    settings = settings_for(tg, sqlite_url, list(feeds.values()), NEWSBRIEF_MIN_FEED_INTERVAL=1)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        (brief,) = await bot.say(CHAT, "/latest Istanbul talks")
        assert "1 outlet" in brief.text and "Istanbul" in brief.text
        follow = next(d for _, d, _ in brief.buttons() if d and d.startswith("fs:"))
        answered = tg.press(CHAT, brief.message_id, follow)
        await asyncio.sleep(0.5)
        assert "Following" in tg.answered(answered)["text"]

        # Another outlet reports more: an update arrives as a reply to the briefing.
        publish(
            report(
                "geo",
                2,
                "Istanbul talks: Pakistan shares evidence with Afghan side",
                "Pakistan shared evidence and documentation on militant groups.",
                1,
            )
        )
        clock.advance(timedelta(hours=1))
        await bot.poll_now()
        (update,) = await tg.wait_for(CHAT, timeout=10)
        assert update.reply_to_message_id == brief.message_id
        assert "Update" in update.text and "evidence" in update.text

        # One more report within the hour: no second update yet (at most every few hours)...
        publish(
            report(
                "bbc",
                3,
                "Pakistan Afghanistan Istanbul talks continue into second day",
                "Talks continued into a second day without a breakthrough.",
                2,
            )
        )
        clock.advance(timedelta(minutes=30))
        await bot.poll_now()
        await asyncio.sleep(1.5)
        assert tg.messages_to(CHAT)[-1] is update
        # ...but after three hours it comes.
        clock.advance(timedelta(hours=3))
        (later,) = await tg.wait_for(CHAT, timeout=10)
        assert later.reply_to_message_id == brief.message_id and "second day" in later.text

        # /latest again: what's new since this chat last looked, a timeline, the coverage.
        (again,) = await bot.say(CHAT, "/latest Istanbul talks")
        assert "3 outlets" in again.text and "Timeline" in again.text
    assert tg.errors == []


async def test_an_update_opens_with_the_development_under_a_new_heading(
    tg, site, clock, sqlite_url
):
    """The strike of the issue: the first report says the union wants night-shift pay; the
    later one says the strike ended with a pay deal and retells the grievance. The update
    states the deal first, under the later headline, not the first report's."""
    begins, deal = ARTICLES["strike_begins"], ARTICLES["strike_deal"]

    def entry(article: dict, n: int, hours: float) -> dict:
        return {
            "title": article["title"],
            "link": f"https://wire{n}.example/{article['id']}",
            "summary": article["text"],
            "guid": str(article["id"]),
            "published": WHEN + timedelta(hours=hours),
        }

    first_feed = site.add_feed("/wire1.xml", [entry(begins, 1, 0)], title="Wire One")
    second_feed = site.add_feed("/wire2.xml", [], title="Wire Two")
    settings = settings_for(
        tg, sqlite_url, [first_feed, second_feed], NEWSBRIEF_MIN_FEED_INTERVAL=1
    )
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        (brief,) = await bot.say(CHAT, "/latest Port Halden strike")
        assert "night-shift" in brief.text
        follow = next(d for _, d, _ in brief.buttons() if d and d.startswith("fs:"))
        tg.press(CHAT, brief.message_id, follow)

        site.add_feed("/wire2.xml", [entry(deal, 2, 1)], title="Wire Two")
        clock.advance(timedelta(hours=1))
        await bot.poll_now()
        (update,) = await tg.wait_for(CHAT, timeout=10)
        assert update.reply_to_message_id == brief.message_id
        heading, what_is_new = update.text.split("\n\n")[:2]
        assert begins["title"] not in heading and "pay deal" in heading
        assert what_is_new.startswith("Dockworkers at Port Halden ended their strike")
    assert tg.errors == []
