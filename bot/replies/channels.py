"""Channels managed from a private chat: /connect, /manage, /channels, /disconnect."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b

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
