"""The bot's own words: every reply that isn't a briefing, as Telegram HTML (user text escaped)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from storage import Chat, Topic

COMMANDS: list[tuple[str, str, str]] = [
    ("start", "What this bot does", "/start"),
    ("subscribe", "Follow a topic", "/subscribe Pakistan Afghanistan talks"),
    ("topics", "Your topics, with buttons to remove them", "/topics"),
    ("unsubscribe", "Stop following a topic", "/unsubscribe ECB rates"),
    ("latest", "The latest on a story", "/latest Istanbul talks"),
    ("digest", "Send my digest now", "/digest"),
    ("settings", "Digest time, time zone, on or off", "/settings time 07:30"),
    ("help", "Every command, with examples", "/help"),
]


def welcome(first_name: str | None) -> Message:
    hello = f"Hello, {esc(clean_text(first_name, 40))}!" if first_name else "Hello!"
    return Message(
        f"{hello} I'm <b>newsbrief</b>: I follow the news on the topics you pick and send you "
        "short, honest briefings — a headline, two or three sentences, the source and time — "
        "with ways to read each article without cookie banners.\n\n"
        "Start by following a topic:\n<code>/subscribe Pakistan Afghanistan talks</code>\n\n"
        "Ask for the latest on a story with <code>/latest Istanbul talks</code>. Your digest "
        "arrives once a day at your local time (set it with /settings). /help lists everything."
    )


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


def settings_text(chat: Chat) -> Message:
    state = "on" if chat.digest_enabled else "off"
    return Message(
        "<b>Your settings</b>\n"
        f"Daily digest: <b>{state}</b>, at <b>{esc(chat.digest_time)}</b> "
        f"(<b>{esc(chat.timezone)}</b>)\n\n"
        "Change them with:\n"
        "<code>/settings time 07:30</code> — digest time (24-hour)\n"
        "<code>/settings tz Asia/Karachi</code> — time zone (IANA name)\n"
        "<code>/settings off</code> or <code>/settings on</code> — stop or resume the digest",
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
