"""Who may press what, and what one person can do to a group or a channel (issue 10, point 5).

The real bot against the fake Telegram: a group with an admin and a member, a channel whose
admin lacks the right to post, forged callback data, a flood from one member, stray files.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from storage.queries import mutes as mutes_q
from storage.queries import topics as topics_q
from tests.fakes import FakeTelegram
from tests.fixtures.harness import running_bot, settings_for

GROUP, CHANNEL = -1004100000001, -1003100000001
ADMIN, MEMBER = 801, 802
WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TALKS = {
    "title": "Istanbul talks resume between Pakistan and Afghanistan",
    "link": "https://dawn.example/talks",  # doesn't resolve: the feed's summary is used
    "summary": "Delegations from Pakistan and Afghanistan met in Istanbul for talks.",
    "guid": "talks",
    "published": WHEN,
}
OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline type="rss" text="Wire" xmlUrl="https://wire.example/feed.xml"/></body></opml>"""


def says(tg: FakeTelegram, text: str, user_id: int) -> None:
    tg.user_says(GROUP, text, user_id=user_id, chat_type="supergroup")


async def answer_of(tg: FakeTelegram, query_id: str) -> dict:
    for _ in range(200):
        if (answer := tg.answered(query_id)) is not None:
            return answer
        await asyncio.sleep(0.05)
    raise AssertionError(f"callback query {query_id} was never answered")


def data_of(message, label: str) -> str:  # type: ignore[no-untyped-def]
    return next(d for text, d, _ in message.buttons() if d and text.startswith(label))


async def test_a_member_cannot_mute_an_outlet_or_a_story_for_the_group(
    tg, site, clock, database_url
):
    feed = site.add_feed("/wire.xml", [TALKS])
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, database_url, [feed]), clock) as bot:
        says(tg, "/subscribe Istanbul talks", ADMIN)
        await tg.wait_for(GROUP)
        await bot.poll_now()
        says(tg, "/digest", MEMBER)  # anyone may ask for the digest and read it
        (digest,) = await tg.wait_for(GROUP, lambda m: "Istanbul talks resume" in m.text)
        tg.press(GROUP, digest.message_id, data_of(digest, "⋯"), user_id=MEMBER)
        (menu,) = await tg.wait_for(GROUP, lambda m: "What would you like" in m.text)

        for label in ("🚫 Mute", "🔇 Mute story"):
            refused = tg.press(GROUP, menu.message_id, data_of(menu, label), user_id=MEMBER)
            assert "Only group admins" in (await answer_of(tg, refused))["text"]
        now = bot.clock.now()
        assert await bot.services.db.run(mutes_q.muted_hosts, GROUP, now) == set()
        assert await bot.services.db.run(mutes_q.muted_story_ids, GROUP, now) == set()

        why = tg.press(GROUP, menu.message_id, data_of(menu, "❓ Why"), user_id=MEMBER)
        assert "Istanbul talks" in (await answer_of(tg, why))["text"], "reading is for anyone"
        muted = tg.press(GROUP, menu.message_id, data_of(menu, "🚫 Mute"), user_id=ADMIN)
        assert "30 days" in (await answer_of(tg, muted))["text"]
        assert await bot.services.db.run(mutes_q.muted_hosts, GROUP, now) == {"dawn.example"}
    assert tg.errors == []


FORGED = [
    "rd:99999999999999999999999999:0",
    "rp:1:99999999999999999999999999",
    "fb:99999999999999999999999999",
    "mo:-1",
    f"unsub:{MEMBER}:99999999999999999999999999",
    "fs:18446744073709551617",
    "dm:9223372036854775808",
    f"src:{MEMBER}:99999999999999999999999999",
    "dc:-99999999999999999999999999",
    f"set:t:{MEMBER}:99999999999999999999",
    f"set:d:{MEMBER}:9",
    f"set:v:{MEMBER}:../../x",
    "set:v:zone",  # the form before menus named their chat
    f"set:n:{ADMIN}",  # another chat's menu
    f"pg:{ADMIN}:topics:1",  # a page of another chat's list
    "sg:0",
    "subq",
    "zz:1",
    "fq:1",  # a stored search that isn't this chat's
]


