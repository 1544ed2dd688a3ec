"""Breaking alerts where they belong: in a forum, in the ⚡ topic's thread; in a channel, as a
post with its links and no buttons (anyone reading the channel could press them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.harness import running_bot, settings_for

FORUM, CHANNEL = -1002000000009, -1003000000009
ADMIN = 701
WHEN = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)
TEXT = (
    "A strong earthquake struck Istanbul on Friday morning, and the talks between Pakistan and "
    "Afghanistan were suspended while delegations were evacuated."
)
OUTLETS = ("dawn", "geo", "bbc")


def report(outlet: str, minutes: int) -> dict:
    return {
        "title": f"Earthquake in Istanbul halts talks ({outlet})",
        "link": f"https://{outlet}.example/quake",
        "summary": TEXT,
        "guid": f"{outlet}-quake",
        "published": WHEN + timedelta(minutes=minutes),
    }


async def turn_on_alerts(tg, chat: int, listing) -> None:
    toggle = next(d for _, d, _ in listing.buttons() if d and d.startswith("ti:"))
    tg.press(chat, listing.message_id, toggle, user_id=ADMIN)
    edited = await tg.wait_for_edit(chat, listing.message_id)
    assert "⚡" in edited.text


async def test_alerts_go_to_the_topic_thread_and_to_channels_without_buttons(
    tg, site, clock, sqlite_url
):
    feeds = [
        site.add_feed(f"/{o}.xml", [report(o, 20 * i)], title=o.title())
        for i, o in enumerate(OUTLETS)
    ]
    tg.make_forum(FORUM, title="Newsroom")
    tg.set_admins(FORUM, [ADMIN])
    breaking = tg.create_forum_topic(FORUM, "Breaking", by_user_id=ADMIN)
    tg.add_channel(CHANNEL, title="Quake Watch", username="quakewatch", admins=[ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, feeds), clock) as bot:
        for text in ("/subscribe Istanbul talks", "/topics"):
            tg.user_says(
                FORUM, text, user_id=ADMIN, chat_type="supergroup", message_thread_id=breaking
            )
            (answer,) = await tg.wait_for(FORUM)
        await turn_on_alerts(tg, FORUM, answer)

        await bot.say(ADMIN, "/connect @quakewatch")
        await bot.say(ADMIN, "/subscribe Istanbul talks")
        (listing,) = await bot.say(ADMIN, "/topics")
        await turn_on_alerts(tg, ADMIN, listing)

        await bot.poll_now()
        (alert,) = await tg.wait_for(FORUM, timeout=10)
        assert "⚡ Breaking" in alert.text and alert.message_thread_id == breaking
        (post,) = await tg.wait_for(CHANNEL, timeout=10)
        assert "⚡ Breaking" in post.text and "https://bbc.example/quake" in post.links()
        assert not [d for _, d, _ in post.buttons() if d], "no button in the channel"
