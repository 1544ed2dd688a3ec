"""The local Bot API as PTB sees it: through the request seam and through the loopback port."""

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken

from bot.botapi import BotApiServer, CallbackAnswered, MessageShown
from bot.terminal.local_api import USER_ID, LocalBotApi, Undelivered, local_token
from bot.terminal.request import LocalRequest
from tests.fakes import FakeTelegram

READ = InlineKeyboardMarkup([[InlineKeyboardButton("📖 Read here", callback_data="rd:7:0")]])


async def test_the_bot_gets_telegram_shaped_answers_through_the_seam():
    shown: list = []
    api = LocalBotApi("Ada", shown.append)
    request = LocalRequest(api)
    async with Bot(local_token(), request=request, get_updates_request=request) as bot:
        sent = await bot.send_message(
            USER_ID, "<b>Talks</b> resume", parse_mode=ParseMode.HTML, reply_markup=READ
        )
        assert sent.text == "Talks resume" and sent.reply_markup == READ
        assert isinstance(shown[-1], MessageShown) and shown[-1].message.buttons()[0].text

        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_text(
                "<b>Talks</b> resume",
                chat_id=USER_ID,
                message_id=sent.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=READ,
            )
        with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
            await bot.send_message(USER_ID, "<b>Talks", parse_mode=ParseMode.HTML)
        too_long = InlineKeyboardButton("x", callback_data="rd:" + "9" * 62)
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(USER_ID, "x", reply_markup=InlineKeyboardMarkup([[too_long]]))

        said = api.user_says("/latest Istanbul talks")
        (update,) = await bot.get_updates(timeout=1)
        assert update.message.text == "/latest Istanbul talks"
        assert update.message.entities[0].type == "bot_command"
        assert update.message.entities[0].length == len("/latest")

        assert api.press(sent.message_id, "rd:9:0") is None  # no such button on it
        api.press(sent.message_id, "rd:7:0")
        (update,) = await bot.get_updates(offset=said + 1, timeout=1)
        assert update.callback_query.data == "rd:7:0"
        assert update.callback_query.message.message_id == sent.message_id


async def test_the_outbox_bot_reaches_the_terminal_through_the_loopback_port():
    shown: list = []
    api = LocalBotApi("Ada", shown.append)
    token = local_token()
    server = BotApiServer(api, token)
    await server.start()
    try:
        async with Bot(token, base_url=server.base_url) as bot:
            sent = await bot.send_message(
                USER_ID, "Your <i>digest</i>", parse_mode=ParseMode.HTML, reply_markup=READ
            )
            assert sent.text == "Your digest"
            assert shown[-1].message.buttons()[0].callback_data == "rd:7:0"

            api.press(sent.message_id, "rd:7:0")
            (update,) = await bot.get_updates(timeout=1)
            await bot.answer_callback_query(update.callback_query.id, "Muted", show_alert=False)
            assert shown[-1] == CallbackAnswered("Muted", alert=False)

            with pytest.raises(BadRequest, match="(?i)chat not found"):
                await bot.send_message(-100123, "for a chat of a shared database")
            assert shown[-1] == Undelivered(-100123, "sendMessage")
        with pytest.raises(InvalidToken):
            async with Bot(local_token(), base_url=server.base_url) as stranger:
                await stranger.send_message(USER_ID, "spam")
    finally:
        await server.stop()


async def _terminal_answers(html: str) -> str:
    """What `newsbrief chat`'s Bot API makes of an HTML message: its text, or the refusal."""
    async with Bot(
        local_token(), request=LocalRequest(LocalBotApi("Ada", lambda event: None))
    ) as bot:
        try:
            return (await bot.send_message(USER_ID, html, parse_mode=ParseMode.HTML)).text or ""
        except BadRequest as refusal:
            return f"refused: {refusal.message}"


async def _fake_telegram_answers(html: str) -> str:
    """The same message sent to the tests' fake Telegram."""
    async with FakeTelegram() as tg, Bot(tg.token, base_url=tg.base_url) as bot:
        try:
            return (await bot.send_message(USER_ID, html, parse_mode=ParseMode.HTML)).text or ""
        except BadRequest as refusal:
            return f"refused: {refusal.message}"


@pytest.mark.parametrize(
    ("html", "telegram"),
    [
        ("a < b", 'refused: Can\'t parse entities: unsupported start tag "" at byte offset 2'),
        ("&copy; 2026 &amp; <b>Dawn</b>", "&copy; 2026 & Dawn"),
        ("<b>Dawn</b>&nbsp;&hellip;", "Dawn&nbsp;&hellip;"),
        ("x" * 4000 + "&amp;" * 96, "x" * 4000 + "&" * 96),
        ("x" * 4097, "refused: Message is too long"),
    ],
)
async def test_the_terminal_refuses_and_keeps_what_telegram_and_the_fake_do(html, telegram):
    """`newsbrief chat` must not show a message Telegram would refuse, or show it otherwise."""
    assert await _terminal_answers(html) == telegram
    assert await _fake_telegram_answers(html) == telegram


async def test_a_file_goes_both_ways_through_the_seam():
    shown: list = []
    api = LocalBotApi("Ada", shown.append)
    request = LocalRequest(api)
    opml = b'<opml version="2.0"><body><outline xmlUrl="https://e.org/feed"/></body></opml>'
    async with Bot(local_token(), request=request, get_updates_request=request) as bot:
        said = api.user_sends_file("feeds.opml", opml)
        (update,) = await bot.get_updates(timeout=1)
        assert update.update_id == said and update.message.document.file_name == "feeds.opml"
        file = await update.message.document.get_file()
        assert bytes(await file.download_as_bytearray()) == opml
        await bot.send_document(USER_ID, b"a,b\n", filename="export.csv", caption="<b>Yours</b>")
    assert shown[-1].message.document.content == b"a,b\n"
    assert shown[-1].message.text == "<b>Yours</b>"  # no parse_mode: the tags are text
