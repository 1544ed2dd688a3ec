"""The bot in the chat's language, through the fake Bot API: chosen from the first person's
Telegram language, changed with /settings (admins only in groups) or the menu, the command menu
registered per language, and every kind of message within Telegram's limits in every language."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram import Bot, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.request import HTTPXRequest

from bot.botapi import bad_request
from bot.briefings import ArticleView, Message, render_briefing, render_digest
from bot.briefings.story import TimelineEntry, coverage_line, render_story, render_story_update
from bot.delivery import keyboard_of
from bot.i18n import FSI, LOCALES, PDI, translator, use_locale
from bot.replies import (
    channels,
    common,
    digests,
    feedback,
    latest,
    settings_menu,
    settings_words,
    sources,
    topics,
    welcome,
)
from storage import Chat, Source, Topic
from storage.queries import chats as chats_q
from storage.queries import topics as topics_q
from tests.fakes import FakeTelegram
from tests.fixtures.harness import running_bot, settings_for
from tests.test_telegram_limits import check_message

USER, OTHER = 4301, 4302
GROUP, ADMIN, MEMBER = -100430, 4311, 4312
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def plain(text: str) -> str:
    """Text without the isolates that keep mixed directions apart."""
    return text.replace(FSI, "").replace(PDI, "")


def ur(message: str) -> str:
    return translator("ur").gettext(message)


async def test_a_chat_speaks_its_first_persons_language_and_keeps_it(tg, site, clock, sqlite_url):
    tg.user_languages[USER] = "ur-PK"
    tg.user_languages[OTHER] = "de"  # a language the bot does not speak: English
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (hello,) = await bot.say(USER, "/start", first_name="Amna")
        assert hello.text.startswith("السلام علیکم، Amna!"), hello.text
        labels = [label for label, _data, _url in hello.buttons()]
        assert translator("ur").pgettext("button", "✍️ Type your own") in labels
        (help_text,) = await bot.say(USER, "/help")
        assert ur("<b>What I can do</b>").removeprefix("<b>").removesuffix("</b>") in help_text.text

        (hello,) = await bot.say(OTHER, "/start")
        assert hello.text.startswith("Hello, Test!"), hello.text

        # Telegram's language later changes: the chat keeps the one it took.
        tg.user_languages[USER] = "en"
        (menu,) = await bot.say(USER, "/settings")
        assert "آپ کی ترتیبات" in menu.text
        chat = await bot.services.db.run(chats_q.get_chat, USER)
        assert chat.interface_language == "ur"
    assert tg.errors == []


async def test_settings_language_changes_it_at_once_and_back(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (done,) = await bot.say(USER, "/settings language ur")
        assert plain(done.text).startswith("✅ زبان: اردو"), done.text
        (answer,) = await bot.say(USER, "/topics")
        assert answer.text.startswith("آپ ابھی کوئی موضوع فالو نہیں کرتے۔"), answer.text
        (refused,) = await bot.say(USER, "/settings language klingon")
        assert "/settings language ur" in refused.text and "Türkçe" in refused.text
        (back,) = await bot.say(USER, "/settings language English")
        assert plain(back.text).startswith("✅ Language: English"), back.text
        chat = await bot.services.db.run(chats_q.get_chat, USER)
        assert chat.interface_language == "en"
    assert tg.errors == []


async def test_in_a_group_only_admins_change_the_language(tg, site, clock, sqlite_url):
    tg.set_admins(GROUP, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (refused,) = await bot.say(
            GROUP, "/settings language ur", user_id=MEMBER, chat_type="supergroup"
        )
        assert "only admins" in refused.text
        (done,) = await bot.say(
            GROUP, "/settings language ur", user_id=ADMIN, chat_type="supergroup"
        )
        assert plain(done.text).startswith("✅ زبان: اردو"), done.text
        chat = await bot.services.db.run(chats_q.get_chat, GROUP)
        assert chat.interface_language == "ur"
    assert tg.errors == []


async def test_a_first_settings_menu_shows_the_language_the_chat_just_adopted(
    tg, site, clock, sqlite_url
):
    tg.user_languages[USER] = "ur"
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(USER, "/settings")  # the chat's first words: it adopts Urdu
        labels = [plain(label) for label, _d, _u in menu.buttons()]
        assert "🗣 زبان · اردو" in labels, " | ".join(labels)


async def test_the_settings_menu_has_a_language_row(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (menu,) = await bot.say(USER, "/settings")
        assert "🗣 Language · English" in [label for label, _d, _u in menu.buttons()]
        tg.press(menu.chat_id, menu.message_id, f"set:v:{USER}:ui")
        edited = await tg.wait_for_edit(menu.chat_id, menu.message_id)
        assert "The language I speak in this chat" in edited.text
        tg.press(menu.chat_id, menu.message_id, f"set:ui:{USER}:ur")
        edited = await tg.wait_for_edit(menu.chat_id, menu.message_id)
        assert "آپ کی ترتیبات" in edited.text, edited.text
        assert "🗣 زبان · اردو" in [plain(label) for label, _d, _u in edited.buttons()]
    assert tg.errors == []


async def test_the_command_menu_is_registered_in_every_language(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock):
        client = Bot(tg.token, base_url=tg.base_url, request=HTTPXRequest())
        async with client:
            english = await client.get_my_commands()
            urdu = await client.get_my_commands(language_code="ur")
            spanish = await client.get_my_commands(
                language_code="es", scope=BotCommandScopeDefault()
            )
    assert [c.command for c in english] == [c.command for c in urdu] == [c.command for c in spanish]
    assert english[0].description == "What this bot does"
    assert urdu[0].description == ur("What this bot does") != english[0].description
    assert len(spanish) == len(english)  # untranslated descriptions show in English


class RefusesTheUrduMenu(FakeTelegram):
    """Telegram refusing one language's command menu (a translated description it rejects)."""

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        if params.get("language_code") == "ur":
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        return await super()._set_my_commands(params)


