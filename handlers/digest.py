"""/digest (now) and /settings: the menu, typed changes, a typed city, a shared location."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import (
    ForceReply,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)
from telegram import Message as TgMessage
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot import chats
from bot.briefings import Message
from bot.buttons import Press
from bot.buttons import catalog as b
from bot.digests.schedule import ScheduleError
from bot.digests.send import send_digest
from bot.replies import common as common_replies
from bot.replies import digests as digest_replies
from bot.replies import settings_menu, settings_words
from bot.services import Services
from bot.sources.search_locale import (
    LocaleError,
    describe,
    search_locale,
    set_search_language,
    set_search_region,
)
from handlers.buttons import ButtonExpired
from handlers.channels import pressed_target, target_chat
from handlers.common import command_args, edit, reply, services_of, sources_line
from storage import Chat, prompts

Change = Callable[[Services, int, str], Awaitable[Chat]]
ZONE_QUESTION = "zone"  # what a pending prompt awaits: a city, a zone or a location
PROMPT_WAIT = timedelta(hours=1)


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the digest now (what's new since the last one)."""
    chat = await target_chat(update, context)
    services = services_of(context)
    request = await send_digest(services, chat.id)
    line = await sources_line(services, chat)
    if request.still_sending:
        await reply(update, common_replies.with_line(line, digest_replies.digest_on_its_way()))
    elif request.queued == 0:
        empty = digest_replies.digest_empty(had_one=chat.last_digest_at is not None)
        await reply(update, common_replies.with_line(line, empty))
    elif line:  # the digest itself comes from the outbox
        await reply(update, Message(line))


async def _note(services: Services, chat_id: int, value: str) -> Chat:
    return await chats.set_nothing_new_note(services, chat_id, chats.parse_on_off(value or "on"))


async def _enable(services: Services, chat_id: int, _value: str) -> Chat:
    return await chats.set_digest_enabled(services, chat_id, True)


async def _disable(services: Services, chat_id: int, _value: str) -> Chat:
    return await chats.set_digest_enabled(services, chat_id, False)


