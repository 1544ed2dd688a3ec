"""The bot's own words: every reply that isn't a briefing, as Telegram HTML (user text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.briefings.bounds import (
    MAX_BUTTON_LABEL_CHARS,
    MAX_SOURCE_ERROR_CHARS,
    MAX_SOURCE_NAME_CHARS,
    url_text,
)
from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.digests.schedule import ALL_DAYS, DAY_NAMES, digest_held_by_quiet
from bot.list_pages import page_buttons, page_label, page_of
from bot.plurals import ngettext
from storage import Chat, Source, Topic

COMMANDS: list[tuple[str, str, str]] = [
    ("start", "What this bot does", "/start"),
    ("subscribe", "Follow a topic", "/subscribe Pakistan Afghanistan talks"),
    ("topics", "Your topics, with buttons to remove them", "/topics"),
    ("unsubscribe", "Stop following a topic", "/unsubscribe ECB rates"),
    ("latest", "The latest on a story", "/latest Istanbul talks"),
    ("digest", "Send my digest now", "/digest"),
    (
        "settings",
        "Digest time, time zone, days, how often, quiet hours, search language",
        "/settings tz Karachi",
    ),
    ("addsource", "Read a feed or news site of your own", "/addsource https://www.dawn.com/"),
    ("sources", "Your own sources, with buttons to remove them", "/sources"),
    ("removesource", "Stop reading one of your sources", "/removesource 3"),
    ("export", "Your sources as an OPML file", "/export"),
    ("connect", "Manage a channel of yours from this chat", "/connect @mychannel"),
    ("channels", "Your channels; switch which chat you manage", "/channels"),
    ("help", "Every command, with examples", "/help"),
]


# A topic as /topics lists it: whole (topics are at most 200 characters) unless it is emoji,
# which count twice; then ten of them still fit a page.
MAX_QUERY_SHOWN = 200

# Each suggestion's button carries its key: a list reordered later still follows what it showed.
SUGGESTED_TOPICS = {
    "afpak": "Pakistan Afghanistan talks",
    "ecb": "ECB rates -crypto",
    "climate": '"climate summit" OR COP30',
    "ukraine": "Ukraine ceasefire",
    "ai": "artificial intelligence regulation",
    "who": "World Health Organization",
}
OWN_TOPIC = "own"


def welcome(first_name: str | None) -> Message:
    hello = f"Hello, {esc(clean_text(first_name, 40))}!" if first_name else "Hello!"
    suggestions = [
        [Button(f"➕ {topic}", callback_data=b.SUGGESTED_TOPIC.data(topic=key))]
        for key, topic in SUGGESTED_TOPICS.items()
    ]
    own = b.SUGGESTED_TOPIC.data(topic=OWN_TOPIC)
    suggestions.append([Button("✍️ Type your own", callback_data=own)])
    return Message(
        f"{hello} I'm <b>newsbrief</b>: I follow the news on the topics you pick and send you "
        "short, honest briefings — a headline, two or three sentences, the source and time — "
        "with ways to read each article without cookie banners.\n\n"
        "Start by following a topic:\n<code>/subscribe Pakistan Afghanistan talks</code>\n\n"
        "Ask for the latest on a story with <code>/latest Istanbul talks</code>. Your digest "
        "arrives once a day at your local time (set it with /settings). /help lists everything."
        "\n\nOr pick a suggested topic:",
        suggestions,
    )


def welcome_back(first_name: str | None, topics: int) -> Message:
    """/start from a chat that already follows topics: no first-time tour."""
    hello = f"Welcome back, {esc(clean_text(first_name, 40))}!" if first_name else "Welcome back!"
    follow = ngettext(
        "You follow {n} topic (/topics lists it).",
        "You follow {n} topics (/topics lists them).",
        topics,
    ).format(n=topics)
    return Message(f"{hello} {follow} /digest sends what is new now; /help lists everything.")


def type_your_own() -> Message:
    return Message(
        "Send <code>/subscribe</code> followed by the words to follow, for example "
        "<code>/subscribe Istanbul talks</code>. Quotes make a phrase, <code>-word</code> "
        "excludes, <code>OR</code> gives alternatives."
    )


def group_welcome() -> Message:
    return Message(
        "Hello! I'm <b>newsbrief</b>. I send this group short briefings on the topics it follows "
        "and a daily digest. An admin can start with "
        "<code>/subscribe Pakistan Afghanistan talks</code>; /help lists everything."
    )


def admins_only() -> Message:
    return Message("In a group, only admins can change topics and settings.")


def slow_down() -> Message:
    return Message("That's a lot of commands at once — I'll catch up in a minute. Please wait.")


def help_text() -> Message:
    lines = ["<b>What I can do</b>"]
    for name, desc, example in COMMANDS:
        lines.append(f"/{name} — {esc(desc)}\n   e.g. <code>{esc(example)}</code>")
    lines.append(
        "\n<b>Topics</b> are words that must all appear: <code>ECB rates -crypto</code> "
        '(minus excludes), <code>"climate summit" OR COP30</code> (quotes for phrases, OR for '
        "alternatives), <code>site:dawn.com Istanbul</code>, <code>lang:de Bundestag</code>. "
        "Case and accents don't matter: Turkiye finds Türkiye.\n\n"
        "<b>Reading options</b> under each article: <i>Read here</i> (the text in this chat), "
        "<i>Clean page</i> (a page without cookies or scripts), <i>Archive</i> (the Wayback "
        "Machine copy) and the original link."
    )
    lines.append(
        "\n<b>Groups and channels.</b> In a group, only admins change topics and settings. In a "
        "group with topics (a forum), <code>/subscribe</code> sent inside a topic sends that "
        "subscription's news there; send it again in another topic to move it. To run a "
        "channel, add me as its admin who can post, then here: <code>/connect @mychannel</code>. "
        "/subscribe, /topics, /unsubscribe, /settings, /digest, /addsource and /sources then "
        "change the channel; <code>/manage me</code> goes back to this chat, /channels "
        "switches, /disconnect ends it."
    )
    return Message("\n".join(lines))


def subscribed(
    query_text: str,
    description: str,
    found: int,
    *,
    channel: str | None = None,
    thread: str | None = None,
) -> Message:
    """`channel`: the managed channel's name; `thread`: where a forum sends the news."""
    who = f"<b>{esc(clean_text(channel, 60))}</b> now follows" if channel else "You now follow"
    text = f"✅ {who} <b>{esc(query_text)}</b>.\nI'll match {esc(description)}."
    if thread:
        text += f"\nIts news goes to {esc(thread)}."
    digest = "the channel's next digest" if channel else "your digest"
    if found and channel:
        text += "\n\n" + ngettext(
            "The latest one already in (it'll be in {digest}):",
            "The latest {n} already in (they'll be in {digest}):",
            found,
        ).format(n=found, digest=digest)
    elif found:
        text += "\n\n" + ngettext(
            "Here is the latest one already in:", "Here are the latest {n} already in:", found
        ).format(n=found)
    else:
        text += f"\n\nNothing stored matches yet; new articles will come in {digest}."
    return Message(text)


