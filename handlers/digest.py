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

from bot.briefings import Message
from bot.buttons import Press
from bot.buttons import catalog as b
from bot.digests.schedule import ScheduleError
from bot.i18n import DEFAULT_LOCALE, _, language_name, pgettext, speak
from bot.replies import common as common_replies
from bot.replies import digests as digest_replies
from bot.replies import settings_menu, settings_words
from bot.usecases.chats import parse_on_off
from bot.usecases.language import LanguageError
from bot.usecases.registry import UseCases
from bot.usecases.search_locale import LocaleError, describe
from handlers.buttons import ButtonExpired
from handlers.channels import pressed_target, target_chat
from handlers.common import command_args, edit, reply, sources_line, use_cases
from storage import Chat

Change = Callable[[UseCases, int, str], Awaitable[Chat]]
ZONE_QUESTION = "zone"  # what a pending prompt awaits: a city, a zone or a location
PROMPT_WAIT = timedelta(hours=1)


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the digest now (what's new since the last one)."""
    chat = await target_chat(update, context)
    cases = use_cases(context)
    request = await cases.digests.send_digest(chat.id)
    line = await sources_line(cases, chat)
    if request.still_sending:
        await reply(update, common_replies.with_line(line, digest_replies.digest_on_its_way()))
    elif request.queued == 0:
        empty = digest_replies.digest_empty(had_one=chat.last_digest_at is not None)
        await reply(update, common_replies.with_line(line, empty))
    elif line:  # the digest itself comes from the outbox
        await reply(update, Message(line))


async def _time(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.chats.set_digest_time(chat_id, value)


async def _zone(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.chats.set_timezone(chat_id, value)


async def _days(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.chats.set_days(chat_id, value)


async def _quiet(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.chats.set_quiet_hours(chat_id, value)


async def _note(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.chats.set_nothing_new_note(chat_id, parse_on_off(value or "on"))


async def _language(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.search_locale.set_search_language(chat_id, value)


async def _region(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.search_locale.set_search_region(chat_id, value)


async def _enable(cases: UseCases, chat_id: int, _value: str) -> Chat:
    return await cases.chats.set_digest_enabled(chat_id, True)


async def _disable(cases: UseCases, chat_id: int, _value: str) -> Chat:
    return await cases.chats.set_digest_enabled(chat_id, False)


async def _interface_language(cases: UseCases, chat_id: int, value: str) -> Chat:
    return await cases.language.set_language(chat_id, value)


# `/settings <word> <value>`: the words people use for each setting, and which line of the
# settings the answer confirms.
TYPED: dict[str, tuple[Change, str]] = {
    **dict.fromkeys(("time", "at"), (_time, "digest")),
    **dict.fromkeys(("tz", "zone", "timezone", "city"), (_zone, "zone")),
    **dict.fromkeys(("days", "day", "on-days"), (_days, "digest")),
    **dict.fromkeys(("quiet", "night", "quiet-hours"), (_quiet, "quiet")),
    **dict.fromkeys(("note", "nothing-new", "empty"), (_note, "note")),
    **dict.fromkeys(("lang", "search"), (_language, "search")),
    **dict.fromkeys(("language", "interface", "ui"), (_interface_language, "language")),
    **dict.fromkeys(("region", "country"), (_region, "search")),
    **dict.fromkeys(("off", "stop"), (_disable, "digest")),
    **dict.fromkeys(("on", "start"), (_enable, "digest")),
}
FREQUENCY_WORDS = ("daily", "twice", "weekly", "instant")  # "/settings weekly sunday"
FREQUENCY_KEYS = ("every", "frequency", "freq", "how-often")


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the settings menu, or change one: `/settings tz Karachi`, `days mon-fri`..."""
    chat = await target_chat(update, context)
    cases = use_cases(context)
    what, _sep, value = command_args(context).partition(" ")
    what, value = what.lower(), value.strip()
    notice, changed = None, ""
    try:
        if what in FREQUENCY_WORDS or what in FREQUENCY_KEYS:
            wanted = f"{what} {value}" if what in FREQUENCY_WORDS else value
            chat, quiet_added = await cases.chats.set_frequency(chat.id, wanted)
            notice = settings_words.quiet_added_note(typed=True) if quiet_added else None
            changed = "digest"
        elif what in TYPED:
            change, changed = TYPED[what]
            chat = await change(cases, chat.id, value)
        elif what:
            raise ScheduleError(
                _(
                    "I don't have a setting called “{what}”. Use time, tz, days, every, quiet, "
                    "note, language, lang, region, on or off — for example /settings tz Karachi."
                ).format(what=what[:30])
            )
    except (ScheduleError, LocaleError, LanguageError) as exc:
        await reply(update, settings_words.settings_error(str(exc)))
        return
    if changed == "language":
        _speak_if_here(update, chat)
    if not changed:
        await reply(update, _menu(cases, chat, "main", _is_private(update)))
        return
    confirmation = settings_words.setting_changed(
        chat,
        changed,
        search=describe(*cases.search_locale.search_locale(chat)),
        now=cases.clock.now(),
        notice=notice,
    )
    await reply(update, confirmation)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """A press in the /settings menu: change a setting or open a screen, then edit in place."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    cases = use_cases(context)
    kind, view, toast = press.kind, "main", ""
    try:
        if kind is b.SETTINGS_VIEW:
            if press["view"] not in settings_menu.SETTINGS_VIEWS:
                raise ButtonExpired
            view = press["view"]
        elif kind is b.SETTINGS_TIME_STEP:
            chat = await cases.chats.shift_digest_time(chat.id, press["minutes"])
            view, toast = "time", _("Digest at {time}").format(time=chat.digest_time)
        elif kind is b.SETTINGS_TIME:
            chat = await cases.chats.set_digest_time(chat.id, press["time"])
            view, toast = "time", _("Digest at {time}").format(time=chat.digest_time)
        elif kind in (b.SETTINGS_TYPE_CITY, b.SETTINGS_SHARE_LOCATION):
            await query.answer()
            await _ask_for_zone(update, context, chat, kind is b.SETTINGS_SHARE_LOCATION)
            return
        elif kind is b.SETTINGS_ZONE:
            chat = await cases.chats.set_timezone(chat.id, press["zone"])
            toast = _("Time zone: {zone}").format(zone=chat.timezone)
        elif kind is b.SETTINGS_DAY:
            chat = await cases.chats.toggle_day(chat.id, press["day"])
            shown = settings_words.describe_days(chat.digest_days)
            view, toast = "days", _("Days: {days}").format(days=shown)
        elif kind is b.SETTINGS_DAYS:
            days = {"all": "every day", "wk": "weekdays", "we": "weekends"}[press["days"]]
            chat = await cases.chats.set_days(chat.id, days)
            shown = settings_words.describe_days(chat.digest_days)
            view, toast = "days", _("Days: {days}").format(days=shown)
        elif kind is b.SETTINGS_WEEKLY_DAY:
            chat = await cases.chats.set_weekly_day(chat.id, press["day"])
            view, toast = "days", settings_words.describe_schedule(chat)
        elif kind is b.SETTINGS_FREQUENCY:
            chat, added = await cases.chats.set_frequency(chat.id, press["frequency"])
            toast = settings_words.frequency_name(chat.digest_frequency)
            if added:
                view, toast = "quiet", f"{toast}. {settings_words.quiet_added_note()}"
            elif chat.digest_frequency == "weekly":
                view, toast = "days", _("{frequency}: pick the day").format(frequency=toast)
        elif kind is b.SETTINGS_QUIET:
            chat = await cases.chats.set_quiet_hours(chat.id, press["quiet"])
            toast = _("Quiet hours: {hours}").format(
                hours=settings_words.describe_quiet(chat.quiet_hours)
            )
        elif kind is b.SETTINGS_LANGUAGE:
            chat = await cases.search_locale.set_search_language(chat.id, press["language"])
            toast = _("News search language: {language}").format(
                language=chat.language or _("default")
            )
        elif kind is b.SETTINGS_INTERFACE:
            chat = await cases.language.set_language(chat.id, press["language"])
            _speak_if_here(update, chat)
            toast = language_name(chat.interface_language or DEFAULT_LOCALE)
        elif kind is b.SETTINGS_NOTE:
            chat = await cases.chats.set_nothing_new_note(chat.id, not chat.nothing_new_note)
            toast = _("“Nothing new” note {state}").format(
                state=settings_words.on_off(chat.nothing_new_note)
            )
    except (ScheduleError, LocaleError, LanguageError) as exc:
        await query.answer(str(exc)[:200], show_alert=True)
        return
    await query.answer(toast[:200] or None)
    await edit(query, _menu(cases, chat, view, _is_private(update)))


async def digest_toggle_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press
) -> None:
    """The on/off button under /settings."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    enabled = press["state"] == "on"
    chat = await use_cases(context).chats.set_digest_enabled(chat.id, enabled)
    await query.answer(_("Digest on") if enabled else _("Digest off"))
    await edit(query, _menu(use_cases(context), chat, "main", _is_private(update)))


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
    cases = use_cases(context)
    asked = await cases.prompts.pending(message.chat.id, user.id)
    if asked is None:
        return
    if (message.text or "").startswith("/"):
        await cases.prompts.end(message.chat.id, user.id)
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
    cases = use_cases(context)
    try:
        chat = await cases.chats.set_timezone(target_id, text)
    except ScheduleError as exc:
        await reply(update, settings_words.settings_error(str(exc)))
        await _send_zone_question(message, user, location=False)  # still waiting
        return
    if user is not None:
        await cases.prompts.end(message.chat_id, user.id)
    await _send(message, settings_words.zone_set(chat, "", cases.clock.now()), _no_keyboard(update))


async def _zone_located(update: Update, context: ContextTypes.DEFAULT_TYPE, target_id: int) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.location is not None
    cases = use_cases(context)
    where = message.location
    if user is not None:
        await cases.prompts.end(message.chat_id, user.id)
    try:
        chat = await cases.chats.set_timezone_at(target_id, where.latitude, where.longitude)
    except ScheduleError as exc:
        await _send(message, settings_words.settings_error(str(exc)), _no_keyboard(update))
        return
    answer = settings_words.zone_set(chat, "from your location", cases.clock.now())
    await _send(message, answer, _no_keyboard(update))


class _RepliesToZonePrompt(filters.MessageFilter):
    """Replies to the bot's "Which city or time zone are you in?" question."""

    def filter(self, message: TgMessage) -> bool:
        asked = message.reply_to_message
        return bool(
            asked
            and asked.from_user
            and asked.from_user.is_bot
            and (asked.text or "").startswith(settings_words.zone_prompts())
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
    cases = use_cases(context)
    until = cases.clock.now() + PROMPT_WAIT
    await cases.prompts.ask(message.chat_id, user.id, ZONE_QUESTION, target.id, until)
    await _send_zone_question(message, user, location=location and _is_private(update))


async def _send_zone_question(message: TgMessage, user: User | None, *, location: bool) -> None:
    if location:
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton(pgettext("button", "📍 Send my location"), request_location=True)]],
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


def _speak_if_here(update: Update, chat: Chat) -> None:
    """A new language for the chat being talked in: answer in it at once."""
    if update.effective_chat is not None and update.effective_chat.id == chat.id:
        speak(chat.interface_language)


def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _menu(
    cases: UseCases, chat: Chat, view: str, private: bool, notice: str | None = None
) -> Message:
    return settings_menu.settings_menu(
        chat,
        view,
        search=describe(*cases.search_locale.search_locale(chat)),
        now=cases.clock.now(),
        private=private,
        notice=notice,
    )
