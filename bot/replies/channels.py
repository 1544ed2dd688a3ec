"""Channels managed from a private chat: /connect, /manage, /channels, /disconnect."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.i18n import _, isolate, pgettext

# --- channels managed from a private chat --------------------------------------------------------


def _name(title: str, limit: int = 60) -> str:
    return isolate(esc(clean_text(title, limit)))


def channel_problem(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def channels_in_private() -> Message:
    return Message(
        _(
            "Channels are connected in a private chat with me: open one and send "
            "<code>/connect @yourchannel</code>."
        )
    )


def connect_usage() -> Message:
    return Message(
        _(
            "To run a channel's news from here:\n1. Add me to the channel as an administrator "
            "with the right to post messages.\n2. Send <code>/connect @yourchannel</code> (or "
            "its t.me link or id) — or forward me any post from the channel."
        )
    )


def channel_connected(title: str) -> Message:
    return Message(
        _(
            "📢 Connected <b>{channel}</b>. You're managing it now: /subscribe, /topics, "
            "/unsubscribe, /settings, /digest and /addsource here change the channel, and it "
            "receives the digests.\n<code>/manage me</code> goes back to your own chat; "
            "/channels lists yours."
        ).format(channel=_name(title))
    )


def managing_now(title: str | None) -> Message:
    if title is None:
        return Message(_("🏠 Your commands here change your own chat again."))
    return Message(
        _(
            "📢 Managing <b>{channel}</b>: /subscribe, /topics, /unsubscribe, /settings, "
            "/digest and /addsource here change the channel. <code>/manage me</code> switches "
            "back."
        ).format(channel=_name(title))
    )


def channel_disconnected(title: str) -> Message:
    return Message(
        _(
            "Disconnected <b>{channel}</b>. It keeps its topics and digests; connect again any "
            "time with /connect, or remove me from the channel to stop them."
        ).format(channel=_name(title))
    )


def channels_list(channels: Sequence[tuple[int, str, bool]]) -> Message:
    """(channel id, name, managed now) for each connected channel."""
    if not channels:
        return connect_usage()
    managing = next((name for _id, name, now in channels if now), None)
    lines = [_("<b>Your channels</b>")]
    lines += [f"{'▶️' if now else '•'} {_name(name)}" for _id, name, now in channels]
    if managing:
        target = _("Your commands here change the channel <b>{channel}</b>.").format(
            channel=_name(managing)
        )
    else:
        target = _("Your commands here change this chat.")
    lines.append(f"\n{target}")
    buttons = [
        [
            Button(
                f"{'✅' if now else '📢'} {clean_text(name, 30)}",
                callback_data=b.MANAGE.data(chat=cid),
            ),
            Button(pgettext("button", "✖ Disconnect"), callback_data=b.DISCONNECT.data(chat=cid)),
        ]
        for cid, name, now in channels
    ]
    own = b.MANAGE.data(chat=None)
    this_chat = pgettext("button", "This chat")
    buttons.append([Button(f"{'🏠' if managing else '✅'} {this_chat}", callback_data=own)])
    return Message("\n".join(lines), buttons)


def _connect_button(title: str, channel_id: int) -> list[list[Button]]:
    label = pgettext("button", "📢 Connect {channel}").format(channel=clean_text(title, 40))
    return [[Button(label, callback_data=b.CONNECT.data(chat=channel_id))]]


def channel_added_offer(title: str, channel_id: int) -> Message:
    """To the person who just made the bot an admin of their channel."""
    return Message(
        _(
            "You made me an admin of <b>{channel}</b>. Connect it to choose its topics and "
            "digest time from this chat?"
        ).format(channel=_name(title)),
        _connect_button(title, channel_id),
    )


def connect_offer(title: str, channel_id: int) -> Message:
    return Message(
        _(
            "That's a post from <b>{channel}</b>. Connect the channel to manage its topics and "
            "digests from here? (You need to be its admin, and I need to be one who can post.)"
        ).format(channel=_name(title)),
        _connect_button(title, channel_id),
    )
