"""Digests on each chat's schedule, through the real bot with a clock we move.

Feed items link to hosts that don't resolve, so the feed's own summary is the article text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from tests.fixtures.harness import Harness, running_bot, settings_for
from tests.newssite import NewsSite

CHAT = 5201
BERLIN, KARACHI = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Karachi")
# Friday 27 March 2026, noon UTC; Berlin moves its clocks forward early on Sunday the 29th.
BEFORE_SPRING = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)


def item(slug: str, title: str, summary: str, published: datetime) -> dict:
    return {
        "title": title,
        "link": f"https://dawn.example/{slug}",
        "summary": summary,
        "guid": f"dawn.example/{slug}",
        "published": published,
    }


def first_report(when: datetime) -> dict:
    return item(
        "talks-1",
        "Istanbul talks resume between Pakistan and Afghanistan",
        "Delegations met in Istanbul for a third round of talks.",
        when,
    )


def second_report(when: datetime) -> dict:
    return item(
        "talks-2",
        "Istanbul talks end with a ceasefire pledge",
        "The Istanbul talks ended with both sides pledging to keep the ceasefire.",
        when,
    )


async def news_arrives(bot: Harness, site: NewsSite, report: dict) -> None:
    """The feed has `report`; the clock moves past the feed's poll interval and it is read.

    The scheduler polls on its own too; moving the clock makes the feed due whoever read it last.
    """
    site.add_feed("/wire.xml", [report])
    bot.clock.advance(timedelta(seconds=bot.settings.poll_seconds + 60))
    await bot.poll_now()


async def test_the_digest_keeps_its_local_time_across_the_spring_dst_change(tg, site, sqlite_url):
    clock = ManualClock(BEFORE_SPRING)
    feed = site.add_feed("/wire.xml", [])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        (zone,) = await bot.say(CHAT, "/settings tz Berlin")
        assert "Europe/Berlin" in zone.text and "Next digest: Sat 28 Mar, 07:30" in zone.text
        await bot.say(CHAT, "/subscribe Istanbul talks")
        await news_arrives(bot, site, first_report(clock.now()))
        mark = len(tg.messages_to(CHAT))

        # Saturday 07:30 in Berlin is 06:30 UTC (CET, +1).
        clock.set(datetime(2026, 3, 28, 6, 29, tzinfo=UTC))
        await bot.advance(timedelta(0))
        assert len(tg.messages_to(CHAT)) == mark
        await bot.advance(timedelta(minutes=2))
        (saturday,) = await tg.wait_for(CHAT)
        assert "Istanbul talks resume" in saturday.text
        assert clock.now().astimezone(BERLIN).strftime("%a %H:%M") == "Sat 07:31"

        clock.set(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
        await news_arrives(bot, site, second_report(clock.now()))

        # Sunday 07:30 in Berlin is 05:30 UTC now (CEST, +2): an hour earlier in UTC.
        clock.set(datetime(2026, 3, 29, 5, 29, tzinfo=UTC))
        await bot.advance(timedelta(0))
        assert tg.messages_to(CHAT)[-1] is saturday
        await bot.advance(timedelta(minutes=2))
        (sunday,) = await tg.wait_for(CHAT)
        assert "ceasefire pledge" in sunday.text and "talks resume" not in sunday.text
        assert clock.now().astimezone(BERLIN).strftime("%a %H:%M") == "Sun 07:31"
    assert tg.errors == []


async def test_instant_news_waits_for_the_end_of_quiet_hours(tg, site, clock, sqlite_url):
    # The harness clock starts on Friday 27 November, 06:00 in Karachi.
    feed = site.add_feed("/wire.xml", [])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul talks")
        (instant,) = await bot.say(CHAT, "/settings every instant")
        assert "quiet hours 22:00–07:00" in instant.text
        assert "Next digest: Fri 27 Nov, 07:00" in instant.text, "quiet until 07:00"
        await news_arrives(bot, site, first_report(clock.now()))  # 06:16
        await bot.advance(timedelta(minutes=43))
        assert tg.messages_to(CHAT)[-1] is instant
        await bot.advance(timedelta(minutes=2))
        (morning,) = await tg.wait_for(CHAT)
        assert "Istanbul talks resume" in morning.text

        # News in the next quarter of an hour comes at once, without waiting for a day.
        await news_arrives(bot, site, second_report(clock.now()))
        await bot.advance(timedelta(minutes=15))  # the next instant round is at most this far
        (soon,) = await tg.wait_for(CHAT)
        assert "ceasefire pledge" in soon.text

        # At 22:30 new reports wait: nothing at night, then at 07:00 they come.
        clock.set(datetime(2026, 11, 27, 22, 14, tzinfo=KARACHI))
        late = item(
            "talks-3",
            "Istanbul talks: a late-night statement",
            "A statement on the Istanbul talks came late at night.",
            clock.now(),
        )
        await news_arrives(bot, site, late)  # 22:30
        await bot.advance(timedelta(hours=4))  # 02:30
        assert tg.messages_to(CHAT)[-1] is soon
        clock.set(datetime(2026, 11, 28, 6, 59, tzinfo=KARACHI))
        await bot.advance(timedelta(0))
        assert tg.messages_to(CHAT)[-1] is soon
        await bot.advance(timedelta(minutes=2))
        (next_morning,) = await tg.wait_for(CHAT)
        assert "late-night statement" in next_morning.text
    assert tg.errors == []


async def test_a_chat_that_asks_gets_a_nothing_new_note_instead_of_silence(
    tg, site, clock, sqlite_url
):
    quiet_chat, noted_chat = CHAT, CHAT + 1
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        await bot.say(quiet_chat, "/subscribe Istanbul talks")
        await bot.say(noted_chat, "/subscribe Istanbul talks")
        (menu,) = await bot.say(noted_chat, "/settings note on")
        assert "“Nothing new” note: on" in menu.text
        await bot.advance(timedelta(minutes=91))  # past 07:30 in Karachi
        (note,) = await tg.wait_for(noted_chat)
        assert "Nothing new on your topics" in note.text
        await bot.advance(timedelta(seconds=1))
        assert "You now follow" in tg.messages_to(quiet_chat)[-1].text, "silence by default"
