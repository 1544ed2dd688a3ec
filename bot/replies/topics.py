"""Following topics: /subscribe, /topics, /unsubscribe and breaking-alert headers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.list_pages import page_buttons, page_label, page_of
from bot.plurals import ngettext
from storage import Topic

# which count twice; then ten of them still fit a page.
MAX_QUERY_SHOWN = 200


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
