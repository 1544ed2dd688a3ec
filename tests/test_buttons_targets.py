"""Buttons act on what they sit under, and a question waits for its answer in the database
(issue 10, point 6): across later searches, other members, a restart and `newsbrief chat`."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.usecases.topics import normalized
from storage.queries import chats as chats_q
from storage.queries import topics as topics_q
from tests.fakes import FakeTelegram
from tests.fixtures.harness import Harness, running_bot, settings_for
from tests.test_buttons_who import answer_of, data_of
from tests.test_terminal import start_chat

GROUP, CHANNEL = -1004200000001, -1003200000001
ADMIN, MEMBER, CHAT = 811, 812, 813


def says(tg: FakeTelegram, text: str, user_id: int) -> None:
    tg.user_says(GROUP, text, user_id=user_id, chat_type="supergroup")


async def topics(bot: Harness, chat_id: int) -> list[str]:
    return sorted(t.query for t in await bot.services.db.run(topics_q.list_topics, chat_id))


async def zone(bot: Harness, chat_id: int) -> str:
    chat = await bot.services.db.run(chats_q.get_chat, chat_id)
    assert chat is not None
    return chat.timezone


async def test_follow_under_an_old_latest_follows_the_search_it_sits_under(
    tg, site, clock, database_url
):
    tg.set_admins(GROUP, [ADMIN])
    settings = settings_for(tg, database_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        says(tg, "/latest volcano Iceland", ADMIN)
        (volcano,) = await tg.wait_for(GROUP)
        says(tg, "/latest cricket scores", MEMBER)  # a later search, by someone else
        (cricket,) = await tg.wait_for(GROUP)
        follow = data_of(volcano, "🔔 Follow")

        refused = tg.press(GROUP, volcano.message_id, follow, user_id=MEMBER)
        assert "Only group admins" in (await answer_of(tg, refused))["text"]
        tg.press(GROUP, volcano.message_id, follow, user_id=ADMIN)
        (followed,) = await tg.wait_for(GROUP, lambda m: "now follow" in m.text)
        assert "volcano Iceland" in followed.text
        assert await topics(bot, GROUP) == ["volcano Iceland"]

    async with running_bot(tg, site, settings, clock) as bot:  # a restart: a new Application
        tg.press(GROUP, cricket.message_id, data_of(cricket, "🔔 Follow"), user_id=ADMIN)
        (followed,) = await tg.wait_for(GROUP, lambda m: "now follow" in m.text)
        assert "cricket scores" in followed.text
        assert await topics(bot, GROUP) == ["cricket scores", "volcano Iceland"]
    assert tg.errors == []


async def test_an_old_menu_of_a_managed_channel_does_not_change_your_own_chat(
    tg, site, clock, sqlite_url
):
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN])
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_TIMEZONE="Europe/London")
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(ADMIN, "/connect @dailywire")
        (menu,) = await bot.say(ADMIN, "/settings")
        assert "Settings of the channel Daily Wire" in menu.text
        tg.press(ADMIN, menu.message_id, data_of(menu, "🌍 Zone"))
        await tg.wait_for_edit(ADMIN, menu.message_id)
        await bot.say(ADMIN, "/manage me")  # commands here change the admin's own chat now

        query = tg.press(ADMIN, menu.message_id, data_of(menu, "Karachi"))
        assert (await answer_of(tg, query))["text"] == "This button has expired."
        assert await zone(bot, ADMIN) == "Europe/London", "not applied to the wrong chat"
        assert await zone(bot, CHANNEL) == "Europe/London"
    assert tg.errors == []


async def test_an_old_page_of_a_managed_channels_topics_does_not_show_your_own(
    tg, site, clock, sqlite_url
):
    tg.add_channel(CHANNEL, title="Daily Wire", username="dailywire", admins=[ADMIN])
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(ADMIN, "/start")
        await bot.say(ADMIN, "/connect @dailywire")
        for chat_id, name in ((CHANNEL, "wire"), (ADMIN, "mine")):  # two pages each
            for i in range(12):
                text = f"{name} topic {i:02d}"
                when = clock.now() + timedelta(seconds=i)
                await bot.services.db.run(topics_q.add_topic, chat_id, text, normalized(text), when)
        (listing,) = await bot.say(ADMIN, "/topics")
        assert "Topics of Daily Wire (12) · page 1 of 2" in listing.text
        tg.press(ADMIN, listing.message_id, data_of(listing, "Next"))
        page = await tg.wait_for_edit(ADMIN, listing.message_id)
        assert "page 2 of 2" in page.text and "12. wire topic 11" in page.text
        await bot.say(ADMIN, "/manage me")  # commands here list the admin's own topics now

        query = tg.press(ADMIN, listing.message_id, data_of(page, "◀"))
        assert (await answer_of(tg, query))["text"] == "This button has expired."
        assert len(page.edits) == 1 and "wire topic 00" not in page.text
        assert "mine topic" not in page.text, "not another chat's list under the channel's"
    assert tg.errors == []


async def test_type_a_city_then_the_city_sets_the_zone_also_after_a_restart(
    tg, site, clock, database_url
):
    settings = settings_for(tg, database_url, [], NEWSBRIEF_TIMEZONE="Europe/London")
    async with running_bot(tg, site, settings, clock) as bot:
        (menu,) = await bot.say(CHAT, "/settings")
        tg.press(CHAT, menu.message_id, data_of(menu, "🌍 Zone"))
        await tg.wait_for_edit(CHAT, menu.message_id)
        tg.press(CHAT, menu.message_id, data_of(menu, "✍️ Type a city"))
        (question,) = await tg.wait_for(CHAT)
        assert "Which city" in question.text

        (done,) = await bot.say(CHAT, "Karachi")  # typed, not a reply to the question
        assert "Time zone set: Asia/Karachi" in done.text
        assert await zone(bot, CHAT) == "Asia/Karachi"
        (search,) = await bot.say(CHAT, "Karachi")  # answered: words are a search again
        assert "I have nothing on Karachi" in search.text

        tg.press(CHAT, menu.message_id, data_of(menu, "📍 Share location"))
        await tg.wait_for(CHAT, lambda m: "Send my location" in m.text)

    async with running_bot(tg, site, settings, clock) as bot:  # the question survives
        (wrong,) = await bot.say(CHAT, "Atlantis")
        (again,) = await tg.wait_for(CHAT)
        assert "don't know the time zone" in wrong.text and "Which city" in again.text
        (done,) = await bot.say(CHAT, "Berlin")
        assert "Time zone set: Europe/Berlin" in done.text
        assert await zone(bot, CHAT) == "Europe/Berlin"

        tg.press(CHAT, menu.message_id, data_of(menu, "✍️ Type a city"))
        await tg.wait_for(CHAT, lambda m: "Which city" in m.text)
        await bot.say(CHAT, "/topics")  # a command instead: the question is dropped
        (search,) = await bot.say(CHAT, "Tokyo")
        assert "I have nothing on Tokyo" in search.text
        assert await zone(bot, CHAT) == "Europe/Berlin"
    assert tg.errors == []


async def test_in_a_group_only_the_person_asked_answers(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_TIMEZONE="Europe/London")
    async with running_bot(tg, site, settings, clock) as bot:
        says(tg, "/settings", ADMIN)
        (menu,) = await tg.wait_for(GROUP)
        tg.press(GROUP, menu.message_id, data_of(menu, "🌍 Zone"), user_id=ADMIN)
        await tg.wait_for_edit(GROUP, menu.message_id)
        type_city = data_of(menu, "✍️ Type a city")
        refused = tg.press(GROUP, menu.message_id, type_city, user_id=MEMBER)
        assert "Only group admins" in (await answer_of(tg, refused))["text"]
        tg.press(GROUP, menu.message_id, type_city, user_id=ADMIN)
        (question,) = await tg.wait_for(GROUP)
        assert "Which city" in question.text
        assert question.reply_markup == {
            "force_reply": True,
            "selective": True,
            "input_field_placeholder": "Karachi",
        }

    async with running_bot(tg, site, settings, clock) as bot:
        says(tg, "Tokyo", MEMBER)  # not the person asked: not an answer
        await bot.settled()
        assert await zone(bot, GROUP) == "Europe/London"
        says(tg, "Karachi", ADMIN)
        (done,) = await tg.wait_for(GROUP, lambda m: "Time zone set" in m.text)
        assert "Asia/Karachi" in done.text
        assert await zone(bot, GROUP) == "Asia/Karachi"
        assert sum("Time zone set" in m.text for m in tg.messages_to(GROUP)) == 1
    assert tg.errors == []


async def test_type_a_city_in_newsbrief_chat(site, tmp_path):
    term = await start_chat(tmp_path, [])
    try:
        await term.type("/settings")
        zone_button = await term.expect(r"\[(\d+\.\d+)\] 🌍 Zone")
        await term.type(f"#{zone_button.group(1)}")
        type_city = await term.expect(r"\[(\d+\.\d+)\] ✍️ Type a city")
        await term.type(f"#{type_city.group(1)}")
        await term.expect(re.escape("Which city or time zone are you in?"))
        await term.type("Berlin")
        await term.expect(r"Time zone set: Europe/Berlin")
        await term.type("/quit")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()
