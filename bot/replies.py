"""The bot's own words: every reply that isn't a briefing, as Telegram HTML (user text escaped)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from storage import Chat, Source, Topic

COMMANDS: list[tuple[str, str, str]] = [
    ("start", "What this bot does", "/start"),
    ("subscribe", "Follow a topic", "/subscribe Pakistan Afghanistan talks"),
    ("topics", "Your topics, with buttons to remove them", "/topics"),
    ("unsubscribe", "Stop following a topic", "/unsubscribe ECB rates"),
    ("latest", "The latest on a story", "/latest Istanbul talks"),
    ("digest", "Send my digest now", "/digest"),
    ("settings", "Digest time, time zone, search language", "/settings time 07:30"),
    ("addsource", "Read a feed or news site of your own", "/addsource https://www.dawn.com/"),
    ("sources", "Your own sources, with buttons to remove them", "/sources"),
    ("export", "Your sources as an OPML file", "/export"),
    ("help", "Every command, with examples", "/help"),
]


SUGGESTED_TOPICS = [
    "Pakistan Afghanistan talks",
    "ECB rates -crypto",
    '"climate summit" OR COP30',
    "Ukraine ceasefire",
    "artificial intelligence regulation",
    "World Health Organization",
]


def welcome(first_name: str | None) -> Message:
    hello = f"Hello, {esc(clean_text(first_name, 40))}!" if first_name else "Hello!"
    suggestions = [
        [Button(f"➕ {topic}", callback_data=f"sg:{i}")] for i, topic in enumerate(SUGGESTED_TOPICS)
    ]
    suggestions.append([Button("✍️ Type your own", callback_data="sg:own")])
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
    return Message("\n".join(lines))


def subscribed(query_text: str, description: str, found: int) -> Message:
    text = f"✅ You now follow <b>{esc(query_text)}</b>.\nI'll match {esc(description)}."
    if found:
        text += f"\n\nHere {'is' if found == 1 else 'are'} the latest {found} already in:"
    else:
        text += "\n\nNothing stored matches yet; new articles will come in your digest."
    return Message(text)


def topic_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def subscribe_usage() -> Message:
    return Message(
        "Tell me what to follow, for example:\n<code>/subscribe Pakistan Afghanistan talks</code>"
        "\n<code>/subscribe ECB rates -crypto</code>"
    )


def topics_list(topics: Sequence[Topic]) -> Message:
    if not topics:
        return Message(
            "You don't follow any topics yet. Try "
            "<code>/subscribe Pakistan Afghanistan talks</code>."
        )
    lines = [f"<b>Your topics</b> ({len(topics)})"]
    lines += [f"{i}. {esc(t.query)}" for i, t in enumerate(topics, start=1)]
    lines.append("\nTap a button to stop following a topic.")
    buttons = [
        [Button(f"✖ {clean_text(t.query, 40)}", callback_data=f"unsub:{t.id}")] for t in topics
    ]
    return Message("\n".join(lines), buttons)


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
    return f"All {total} reports on “{clean_text(headline, 120)}”, newest first"


def nothing_found(query_text: str) -> Message:
    return Message(
        f"I have nothing on <b>{esc(clean_text(query_text, 100))}</b> from the last two weeks. "
        f"{_broader(query_text)}Or follow the topic and I'll send what comes in.",
        [[Button("🔔 Follow this topic", callback_data="subq")]],
    )


def _broader(query_text: str) -> str:
    words = query_text.split()
    if len(words) < 2:
        return "Try other words. "
    shorter = esc(clean_text(" ".join(words[:-1]), 80))
    return f"Try fewer or broader words, for example <code>/latest {shorter}</code>. "


def digest_empty() -> Message:
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
    """The chat's settings; ``search_locale`` describes its news-search language and region."""
    state = "on" if chat.digest_enabled else "off"
    search = f"News search: <b>{esc(search_locale)}</b>\n" if search_locale else ""
    return Message(
        "<b>Your settings</b>\n"
        f"Daily digest: <b>{state}</b>, at <b>{esc(chat.digest_time)}</b> "
        f"(<b>{esc(chat.timezone)}</b>)\n"
        f"{search}\n"
        "Change them with:\n"
        "<code>/settings time 07:30</code> — digest time (24-hour)\n"
        "<code>/settings tz Asia/Karachi</code> — time zone (IANA name)\n"
        "<code>/settings off</code> or <code>/settings on</code> — stop or resume the digest\n"
        "<code>/settings lang en-GB</code> — language (and region) of news searches\n"
        "<code>/settings region PK</code> — country of news searches",
        [
            [
                Button(
                    "Turn digest " + ("off" if chat.digest_enabled else "on"),
                    callback_data="dg:off" if chat.digest_enabled else "dg:on",
                )
            ]
        ],
    )


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