async def test_forged_or_stale_button_data_is_answered_as_expired(
    tg, site, clock, sqlite_url, caplog
):
    caplog.set_level(logging.ERROR)
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (nothing,) = await bot.say(ADMIN, "/latest volcano Iceland")  # stores search 1
        (menu,) = await bot.say(MEMBER, "/settings")
        for data in FORGED:
            query = tg.press(MEMBER, menu.message_id, data, forged=True)
            answer = await answer_of(tg, query)
            assert answer.get("text") == "This button has expired.", (data, answer)
        follow = data_of(nothing, "🔔 Follow")
        assert follow == "fq:1"
        query = tg.press(ADMIN, nothing.message_id, follow)
        await tg.wait_for(ADMIN, lambda m: "You now follow" in m.text)
        await bot.settled()
        assert [t.query for t in await bot.services.db.run(topics_q.list_topics, MEMBER)] == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no unhandled error"
    assert tg.errors == []


async def test_connecting_a_channel_needs_the_right_to_post_there(tg, site, clock, sqlite_url):
    tg.add_channel(
        CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN], cannot_post=[ADMIN]
    )
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (refused,) = await bot.say(ADMIN, "/connect @dailywire")
        assert "without the right to post messages" in refused.text
        (own,) = await bot.say(ADMIN, "/subscribe Istanbul talks")
        assert "You now follow" in own.text, "the admin's own chat, not the channel"
        assert await bot.services.db.run(topics_q.list_topics, CHANNEL) == []
    assert tg.errors == []


async def test_one_member_flooding_does_not_silence_the_admins(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock):
        for _ in range(30):
            says(tg, "/latest", MEMBER)
        await tg.wait_for(GROUP, lambda m: "lot of commands" in m.text, timeout=20)
        says(tg, "/topics", ADMIN)
        (answer,) = await tg.wait_for(GROUP, lambda m: "follow any topics" in m.text, timeout=10)
        says(tg, "/latest", MEMBER)  # still flooding: still ignored
        says(tg, "/help", ADMIN)
        await tg.wait_for(GROUP, lambda m: "What I can do" in m.text)
    sent = [m.text for m in tg.messages_to(GROUP)]
    assert sum("What story?" in text for text in sent) == 20, "the member got their 20"
    assert tg.errors == []


async def test_only_feed_lists_are_imports_other_files_are_ignored(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        says(tg, "/help", MEMBER)  # the group's row exists
        await tg.wait_for(GROUP)
        for name in ("holiday.jpg", "minutes.pdf", "notes.txt"):
            tg.user_sends_document(
                GROUP, name, b"\xff\xd8 not a feed list", user_id=MEMBER, chat_type="supergroup"
            )
        tg.user_sends_document(
            GROUP, "report.pdf", b"%PDF-1.4", user_id=ADMIN, chat_type="supergroup"
        )
        await bot.settled()
        assert tg.messages_to(GROUP)[-1].text.startswith("What I can do"), "nothing said"

        tg.user_sends_document(GROUP, "feeds.opml", OPML, user_id=MEMBER, chat_type="supergroup")
        (refused,) = await tg.wait_for(GROUP)
        assert "only admins" in refused.text
        tg.user_sends_document(
            GROUP, "feeds.txt", OPML, caption="/import", user_id=ADMIN, chat_type="supergroup"
        )
        (imported,) = await tg.wait_for(GROUP)
        assert "Added 1 source" in imported.text
    assert tg.errors == []


IN_RANGE = [
    "rd:5:0",
    "rp:5:3",
    "fb:5",
    "wy:5",
    "ml:5",
    "ms:5",
    "mo:5",
    "fs:5",
    "uf:5",
    "mu:5",
    "sm:5",
    "dm:5",
    f"unsub:{MEMBER}:5",
    f"ti:{MEMBER}:5",
    f"src:{MEMBER}:5",
    "fq:5",
    "sg:afpak",
    f"dg:{MEMBER}:off",
    f"set:z:{MEMBER}:Nowhere/Atlantis",
    f"set:l:{MEMBER}:xx",
    f"set:at:{MEMBER}:9999",
    f"set:q:{MEMBER}:garbage",
    f"set:wd:{MEMBER}:3",
    "mg:5",
    "dc:5",
    "cn:-5",
    "mg:me",
]


async def test_well_formed_data_naming_nothing_is_answered_never_an_error(
    tg, site, clock, sqlite_url, caplog
):
    caplog.set_level(logging.ERROR)
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(MEMBER, "/settings")
        for data in IN_RANGE:
            answer = await answer_of(tg, tg.press(MEMBER, menu.message_id, data, forged=True))
            assert "went wrong" not in answer.get("text", ""), (data, answer)
        await bot.settled()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no unhandled error"
