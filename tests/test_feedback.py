"""Feedback under each article: why this, more like this, mute a story or an outlet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from tests.fixtures.harness import running_bot, settings_for

CHAT = 4004
WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def item(host: str, slug: str, title: str, summary: str, hours: int = 0) -> dict:
    # Hosts that don't resolve: the page fetch fails and the feed's summary is used.
    return {
        "title": title,
        "link": f"https://{host}/{slug}",
        "summary": summary,
        "guid": f"{host}/{slug}",
        "published": WHEN + timedelta(hours=hours),
    }


async def test_why_this_mute_outlet_and_mute_story(tg, site, clock, sqlite_url):
    feed = site.add_feed(
        "/wire.xml",
        [
            item(
                "dawn.example",
                "a",
                "Istanbul talks resume between Pakistan and Afghanistan",
                "Delegations from Pakistan and Afghanistan met in Istanbul for talks.",
            ),
            item(
                "geo.example",
                "b",
                "Pakistan, Afghanistan open Istanbul talks",
                "Pakistan and Afghanistan opened talks in Istanbul on Friday.",
                1,
            ),
        ],
    )
    settings = settings_for(tg, sqlite_url, [feed])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul talks")
        await bot.poll_now()
        (digest,) = await bot.say(CHAT, "/digest")
        # Two reports (one feed), one story: one block that says so.
        options = [d for _, d, _ in digest.buttons() if d and d.startswith("fb:")]
        assert len(options) == 1 and "2 reports" in digest.text

        tg.press(CHAT, digest.message_id, options[0])
        (menu,) = await tg.wait_for(CHAT)
        data = {text: d for text, d, _ in menu.buttons()}
        why = tg.press(CHAT, menu.message_id, data["❓ Why this?"])
        await bot.settled()  # the press is handled: its answer is in
        answer = tg.answered(why)
        assert answer and "Istanbul talks" in answer["text"] and answer.get("show_alert")

        mute_outlet = next(d for text, d in data.items() if text.startswith("🚫 Mute"))
        muted = tg.press(CHAT, menu.message_id, mute_outlet)
        await bot.settled()  # the press is handled: its answer is in
        assert "30 days" in tg.answered(muted)["text"]
        first_link = urlsplit(digest.links()[0]).hostname
        muted_host = first_link
        other_host = "dawn.example" if muted_host == "geo.example" else "geo.example"

        # New reports from both outlets: only the outlet that was not muted gets through.
        site.add_feed(
            "/wire.xml",
            [
                item(
                    muted_host,
                    "c",
                    "Earthquake shakes Istanbul, talks paused",
                    "A strong earthquake hit Istanbul; talks were paused.",
                    5,
                ),
                item(
                    other_host,
                    "d",
                    "Ferry strike disrupts Istanbul as talks go on",
                    "A ferry strike in Istanbul disrupted the city as talks went on.",
                    6,
                ),
            ],
        )
        clock.advance(timedelta(hours=1))
        await bot.poll_now()
        (second,) = await bot.say(CHAT, "/digest")
        assert "Ferry strike" in second.text
        assert "Earthquake" not in second.text

        # Mute the ferry story: a later report on it doesn't come either.
        ferry = next(d for _, d, _ in second.buttons() if d and d.startswith("fb:"))
        tg.press(CHAT, second.message_id, ferry)
        (menu,) = await tg.wait_for(CHAT)
        mute_story = dict((t, d) for t, d, _ in menu.buttons())["🔇 Mute story · 7 days"]
        story_muted = tg.press(CHAT, menu.message_id, mute_story)
        await bot.settled()  # the press is handled: its answer is in
        assert "7 days" in tg.answered(story_muted)["text"]
        site.add_feed(
            "/wire.xml",
            [
                item(
                    other_host,
                    "e",
                    "Ferry strike disrupts Istanbul as talks go on, day two",
                    "A ferry strike in Istanbul disrupted the city for a second day as talks "
                    "went on.",
                    8,
                ),
            ],
        )
        clock.advance(timedelta(hours=1))
        await bot.poll_now()
        (third,) = await bot.say(CHAT, "/digest")
        assert "Nothing new" in third.text
    assert tg.errors == []