def topic_moved(query_text: str, thread: str) -> Message:
    """A followed topic re-subscribed in another forum topic: its news goes there now."""
    return Message(f"↪️ <b>{esc(query_text)}</b> now goes to {esc(thread)}.")


def thread_label(thread_id: int | None, name: str | None) -> str:
    """A forum topic as replies name it (plain text): “Sports”, or General."""
    if thread_id is None:
        return "General"
    return f"“{clean_text(name, 60)}”" if name else f"topic #{thread_id}"


def topic_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def subscribe_usage() -> Message:
    return Message(
        "Tell me what to follow, for example:\n<code>/subscribe Pakistan Afghanistan talks</code>"
        "\n<code>/subscribe ECB rates -crypto</code>"
    )


def topics_list(
    topics: Sequence[Topic], *, channel: str | None = None, forum: bool = False, page: int = 0
) -> Message:
    """Page `page` of the chat's topics. `channel`: the managed channel's name; `forum`: say
    which forum topic each goes to."""
    name = esc(clean_text(channel, 60)) if channel else ""
    if not topics:
        who = f"<b>{name}</b> doesn't" if channel else "You don't"
        return Message(
            f"{who} follow any topics yet. Try <code>/subscribe Pakistan Afghanistan talks</code>."
        )
    shown = page_of(topics, page)
    head = f"<b>Topics of {name}</b>" if channel else "<b>Your topics</b>"
    lines = [f"{head} ({len(topics)}){page_label(shown)}"]
    for i, t in enumerate(shown.items, start=shown.start + 1):
        where = f" → {esc(thread_label(t.message_thread_id, t.thread_name))}" if forum else ""
        alert = " ⚡" if t.instant else ""
        lines.append(f"{i}. {esc(clean_text(t.query, MAX_QUERY_SHOWN))}{where}{alert}")
    lines.append(
        "\n✖ stops following a topic. ⚡ turns on breaking alerts: a story that several "
        "outlets report within an hour comes at once (outside quiet hours)."
    )
    buttons = [
        [
            Button(
                f"✖ {clean_text(t.query, 32)}",
                callback_data=b.UNSUBSCRIBE.data(chat=t.chat_id, topic=t.id),
            ),
            Button(
                "⚡ Alerts on" if not t.instant else "⚡ Alerts off",
                callback_data=b.TOPIC_ALERTS.data(chat=t.chat_id, topic=t.id),
            ),
        ]
        for t in shown.items
    ]
    # Whose list it is, like the ✖ buttons: every topic listed is of the same chat.
    nav = page_buttons("topics", shown.items[0].chat_id, shown)
    return Message("\n".join(lines), [*buttons, nav] if nav else buttons)


def breaking_header(headline: str) -> str:
    return f"⚡ Breaking: {clean_text(headline, 200)}"


def unsubscribed(query_text: str) -> Message:
    return Message(f"Stopped following <b>{esc(query_text)}</b>.")


