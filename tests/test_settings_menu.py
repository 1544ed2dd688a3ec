"""/settings through the real bot: the inline menu, city names, a typed city, a shared location.

The fake Telegram has no helper for location messages or replies to a bot message, so
`shares_location` and `replies_to` build them the way `user_says` builds a text message.
"""

from __future__ import annotations

import asyncio
from typing import Any

from storage import queries as q
from tests.fakes import FakeTelegram
from tests.fakes.sent_messages import SentMessage
from tests.fixtures.harness import running_bot, settings_for

CHAT, OTHER, THIRD = 4101, 4102, 4103
GROUP, ADMIN, MEMBER = -100410, 601, 602


def shares_location(tg: FakeTelegram, chat_id: int, latitude: float, longitude: float) -> None:
    message = tg._incoming_message(chat_id, None, "private", "Test", None)
    message["location"] = {"latitude": latitude, "longitude": longitude}
    tg._enqueue("message", message)


def replies_to(tg: FakeTelegram, chat_id: int, asked: SentMessage, text: str) -> None:
    message = tg._incoming_message(chat_id, None, "private", "Test", None)
    message["text"] = text
    message["reply_to_message"] = tg._message_json(asked)
    tg._enqueue("message", message)


async def press(
    tg: FakeTelegram, menu: SentMessage, data: str, user_id: int | None = None
) -> tuple[dict[str, Any], str]:
    """Press a button on the menu; return Telegram's record of the answer and the edited text."""
    query = tg.press(menu.chat_id, menu.message_id, data, user_id=user_id)
    edited = await tg.wait_for_edit(menu.chat_id, menu.message_id)
    for _ in range(50):
        if tg.answered(query) is not None:
            break
        await asyncio.sleep(0.05)
    answer = tg.answered(query)
    assert answer is not None, f"the press on {data} was not answered"
    return answer, edited.text


async def test_every_menu_button_is_answered_and_edits_the_menu_in_place(
    tg, site, clock, sqlite_url
):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(CHAT, "/settings")
        assert "daily at 07:30" in menu.text and "Asia/Karachi" in menu.text
        assert "it's 06:00 there now" in menu.text
        assert "Next digest: Fri 27 Nov, 07:30" in menu.text

        _, text = await press(tg, menu, "set:v:time")
        assert "Digest time" in text
        answer, text = await press(tg, menu, "set:t:+60")
        assert answer["text"] == "Digest at 08:30" and "08:30" in text
        answer, text = await press(tg, menu, "set:at:0700")
        assert answer["text"] == "Digest at 07:00" and "✅ 07:00" in str(menu.buttons())

        await press(tg, menu, "set:v:main")
        await press(tg, menu, "set:v:days")
        await press(tg, menu, "set:d:6")
        answer, text = await press(tg, menu, "set:d:7")
        assert answer["text"] == "Days: weekdays" and "weekdays" in text

        await press(tg, menu, "set:v:main")
        await press(tg, menu, "set:v:freq")
        answer, text = await press(tg, menu, "set:f:twice")
        assert answer["text"] == "Twice daily"
        assert "twice daily at 07:00 and 19:00, weekdays" in text

        await press(tg, menu, "set:v:quiet")
        answer, text = await press(tg, menu, "set:q:1")
        assert "22:00–07:00" in answer["text"] and "Quiet hours: 22:00–07:00" in text

        await press(tg, menu, "set:v:zone")
        answer, text = await press(tg, menu, "set:z:6")
        assert answer["text"] == "Time zone: America/New_York" and "America/New_York" in text

        await press(tg, menu, "set:v:lang")
        answer, text = await press(tg, menu, "set:l:de")
        assert "de" in answer["text"] and "German (de)" in text

        answer, text = await press(tg, menu, "set:n")
        assert "on" in answer["text"] and "“Nothing new” note: on" in text

        chat = await bot.services.db.run(q.get_chat, CHAT)
        assert (chat.digest_time, chat.digest_days, chat.digest_frequency) == (
            "07:00",
            "12345",
            "twice",
        )
        assert (chat.quiet_hours, chat.timezone, chat.language) == (
            "22:00-07:00",
            "America/New_York",
            "de",
        )
        assert chat.nothing_new_note
        # Thursday 20:00 in New York: the evening one has gone, the next is Friday morning's.
        assert "Next digest: Fri 27 Nov, 07:00" in text
        assert tg.messages_to(CHAT) == [menu], "every change edited the one menu message"
    assert tg.errors == []


