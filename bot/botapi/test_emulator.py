"""The emulator, served on loopback, gives the real python-telegram-bot what Telegram gives it.

Scripting and fault injection are the test fake's (tests/fakes); these are the Bot API's own
rules: HTML and lengths, buttons, edits, commands, replies, polling.
"""

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, EndPointNotFound, InvalidToken
from telegram.request import HTTPXRequest

from bot.botapi import BotApi, BotApiError, BotApiServer

TOKEN = "123456:EMULATOR-TOKEN"
CHAT = 5551234


def make_bot(served: BotApiServer, token: str = TOKEN) -> Bot:
    # Plain HTTP on loopback: skipping the CA bundle saves ~0.1 s a client.
    return Bot(
        token,
        base_url=served.base_url,
        base_file_url=served.base_file_url,
        request=HTTPXRequest(httpx_kwargs={"verify": False}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"verify": False}),
    )


@pytest.fixture
def api() -> BotApi:
    return BotApi(bot_id=123456, bot_username="newsbrief_test_bot", bot_first_name="NewsBrief")


@pytest.fixture
async def served(api: BotApi) -> AsyncIterator[BotApiServer]:
    server = BotApiServer(api, TOKEN)
    await server.start()
    try:
        yield server
    finally:
        api.end_polls()
        await server.stop()


@pytest.fixture
async def bot(served: BotApiServer) -> AsyncIterator[Bot]:
    async with make_bot(served) as client:
        yield client


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def test_get_me_describes_the_bot(bot: Bot, api: BotApi) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "newsbrief_test_bot", True)


async def test_wrong_token_is_unauthorized(served: BotApiServer) -> None:
    with pytest.raises(InvalidToken):
        async with make_bot(served, token="999:WRONG"):
            pass


async def test_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})


async def test_length_limit_counts_parsed_characters_not_markup(bot: Bot, api: BotApi) -> None:
    body = "<b>" + "&lt;" * 2000 + "</b><a href='https://e.org/'>" + "x" * 2096 + "</a>"
    sent = await bot.send_message(CHAT, body, parse_mode=ParseMode.HTML)
    assert sent.text is not None and len(sent.text) == 4096
    assert api.messages[-1].links() == ["https://e.org/"]
    with pytest.raises(BadRequest, match="^Message is too long$"):
        await bot.send_message(CHAT, body + ".", parse_mode=ParseMode.HTML)


async def test_callback_data_may_use_64_bytes_but_not_65(bot: Bot, api: BotApi) -> None:
    fits = "é" * 32  # 32 characters, 64 bytes of UTF-8
    await bot.send_message(
        CHAT, "Pick", reply_markup=keyboard(InlineKeyboardButton("A", callback_data=fits))
    )
    assert api.messages[-1].buttons() == [("A", fits, None)]
    with pytest.raises(BadRequest, match="^Button_data_invalid$"):
        await bot.send_message(
            CHAT, "Pick", reply_markup=keyboard(InlineKeyboardButton("A", callback_data=fits + "x"))
        )


async def test_url_buttons_need_a_real_web_link(bot: Bot) -> None:
    await bot.send_message(
        CHAT,
        "Read",
        reply_markup=keyboard(InlineKeyboardButton("R", url="http://127.0.0.1:8080/r/1")),
    )
    with pytest.raises(BadRequest, match="url 'http://localhost:8080/r/1' is invalid"):
        await bot.send_message(
            CHAT,
            "Read",
            reply_markup=keyboard(InlineKeyboardButton("R", url="http://localhost:8080/r/1")),
        )


async def test_unknown_group_is_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="^Chat not found$"):
        await bot.send_message(-999, "hello")


async def test_answering_a_callback_twice_is_refused(bot: Bot, api: BotApi) -> None:
    sent = await bot.send_message(
        CHAT, "x", reply_markup=keyboard(InlineKeyboardButton("A", callback_data="a"))
    )
    query_id = api.press(CHAT, sent.message_id, "a")
    assert query_id is not None
    await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="^Query is too old"):
        await bot.answer_callback_query(query_id)


