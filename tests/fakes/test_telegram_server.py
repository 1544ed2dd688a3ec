"""The real python-telegram-bot, over HTTP, gets from the fake what it would get from Telegram."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageOriginChannel,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.delivery.outcomes import retry_seconds

from .telegram_server import FakeTelegram, busiest_window

CHAT = 5551234


def loopback_request() -> HTTPXRequest:
    """A PTB request for plain HTTP on loopback: skipping the CA bundle saves ~0.1 s a client."""
    return HTTPXRequest(httpx_kwargs={"verify": False})


def make_bot(tg: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(
        token or tg.token,
        base_url=tg.base_url,
        base_file_url=tg.base_file_url,
        request=loopback_request(),
        get_updates_request=loopback_request(),
    )


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with make_bot(tg) as client:
        yield client


@asynccontextmanager
async def polling(tg: FakeTelegram, *handlers: object) -> AsyncIterator[Application]:
    """A real Application with these handlers, polling the fake."""
    app = (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .request(loopback_request())
        .get_updates_request(loopback_request())
        .build()
    )
    for handler in handlers:
        app.add_handler(handler)  # type: ignore[arg-type]  # PTB types handlers per update type
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def test_start_command_is_answered_through_real_polling(tg: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_html(
            f"<b>Welcome</b>, {update.message.from_user.first_name}!",  # type: ignore[union-attr]  # the fake always sends it
            do_quote=True,
        )

    async with polling(tg, CommandHandler("start", start)):
        tg.user_says(CHAT, "/start", first_name="Amina")
        [reply] = await tg.wait_for(CHAT)
    assert reply.text == "Welcome, Amina!"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 7}]
    assert reply.reply_to_message_id == 1
    assert not [error for error in tg.errors if error[0] != "getUpdates"]


async def test_command_addressed_to_the_bot_in_a_group_is_seen(tg: FakeTelegram) -> None:
    async def ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message("pong")  # type: ignore[union-attr]  # the fake always sends it

    async with polling(tg, CommandHandler("ping", ping)):
        tg.user_says(-4001, "/ping@newsbrief_test_bot now", chat_type="group", user_id=77)
        [reply] = await tg.wait_for(-4001)
    assert reply.text == "pong"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>Hello</p>", 'Can\'t parse entities: unsupported start tag "p" at byte offset 0'),
        ("<b>Hello", "Can't parse entities: can't find end tag corresponding to start tag \"b\""),
        (
            "<b><i>x</b></i>",
            'Can\'t parse entities: unmatched end tag at byte offset 7, expected "</i>", '
            'found "</b>"',
        ),
        ("Prices < 5", 'Can\'t parse entities: unsupported start tag "" at byte offset 7'),
    ],
)
async def test_bad_html_is_a_bad_request_naming_the_problem(
    bot: Bot, tg: FakeTelegram, html: str, message: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert caught.value.message == message
    assert tg.messages == []
    assert tg.errors[-1][:2] == ("sendMessage", 400)


async def test_blocked_user_is_forbidden(bot: Bot, tg: FakeTelegram) -> None:
    tg.block(CHAT)
    with pytest.raises(Forbidden, match="^Forbidden: bot was blocked by the user$"):
        await bot.send_message(CHAT, "Your digest")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"  # type: ignore[union-attr]  # the fake always sends it


async def test_rate_limit_raises_retry_after_then_lets_the_retry_through(
    bot: Bot, tg: FakeTelegram
) -> None:
    tg.rate_limit(7, times=1, chat_id=CHAT)
    await bot.send_message(CHAT + 1, "another chat is not limited")
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(CHAT, "Your digest")
    assert retry_seconds(limited.value) == 7
    await bot.send_message(CHAT, "Your digest")
    assert [m.text for m in tg.messages_to(CHAT)] == ["Your digest"]


async def test_flood_limit_answers_429_beyond_the_rate(bot: Bot, tg: FakeTelegram) -> None:
    tg.flood_limit = 3
    for n in range(3):
        await bot.send_message(CHAT + n, "hello")
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(CHAT + 3, "hello")
    assert retry_seconds(limited.value) == 1
    assert tg.errors[-1] == ("sendMessage", 429, "Too Many Requests: retry after 1")
    assert len(tg.send_arrivals) == 4, "the refused send arrived too"
    assert tg.busiest_second() == 4


def test_busiest_window_counts_a_sliding_half_open_second() -> None:
    assert busiest_window([]) == 0
    assert busiest_window([0.0, 0.5, 0.999, 1.0, 1.2]) == 4  # 0.5 .. 1.2
    assert busiest_window([0.0, 1.0, 2.0, 3.0]) == 1, "exactly a second apart: never together"


async def test_migrated_group_raises_chat_migrated(bot: Bot, tg: FakeTelegram) -> None:
    tg.user_says(-4002, "/start", chat_type="group")
    tg.migrate(-4002, -1001234567890)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-4002, "Your digest")
    assert caught.value.new_chat_id == -1001234567890
    await bot.send_message(caught.value.new_chat_id, "Your digest")
    assert len(tg.messages_to(-1001234567890)) == 1


async def test_gateway_failure_is_a_network_error(bot: Bot, tg: FakeTelegram) -> None:
    tg.fail_with(502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(CHAT, "hello")
    await bot.send_message(CHAT, "hello")
    assert len(tg.messages) == 1


async def test_pressing_a_button_reaches_the_handler_and_its_answer_is_recorded(
    tg: FakeTelegram,
) -> None:
    async def topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(  # type: ignore[union-attr]  # the fake always sends it
            "Topics?", reply_markup=keyboard(InlineKeyboardButton("Tech", callback_data="t:tech"))
        )

    async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"Subscribed to {query.data}")
        await query.edit_message_text("<i>Tech</i> it is", parse_mode=ParseMode.HTML)

    handlers = (CommandHandler("topics", topics), CallbackQueryHandler(chosen, pattern="^t:"))
    async with polling(tg, *handlers):
        tg.user_says(CHAT, "/topics")
        [menu] = await tg.wait_for(CHAT)
        query_id = tg.press(CHAT, menu.message_id, "t:tech")
        edited = await tg.wait_for_edit(CHAT, menu.message_id)
    assert tg.answered(query_id) == {"callback_query_id": query_id, "text": "Subscribed to t:tech"}
    assert (edited.text, edited.edited, edited.buttons()) == ("Tech it is", True, [])
    assert edited.edits[0].text == "Topics?"
    with pytest.raises(AssertionError, match="no button"):
        tg.press(CHAT, menu.message_id, "t:sport")


async def test_document_round_trip(tg: FakeTelegram) -> None:
    opml = "<p>Talks resume in Istanbul — «hopeful»</p>\n".encode() * 200

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        document = update.message.document  # type: ignore[union-attr]  # the fake always sends it
        received = await (await document.get_file()).download_as_bytearray()  # type: ignore[union-attr]  # the fake always sends it
        await update.message.reply_document(  # type: ignore[union-attr]  # the fake always sends it
            bytes(received).upper(),
            filename="echo.html",
            caption=f"<b>{len(received)}</b> bytes",
            parse_mode=ParseMode.HTML,
        )

    async with polling(tg, MessageHandler(filters.Document.ALL, on_document)):
        tg.user_sends_document(CHAT, "feeds.html", opml)
        [reply] = await tg.wait_for(CHAT)
    assert reply.text == f"{len(opml)} bytes"
    assert reply.document is not None
    assert (reply.document.filename, reply.document.content) == ("echo.html", opml.upper())


async def test_group_admins_and_bot_membership(bot: Bot, tg: FakeTelegram) -> None:
    tg.group_event(-4003, "added", by_user_id=77, title="Newsroom")
    tg.set_admins(-4003, [77], creator=77)
    assert (await bot.get_chat_member(-4003, 77)).status == "creator"
    assert (await bot.get_chat_member(-4003, 78)).status == "left"
    assert [m.user.id for m in await bot.get_chat_administrators(-4003)] == [77]
    assert (await bot.get_chat(-4003)).title == "Newsroom"
    tg.group_event(-4003, "removed", by_user_id=77)
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(-4003, "hello")


async def test_wait_for_reports_what_was_sent_instead(bot: Bot, tg: FakeTelegram) -> None:
    await bot.send_message(CHAT, "Something else")
    with pytest.raises(AssertionError, match="Something else"):
        await tg.wait_for(CHAT, lambda m: "digest" in m.text, timeout=0.2)


async def test_a_blocked_user_who_writes_again_has_unblocked_the_bot(
    bot: Bot, tg: FakeTelegram
) -> None:
    tg.block(CHAT)
    tg.user_says(CHAT, "/start")
    await bot.send_message(CHAT, "Welcome back")
    statuses = [
        u.my_chat_member.new_chat_member.status for u in await bot.get_updates() if u.my_chat_member
    ]
    assert statuses == ["kicked", "member"]


async def test_forum_topics_carry_their_thread_both_ways(bot: Bot, tg: FakeTelegram) -> None:
    forum = -1002000000001
    tg.make_forum(forum, title="Newsroom")
    sports = tg.create_forum_topic(forum, "Sports")
    tg.user_says(forum, "/topics", chat_type="supergroup", message_thread_id=sports)
    updates = await bot.get_updates()
    created, said = (u.message for u in updates)
    assert created is not None and said is not None
    assert created.forum_topic_created is not None
    assert created.forum_topic_created.name == "Sports" and created.message_thread_id == sports
    assert (said.chat.is_forum, said.is_topic_message, said.message_thread_id) == (
        True,
        True,
        sports,
    )
    assert said.reply_to_message is not None
    assert said.reply_to_message.forum_topic_created is not None
    assert said.reply_to_message.forum_topic_created.name == "Sports"
    # A reply goes where the message is; General is no thread at all.
    await said.reply_text("in the thread", do_quote=False)
    await bot.send_message(forum, "in General")
    await bot.send_message(forum, "quoting", reply_to_message_id=said.message_id)
    assert [m.message_thread_id for m in tg.messages_to(forum)] == [sports, None, sports]
    tg.delete_forum_topic(forum, sports)
    with pytest.raises(BadRequest, match="^Message thread not found$"):
        await bot.send_message(forum, "gone", message_thread_id=sports)


async def test_channels_know_their_admins_and_who_may_post(bot: Bot, tg: FakeTelegram) -> None:
    tg.add_channel(-1003000000001, title="Daily Wire", username="dailywire", admins=[77])
    tg.add_channel(-1003000000002, title="Mute Wire", admins=[77], bot="admin")
    found = await bot.get_chat("@dailywire")
    assert (found.id, found.type, found.title) == (-1003000000001, "channel", "Daily Wire")
    me = await bot.get_chat_member("@dailywire", bot.id)
    assert isinstance(me, ChatMemberAdministrator)
    assert (me.status, me.can_post_messages) == ("administrator", True)
    assert (await bot.get_chat_member(-1003000000001, 77)).status == "administrator"
    assert (await bot.get_chat_member(-1003000000001, 78)).status == "left"
    barred = await bot.get_chat_member(-1003000000002, bot.id)
    assert isinstance(barred, ChatMemberAdministrator) and not barred.can_post_messages
    await bot.send_message(-1003000000001, "to the channel")
    with pytest.raises(BadRequest, match="administrator rights"):
        await bot.send_message(-1003000000002, "not allowed")
    tg.user_forwards_channel_post(CHAT, -1003000000001, "A post")
    (update,) = await bot.get_updates()
    assert update.message is not None
    origin = update.message.forward_origin
    assert isinstance(origin, MessageOriginChannel) and origin.chat.title == "Daily Wire"
