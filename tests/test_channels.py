"""Channels managed from a private chat: connect, manage, receive digests, lose it when demoted.

The real bot against the fake Telegram. A channel can't send commands, so its admin connects
it in a private chat (`/connect @name`, or a forwarded post), then /subscribe, /topics,
/settings… there change the channel, and the channel receives the digests.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.fetching import parse_opml
from storage.queries import chats as chats_q
from storage.queries import sources as sources_q
from storage.queries import topics as topics_q
from tests.fixtures.harness import running_bot, settings_for

CHANNEL = -1003000000001
ADMIN, READER = 601, 602
WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TALKS = {
    "title": "Istanbul talks resume between Pakistan and Afghanistan",
    "link": "https://wire.example/talks",  # doesn't resolve: the feed's summary is used
    "summary": "Delegations met in Istanbul for a third round of talks.",
    "guid": "talks",
    "published": WHEN,
}


def callbacks(message) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {text: data for text, data, _ in message.buttons() if data}


async def test_an_admin_runs_the_channel_from_a_private_chat(tg, site, clock, sqlite_url):
    feed = site.add_feed("/wire.xml", [TALKS])
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        db = bot.services.db
        (connected,) = await bot.say(ADMIN, "/connect https://t.me/dailywire")
        assert "Connected Daily Wire" in connected.text and "managing it now" in connected.text

        (followed,) = await bot.say(ADMIN, "/subscribe Istanbul talks")
        assert "Daily Wire now follows Istanbul talks" in followed.text
        (listing,) = await bot.say(ADMIN, "/topics")
        assert "Topics of Daily Wire" in listing.text and "Istanbul talks" in listing.text
        (menu,) = await bot.say(ADMIN, "/settings time 08:00")
        assert "Settings of the channel Daily Wire" in menu.text and "08:00" in menu.text
        channel = await db.run(chats_q.get_chat, CHANNEL)
        assert (channel.kind, channel.digest_time) == ("channel", "08:00")
        assert [t.query for t in await db.run(topics_q.list_topics, CHANNEL)] == ["Istanbul talks"]

        (back,) = await bot.say(ADMIN, "/manage me")
        assert "your own chat" in back.text
        (own,) = await bot.say(ADMIN, "/topics")
        assert "You don't follow any topics" in own.text
        assert (await db.run(chats_q.get_chat, ADMIN)).digest_time == "07:30"

        # 08:01 in Karachi: the channel's digest goes to the channel, not to its admin.
        await bot.poll_now()
        await bot.advance(timedelta(hours=2, minutes=1))
        (digest,) = await tg.wait_for(CHANNEL)
        assert "Istanbul talks resume" in digest.text and digest.text.startswith("🗞 News digest")
        assert "https://wire.example/talks" in digest.links()
        assert not callbacks(digest), "no button a subscriber could press for the channel"
        assert not [m for m in tg.messages_to(ADMIN) if "Istanbul talks resume" in m.text]

        (managing,) = await bot.say(ADMIN, "/manage Daily Wire")
        assert "Managing Daily Wire" in managing.text
        (gone,) = await bot.say(ADMIN, "/disconnect")
        assert "Disconnected Daily Wire" in gone.text
        (mine,) = await bot.say(ADMIN, "/subscribe cricket")
        assert "You now follow cricket" in mine.text
        assert [t.query for t in await db.run(topics_q.list_topics, ADMIN)] == ["cricket"]


async def test_connecting_checks_both_sides_and_explains(tg, site, clock, sqlite_url):
    tg.add_channel(
        -1003000000002, title="Bot Is Member", username="botmember", admins=[ADMIN], bot="member"
    )
    tg.add_channel(-1003000000003, title="No Posting", username="noposting", bot="admin")
    tg.add_channel(-1003000000004, title="Not Yours", username="notyours", admins=[READER])
    tg.set_admins(-4001, [ADMIN])
    tg.user_says(-4001, "hello", user_id=ADMIN, chat_type="group")
    tg.set_admins(-1003000000003, [ADMIN])
    cases = {
        "/connect @botmember": "not an administrator of “Bot Is Member”",
        "/connect noposting": "may not post messages",
        "/connect @notyours": "you aren't one",
        "/connect @nosuchchannel": "can't see that channel",
        "/connect -4001": "is a group, not a channel",
        "/connect <b>hi</b>": "doesn't look like a channel",
        "/connect": "Add me to the channel as an administrator",
    }
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        for command, expected in cases.items():
            (answer,) = await bot.say(ADMIN, command)
            assert expected in answer.text, (command, answer.text)
        tg.user_says(-4001, "/connect @notyours", user_id=ADMIN, chat_type="group")
        (in_group,) = await tg.wait_for(-4001)
        assert "private chat" in in_group.text
        (listing,) = await bot.say(ADMIN, "/channels")
        assert "/connect @yourchannel" in listing.text, "nothing was connected"


async def test_a_forwarded_post_connects_and_channels_switch_by_button(tg, site, clock, sqlite_url):
    tg.add_channel(CHANNEL, title="Daily Wire", admins=[ADMIN])  # private: no @username
    tg.add_channel(-1003000000005, title="Evening Wire", username="eveningwire", creator=ADMIN)
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        tg.user_forwards_channel_post(ADMIN, CHANNEL, "Today's top story …", user_id=ADMIN)
        (offer,) = await tg.wait_for(ADMIN)
        assert "a post from Daily Wire" in offer.text
        tg.press(ADMIN, offer.message_id, callbacks(offer)["📢 Connect Daily Wire"])
        (connected,) = await tg.wait_for(ADMIN)
        assert "Connected Daily Wire" in connected.text
        await bot.say(ADMIN, "/connect @eveningwire")

        (listing,) = await bot.say(ADMIN, "/channels")
        assert "change the channel Evening Wire" in listing.text
        buttons = callbacks(listing)
        tg.press(ADMIN, listing.message_id, buttons["📢 Daily Wire"])
        edited = await tg.wait_for_edit(ADMIN, listing.message_id)
        assert "change the channel Daily Wire" in edited.text
        (followed,) = await bot.say(ADMIN, "/subscribe ECB rates")
        assert "Daily Wire now follows" in followed.text
        tg.press(ADMIN, listing.message_id, callbacks(edited)["🏠 This chat"])
        edited = await tg.wait_for_edit(ADMIN, listing.message_id)
        assert "change this chat" in edited.text
        tg.press(ADMIN, listing.message_id, f"dc:{CHANNEL}")
        edited = await tg.wait_for_edit(ADMIN, listing.message_id)
        assert "Daily Wire" not in edited.text and "Evening Wire" in edited.text
        topics = await bot.services.db.run(topics_q.list_topics, CHANNEL)
        assert [t.query for t in topics] == ["ECB rates"], "disconnecting keeps its topics"


async def test_a_demoted_admin_or_a_removed_bot_ends_the_link(tg, site, clock, sqlite_url):
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN, READER])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        await bot.say(ADMIN, "/connect @dailywire")
        await bot.say(READER, "/connect @dailywire")
        tg.set_admins(CHANNEL, [READER])  # ADMIN is demoted
        await bot.advance(timedelta(minutes=11))  # rights are checked again after a while
        (lost,) = await bot.say(ADMIN, "/subscribe Istanbul talks")
        assert "aren't one" in lost.text and "disconnected it" in lost.text
        assert await bot.services.db.run(topics_q.list_topics, CHANNEL) == []
        assert await bot.services.db.run(topics_q.list_topics, ADMIN) == [], "nothing followed"

        tg.group_event(CHANNEL, "removed", by_user_id=READER)  # the bot is removed
        for _ in range(50):
            if not (await bot.services.db.run(chats_q.get_chat, CHANNEL)).active:
                break
            await asyncio.sleep(0.1)
        (lost,) = await bot.say(READER, "/topics")
        assert "no longer in “Daily Wire”" in lost.text


async def test_making_the_bot_a_channel_admin_offers_to_connect_it(tg, site, clock, sqlite_url):
    tg.add_channel(CHANNEL, title="Daily Wire", admins=[ADMIN], bot="left")
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock):
        tg.group_event(CHANNEL, "promoted", by_user_id=ADMIN, chat_type="channel")
        (offer,) = await tg.wait_for(ADMIN)
        assert "You made me an admin of Daily Wire" in offer.text
        tg.press(ADMIN, offer.message_id, f"cn:{CHANNEL}")
        (connected,) = await tg.wait_for(ADMIN)
        assert "Connected Daily Wire" in connected.text
        assert not tg.messages_to(CHANNEL), "nothing is posted in the channel itself"


async def test_sources_commands_change_the_managed_channel(tg, site, clock, sqlite_url):
    # A name with HTML in it: the replies must show it as text, and still be valid HTML.
    tg.add_channel(CHANNEL, title="Wire & <Co>", username="wireco", admins=[ADMIN])
    own = site.add_feed("/own.xml", [TALKS], title="Lahore Ledger")
    theirs = site.add_feed("/theirs.xml", [{**TALKS, "guid": "t2"}], title="Karachi Courier")
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        db = bot.services.db

        async def urls(chat_id: int) -> list[str]:
            return [source.url for source in await db.run(sources_q.chat_sources, chat_id)]

        (mine,) = await bot.say(ADMIN, f"/addsource {own}")
        assert "Added Lahore Ledger." in mine.text and "your digest" in mine.text
        await bot.say(ADMIN, "/connect @wireco")

        (added,) = await bot.say(ADMIN, f"/addsource {theirs}")
        assert "Added Karachi Courier to the sources of Wire & <Co>." in added.text
        assert "the channel's topics" in added.text
        assert "Wire &amp; &lt;Co&gt;" in added.html
        assert await urls(CHANNEL) == [theirs]
        assert await urls(ADMIN) == [own], "the admin's own chat is left alone"

        (listing,) = await bot.say(ADMIN, "/sources")
        assert listing.text.startswith("Sources of Wire & <Co> (1)")
        assert "Karachi Courier" in listing.text and "Lahore Ledger" not in listing.text

        (export,) = await bot.say(ADMIN, "/export")
        assert export.document is not None
        assert parse_opml(export.document.content) == [("Karachi Courier", theirs)]
        assert export.text.startswith("The sources of Wire & <Co>.")

        (button,) = [d for _, d, _ in listing.buttons() if d and d.startswith("src:")]
        query_id = tg.press(ADMIN, listing.message_id, button)
        edited = await tg.wait_for_edit(ADMIN, listing.message_id)
        assert "Removed “Karachi Courier”" in tg.answered(query_id)["text"]
        assert "Wire & <Co> has no sources of its own" in edited.text
        assert await urls(CHANNEL) == [] and await urls(ADMIN) == [own]
        (nothing,) = await bot.say(ADMIN, "/export")
        assert "Wire & <Co> has no sources of its own to export" in nothing.text

        tg.user_sends_document(ADMIN, "feeds.opml", export.document.content)
        (imported,) = await tg.wait_for(ADMIN)
        assert "Added 1 source to Wire & <Co> from your file" in imported.text
        assert await urls(CHANNEL) == [theirs] and await urls(ADMIN) == [own]

        (back,) = await bot.say(ADMIN, "/manage me")
        assert "your own chat" in back.text
        (own_listing,) = await bot.say(ADMIN, "/sources")
        assert own_listing.text.startswith("Your sources (1)")
        assert "Lahore Ledger" in own_listing.text and "Karachi Courier" not in own_listing.text
        (own_export,) = await bot.say(ADMIN, "/export")
        assert own_export.document is not None
        assert parse_opml(own_export.document.content) == [("Lahore Ledger", own)]
        assert own_export.text.startswith("Your sources.")
        assert not tg.messages_to(CHANNEL), "nothing about sources is posted in the channel"
    assert tg.errors == []


async def test_a_channel_digest_is_not_addressed_to_you(tg, site, clock, sqlite_url):
    feed = site.add_feed("/wire.xml", [TALKS])
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await bot.say(ADMIN, "/subscribe Istanbul talks")  # the admin's own digest, at 07:30
        await bot.say(ADMIN, "/connect @dailywire")
        await bot.say(ADMIN, "/subscribe Istanbul talks")
        await bot.say(ADMIN, "/settings time 08:00")

        # 08:01 in Karachi: both digests are due.
        await bot.poll_now()
        await bot.advance(timedelta(hours=2, minutes=1))
        (digest,) = await tg.wait_for(CHANNEL)
        assert "Istanbul talks resume" in digest.text
        assert digest.text.startswith("🗞 News digest · "), digest.text.splitlines()[0]
        assert "Your" not in digest.text.splitlines()[0]
        # The admin's digest (not a preview, which the poller may have stored in time for).
        (own,) = [m for m in tg.messages_to(ADMIN) if m.text.startswith("🗞")]
        assert own.text.startswith("🗞 Your news digest · "), "a private chat's is still its own"
    assert tg.errors == []


async def test_a_stopped_channel_source_is_reported_to_its_admin_not_posted(
    tg, site, clock, sqlite_url
):
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN])
    feed = site.add_feed("/wire.xml", [TALKS], title="Karachi Courier")
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_MIN_FEED_INTERVAL=0)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(ADMIN, "/connect @dailywire")
        await bot.say(ADMIN, f"/addsource {feed}")
        await bot.poll_now()

        site.add_special("/wire.xml", "status", status=410)
        clock.advance(timedelta(hours=1))
        await bot.poll_now()
        (notice,) = await tg.wait_for(ADMIN, lambda m: "stopped reading" in m.text)
        assert "one of the sources of Daily Wire" in notice.text
        assert "gone for good" in notice.text
        await asyncio.sleep(0.5)  # anything posted in the channel would have arrived
        assert not any("stopped reading" in m.text for m in tg.messages_to(CHANNEL))
    assert tg.errors == []
