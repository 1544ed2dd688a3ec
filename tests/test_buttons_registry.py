"""Every button comes from the registry (bot.buttons.catalog): the built Application listens
only through declared kinds, each kind has its handler, and what the bot renders parses back."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram.ext import CallbackQueryHandler

from bot.app import build_application
from bot.briefings import ArticleView, render_briefing, render_reading_page
from bot.briefings.story import render_story_update
from bot.buttons import BUTTONS
from bot.replies import channels as channel_replies
from bot.replies import feedback as feedback_replies
from bot.replies import latest as latest_replies
from bot.replies import settings_menu
from bot.replies import sources as source_replies
from bot.replies import topics as topic_replies
from bot.replies import welcome as welcome_replies
from bot.settings import Settings
from handlers.buttons import ButtonHandler, ExpiredButtonHandler
from storage import Chat, Source, Topic

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def built_handlers() -> list[tuple[int, object]]:
    settings = Settings(_env_file=None, TELEGRAM_BOT_TOKEN="123:TEST", DATABASE_URL="sqlite://")
    app = build_application(settings)
    return [(group, h) for group, handlers in sorted(app.handlers.items()) for h in handlers]


def test_every_callback_handler_comes_from_the_registry() -> None:
    handlers = built_handlers()
    presses = [(g, h) for g, h in handlers if isinstance(h, CallbackQueryHandler)]
    kinds = [h.kind for _, h in presses if isinstance(h, ButtonHandler)]
    strays = [
        h
        for _, h in presses
        if not isinstance(h, (ButtonHandler, ExpiredButtonHandler))
        or (isinstance(h, ButtonHandler) and h.kind not in BUTTONS)
    ]
    assert strays == [], "a CallbackQueryHandler outside the registry: it has no permission"
    assert sorted(k.prefix for k in kinds) == sorted(k.prefix for k in BUTTONS), (
        "every declared kind has exactly one handler"
    )
    for _, h in presses:
        if isinstance(h, ButtonHandler):
            assert h.pattern == h.kind.pattern, "the handler listens on the kind's own pattern"
    expired = [(g, h) for g, h in presses if isinstance(h, ExpiredButtonHandler)]
    assert len(expired) == 1
    group = expired[0][0]
    same_group = [h for g, h in handlers if g == group and isinstance(h, CallbackQueryHandler)]
    assert same_group[-1] is expired[0][1], "the catch-all comes after every kind"


def rendered() -> list:
    chat = Chat(id=-1001, kind="supergroup", created_at=NOW, timezone="Asia/Karachi")
    weekly = Chat(id=5, created_at=NOW, digest_frequency="weekly")
    view = ArticleView(
        id=77,
        title="Istanbul talks",
        url="https://dawn.example/a",
        outlet="Dawn",
        published=NOW,
        summary="Talks.",
        clean_url=None,
        archive_url=None,
    )
    messages = [
        welcome_replies.welcome("Ann"),
        topic_replies.topics_list(
            [Topic(id=3, chat_id=5, query="a", normalized="a", created_at=NOW)]
        ),
        source_replies.sources_list([Source(id=4, url="https://x.example/feed")], 5),
        source_replies.sources_list(
            [Source(id=i, url="https://x.example/f") for i in range(30)], 5, page=1
        ),
        feedback_replies.feedback_menu(77, "Title", "dawn.example"),
        latest_replies.nothing_found("volcano", 12),
        channel_replies.channels_list([(-1003000000001, "Wire", True)]),
        channel_replies.connect_offer("Wire", -1003000000001),
        channel_replies.channel_added_offer("Wire", -1003000000001),
        *render_briefing("Head", [view, view], "UTC"),
        render_reading_page(77, "T", "https://dawn.example/a", ["one", "two", "three"], 1),
        *render_story_update("H", "S", [view], "UTC", 9, follow=True),
        *render_story_update("H", "S", [view], "UTC", 9),
    ]
    for c in (chat, weekly):
        for screen in settings_menu.SETTINGS_VIEWS:
            messages.append(settings_menu.settings_menu(c, screen, private=c.kind == "private"))
    return messages


def test_every_rendered_button_parses_to_a_declared_kind() -> None:
    seen = set()
    for message in rendered():
        for row in message.buttons:
            for button in row:
                if button.callback_data is None:
                    continue
                press = BUTTONS.parse(button.callback_data)
                assert press is not None, button
                assert len(button.callback_data.encode()) <= 64
                seen.add(press.kind.prefix)
    assert {"set:zt", "set:zl", "set:q", "set:z", "fq", "mo", "mg", "rp", "pg"} <= seen