def unknown_topic(text: str) -> Message:
    return Message(
        f"You don't follow “{esc(clean_text(text, 100))}”. /topics lists what you follow."
    )


def unsubscribe_usage() -> Message:
    return Message("Which topic? For example <code>/unsubscribe ECB rates</code>, or use /topics.")


def latest_usage() -> Message:
    return Message("What story? For example <code>/latest Istanbul talks</code>.")


def latest_header(query_text: str) -> str:
    return f"The latest on “{clean_text(query_text, 100)}”"


def more_header(headline: str, total: int) -> str:
    return ngettext(
        "{n} more report on “{headline}”",
        "{n} more reports on “{headline}”, newest first",
        total,
    ).format(n=total, headline=clean_text(headline, 120))


def no_more_reports(headline: str) -> Message:
    """➕ More on a story whose every report was shown above."""
    return Message(f"That's every report on “{esc(clean_text(headline, 120))}” — all shown above.")


def nothing_found(query_text: str, search_ref: int) -> Message:
    """`search_ref`: the stored search the Follow button names."""
    return Message(
        f"I have nothing on <b>{esc(clean_text(query_text, 100))}</b> from the last two weeks. "
        f"{_broader(query_text)}Or follow the topic and I'll send what comes in.",
        [[Button("🔔 Follow this topic", callback_data=b.FOLLOW_SEARCH.data(ref=search_ref))]],
    )


def _broader(query_text: str) -> str:
    words = query_text.split()
    if len(words) < 2:
        return "Try other words. "
    shorter = esc(clean_text(" ".join(words[:-1]), 80))
    return f"Try fewer or broader words, for example <code>/latest {shorter}</code>. "


def digest_on_its_way() -> Message:
    return Message("Your digest is on its way — it will arrive in a moment.")


def digest_empty(*, had_one: bool = True) -> Message:
    """/digest with nothing to send; `had_one`: whether the chat ever got a digest."""
    if not had_one:
        return Message(
            "Nothing new for your topics yet: what I had when you subscribed was in my answer "
            "then. New articles will come in your digest. /topics shows what you follow."
        )
    return Message(
        "Nothing new for your topics since your last digest. /topics shows what you follow."
    )


def nothing_new_note() -> Message:
    """Sent at digest time instead of silence, for chats that asked for it."""
    return Message(
        "Nothing new on your topics since your last digest. "
        "(You asked me to say so; <code>/settings note off</code> turns these notes off.)"
    )


def settings_text(chat: Chat, search_locale: str | None = None) -> Message:
    """The chat's settings with the menu; ``search_locale`` describes its news-search locale."""
    return settings_menu(chat, "main", search=search_locale)


def settings_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def not_understood() -> Message:
    return Message("I didn't understand that. /help lists what I can do.")


def article_gone() -> Message:
    return Message("That article is no longer stored.")


def error_apology() -> Message:
    return Message("Sorry, something went wrong on my side. Please try again in a minute.")


# --- sources a chat adds -----------------------------------------------------------------------


def addsource_usage() -> Message:
    return Message(
        "Send the address of a feed or a news site, for example:\n"
        "<code>/addsource https://www.dawn.com/feeds/home</code>\n"
        "<code>/addsource https://tolonews.com/</code> (I find the site's feed)\n\n"
        "Or send me an OPML file exported from a feed reader to add all its feeds."
    )


