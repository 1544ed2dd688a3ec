"""What the person at the terminal reads: the bot's messages as Telegram would show them."""

import io

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from bot.terminal.local_api import USER_ID, LocalBotApi, local_token
from bot.terminal.request import LocalRequest
from bot.terminal.screen import Screen


async def test_messages_buttons_and_files_as_the_person_sees_them(tmp_path):
    out = io.StringIO()
    screen = Screen(out, ansi=False, files_dir=tmp_path)
    api = LocalBotApi("Ada", screen.show)
    request = LocalRequest(api)
    read = InlineKeyboardMarkup([[InlineKeyboardButton("📖 Read", callback_data="rd:7:0")]])
    async with Bot(local_token(), request=request) as bot:
        await bot.send_message(
            USER_ID,
            '&copy; <b>Dawn</b> · <a href="https://dawn.com/a">Original</a>',
            parse_mode=ParseMode.HTML,
            reply_markup=read,
        )
        await bot.send_document(USER_ID, b"a,b\n", filename="../export.csv")
    shown = out.getvalue()
    assert "&copy; Dawn · Original <https://dawn.com/a>" in shown
    assert "[1.1] 📖 Read" in shown
    assert screen.button(1) is not None and screen.button(1).button.callback_data == "rd:7:0"
    assert (tmp_path / "2-export.csv").read_bytes() == b"a,b\n"
