"""Following topics: /subscribe, /topics, /unsubscribe and breaking-alert headers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.i18n import _, isolate, ngettext, pgettext
from bot.replies.list_pages import page_buttons, page_label, page_of
from storage import Topic

# A topic as /topics lists it: whole (topics are at most 200 characters) unless it is emoji,
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
    topic = isolate(esc(query_text))
    if channel:
        name = isolate(esc(clean_text(channel, 60)))
        text = _("✅ <b>{channel}</b> now follows <b>{topic}</b>.").format(
            channel=name, topic=topic
        )
    else:
        text = _("✅ You now follow <b>{topic}</b>.").format(topic=topic)
    text += "\n" + _("I'll match {description}.").format(description=isolate(esc(description)))
    if thread:
        text += "\n" + _("Its news goes to {thread}.").format(thread=isolate(esc(thread)))
    if found and channel:
        text += "\n\n" + ngettext(
            "The latest one already in (it'll be in the channel's next digest):",
            "The latest {n} already in (they'll be in the channel's next digest):",
            found,
        ).format(n=found)
    elif found:
        text += "\n\n" + ngettext(
            "Here is the latest one already in:", "Here are the latest {n} already in:", found
        ).format(n=found)
    elif channel:
        text += "\n\n" + _(
            "Nothing stored matches yet; new articles will come in the channel's next digest."
        )
    else:
        text += "\n\n" + _("Nothing stored matches yet; new articles will come in your digest.")
    return Message(text)


def topic_moved(query_text: str, thread: str) -> Message:
    """A followed topic re-subscribed in another forum topic: its news goes there now."""
    return Message(
        _("↪️ <b>{topic}</b> now goes to {thread}.").format(
            topic=isolate(esc(query_text)), thread=isolate(esc(thread))
        )
    )


def thread_label(thread_id: int | None, name: str | None) -> str:
    """A forum topic as replies name it (plain text): “Sports”, or General."""
    if thread_id is None:
        # TRANSLATORS: the "General" topic of a Telegram group with topics (a forum).
        return _("General")
    if name:
        return f"“{clean_text(name, 60)}”"
    return _("topic #{number}").format(number=thread_id)


def topic_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def subscribe_usage() -> Message:
    return Message(
        _(
            "Tell me what to follow, for example:\n"
            "<code>/subscribe Pakistan Afghanistan talks</code>\n"
            "<code>/subscribe ECB rates -crypto</code>"
        )
    )


def topics_list(
    topics: Sequence[Topic], *, channel: str | None = None, forum: bool = False, page: int = 0
) -> Message:
    """Page `page` of the chat's topics. `channel`: the managed channel's name; `forum`: say
    which forum topic each goes to."""
    name = isolate(esc(clean_text(channel, 60))) if channel else ""
    if not topics:
        if channel:
            text = _(
                "<b>{channel}</b> doesn't follow any topics yet. "
                "Try <code>/subscribe Pakistan Afghanistan talks</code>."
            ).format(channel=name)
        else:
            text = _(
                "You don't follow any topics yet. "
                "Try <code>/subscribe Pakistan Afghanistan talks</code>."
            )
        return Message(text)
    shown = page_of(topics, page)
    head = (
        _("<b>Topics of {channel}</b>").format(channel=name) if channel else _("<b>Your topics</b>")
    )
    lines = [f"{head} ({len(topics)}){page_label(shown)}"]
    for i, t in enumerate(shown.items, start=shown.start + 1):
        where = (
            f" → {isolate(esc(thread_label(t.message_thread_id, t.thread_name)))}" if forum else ""
        )
        alert = " ⚡" if t.instant else ""
        lines.append(f"{i}. {isolate(esc(clean_text(t.query, MAX_QUERY_SHOWN)))}{where}{alert}")
    lines.append(
        "\n"
        + _(
            "✖ stops following a topic. ⚡ turns on breaking alerts: a story that several "
            "outlets report within an hour comes at once (outside quiet hours)."
        )
    )
    buttons = [
        [
            Button(
                f"✖ {clean_text(t.query, 32)}",
                callback_data=b.UNSUBSCRIBE.data(chat=t.chat_id, topic=t.id),
            ),
            Button(
                pgettext("button", "⚡ Alerts on")
                if not t.instant
                else pgettext("button", "⚡ Alerts off"),
                callback_data=b.TOPIC_ALERTS.data(chat=t.chat_id, topic=t.id),
            ),
        ]
        for t in shown.items
    ]
    # Whose list it is, like the ✖ buttons: every topic listed is of the same chat.
    nav = page_buttons("topics", shown.items[0].chat_id, shown)
    return Message("\n".join(lines), [*buttons, nav] if nav else buttons)


def breaking_header(headline: str) -> str:
    return _("⚡ Breaking: {headline}").format(headline=isolate(clean_text(headline, 200)))


def unsubscribed(query_text: str) -> Message:
    return Message(_("Stopped following <b>{topic}</b>.").format(topic=isolate(esc(query_text))))


def unknown_topic(text: str) -> Message:
    return Message(
        _("You don't follow “{topic}”. /topics lists what you follow.").format(
            topic=isolate(esc(clean_text(text, 100)))
        )
    )


def unsubscribe_usage() -> Message:
    return Message(
        _("Which topic? For example <code>/unsubscribe ECB rates</code>, or use /topics.")
    )
