"""⚡ topics: a story that several outlets report within an hour comes at once, once,
and not during the chat's quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.harness import running_bot, settings_for

AWAKE, ASLEEP = 7007, 7008
WHEN = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)
TEXT = (
    "A strong earthquake struck Istanbul on Friday morning, and the talks between Pakistan and "
    "Afghanistan were suspended while delegations were evacuated."
)


async def test_breaking_alert_once_and_after_quiet_hours(tg, site, clock, sqlite_url):
    outlets = ("dawn", "geo", "bbc")
    feeds = [site.add_feed(f"/{o}.xml", [], title=o.title()) for o in outlets]

    def publish(outlet: str, minutes: int) -> None:
        site.add_feed(
            f"/{outlet}.xml",
            [
                {
                    "title": f"Earthquake in Istanbul halts talks ({outlet})",
                    "link": f"https://{outlet}.example/quake",
                    "summary": TEXT,
                    "guid": f"{outlet}-quake",
                    "published": WHEN + timedelta(minutes=minutes),
                }
            ],
            title=outlet.title(),
        )

    settings = settings_for(
        tg, sqlite_url, feeds, NEWSBRIEF_MIN_FEED_INTERVAL=1, NEWSBRIEF_POLL_SECONDS=60
    )
    async with running_bot(tg, site, settings, clock) as bot:
        for chat in (AWAKE, ASLEEP):
            await bot.say(chat, "/subscribe Istanbul talks")
            (listing,) = await bot.say(chat, "/topics")
            toggle = next(d for _, d, _ in listing.buttons() if d and d.startswith("ti:"))
            answered = tg.press(chat, listing.message_id, toggle)
            edited = await tg.wait_for_edit(chat, listing.message_id)
            assert "⚡" in edited.text and "on" in tg.answered(answered)["text"]
        # 06:00 in Karachi now: quiet until 07:00 for one of the chats.
        await bot.say(ASLEEP, "/settings quiet 22:00-07:00")

        publish("dawn", 0)
        publish("geo", 20)
        await bot.poll_now()
        await bot.quiet()
        assert "Breaking" not in tg.messages_to(AWAKE)[-1].text, "two outlets are not enough"

        publish("bbc", 40)
        clock.advance(timedelta(minutes=5))
        await bot.poll_now()
        (alert,) = await tg.wait_for(AWAKE, timeout=10)
        assert "⚡ Breaking" in alert.text and "3 outlets" in alert.text
        assert any(d and d.startswith("fs:") for _, d, _ in alert.buttons())
        await bot.quiet()
        assert "Breaking" not in tg.messages_to(ASLEEP)[-1].text, "quiet hours hold it"

        clock.advance(timedelta(hours=1))  # 07:05 in Karachi: quiet hours are over
        (late,) = await tg.wait_for(ASLEEP, timeout=10)
        assert "⚡ Breaking" in late.text
        await bot.quiet()
        assert tg.messages_to(AWAKE)[-1] is alert, "an alert goes once"
    assert tg.errors == []