def source_added(
    title: str | None, url: str, items: int, found_on_page: bool, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the source was added to it."""
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    how = f"I found its feed: {esc(url_text(url))}\n" if found_on_page else ""
    where = f" to the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    after = (
        "new articles that match the channel's topics will come in its digest. /sources lists them."
        if channel
        else "new articles that match your topics will come in your digest. /sources lists yours."
    )
    return Message(
        f"✅ Added <b>{name}</b>{where}.\n{how}"
        + ngettext("It has {n} item now; ", "It has {n} items now; ", items).format(n=items)
        + after
    )


def source_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def sources_list(
    sources: Sequence[Source], chat_id: int, *, channel: str | None = None, page: int = 0
) -> Message:
    """Page `page` of the sources of `chat_id`. `channel`: the managed channel's name, when
    these are its sources."""
    name = esc(clean_text(channel, 60)) if channel else ""
    if not sources:
        mine = "You haven't added any sources of your own"
        who = f"<b>{name}</b> has no sources of its own" if channel else mine
        whose = "its" if channel else "your"
        return Message(
            f"{who}. I read a list of reputable world and regional outlets and search the news "
            f"for {whose} topics; add more with <code>/addsource https://www.dawn.com/</code> or "
            "by sending me an OPML file."
        )
    shown = page_of(sources, page)
    head = f"<b>Sources of {name}</b>" if channel else "<b>Your sources</b>"
    lines = [f"{head} ({len(sources)}){page_label(shown)}"]
    for i, source in enumerate(shown.items, start=shown.start + 1):
        title = esc(clean_text(source.title or source.url, MAX_SOURCE_NAME_CHARS))
        error = clean_text(source.last_error, MAX_SOURCE_NAME_CHARS)
        state = f" — <i>stopped: {esc(error)}</i>"
        lines.append(f"{i}. {title}{state if source.disabled else ''}")
    lines.append(
        "\nTap ✖ to remove a source, or send <code>/removesource</code> and its number. "
        "/export sends them as an OPML file."
    )
    buttons = [
        [
            Button(
                f"✖ {clean_text(s.title or s.url, MAX_BUTTON_LABEL_CHARS)}",
                callback_data=b.REMOVE_SOURCE.data(chat=chat_id, source=s.id),
            )
        ]
        for s in shown.items
    ]
    nav = page_buttons("sources", chat_id, shown)
    return Message("\n".join(lines), [*buttons, nav] if nav else buttons)


def removesource_usage() -> Message:
    return Message(
        "Which source? Send its number in /sources or its address, for example "
        "<code>/removesource 3</code> or <code>/removesource https://www.dawn.com/feeds/home</code>."
    )


def source_removed(title: str | None, url: str, *, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name, when the source was one of its."""
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    whose = f" from the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    return Message(f"Removed <b>{name}</b>{whose}. /sources lists the rest.")


def unknown_source(text: str, count: int, *, channel: str | None = None) -> Message:
    """`text` named none of the chat's `count` sources (`channel`: the managed channel's name)."""
    whose = f"the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else "your sources"
    if not count:
        return Message(f"There is nothing to remove: {whose} are empty. /addsource adds one.")
    if text.strip().isdigit():
        return Message(
            f"There is no source number {esc(clean_text(text, 20))}: you have {count}. "
            "/sources lists them with their numbers."
        )
    return Message(
        f"“{esc(clean_text(text, 100))}” is not one of {whose}. "
        "/sources lists them with their numbers."
    )


def opml_imported(
    added: int, already: int, invalid: int, over_limit: int, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the feeds were added to it."""
    to = f" to <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    added_line = ngettext(
        "📥 Added {n} source{to} from your file.", "📥 Added {n} sources{to} from your file.", added
    )
    lines = [added_line.format(n=added, to=to)]
    if already:
        whose = "the channel's" if channel else "yours"
        lines.append(
            ngettext("{n} was already {whose}.", "{n} were already {whose}.", already).format(
                n=already, whose=whose
            )
        )
    if invalid:
        lines.append(f"{invalid} skipped: not web addresses.")
    if over_limit:
        lines.append(f"{over_limit} left out: a chat can have 100 sources.")
    if added:
        lines.append("I'll read them from the next round; any that don't work, I'll tell you.")
    return Message("\n".join(lines))


def no_sources_to_export(*, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name."""
    if channel:
        return Message(
            f"<b>{esc(clean_text(channel, 60))}</b> has no sources of its own to export. "
            "Add one with /addsource."
        )
    return Message("You have no sources of your own to export. Add one with /addsource.")


def sources_export_caption(*, channel: str | None = None) -> Message:
    """The caption of the /export file; `channel`: the managed channel's name."""
    whose = f"The sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else "Your sources"
    return Message(f"{whose}. Import this file into any feed reader, or send it back to me.")


def source_disabled(
    title: str | None, url: str, reason: str, gone: bool, channel: str | None = None
) -> Message:
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    why = (
        "The site says it is gone for good."
        if gone
        else esc(clean_text(reason, MAX_SOURCE_ERROR_CHARS))
    )
    whose = (
        f"one of the sources of <b>{esc(clean_text(channel, 60))}</b> (/manage it to change them)"
        if channel
        else "one of your sources"
    )
    return Message(
        f"⚠️ I stopped reading <b>{name}</b>, {whose}. {why}\n"
        f"Address: {esc(url_text(url))}\n"
        "Remove it with /removesource or /sources, or add it again with /addsource once it works."
    )


def feedback_menu(article_id: int, title: str, outlet: str) -> Message:
    return Message(
        f"<b>{esc(clean_text(title, 200))}</b>\nWhat would you like to do with this article?",
        [
            [
                Button("❓ Why this?", callback_data=b.WHY_THIS.data(article=article_id)),
                Button(
                    "➕ More like this", callback_data=b.MORE_LIKE_THIS.data(article=article_id)
                ),
            ],
            [
                Button(
                    "🔇 Mute story · 7 days", callback_data=b.MUTE_STORY_OF.data(article=article_id)
                )
            ],
            [
                Button(
                    f"🚫 Mute {clean_text(outlet, 30)} · 30 days",
                    callback_data=b.MUTE_OUTLET.data(article=article_id),
                )
            ],
        ],
    )


def nothing_more_like(title: str) -> Message:
    return Message(
        f"No other outlet has reported on “{esc(clean_text(title, 120))}” yet. "
        "Follow a topic with its key words to hear when they do."
    )


# --- the /settings menu ------------------------------------------------------------------------

SETTINGS_VIEWS = ("main", "time", "zone", "days", "freq", "quiet", "lang")
ZONE_PROMPT = "Which city or time zone are you in?"
TIME_CHOICES = ("06:00", "07:00", "07:30", "08:00", "12:00", "18:00", "20:00", "22:00")
TIME_STEPS = ((-60, "−1 h"), (-15, "−15 min"), (15, "+15 min"), (60, "+1 h"))
ZONE_CHOICES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Berlin", "Europe/Berlin"),
    ("Istanbul", "Europe/Istanbul"),
    ("Dubai", "Asia/Dubai"),
    ("Karachi", "Asia/Karachi"),
    ("Delhi", "Asia/Kolkata"),
    ("New York", "America/New_York"),
    ("Los Angeles", "America/Los_Angeles"),
    ("Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
)
QUIET_CHOICES = ("", "22:00-07:00", "23:00-07:00", "21:00-06:00", "00:00-08:00", "22:00-08:00")
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ur", "اردو"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("default", "Default"),
)
FREQUENCY_NAMES = {
    "daily": "Daily",
    "twice": "Twice daily",
    "weekly": "Weekly",
    "instant": "Instant",
}
_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _back(chat: Chat) -> list[Button]:
    return [Button("« Back", callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="main"))]