async def test_a_refused_command_menu_does_not_stop_the_bot(site, clock, sqlite_url, caplog):
    # The menus are a convenience: one language's 400 must not keep the bot from answering.
    async with RefusesTheUrduMenu() as tg:
        async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
            (hello,) = await bot.say(USER, "/start")
            assert hello.text.startswith("Hello"), hello.text
            client = Bot(tg.token, base_url=tg.base_url, request=HTTPXRequest())
            async with client:
                spanish = await client.get_my_commands(language_code="es")
                urdu = await client.get_my_commands(language_code="ur")
    assert spanish and not urdu  # the languages after the refused one still got theirs
    assert "command menu in ur" in caplog.text


# --- every kind of message, in every language, sent through the fake Bot API -------------------

VIEW = ArticleView(
    id=7,
    title="Istanbul talks resume between Pakistan and Afghanistan",
    summary="Delegations met in Istanbul for a third round of talks.",
    url="https://news.example/a",
    outlet="Dawn",
    published=NOW - timedelta(hours=3),
    clean_url="https://reader.example/r/7?sig=x",
    archive_url="https://web.archive.org/web/2026/https://news.example/a",
)
CHAT = Chat(id=USER, kind="private", timezone="Asia/Karachi", next_digest_at=NOW)
CHANNEL = Chat(id=-1001, kind="channel", title="Daily Wire", digest_frequency="weekly")
TOPIC = Topic(
    id=3, chat_id=USER, query="Pakistan Afghanistan talks", normalized="x", created_at=NOW
)
SOURCE = Source(id=4, url="https://www.dawn.com/feeds/home", title="Dawn", disabled=True)