async def test_edit_rules_match_telegram(bot: Bot, api: BotApi) -> None:
    sent = await bot.send_message(CHAT, "<b>Draft</b>", parse_mode=ParseMode.HTML)
    await bot.edit_message_text("<b>Final</b>", CHAT, sent.message_id, parse_mode=ParseMode.HTML)
    assert api.messages[-1].text == "Final"
    with pytest.raises(BadRequest, match="^Message is not modified"):
        await bot.edit_message_text(
            "<strong>Final</strong>", CHAT, sent.message_id, parse_mode=ParseMode.HTML
        )
    with pytest.raises(BadRequest, match="^Message to edit not found$"):
        await bot.edit_message_text("x", CHAT, sent.message_id + 50)


async def test_commands_are_validated_and_recorded(bot: Bot, api: BotApi) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("digest", "Today")])
    assert api.commands == [
        {"command": "start", "description": "Start"},
        {"command": "digest", "description": "Today"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "digest"]
    with pytest.raises(BadRequest, match="^Bot_command_invalid$"):
        await bot.set_my_commands([BotCommand("Digest", "Capital letters are refused")])


async def test_only_one_poller_at_a_time(bot: Bot, served: BotApiServer) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.1)
    async with make_bot(served) as second_instance:
        await second_instance.get_updates(timeout=0)
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_replying_to_a_missing_message_is_refused_unless_allowed(
    bot: Bot, api: BotApi
) -> None:
    api.user_says(CHAT, "hi")
    await bot.send_message(CHAT, "to your hi", reply_to_message_id=1)
    with pytest.raises(BadRequest, match="^Message to be replied not found$"):
        await bot.send_message(CHAT, "to nothing", reply_to_message_id=99)
    await bot.send_message(
        CHAT, "to nothing", reply_to_message_id=99, allow_sending_without_reply=True
    )
    assert [m.reply_to_message_id for m in api.messages_to(CHAT)] == [1, None]


async def test_polling_while_a_webhook_is_set_is_a_conflict(bot: Bot) -> None:
    await bot.set_webhook("https://bot.example/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_a_user_s_message_reaches_the_bot_with_telegram_s_entities(
    bot: Bot, api: BotApi
) -> None:
    api.user_says(CHAT, "/latest@newsbrief_test_bot see https://dawn.com/a.", first_name="Amina")
    (update,) = await bot.get_updates()
    message = update.message
    assert message is not None and message.from_user is not None
    assert message.from_user.first_name == "Amina"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bot_command", 0, 26),
        ("url", 31, 18),
    ]
    assert api.updates_taken == update.update_id


async def test_a_document_goes_both_ways(bot: Bot, api: BotApi) -> None:
    content = "<p>Talks resume — «hopeful»</p>\n".encode() * 200
    api.user_sends_document(CHAT, "feeds.html", content)
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == content
    sent = await bot.send_document(
        CHAT, content.upper(), filename="echo.html", caption="<b>Echo</b>", parse_mode="HTML"
    )
    assert sent.caption == "Echo"
    assert sent.document is not None and sent.document.file_name == "echo.html"
    assert api.documents[-1].content == content.upper()
    with pytest.raises(BadRequest, match="^Message caption is too long$"):
        await bot.send_document(CHAT, b"x", caption="x" * 1025)


async def test_a_private_chat_never_opened_is_not_found_when_chats_are_closed() -> None:
    api = BotApi(bot_id=1, bot_username="b_bot", bot_first_name="B", open_private_chats=False)
    api.add_private_chat(CHAT, "Amina")
    await api.call("sendMessage", {"chat_id": CHAT, "text": "hello"})
    with pytest.raises(BotApiError, match="chat not found"):
        await api.call("sendMessage", {"chat_id": CHAT + 1, "text": "hello"})