_COMMAND_HELP = (
    "<code>/settings time 07:30</code> · <code>tz Karachi</code> · <code>days mon-fri</code> · "
    "<code>every twice</code> (daily, twice, weekly sun, instant) · "
    "<code>quiet 22:00-07:00</code> · <code>note on</code> · <code>lang de</code> · "
    "<code>region PK</code> · <code>off</code> / <code>on</code>"
)


def settings_menu(
    chat: Chat,
    view: str = "main",
    *,
    search: str | None = None,
    now: datetime | None = None,
    private: bool = True,
    notice: str | None = None,
) -> Message:
    """One screen of the /settings menu; every button edits this same message.

    ``notice`` (plain text) goes above the screen: something the change did by itself.
    """
    screen = _settings_screen(chat, view, search, now, private)
    if chat.kind == "channel":
        name = esc(clean_text(chat.title, 60) or "the channel")
        banner = f"📢 Settings of the channel <b>{name}</b> (/manage me: your own)"
        screen = Message(f"{banner}\n\n{screen.html}", screen.buttons)
    if notice:
        return Message(f"ℹ️ {esc(notice)}\n\n{screen.html}", screen.buttons)
    return screen


def _settings_screen(
    chat: Chat, view: str, search: str | None, now: datetime | None, private: bool
) -> Message:
    if view == "time":
        return _time_view(chat)
    if view == "zone":
        return _zone_view(chat, now, private)
    if view == "days":
        return _days_view(chat)
    if view == "freq":
        return _frequency_view(chat)
    if view == "quiet":
        return _quiet_view(chat)
    if view == "lang":
        return _language_view(chat, search)
    return _main_view(chat, search, now)


def describe_schedule(chat: Chat) -> str:
    """'daily at 07:30, weekdays' — plain text."""
    at = chat.digest_time
    if chat.digest_frequency == "twice":
        return f"twice daily at {at} and {_plus_12h(at)}, {describe_days(chat.digest_days)}"
    if chat.digest_frequency == "weekly":
        return f"weekly on {DAY_NAMES[_weekday_index(chat)]}s at {at}"
    if chat.digest_frequency == "instant":
        return f"instant (every 15 minutes when there's news), {describe_days(chat.digest_days)}"
    return f"daily at {at}, {describe_days(chat.digest_days)}"


def describe_days(days: str) -> str:
    """'1234567' -> 'every day', '12345' -> 'weekdays', '135' -> 'Mon, Wed, Fri'."""
    chosen = "".join(sorted(set(days or ALL_DAYS) & set(ALL_DAYS))) or ALL_DAYS
    named = {ALL_DAYS: "every day", "12345": "weekdays", "67": "weekends"}
    return named.get(chosen) or ", ".join(_SHORT_DAYS[int(d) - 1] for d in chosen)


def describe_quiet(quiet_hours: str | None) -> str:
    return quiet_hours.replace("-", "–") if quiet_hours else "off"


def zone_prompt(asked: tuple[int, str] | None = None) -> Message:
    """`asked`: in a group, the (user id, first name) of the one person whose answer counts."""
    text = (
        f"{ZONE_PROMPT} Reply with its name — for example <i>Karachi</i>, <i>New York</i> or "
        "<i>Europe/Berlin</i>."
    )
    if asked is not None:
        user_id, name = asked
        who = esc(clean_text(name, 40)) or "you"
        text += f' (<a href="tg://user?id={user_id}">{who}</a>, your next message here.)'
    return Message(text)


def location_prompt() -> Message:
    return Message(
        "Tap <b>📍 Send my location</b> below and I'll set your time zone from it. "
        "I only look up the zone, offline, and don't keep the location."
    )


def zone_set(chat: Chat, how: str, now: datetime | None = None) -> Message:
    """After a zone was set from a typed city or a shared location (a new message)."""
    local = f" — it's {_local(now, chat.timezone, '%H:%M')} there now" if now else ""
    return Message(
        f"🌍 Time zone set{' ' + esc(how) if how else ''}: <b>{esc(chat.timezone)}</b>{local}.\n"
        f"{_next_line(chat)}\n/settings shows everything else."
    )