# `/settings <word> <value>`: the words people use for each setting, and which line of the
# settings the answer confirms.
TYPED: dict[str, tuple[Change, str]] = {
    **dict.fromkeys(("time", "at"), (chats.set_digest_time, "digest")),
    **dict.fromkeys(("tz", "zone", "timezone", "city"), (chats.set_timezone, "zone")),
    **dict.fromkeys(("days", "day", "on-days"), (chats.set_days, "digest")),
    **dict.fromkeys(("quiet", "night", "quiet-hours"), (chats.set_quiet_hours, "quiet")),
    **dict.fromkeys(("note", "nothing-new", "empty"), (_note, "note")),
    **dict.fromkeys(("lang", "language"), (set_search_language, "search")),
    **dict.fromkeys(("region", "country"), (set_search_region, "search")),
    **dict.fromkeys(("off", "stop"), (_disable, "digest")),
    **dict.fromkeys(("on", "start"), (_enable, "digest")),
}
FREQUENCY_WORDS = ("daily", "twice", "weekly", "instant")  # "/settings weekly sunday"
FREQUENCY_KEYS = ("every", "frequency", "freq", "how-often")


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the settings menu, or change one: `/settings tz Karachi`, `days mon-fri`..."""
    chat = await target_chat(update, context)
    services = services_of(context)
    what, _, value = command_args(context).partition(" ")
    what, value = what.lower(), value.strip()
    notice, changed = None, ""
    try:
        if what in FREQUENCY_WORDS or what in FREQUENCY_KEYS:
            wanted = f"{what} {value}" if what in FREQUENCY_WORDS else value
            chat, quiet_added = await chats.set_frequency(services, chat.id, wanted)
            notice = settings_words.quiet_added_note(typed=True) if quiet_added else None
            changed = "digest"
        elif what in TYPED:
            change, changed = TYPED[what]
            chat = await change(services, chat.id, value)
        elif what:
            raise ScheduleError(
                f"I don't have a setting called “{what[:30]}”. Use time, tz, days, every, quiet, "
                "note, lang, region, on or off — for example /settings tz Karachi."
            )
    except (ScheduleError, LocaleError) as exc:
        await reply(update, settings_words.settings_error(str(exc)))
        return
    if not changed:
        await reply(update, _menu(services, chat, "main", _is_private(update)))
        return
    confirmation = settings_words.setting_changed(
        chat,
        changed,
        search=describe(*search_locale(services, chat)),
        now=services.clock.now(),
        notice=notice,
    )
    await reply(update, confirmation)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """A press in the /settings menu: change a setting or open a screen, then edit in place."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    services = services_of(context)
    kind, view, toast = press.kind, "main", ""
    try:
        if kind is b.SETTINGS_VIEW:
            if press["view"] not in settings_menu.SETTINGS_VIEWS:
                raise ButtonExpired
            view = press["view"]
        elif kind is b.SETTINGS_TIME_STEP:
            chat = await chats.shift_digest_time(services, chat.id, press["minutes"])
            view, toast = "time", f"Digest at {chat.digest_time}"
        elif kind is b.SETTINGS_TIME:
            chat = await chats.set_digest_time(services, chat.id, press["time"])
            view, toast = "time", f"Digest at {chat.digest_time}"
        elif kind in (b.SETTINGS_TYPE_CITY, b.SETTINGS_SHARE_LOCATION):
            await query.answer()
            await _ask_for_zone(update, context, chat, kind is b.SETTINGS_SHARE_LOCATION)
            return
        elif kind is b.SETTINGS_ZONE:
            chat = await chats.set_timezone(services, chat.id, press["zone"])
            toast = f"Time zone: {chat.timezone}"
        elif kind is b.SETTINGS_DAY:
            chat = await chats.toggle_day(services, chat.id, press["day"])
            view, toast = "days", f"Days: {settings_words.describe_days(chat.digest_days)}"
        elif kind is b.SETTINGS_DAYS:
            days = {"all": "every day", "wk": "weekdays", "we": "weekends"}[press["days"]]
            chat = await chats.set_days(services, chat.id, days)
            view, toast = "days", f"Days: {days}"
        elif kind is b.SETTINGS_WEEKLY_DAY:
            chat = await chats.set_weekly_day(services, chat.id, press["day"])
            view, toast = "days", f"Weekly on {settings_words.DAY_NAMES[chat.weekly_day - 1]}s"
        elif kind is b.SETTINGS_FREQUENCY:
            chat, added = await chats.set_frequency(services, chat.id, press["frequency"])
            toast = settings_words.FREQUENCY_NAMES[chat.digest_frequency]
            if added:
                view, toast = "quiet", f"{toast}. {settings_words.quiet_added_note()}"
            elif chat.digest_frequency == "weekly":
                view, toast = "days", f"{toast}: pick the day"
        elif kind is b.SETTINGS_QUIET:
            chat = await chats.set_quiet_hours(services, chat.id, press["quiet"])
            toast = f"Quiet hours: {settings_words.describe_quiet(chat.quiet_hours)}"
        elif kind is b.SETTINGS_LANGUAGE:
            chat = await set_search_language(services, chat.id, press["language"])
            toast = f"News search language: {chat.language or 'default'}"
        elif kind is b.SETTINGS_NOTE:
            chat = await chats.set_nothing_new_note(services, chat.id, not chat.nothing_new_note)
            toast = f"“Nothing new” note {'on' if chat.nothing_new_note else 'off'}"
    except (ScheduleError, LocaleError) as exc:
        await query.answer(str(exc)[:200], show_alert=True)
        return
    await query.answer(toast[:200] or None)
    await edit(query, _menu(services, chat, view, _is_private(update)))


async def digest_toggle_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press
) -> None:
    """The on/off button under /settings."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    enabled = press["state"] == "on"
    chat = await chats.set_digest_enabled(services_of(context), chat.id, enabled)
    await query.answer("Digest on" if enabled else "Digest off")
    await edit(query, _menu(services_of(context), chat, "main", _is_private(update)))


async def zone_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to "Which city or time zone are you in?" after the question was forgotten (it
    waits an hour): set the zone from it all the same."""
    message = update.effective_message
    assert message is not None
    chat = await target_chat(update, context)
    await _zone_typed(update, context, chat.id, message.text or "")


