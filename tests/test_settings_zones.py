"""Time zones through the real bot: city names, a typed city, a shared location.

The fake Telegram has no helper for location messages or replies to a bot message, so
`shares_location` and `replies_to` build them the way `user_says` builds a text message.
"""

from __future__ import annotations

from bot.botapi import SentMessage
from storage.queries import chats as chats_q
from tests.fakes import FakeTelegram
from tests.fixtures.harness import running_bot, settings_for

OTHER, THIRD = 4102, 4103


def shares_location(tg: FakeTelegram, chat_id: int, latitude: float, longitude: float) -> None:
    message = tg._incoming_message(chat_id, None, "private", "Test", None)
    message["location"] = {"latitude": latitude, "longitude": longitude}
    tg._enqueue("message", message)


def replies_to(tg: FakeTelegram, chat_id: int, asked: SentMessage, text: str) -> None:
    message = tg._incoming_message(chat_id, None, "private", "Test", None)
    message["text"] = text
    message["reply_to_message"] = tg._message_json(asked)
    tg._enqueue("message", message)


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
        chat = await bot.services.db.run(chats_q.get_chat, OTHER)
        assert (chat.timezone, chat.digest_frequency, chat.quiet_hours) == (
            "America/New_York",
            "instant",
            "",
        )
        (helped,) = await bot.say(OTHER, "/help")
        assert "/settings" in helped.text and "tz Karachi" in helped.text


async def test_a_typed_city_and_a_shared_location(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(THIRD, "/settings")
        tg.press(THIRD, menu.message_id, f"set:v:{THIRD}:zone")
        await tg.wait_for_edit(THIRD, menu.message_id)
        tg.press(THIRD, menu.message_id, f"set:zt:{THIRD}")
        (prompt,) = await tg.wait_for(THIRD)
        assert "Which city or time zone" in prompt.text
        assert prompt.reply_markup and prompt.reply_markup.get("force_reply")

        replies_to(tg, THIRD, prompt, "Lahore")
        (done,) = await tg.wait_for(THIRD)
        assert "Time zone set: Asia/Karachi" in done.text

        replies_to(tg, THIRD, prompt, "Atlantis")
        wrong, again = await tg.wait_for(THIRD, count=2)
        assert "don't know the time zone" in wrong.text and "Which city" in again.text

        tg.press(THIRD, menu.message_id, f"set:zl:{THIRD}")
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
