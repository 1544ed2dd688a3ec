"""/settings through the real bot: the inline menu, every press answered, edited in place."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.botapi import SentMessage
from storage.queries import chats as chats_q
from tests.fakes import FakeTelegram
from tests.fixtures.harness import running_bot, settings_for

CHAT = 4101
GROUP, ADMIN, MEMBER = -100410, 601, 602


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

        _, text = await press(tg, menu, f"set:v:{CHAT}:time")
        assert "Digest time" in text
        answer, text = await press(tg, menu, f"set:t:{CHAT}:60")
        assert answer["text"] == "Digest at 08:30" and "08:30" in text
        answer, text = await press(tg, menu, f"set:at:{CHAT}:0700")
        assert answer["text"] == "Digest at 07:00" and "✅ 07:00" in str(menu.buttons())

        await press(tg, menu, f"set:v:{CHAT}:main")
        await press(tg, menu, f"set:v:{CHAT}:days")
        await press(tg, menu, f"set:d:{CHAT}:6")
        answer, text = await press(tg, menu, f"set:d:{CHAT}:7")
        assert answer["text"] == "Days: weekdays" and "weekdays" in text

        await press(tg, menu, f"set:v:{CHAT}:main")
        await press(tg, menu, f"set:v:{CHAT}:freq")
        answer, text = await press(tg, menu, f"set:f:{CHAT}:twice")
        assert answer["text"] == "Twice daily"
        assert "twice daily at 07:00 and 19:00, weekdays" in text

        await press(tg, menu, f"set:v:{CHAT}:quiet")
        answer, text = await press(tg, menu, f"set:q:{CHAT}:2200-0700")
        assert "22:00–07:00" in answer["text"] and "Quiet hours: 22:00–07:00" in text

        await press(tg, menu, f"set:v:{CHAT}:zone")
        answer, text = await press(tg, menu, f"set:z:{CHAT}:America/New_York")
        assert answer["text"] == "Time zone: America/New_York" and "America/New_York" in text

        await press(tg, menu, f"set:v:{CHAT}:lang")
        answer, text = await press(tg, menu, f"set:l:{CHAT}:de")
        assert "de" in answer["text"] and "German (de)" in text

        answer, text = await press(tg, menu, f"set:n:{CHAT}")
        assert "on" in answer["text"] and "“Nothing new” note: on" in text

        chat = await bot.services.db.run(chats_q.get_chat, CHAT)
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
        (typed,) = await bot.say(CHAT, "/settings days sat")
        assert "Saturday" not in typed.text and "Sat" in typed.text
        (menu,) = await bot.say(CHAT, "/settings")
        await press(tg, menu, f"set:v:{CHAT}:days")
        query = tg.press(CHAT, menu.message_id, f"set:d:{CHAT}:6")  # the only day left
        for _ in range(50):
            if tg.answered(query) is not None:
                break
            await asyncio.sleep(0.05)
        refusal = tg.answered(query)
        assert refusal and "at least one day" in refusal["text"] and refusal.get("show_alert")
        chat = await bot.services.db.run(chats_q.get_chat, CHAT)
        assert chat.digest_days == "6"


async def test_in_groups_only_admins_press_settings(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        tg.user_says(GROUP, "/settings", user_id=ADMIN, chat_type="supergroup")
        (menu,) = await tg.wait_for(GROUP)
        _, text = await press(tg, menu, f"set:v:{GROUP}:zone", user_id=ADMIN)
        assert "Share location" not in str(menu.buttons()), "Telegram asks only in private"
        assert "Type a city" in str(menu.buttons()) and "/settings tz Karachi" in text
        query = tg.press(GROUP, menu.message_id, f"set:z:{GROUP}:Europe/London", user_id=MEMBER)
        for _ in range(50):
            if tg.answered(query) is not None:
                break
            await asyncio.sleep(0.05)
        assert "admins" in tg.answered(query)["text"]
        chat = await bot.services.db.run(chats_q.get_chat, GROUP)
        assert chat.timezone == "Asia/Karachi"