# Every reply, by name: a new function in bot.replies must be added here (the next test checks).
REPLIES: dict[str, Callable[[], Message | str]] = {
    "admins_only": common.admins_only,
    "slow_down": common.slow_down,
    "sources_unreachable": lambda: common.sources_unreachable(9, 10, NOW, "Asia/Karachi", NOW),
    "not_understood": common.not_understood,
    "article_gone": common.article_gone,
    "error_apology": common.error_apology,
    "welcome": lambda: welcome.welcome("Amna"),
    "welcome_back": lambda: welcome.welcome_back("Amna", 3),
    "type_your_own": welcome.type_your_own,
    "group_welcome": welcome.group_welcome,
    "help_text": welcome.help_text,
    "subscribed": lambda: topics.subscribed("talks", "articles", 2, channel="Wire", thread="X"),
    "topic_moved": lambda: topics.topic_moved("talks", "“Sports”"),
    "topic_error": lambda: topics.topic_error("bad"),
    "subscribe_usage": topics.subscribe_usage,
    "topics_list": lambda: topics.topics_list([TOPIC] * 12, forum=True),
    "breaking_header": lambda: topics.breaking_header("Quake"),
    "unsubscribed": lambda: topics.unsubscribed("talks"),
    "unknown_topic": lambda: topics.unknown_topic("talks"),
    "unsubscribe_usage": topics.unsubscribe_usage,
    "latest_usage": latest.latest_usage,
    "latest_header": lambda: latest.latest_header("talks"),
    "more_header": lambda: latest.more_header("talks", 3),
    "no_more_reports": lambda: latest.no_more_reports("talks"),
    "nothing_found": lambda: latest.nothing_found("Istanbul talks", 5),
    "digest_on_its_way": digests.digest_on_its_way,
    "digest_empty": lambda: digests.digest_empty(had_one=False),
    "nothing_new_note": digests.nothing_new_note,
    "addsource_usage": sources.addsource_usage,
    "source_added": lambda: sources.source_added("Dawn", "https://dawn.com", 5, True, channel="W"),
    "source_error": lambda: sources.source_error("bad"),
    "sources_list": lambda: sources.sources_list([SOURCE] * 12, USER, channel="Wire"),
    "removesource_usage": sources.removesource_usage,
    "source_removed": lambda: sources.source_removed("Dawn", "https://dawn.com", channel="W"),
    "unknown_source": lambda: sources.unknown_source("9", 3),
    "opml_imported": lambda: sources.opml_imported(3, 2, 1, 1, channel="Wire"),
    "no_sources_to_export": sources.no_sources_to_export,
    "sources_export_caption": sources.sources_export_caption,
    "source_disabled": lambda: sources.source_disabled("Dawn", "https://d.com", "x", True, "W"),
    "feedback_menu": lambda: feedback.feedback_menu(7, "Talks", "Dawn"),
    "nothing_more_like": lambda: feedback.nothing_more_like("Talks"),
    "settings_menu": lambda: settings_menu.settings_menu(CHAT, now=NOW, search="Urdu (ur)"),
    "settings_error": lambda: settings_words.settings_error("bad"),
    "zone_prompt": lambda: settings_words.zone_prompt((USER, "Amna")),
    "location_prompt": settings_words.location_prompt,
    "zone_set": lambda: settings_words.zone_set(CHAT, "from your location", NOW),
    "setting_changed": lambda: settings_words.setting_changed(CHANNEL, "digest", now=NOW),
    "quiet_added_note": settings_words.quiet_added_note,
    "channel_problem": lambda: channels.channel_problem("bad"),
    "channels_in_private": channels.channels_in_private,
    "connect_usage": channels.connect_usage,
    "channel_connected": lambda: channels.channel_connected("Wire"),
    "managing_now": lambda: channels.managing_now("Wire"),
    "channel_disconnected": lambda: channels.channel_disconnected("Wire"),
    "channels_list": lambda: channels.channels_list([(-1001, "Wire", True), (-1002, "B", False)]),
    "channel_added_offer": lambda: channels.channel_added_offer("Wire", -1001),
    "connect_offer": lambda: channels.connect_offer("Wire", -1001),
}
# Words that go inside other replies (not messages of their own).
PARTS = {"with_line", "local_date", "clock_time", "day_and_time", "thread_label", "command_menu"}


