"""/digest (now) and /settings (time, zone, on/off, news-search language and region)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import replies
from bot.briefings import Message
from bot.chats import set_digest_enabled, set_digest_time, set_timezone
from bot.digests.schedule import ScheduleError
from bot.digests.send import send_digest
from bot.services import Services
from bot.sources.search_locale import (
    LocaleError,
    describe,
    search_locale,
    set_search_language,
    set_search_region,
)
from handlers.common import chat_of, command_args, edit, reply, services_of
from storage import Chat


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the digest now (what's new since the last one)."""
    chat = await chat_of(update, context)
    sent = await send_digest(services_of(context), context.bot, chat.id, scheduled=False)
    if sent == 0:
        await reply(update, replies.digest_empty())


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the settings, or change one: `time HH:MM`, `tz Area/City`, `off`, `on`."""
    chat = await chat_of(update, context)
    services = services_of(context)
    args = command_args(context).split(maxsplit=1)
    what = args[0].lower() if args else ""
    value = args[1] if len(args) > 1 else ""
    try:
        if what in ("time", "at"):
            chat = await set_digest_time(services, chat.id, value)
        elif what in ("tz", "zone", "timezone"):
            chat = await set_timezone(services, chat.id, value)
        elif what in ("off", "stop"):
            chat = await set_digest_enabled(services, chat.id, False)
        elif what in ("on", "start"):
            chat = await set_digest_enabled(services, chat.id, True)
        elif what in ("lang", "language"):
            chat = await set_search_language(services, chat.id, value)
        elif what in ("region", "country"):
            chat = await set_search_region(services, chat.id, value)
        elif what:
            raise ScheduleError(
                f"I don't have a setting called “{what[:30]}”. "
                "Use time, tz, on, off, lang or region — for example /settings time 07:30."
            )
    except (ScheduleError, LocaleError) as exc:
        await reply(update, replies.settings_error(str(exc)))
        return
    await reply(update, _settings(services, chat))


async def digest_toggle_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The on/off button under /settings."""
    query = update.callback_query
    assert query is not None and query.data is not None
    chat = await chat_of(update, context)
    enabled = query.data == "dg:on"
    chat = await set_digest_enabled(services_of(context), chat.id, enabled)
    await query.answer("Digest on" if enabled else "Digest off")
    await edit(query, _settings(services_of(context), chat))


def _settings(services: Services, chat: Chat) -> Message:
    return replies.settings_text(chat, describe(*search_locale(services, chat)))
