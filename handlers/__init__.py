"""How people talk to the bot: one module per conversation area, wired here like a contents page."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

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
    settings_button,
    settings_command,
    zone_reply,
)
from handlers.errors import on_error
from handlers.feedback import feedback_button
from handlers.guards import admin_guard, flood_guard
from handlers.latest import latest_command, plain_text, story_button
from handlers.more import more_button
from handlers.pages import PAGE_PATTERN, page_button
from handlers.reading import read_button
from handlers.sources import (
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
    follow_last_search,
    forum_topic_renamed,
    instant_button,
    subscribe_command,
    topics_command,
    unsubscribe_button,
    unsubscribe_command,
)

# Feed readers export OPML as .opml, some as .xml; anything else sent as a file is not for us.
OPML_FILES = (
    filters.Document.FileExtension("opml")
    | filters.Document.FileExtension("xml")
    | filters.Document.MimeType("text/x-opml")
)


def register(app: Application) -> None:
    """Every command and button the bot answers."""
    # Guards run first (groups -3 to -1) and may stop an update before any handler sees it.
    app.add_handler(TypeHandler(Update, channel_press_guard), group=-3)
    app.add_handler(TypeHandler(Update, flood_guard), group=-2)
    app.add_handler(TypeHandler(Update, admin_guard), group=-1)
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
    app.add_handler(CallbackQueryHandler(read_button, pattern=r"^r[dp]:\d+:\d+$"))
    app.add_handler(CallbackQueryHandler(unsubscribe_button, pattern=r"^unsub:\d+$"))
    app.add_handler(CallbackQueryHandler(follow_last_search, pattern=r"^subq$"))
    app.add_handler(CallbackQueryHandler(digest_toggle_button, pattern=r"^dg:(on|off)$"))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=r"^set:"))
    app.add_handler(CallbackQueryHandler(suggested_topic, pattern=r"^sg:(\d+|own)$"))
    app.add_handler(CallbackQueryHandler(feedback_button, pattern=r"^(fb|wy|ml|ms|mo):\d+$"))
    app.add_handler(CallbackQueryHandler(instant_button, pattern=r"^ti:\d+$"))
    app.add_handler(CallbackQueryHandler(more_button, pattern=r"^dm:\d+$"))
    app.add_handler(CallbackQueryHandler(story_button, pattern=r"^(fs|uf|mu|sm):\d+$"))
    app.add_handler(CommandHandler("addsource", addsource_command))
    app.add_handler(CommandHandler("sources", sources_command))
    app.add_handler(CommandHandler("removesource", removesource_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CallbackQueryHandler(remove_source_button, pattern=r"^src:\d+$"))
    app.add_handler(CallbackQueryHandler(page_button, pattern=PAGE_PATTERN))
    app.add_handler(CommandHandler("connect", connect_command))
    app.add_handler(CommandHandler(["channels", "channel"], channels_command))
    app.add_handler(CommandHandler("manage", manage_command))
    app.add_handler(CommandHandler("disconnect", disconnect_command))
    app.add_handler(CallbackQueryHandler(channel_button, pattern=r"^(mg|dc|cn):(-?\d+|me)$"))
    app.add_handler(MessageHandler(FORWARDED_CHANNEL_POSTS, forwarded_channel_post))
    app.add_handler(MessageHandler(filters.StatusUpdate.FORUM_TOPIC_EDITED, forum_topic_renamed))
    app.add_handler(MessageHandler(OPML_FILES, opml_document))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(LOCATIONS, location_message))
    app.add_handler(MessageHandler(ZONE_REPLIES, zone_reply))  # before plain text: a city answer
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, plain_text)
    )
    app.add_error_handler(on_error)