def source_added(title: str | None, url: str, items: int, found_on_page: bool) -> Message:
    name = esc(clean_text(title or url, 100))
    how = f"I found its feed: {esc(clean_text(url, 200))}\n" if found_on_page else ""
    return Message(
        f"✅ Added <b>{name}</b>.\n{how}It has {items} item{'s' if items != 1 else ''} now; "
        "new articles that match your topics will come in your digest. /sources lists yours."
    )


def source_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def sources_list(sources: Sequence[Source]) -> Message:
    if not sources:
        return Message(
            "You haven't added any sources of your own. I read a list of reputable world and "
            "regional outlets and search the news for your topics; add more with "
            "<code>/addsource https://www.dawn.com/</code> or by sending me an OPML file."
        )
    lines = [f"<b>Your sources</b> ({len(sources)})"]
    for i, source in enumerate(sources, start=1):
        name = esc(clean_text(source.title or source.url, 80))
        state = " — <i>stopped: " + esc(clean_text(source.last_error or "", 80)) + "</i>"
        lines.append(f"{i}. {name}{state if source.disabled else ''}")
    lines.append("\nTap a button to remove a source. /export sends them as an OPML file.")
    buttons = [
        [Button(f"✖ {clean_text(s.title or s.url, 40)}", callback_data=f"src:{s.id}")]
        for s in sources
    ]
    return Message("\n".join(lines), buttons)


def opml_imported(added: int, already: int, invalid: int, over_limit: int) -> Message:
    lines = [f"📥 Added {added} source{'s' if added != 1 else ''} from your file."]
    if already:
        lines.append(f"{already} {'was' if already == 1 else 'were'} already yours.")
    if invalid:
        lines.append(f"{invalid} skipped: not web addresses.")
    if over_limit:
        lines.append(f"{over_limit} left out: a chat can have 100 sources.")
    if added:
        lines.append("I'll read them from the next round; any that don't work, I'll tell you.")
    return Message("\n".join(lines))


def no_sources_to_export() -> Message:
    return Message("You have no sources of your own to export. Add one with /addsource.")


def source_disabled(title: str | None, url: str, reason: str, gone: bool) -> Message:
    name = esc(clean_text(title or url, 100))
    why = "The site says it is gone for good." if gone else esc(clean_text(reason, 200))
    return Message(
        f"⚠️ I stopped reading <b>{name}</b>, one of your sources. {why}\n"
        f"Address: {esc(clean_text(url, 300))}\n"
        "Remove it with /sources, or add it again with /addsource once it works."
    )


def feedback_menu(article_id: int, title: str, outlet: str) -> Message:
    return Message(
        f"<b>{esc(clean_text(title, 200))}</b>\nWhat would you like to do with this article?",
        [
            [
                Button("❓ Why this?", callback_data=f"wy:{article_id}"),
                Button("➕ More like this", callback_data=f"ml:{article_id}"),
            ],
            [Button("🔇 Mute story · 7 days", callback_data=f"ms:{article_id}")],
            [
                Button(
                    f"🚫 Mute {clean_text(outlet, 30)} · 30 days", callback_data=f"mo:{article_id}"
                )
            ],
        ],
    )


def nothing_more_like(title: str) -> Message:
    return Message(
        f"No other outlet has reported on “{esc(clean_text(title, 120))}” yet. "
        "Follow a topic with its key words to hear when they do."
    )