def setting_changed(
    chat: Chat,
    what: str,
    *,
    search: str | None = None,
    now: datetime | None = None,
    notice: str | None = None,
) -> Message:
    """The answer to a typed `/settings <what> <value>`: one ✅ line saying what the setting is
    now (not the whole menu), the next digest when that moved, and where the rest is."""
    schedule = (
        f"Digest: <b>{esc(describe_schedule(chat))}</b>"
        if chat.digest_enabled
        else f"Digest: <b>off</b> (when on: {esc(describe_schedule(chat))})"
    )
    if what == "zone":
        local = f" — it's {_local(now, chat.timezone, '%H:%M')} there now" if now else ""
        line = f"Time zone: <b>{esc(chat.timezone)}</b>{local}"
    elif what == "quiet":
        line = f"Quiet hours: <b>{describe_quiet(chat.quiet_hours)}</b>"
    elif what == "note":
        line = f"“Nothing new” note: <b>{'on' if chat.nothing_new_note else 'off'}</b>"
    elif what == "search":
        line = f"News search: <b>{esc(search or 'default')}</b>"
    else:
        line = schedule
    lines = [f"✅ {line}"]
    if notice:
        lines.append(f"ℹ️ {esc(notice)}")
    if chat.digest_enabled and what != "search":
        lines.append(_next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(
                f"⚠️ {esc(chat.digest_time)} is inside your quiet hours, so the digest comes "
                "when they end."
            )
    lines.append("/settings shows everything else.")
    text = "\n".join(lines)
    if chat.kind == "channel":
        name = esc(clean_text(chat.title, 60) or "the channel")
        text = f"📢 Settings of the channel <b>{name}</b> (/manage me: your own)\n{text}"
    return Message(text)


def quiet_added_note(*, typed: bool = False) -> str:
    change = "/settings quiet off undoes it" if typed else "change them below"
    return f"Instant news waits for morning: I set quiet hours 22:00–07:00 ({change})."


def _main_view(chat: Chat, search: str | None, now: datetime | None) -> Message:
    state = (
        f"<b>{esc(describe_schedule(chat))}</b>"
        if chat.digest_enabled
        else f"<b>off</b> (when on: {esc(describe_schedule(chat))})"
    )
    local = f" — it's {_local(now, chat.timezone, '%H:%M')} there now" if now else ""
    lines = [
        "<b>⚙️ Your settings</b>",
        f"Digest: {state}",
        f"Time zone: <b>{esc(chat.timezone)}</b>{local}",
        f"Quiet hours: <b>{describe_quiet(chat.quiet_hours)}</b>",
        f"“Nothing new” note: <b>{'on' if chat.nothing_new_note else 'off'}</b>",
    ]
    if search:
        lines.append(f"News search: <b>{esc(search)}</b>")
    if chat.digest_enabled:
        lines.append(_next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(
                f"⚠️ {esc(chat.digest_time)} is inside your quiet hours, so the digest comes "
                "when they end."
            )
    lines.append(f"\nTap a button, or type: {_COMMAND_HELP}")
    short_zone = chat.timezone.rsplit("/", 1)[-1].replace("_", " ")
    buttons = [
        [
            Button(
                f"🕖 Time · {chat.digest_time}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="time"),
            ),
            Button(
                f"🌍 Zone · {clean_text(short_zone, 20)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="zone"),
            ),
        ],
        [
            Button(
                f"📅 Days · {_days_label(chat)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="days"),
            ),
            Button(
                f"🔁 {FREQUENCY_NAMES.get(chat.digest_frequency, 'Daily')}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="freq"),
            ),
        ],
        [
            Button(
                f"🌙 Quiet · {describe_quiet(chat.quiet_hours)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="quiet"),
            ),
            Button(
                f"🔎 Language · {chat.language or 'default'}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="lang"),
            ),
        ],
        [
            Button(
                f"📭 “Nothing new” note · {'on' if chat.nothing_new_note else 'off'}",
                callback_data=b.SETTINGS_NOTE.data(chat=chat.id),
            )
        ],
        [
            Button(
                "⏸ Turn digest off" if chat.digest_enabled else "▶️ Turn digest on",
                callback_data=b.DIGEST_ON_OFF.data(
                    chat=chat.id, state="off" if chat.digest_enabled else "on"
                ),
            )
        ],
    ]
    return Message("\n".join(lines), buttons)


def _time_view(chat: Chat) -> Message:
    text = (
        f"<b>🕖 Digest time</b>: <b>{esc(chat.digest_time)}</b> ({esc(chat.timezone)})\n"
        "Step it with the buttons, pick one, or type <code>/settings time 07:45</code>."
    )
    if chat.digest_frequency == "twice":
        text += f"\nThe second digest comes 12 hours later, at {_plus_12h(chat.digest_time)}."
    steps = [
        Button(label, callback_data=b.SETTINGS_TIME_STEP.data(chat=chat.id, minutes=minutes))
        for minutes, label in TIME_STEPS
    ]
    picks = [
        Button(
            ("✅ " if at == chat.digest_time else "") + at,
            callback_data=b.SETTINGS_TIME.data(chat=chat.id, time=at.replace(":", "")),
        )
        for at in TIME_CHOICES
    ]
    return Message(text, [steps, picks[:4], picks[4:], _back(chat)])


def _zone_view(chat: Chat, now: datetime | None, private: bool) -> Message:
    local = f" — it's {_local(now, chat.timezone, '%H:%M')} there now" if now else ""
    how = (
        "Pick one, tap <b>Type a city</b>, or share your location."
        if private
        else "Pick one, tap <b>Type a city</b>, or type <code>/settings tz</code> and a city, "
        "for example <code>/settings tz Karachi</code>."
    )
    text = f"<b>🌍 Time zone</b>: <b>{esc(chat.timezone)}</b>{local}\n{how}"
    picks = [
        Button(
            ("✅ " if zone == chat.timezone else "") + label,
            callback_data=b.SETTINGS_ZONE.data(chat=chat.id, zone=zone),
        )
        for label, zone in ZONE_CHOICES
    ]
    rows = [picks[i : i + 3] for i in range(0, len(picks), 3)]
    # Telegram asks for a location only in private chats; a city can be typed anywhere.
    typed = Button("✍️ Type a city", callback_data=b.SETTINGS_TYPE_CITY.data(chat=chat.id))
    located = Button(
        "📍 Share location", callback_data=b.SETTINGS_SHARE_LOCATION.data(chat=chat.id)
    )
    rows.append([typed, located] if private else [typed])
    return Message(text, [*rows, _back(chat)])


def _days_view(chat: Chat) -> Message:
    if chat.digest_frequency == "weekly":
        day = _weekday_index(chat)
        picks = [
            Button(
                ("🔘 " if i == day else "") + name,
                callback_data=b.SETTINGS_WEEKLY_DAY.data(chat=chat.id, day=i + 1),
            )
            for i, name in enumerate(_SHORT_DAYS)
        ]
        text = (
            f"<b>📅 Weekly digest day</b>: <b>{DAY_NAMES[day]}</b>\n"
            "Pick the day, or type <code>/settings days sunday</code>."
        )
        return Message(text, [picks[:4], picks[4:], _back(chat)])
    chosen = set(chat.digest_days or ALL_DAYS)
    toggles = [
        Button(
            ("✅ " if str(i + 1) in chosen else "▫️ ") + name,
            callback_data=b.SETTINGS_DAY.data(chat=chat.id, day=i + 1),
        )
        for i, name in enumerate(_SHORT_DAYS)
    ]
    text = (
        f"<b>📅 Digest days</b>: <b>{describe_days(chat.digest_days)}</b>\n"
        "Tap a day to add or drop it, or type <code>/settings days mon-fri</code>."
    )
    shortcuts = [
        Button("Every day", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="all")),
        Button("Weekdays", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="wk")),
        Button("Weekends", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="we")),
    ]
    return Message(text, [toggles[:4], toggles[4:], shortcuts, _back(chat)])


