"""How people talk to the bot: one module per conversation area, wired here like a contents page."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.buttons import catalog as b
from handlers.buttons import ExpiredButtonHandler, on_press
from handlers.channels import (
    FORWARDED_CHANNEL_POSTS,
    bot_promoted_in_channel,
    channel_button,
    channel_press_guard,
    channels_command,
    connect_command,
    disconnect_command,
    forwarded_channel_post,
    manage_command,
)
from handlers.digest import (
    LOCATIONS,
    ZONE_REPLIES,
    digest_command,
    digest_toggle_button,
    location_message,
    prompt_answer,
    settings_button,
    settings_command,
    zone_reply,
)
from handlers.errors import on_error
from handlers.feedback import feedback_button
from handlers.guards import admin_guard, flood_guard
from handlers.language import speak_the_chats_language
from handlers.latest import latest_command, plain_text, story_button
from handlers.more import more_button
from handlers.pages import page_button
from handlers.reading import read_button
from handlers.sources import (
    IMPORTS,
    addsource_command,
    export_command,
    opml_document,
    remove_source_button,
    removesource_command,
    sources_command,
)
from handlers.start import (
    help_command,
    membership_changed,
    start,
    suggested_topic,
    unknown_command,
)
from handlers.stats import stats_command
from handlers.topics import (
    follow_search,
    forum_topic_renamed,
    instant_button,
    subscribe_command,
    topics_command,
    unsubscribe_button,
    unsubscribe_command,
)

# A question the bot asked (a city for the time zone) is answered by text or a location (a
# command instead drops the question).
ANSWERS = filters.TEXT | filters.LOCATION
SETTINGS_BUTTONS = (
    b.SETTINGS_VIEW,
    b.SETTINGS_TIME_STEP,
    b.SETTINGS_TIME,
    b.SETTINGS_ZONE,
    b.SETTINGS_TYPE_CITY,
    b.SETTINGS_SHARE_LOCATION,
    b.SETTINGS_DAY,
    b.SETTINGS_DAYS,
    b.SETTINGS_WEEKLY_DAY,
    b.SETTINGS_FREQUENCY,
    b.SETTINGS_QUIET,
    b.SETTINGS_LANGUAGE,
    b.SETTINGS_INTERFACE,
    b.SETTINGS_NOTE,
)


def register(app: Application) -> None:
    """Every command and button the bot answers."""
    # The flood guard first: what it drops costs no database read (it looks up the chat's
    # language itself for the one refusal it sends).
    app.add_handler(TypeHandler(Update, flood_guard), group=-5)
    # Then the chat's language: every word after it, a guard's too, is in that language.
    app.add_handler(TypeHandler(Update, speak_the_chats_language), group=-4)
    # Guards (groups -3 and -2) may stop an update before any handler sees it.
    app.add_handler(TypeHandler(Update, channel_press_guard), group=-3)
    app.add_handler(TypeHandler(Update, admin_guard), group=-2)
    # Then the answer to a question the bot asked this person (kept in the database).
    app.add_handler(MessageHandler(ANSWERS, prompt_answer), group=-1)
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(  # a second group: membership_changed above sees the same update
        ChatMemberHandler(bot_promoted_in_channel, ChatMemberHandler.MY_CHAT_MEMBER), group=1
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler(["subscribe", "follow"], subscribe_command))
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CommandHandler(["unsubscribe", "unfollow"], unsubscribe_command))
    app.add_handler(CommandHandler("latest", latest_command))
    app.add_handler(CommandHandler("digest", digest_command))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CommandHandler("stats", stats_command))  # operators only, not in the menu
    for kind in (b.READ, b.READ_PAGE):
        app.add_handler(on_press(kind, read_button))
    app.add_handler(on_press(b.UNSUBSCRIBE, unsubscribe_button))
    app.add_handler(on_press(b.FOLLOW_SEARCH, follow_search))
    app.add_handler(on_press(b.DIGEST_ON_OFF, digest_toggle_button))
    for kind in SETTINGS_BUTTONS:
        app.add_handler(on_press(kind, settings_button))
    app.add_handler(on_press(b.SUGGESTED_TOPIC, suggested_topic))
    for kind in (b.OPTIONS, b.WHY_THIS, b.MORE_LIKE_THIS, b.MUTE_STORY_OF, b.MUTE_OUTLET):
        app.add_handler(on_press(kind, feedback_button))
    app.add_handler(on_press(b.TOPIC_ALERTS, instant_button))
    app.add_handler(on_press(b.DIGEST_MORE, more_button))
    for kind in (b.FOLLOW_STORY, b.UNFOLLOW_STORY, b.MUTE_STORY, b.STORY_MORE):
        app.add_handler(on_press(kind, story_button))
    app.add_handler(CommandHandler("addsource", addsource_command))
    app.add_handler(CommandHandler("sources", sources_command))
    app.add_handler(CommandHandler("removesource", removesource_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(on_press(b.REMOVE_SOURCE, remove_source_button))
    app.add_handler(on_press(b.LIST_PAGE, page_button))
    app.add_handler(CommandHandler("connect", connect_command))
    app.add_handler(CommandHandler(["channels", "channel"], channels_command))
    app.add_handler(CommandHandler("manage", manage_command))
    app.add_handler(CommandHandler("disconnect", disconnect_command))
    for kind in (b.MANAGE, b.DISCONNECT, b.CONNECT):
        app.add_handler(on_press(kind, channel_button))
    app.add_handler(ExpiredButtonHandler())  # after every kind: a press none of them accepts
    app.add_handler(MessageHandler(FORWARDED_CHANNEL_POSTS, forwarded_channel_post))
    app.add_handler(MessageHandler(filters.StatusUpdate.FORUM_TOPIC_EDITED, forum_topic_renamed))
    app.add_handler(MessageHandler(IMPORTS, opml_document))  # any other file: ignored
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(LOCATIONS, location_message))
    app.add_handler(MessageHandler(ZONE_REPLIES, zone_reply))  # before plain text: a city answer
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, plain_text)
    )
    app.add_error_handler(on_error)