def test_every_reply_is_in_the_rendering_test() -> None:
    modules = (channels, common, digests, feedback, latest, settings_menu, sources, topics, welcome)
    names = {
        name
        for module in modules
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }
    words = {"describe_schedule", "describe_days", "describe_quiet", "describe_language"}
    helpers = {n for n in names if n.endswith("_line") or n in words} | {
        "zone_prompts",
        "frequency_name",
        "day_name",
        "short_day",
        "on_off",
        "days_label",
        "weekday_index",
        "plus_12h",
        "local_now",
        "channel_banner",
    }
    assert names - set(REPLIES) - PARTS - helpers == set()


def everything() -> list[Message]:
    """Every reply, every settings screen, briefings, a digest, a story, an alert."""
    messages: list[Message] = []
    for make in REPLIES.values():
        made = make()
        messages.append(made if isinstance(made, Message) else Message(made))
    for chat in (CHAT, CHANNEL):
        for view in settings_menu.SETTINGS_VIEWS:
            messages.append(settings_menu.settings_menu(chat, view, now=NOW, private=False))
    messages += render_briefing(latest.latest_header("talks"), [VIEW, VIEW], "Asia/Karachi")
    messages += render_digest([("Pakistan Afghanistan talks", [VIEW] * 3)], "UTC", title="Digest")
    coverage = coverage_line(7, NOW - timedelta(hours=5), NOW, NOW, "Asia/Karachi")
    timeline = [TimelineEntry(NOW - timedelta(hours=h), "Talks", "Dawn") for h in range(4)]
    messages.append(
        render_story(
            story_id=1,
            headline="Talks",
            coverage=coverage,
            what_is_new="More delegations arrived.",
            seen_before=True,
            new_count=2,
            timeline=timeline,
            top=[VIEW],
            zone="Asia/Karachi",
        )
    )
    messages += render_story_update("Talks", coverage, [VIEW], "UTC", 1, title="⚡ x", follow=True)
    return messages


@pytest.mark.parametrize("code", LOCALES)
async def test_every_message_in_every_language_is_within_telegram_limits(
    tg: FakeTelegram, code: str
) -> None:
    tg.user_says(USER, "hi")  # the chat exists in the fake
    with use_locale(code):
        messages = everything()
    client = Bot(tg.token, base_url=tg.base_url, request=HTTPXRequest())
    async with client:
        for message in messages:
            check_message(message)
            await client.send_message(
                USER, message.html, parse_mode=ParseMode.HTML, reply_markup=keyboard_of(message)
            )
    assert tg.errors == []
    assert len(tg.messages_to(USER)) == len(messages)
    if code == "ur":  # right-to-left: an English headline sits in its own isolate
        sent = "\n".join(m.html for m in tg.messages_to(USER))
        assert f"{FSI}Istanbul talks resume between Pakistan and Afghanistan{PDI}" in sent


async def test_two_chats_in_two_languages_at_once_never_mix(tg, site, clock, sqlite_url):
    tg.user_languages[USER] = "ur"
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        for _round in range(3):
            tg.user_says(USER, "/help")
            tg.user_says(OTHER, "/help")
        urdu = await tg.wait_for(USER, count=3)
        english = await tg.wait_for(OTHER, count=3)
        assert all("میں کیا کر سکتا ہوں" in m.text for m in urdu)
        assert all(m.text.startswith("What I can do") for m in english)
        await asyncio.sleep(0)
        assert bot.app is not None
    assert tg.errors == []