def _frequency_view(chat: Chat) -> Message:
    text = (
        f"<b>🔁 How often</b>: <b>{FREQUENCY_NAMES.get(chat.digest_frequency, 'Daily')}</b>\n"
        f"Daily: at {esc(chat.digest_time)}. Twice daily: at {esc(chat.digest_time)} and "
        f"{_plus_12h(chat.digest_time)}. Weekly: on one day (pick it under Days). Instant: "
        "every 15 minutes when there is news, outside quiet hours."
    )
    picks = [
        Button(
            ("🔘 " if key == chat.digest_frequency else "") + name,
            callback_data=b.SETTINGS_FREQUENCY.data(chat=chat.id, frequency=key),
        )
        for key, name in FREQUENCY_NAMES.items()
    ]
    return Message(text, [picks[:2], picks[2:], _back(chat)])


def _quiet_view(chat: Chat) -> Message:
    text = (
        f"<b>🌙 Quiet hours</b>: <b>{describe_quiet(chat.quiet_hours)}</b>\n"
        "Nothing is sent during quiet hours: digests and instant news wait until they end. "
        "Other times: <code>/settings quiet 22:30-06:30</code>."
    )
    picks = [
        Button(
            ("✅ " if (chat.quiet_hours or "") == quiet else "") + describe_quiet(quiet),
            callback_data=b.SETTINGS_QUIET.data(
                chat=chat.id, quiet=quiet.replace(":", "") or "off"
            ),
        )
        for quiet in QUIET_CHOICES
    ]
    return Message(text, [picks[:3], picks[3:], _back(chat)])