async def test_refusals_are_answered_too(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(CHAT, "/settings days sat")
        assert "Saturday" not in menu.text and "Sat" in menu.text
        await press(tg, menu, "set:v:days")
        query = tg.press(CHAT, menu.message_id, "set:d:6")  # the only day left
        for _ in range(50):
            if tg.answered(query) is not None:
                break
            await asyncio.sleep(0.05)
        refusal = tg.answered(query)
        assert refusal and "at least one day" in refusal["text"] and refusal.get("show_alert")
        chat = await bot.services.db.run(q.get_chat, CHAT)
        assert chat.digest_days == "6"


async def test_city_names_and_typed_settings(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (karachi,) = await bot.say(OTHER, "/settings tz Karachi")
        assert "Time zone: Asia/Karachi" in karachi.text
        (new_york,) = await bot.say(OTHER, "/settings tz New York")
        assert "Time zone: America/New_York" in new_york.text
        assert "it's 20:00 there now" in new_york.text
        (typo,) = await bot.say(OTHER, "/settings tz Karachy")
        assert "Did you mean Karachi?" in typo.text
        (country,) = await bot.say(OTHER, "/settings tz United States")
        assert "more than one time zone" in country.text and "Los Angeles" in country.text
        (weekly,) = await bot.say(OTHER, "/settings weekly sunday")
        assert "weekly on Sundays at 07:30" in weekly.text
        assert "Next digest: Sun 29 Nov, 07:30" in weekly.text
        (instant,) = await bot.say(OTHER, "/settings every instant")
        assert "I set quiet hours 22:00–07:00" in instant.text
        assert "Next digest: Thu 26 Nov, 20:15" in instant.text, "in 15 minutes"
        (quiet,) = await bot.say(OTHER, "/settings quiet off")
        assert "Quiet hours: off" in quiet.text
        (instant,) = await bot.say(OTHER, "/settings every instant")
        assert "I set quiet hours" not in instant.text, "a chat that chose 'off' keeps it"
        (bad,) = await bot.say(OTHER, "/settings quiet late")
        assert "22:00-07:00" in bad.text
        (unknown,) = await bot.say(OTHER, "/settings colour blue")
        assert "don't have a setting" in unknown.text
        chat = await bot.services.db.run(q.get_chat, OTHER)
        assert (chat.timezone, chat.digest_frequency, chat.quiet_hours) == (
            "America/New_York",
            "instant",
            "",
        )
        (helped,) = await bot.say(OTHER, "/help")
        assert "/settings" in helped.text and "tz Karachi" in helped.text


async def test_a_typed_city_and_a_shared_location(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock):
        (menu,) = await bot_say(tg, THIRD, "/settings")
        await press(tg, menu, "set:v:zone")
        tg.press(THIRD, menu.message_id, "set:z:type")
        (prompt,) = await tg.wait_for(THIRD)
        assert "Which city or time zone" in prompt.text
        assert prompt.reply_markup and prompt.reply_markup.get("force_reply")

        replies_to(tg, THIRD, prompt, "Lahore")
        (done,) = await tg.wait_for(THIRD)
        assert "Time zone set: Asia/Karachi" in done.text

        replies_to(tg, THIRD, prompt, "Atlantis")
        wrong, again = await tg.wait_for(THIRD, count=2)
        assert "don't know the time zone" in wrong.text and "Which city" in again.text

        tg.press(THIRD, menu.message_id, "set:z:loc")
        (ask,) = await tg.wait_for(THIRD)
        (button,) = ask.reply_markup["keyboard"][0]
        assert button["request_location"] is True

        shares_location(tg, THIRD, 52.52, 13.405)  # Berlin; the zone data loads on first use
        (located,) = await tg.wait_for(THIRD, timeout=15)
        assert "from your location: Europe/Berlin" in located.text
        assert located.reply_markup == {"remove_keyboard": True}

        shares_location(tg, THIRD, 24.86, 67.0)  # Karachi
        (located,) = await tg.wait_for(THIRD)
        assert "Asia/Karachi" in located.text
    assert tg.errors == []


async def bot_say(tg: FakeTelegram, chat_id: int, text: str) -> list[SentMessage]:
    tg.user_says(chat_id, text)
    return await tg.wait_for(chat_id)


async def test_in_groups_only_admins_press_settings(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        tg.user_says(GROUP, "/settings", user_id=ADMIN, chat_type="supergroup")
        (menu,) = await tg.wait_for(GROUP)
        _, text = await press(tg, menu, "set:v:zone", user_id=ADMIN)
        assert "Type a city" not in str(menu.buttons()), "no location or reply prompts in groups"
        assert "/settings tz Karachi" in text
        query = tg.press(GROUP, menu.message_id, "set:z:0", user_id=MEMBER)
        for _ in range(50):
            if tg.answered(query) is not None:
                break
            await asyncio.sleep(0.05)
        assert "admins" in tg.answered(query)["text"]
        chat = await bot.services.db.run(q.get_chat, GROUP)
        assert chat.timezone == "Asia/Karachi"