async def test_errors_raised_in_database_work_speak_the_chats_language(tg, site, clock, sqlite_url):
    # Parsing the days runs inside the database's worker thread: the chat's language must
    # travel there with the rest of the update's context.
    es = translator("es")
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        await bot.say(USER, "/settings language es")
        (refused,) = await bot.say(USER, "/settings days xyz")
        wanted = es.gettext(
            "I don't know the day “{word}”. Name days like mon-fri, "
            "mon wed fri, weekends or every day."
        ).format(word="xyz")
        assert wanted.split("“")[0] in refused.text, refused.text
        assert "I don't know the day" not in refused.text
        await bot.say(USER, "/settings days mon")
        (menu,) = await bot.say(USER, "/settings")
        tg.press(menu.chat_id, menu.message_id, f"set:v:{USER}:days")
        await tg.wait_for_edit(menu.chat_id, menu.message_id)
        # Monday, the only day left: toggling it off is refused (in the worker thread too).
        query_id = tg.press(menu.chat_id, menu.message_id, f"set:d:{USER}:1")
        keep = es.gettext("Keep at least one day — or turn the digest off instead.")
        for _ in range(200):
            if (answer := tg.answered(query_id)) is not None:
                break
            await asyncio.sleep(0.05)
        assert answer is not None and answer.get("text") == keep, answer
        assert not keep.startswith("Keep")
    assert tg.errors == []


def test_the_reading_links_are_in_the_chats_language() -> None:
    with use_locale("ur"):
        (message,) = render_briefing(None, [VIEW], "Asia/Karachi")
    for word in ("Original", "Clean page", "Archive"):
        assert f">{ur(word)}</a>" in message.html and ur(word) != word
    # /help calls them by the same names.
    with use_locale("ur"):
        help_html = welcome.help_text().html
    assert f"<i>{ur('Clean page')}</i>" in help_html
    # Its examples keep their left-to-right order inside the right-to-left text.
    assert f"<code>{FSI}/subscribe Pakistan Afghanistan talks{PDI}</code>" in help_html


def test_each_language_suggests_its_own_topics_and_each_parses() -> None:
    from bot.matching import parse_query

    with use_locale("en"):
        english = {row[0].text for row in welcome.welcome("Amna").buttons[:-1]}
    for code in LOCALES:
        with use_locale(code):
            shown = [row[0].text for row in welcome.welcome("Amna").buttons[:-1]]
        assert len(shown) == 6, (code, shown)
        if code != "en":
            assert not set(shown) & english, (code, shown)
    for topic in welcome.SUGGESTED_TOPICS.values():
        parse_query(topic)  # raises on a topic the bot would refuse


async def test_an_urdu_chat_follows_an_urdu_suggestion(tg, site, clock, sqlite_url):
    tg.user_languages[USER] = "ur"
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (hello,) = await bot.say(USER, "/start", first_name="Amna")
        first, data, _url = hello.buttons()[0]
        assert first == "➕ پاکستان افغانستان مذاکرات", first
        tg.press(USER, hello.message_id, data)
        (confirm,) = await tg.wait_for(USER)
        assert "پاکستان افغانستان مذاکرات" in plain(confirm.text)
        topics = await bot.services.db.run(topics_q.list_topics, USER)
        assert [t.query for t in topics] == ["پاکستان افغانستان مذاکرات"]
    assert tg.errors == []


async def test_language_and_country_names_are_in_the_chats_language(tg, site, clock, sqlite_url):
    tg.user_languages[USER] = "ur"
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_LANGUAGE="en", NEWSBRIEF_REGION="us")
    async with running_bot(tg, site, settings, clock) as bot:
        (answer,) = await bot.say(USER, "/settings lang de")
        assert "جرمن (de)" in plain(answer.text) and "(جرمنی)" in plain(answer.text)
        assert "German" not in answer.text and "region" not in answer.text
        (answer,) = await bot.say(USER, "/subscribe lang:de Bundestag")
        assert "جرمن" in plain(answer.text) and "German" not in answer.text, answer.text
    assert tg.errors == []


def test_spanish_quiet_hours_off_agrees_with_horas() -> None:
    with use_locale("es"):
        line = settings_words.quiet_line(CHAT)
    assert "desactivadas" in line, line