def _language_view(chat: Chat, search: str | None) -> Message:
    now = f": <b>{esc(search)}</b>" if search else ""
    text = (
        f"<b>🔎 Language of news searches</b>{now}\n"
        "The language (and region) I ask news search engines for. Other languages: "
        "<code>/settings lang pt-BR</code>; the country: <code>/settings region PK</code>."
    )
    current = chat.language or "default"
    picks = [
        Button(
            ("✅ " if code == current else "") + name,
            callback_data=b.SETTINGS_LANGUAGE.data(chat=chat.id, language=code),
        )
        for code, name in LANGUAGE_CHOICES
    ]
    return Message(text, [picks[:3], picks[3:6], picks[6:], _back(chat)])


def _days_label(chat: Chat) -> str:
    if chat.digest_frequency == "weekly":
        return _SHORT_DAYS[_weekday_index(chat)]
    return describe_days(chat.digest_days)


def _weekday_index(chat: Chat) -> int:
    return (chat.weekly_day - 1) if 1 <= (chat.weekly_day or 0) <= 7 else 0


def _plus_12h(hhmm: str) -> str:
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))
    except ValueError:
        return "?"
    return f"{(hours + 12) % 24:02d}:{minutes:02d}"


def _next_line(chat: Chat) -> str:
    if not chat.digest_enabled or chat.next_digest_at is None:
        return "Next digest: <b>none</b> (the digest is off)"
    return f"Next digest: <b>{_local(chat.next_digest_at, chat.timezone, '%a %d %b, %H:%M')}</b>"


def _local(when: datetime, zone: str, pattern: str) -> str:
    try:
        return when.astimezone(ZoneInfo(zone)).strftime(pattern)
    except (ZoneInfoNotFoundError, ValueError):
        return when.strftime(pattern) + " UTC"


# --- channels managed from a private chat --------------------------------------------------------


def channel_problem(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def channels_in_private() -> Message:
    return Message(
        "Channels are connected in a private chat with me: open one and send "
        "<code>/connect @yourchannel</code>."
    )


def connect_usage() -> Message:
    return Message(
        "To run a channel's news from here:\n1. Add me to the channel as an administrator "
        "with the right to post messages.\n2. Send <code>/connect @yourchannel</code> (or its "
        "t.me link or id) — or forward me any post from the channel."
    )


def channel_connected(title: str) -> Message:
    name = esc(clean_text(title, 60))
    return Message(
        f"📢 Connected <b>{name}</b>. You're managing it now: /subscribe, /topics, "
        "/unsubscribe, /settings, /digest and /addsource here change the channel, and it "
        "receives the digests.\n<code>/manage me</code> goes back to your own chat; /channels "
        "lists yours."
    )


def managing_now(title: str | None) -> Message:
    if title is None:
        return Message("🏠 Your commands here change your own chat again.")
    return Message(
        f"📢 Managing <b>{esc(clean_text(title, 60))}</b>: /subscribe, /topics, /unsubscribe, "
        "/settings, /digest and /addsource here change the channel. <code>/manage me</code> "
        "switches back."
    )


def channel_disconnected(title: str) -> Message:
    return Message(
        f"Disconnected <b>{esc(clean_text(title, 60))}</b>. It keeps its topics and digests; "
        "connect again any time with /connect, or remove me from the channel to stop them."
    )


def channels_list(channels: Sequence[tuple[int, str, bool]]) -> Message:
    """(channel id, name, managed now) for each connected channel."""
    if not channels:
        return connect_usage()
    managing = next((name for _, name, now in channels if now), None)
    lines = ["<b>Your channels</b>"]
    lines += [f"{'▶️' if now else '•'} {esc(clean_text(name, 60))}" for _, name, now in channels]
    target = f"the channel <b>{esc(clean_text(managing, 60))}</b>" if managing else "this chat"
    lines.append(f"\nYour commands here change {target}.")
    buttons = [
        [
            Button(
                f"{'✅' if now else '📢'} {clean_text(name, 30)}",
                callback_data=b.MANAGE.data(chat=cid),
            ),
            Button("✖ Disconnect", callback_data=b.DISCONNECT.data(chat=cid)),
        ]
        for cid, name, now in channels
    ]
    own = b.MANAGE.data(chat=None)
    buttons.append([Button(f"{'🏠' if managing else '✅'} This chat", callback_data=own)])
    return Message("\n".join(lines), buttons)


def channel_added_offer(title: str, channel_id: int) -> Message:
    """To the person who just made the bot an admin of their channel."""
    name = esc(clean_text(title, 60))
    return Message(
        f"You made me an admin of <b>{name}</b>. Connect it to choose its topics and digest "
        "time from this chat?",
        [
            [
                Button(
                    f"📢 Connect {clean_text(title, 40)}",
                    callback_data=b.CONNECT.data(chat=channel_id),
                )
            ]
        ],
    )


def connect_offer(title: str, channel_id: int) -> Message:
    name = esc(clean_text(title, 60))
    return Message(
        f"That's a post from <b>{name}</b>. Connect the channel to manage its topics and "
        "digests from here? (You need to be its admin, and I need to be one who can post.)",
        [
            [
                Button(
                    f"📢 Connect {clean_text(title, 40)}",
                    callback_data=b.CONNECT.data(chat=channel_id),
                )
            ]
        ],
    )