async def location_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location (private chats): set the time zone there, offline."""
    message = update.effective_message
    assert message is not None and message.location is not None
    chat = await target_chat(update, context)
    await _zone_located(update, context, chat.id)


async def prompt_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text or a location from someone the bot asked a question in this chat (kept in the
    database: it survives a restart): the answer, not a search. A command from them drops the
    question (they moved on); others' messages pass on."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.chat is None:
        return
    services = services_of(context)
    asked = await services.db.run(
        prompts.pending_prompt, message.chat.id, user.id, services.clock.now()
    )
    if asked is None:
        return
    if (message.text or "").startswith("/"):
        await services.db.run(prompts.end_prompt, message.chat.id, user.id)
        return
    if asked.awaiting != ZONE_QUESTION:
        return
    if message.location is not None:
        await _zone_located(update, context, asked.target_chat_id)
    else:
        await _zone_typed(update, context, asked.target_chat_id, message.text or "")
    raise ApplicationHandlerStop


async def _zone_typed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int, text: str
) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None
    services = services_of(context)
    try:
        chat = await chats.set_timezone(services, target_id, text)
    except ScheduleError as exc:
        await reply(update, settings_words.settings_error(str(exc)))
        await _send_zone_question(message, user, location=False)  # still waiting
        return
    if user is not None:
        await services.db.run(prompts.end_prompt, message.chat_id, user.id)
    await _send(
        message, settings_words.zone_set(chat, "", services.clock.now()), _no_keyboard(update)
    )


async def _zone_located(update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.location is not None
    services = services_of(context)
    where = message.location
    if user is not None:
        await services.db.run(prompts.end_prompt, message.chat_id, user.id)
    try:
        chat = await chats.set_timezone_at(services, target_id, where.latitude, where.longitude)
    except ScheduleError as exc:
        await _send(message, settings_words.settings_error(str(exc)), _no_keyboard(update))
        return
    answer = settings_words.zone_set(chat, "from your location", services.clock.now())
    await _send(message, answer, _no_keyboard(update))


class _RepliesToZonePrompt(filters.MessageFilter):
    """Replies to the bot's "Which city or time zone are you in?" question."""

    def filter(self, message: TgMessage) -> bool:
        asked = message.reply_to_message
        return bool(
            asked
            and asked.from_user
            and asked.from_user.is_bot
            and (asked.text or "").startswith(settings_words.ZONE_PROMPT)
        )


ZONE_REPLIES = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & _RepliesToZonePrompt()
LOCATIONS = filters.LOCATION & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


async def _ask_for_zone(
    update: Update, context: ContextTypes.DEFAULT_TYPE, target: Chat, location: bool
) -> None:
    """Ask the presser for their city (or location), and wait for their answer in the database,
    so their next message here is the answer — after a restart too, in a group as well."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = services_of(context)
    until = services.clock.now() + PROMPT_WAIT
    await services.db.run(
        prompts.await_answer, message.chat_id, user.id, ZONE_QUESTION, target.id, until
    )
    await _send_zone_question(message, user, location=location and _is_private(update))


async def _send_zone_question(message: TgMessage, user: User | None, *, location: bool) -> None:
    if location:
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton("📍 Send my location", request_location=True)]],
            one_time_keyboard=True,
            resize_keyboard=True,
        )
        await _send(message, settings_words.location_prompt(), keyboard)
        return
    # In a group: name the person asked, and only their app opens a reply (selective).
    private = message.chat.type == ChatType.PRIVATE
    asked = None if private or user is None else (user.id, user.first_name)
    force = ForceReply(selective=not private, input_field_placeholder="Karachi")
    await _send(message, settings_words.zone_prompt(asked), force)


def _no_keyboard(update: Update) -> ReplyKeyboardRemove | None:
    return ReplyKeyboardRemove() if _is_private(update) else None


async def _send(
    message: TgMessage,
    text: Message,
    markup: ForceReply | ReplyKeyboardMarkup | ReplyKeyboardRemove | None,
) -> None:
    await message.chat.send_message(
        text.html,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        message_thread_id=message.message_thread_id if message.is_topic_message else None,
    )


def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _menu(
    services: Services, chat: Chat, view: str, private: bool, notice: str | None = None
) -> Message:
    return settings_menu.settings_menu(
        chat,
        view,
        search=describe(*search_locale(services, chat)),
        now=services.clock.now(),
        private=private,
        notice=notice,
    )
